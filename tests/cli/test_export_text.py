"""``export --pytorch`` writes the script; a graph it cannot export exits 2 with one line."""

from __future__ import annotations

import ast

from backprop_studio.cli import main
from backprop_studio.resources_path import example_path


def test_export_pytorch_writes_a_python_script(tmp_path, capsys):
    out = tmp_path / "xor.py"
    assert main(["export", str(example_path("xor_network")), "--pytorch", str(out)]) == 0
    assert "PyTorch script" in capsys.readouterr().out
    tree = ast.parse(out.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.ClassDef) and n.name == "GraphModel" for n in tree.body)


def test_nothing_to_train_exits_2_with_one_line(tmp_path, capsys):
    out = tmp_path / "x.py"
    assert main(["new", "--expression", "2*3", "-o", str(tmp_path / "c.bpgraph")]) == 0
    capsys.readouterr()
    assert main(["export", str(tmp_path / "c.bpgraph"), "--pytorch", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nothing to train" in err[0] and not out.exists()


def test_export_needs_an_output(capsys):
    assert main(["export", str(example_path("chain_rule"))]) == 2
    assert "--pytorch" in capsys.readouterr().err
