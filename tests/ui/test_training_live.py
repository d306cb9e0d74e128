"""One iteration on screen: while training runs, the status bar, the loss card, the cards
downstream of the weights, the inspector and the landscape marker show the same iteration,
refreshed at the live rate."""

from __future__ import annotations

import re

import pytest
from training_helpers import action, set_panel, wait_idle, windows_opened

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.ui.training.controller import RUNNING


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def _status_loss(w) -> float:
    text = w.loss_label.text()
    match = re.fullmatch(r"L = (\S+)", text)
    assert match, text
    return float(match.group(1))


def test_the_status_bar_loss_falls_while_a_long_run_is_still_running(qtbot, window):
    w = window("single_weight")
    assert _status_loss(w) == 36.0
    # slow descent: the loss falls a little at every iteration for a long time
    set_panel(w, learning_rate=1e-6, iterations=50_000_000)
    controller = w.training.controller
    action(w, "train").trigger()
    seen: list[float] = []

    def fallen() -> bool:
        assert controller.state == RUNNING  # still running: the numbers are live
        seen.append(_status_loss(w))
        return len(set(seen)) >= 3 and seen[-1] < 36.0

    qtbot.waitUntil(fallen, timeout=15_000)
    assert seen == sorted(seen, reverse=True)  # it only goes down (a parabola, small steps)
    # every number shown belongs to the same iteration: the loss card, the prediction card
    # downstream of w, the inspector's loss and the document's result all agree
    result = w.document.result
    loss = _status_loss(w)
    assert result.loss == pytest.approx(loss, rel=1e-3)
    card = w.scene.node_item("L")
    assert float(card.value.text) == pytest.approx(loss, rel=1e-3)
    w_now = float(result.values["w"])
    assert w_now > 2.0  # the weight moved ...
    prediction = w.scene.node_item("p")
    assert float(prediction.value.text) == pytest.approx(3 * w_now, rel=1e-3)  # ... p with it
    assert float(w.scene.node_item("w").value.text) == pytest.approx(w_now, rel=1e-3)
    w.inspector.refresh()  # (it refreshes on the next loop turn; now, for the assertion)
    assert w.inspector.loss_value_label.text().startswith(card.value.text)
    # the graph itself is untouched until the run ends
    assert w.document.graph.node("w").value == 2.0
    action(w, "stop_training").trigger()
    wait_idle(qtbot, w)
    # the end: the committed values evaluated, the status bar agrees with them
    expected = compile_plan(w.document.graph).run().loss
    qtbot.waitUntil(lambda: _status_loss(w) == pytest.approx(expected, rel=1e-3), timeout=5000)
    assert w.document.graph.node("w").value > 2.0


def test_the_landscape_marker_follows_the_same_iteration(qtbot, window):
    w = window("single_weight")
    landscape = w.training.landscape
    dock = landscape.parentWidget()
    dock.show()
    dock.raise_()
    landscape.recompute()
    landscape.wait_done()
    qtbot.waitUntil(lambda: landscape.point is not None, timeout=5000)
    set_panel(w, learning_rate=1e-6, iterations=50_000_000)
    action(w, "train").trigger()
    qtbot.waitUntil(lambda: _status_loss(w) < 35.9, timeout=15_000)
    xs, ys = landscape.point.getData()
    assert float(xs[0]) == pytest.approx(float(w.document.result.values["w"]), rel=1e-6)
    assert float(ys[0]) == pytest.approx(w.document.result.loss, rel=1e-3)
    action(w, "stop_training").trigger()
    wait_idle(qtbot, w)


def test_a_canvas_too_slow_to_redraw_keeps_the_status_bar_and_loss_card_live(
    qtbot, window, monkeypatch
):
    from backprop_studio.ui.training import controller as controller_mod

    monkeypatch.setattr(controller_mod, "PREVIEW_GIVE_UP_S", 0.0)  # every redraw is "slow"
    w = window("single_weight")
    set_panel(w, learning_rate=1e-6, iterations=50_000_000)
    controller = w.training.controller
    action(w, "train").trigger()
    qtbot.waitUntil(lambda: controller._live_off, timeout=15_000)
    assert "only the loss stays live" in w.statusBar().currentMessage()
    first = _status_loss(w)
    qtbot.waitUntil(lambda: _status_loss(w) < first, timeout=15_000)
    assert controller.state == RUNNING
    loss_card = w.scene.node_item("L")
    qtbot.waitUntil(
        lambda: float(loss_card.value.text) == pytest.approx(_status_loss(w), rel=1e-3),
        timeout=5000,
    )
    assert float(loss_card.value.text) < 36.0
    action(w, "stop_training").trigger()
    wait_idle(qtbot, w)


def test_a_big_graph_keeps_only_the_loss_live_from_the_start(qtbot, window, monkeypatch):
    from backprop_studio.ui.training import controller as controller_mod

    monkeypatch.setattr(controller_mod, "LIVE_NODE_LIMIT", 3)  # single_weight has 5 nodes
    w = window("single_weight")
    set_panel(w, learning_rate=1e-6, iterations=50_000_000)
    controller = w.training.controller
    action(w, "train").trigger()
    assert controller._live_off
    assert "has 5 nodes" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: _status_loss(w) < 36.0, timeout=15_000)
    assert controller.state == RUNNING
    assert float(w.scene.node_item("p").value.text) == 6.0  # the others wait for the end
    action(w, "stop_training").trigger()
    wait_idle(qtbot, w)
