"""The gradient check: rows, the worst relative error, and that it catches real mistakes."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from backprop_studio.core import ops
from backprop_studio.core.engine.gradcheck import GradCheckError, gradient_check, relative_error
from backprop_studio.core.model.graph import Edge, Graph, Node


def kink_graph(w: float = 0.0) -> Graph:
    """L = (relu(w) - 1)^2: at w = 0 the engine says dL/dw = 0 (relu'(0) = 0, as PyTorch),
    finite differences straddle the kink and say -1."""
    g = Graph(title="kink")
    g.add_node(Node("w", "parameter", value=w, trainable=True))
    g.add_node(Node("r", "relu"))
    g.add_node(Node("y", "input", value=1.0))
    g.add_node(Node("L", "mse"))
    g.add_edge(Edge("e1", "w", "r", "x"))
    g.add_edge(Edge("e2", "r", "L", "prediction"))
    g.add_edge(Edge("e3", "y", "L", "target"))
    return g


@pytest.mark.parametrize(
    "name", ["single_weight", "chain_rule", "linear_regression", "xor_network"]
)
def test_examples_pass_with_tiny_errors(example, name):
    g = example(name)
    report = gradient_check(g)
    trainable_nodes, trainable_edges = g.trainables()
    assert [r.id for r in report.rows] == trainable_nodes + trainable_edges
    assert report.rows and all(r.trainable for r in report.rows)
    assert report.worst_relative_error < 1e-7
    assert report.passed()


def test_rows_hold_the_lesson_numbers(example):
    report = gradient_check(example("chain_rule"))
    rows = {r.id: r for r in report.rows}
    assert rows["a"].analytic == 2.0 and rows["b"].analytic == 5.0
    assert rows["a"].numeric == pytest.approx(2.0, rel=1e-9)
    assert rows["b"].numeric == pytest.approx(5.0, rel=1e-9)
    assert report.loss == 6.0
    assert rows["b"].absolute_error == abs(rows["b"].analytic - rows["b"].numeric)


def test_everything_adds_fixed_parameters_and_every_edge(example):
    g = example("chain_rule")
    report = gradient_check(g, everything=True)
    kinds = {(r.kind, r.id): r for r in report.rows}
    assert {i for k, i in kinds if k == "edge"} == {e.id for e in g.edges()}
    assert not kinds[("edge", "e1")].trainable and kinds[("parameter", "a")].trainable
    # df/d(w_e5) = df/d(in) * value(c) = d * c = 2 * 3 = 6 for the weight on c -> f
    assert kinds[("edge", "e5")].analytic == 6.0
    assert report.passed()
    assert not any(e.trainable for e in g.edges())  # the graph itself is untouched


@pytest.mark.parametrize("path", ["reference", "vectorized", "scalar"])
def test_a_kink_is_flagged(path):
    report = gradient_check(kink_graph(0.0), path=path)
    (row,) = report.rows
    assert row.analytic == 0.0
    assert row.numeric == pytest.approx(-1.0, rel=1e-4)  # ((h - 1)^2 - 1) / 2h = h/2 - 1
    assert report.worst_relative_error == pytest.approx(1.0)
    assert not report.passed(1e-4)
    assert gradient_check(kink_graph(0.5), path=path).passed()


def test_a_wrong_derivative_is_caught(monkeypatch):
    """Break tanh's registered derivative: the reference engine (which uses it) fails."""
    tanh = ops.get_op("tanh")
    wrong = dataclasses.replace(tanh, local=lambda args, out, i: 1.0 - out)  # not 1 - out^2
    monkeypatch.setitem(ops.spec._REGISTRY, "tanh", wrong)
    g = Graph()
    g.add_node(Node("w", "parameter", value=0.7, trainable=True))
    g.add_node(Node("t", "tanh"))
    g.add_edge(Edge("e1", "w", "t", "x", weight=1.3, trainable=True))
    report = gradient_check(g, path="reference")
    assert report.worst_relative_error > 0.1
    assert not report.passed()
    assert report.worst is not None and report.worst.id in ("w", "e1")


def test_nan_counts_as_the_worst():
    g = Graph()
    g.add_node(Node("w", "parameter", value=1.0, trainable=True))
    g.add_node(Node("b", "parameter", value=0.0, trainable=True))
    g.add_node(Node("p", "pow"))
    g.add_edge(Edge("e1", "w", "p", "base"))
    g.add_edge(Edge("e2", "b", "p", "exponent"))
    report = gradient_check(g)
    assert report.passed()  # 1 ** b: smooth everywhere
    assert math.isnan(relative_error(float("nan"), 1.0, 1.0))
    assert math.isnan(relative_error(1.0, float("inf"), 1.0))


def test_relative_error_has_a_floor_for_zero_gradients():
    assert relative_error(0.0, 3e-12, loss=36.0) < 1e-6  # rounding noise, not a mistake
    assert relative_error(2.0, 2.0 * (1 + 1e-3), loss=1.0) == pytest.approx(1e-3, rel=1e-3)
    assert relative_error(1e-3, 2e-3, loss=1.0) == pytest.approx(0.5)


def test_a_loss_that_is_not_finite_is_refused():
    g = Graph()
    g.add_node(Node("w", "parameter", value=0.0, trainable=True))
    g.add_node(Node("l", "log"))
    g.add_edge(Edge("e1", "w", "l", "x"))
    with pytest.raises(GradCheckError, match=r"loss \(l\) is -inf"):
        gradient_check(g)


def test_bad_step_is_refused(example):
    with pytest.raises(ValueError):
        gradient_check(example("chain_rule"), eps=0.0)
    assert np.isfinite(gradient_check(example("chain_rule"), eps=1e-3).worst_relative_error)
