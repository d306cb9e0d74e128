"""Method 1: solving dL/dw = 0 where L is quadratic in w, and saying so plainly otherwise."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_studio.core.model.fileio import dumps_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.training.closed_form import ClosedFormError, LossSlice, solve


def test_the_lesson_single_weight_gives_four(example):
    graph = example("single_weight")
    before = dumps_graph(graph)
    result = solve(graph, "w")
    assert result.found and result.kind == "node"
    assert result.value == pytest.approx(4.0, abs=1e-12)
    assert result.loss == pytest.approx(0.0, abs=1e-20)
    assert result.coefficients == pytest.approx((9.0, -72.0, 144.0))
    assert (result.current, result.current_loss) == (2.0, 36.0)
    assert result.message == (
        "L = 9 w² − 72 w + 144; dL/dw = 18 w − 72 = 0 gives w = 4 (L = 0), a minimum"
    )
    assert dumps_graph(graph) == before  # solving never edits the graph


def test_an_edge_weight_can_be_solved(example):
    # L = (12 - 3 * 2 * v)^2 for the weight v of the edge x -> prediction: v = 2
    result = solve(example("single_weight"), "e1")
    assert result.found and result.kind == "edge"
    assert result.value == pytest.approx(2.0, abs=1e-12)


def test_linear_regression_matches_least_squares(example):
    graph = example("linear_regression")
    x = np.array(graph.data["x"])
    y = np.array(graph.data["y"])
    b = graph.node("b").value
    w = graph.node("w").value
    # with b fixed, d/dw mean((w x + b - y)^2) = 0 gives w = sum((y - b) x) / sum(x^2)
    assert solve(graph, "w").value == pytest.approx(np.sum((y - b) * x) / np.sum(x * x))
    assert solve(graph, "b").value == pytest.approx(np.mean(y - w * x))


def test_two_minima_has_no_closed_form_but_lists_the_stationary_points(example):
    result = solve(example("two_minima"), "w")
    assert not result.found and result.value is None
    assert result.message.startswith("no closed form: L is not a quadratic function of w")
    roots = sorted(np.roots([4.0, 0.0, -4.0, 0.3]).real)  # dL/dw = 4w^3 - 4w + 0.3
    points = result.stationary_points
    assert [p.kind for p in points] == ["minimum", "maximum", "minimum"]
    assert [p.value for p in points] == pytest.approx(roots, abs=1e-9)
    assert points[0].loss == pytest.approx((roots[0] ** 2 - 1) ** 2 + 0.3 * roots[0])
    assert not any(p.kink for p in points)
    assert result.scan_range == (-3.5, 6.5)
    assert "minimum at w = -1.0356 (L = -0.3054)" in result.message


def _graph(*nodes: Node, edges: list[Edge], loss: str = "L") -> Graph:
    g = Graph()
    for n in nodes:
        g.add_node(n)
    for e in edges:
        g.add_edge(e)
    g.set_meta(loss=loss)
    return g


def test_linear_loss_has_no_minimum(example):
    result = solve(example("chain_rule"), "a")  # f = (a + b)(b + 1) = 2a + 2 at b = 1
    assert not result.found
    assert (
        result.message
        == "L is linear in a (L = 2 a + 2): dL/da = 2 is never 0, so there is no minimum"
    )


def test_downward_parabola_is_a_maximum():
    g = _graph(
        Node("w", "parameter", value=1.0, trainable=True),
        Node("s", "square"),
        Node("L", "neg"),
        edges=[Edge("e1", "w", "s", "x"), Edge("e2", "s", "L", "x")],
    )
    result = solve(g, "w")
    assert not result.found
    assert "opens downward" in result.message and "w = 0 is a maximum" in result.message


def test_loss_that_ignores_the_parameter():
    g = _graph(
        Node("w", "parameter", value=1.0, trainable=True),
        Node("c", "input", value=3.0),
        Node("L", "add"),
        edges=[Edge("e1", "w", "L", "in", weight=0.0), Edge("e2", "c", "L", "in")],
    )
    assert solve(g, "w").message == "L does not depend on w: every value is as good as any other"


def test_a_kink_is_found_and_marked():
    # L = |w - 1|: not quadratic; the minimum at w = 1 is a corner where dL/dw jumps
    g = _graph(
        Node("w", "parameter", value=3.0, trainable=True),
        Node("one", "input", value=1.0),
        Node("d", "sub"),
        Node("L", "abs"),
        edges=[Edge("e1", "w", "d", "a"), Edge("e2", "one", "d", "b"), Edge("e3", "d", "L", "x")],
    )
    result = solve(g, "w", scan_range=(-4.0, 4.0))
    assert not result.found
    [point] = result.stationary_points
    assert point.kind == "minimum" and point.kink
    assert point.value == pytest.approx(1.0, abs=1e-9)


def test_a_fixed_parameter_can_be_solved_and_stays_fixed(example):
    graph = example("single_weight")
    graph.update_node("w", trainable=False)
    assert solve(graph, "w").value == pytest.approx(4.0)
    assert graph.node("w").trainable is False


def test_loss_slice_evaluates_the_one_dimensional_loss(example):
    f = LossSlice(example("single_weight"), "w")
    losses, grads = f.losses(np.array([2.0, 4.0, 5.0]))
    assert losses.tolist() == pytest.approx([36.0, 0.0, 9.0])
    assert grads.tolist() == pytest.approx([-36.0, 0.0, 18.0])  # -2 x (y - w x)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("x", "node 'x' is an input node, not a parameter: choose a parameter or an edge"),
        ("p", "node 'p' is a mul node, not a parameter"),
        ("q", "there is no parameter or edge 'q' (parameters: w)"),
    ],
)
def test_bad_targets_are_named(example, target, message):
    with pytest.raises(ClosedFormError, match=message.replace("(", r"\(").replace(")", r"\)")):
        solve(example("single_weight"), target)


@settings(max_examples=40, deadline=None)
@given(
    x=st.floats(0.1, 20.0) | st.floats(-20.0, -0.1),
    y=st.floats(-100.0, 100.0),
    w=st.floats(-50.0, 50.0),
)
def test_single_weight_closed_form_is_y_over_x(x, y, w):
    g = Graph()
    g.add_node(Node("x", "input", value=x))
    g.add_node(Node("w", "parameter", value=w, trainable=True))
    g.add_node(Node("p", "mul"))
    g.add_node(Node("y", "input", value=y))
    g.add_node(Node("L", "mse"))
    for eid, s, t, port in [
        ("e1", "x", "p", "in"),
        ("e2", "w", "p", "in"),
        ("e3", "p", "L", "prediction"),
        ("e4", "y", "L", "target"),
    ]:
        g.add_edge(Edge(eid, s, t, port))
    result = solve(g, "w")
    assert result.found
    assert result.value == pytest.approx(y / x, rel=1e-9, abs=1e-9)
    assert result.coefficients == pytest.approx((x * x, -2 * x * y, y * y), rel=1e-7, abs=1e-7)
