"""The data table: undoable cell edits typed into the table, CSV import (errors name the
line), generators, rows, and the prediction plot for one-input graphs."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from training_helpers import action, set_panel, train, windows_opened

from backprop_studio.core.model.datasets import generate
from backprop_studio.ui.training.prediction_plot import prediction_setup


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot, "data_table_dock")


def cell_center(view, row: int, column: int):
    return view.visualRect(view.model().index(row, column)).center()


def test_editing_a_cell_is_one_undoable_step(qtbot, window):
    w = window("linear_regression")
    table = w.training.data_table
    view = table.view
    graph = w.document.graph
    assert table.model.columns == ["x", "y"] and table.model.rowCount() == 8
    assert view.model().index(2, 1).data() == "3.05"
    before = w.document.undo_stack.count()
    qtbot.waitUntil(lambda: view.viewport().width() > 120 and view.isVisible(), timeout=5000)
    where = cell_center(view, 2, 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    editor = view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "9.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: graph.data["y"][2] == 9.5, timeout=5000)
    assert view.model().index(2, 1).data() == "9.5"
    assert w.document.undo_stack.count() == before + 1
    assert w.document.undo_stack.undoText() == "Edit data y, row 3"
    action(w, "undo").trigger()
    assert graph.data["y"][2] == 3.05
    assert view.model().index(2, 1).data() == "3.05"


def test_a_cell_refuses_text_that_is_not_a_number(qtbot, window):
    w = window("linear_regression")
    model = w.training.data_table.model
    before = w.document.undo_stack.count()
    assert not model.setData(model.index(0, 0), "abc")
    assert not model.setData(model.index(0, 0), "inf")
    assert w.document.graph.data["x"][0] == 0.0
    assert w.document.undo_stack.count() == before
    assert "not a number" in w.statusBar().currentMessage() or "finite" in (
        w.statusBar().currentMessage()
    )


def test_csv_import_error_names_the_line(qtbot, window, tmp_path, dialogs):
    w = window("linear_regression")
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,4\n5,oops\n", encoding="utf-8")
    old = dict(w.document.graph.data)
    count = w.document.undo_stack.count()
    assert not w.training.data_table.import_csv(bad)
    assert len(dialogs.errors) == 1
    title, text, details = dialogs.errors[0]
    assert "bad.csv" in text
    assert "line 4" in details[0] and "oops" in details[0]
    assert w.document.graph.data == old
    assert w.document.undo_stack.count() == count


def test_csv_import_replaces_the_data_in_one_undo_step(qtbot, window, tmp_path):
    w = window("linear_regression")
    good = tmp_path / "points.csv"
    good.write_text("x,y\n0,1\n1,3\n2,5\n", encoding="utf-8")
    old = dict(w.document.graph.data)
    assert w.training.data_table.import_csv(good)
    assert w.document.graph.data == {"x": [0.0, 1.0, 2.0], "y": [1.0, 3.0, 5.0]}
    assert w.training.data_table.model.rowCount() == 3
    assert "3 samples" in w.training.panel.samples_note.text()
    action(w, "undo").trigger()
    assert w.document.graph.data == old


def test_generate_xor_and_a_missing_column_is_reported(qtbot, window):
    w = window("xor_network")
    table = w.training.data_table
    assert table.generate_data("xor", seed=0, repeats=3)
    assert w.document.graph.data == generate("xor", seed=0, repeats=3)
    assert table.model.rowCount() == 12
    assert table.generate_data("line", seed=1, n=10)
    assert "reads column 'x1'" in w.statusBar().currentMessage()
    action(w, "undo").trigger()
    assert table.model.rowCount() == 12


def test_add_and_delete_rows(qtbot, window):
    w = window("linear_regression")
    table = w.training.data_table
    graph = w.document.graph
    assert table.add_row()
    assert len(graph.data["x"]) == 9 and graph.data["x"][-1] == 3.5
    table.view.selectRow(0)
    assert table.delete_selected_rows()
    assert len(graph.data["x"]) == 8 and graph.data["x"][0] == 0.5
    action(w, "undo").trigger()
    action(w, "undo").trigger()
    assert len(graph.data["x"]) == 8 and graph.data["x"][0] == 0.0


def test_prediction_plot_shows_the_data_and_the_model(qtbot, window):
    w = window("linear_regression")
    plot = w.training.data_table.prediction
    assert prediction_setup(w.document.graph) == ("x", "y", "p")
    assert plot.applicable and plot.currentWidget() is plot.plot
    sx, sy = plot.samples.getData()
    np.testing.assert_allclose(sy, w.document.graph.data["y"])
    x, y = plot.curve_data()
    np.testing.assert_allclose(y, np.zeros_like(x))  # w = b = 0: the prediction is 0
    set_panel(w, iterations=300)
    train(qtbot, w)
    graph = w.document.graph
    wv, bv = graph.node("w").value, graph.node("b").value
    qtbot.waitUntil(lambda: abs(plot.curve_data()[1][0] - (wv * x[0] + bv)) < 1e-9, timeout=5000)
    x, y = plot.curve_data()
    np.testing.assert_allclose(y, wv * x + bv)
    assert wv == pytest.approx(2.0, abs=0.3)


def test_prediction_plot_explains_when_it_does_not_apply(window):
    w = window("xor_network")
    plot = w.training.data_table.prediction
    assert prediction_setup(w.document.graph) is None  # two input columns
    assert not plot.applicable and plot.currentWidget() is plot.note


def test_generate_dialog_builds_its_form_from_the_generators(qtbot):
    from backprop_studio.ui.training.data_generate import GenerateDialog

    dialog = GenerateDialog()
    qtbot.addWidget(dialog)
    dialog.generator.setCurrentIndex(dialog.generator.findData("two_moons"))
    assert set(dialog.fields) == {"n", "noise"}
    dialog.fields["n"].setValue(30)
    dialog.seed.setValue(4)
    assert dialog.choice() == ("two_moons", 4, {"n": 30, "noise": 0.1})
    dialog.generator.setCurrentIndex(dialog.generator.findData("line"))
    assert "slope" in dialog.fields and "x1" not in dialog.columns.text()


def test_export_and_import_through_the_file_dialogs(qtbot, window, tmp_path, monkeypatch):
    from backprop_studio.core.model.datasets import read_csv
    from backprop_studio.ui.training import data_table as module

    w = window("linear_regression")
    table = w.training.data_table
    target = tmp_path / "out.csv"
    monkeypatch.setattr(
        module.QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    qtbot.mouseClick(table.buttons["export"], Qt.MouseButton.LeftButton)
    assert read_csv(target) == w.document.graph.data
    target.write_text("x,y\n5,6\n7,8\n", encoding="utf-8")
    monkeypatch.setattr(
        module.QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    qtbot.mouseClick(table.buttons["import"], Qt.MouseButton.LeftButton)
    assert w.document.graph.data == {"x": [5.0, 7.0], "y": [6.0, 8.0]}
    assert w.document.undo_stack.undoText() == "Import out.csv"
