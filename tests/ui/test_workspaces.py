"""Workspaces driven with real keys and clicks at the default 1280x800 window: Build, Step and
Train each show their docks, keep at least half of the window for the canvas, fit every
example with card text of 11 px or more, and remember their own layout; the closed form
is reachable from the Run menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QTabBar

from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.shell.workspaces import WORKSPACES

EXAMPLES = ("chain_rule", "single_weight", "linear_regression", "two_minima", "xor_network")
LABEL_FONT_PX = 13  # the card title's font (canvas theme "label"), in scene pixels


def open_window(qtbot, settle_ms: int = 30):
    """A new main window at the default 1280x800, shown."""
    w = create_main_window()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(settle_ms)
    return w


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def visible_docks(window) -> set[str]:
    return {
        d.objectName()
        for d in window.findChildren(QDockWidget)
        if d.isVisible() and not d.visibleRegion().isEmpty()
    }


def canvas_share(window) -> float:
    view = window.view
    return view.width() * view.height() / (window.width() * window.height())


CARD_FONTS = ("label", "symbol", "value", "value_bold", "value_italic", "small")


def card_text_px(window) -> float:
    """The smallest text of a card on screen (title, numbers, row names): the smallest of
    its fonts' scene pixel sizes times the zoom."""
    assert window.scene.theme.font("label").pixelSize() == LABEL_FONT_PX
    smallest = min(window.scene.theme.font(role).pixelSize() for role in CARD_FONTS)
    return smallest * window.view.transform().m11()


def test_ctrl_1_2_3_switch_workspaces_and_their_docks(qtbot, window):
    expected = {
        "build": {"op_palette_dock", "inspector_dock"},
        "step": {"chain_rule_panel_dock"},
        "train": {"training_panel_dock", "loss_plot_dock", "landscape_plot_dock"},
    }
    for key, name in ((Qt.Key.Key_2, "step"), (Qt.Key.Key_3, "train"), (Qt.Key.Key_1, "build")):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(20)
        assert window.workspaces.current == name
        assert action(window, f"action_workspace_{name}").isChecked()
        assert visible_docks(window) == expected[name]
        tabs = window.findChild(QTabBar, "workspace_tabs")
        assert tabs.tabText(tabs.currentIndex()).lower() == name


def test_clicking_a_workspace_tab_switches(qtbot, window):
    tabs = window.findChild(QTabBar, "workspace_tabs")
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(2).center())
    qtbot.wait(20)
    assert window.workspaces.current == "train"
    assert "training_panel_dock" in visible_docks(window)
    assert window.findChild(QDockWidget, "op_palette_dock").isHidden()


@pytest.mark.parametrize("space", [w.name for w in WORKSPACES])
def test_canvas_share_and_card_text_of_every_example(qtbot, window, space):
    """At 1280x800 the canvas has at least half of the window and every example fits
    (all its cards in view) with every card text (titles, numbers, row names) 11 px or more
    on screen."""
    for example in EXAMPLES:
        window.file_actions.open_example(example_path(example))
        qtbot.wait(20)
        action(window, f"action_workspace_{space}").trigger()
        qtbot.wait(30)
        window.fit_view()
        assert (window.width(), window.height()) == (1280, 800)
        share = canvas_share(window)
        assert share >= 0.5, (space, example, share)
        assert card_text_px(window) >= 11.0, (space, example, card_text_px(window))
        seen = window.view.visible_scene_rect()
        for item in window.scene.node_items():
            assert seen.contains(item.sceneBoundingRect().center()), (space, example, item)


def test_each_workspace_remembers_its_own_layout(qtbot, window):
    action(window, "action_workspace_build").trigger()
    window.findChild(QDockWidget, "inspector_dock").close()  # the user closes a panel
    qtbot.wait(20)
    action(window, "action_workspace_train").trigger()
    qtbot.wait(20)
    assert "training_panel_dock" in visible_docks(window)
    window.findChild(QDockWidget, "loss_plot_dock").close()
    qtbot.wait(20)
    action(window, "action_workspace_build").trigger()
    qtbot.wait(20)
    assert visible_docks(window) == {"op_palette_dock"}  # still closed in Build only
    action(window, "action_workspace_train").trigger()
    qtbot.wait(20)
    docks = visible_docks(window)
    assert "loss_plot_dock" not in docks and "training_panel_dock" in docks
    action(window, "action_workspace_reset").trigger()
    qtbot.wait(20)
    assert "loss_plot_dock" in visible_docks(window)


def test_layouts_outlive_the_window(qtbot, window):
    action(window, "action_workspace_step").trigger()
    qtbot.wait(20)
    window.findChild(QDockWidget, "chain_rule_panel_dock").setFloating(True)
    qtbot.wait(20)
    window.close()
    again = create_main_window()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.wait(30)
    assert again.workspaces.current == "step"
    assert again.findChild(QDockWidget, "chain_rule_panel_dock").isFloating()


def test_stepping_goes_to_the_step_workspace(qtbot, window):
    action(window, "action_workspace_build").trigger()
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: window.workspaces.current == "step", timeout=2000)
    assert "chain_rule_panel_dock" in visible_docks(window)
    assert window.findChild(QDockWidget, "op_palette_dock").isHidden()


def test_closed_form_from_the_run_menu(qtbot, window):
    window.file_actions.open_example(example_path("single_weight"))
    qtbot.wait(20)
    action(window, "action_workspace_build").trigger()
    qtbot.wait(20)
    run_menu = window.menu("run")
    solve, use = (
        action(window, "action_solve_closed_form"),
        action(window, "action_use_closed_form"),
    )
    assert solve in run_menu.actions() and use in run_menu.actions()
    assert not use.isEnabled()
    solve.trigger()
    qtbot.wait(20)
    assert window.workspaces.current == "train"
    box = window.training.panel.closed_form
    assert box.result is not None and box.result.found
    assert box.answer.text().splitlines()[0] in window.statusBar().currentMessage()
    assert not box.visibleRegion().isEmpty()  # scrolled into view
    assert use.isEnabled()
    target = box.result.target
    use.trigger()
    graph = window.document.graph
    solved = graph.node(target).value if graph.has_node(target) else graph.edge(target).weight
    assert solved == pytest.approx(box.result.value)
    window.document.undo_stack.undo()
    assert window.document.undo_stack.index() == 0


def test_workspace_actions_are_in_the_view_menu_with_their_keys(window):
    menu = window.findChild(QAction, "action_workspace_build").associatedObjects()
    assert any(getattr(m, "objectName", lambda: "")() == "menu_workspace" for m in menu)
    for ws in WORKSPACES:
        assert action(window, f"action_workspace_{ws.name}").shortcut().toString() == ws.key


def test_a_switch_keeps_the_whole_graph_in_view(qtbot, window):
    window.file_actions.open_example(example_path("xor_network"))
    qtbot.wait(30)
    action(window, "action_workspace_build").trigger()
    qtbot.wait(30)
    window.fit_view()
    rect = window.scene.items_rect()
    assert window.view.visible_scene_rect().contains(rect)
    for name in ("train", "step", "build"):
        action(window, f"action_workspace_{name}").trigger()
        qtbot.wait(40)
        assert window.view.visible_scene_rect().contains(rect), name


def test_a_second_launch_keeps_each_workspace_to_its_own_docks(qtbot, window):
    """The window's own saved layout (every dock showing, as versions before the workspaces
    saved it at close) must not override the workspace's layout at the next launch, nor be
    saved into it."""
    from backprop_studio.ui.shell import window_theme
    from backprop_studio.ui.shell.app import open_initial_windows

    for dock in window.findChildren(QDockWidget):
        dock.show()
    qtbot.wait(20)
    everything = window.saveState()
    window.close()
    window_theme._settings().remove("workspace")  # as an older version left the settings
    window_theme.save_setting("window/state", everything)
    again = open_initial_windows([])[0]
    qtbot.addWidget(again)
    qtbot.waitExposed(again)
    qtbot.wait(30)
    own = {ws.name: {n for group in ws.groups for n in group} for ws in WORKSPACES}
    assert visible_docks(again) <= own[again.workspaces.current]
    action(again, "action_workspace_step").trigger()
    qtbot.wait(20)
    action(again, "action_workspace_build").trigger()
    qtbot.wait(20)
    assert visible_docks(again) == {"op_palette_dock", "inspector_dock"}
    again.close()
    assert window_theme.load_setting("window/state") is None
    assert window_theme.load_setting("window/geometry") is not None


def test_the_next_launch_gives_the_canvas_the_same_room(qtbot, window):
    """A workspace's layout restored while the new window is still being built (small) must
    not keep the docks' share of that size: the docks grew at every launch."""
    action(window, "action_workspace_step").trigger()
    qtbot.wait(50)
    first = window.view.size().toTuple()
    window.close()
    for _ in range(2):
        again = open_window(qtbot, 50)
        assert again.workspaces.current == "step"
        assert again.view.size().toTuple() == first
        assert canvas_share(again) >= 0.5
        again.close()
