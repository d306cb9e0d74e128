"""The training panel's settings and closed-form solver, and the loss plot with many points."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from training_helpers import action, windows_opened

from backprop_studio.core.model.graph import Graph
from backprop_studio.core.training.trainer import TrainingProgress, TrainingSettings
from backprop_studio.ui.document.document import Document
from backprop_studio.ui.training.controller import (
    TrainingSession,
    TrainingUpdate,
    describe_progress,
    short_label,
)
from backprop_studio.ui.training.loss_plot import LossPlot
from backprop_studio.ui.training.panel import NumberSpin, TrainingPanel


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def test_solve_gives_w_4_for_the_single_weight_and_applies_it_undoably(qtbot, window):
    w = window("single_weight")
    box = w.training.panel.closed_form
    assert box.target.currentData() == "w"
    qtbot.mouseClick(box.solve_button, Qt.MouseButton.LeftButton)
    assert "gives w = 4" in box.answer.text()
    assert "9 w² − 72 w + 144" in box.answer.text()
    assert box.apply_button.isVisibleTo(box)
    assert box.apply_button.text() == "Use w = 4"
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    assert w.document.graph.node("w").value == pytest.approx(4.0)
    assert "Solved before" not in box.answer.text()  # our own edit: the answer still holds
    action(w, "undo").trigger()
    assert w.document.graph.node("w").value == 2.0
    assert "Solved before the last edit" in box.answer.text()
    assert not box.apply_button.isVisibleTo(box)
    qtbot.mouseClick(box.solve_button, Qt.MouseButton.LeftButton)
    assert "Solved before" not in box.answer.text() and box.apply_button.isVisibleTo(box)


def test_solve_says_plainly_when_there_is_no_closed_form(qtbot, window):
    w = window("two_minima")
    box = w.training.panel.closed_form
    qtbot.mouseClick(box.solve_button, Qt.MouseButton.LeftButton)
    text = box.answer.text()
    assert text.startswith("no closed form")
    assert "minimum at w = -1.03" in text.replace("−", "-")
    assert not box.apply_button.isVisibleTo(box)


def test_solve_targets_follow_the_graph(window):
    w = window("xor_network")
    box = w.training.panel.closed_form
    ids = [box.target.itemData(i) for i in range(box.target.count())]
    assert ids[:3] == ["b1", "b2", "b3"]
    assert {"e1", "e2", "e9", "e10"} <= set(ids) and "e3" not in ids  # trainable weights only
    w.document.set_edge_fields("e3", trainable=True)
    ids = [box.target.itemData(i) for i in range(box.target.count())]
    assert "e3" in ids
    assert box.select_target("e3")
    box.solve()
    assert "w(e3)" in box.answer.text()


def test_settings_widgets_make_the_settings(qtbot):
    panel = TrainingPanel(Document(Graph()))
    qtbot.addWidget(panel)
    set_values = {
        "optimizer": "rmsprop",
        "learning_rate": 0.003,
        "momentum": 0.5,
        "batch_mode": "mini-batch",
        "batch_size": 8,
        "iterations": 1234,
        "restarts": 3,
        "seed": 7,
    }
    for name, value in set_values.items():
        widget = getattr(panel, name)
        widget.setCurrentIndex(widget.findData(value)) if hasattr(widget, "findData") else (
            widget.setValue(value)
        )
    panel.init_low.setValue(-3.0)
    panel.init_high.setValue(2.0)
    assert panel.settings() == TrainingSettings(
        optimizer="rmsprop",
        learning_rate=0.003,
        momentum=0.5,
        batch_size=8,
        iterations=1234,
        seed=7,
        restarts=3,
        init_range=(-3.0, 2.0),
    )
    panel.batch_mode.setCurrentIndex(panel.batch_mode.findData("stochastic"))
    assert panel.settings().batch_size == 1
    assert not panel.batch_size.isVisibleTo(panel)
    panel.optimizer.setCurrentIndex(panel.optimizer.findData("adam"))
    assert not panel.momentum.isEnabled()
    assert panel.settings().momentum == 0.0
    # the panel shows any settings it is given, and reads them back unchanged
    s = TrainingSettings(optimizer="sgd", learning_rate=0.25, momentum=0.9, nesterov=True,
                         batch_size=None, iterations=10, seed=3, restarts=1)  # fmt: skip
    panel.set_settings(s)
    assert panel.settings() == s


def test_a_bad_training_section_is_named_and_defaults_used(qtbot):
    graph = Graph()
    graph.training = {"learning_rate": -1, "iterations": 5}
    panel = TrainingPanel(Document(graph))
    qtbot.addWidget(panel)
    assert panel.settings_note.isVisibleTo(panel)
    assert "learning_rate" in panel.settings_note.text()
    assert panel.settings().learning_rate == TrainingSettings().learning_rate
    assert panel.settings().iterations == 5


def test_learning_rate_steps_by_1_2_5(qtbot):
    spin = NumberSpin(1e-6, 100.0, 0.01, log_steps=True)
    qtbot.addWidget(spin)
    seen = []
    for _ in range(4):
        spin.stepBy(1)
        seen.append(spin.value())
    assert seen == pytest.approx([0.02, 0.05, 0.1, 0.2])
    spin.stepBy(-2)
    assert spin.value() == pytest.approx(0.05)
    assert spin.textFromValue(0.0001) == "1e-04" or spin.textFromValue(0.0001) in ("0.0001",)


def _session(number: int, restarts: int = 1) -> TrainingSession:
    settings = TrainingSettings(iterations=100_000, restarts=restarts)
    return TrainingSession(
        number, settings, [("node", "w")], np.zeros(1), trainer=None, label=short_label(settings)
    )  # type: ignore[arg-type]


def _update(session: TrainingSession, run: int, start: int, values: np.ndarray) -> TrainingUpdate:
    progress = TrainingProgress(run, session.runs, start + len(values), 100_000, float(values[-1]),
                                start + len(values), 100_000)  # fmt: skip
    return TrainingUpdate(session, [(run, start, values)], progress, {"w": 1.0}, {}, np.ones(1))


def test_loss_plot_takes_100000_points_in_live_chunks(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(500, 300)
    plot.show()
    session = _session(1)
    plot.begin_session(session)
    losses = 1.0 / (1.0 + np.arange(100_000)) + 0.01 * np.sin(np.arange(100_000))
    for start in range(0, 100_000, 3_000):
        plot.add_update(_update(session, 0, start, losses[start : start + 3_000]))
    x, y = plot.curve_data(1)
    assert len(x) == 100_000
    np.testing.assert_array_equal(y, losses)
    np.testing.assert_array_equal(x, np.arange(100_000))
    item = plot.curve_items(1)[0]
    assert item.opts["autoDownsample"] and item.opts["downsampleMethod"] == "peak"
    assert item.opts["clipToView"]
    buffer = plot.sessions[1].curves[0]
    assert buffer.x.size == 131_072  # grew by doubling from 1,024
    plot.grab()  # draws without trouble


def test_loss_plot_restart_curves_and_collapse(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    first = _session(1, restarts=3)
    plot.begin_session(first)
    for run in range(3):
        plot.add_update(_update(first, run, 0, np.linspace(3, run, 10)))
    assert len(plot.curve_items(1)) == 3
    assert plot.legend_labels()[0] == first.label  # a header naming the settings
    assert plot.legend_labels()[1:] == ["run 1", "run 2", "run 3"]
    second = _session(2)
    plot.begin_session(second)
    plot.add_update(_update(second, 0, 0, np.linspace(3, 1, 10)))
    labels = plot.legend_labels()
    assert labels[0].startswith(first.label) and "best of 3" in labels[0]
    assert len(labels) == 2


def test_progress_text():
    p = TrainingProgress(1, 6, 340, 1000, 0.0123, 1340, 6000)
    assert describe_progress(p) == "run 2 of 6 · iteration 340 of 1000 · loss 0.0123"
    assert short_label(TrainingSettings(learning_rate=0.1, momentum=0.9)) == (
        "sgd lr 0.1 m 0.9 batch"
    )
    assert short_label(TrainingSettings(optimizer="adam", momentum=0.9, batch_size=4)) == (
        "adam lr 0.01 mini-batch 4"
    )
