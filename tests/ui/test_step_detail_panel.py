"""Stepping training one iteration shows each weight's velocity and update, and each sample's
gradient with their mean."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from training_helpers import action, close, open_example, set_panel


def cell(table, r, c) -> str:
    return table.item(r, c).text()


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def test_two_steps_with_momentum_show_velocity_update_and_sample_gradients(qtbot):
    window = open_example(qtbot, "xor_network")
    try:
        set_panel(window, iterations=50)
        panel = window.step_detail
        action(window, "step_training").trigger()
        qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.iteration == 1)
        action(window, "step_training").trigger()
        qtbot.waitUntil(lambda: panel.detail.iteration == 2)
        assert panel.isVisible()
        assert "Iteration 2 (sgd, every sample)" in panel.heading.text()
        table = panel.table
        assert table.rowCount() == 9  # 3 biases, 6 trainable weights
        for r in range(table.rowCount()):
            g, v, d = (number(cell(table, r, c)) for c in (2, 3, 4))
            assert d == pytest.approx(-0.5 * v, rel=2e-2, abs=1e-4)  # Δ = −lr·v, as shown
            item = panel.detail.items[r]
            assert item.after - item.before == pytest.approx(-0.5 * item.velocity)  # exactly
            assert "v = μ·v′ + g = 0.9 · " in cell(table, r, 6)
        samples = panel.samples
        assert samples.rowCount() == 5  # four samples and their mean
        assert samples.verticalHeaderItem(4).text() == "mean = g"
        for c in range(samples.columnCount()):
            mean = sum(number(cell(samples, r, c)) for r in range(4)) / 4
            assert number(cell(samples, 4, c)) == pytest.approx(mean, rel=2e-2, abs=1e-4)
            assert cell(samples, 4, c) == cell(table, c, 2)  # the batch gradient
        window.grab().save("/tmp/shots/expression/step_detail.png")
        # a weight: selected on the canvas too (through the selection model: selectRow would
        # follow the keyboard modifiers an earlier test's key clicks may have left pressed)
        rows = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        table.selectionModel().select(table.model().index(3, 0), rows)
        assert window.scene.selected_edge_ids() == [panel.detail.items[3].id]
        action(window, "stop_training").trigger()
    finally:
        close(window)


def test_a_mini_batch_step_lists_its_samples(qtbot):
    window = open_example(qtbot, "linear_regression")
    try:
        set_panel(window, batch_mode="mini-batch", batch_size=3)
        panel = window.step_detail
        assert window.training.panel.settings().batch_size == 3
        action(window, "step_training").trigger()
        qtbot.waitUntil(lambda: panel.detail is not None)
        assert "mini-batch of samples" in panel.heading.text()
        assert panel.samples.rowCount() == 4  # three samples and their mean
        action(window, "stop_training").trigger()
    finally:
        close(window)
