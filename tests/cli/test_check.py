"""``backprop-studio check``: the table, the --json shape, exit statuses 0 / 1 / 2."""

from __future__ import annotations

import json

import pytest

from backprop_studio.cli import main
from backprop_studio.core.model.fileio import save_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import example_path


def kink_file(tmp_path) -> str:
    """L = (relu(w) - 1)^2 at w = 0: the engine's relu'(0) = 0 disagrees with finite
    differences across the kink, so the check must fail."""
    g = Graph(title="relu at its kink")
    g.add_node(Node("w", "parameter", value=0.0, trainable=True))
    g.add_node(Node("r", "relu"))
    g.add_node(Node("y", "input", value=1.0))
    g.add_node(Node("L", "mse"))
    g.add_edge(Edge("e1", "w", "r", "x"))
    g.add_edge(Edge("e2", "r", "L", "prediction"))
    g.add_edge(Edge("e3", "y", "L", "target"))
    path = tmp_path / "kink.bpgraph"
    save_graph(g, path)
    return str(path)


def test_check_table_passes_on_the_lesson(capsys):
    assert main(["check", str(example_path("chain_rule"))]) == 0
    out = capsys.readouterr().out
    assert "The chain rule" in out and "loss = 6" in out
    lines = {line.split()[1]: line.split() for line in out.splitlines() if line.startswith("param")}
    assert lines["a"][3] == "2" and lines["b"][3] == "5"  # analytic column
    assert lines["a"][-1] == lines["b"][-1] == "ok"
    assert "worst relative error" in out and "passed (2 checked)" in out


def test_check_json_shape(capsys):
    assert main(["check", str(example_path("xor_network")), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "passed",
        "tolerance",
        "eps",
        "engine",
        "loss",
        "worst_relative_error",
        "worst",
        "items",
    }
    assert out["passed"] is True and out["engine"] in ("vectorized", "scalar", "reference")
    assert len(out["items"]) == 9  # 3 biases + 6 trainable weights
    item = out["items"][0]
    assert set(item) == {
        "kind",
        "id",
        "value",
        "trainable",
        "analytic",
        "numeric",
        "absolute_error",
        "relative_error",
    }
    worst = max(out["items"], key=lambda i: i["relative_error"])
    assert out["worst"] == {"kind": worst["kind"], "id": worst["id"]}
    assert out["worst_relative_error"] == worst["relative_error"] < 1e-6


def test_check_fails_with_status_1_on_a_kink(tmp_path, capsys):
    path = kink_file(tmp_path)
    assert main(["check", path]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "FAILED" in out and "parameter w" in out
    assert main(["check", path, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is False and data["worst"] == {"kind": "parameter", "id": "w"}
    # a loose enough tolerance lets it pass
    assert main(["check", path, "--tolerance", "2"]) == 0


def test_check_all_lists_fixed_items(capsys):
    assert main(["check", str(example_path("chain_rule")), "--all", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert len(items) == 2 + 6
    assert {i["id"] for i in items if not i["trainable"]} == {f"e{k}" for k in range(1, 7)}


@pytest.mark.parametrize("engine", ["reference", "vectorized", "scalar"])
def test_check_on_each_engine(capsys, engine):
    assert main(["check", str(example_path("single_weight")), "--engine", engine, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["engine"] == engine and out["items"][0]["analytic"] == -36.0


def test_check_bad_files_exit_2_with_one_line(tmp_path, capsys):
    broken = tmp_path / "broken.bpgraph"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["check", str(broken)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("backprop-studio check:") and "broken.bpgraph" in err
    assert "\n" not in err
    assert main(["check", str(tmp_path / "missing.bpgraph")]) == 2
    err = capsys.readouterr().err.strip()
    assert "missing.bpgraph" in err and "Traceback" not in err


def test_check_unevaluable_graph_exits_2_naming_the_node(tmp_path, capsys):
    g = Graph()
    g.add_node(Node("w", "parameter", value=1.0, trainable=True))
    g.add_node(Node("t", "tanh"))
    g.add_node(Node("s", "sub"))
    g.add_edge(Edge("e1", "w", "t", "x"))
    g.add_edge(Edge("e2", "t", "s", "a"))  # port b missing
    path = tmp_path / "incomplete.bpgraph"
    save_graph(g, path)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "'s'" in err and "port 'b'" in err


def test_check_nan_loss_exits_2(tmp_path, capsys):
    g = Graph()
    g.add_node(Node("w", "parameter", value=0.0, trainable=True))
    g.add_node(Node("l", "log"))
    g.add_edge(Edge("e1", "w", "l", "x"))
    path = tmp_path / "log0.bpgraph"
    save_graph(g, path)
    assert main(["check", str(path)]) == 2
    assert "-inf" in capsys.readouterr().err


def test_check_nothing_trainable(tmp_path, capsys):
    g = Graph()
    g.add_node(Node("x", "input", value=2.0))
    g.add_node(Node("s", "square"))
    g.add_edge(Edge("e1", "x", "s", "x"))
    path = tmp_path / "fixed.bpgraph"
    save_graph(g, path)
    assert main(["check", str(path)]) == 0
    assert "nothing to check" in capsys.readouterr().out
    assert main(["check", str(path), "--all", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)["items"]
    assert item["id"] == "e1" and item["analytic"] == 8.0  # d(w x)^2/dw = 2 w x^2 at w = 1


def test_check_rejects_a_bad_tolerance(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", str(example_path("chain_rule")), "--tolerance", "-1"])
    assert exc.value.code == 2
    assert "positive" in capsys.readouterr().err
