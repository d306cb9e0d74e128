"""The training timeline: a click on the loss plot shows the graph at iteration i (the exact
values of that update, the cursor and the landscape marker there); Restore These Weights is one
undoable edit; long runs keep a bounded number of snapshots."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from training_helpers import close, open_example, set_panel, train

from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.training.settings import TrainingSettings
from backprop_studio.core.training.trainer import Trainer
from backprop_studio.resources_path import example_path
from backprop_studio.ui.training.timeline import MAX_SNAPSHOTS


def exact_values_after(name: str, settings: TrainingSettings, updates: int) -> np.ndarray:
    """The trainer's values after ``updates`` updates, computed afresh."""
    trainer = Trainer(load_graph(example_path(name)), settings)
    trainer.run_iterations(updates)
    return trainer.runs[0].theta.copy()


def click_plot_at(qtbot, window, iteration: float) -> None:
    plot = window.training.loss_plot.plot
    vb = plot.getPlotItem().vb
    (_, _), (y0, y1) = vb.viewRange()
    scene_pos = vb.mapViewToScene(QPointF(iteration, (y0 + y1) / 2))
    widget_pos = plot.mapFromScene(scene_pos)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=widget_pos)


def test_clicking_the_loss_plot_shows_and_restores_iteration_i(qtbot):
    window = open_example(qtbot, "xor_network")
    try:
        set_panel(window, iterations=300)
        session = train(qtbot, window)
        timeline = window.timeline
        qtbot.waitUntil(lambda: timeline.snapshots is not None)
        trained = dict(window.document.graph.node("b1").__dict__)
        click_plot_at(qtbot, window, 120)
        assert timeline.index is not None
        step = int(timeline.snapshots.steps[timeline.index])
        assert abs(step - 120) <= 3  # the click lands within a few pixels of 120
        bar = timeline.bar
        assert bar.isVisible() and f"Iteration {step} of 300" in bar.label.text()
        expected = exact_values_after("xor_network", session.settings, step)
        nodes, edges = timeline.snapshots.dicts(timeline.index)
        shown = [nodes[i] if k == "node" else edges[i] for k, i in session.trainable_ids]
        assert shown == expected.tolist()  # exactly, not approximately
        # the canvas shows that iteration's values, gradients and weights
        display = window.scene.display
        value, grad = display.readings("b1")
        assert display.result.values["b1"] == nodes["b1"] and grad != display.readings("x1")[0]
        assert float(display.result.grads["b1"]) != 0.0
        assert display.preview_edges == edges
        assert window.training.loss_plot.timeline_line.isVisible()
        assert window.training.loss_plot.timeline_line.value() == step
        stack = window.document.undo_stack
        before = stack.count()
        bar.restore.click()
        graph = window.document.graph
        values = [
            graph.node(i).value if k == "node" else graph.edge(i).weight
            for k, i in session.trainable_ids
        ]
        assert values == expected.tolist()
        assert stack.count() == before + 1 and not bar.isVisible()
        stack.undo()
        assert graph.node("b1").value == trained["value"]
    finally:
        close(window)


def test_dragging_the_cursor_moves_through_iterations_and_back_to_now(qtbot):
    window = open_example(qtbot, "single_weight")
    try:
        train(qtbot, window)
        timeline = window.timeline
        plot = window.training.loss_plot
        assert timeline.pick(10) == 10
        plot.timeline_line.setValue(25.2)  # what a drag of the cursor does
        assert int(timeline.snapshots.steps[timeline.index]) == 25
        assert "Iteration 25 of 60" in timeline.bar.label.text()
        timeline.bar.back.click()
        assert timeline.index is None and not plot.timeline_line.isVisible()
        # an edit of the numbers ends the view of the past
        timeline.pick(5)
        window.document.set_node_fields("x", value=2.0)
        assert timeline.index is None
    finally:
        close(window)


def test_long_runs_keep_at_most_max_snapshots(qtbot):
    window = open_example(qtbot, "single_weight")
    try:
        set_panel(window, iterations=5000)
        train(qtbot, window, timeout=60_000)
        snaps = window.timeline.snapshots
        assert len(snaps.steps) <= MAX_SNAPSHOTS
        assert snaps.steps[0] == 0 and snaps.steps[-1] == 5000
        assert snaps.values.nbytes <= MAX_SNAPSHOTS * 8 * len(snaps.trainable_ids)
        step = window.timeline.pick(3333)
        assert step == pytest.approx(3333, abs=3)
        settings = window.timeline.studio.controller.last_session.settings
        k = window.timeline.index
        assert (
            snaps.values[k].tolist() == exact_values_after("single_weight", settings, step).tolist()
        )
    finally:
        close(window)
