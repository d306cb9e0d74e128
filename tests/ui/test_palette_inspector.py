"""The op palette (every registry op, grouped, filterable, a drag source) and the inspector
(every edit one undoable command; bad input refused with the reason), driven with keys and
clicks in a real main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit

from backprop_studio.core.ops import all_ops
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.panels.inspector import format_exact, parse_value
from backprop_studio.ui.panels.op_palette import CATEGORY_TITLES, OP_ROLE


@pytest.fixture
def window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.document.evaluate_now()
    return w


def select(window, ids) -> None:
    """Select on the canvas; the inspector follows on the next event-loop turn."""
    window.scene.select_ids(ids)
    QApplication.processEvents()


def widget(window, cls, name):
    found = window.inspector.findChild(cls, name)
    assert found is not None, name
    return found


def click_box(qtbot, box: QCheckBox) -> None:
    """Click a check box on its indicator, as a person does."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(9, box.height() // 2))


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


# ----------------------------------------------------------------------------- palette
def test_palette_lists_every_op_grouped_with_tooltips(window):
    palette = window.op_palette
    assert palette.op_names() == [s.name for s in all_ops()]
    tree = palette.tree
    headers = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert headers == [CATEGORY_TITLES[c] for c in dict.fromkeys(s.category for s in all_ops())]
    for spec in all_ops():
        item = palette.item_for(spec.name)
        assert spec.tooltip() in item.toolTip(0)
        assert item.parent().text(0) == CATEGORY_TITLES[spec.category]
        assert item.flags() & Qt.ItemFlag.ItemIsDragEnabled


def test_palette_filter_and_enter_adds_the_first_match(qtbot, window):
    palette = window.op_palette
    qtbot.keyClicks(palette.filter_edit, "relu")
    assert palette.op_names(visible_only=True) == ["relu", "leaky_relu"]
    assert not palette.item_for("relu").parent().isHidden()
    assert palette.item_for("add").parent().isHidden()  # a category with no match hides
    qtbot.keyClick(palette.filter_edit, Qt.Key.Key_Return)
    assert [n.op for n in window.document.graph.nodes()].count("relu") == 1
    palette.filter_edit.clear()
    assert len(palette.op_names(visible_only=True)) == len(all_ops())
    palette.filter_edit.setText("σ")  # by symbol (QTest cannot type non-Latin-1 keys)
    assert palette.op_names(visible_only=True) == ["sigmoid"]


def test_palette_drag_payload_is_the_op_name(window):
    palette = window.op_palette
    for spec in all_ops():
        mime = palette.tree.mimeData([palette.item_for(spec.name)])
        assert bytes(mime.data("application/x-backprop-op").data()).decode() == spec.name
    header = palette.tree.topLevelItem(0)
    assert header.data(0, OP_ROLE) is None
    assert not palette.tree.mimeData([header]).hasFormat("application/x-backprop-op")


def test_palette_renders(window, tmp_path):
    image = window.op_palette.grab()
    assert image.width() > 100 and image.height() > 100


# ----------------------------------------------------------------------------- inspector
def test_nothing_selected_shows_the_graph(qtbot, window):
    select(window, [])
    assert widget(window, QLineEdit, "inspector_title").text() == "The chain rule"
    counts = widget(window, QLabel, "inspector_counts").text()
    assert counts.startswith("6 nodes, 6 edges; 2 trainable parameters")
    assert widget(window, QLabel, "inspector_loss_value").text().startswith("6")
    doc = window.document
    type_into(qtbot, widget(window, QLineEdit, "inspector_title"), "My graph")
    assert doc.graph.title == "My graph" and doc.undo_stack.count() == 1
    desc = widget(window, QPlainTextEdit, "inspector_description")
    desc.setFocus()
    desc.selectAll()
    qtbot.keyClicks(desc, "A new description")
    window.view.setFocus()  # leaving the box commits it
    qtbot.waitUntil(lambda: doc.graph.description == "A new description")
    combo = widget(window, QComboBox, "inspector_loss")
    combo.setCurrentIndex(combo.findData("d"))
    combo.activated.emit(combo.currentIndex())
    assert doc.graph.loss == "d" and doc.undo_stack.count() == 3
    qtbot.waitUntil(lambda: widget(window, QLabel, "inspector_loss_value").text().startswith("2"))


def test_node_edits_are_commands(qtbot, window):
    doc = window.document
    original = doc.dumps()
    select(window, ["a"])
    assert widget(window, QLabel, "inspector_node_id").text() == "a"
    assert "∂/∂" not in widget(window, QLabel, "inspector_op").text()  # a parameter has none
    type_into(qtbot, widget(window, QLineEdit, "inspector_label"), "alpha")
    assert doc.graph.node("a").label == "alpha"
    value = widget(window, QLineEdit, "inspector_value")
    type_into(qtbot, value, "3")
    assert doc.graph.node("a").value == 3.0
    qtbot.waitUntil(lambda: widget(window, QLabel, "inspector_current_value").text() == "3")
    assert "= 2" in widget(window, QLabel, "inspector_gradient").text()  # df/da = d = 2
    trainable = widget(window, QCheckBox, "inspector_trainable")
    click_box(qtbot, trainable)
    assert doc.graph.node("a").trainable is False
    assert doc.undo_stack.count() == 3
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.dumps() == original


def test_bad_value_is_refused_with_the_reason(qtbot, window):
    doc = window.document
    select(window, ["a"])
    value = widget(window, QLineEdit, "inspector_value")
    type_into(qtbot, value, "two")
    error = widget(window, QLabel, "inspector_value_error")
    assert error.isVisible() and "'two' is not a number" in error.text()
    assert doc.graph.node("a").value == 2.0 and doc.undo_stack.count() == 0
    type_into(qtbot, value, "1, 2")  # a parameter holds one number
    assert "one number" in error.text() and doc.undo_stack.count() == 0


def test_input_batches_columns_and_use_as_loss(qtbot, window):
    doc = window.document
    select(window, ["one"])
    value = widget(window, QLineEdit, "inspector_value")
    type_into(qtbot, value, "1, 2, 3")
    assert doc.graph.node("one").value == [1.0, 2.0, 3.0]
    qtbot.waitUntil(lambda: "[" in widget(window, QLabel, "inspector_current_value").text())
    select(window, ["c"])
    loss = widget(window, QCheckBox, "inspector_use_as_loss")
    click_box(qtbot, loss)
    assert doc.graph.loss == "c"
    inputs = widget(window, QLabel, "inspector_inputs").text()
    assert "in ← a, b" in inputs


def test_data_column_choice(qtbot, window):
    window.file_actions.open_example(example_path("xor_network"))
    doc = window.document
    select(window, ["x1"])
    combo = widget(window, QComboBox, "inspector_column")
    assert combo.isVisibleTo(window.inspector) and combo.currentData() == "x1"
    assert not widget(window, QLineEdit, "inspector_value").isEnabled()
    combo.setCurrentIndex(combo.findData("x2"))
    combo.activated.emit(combo.currentIndex())
    assert doc.graph.node("x1").column == "x2" and doc.undo_stack.count() == 1


def test_edge_edits(qtbot, window):
    doc = window.document
    select(window, ["e1"])
    weight = widget(window, QLineEdit, "inspector_weight")
    assert weight.text() == "1"
    type_into(qtbot, weight, "2.5")
    assert doc.graph.edge("e1").weight == 2.5
    qtbot.waitUntil(lambda: widget(window, QLabel, "inspector_edge_carries").text().endswith("= 5"))
    trainable = widget(window, QCheckBox, "inspector_edge_trainable")
    click_box(qtbot, trainable)
    assert doc.graph.edge("e1").trainable
    type_into(qtbot, weight, "inf")
    assert widget(window, QLabel, "inspector_weight_error").isVisible()
    assert doc.graph.edge("e1").weight == 2.5 and doc.undo_stack.count() == 2


def test_selection_of_several_and_deleted_items_fall_back_to_the_graph(qtbot, window):
    select(window, ["a", "b"])
    assert window.inspector.stack.currentWidget() is window.inspector.graph_page
    select(window, ["b"])
    window.document.delete(["b"])
    qtbot.waitUntil(lambda: window.inspector.stack.currentWidget() is window.inspector.graph_page)


def test_value_text_round_trips():
    for x in (2.0, 0.1, -1.5e-07, 1e20, 3.0000000000000004):
        assert parse_value(format_exact(x), allow_batch=False) == x
    assert parse_value("[1, 2.5]", allow_batch=True) == [1.0, 2.5]
    assert parse_value("", allow_batch=True) is None
    with pytest.raises(ValueError):
        parse_value("nan", allow_batch=False)


def test_a_node_that_stops_evaluation_shows_why(qtbot, window):
    window.document.delete([], ["e5", "e6"])  # f (mul) loses both inputs
    select(window, ["f"])
    qtbot.waitUntil(lambda: window.document.result is None)
    window.inspector.refresh()
    problem = widget(window, QLabel, "inspector_node_problem")
    assert problem.isVisibleTo(window.inspector) and "missing" in problem.text()
    assert widget(window, QLabel, "inspector_gradient").text() == "—"
    select(window, ["a"])
    assert not widget(window, QLabel, "inspector_node_problem").isVisibleTo(window.inspector)
