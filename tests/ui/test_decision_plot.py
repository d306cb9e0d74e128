"""Decision regions: the plane coloured by the model's prediction (classes or values), the
data on top, live while training; a note for graphs it does not apply to."""

from __future__ import annotations

import numpy as np
import pytest
from training_helpers import set_panel, train, windows_opened

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.build_mlp import build_mlp
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.model.graph import Graph
from backprop_studio.core.training.classify import classification
from backprop_studio.resources_path import example_path
from backprop_studio.ui.training.decision_compute import (
    DecisionSetup,
    build_grid,
    decision_setup,
)

EXAMPLE_NAMES = (
    "xor_network",
    "chain_rule",
    "three_classes",
    "overfitting",
    "linear_regression",
    "single_weight",
    "two_minima",
)


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot, "decision_plot_dock")


def test_the_regions_are_the_models_classes_on_the_grid(qtbot, window):
    w = window("three_classes")
    plot = w.training.decision
    assert plot.applicable and plot.currentWidget() is plot.plot
    set_panel(w, iterations=300)
    train(qtbot, w)
    qtbot.waitUntil(lambda: plot.prediction is not None, timeout=5000)
    graph = w.document.graph
    grid = build_grid(graph, decision_setup(graph))
    # each data point's class region is its predicted class at the trained values
    found = classification(compile_plan(graph))
    x, y = np.array(graph.data["x1"]), np.array(graph.data["x2"])
    i = np.abs(grid.xs[None, :] - x[:, None]).argmin(axis=1)
    j = np.abs(grid.ys[None, :] - y[:, None]).argmin(axis=1)
    agree = np.mean(plot.prediction[i, j] == found.predicted)
    assert agree >= 0.9  # the grid cell's centre is near, not at, the point
    assert set(np.unique(plot.prediction)) == {0.0, 1.0, 2.0}
    image = plot.image.image
    assert image.shape == (80, 80, 4)
    # three distinct region colours
    assert len({tuple(c) for c in image[..., :3].reshape(-1, 3)}) == 3


def test_live_updates_follow_the_values_being_trained(qtbot, window):
    w = window("three_classes")
    plot = w.training.decision
    before = plot.prediction.copy()
    set_panel(w, iterations=2000)
    seen = []
    w.training.controller.session_updated.connect(
        lambda _u: seen.append(None if plot.prediction is None else plot.prediction.copy())
    )
    train(qtbot, w, timeout=60_000)
    changed = [p for p in seen if p is not None and not np.array_equal(p, before)]
    assert changed, "the regions changed while training"


def test_regression_on_two_inputs_shows_values():
    graph = build_mlp([2, 4, 1])  # XOR with mse: a value per point, not a class
    grid = build_grid(graph, decision_setup(graph))
    assert not grid.classifies
    values = grid.predict()
    assert values.shape == (80, 80) and len(np.unique(values)) > 100
    expected = compile_plan(graph).run(backward=False).values["zo_1"]  # at the data points
    corner = grid.predict()[np.abs(grid.xs).argmin(), np.abs(grid.ys).argmin()]
    assert corner == pytest.approx(float(expected[0]), abs=0.05)  # near (0, 0)


def test_graphs_with_one_input_get_a_note(window):
    w = window("linear_regression")
    plot = w.training.decision
    assert not plot.applicable and plot.currentWidget() is plot.note
    assert decision_setup(Graph()) is None


def _setup_walking_in_edges(graph: Graph) -> DecisionSetup | None:
    """The setup found the first way: a walk over ``in_edges`` from the loss's inputs other
    than ``target`` (what decision_setup's single upstream walk must agree with)."""
    loss = graph.loss_node()
    if loss is None or not graph.has_node(loss):
        return None
    target_column, starts = None, []
    for e in graph.in_edges(loss):
        source = graph.node(e.source)
        if e.port == "target":
            if source.op == "input" and source.column in graph.data:
                target_column = source.column
        else:
            starts.append(e.source)
    columns: list[str] = []
    seen, stack = set(), list(starts)
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue
        seen.add(nid)
        node = graph.node(nid)
        if node.op == "input" and node.column is not None and node.column not in columns:
            columns.append(node.column)
        stack.extend(e.source for e in graph.in_edges(nid))
    if len(columns) != 2 or any(c not in graph.data or c == target_column for c in columns):
        return None
    return DecisionSetup(*sorted(columns), target_column)


@pytest.mark.parametrize(
    "graph",
    [load_graph(example_path(name)) for name in EXAMPLE_NAMES]
    + [build_mlp([2, 4, 1]), build_mlp([2, 3, 3], classes=3), build_mlp([3, 2, 1])],
    ids=[*EXAMPLE_NAMES, "mlp_2_4_1", "mlp_classes", "mlp_3_inputs"],
)
def test_the_setup_is_the_one_a_walk_over_in_edges_finds(graph):
    assert decision_setup(graph) == _setup_walking_in_edges(graph)


def test_the_target_column_does_not_count_as_an_input_of_the_prediction():
    graph = build_mlp([2, 4, 1])
    setup = decision_setup(graph)
    assert setup is not None and setup.target_column == "y"
    assert {setup.x_column, setup.y_column} == {"x1", "x2"}
    # the target's input is an ancestor of the loss, but not of its prediction
    target = next(e.source for e in graph.in_edges(graph.loss_node()) if e.port == "target")
    assert target in graph.ancestors(graph.loss_node())
