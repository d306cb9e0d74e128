"""Gestures on a real view become intent signals (never graph edits): port-to-port drags,
refused drags, node drags, drops, the op search, the inline weight editor."""

from __future__ import annotations

from canvas_helpers import drag, make_canvas, vp
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from backprop_studio.core.model.graph import Node
from backprop_studio.ui.canvas.view import OP_MIME


def test_drag_output_port_to_input_port_requests_that_edge(qtbot, example):
    graph = example("chain_rule")
    graph.add_node(Node("t", "tanh", position=(600.0, 110.0)))
    scene, view, rec = make_canvas(qtbot, graph)
    revision = graph.revision
    out = scene.node_item("f").output.scenePos()
    inp = scene.node_item("t").input_port("x").scenePos()
    drag(qtbot, view, out, inp)
    assert rec.connects == [("f", "t", "x")]
    assert rec.messages == []
    assert graph.revision == revision  # the scene asked; it did not edit
    assert scene.connection_drag() is None  # the rubber curve is gone


def test_drag_from_an_input_port_back_to_an_output_port_works_too(qtbot, example):
    graph = example("single_weight")
    graph.add_node(Node("s", "sub", position=(300.0, 300.0)))
    scene, view, rec = make_canvas(qtbot, graph)
    b = scene.node_item("s").input_port("b").scenePos()
    drag(qtbot, view, b, scene.node_item("y").output.scenePos())
    assert rec.connects == [("y", "s", "b")]


def test_release_on_a_node_card_picks_its_nearest_input_port(qtbot, example):
    graph = example("single_weight")
    graph.add_node(Node("s", "sub", position=(300.0, 320.0)))
    scene, view, rec = make_canvas(qtbot, graph)
    card = scene.node_item("s")
    target = card.input_port("b").scenePos() + QPointF(40, 0)  # on the card, level with 'b'
    drag(qtbot, view, scene.node_item("x").output.scenePos(), target)
    assert rec.connects == [("x", "s", "b")]


def test_cycle_making_drag_is_refused_with_the_reason(qtbot, example):
    graph = example("chain_rule")
    scene, view, rec = make_canvas(qtbot, graph)
    revision = graph.revision
    out = scene.node_item("f").output.scenePos()
    inp = scene.node_item("c").input_port("in").scenePos()
    drag(qtbot, view, out, inp)
    assert rec.connects == []
    assert len(rec.messages) == 1 and "cycle" in rec.messages[0]
    assert "f" in rec.messages[0] and "c" in rec.messages[0]
    assert graph.revision == revision


def test_occupied_single_input_port_is_refused(qtbot, example):
    graph = example("single_weight")
    scene, view, rec = make_canvas(qtbot, graph)
    drag(
        qtbot,
        view,
        scene.node_item("x").output.scenePos(),
        scene.node_item("L").input_port("prediction").scenePos(),
    )
    assert rec.connects == []
    assert "already has an input" in rec.messages[0]


def test_port_shows_ok_or_bad_while_dragging_and_grows_on_hover(qtbot, example):
    graph = example("chain_rule")
    graph.add_node(Node("t", "tanh", position=(600.0, 110.0)))
    scene, view, rec = make_canvas(qtbot, graph)
    port = view.viewport()
    start = scene.node_item("f").output
    good = scene.node_item("t").input_port("x")
    bad = scene.node_item("c").input_port("in")
    qtbot.mouseMove(port, vp(view, good.scenePos()))
    qtbot.waitUntil(lambda: good.hovered)
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=vp(view, start.scenePos()))
    qtbot.mouseMove(port, vp(view, start.scenePos() + QPointF(30, 30)))
    qtbot.mouseMove(port, vp(view, good.scenePos()))
    assert good.drop_state == "ok"
    qtbot.mouseMove(port, vp(view, bad.scenePos()))
    assert bad.drop_state == "bad" and good.drop_state is None
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=vp(view, bad.scenePos()))
    assert bad.drop_state is None and rec.connects == []


def test_dragging_a_node_emits_one_move_on_release(qtbot, example):
    graph = example("chain_rule")
    scene, view, rec = make_canvas(qtbot, graph)
    item = scene.node_item("c")
    grab = item.pos() + QPointF(0, -20)  # on the header
    drag(qtbot, view, grab, grab + QPointF(60, 40), steps=10)
    assert len(rec.moves) == 1
    (old, new) = rec.moves[0]["c"]
    assert old == (190.0, 55.0)
    assert abs(new[0] - 250.0) < 2 and abs(new[1] - 95.0) < 2
    assert list(rec.moves[0]) == ["c"]
    assert graph.node("c").position == (190.0, 55.0)  # the Document applies it, not the scene


def test_dragging_a_selection_moves_every_selected_node_in_one_signal(qtbot, example):
    graph = example("chain_rule")
    scene, view, rec = make_canvas(qtbot, graph)
    scene.select_ids(["a", "b"])
    grab = scene.node_item("a").pos() + QPointF(0, -20)
    drag(qtbot, view, grab, grab + QPointF(-50, 0))
    assert len(rec.moves) == 1 and set(rec.moves[0]) == {"a", "b"}
    for nid in ("a", "b"):
        (ox, oy), (nx, ny) = rec.moves[0][nid]
        assert abs(nx - (ox - 50)) < 2 and ny == oy


def test_snap_to_grid_snaps_dragged_nodes(qtbot, example):
    graph = example("chain_rule")
    scene, view, rec = make_canvas(qtbot, graph)
    scene.set_snap_to_grid(True)
    grab = scene.node_item("c").pos() + QPointF(0, -20)
    drag(qtbot, view, grab, grab + QPointF(33, 17))
    (_, (x, y)) = rec.moves[0]["c"]
    assert x % 20 == 0 and y % 20 == 0


def test_a_click_without_moving_emits_nothing(qtbot, example):
    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    pos = vp(view, scene.node_item("c").pos())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert rec.moves == [] and scene.selected_node_ids() == ["c"]
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=vp(view, scene.node_item("f").output.scenePos()),
    )
    assert rec.connects == [] and rec.messages == []


def test_rubber_band_on_the_background_selects(qtbot, example):
    graph = example("chain_rule")
    scene, view, rec = make_canvas(qtbot, graph)
    a, b = scene.node_item("a").pos(), scene.node_item("b").pos()
    drag(qtbot, view, a + QPointF(-110, -60), b + QPointF(20, 10))
    assert set(scene.selected_node_ids()) == {"a", "b"}
    assert rec.moves == []


def test_ctrl_arrow_keys_nudge_the_selection_as_one_move(qtbot, example):
    graph = example("chain_rule")
    scene, view, rec = make_canvas(qtbot, graph)
    scene.select_ids(["a", "c"])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert rec.moves == [{"a": ((0.0, 0.0), (10.0, 0.0)), "c": ((190.0, 55.0), (200.0, 55.0))}]


def _drop(view, op: str, pos: QPoint) -> QDropEvent:
    mime = QMimeData()
    mime.setData(OP_MIME, op.encode("utf-8"))
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        pos, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(
        pos, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), move)
    drop = QDropEvent(
        QPointF(pos), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def test_palette_drop_requests_a_node_at_the_drop_point(qtbot, example):
    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    pos = QPoint(420, 330)
    drop = _drop(view, "sigmoid", pos)
    assert drop.isAccepted()
    assert len(rec.created) == 1
    op, at = rec.created[0]
    expected = view.mapToScene(pos)
    assert op == "sigmoid" and abs(at.x() - expected.x()) < 1 and abs(at.y() - expected.y()) < 1


def test_drop_of_an_unknown_op_is_refused_with_a_message(qtbot, example):
    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    _drop(view, "frobnicate", QPoint(300, 300))
    assert rec.created == [] and "frobnicate" in rec.messages[0]


def test_shift_a_opens_the_op_search_and_enter_creates_the_op(qtbot, example):
    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    popup = view.op_search()
    assert popup.isVisible()
    assert len(popup.visible_ops()) >= 20  # every op of the registry
    qtbot.keyClicks(popup.field, "sigm")
    assert popup.visible_ops()[0] == "sigmoid"
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert [op for op, _ in rec.created] == ["sigmoid"]


def test_double_click_on_background_opens_the_search_at_that_point(qtbot, example):
    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    empty = QPointF(190.0, 300.0)  # below the graph
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, empty))
    popup = view.op_search()
    assert popup.isVisible()
    qtbot.keyClicks(popup.field, "mse")
    qtbot.keyClick(popup.field, Qt.Key.Key_Down)
    qtbot.keyClick(popup.field, Qt.Key.Key_Up)
    qtbot.keyClick(popup.field, Qt.Key.Key_Enter)
    op, at = rec.created[0]
    assert op == "mse" and abs(at.x() - empty.x()) < 2 and abs(at.y() - empty.y()) < 2


def test_escape_closes_the_search_without_creating(qtbot, example):
    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    popup = view.open_op_search(QPointF(0, 0))
    assert popup.isVisible()
    qtbot.keyClick(popup.field, Qt.Key.Key_Escape)
    assert not popup.isVisible() and rec.created == []


def _open_weight_editor(qtbot, scene, view, edge_id: str) -> QLineEdit:
    edge = scene.edge_item(edge_id)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, edge.label_center()))
    editor = scene.weight_editor()
    assert editor is not None and editor.edge_id == edge_id
    return editor.line_edit


def test_double_click_an_edge_edits_its_weight_inline(qtbot, example):
    graph = example("xor_network")
    scene, view, rec = make_canvas(qtbot, graph)
    line = _open_weight_editor(qtbot, scene, view, "e1")
    assert line.text() == "0.6"
    line.selectAll()
    qtbot.keyClicks(line, "-1,25")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert rec.weights == [("e1", -1.25)]
    assert scene.weight_editor() is None
    assert graph.edge("e1").weight == 0.6  # the Document applies it


def test_weight_editor_refuses_text_and_escape_cancels(qtbot, example):
    graph = example("xor_network")
    scene, view, rec = make_canvas(qtbot, graph)
    line = _open_weight_editor(qtbot, scene, view, "e2")
    line.selectAll()
    qtbot.keyClicks(line, "abc")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert rec.weights == [] and "not a number" in rec.messages[0]
    line = _open_weight_editor(qtbot, scene, view, "e2")
    qtbot.keyClicks(line, "5")
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert rec.weights == [] and scene.weight_editor() is None


def test_right_click_on_background_opens_the_search_with_tooltips(qtbot, example):
    from PySide6.QtGui import QContextMenuEvent

    from backprop_studio.core.ops import all_ops, get_op

    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    pos = vp(view, QPointF(190.0, 320.0))
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    popup = view.op_search()
    assert popup.isVisible()
    assert popup.visible_ops() == [s.name for s in all_ops()]
    for row in range(popup.list.count()):
        item = popup.list.item(row)
        spec = get_op(popup.visible_ops()[row])
        assert item.toolTip() == spec.tooltip() and "∂" in item.toolTip() or spec.is_source
    popup.list.setCurrentRow(popup.visible_ops().index("relu"))
    popup.choose_current()
    assert rec.created[0][0] == "relu"
