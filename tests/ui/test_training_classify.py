"""Classification and held-out data in the app: the Held out setting, the dashed held-out
curve in the run's colour, accuracy in the panel and the status, the predicted class column."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from training_helpers import set_panel, train, windows_opened

from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.training.trainer import Trainer
from backprop_studio.resources_path import example_path


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot, "data_table_dock")


def test_held_out_curve_is_dashed_in_the_run_colour_and_matches_the_trainer(qtbot, window):
    w = window("overfitting")
    panel = w.training.panel
    assert panel.validation_fraction.value() == pytest.approx(0.33)  # from the file
    set_panel(w, iterations=300)
    session = train(qtbot, w)
    plot = w.training.loss_plot
    _, held = plot.held_out_data(session.number)
    expected = Trainer(_fresh(), session.settings)
    np.testing.assert_allclose(held, expected.run_all().validation_loss_history, rtol=1e-12)
    train_item = plot.curve_items(session.number)[0]
    held_item = plot.held_out_items()[0]
    assert held_item.opts["pen"].style() == Qt.PenStyle.DashLine
    assert held_item.opts["pen"].color() == train_item.opts["pen"].color()
    assert any("held out" in label for label in plot.legend_labels())
    assert "Held-out loss" in panel.final_loss.text()
    assert "held-out loss" in w.statusBar().currentMessage()


def test_turning_held_out_off_draws_no_dashed_curve(qtbot, window):
    w = window("overfitting")
    set_panel(w, iterations=20, validation_fraction=0.0)
    session = train(qtbot, w)
    assert w.training.loss_plot.held_out_items() == []
    assert not session.result.validation
    assert "validation_fraction" not in session.settings.to_dict()


def test_accuracy_and_predicted_classes_after_training(qtbot, window):
    w = window("three_classes")
    model = w.training.data_table.model
    header = model.headerData(model.columnCount() - 1, Qt.Orientation.Horizontal)
    assert header == "predicted"
    assert model.columnCount() == len(w.document.graph.data) + 1
    set_panel(w, iterations=300)
    session = train(qtbot, w)
    assert session.result.accuracy >= 0.95
    assert "Accuracy" in w.training.panel.final_loss.text()
    assert "accuracy" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: w.document.result is not None, timeout=5000)
    w.document.evaluate_now()
    col = model.columnCount() - 1
    predicted = [int(model.index(r, col).data()) for r in range(model.rowCount())]
    target = [int(v) for v in w.document.graph.data["y"]]
    right = sum(p == t for p, t in zip(predicted, target, strict=True))
    assert right / len(target) == pytest.approx(session.result.accuracy)
    assert not model.setData(model.index(0, col), "2")  # read-only
    wrong = [r for r in range(len(target)) if predicted[r] != target[r]]
    for r in wrong:
        assert model.index(r, col).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_regression_has_no_predicted_column(window):
    w = window("linear_regression")
    model = w.training.data_table.model
    assert model.columnCount() == len(w.document.graph.data)


def _fresh():
    return load_graph(example_path("overfitting"))


def test_importing_a_csv_with_a_label_column(window, tmp_path):
    w = window("three_classes")
    path = tmp_path / "flowers.csv"
    path.write_text("x1,x2,y\n0.1,0.2,rose\n0.5,0.1,tulip\n0.9,0.3,rose\n", encoding="utf-8")
    assert w.training.data_table.import_csv(path)
    assert w.document.graph.data["y"] == [0.0, 1.0, 0.0]
    assert "Column y read as classes: rose = 0, tulip = 1" in w.statusBar().currentMessage()
    w.document.evaluate_now()
    model = w.training.data_table.model
    assert model.columnCount() == 4 and model.rowCount() == 3  # x1, x2, y, predicted


def test_the_inspector_shows_the_class_index_and_reorders_the_logits(qtbot, window):
    w = window("three_classes")
    doc, graph = w.document, w.document.graph
    before, loss = doc.dumps(), doc.evaluate_now().loss
    w.scene.select_ids(["e_out1"])
    w.sync_selection()
    row = w.inspector.order_row
    assert row.label.text() == "class 0 of 3" and not row.earlier.isEnabled()
    qtbot.mouseClick(row.later, Qt.MouseButton.LeftButton)
    assert [e.id for e in graph.in_edges("L", "logits")] == ["e_out2", "e_out1", "e_out3"]
    qtbot.waitUntil(lambda: row.label.text() == "class 1 of 3", timeout=3000)  # follows
    assert doc.evaluate_now().loss != loss  # the classes changed places
    assert "logits" in doc.dumps() and doc.dumps() != before
    doc.undo_stack.undo()
    assert doc.dumps() == before and doc.evaluate_now().loss == loss
