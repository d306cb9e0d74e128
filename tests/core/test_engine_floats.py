"""The float path of ``eval`` (engine/floats.py) gives what the compiled plan gives: values,
gradients, edge gradients and every chain-rule term, on graphs using every op (pow over
negative bases, trainable or constant exponents, log(0) and 1/0 included), and refuses the
graphs it is not for (a batch, a big graph) and the graphs the plan refuses."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from random_graphs import random_graph
from test_engine_paths import _close
from test_engine_pow import BASES, _pow_graph

from backprop_studio.core.engine import floats
from backprop_studio.core.engine.floats import evaluate_floats
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.errors import GraphError
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import example_path

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TERM_NUMBERS = ("upstream", "local", "weight", "contribution", "weight_grad", "source_grad")


def assert_same_as_plan(graph: Graph, path: str = "reference") -> None:
    """The float result against the plan's (the reference engine records its terms as it
    visits the edges: the oracle), term by term."""
    mine = evaluate_floats(graph)
    assert mine is not None
    ref = compile_plan(graph, path).run(record=True)
    assert _close(mine.loss, ref.loss), (mine.loss, ref.loss)
    assert mine.loss_node == ref.loss_node
    assert mine.edges_visited == ref.edges_visited == len(graph.edges())
    assert list(mine.values) == list(ref.values)
    for nid in ref.values:
        assert isinstance(mine.values[nid], float) and isinstance(mine.grads[nid], float)
        assert _close(mine.values[nid], ref.values[nid]), ("value", nid)
        assert _close(mine.grads[nid], ref.grads[nid]), ("grad", nid)
    assert list(mine.edge_grads) == list(ref.edge_grads)
    for eid in ref.edge_grads:
        assert _close(mine.edge_grads[eid], ref.edge_grads[eid]), ("edge grad", eid)
    assert len(mine.trace) == len(ref.trace)
    for a, b in zip(mine.trace, ref.trace, strict=True):
        assert (a.index, a.edge, a.source, a.target, a.port) == (
            b.index,
            b.edge,
            b.source,
            b.target,
            b.port,
        )
        assert a.completes_source == b.completes_source and a.labels == b.labels
        for name in TERM_NUMBERS:
            assert _close(getattr(a, name), getattr(b, name)), (name, a.edge)


@SETTINGS
@given(graph=random_graph(batch=None))
def test_random_graphs_with_every_op_agree_with_the_reference(graph):
    assert_same_as_plan(graph)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("exponent", [2.0, 3.0, -1.0, 0.5])
@pytest.mark.parametrize("trainable_exponent", [False, True])
def test_pow_over_negative_bases_agrees_with_the_reference(base, exponent, trainable_exponent):
    """A constant exponent gets 0 where the base is negative, a trainable one nan (PyTorch);
    0 ** -1 is inf and (-2) ** 0.5 nan, as numpy computes them."""
    g = _pow_graph(base, exponent, trainable_exponent)
    assert_same_as_plan(g)
    mine = evaluate_floats(g)
    assert mine is not None
    local = mine.trace[[t.edge for t in mine.trace].index("ee")].local
    if base < 0:
        assert math.isnan(local) if trainable_exponent else local == 0.0


def _every_op_graph() -> Graph:
    """One node of every elementwise op on a chain of known values, log(0) and 1/0 included,
    and a product of three inputs (the registry multiplies the others left to right)."""
    g = Graph()
    g.add_node(Node("a", "parameter", value=-0.7, trainable=True))
    g.add_node(Node("z", "input", value=0.0))
    ops = ["neg", "square", "abs", "exp", "sin", "cos", "identity", "tanh", "sigmoid"]
    ops += ["relu", "leaky_relu"]
    last = "a"
    for k, op in enumerate(ops):
        g.add_node(Node(f"u{k}", op))
        g.add_edge(Edge(f"eu{k}", last, f"u{k}", "x", weight=1.1))
        last = f"u{k}"
    g.add_node(Node("lg", "log"))  # log(0) = -inf: math refuses, numpy computes it
    g.add_edge(Edge("elg", "z", "lg", "x"))
    g.add_node(Node("dv", "div"))
    g.add_edge(Edge("ed1", last, "dv", "a"))
    g.add_edge(Edge("ed2", "a", "dv", "b", weight=-2.0, trainable=True))
    g.add_node(Node("sb", "sub"))
    g.add_edge(Edge("es1", "dv", "sb", "a"))
    g.add_edge(Edge("es2", "u3", "sb", "b"))
    g.add_node(Node("m", "mul"))
    for k, src in enumerate(("sb", "u1", "u5")):
        g.add_edge(Edge(f"em{k}", src, "m", "in", weight=0.9))
    g.add_node(Node("s", "add"))
    g.add_edge(Edge("ea1", "m", "s", "in"))
    g.add_edge(Edge("ea2", "sb", "s", "in", weight=0.3, trainable=True))
    g.add_node(Node("y", "input", value=0.25))
    g.add_node(Node("L", "mse"))
    g.add_edge(Edge("eL1", "s", "L", "prediction"))
    g.add_edge(Edge("eL2", "y", "L", "target"))
    g.add_node(Node("sink", "add"))  # the log's -inf kept apart from the loss
    g.add_edge(Edge("ek", "lg", "sink", "in"))
    g.set_meta(loss="L")
    return g


@pytest.mark.parametrize("path", ["reference", "scalar", "vectorized"])
def test_every_op_agrees_with_every_path(path):
    g = _every_op_graph()
    assert_same_as_plan(g, path)
    mine = evaluate_floats(g)
    assert mine is not None and mine.values["lg"] == -math.inf


def test_the_chain_rule_example_gives_the_lesson_numbers_and_the_plans_texts():
    graph = load_graph(example_path("chain_rule"))
    result = evaluate_floats(graph)
    assert result is not None
    assert (result.loss, result.grads["b"]) == (6.0, 5.0)  # f = (a + b)(b + 1), df/db = 2 + 3
    planned = compile_plan(graph).run(record=True)
    assert [t.text for t in result.trace] == [t.text for t in planned.trace]
    assert [t.as_json() for t in result.trace] == [t.as_json() for t in planned.trace]


def test_graphs_it_is_not_for_go_to_the_plan(monkeypatch):
    batch = Graph()
    batch.add_node(Node("x", "input", value=[1.0, 2.0]))
    batch.add_node(Node("L", "square"))
    batch.add_edge(Edge("e", "x", "L", "x"))
    assert evaluate_floats(batch) is None
    monkeypatch.setattr(floats, "LIMIT", 3)
    assert evaluate_floats(_every_op_graph()) is None


def test_a_graph_the_plan_refuses_is_refused_the_same_way():
    g = Graph()
    g.add_node(Node("a", "parameter", value=1.0))
    g.add_node(Node("m", "mul"))
    g.add_node(Node("n", "neg"))  # port x left unconnected
    g.add_edge(Edge("e", "a", "m", "in"))
    g.add_edge(Edge("f", "n", "m", "in"))
    with pytest.raises(GraphError) as plan_error:
        compile_plan(g)
    with pytest.raises(GraphError) as float_error:
        evaluate_floats(g)
    assert str(float_error.value) == str(plan_error.value)
    assert float_error.value.node == plan_error.value.node


def test_numbers_only_numpy_computes_need_numpy_and_get_its_answers():
    """A value Python's math refuses (log(0), 0 ** -1) is computed by the registry's numpy
    function for that node; the rest of the graph never imports numpy."""
    code = (
        "import sys\n"
        "from backprop_studio.core.engine.floats import evaluate_floats\n"
        "from backprop_studio.core.model.graph import Edge, Graph, Node\n"
        "g = Graph()\n"
        "g.add_node(Node('a', 'parameter', value=3.0, trainable=True))\n"
        "g.add_node(Node('t', 'tanh'))\n"
        "g.add_edge(Edge('e', 'a', 't', 'x'))\n"
        "r = evaluate_floats(g)\n"
        "print(round(r.values['t'], 6), 'numpy' in sys.modules)\n"
        "g.add_node(Node('z', 'input', value=0.0))\n"
        "g.add_node(Node('l', 'log'))\n"
        "g.add_edge(Edge('f', 'z', 'l', 'x'))\n"
        "g.set_meta(loss='l')\n"
        "r = evaluate_floats(g)\n"
        "print(r.values['l'], r.grads['z'], 'numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == [f"{np.tanh(3.0):.6f} False", "-inf inf True"]
