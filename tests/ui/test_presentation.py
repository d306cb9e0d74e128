"""Presentation mode driven with its keys: Ctrl+Shift+P enters (full screen, no menus, no
docks), the canvas takes at least 85% of a 1920x1080 screen beside the slim bar, card text
is 24 px or more on every example, the Train workspace's plots come along large, the current chain-rule term is shown large, Esc leaves
and puts the window back as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QToolButton
from training_helpers import wait_idle

from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window

EXAMPLES = ("chain_rule", "single_weight", "linear_regression", "two_minima", "xor_network")
SCREEN = (1920, 1080)


@pytest.fixture
def window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(30)
    yield w
    if w.presentation.active:  # leave as a user would, so nothing of it outlives the test
        w.presentation.leave()
    w.close()


def present(qtbot, window) -> None:
    """Ctrl+Shift+P, then the 1920x1080 screen (the offscreen platform's screen is smaller)."""
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.presentation.active and window.isFullScreen()
    qtbot.wait(50)  # full screen settles at the offscreen screen's size first
    window.setGeometry(0, 0, *SCREEN)
    qtbot.waitUntil(lambda: window.view.size().toTuple() == SCREEN, timeout=3000)
    qtbot.wait(30)
    assert window.view.size().toTuple() == SCREEN


def visible_docks(window) -> list[str]:
    return [d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()]


def test_enter_hides_everything_but_the_canvas(qtbot, window):
    present(qtbot, window)
    assert visible_docks(window) == []
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert action_checked(window, "presentation")
    view, bar = window.view, window.presentation.bar
    screen = SCREEN[0] * SCREEN[1]
    canvas = view.width() * view.height()
    uncovered = canvas - bar.width() * bar.height()
    assert canvas / screen >= 0.85
    assert uncovered / screen >= 0.85, uncovered / screen  # the bar is slim
    assert bar.isVisible() and view.geometry().contains(bar.geometry())


def action_checked(window, name: str) -> bool:
    return window.named_actions[name].isChecked()


@pytest.mark.parametrize("example", EXAMPLES)
def test_card_text_is_24_px_or_more(qtbot, window, example):
    """Titles, numbers and row names ("value", "grad", "mean of 4"): every font on a card."""
    window.file_actions.open_example(example_path(example))
    qtbot.wait(20)
    present(qtbot, window)
    zoom = window.view.transform().m11()
    for role in ("label", "symbol", "value", "value_bold", "value_italic", "small"):
        px = window.scene.theme.font(role).pixelSize() * zoom
        assert px >= 24.0, (role, px)
    nodes = window.scene.node_items()
    seen = window.view.visible_scene_rect()
    shown = [n for n in nodes if seen.contains(n.sceneBoundingRect().center())]
    assert len(shown) >= len(nodes) * 0.6  # most of the graph, the rest follows the walk


def test_the_current_term_is_shown_large_and_followed(qtbot, window):
    window.file_actions.open_example(example_path("xor_network"))
    qtbot.wait(20)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    present(qtbot, window)
    bar = window.presentation.bar
    names = {b.objectName() for b in bar.findChildren(QToolButton)}
    assert {"presentation_step", "presentation_step_back", "presentation_play_pass"} <= names
    walk = None
    for _ in range(window.document.graph.__len__() + 3):  # the forward pass, into backward
        qtbot.keyClick(window.view, Qt.Key.Key_F10)
        walk = window.stepper.walk
    assert walk is not None and walk.state.backward > 0
    term = bar.findChild(QLabel, "presentation_term")
    assert term.text() == walk.explain() and term.text().startswith("Backward")
    assert term.font().pixelSize() >= 24
    edge = window.scene.edge_item(walk.current_term.edge)
    assert window.view.visible_scene_rect().intersects(edge.sceneBoundingRect())
    assert visible_docks(window) == []  # stepping raised no dock while presenting


def test_esc_leaves_and_restores_the_window(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    before_docks = sorted(visible_docks(window))
    before_zoom = window.view.zoom()
    present(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Build, meanwhile
    assert visible_docks(window) == []
    assert {b.objectName() for b in window.presentation.bar.findChildren(QToolButton)} >= {
        "presentation_fit_view"
    }
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.wait(30)
    assert not window.presentation.active and not window.isFullScreen()
    assert window.menuBar().isVisible() and not window.presentation.bar.isVisible()
    assert sorted(visible_docks(window)) == ["inspector_dock", "op_palette_dock"]
    assert before_docks != sorted(visible_docks(window))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert sorted(visible_docks(window)) == before_docks
    assert window.view.zoom() == pytest.approx(before_zoom)
    assert not action_checked(window, "presentation")


def test_the_menu_entry_and_its_shortcut(window):
    entry = window.named_actions["presentation"]
    assert entry in window.menu("view").actions()
    assert entry.shortcut().toString() == "Ctrl+Shift+P"
    assert window.named_actions["pause_training"].shortcut().toString() != "Ctrl+Shift+P"


def test_the_bar_follows_the_dark_theme(qtbot, window):
    window.view_actions.choose_theme("dark")
    present(qtbot, window)
    bar = window.presentation.bar
    image = bar.grab().toImage()
    inside = image.pixelColor(image.width() // 2, image.height() - 8)
    assert inside.lightnessF() < 0.3, inside.name()
    assert bar.term.palette().color(bar.term.foregroundRole()).lightnessF() > 0.7


def test_train_shows_the_plots_large_beside_the_graph_and_gives_them_back(qtbot, window):
    from backprop_studio.ui.training.plot_style import ThemedPlotWidget

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    studio = window.training
    loss_dock = window.findChild(QDockWidget, "loss_plot_dock")
    assert loss_dock.widget() is studio.loss_plot
    present(qtbot, window)
    plots = window.presentation.plots
    assert plots.isVisible() and plots.objectName() == "presentation_plots"
    assert plots.isAncestorOf(studio.loss_plot) and plots.isAncestorOf(studio.landscape)
    view = window.view
    assert view.width() * view.height() >= 0.85 * SCREEN[0] * SCREEN[1]
    for themed in studio.loss_plot.findChildren(ThemedPlotWidget):
        axis = themed.getPlotItem().getAxis("bottom")
        assert axis.style["tickFont"].pixelSize() >= 22
        assert axis.labelStyle["font-size"] == "22px"
    # the lesson's graph stays whole and clear of the panel
    panel = plots.geometry()
    for item in window.scene.node_items():
        on_screen = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert view.viewport().rect().contains(on_screen), item
        assert not panel.intersects(on_screen), item
    # training draws into the big plot: the live loss falls there
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window, 20_000)
    _, ys = studio.loss_plot.curve_data(studio.controller.last_session.number)
    assert len(ys) > 10 and ys[-1] < ys[0]
    toggle = window.presentation.bar.findChild(QToolButton, "presentation_plots_toggle")
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not plots.isVisible()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert plots.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.wait(30)
    assert loss_dock.widget() is studio.loss_plot and loss_dock.isVisible()
    landscape_dock = window.findChild(QDockWidget, "landscape_plot_dock")
    assert landscape_dock.widget() is studio.landscape
    for themed in studio.loss_plot.findChildren(ThemedPlotWidget):
        assert themed.getPlotItem().getAxis("bottom").style["tickFont"] is None
        assert themed.line_scale == 1.0


def test_presenting_again_in_another_workspace_shows_only_its_controls(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    present(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    present(qtbot, window)
    shown = {
        b.objectName()
        for b in window.presentation.bar.findChildren(QToolButton)
        if b.isVisibleTo(window.presentation.bar)
    }
    assert "presentation_step" in shown
    assert not shown & {"presentation_train", "presentation_plots_toggle"}, shown
    assert not window.presentation.plots.isVisible()
