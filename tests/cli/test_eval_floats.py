"""``eval`` of a small file without a batch runs on Python floats (core/engine/floats.py):
the same output, text and ``--json``, as the compiled plan gives, and numpy never imported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from backprop_studio.cli import eval_cmd, main
from backprop_studio.core.model.fileio import save_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import example_path

SCALAR_EXAMPLES = ["chain_rule", "single_weight", "two_minima"]


def _pow_file(tmp_path) -> str:
    """Every unary op after a pow over a negative base with a constant exponent, and one
    with a trainable exponent (a nan gradient: null and "warnings" in the JSON)."""
    g = Graph(title="negative bases")
    g.add_node(Node("x", "parameter", value=-1.5, trainable=True))
    g.add_node(Node("two", "input", value=2.0))
    g.add_node(Node("e", "parameter", value=3.0, trainable=True))
    g.add_node(Node("p", "pow"))
    g.add_edge(Edge("eb", "x", "p", "base"))
    g.add_edge(Edge("ee", "two", "p", "exponent"))
    g.add_node(Node("q", "pow"))
    g.add_edge(Edge("qb", "x", "q", "base", weight=0.5))
    g.add_edge(Edge("qe", "e", "q", "exponent"))
    last = "p"
    for op in ("tanh", "sigmoid", "sin", "cos", "exp", "abs", "leaky_relu"):
        g.add_node(Node(op, op))
        g.add_edge(Edge(f"to_{op}", last, op, "x", weight=0.8))
        last = op
    g.add_node(Node("L", "add"))
    g.add_edge(Edge("l1", last, "L", "in"))
    g.add_edge(Edge("l2", "q", "L", "in"))
    path = tmp_path / "pow.bpgraph"
    save_graph(g, path)
    return str(path)


def _both(capsys, monkeypatch, file: str, *flags: str) -> tuple[str, str]:
    """The verb's output on floats, then with the float path turned off (the plan's)."""
    assert main(["eval", file, *flags]) == 0
    floats = capsys.readouterr().out
    monkeypatch.setattr(eval_cmd, "evaluate_floats", lambda graph: None)
    assert main(["eval", file, *flags]) == 0
    return floats, capsys.readouterr().out


@pytest.mark.parametrize("name", SCALAR_EXAMPLES)
@pytest.mark.parametrize("flags", [(), ("--json",)])
def test_examples_print_what_the_plan_prints(capsys, monkeypatch, name, flags):
    floats, planned = _both(capsys, monkeypatch, str(example_path(name)), *flags)
    assert floats == planned


def test_pow_over_negative_bases_prints_what_the_plan_prints(capsys, monkeypatch, tmp_path):
    floats, planned = _both(capsys, monkeypatch, _pow_file(tmp_path), "--json")
    mine, theirs = json.loads(floats), json.loads(planned)
    assert set(mine) == set(theirs) == {"loss", "nodes", "edges", "steps", "warnings"}
    assert (
        mine["warnings"]
        == theirs["warnings"]
        == [
            {"kind": "node", "id": "e", "field": "grad"},
            {"kind": "edge", "id": "qe", "field": "grad"},
        ]
    )
    assert mine["nodes"]["e"]["grad"] is None and mine["edges"]["qe"]["grad"] is None
    _approx_tree(mine, theirs)


def _approx_tree(a, b) -> bool:
    """Same JSON tree, numbers within 1e-12 (numpy's and math's sin, exp ... may differ in
    the last bit), texts equal."""
    if isinstance(a, dict):
        assert list(a) == list(b)
        return all(_approx_tree(a[k], b[k]) for k in a)
    if isinstance(a, list):
        assert len(a) == len(b)
        return all(_approx_tree(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-15)
        return True
    assert a == b
    return True


def test_eval_of_a_small_file_never_imports_numpy():
    code = (
        "import sys\n"
        "from backprop_studio.cli import main\n"
        f"status = main(['eval', '--json', {str(example_path('chain_rule'))!r}])\n"
        "print(status, 'numpy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "0 False"
    out = json.loads(done.stdout)
    assert out["loss"] == 6.0 and out["nodes"]["b"]["grad"] == 5.0


def test_a_file_with_a_batch_is_evaluated_by_the_plan(capsys):
    assert main(["eval", str(example_path("linear_regression")), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert any(isinstance(node["value"], list) for node in out["nodes"].values())
