"""Editing comfort, driven like a person would: F2 and a double-click on a card's title rename
it; the context menu of a card and of an edge renames, duplicates, sets the loss, toggles
trainable and deletes (each one undo step); paste lands at the cursor; an empty canvas says
how to start; parameters connected to a product or a sum are named w1, w2 / b."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QCursor

from backprop_studio.core.model.naming import suggest_parameter_label
from backprop_studio.ui import create_main_window


@pytest.fixture
def window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.document.result is not None)
    qtbot.wait(30)
    return w


def title_point(window, nid: str) -> QPoint:
    """A viewport point on the card's title row."""
    item = window.scene.node_item(nid)
    card = item.mapRectToScene(item.shape().boundingRect())
    return window.view.mapFromScene(card.center().x(), card.top() + 10)


def test_f2_renames_the_selected_node(qtbot, window):
    window.scene.select_ids(["c"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    editor = window.view.rename_editor()
    assert editor is not None and editor.isVisible() and editor.field.text() == "c"
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, "sum")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert window.document.graph.node("c").label == "sum"
    assert window.scene.node_item("c").title == "sum"
    window.document.undo_stack.undo()
    assert window.document.graph.node("c").display_name == "c"


def test_double_click_on_the_title_renames_and_escape_cancels(qtbot, window):
    before = window.document.graph.node("f").label
    qtbot.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=title_point(window, "f")
    )
    editor = window.view.rename_editor()
    assert editor is not None and editor.isVisible() and editor.node_id == "f"
    qtbot.keyClicks(editor.field, "L")
    qtbot.keyClick(editor.field, Qt.Key.Key_Escape)
    assert not editor.isVisible() and window.document.graph.node("f").label == before
    assert window.document.undo_stack.count() == 0


def test_context_menu_of_a_node(qtbot, window):
    menu_owner = window.canvas_menu
    seen = []
    window.view.item_menu_requested.connect(lambda kind, ident, _at: seen.append((kind, ident)))
    item = window.scene.node_item("a")
    pos = window.view.mapFromScene(item.sceneBoundingRect().center())
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, window.view.mapToGlobal(pos))
    window.view.contextMenuEvent(event)
    assert seen == [("node", "a")] and window.scene.selected_node_ids() == ["a"]
    menu = menu_owner.last_menu
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == [
        "canvas_menu_rename",
        "canvas_menu_connect",
        "canvas_menu_duplicate",
        "canvas_menu_set_loss",
        "canvas_menu_trainable",
        "canvas_menu_delete",
    ]
    menu.close()
    doc = window.document
    by_name = {a.objectName(): a for a in menu.actions()}
    assert by_name["canvas_menu_trainable"].isChecked()
    by_name["canvas_menu_trainable"].trigger()
    assert not doc.graph.node("a").trainable
    menu_owner.build_menu("node", "c")
    by_name = {a.objectName(): a for a in menu_owner.last_menu.actions()}
    assert "canvas_menu_trainable" not in by_name  # only parameters are trainable
    by_name["canvas_menu_set_loss"].trigger()
    assert doc.graph.loss == "c"
    window.scene.select_ids(["c"])
    count = len(doc.graph)
    by_name["canvas_menu_duplicate"].trigger()
    assert len(doc.graph) == count + 1
    by_name["canvas_menu_delete"].trigger()  # the duplicate is selected now
    assert len(doc.graph) == count
    for _ in range(4):
        doc.undo_stack.undo()
    assert doc.graph.node("a").trainable and doc.graph.loss == "f"


def test_context_menu_of_an_edge(qtbot, window):
    doc = window.document
    edge = doc.graph.edges()[0]
    window.canvas_menu.build_menu("edge", edge.id)
    by_name = {a.objectName(): a for a in window.canvas_menu.last_menu.actions()}
    assert set(by_name) >= {
        "canvas_menu_edit_weight",
        "canvas_menu_trainable",
        "canvas_menu_delete",
    }
    by_name["canvas_menu_trainable"].trigger()
    assert doc.graph.edge(edge.id).trainable != edge.trainable
    window.scene.select_ids([edge.id])
    by_name["canvas_menu_delete"].trigger()
    assert not doc.graph.has_edge(edge.id)
    by_name["canvas_menu_edit_weight"].trigger()  # the edge is gone: nothing happens
    doc.undo_stack.undo()
    assert doc.graph.has_edge(edge.id)


def test_paste_lands_at_the_cursor(qtbot, window):
    window.scene.select_ids(["a"])
    window.named_actions["copy"].trigger()
    port = window.view.viewport()
    target = QPoint(port.width() - 150, port.height() - 100)
    QCursor.setPos(port.mapToGlobal(target))
    assert port.mapFromGlobal(QCursor.pos()) == target
    window.named_actions["paste"].trigger()
    new = [n for n in window.document.graph.nodes() if n.id not in ("a", "b", "c", "d", "f")]
    new = [n for n in new if n.op == "parameter"]
    assert len(new) == 1
    at = window.view.mapToScene(target)
    assert abs(new[0].position[0] - at.x()) <= 1 and abs(new[0].position[1] - at.y()) <= 1


def test_an_empty_canvas_says_how_to_start(qtbot, window):
    window.named_actions["new"].trigger()
    qtbot.wait(20)
    assert len(window.document.graph) == 0
    hint = window.view.empty_hint()
    assert "Shift+A" in hint and "double-click" in hint
    with_hint = band_colors(window)
    window.document.create_node("input", window.view.mapToScene(5, 5))
    qtbot.wait(20)
    without = band_colors(window)
    assert len(with_hint) > 3 * len(without)  # anti-aliased text, against grid and background


def band_colors(window) -> set[int]:
    """The colours in a band across the middle of the canvas (the hint's lines)."""
    image = window.view.viewport().grab().toImage()
    mid = image.height() // 2
    return {
        image.pixel(x, y) for x in range(60, image.width() - 60) for y in range(mid - 30, mid + 30)
    }


def test_parameters_are_named_w_and_b_when_connected(qtbot, window):
    doc = window.document
    window.named_actions["new"].trigger()
    mul = doc.create_node("mul", window.view.mapToScene(400, 300))
    add = doc.create_node("add", window.view.mapToScene(600, 300))
    p1 = doc.create_node("parameter", window.view.mapToScene(200, 200))
    p2 = doc.create_node("parameter", window.view.mapToScene(200, 350))
    p3 = doc.create_node("parameter", window.view.mapToScene(200, 450))
    window.scene.connect_requested.emit(p1, mul, "")
    window.scene.connect_requested.emit(p2, mul, "")
    window.scene.connect_requested.emit(p3, add, "")
    graph = doc.graph
    assert [graph.node(p).display_name for p in (p1, p2, p3)] == ["w1", "w2", "b"]
    doc.undo_stack.undo()  # the edge and the name go together
    assert graph.node(p3).display_name == p3 == "w3" and not graph.in_edges(add)
    assert suggest_parameter_label(graph, mul, add) is None  # only parameters are named


def test_keyboard_connect_also_names_the_parameter(qtbot, window):
    doc = window.document
    window.named_actions["new"].trigger()
    mul = doc.create_node("mul", window.view.mapToScene(400, 300))
    p = doc.create_node("parameter", window.view.mapToScene(200, 300))
    window.scene.select_ids([p])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    chooser = window.view.port_chooser()
    assert chooser.targets() == [f"{mul} (mul)"]
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    assert doc.graph.node(p).display_name == "w1" and doc.graph.in_edges(mul)
