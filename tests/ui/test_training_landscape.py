"""The loss landscape panel: the lesson's parabola with its closed-form minimum at w = 4, the
heat map over two weights with contours and the training path, restart end points."""

from __future__ import annotations

import numpy as np
import pytest
from training_helpers import set_panel, train, windows_opened

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.resources_path import example_path
from backprop_studio.ui.training.landscape_compute import axis_range, compute_landscape


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot, "landscape_plot_dock")


def wait_landscape(qtbot, w, ids: tuple[str, ...]):
    landscape = w.training.landscape

    def ready() -> bool:
        d = landscape.data
        return d is not None and d.ids == ids and landscape._job is None

    qtbot.waitUntil(ready, timeout=20_000)
    return landscape


def test_single_weight_landscape_has_its_minimum_at_4_with_the_closed_form_marked(qtbot, window):
    w = window("single_weight")
    landscape = w.training.landscape
    landscape.select("w")
    landscape = wait_landscape(qtbot, w, ("w",))
    data = landscape.data
    xs, ys = landscape.curve.getData()
    assert xs[0] < 4 < xs[-1]
    assert xs[np.argmin(ys)] == pytest.approx(4.0, abs=xs[1] - xs[0])
    assert np.min(ys) == pytest.approx(0.0, abs=1e-3)
    # the curve is the lesson's L = (12 - 3w)^2
    np.testing.assert_allclose(ys, (12 - 3 * xs) ** 2, rtol=1e-9, atol=1e-9)
    assert data.closed_form is not None and data.closed_form.found
    star = landscape.closed_form_item
    assert star is not None
    sx, sy = star.getData()
    assert sx[0] == pytest.approx(4.0) and sy[0] == pytest.approx(0.0, abs=1e-9)
    point_x, point_y = landscape.point.getData()
    assert (point_x[0], point_y[0]) == (pytest.approx(2.0), pytest.approx(36.0))
    assert "closed form: w = 4" in landscape.status.text()


def test_training_path_rolls_down_the_curve(qtbot, window):
    w = window("single_weight")
    landscape = wait_landscape(qtbot, w, ("w",))
    set_panel(w, iterations=40)
    session = train(qtbot, w)
    landscape = wait_landscape(qtbot, w, ("w",))
    qtbot.waitUntil(lambda: bool(landscape.path_items), timeout=10_000)
    xs, ys = landscape.path_items[(session.number, 0)].getData()
    expected = np.asarray(session.result.best.trajectory)[:, 0]
    np.testing.assert_allclose(xs, expected)
    np.testing.assert_allclose(ys, (12 - 3 * xs) ** 2, rtol=1e-3, atol=1e-3)  # on the curve
    assert np.all(np.diff(ys) <= 1e-9)  # downhill
    point_x, _ = landscape.point.getData()
    assert point_x[0] == pytest.approx(w.document.graph.node("w").value)


def test_two_weights_give_a_heat_map_with_contours_and_the_path(qtbot, window):
    w = window("linear_regression")
    landscape = w.training.landscape
    assert landscape.selected_ids() == ("w", "b")  # two trainables: both by default
    set_panel(w, iterations=200)
    session = train(qtbot, w)
    landscape = wait_landscape(qtbot, w, ("w", "b"))
    data = landscape.data
    assert data.two_d and landscape.image is not None
    n = len(data.xs)
    assert landscape.image.image.shape == (n, n)
    assert len(landscape.contours) > 3
    # the grid's values are the engine's losses
    plan = compile_plan(w.document.graph)
    theta = plan.theta()
    r, c = n // 3, 2 * n // 3
    theta[0], theta[1] = data.xs[c], data.ys[r]
    assert data.losses[r, c] == pytest.approx(plan.run(theta, backward=False).loss)
    # the whole path is inside the map
    path = np.asarray(session.result.best.trajectory)
    assert data.xs[0] <= path[:, 0].min() and path[:, 0].max() <= data.xs[-1]
    assert data.ys[0] <= path[:, 1].min() and path[:, 1].max() <= data.ys[-1]
    px, py = landscape.path_items[(session.number, 0)].getData()
    np.testing.assert_allclose(px, path[:, 0])
    np.testing.assert_allclose(py, path[:, 1])


def test_restart_ends_show_both_minima(qtbot, window):
    w = window("two_minima")
    set_panel(w, restarts=6, iterations=150)
    session = train(qtbot, w)
    landscape = wait_landscape(qtbot, w, ("w",))
    assert set(landscape.ends) == set(range(6))
    ends = sorted(float(v[0]) for v in landscape.ends.values())
    assert ends[0] == pytest.approx(-1.04, abs=0.05) and ends[-1] == pytest.approx(0.96, abs=0.05)
    assert landscape.best_run == session.result.best_run
    xs, _ = landscape.curve.getData()
    assert xs[0] < ends[0] and ends[-1] < xs[-1]
    answer = landscape.data.closed_form
    assert answer is not None and not answer.found
    assert "no closed form" in landscape.status.text()


def test_landscape_grid_size_and_ranges():
    graph = load_graph(example_path("xor_network"))
    data = compute_landscape(graph, ("b1", "b2"))
    assert data.losses.shape == (len(data.ys), len(data.xs))
    assert 21 <= len(data.xs) <= 61
    lo, hi = axis_range([1.0, 3.0])
    assert lo < 1.0 and hi > 3.0
    lo, hi = axis_range([2.0, 6.0], center=4.0)
    assert (lo + hi) / 2 == pytest.approx(4.0) and lo < 2.0
    with pytest.raises(Exception, match="not trainable"):
        compute_landscape(graph, ("x1",))


def test_landscape_follows_selection_and_untrainable_graphs(qtbot, window):
    w = window("chain_rule")
    landscape = w.training.landscape
    assert [landscape.x_choice.itemData(i) for i in range(landscape.x_choice.count())] == [
        "a",
        "b",
    ]
    landscape.select("a", "b")
    landscape = wait_landscape(qtbot, w, ("a", "b"))
    assert landscape.data.two_d
    w.document.set_node_fields("a", trainable=False)
    w.document.set_node_fields("b", trainable=False)
    qtbot.waitUntil(lambda: landscape.data is None, timeout=5000)
    assert "trainable" in landscape.status.text()
