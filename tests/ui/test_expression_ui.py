"""Edit > New from Expression… and the op search's "insert expression", driven with keys: the
graph arrives as one undo step, its value and gradients are the expression's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from backprop_studio.core.model.fileio import dumps_graph
from backprop_studio.ui.panels.expression_dialog import ExpressionDialog
from backprop_studio.ui.shell.main_window import create_main_window


@pytest.fixture
def window(qtbot):
    w = create_main_window(start_example=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_dialog_previews_value_and_gradients_and_points_at_errors(qtbot):
    dialog = ExpressionDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(dialog.field, "(a+b)*(b+1)")
    qtbot.keyClicks(dialog.values_field, "a=2")
    text = dialog.message.text()
    assert "value = 6" in text and "∂f/∂a = 2" in text and "∂f/∂b = 5" in text
    assert ok.isEnabled()
    dialog.field.setText("a.b")
    assert not ok.isEnabled()
    assert dialog.message.text().startswith("a.b\n ^\n")
    dialog.grab().save("/tmp/shots/expression/dialog_error.png")


def test_new_from_expression_is_one_undo_step(qtbot, window):
    before = dumps_graph(window.document.graph)

    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExpressionDialog)
        qtbot.keyClicks(dialog.field, "(a+b)*(b+1)")
        qtbot.keyClicks(dialog.values_field, "a=2")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    QTimer.singleShot(50, fill)
    window.action("new_from_expression").trigger()
    graph = window.document.graph
    assert {n.id for n in graph.nodes()} >= {"a", "b"}
    assert graph.loss == "mul1"
    result = window.document.evaluate_now()
    assert result.loss == 6.0 and float(result.grads["b"]) == 5.0
    assert window.document.undo_stack.count() == 1
    window.action("undo").trigger()
    assert dumps_graph(window.document.graph) == before


def test_op_search_offers_insert_expression(qtbot, window):
    window.view.setFocus()
    popup = window.view.open_op_search(QPointF(40, 40))
    qtbot.keyClicks(popup.field, "(a+b)*(b+1)")
    assert popup.offers_expression()
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    graph = window.document.graph
    assert len(graph) == 6 and len(graph.out_edges("b")) == 2
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert len(window.document.graph) == 0
    # plain words still search ops, with no expression row
    popup = window.view.open_op_search(QPointF(0, 0))
    qtbot.keyClicks(popup.field, "tanh")
    assert not popup.offers_expression() and popup.visible_ops()[0] == "tanh"


def test_inserting_into_a_graph_that_has_the_names_renames_them(qtbot, window):
    window.view.open_op_search(QPointF(0, 0))
    popup = window.view.op_search()
    qtbot.keyClicks(popup.field, "a*2")
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    popup = window.view.open_op_search(QPointF(0, 300))
    qtbot.keyClicks(popup.field, "a+1")
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    params = sorted(n.id for n in window.document.graph.nodes() if n.op == "parameter")
    assert params == ["a", "a1"]
    assert "a → a1" in window.statusBar().currentMessage()
