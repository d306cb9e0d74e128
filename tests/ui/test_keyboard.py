"""The keyboard and accessibility, driven with real keys: Tab leaves the canvas, Shift+A and
a Space tap open the op search, arrows move the selection to the nearest card, C connects from
a list, F6 cycles the panes, N / B step, Right / Left on the term list step; every control of
the main window has an accessible name and description; menus show every shortcut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QWidget

from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.shell.accessibility import is_interactive


@pytest.fixture
def window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.document.result is not None)
    qtbot.wait(30)
    return w


def focus_canvas(qtbot, window) -> None:
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.view.hasFocus(), timeout=2000)


def test_tab_leaves_the_canvas_and_shift_a_opens_the_search(qtbot, window):
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert not window.view.hasFocus()
    assert not window.view.op_search().isVisible()
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    popup = window.view.op_search()
    assert popup.isVisible()
    qtbot.keyClicks(popup.field, "tanh")
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    assert [n.op for n in window.document.graph.nodes()].count("tanh") == 1


def test_a_space_tap_opens_the_search_but_a_space_pan_does_not(qtbot, window):
    focus_canvas(qtbot, window)
    qtbot.keyPress(window.view, Qt.Key.Key_Space)
    qtbot.keyRelease(window.view, Qt.Key.Key_Space)
    assert window.view.op_search().isVisible()
    qtbot.keyClick(window.view.op_search().field, Qt.Key.Key_Escape)
    assert not window.view.op_search().isVisible()
    focus_canvas(qtbot, window)
    port = window.view.viewport()
    qtbot.keyPress(window.view, Qt.Key.Key_Space)
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=port.rect().center())
    qtbot.mouseMove(port, port.rect().center() + QPoint(30, 0))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=port.rect().center())
    qtbot.keyRelease(window.view, Qt.Key.Key_Space)
    assert not window.view.op_search().isVisible()


def test_arrow_keys_move_the_selection_to_the_nearest_card(qtbot, window):
    # the lesson's chain: a and b (and the input "1") on the left, c and d, then f
    scene = window.scene
    focus_canvas(qtbot, window)
    scene.select_ids(["a"])
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert scene.selected_node_ids() == ["c"]
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert scene.selected_node_ids() == ["f"]
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert scene.selected_node_ids() in (["c"], ["d"])
    scene.select_ids(["a"])
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert scene.selected_node_ids() == ["b"]
    before = window.document.graph.node("b").position
    assert window.document.undo_stack.count() == 0  # selecting moved nothing
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    after = window.document.graph.node("b").position
    assert after == (before[0], before[1] + 10)


def test_c_connects_the_selected_node_to_a_port_chosen_from_a_list(qtbot, window):
    doc = window.document
    nid = doc.create_node("parameter", window.view.mapToScene(window.view.rect().center()))
    qtbot.wait(10)
    window.scene.select_ids([nid])
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    chooser = window.view.port_chooser()
    assert chooser is not None and chooser.isVisible()
    texts = chooser.targets()
    assert any(t.startswith("c (add)") for t in texts)
    assert all(not t.startswith("a ") for t in texts)  # a parameter takes no input
    row = next(i for i, t in enumerate(texts) if t.startswith("c (add)"))
    chooser.list.setFocus()
    for _ in range(row):
        qtbot.keyClick(chooser.list, Qt.Key.Key_Down)
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    assert not chooser.isVisible()
    edges = [e for e in doc.graph.edges() if e.source == nid]
    assert [e.target for e in edges] == ["c"]
    doc.undo_stack.undo()
    assert not [e for e in doc.graph.edges() if e.source == nid]


def test_f6_cycles_the_panes(qtbot, window):
    focus_canvas(qtbot, window)
    seen = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        focus = QApplication.focusWidget()
        dock = focus
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        seen.append(dock.objectName() if dock is not None else focus.objectName())
    assert seen[:3] == ["op_palette_dock", "inspector_dock", "canvas"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.view


def test_n_and_b_step_and_the_term_list_steps_with_arrows(qtbot, window):
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    walk = window.stepper.walk
    assert walk is not None and walk.state.forward == 1
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert walk.state.forward == 2
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    assert walk.state.forward == 1
    terms = window.stepper.panel.terms
    terms.setFocus()
    for _ in range(walk.forward_total + 1):
        qtbot.keyClick(terms, Qt.Key.Key_Right)
    assert walk.state.backward >= 1
    done = walk.state.backward
    qtbot.keyClick(terms, Qt.Key.Key_Left)
    assert walk.state.backward == done - 1


def test_every_control_has_an_accessible_name_and_description(qtbot, window):
    for name in ("build", "step", "train"):
        window.named_actions[f"workspace_{name}"].trigger()
        qtbot.wait(20)
    window.file_actions.open_example(example_path("xor_network"))
    qtbot.wait(30)
    widgets = [w for w in window.findChildren(QWidget) if is_interactive(w)]
    assert len(widgets) > 50
    unnamed = [(type(w).__name__, w.objectName()) for w in widgets if not w.accessibleName()]
    assert unnamed == []
    undescribed = [w.objectName() for w in widgets if not w.accessibleDescription()]
    assert undescribed == []
    names = {w.objectName(): w.accessibleName() for w in widgets if w.objectName()}
    assert names["training_learning_rate"] == "Learning rate"  # the form label in front
    assert names["training_seed"] == "Seed"
    assert names["canvas"] == "Graph canvas"


def test_menus_show_every_shortcut(window):
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            keys = action.shortcuts()
            if len(keys) > 1:
                shown = action.text().split("\t")[1]
                for key in keys:
                    assert key.toString(QKeySequence.SequenceFormat.NativeText) in shown
    undo = window.named_actions["redo"]
    assert "Ctrl+Shift+Z" in undo.text()
    assert "N" in window.named_actions["step"].text().split("\t")[1]
    edit = [a.objectName() for a in window.menu("edit").actions()]
    assert {"action_add_node", "action_rename", "action_connect"} <= set(edit)
