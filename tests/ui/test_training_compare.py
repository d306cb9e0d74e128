"""Clean comparisons: undo of a run restores the weights only, every run of a comparison can
start in the same place ("Train from"), Reset Weights is one undo step, and batch modes on a
graph without data say so."""

from __future__ import annotations

import pytest
from training_helpers import action, set_panel, train, windows_opened


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def test_undo_of_a_run_keeps_the_learning_rate_and_iteration_count(qtbot, window):
    w = window("single_weight")
    panel = w.training.panel
    set_panel(w, learning_rate=0.03, iterations=40)
    train(qtbot, w)
    trained = w.document.graph.node("w").value
    assert trained != 2.0
    action(w, "undo").trigger()
    assert w.document.graph.node("w").value == 2.0  # the weights ...
    assert panel.learning_rate.value() == 0.03  # ... and nothing else
    assert panel.iterations.value() == 40
    assert panel.settings().learning_rate == 0.03


def test_every_run_starts_from_the_values_before_the_first_run(qtbot, window):
    w = window("single_weight")
    assert w.training.panel.train_from.currentData() == "first"  # the default
    set_panel(w, iterations=5)
    first = train(qtbot, w)
    after_first = w.document.graph.node("w").value
    assert after_first != 2.0
    set_panel(w, learning_rate=0.01)  # change one thing, train again, no undo
    second = train(qtbot, w)
    plot = w.training.loss_plot
    for session in (first, second):
        _, y = plot.curve_data(session.number)
        assert y[0] == pytest.approx(36.0)  # both start at w = 2: L = 36
    assert session.start[0] == 2.0
    # "current values": the run continues from where the last one ended
    set_panel(w, train_from="current")
    now = w.document.graph.node("w").value
    third = train(qtbot, w)
    _, y = plot.curve_data(third.number)
    assert third.start[0] == pytest.approx(now)
    assert y[0] == pytest.approx((12 - 3 * now) ** 2)


def test_a_value_the_user_changes_starts_a_new_comparison(qtbot, window):
    w = window("single_weight")
    set_panel(w, iterations=5)
    train(qtbot, w)
    w.document.set_node_fields("w", value=3.0)  # the user's own starting point
    session = train(qtbot, w)
    assert session.start[0] == 3.0


def test_reset_weights_is_one_undo_step(qtbot, window):
    w = window("single_weight")
    reset = action(w, "reset_weights")
    assert reset in w.menu("run").actions()
    set_panel(w, iterations=5, learning_rate=0.03)
    train(qtbot, w)
    trained = w.document.graph.node("w").value
    count = w.document.undo_stack.count()
    reset.trigger()
    assert w.document.graph.node("w").value == 2.0
    assert w.document.undo_stack.count() == count + 1
    w.document.evaluate_now()
    assert w.loss_label.text() == "L = 36"
    action(w, "undo").trigger()
    assert w.document.graph.node("w").value == trained
    # Clear forgets the comparison: the next run starts from the current values
    w.training.loss_plot.clear_button.click()
    session = train(qtbot, w)
    assert session.start[0] == pytest.approx(trained)


def test_reset_without_a_run_says_so(qtbot, window):
    w = window("single_weight")
    action(w, "reset_weights").trigger()
    assert "no training run yet" in w.statusBar().currentMessage()


def test_batch_modes_on_a_graph_without_data_say_so(qtbot, window):
    w = window("chain_rule")
    note = w.training.panel.samples_note
    assert "No data set" in note.text()
    set_panel(w, batch_mode="stochastic")
    assert "needs data samples" in note.text() and "full batch" in note.text()
    set_panel(w, batch_mode="mini-batch")
    assert "mini-batch needs data samples" in note.text()
    set_panel(w, iterations=3)
    train(qtbot, w)
    # the end-of-run message follows the finished signal within the same few event-loop turns
    qtbot.waitUntil(lambda: any("no data batch" in m for m in _messages(w)), timeout=5000)
    set_panel(w, batch_mode="batch")
    assert "needs data samples" not in note.text()
    # with data, no warning
    x = window("linear_regression")
    set_panel(x, batch_mode="stochastic")
    assert "needs data" not in x.training.panel.samples_note.text()


def _messages(w) -> list[str]:
    return [w.statusBar().currentMessage(), w.training.panel.status.text()]
