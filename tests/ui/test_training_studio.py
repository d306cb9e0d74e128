"""The training studio through the real main window: Train / Pause / Step / Stop, the loss
plot, one undo step per training, responsiveness, edits during training."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDockWidget, QWidget
from training_helpers import (
    action,
    set_panel,
    train,
    wait_idle,
    windows_opened,
)

from backprop_studio.core.engine.plan import evaluate
from backprop_studio.core.training.trainer import Trainer, TrainingSettings
from backprop_studio.ui.training.controller import IDLE, PAUSED, RUNNING


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def test_the_parts_have_their_contract_names(window):
    w = window("single_weight")
    for name in ("training_panel", "loss_plot", "landscape_plot", "data_table"):
        assert w.findChild(QWidget, name) is not None, name
    for name in ("train", "stop_training", "pause_training", "step_training"):
        found = action(w, name)
        assert found in w.menu("run").actions()
    toolbar_actions = w.findChild(QWidget, "training_toolbar").actions()
    assert action(w, "train") in toolbar_actions
    assert action(w, "stop_training") in toolbar_actions


def test_train_fills_the_loss_plot_and_is_one_undo_step(qtbot, window):
    w = window("single_weight")
    graph = w.document.graph
    before = w.document.undo_stack.count()
    assert graph.node("w").value == 2.0
    set_panel(w, iterations=60)
    session = train(qtbot, w)
    assert session.outcome == "done"
    x, y = w.training.loss_plot.curve_data(session.number)
    assert len(y) == 60 == len(x)
    assert y[0] == pytest.approx(36.0)  # the lesson: (12 - 2*3)^2 before the first update
    assert np.all(np.diff(y) <= 0)  # gradient descent on a parabola only goes down
    assert graph.node("w").value == pytest.approx(4.0, abs=1e-6)
    assert w.document.undo_stack.count() == before + 1
    assert evaluate(graph).loss == pytest.approx(0.0, abs=1e-9)
    action(w, "undo").trigger()
    assert graph.node("w").value == 2.0
    assert evaluate(graph).loss == pytest.approx(36.0)
    action(w, "redo").trigger()
    assert graph.node("w").value == pytest.approx(4.0, abs=1e-6)


def test_the_trained_values_match_the_core_trainer(qtbot, window):
    w = window("xor_network")
    graph = w.document.graph
    set_panel(w, iterations=300)
    settings = w.training.panel.settings()
    expected = Trainer(graph, settings).run_all()
    session = train(qtbot, w)
    assert session.result.final_loss == pytest.approx(expected.final_loss, rel=1e-12)
    for eid, weight in expected.edge_weights.items():
        assert graph.edge(eid).weight == pytest.approx(weight, rel=1e-12)
    for nid, value in expected.parameters.items():
        assert graph.node(nid).value == pytest.approx(value, rel=1e-12)
    _, y = w.training.loss_plot.curve_data(session.number)
    np.testing.assert_allclose(y, expected.loss_history)


def test_window_stays_responsive_and_stop_ends_training_early(qtbot, window):
    w = window("xor_network")
    graph = w.document.graph
    start = {e.id: e.weight for e in graph.edges()}
    set_panel(w, iterations=5_000_000)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    action(w, "train").trigger()
    controller = w.training.controller
    assert controller.state == RUNNING
    assert not action(w, "train").isEnabled()
    assert action(w, "stop_training").isEnabled()
    # The event loop keeps running (timer ticks, live loss points arrive) while training.
    qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=10_000)
    plot = w.training.loss_plot
    session = controller.session
    qtbot.waitUntil(
        lambda: session.number in plot.sessions and bool(plot.sessions[session.number].curves),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: plot.curve_data(session.number)[0].size > 50, timeout=10_000)
    # the canvas shows the weights changing
    qtbot.waitUntil(lambda: bool(w.scene.display.preview_edges), timeout=10_000)
    timer.stop()
    before = w.document.undo_stack.count()
    action(w, "stop_training").trigger()
    wait_idle(qtbot, w)
    assert controller.state == IDLE
    assert session.outcome == "stopped"
    updates = session.result.best.updates
    assert 0 < updates < 5_000_000
    _, y = plot.curve_data(session.number)
    assert len(y) == updates
    assert w.document.undo_stack.count() == before + 2  # the new iterations, then the weights
    assert not w.scene.display.preview_edges  # preview cleared at the end
    changed = {e.id for e in graph.edges() if e.weight != start[e.id]}
    assert changed  # the stopped values were applied
    action(w, "undo").trigger()
    assert {e.id: e.weight for e in graph.edges()} == start


def test_step_pause_resume(qtbot, window):
    w = window("single_weight")
    graph = w.document.graph
    set_panel(w, iterations=60)
    controller = w.training.controller
    action(w, "step_training").trigger()
    assert controller.state == PAUSED
    assert action(w, "pause_training").isChecked()
    qtbot.waitUntil(lambda: w.training.panel.status.text().startswith("iteration 1 "), timeout=5000)
    action(w, "step_training").trigger()
    qtbot.waitUntil(lambda: w.training.panel.status.text().startswith("iteration 2 "), timeout=5000)
    assert graph.node("w").value == 2.0  # nothing applied while the session is open
    # the canvas shows the value two updates reached: w = 2 + 2 * 0.02 * 18 * ...
    trainer = Trainer(graph, w.training.panel.settings())
    trainer.step()
    trainer.step()
    expected = trainer.current_values()[0]["w"]
    assert float(w.document.result.values["w"]) == pytest.approx(expected)
    assert float(w.scene.node_item("w").value.text) == pytest.approx(expected, rel=1e-3)
    action(w, "stop_training").trigger()
    wait_idle(qtbot, w)
    assert graph.node("w").value == pytest.approx(expected)
    # pause and resume a running session
    set_panel(w, iterations=3_000_000)
    action(w, "train").trigger()
    action(w, "pause_training").trigger()
    assert controller.state == PAUSED
    assert action(w, "train").text() == "&Resume Training"
    action(w, "train").trigger()
    assert controller.state == RUNNING
    action(w, "stop_training").trigger()
    wait_idle(qtbot, w)


def test_restarts_give_one_curve_per_run_and_a_runs_table(qtbot, window):
    w = window("two_minima")
    set_panel(w, restarts=6, iterations=150)
    session = train(qtbot, w)
    plot = w.training.loss_plot
    assert len(plot.curve_items(session.number)) == 6
    for k in range(6):
        assert len(plot.curve_data(session.number, k)[1]) == 150
    pens = [item.opts["pen"] for item in plot.curve_items(session.number)]
    assert len({p.color().name() for p in pens}) == 6  # distinct colours
    best = session.result.best_run
    assert pens[best].widthF() > max(p.widthF() for k, p in enumerate(pens) if k != best)
    assert any("★ best" in label for label in plot.legend_labels())
    table = w.training.panel.runs_table
    assert table.topLevelItemCount() == 6
    ends = [float(r.theta[0]) for r in session.result.runs]
    assert any(abs(e + 1.04) < 0.05 for e in ends) and any(abs(e - 0.96) < 0.05 for e in ends)
    assert w.document.graph.node("w").value == pytest.approx(-1.04, abs=0.02)  # the global one


def test_earlier_trainings_stay_for_comparison_until_cleared(qtbot, window):
    w = window("single_weight")
    set_panel(w, iterations=40, learning_rate=0.02)
    first = train(qtbot, w)
    action(w, "undo").trigger()
    set_panel(w, learning_rate=0.005, momentum=0.9)
    second = train(qtbot, w)
    plot = w.training.loss_plot
    assert set(plot.sessions) == {first.number, second.number}
    labels = plot.legend_labels()
    assert "sgd lr 0.02 batch" in labels
    assert "sgd lr 0.005 m 0.9 batch" in labels
    plot.clear_button.click()
    assert plot.sessions == {} and plot.legend_labels() == []
    assert not plot.clear_button.isEnabled()


def test_editing_the_graph_while_training_stops_it_and_keeps_the_edit(qtbot, window):
    w = window("single_weight")
    graph = w.document.graph
    set_panel(w, iterations=5_000_000)
    action(w, "train").trigger()
    session = w.training.controller.session
    plot = w.training.loss_plot
    qtbot.waitUntil(lambda: bool(plot.sessions[session.number].curves), timeout=10_000)
    # moving a node does not count as an edit of the numbers
    w.document.move_nodes({"w": ((0.0, 110.0), (10.0, 120.0))})
    assert w.training.controller.busy
    count = w.document.undo_stack.count()
    assert w.document.set_node_fields("w", value=7.0)
    wait_idle(qtbot, w)
    assert session.outcome == "discarded"
    assert graph.node("w").value == 7.0
    assert w.document.undo_stack.count() == count + 1  # the edit only
    assert "graph was edited" in w.statusBar().currentMessage()


def test_changed_settings_are_stored_in_their_own_undo_step(qtbot, window):
    w = window("single_weight")
    graph = w.document.graph
    assert graph.training["learning_rate"] == 0.02
    set_panel(w, learning_rate=0.01, iterations=30, batch_mode="stochastic")
    count = w.document.undo_stack.count()
    train(qtbot, w)
    assert w.document.undo_stack.count() == count + 2  # the settings, then the weights
    assert graph.training["learning_rate"] == 0.01
    assert graph.training["batch_size"] == 1
    assert TrainingSettings.from_graph(graph) == w.training.panel.settings()
    action(w, "undo").trigger()  # the run: the weights only
    assert graph.node("w").value == 2.0
    assert graph.training["learning_rate"] == 0.01
    assert w.training.panel.learning_rate.value() == 0.01
    assert w.training.panel.iterations.value() == 30
    action(w, "undo").trigger()  # then the settings
    assert graph.training["learning_rate"] == 0.02
    assert w.training.panel.learning_rate.value() == 0.02  # the panel follows the file


def test_panel_defaults_come_from_the_file(window):
    w = window("xor_network")
    s = w.training.panel.settings()
    assert (s.optimizer, s.learning_rate, s.momentum, s.iterations) == ("sgd", 0.5, 0.9, 2000)
    assert s.batch_size is None
    assert "4 samples" in w.training.panel.samples_note.text()
    dock = w.findChild(QDockWidget, "training_panel_dock")
    assert dock is not None and not dock.visibleRegion().isEmpty()  # raised: it has settings


def test_a_graph_that_cannot_train_says_why(qtbot, window):
    w = window("chain_rule")
    w.document.set_node_fields("a", trainable=False)
    w.document.set_node_fields("b", trainable=False)
    action(w, "train").trigger()
    assert w.training.controller.state == IDLE
    assert "nothing to train" in w.statusBar().currentMessage()


def test_log_scale_toggle(qtbot, window):
    w = window("single_weight")
    session = train(qtbot, w)
    plot = w.training.loss_plot
    plot.log_box.click()
    assert plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    assert plot.curve_items(session.number)[0].opts["logMode"][1]
    plot.log_box.click()
    assert not plot.curve_items(session.number)[0].opts["logMode"][1]


def test_closing_the_window_while_training_stops_the_thread(qtbot, window):
    w = window("xor_network")
    set_panel(w, iterations=50_000_000)
    action(w, "train").trigger()
    controller = w.training.controller
    thread = controller._thread
    assert thread is not None and controller.busy
    count = w.document.undo_stack.count()
    assert w.close()
    assert thread.isFinished()
    assert w.document.undo_stack.count() == count  # nothing applied
