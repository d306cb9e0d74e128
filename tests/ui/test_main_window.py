"""The main window driven like a person would: mouse drags on the canvas, keys, menus' actions;
files saved, reopened, refused; closing with unsaved work."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QGraphicsView

from backprop_studio.core.model.fileio import dumps_graph, load_graph
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.shell.main_window import open_windows


@pytest.fixture
def window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.document.result is not None)
    return w


def vp_pos(window, scene_point: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_point)


def drag(qtbot, window, start: QPointF, end: QPointF, steps: int = 6) -> None:
    """A left-button mouse drag on the canvas between two scene points."""
    vp = window.view.viewport()
    a, b = vp_pos(window, start), vp_pos(window, end)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        qtbot.mouseMove(vp, p)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_window_contents_and_contract_names(window):
    assert isinstance(window.findChild(QGraphicsView, "canvas"), QGraphicsView)
    assert window.findChild(QDockWidget, "op_palette_dock").widget().objectName() == "op_palette"
    assert window.findChild(QDockWidget, "inspector_dock").widget().objectName() == "inspector"
    for name in (
        "action_new",
        "action_open",
        "action_save",
        "action_save_as",
        "action_export_image",
        "action_undo",
        "action_redo",
        "action_delete",
        "action_fit_view",
        "action_auto_layout",
    ):
        action(window, name)
    assert QKeySequence("Ctrl+Shift+Z") in action(window, "action_redo").shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Undo) in action(window, "action_undo").shortcuts()
    assert QKeySequence("Del") in action(window, "action_delete").shortcuts()
    assert QKeySequence("F") in action(window, "action_fit_view").shortcuts()
    assert [
        window.menu(k).title().replace("&", "") for k in ("file", "edit", "view", "run", "help")
    ] == [
        "File",
        "Edit",
        "View",
        "Run",
        "Help",
    ]
    examples = window.findChild(type(window.menu("file")), "menu_examples")
    assert len(examples.actions()) >= 4


def test_starts_with_the_chain_rule_example_untitled(window):
    doc = window.document
    assert doc.graph.title == "The chain rule" and doc.path is None and not doc.is_modified()
    assert window.windowTitle().startswith("The chain rule[*]")
    assert not window.isWindowModified()
    assert window.loss_label.text() == "L = 6"
    doc.set_node_fields("a", value=3.0)
    assert window.isWindowModified()


def test_drag_from_palette_to_canvas_adds_a_node(qtbot, window):
    palette = window.op_palette
    item = palette.item_for("tanh")
    mime = palette.tree.mimeData([item])
    assert bytes(mime.data("application/x-backprop-op").data()) == b"tanh"
    vp = window.view.viewport()
    target = vp_pos(window, QPointF(600, 300))
    enter = QDragEnterEvent(
        target,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(vp, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(
        target,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(vp, move)
    drop = QDropEvent(
        QPointF(target),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(vp, drop)
    graph = window.document.graph
    added = [n for n in graph.nodes() if n.op == "tanh"]
    assert len(added) == 1
    x, y = added[0].position
    assert abs(x - 600) < 200 and abs(y - 300) < 200  # near the drop point
    assert window.scene.selected_node_ids() == [added[0].id]
    assert window.document.undo_stack.count() == 1


def test_double_click_in_palette_adds_at_view_centre(qtbot, window):
    palette = window.op_palette
    palette.tree.scrollToItem(palette.item_for("sigmoid"))
    rect = palette.tree.visualItemRect(palette.item_for("sigmoid"))
    assert palette.tree.viewport().rect().contains(rect.center())
    qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    nodes = [n for n in window.document.graph.nodes() if n.op == "sigmoid"]
    assert len(nodes) == 1
    center = window.view.mapToScene(window.view.viewport().rect().center())
    assert abs(nodes[0].position[0] + 60 - center.x()) < 40


def test_port_to_port_drag_connects(qtbot, window):
    doc = window.document
    nid = doc.create_node("neg", (560, 300))
    qtbot.wait(10)
    out = window.scene.node_item("f").output
    inp = window.scene.node_item(nid).input_port("x")
    drag(qtbot, window, out.scenePos(), inp.scenePos())
    edges = doc.graph.in_edges(nid)
    assert len(edges) == 1 and edges[0].source == "f"
    doc.undo_stack.undo()
    assert doc.graph.in_edges(nid) == []


def test_cycle_making_drag_is_refused_with_a_message(qtbot, window):
    doc = window.document
    before = doc.dumps()
    count = doc.undo_stack.count()
    out = window.scene.node_item("f").output
    inp = window.scene.node_item("c").input_port("in")
    drag(qtbot, window, out.scenePos(), inp.scenePos())
    assert doc.dumps() == before and doc.undo_stack.count() == count
    assert "cycle" in window.statusBar().currentMessage()


def test_a_moved_node_is_one_undo_step(qtbot, window):
    doc = window.document
    item = window.scene.node_item("a")
    start = item.sceneBoundingRect().center()
    grab = QPointF(item.scenePos().x() + 40, item.scenePos().y() + 10)  # on the header
    del start
    drag(qtbot, window, grab, grab + QPointF(80, 60), steps=12)
    x, y = doc.graph.node("a").position
    assert (x, y) != (0.0, 0.0)
    assert doc.undo_stack.count() == 1
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl)
    assert doc.graph.node("a").position == (0.0, 0.0)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert doc.graph.node("a").position == (x, y)


def test_delete_key_and_undo_everything_returns_the_original(qtbot, window):
    doc = window.document
    original = doc.dumps()
    window.scene.select_ids(["b"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not doc.graph.has_node("b")
    window.add_op_at_center("exp")
    window.scene.select_ids(["c", "d"])
    action(window, "action_duplicate").trigger()
    window.document.set_edge_weight("e1", 4.0)
    action(window, "action_auto_layout").trigger()
    assert doc.dumps() != original
    while doc.undo_stack.canUndo():
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.dumps() == original
    assert not doc.is_modified()


def test_save_reopen_identical(qtbot, window, dialogs, tmp_path):
    doc = window.document
    doc.create_node("relu", (500, 400))
    dialogs.save_path = str(tmp_path / "mine")  # no suffix: .bpgraph is added
    assert action(window, "action_save").isEnabled()
    action(window, "action_save").trigger()
    saved = tmp_path / "mine.bpgraph"
    assert saved.exists() and doc.path == saved and not doc.is_modified()
    assert window.windowTitle().startswith("mine.bpgraph")
    other = create_main_window(saved)
    qtbot.addWidget(other)
    assert other.document.dumps() == saved.read_text(encoding="utf-8") == doc.dumps()
    assert dumps_graph(load_graph(saved)) == doc.dumps()


def test_bad_file_leaves_the_document_untouched(qtbot, window, dialogs, tmp_path):
    bad = tmp_path / "broken.bpgraph"
    bad.write_text(
        '{"format": "backprop-studio", "version": 1, "nodes": ['
        '{"id": "a", "op": "nope"}, {"id": "b", "op": "add", "value": "x"}], "edges": []}'
    )
    window.document.set_node_fields("a", value=5.0)
    before = window.document.dumps()
    assert not window.file_actions.open_path(bad)
    assert window.document.dumps() == before and window.document.is_modified()
    assert len(open_windows()) == 1
    title, text, details = dialogs.errors[-1]
    assert "broken.bpgraph" in text
    assert len(details) == 2 and "nope" in details[0] and "'b'" in details[1]


def test_open_with_unsaved_work_opens_a_new_window(qtbot, window, tmp_path):
    window.document.set_node_fields("a", value=5.0)
    path = tmp_path / "x.bpgraph"
    path.write_text(example_path("xor_network").read_text(encoding="utf-8"))
    assert window.file_actions.open_path(path)
    others = [w for w in open_windows() if w is not window]
    assert len(others) == 1 and others[0].document.path == path
    qtbot.addWidget(others[0])
    assert window.document.graph.node("a").value == 5.0  # untouched
    # opening the same file again raises its window instead of a third one
    assert window.file_actions.open_path(path)
    assert len(open_windows()) == 2


def test_close_with_unsaved_changes_asks(qtbot, window, dialogs, tmp_path):
    window.document.set_node_fields("a", value=5.0)
    dialogs.answer = "cancel"
    assert not window.close()
    assert window.isVisible() and dialogs.asked == ["The chain rule"]
    dialogs.answer = "save"
    dialogs.save_path = str(tmp_path / "kept.bpgraph")
    assert window.close()
    assert load_graph(tmp_path / "kept.bpgraph").node("a").value == 5.0


def test_copy_paste_between_windows(qtbot, window):
    window.scene.select_ids(["a", "b", "c"])
    action(window, "action_copy").trigger()
    mime = QApplication.clipboard().mimeData()
    assert mime.hasFormat("application/x-bpgraph-fragment") and mime.hasText()
    other = create_main_window()
    qtbot.addWidget(other)
    other.document.new()
    action(other, "action_paste").trigger()
    g = other.document.graph
    assert sorted(n.id for n in g.nodes()) == ["a", "b", "c"]
    assert sorted((e.source, e.target) for e in g.edges()) == [("a", "c"), ("b", "c")]
    assert other.scene.selected_node_ids() and other.document.undo_stack.count() == 1
    action(window, "action_paste").trigger()  # same window: fresh ids
    assert len(window.document.graph) == 9


def test_paste_of_plain_text_is_refused_clearly(qtbot, window):
    QApplication.clipboard().setText("hello")
    before = window.document.dumps()
    action(window, "action_paste").trigger()
    assert window.document.dumps() == before
    assert "clipboard" in window.statusBar().currentMessage()


def test_export_image_png_and_svg(qtbot, window, dialogs, tmp_path):
    dialogs.save_path = str(tmp_path / "graph.png")
    action(window, "action_export_image").trigger()
    png = tmp_path / "graph.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert window.file_actions.export_to(tmp_path / "graph.svg")
    assert "<svg" in (tmp_path / "graph.svg").read_text(encoding="utf-8")


def test_history_view_and_examples_menu(qtbot, window):
    window.document.set_node_fields("a", value=5.0)
    action(window, "action_history").trigger()
    dock = window.findChild(QDockWidget, "history_dock")
    assert dock is not None and dock.isVisible()
    action(window, "action_example_xor_network").trigger()  # unmodified? no: a new window
    assert len(open_windows()) == 2
    for w in open_windows():
        qtbot.addWidget(w)
    assert any(w.document.graph.title.startswith("XOR") for w in open_windows())


def test_new_on_an_unmodified_window_replaces_it(qtbot, window):
    action(window, "action_new").trigger()
    assert len(window.document.graph) == 0 and len(open_windows()) == 1
    assert window.windowTitle().startswith("Untitled")


def test_recent_files(qtbot, window, tmp_path):
    path = tmp_path / "r.bpgraph"
    path.write_text(example_path("single_weight").read_text(encoding="utf-8"))
    assert window.file_actions.open_path(path)
    menu = window.findChild(type(window.menu("file")), "menu_recent")
    window.fill_recent_menu(menu)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "r.bpgraph"


def test_theme_choice_applies_to_the_canvas(qtbot, window):
    action(window, "action_theme_dark").trigger()
    assert window.scene.theme.dark and action(window, "action_theme_dark").isChecked()
    action(window, "action_theme_light").trigger()
    assert not window.scene.theme.dark


def test_lesson_and_about(qtbot, window, monkeypatch):
    from backprop_studio.ui.shell import help_dialogs

    dialog = help_dialogs.show_lesson(window)
    qtbot.addWidget(dialog)
    text = dialog.findChild(type(dialog.children()[0]).__mro__[0], "lesson_text")
    assert "df/db" in dialog.findChildren(object, "lesson_text")[0].toPlainText()
    del text
    assert "Backprop Studio" in help_dialogs.about_text()


def test_path_type(window):
    assert window.document.path is None or isinstance(window.document.path, Path)


def test_files_opened_while_running_get_their_own_window(qtbot, window, tmp_path):
    from backprop_studio.ui.shell.app import open_file

    first, second = tmp_path / "one.bpgraph", tmp_path / "two.bpgraph"
    for p, name in ((first, "single_weight"), (second, "linear_regression")):
        p.write_text(example_path(name).read_text(encoding="utf-8"))
    assert open_file(first) is window  # the untouched start page is reused
    window.document.set_node_fields("w", value=5.0)  # unsaved work
    other = open_file(second)
    qtbot.addWidget(other)
    assert other is not window and other.document.path == second
    assert window.document.graph.node("w").value == 5.0 and window.document.path == first
    assert open_file(first) is window and len(open_windows()) == 2


def test_a_graph_file_dropped_on_the_canvas_opens(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    path = tmp_path / "dropped.bpgraph"
    path.write_text(example_path("single_weight").read_text(encoding="utf-8"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    vp = window.view.viewport()
    at = vp.rect().center()
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(at, *args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(vp, QDropEvent(QPointF(at), *args))  # the canvas passes it up
    assert window.document.path == path and window.document.graph.title == "The single weight"
    assert len(open_windows()) == 1


def test_copy_paste_and_select_all_keys_on_the_canvas(qtbot, window):
    ctrl = Qt.KeyboardModifier.ControlModifier
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, ctrl)
    assert len(window.scene.selected_node_ids()) == 6
    window.scene.select_ids(["c", "d", "f"])
    qtbot.keyClick(window.view, Qt.Key.Key_C, ctrl)
    qtbot.keyClick(window.view, Qt.Key.Key_V, ctrl)
    graph = window.document.graph
    assert len(graph) == 9 and len(graph.edges()) == 8  # c, d, f and the 2 edges between them
    pasted = window.scene.selected_node_ids()
    assert len(pasted) == 3 and not {"c", "d", "f"} & set(pasted)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(graph) == 6 and window.document.undo_stack.count() == 2


def test_save_and_export_failures_are_reported_and_change_nothing(qtbot, window, dialogs, tmp_path):
    window.document.set_node_fields("a", value=5.0)
    dialogs.save_path = str(tmp_path / "missing-folder" / "g.bpgraph")
    assert not window.file_actions.save_as()
    title, text, _details = dialogs.errors[-1]
    assert title == "Could not save" and "g.bpgraph" in text
    assert window.document.is_modified() and window.document.path is None
    assert not window.file_actions.export_to(tmp_path / "missing-folder" / "g.png")
    assert dialogs.errors[-1][0] == "Could not export"
    dialogs.save_path = ""  # a cancelled dialog
    assert not window.file_actions.save_as() and window.document.is_modified()
