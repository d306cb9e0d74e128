"""The command line stays strict while the editor evaluates partially: a file with an
unconnected extra node is refused, naming the node, by ``eval`` and ``check``."""

from __future__ import annotations

import json

from backprop_studio.cli import main
from backprop_studio.resources_path import example_path


def test_an_incomplete_file_is_refused_naming_the_node(tmp_path, capsys):
    raw = json.loads(example_path("chain_rule").read_text())
    raw["nodes"].append({"id": "stray", "op": "mul", "position": [500.0, 0.0]})
    path = tmp_path / "stray.bpgraph"
    path.write_text(json.dumps(raw))
    for verb in ("eval", "check"):
        assert main([verb, str(path)]) == 2
        err = capsys.readouterr().err
        assert "'stray' (mul) is missing any input" in err
