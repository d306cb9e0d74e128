"""The landscape for comparisons: every run's path in its loss-plot colour until Clear, a new
document's landscape at once (never the old one), and a theme switch that keeps the axes and
gives the curve a colour that contrasts with the background."""

from __future__ import annotations

import numpy as np
import pytest
from training_helpers import set_panel, train, windows_opened

from backprop_studio.resources_path import example_path
from backprop_studio.ui.training.plot_style import palette_colors
from backprop_studio.ui.training.run_colors import run_color


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot, "landscape_plot_dock")


def wait_landscape(qtbot, w, ids):
    landscape = w.training.landscape
    qtbot.waitUntil(
        lambda: landscape.data is not None and landscape.data.ids == ids and landscape._job is None,
        timeout=20_000,
    )
    return landscape


def _contrast(a, b) -> float:
    return abs(a.lightnessF() - b.lightnessF())


def _ticks(landscape):
    item = landscape.plot.getPlotItem()
    out = []
    for name in ("bottom", "left"):
        axis = item.getAxis(name)
        lo, hi = axis.range
        values = [v for _, vs in axis.tickValues(lo, hi, 400) for v in vs]
        out.append((tuple(np.round(axis.range, 9)), tuple(axis.tickStrings(values, 1.0, 1.0))))
        out.append(axis.autoSIPrefixScale)
    return out


def test_every_run_keeps_its_path_in_its_loss_plot_colour_until_clear(qtbot, window):
    w = window("single_weight")
    wait_landscape(qtbot, w, ("w",))
    sessions = []
    for lr in (0.005, 0.01, 0.03):
        set_panel(w, learning_rate=lr, iterations=15)
        sessions.append(train(qtbot, w))
    landscape = wait_landscape(qtbot, w, ("w",))
    qtbot.waitUntil(lambda: len(landscape.path_items) == 3, timeout=10_000)
    plot = w.training.loss_plot
    for s in sessions:
        item = landscape.path_items[(s.number, 0)]
        assert item.opts["pen"].color().name() == run_color(s.color_base).name()
        loss_curve = plot.curve_items(s.number)[0]
        assert item.opts["pen"].color().name() == loss_curve.opts["pen"].color().name()
        xs, _ = item.getData()
        assert xs[0] == pytest.approx(2.0)  # each run started at w = 2 (Train from first)
    assert (
        len({landscape.path_items[(s.number, 0)].opts["pen"].color().name() for s in sessions}) == 3
    )
    plot.clear_button.click()
    assert landscape.path_items == {} and landscape.kept == []


def test_a_new_document_never_shows_the_old_landscape(qtbot, window):
    w = window("single_weight")
    landscape = wait_landscape(qtbot, w, ("w",))
    assert w.file_actions.open_example(example_path("chain_rule"))
    # at once: the old curve is gone before the new job reports
    assert landscape.data is None or landscape.data.ids != ("w",)
    assert landscape.curve is None
    wait_landscape(qtbot, w, ("a", "b"))
    assert landscape.image is not None


@pytest.mark.parametrize("first,second", [("light", "dark"), ("dark", "light")])
def test_the_landscape_after_a_theme_switch(qtbot, window, first, second):
    w = window("single_weight")
    w.view_actions.choose_theme(first)
    landscape = wait_landscape(qtbot, w, ("w",))
    qtbot.wait(50)
    before = _ticks(landscape)
    w.view_actions.choose_theme(second)
    qtbot.waitUntil(lambda: not landscape._restyle_pending, timeout=5000)
    qtbot.wait(50)
    assert _ticks(landscape) == before  # axis ranges and tick values unchanged, no SI scale
    background, foreground = palette_colors(landscape.plot)
    assert landscape.plot.backgroundBrush().color() == background
    pen = landscape.curve.opts["pen"].color()
    assert _contrast(pen, background) > 0.5  # the curve reads on the new background
    legend = landscape.legend
    assert legend.items
    for _, label in legend.items:
        assert _contrast(label.item.defaultTextColor(), background) > 0.5
