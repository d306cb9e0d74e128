"""``backprop-studio eval``: the --json contract, the table, and clean errors."""

from __future__ import annotations

import json
import subprocess
import sys

from backprop_studio.cli import main
from backprop_studio.resources_path import example_path


def run_json(capsys, name: str) -> dict:
    assert main(["eval", str(example_path(name)), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_eval_json_has_exactly_the_contract_shape(capsys):
    out = run_json(capsys, "chain_rule")
    assert set(out) == {"loss", "nodes", "edges", "steps"}
    assert out["loss"] == 6.0
    assert out["nodes"]["b"] == {"value": 1.0, "grad": 5.0}
    assert out["edges"]["e1"] == {"weight": 1.0, "grad": 4.0}
    assert len(out["steps"]) == 6
    step = out["steps"][0]
    assert set(step) == {
        "edge",
        "source",
        "target",
        "upstream",
        "local",
        "weight",
        "contribution",
        "text",
    }
    assert [s["contribution"] for s in out["steps"] if s["source"] == "b"] == [2.0, 3.0]


def test_eval_json_lists_batch_values(capsys):
    out = run_json(capsys, "linear_regression")
    assert isinstance(out["nodes"]["x"]["value"], list)
    assert len(out["nodes"]["x"]["value"]) == 8
    assert isinstance(out["nodes"]["w"]["grad"], float)


def test_eval_table_shows_loss_and_terms(capsys):
    assert main(["eval", str(example_path("single_weight"))]) == 0
    out = capsys.readouterr().out
    assert "loss (L) = 36" in out
    assert "4 of 4 edges visited" in out


def test_bad_file_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.bpgraph"
    bad.write_text('{"format": "backprop-studio", "version": 1, "nodes": [{"id": "a"}]}')
    assert main(["eval", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.bpgraph" in err[0] and "node #1" not in err[0]
    assert "unknown op" in err[0]


def test_unevaluable_graph_exits_2_naming_the_node(tmp_path, capsys):
    g = tmp_path / "g.bpgraph"
    g.write_text(
        json.dumps(
            {
                "format": "backprop-studio",
                "version": 1,
                "nodes": [{"id": "s", "op": "sub"}, {"id": "p", "op": "parameter", "value": 1}],
                "edges": [{"id": "e", "source": "p", "target": "s", "port": "a"}],
            }
        )
    )
    assert main(["eval", str(g)]) == 2
    assert "node 's' (sub) is missing an input on port 'b'" in capsys.readouterr().err


def test_command_line_entry_point_runs():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "backprop_studio",
            "eval",
            str(example_path("chain_rule")),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["loss"] == 6.0
