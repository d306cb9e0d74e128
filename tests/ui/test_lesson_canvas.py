"""The lesson on the canvas: edge gradients (View > Edge Gradients), the sum rule beside the
node whose gradient completes from several paths, the first chain-rule term without
``∂f/∂f``, tooltips naming the real loss node."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from training_helpers import action, windows_opened

from backprop_studio.core.engine.plan import compile_plan


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def test_edge_gradients_on_the_canvas(qtbot, window):
    w = window("chain_rule")
    toggle = w.findChild(QAction, "action_edge_gradients")
    assert toggle is not None and toggle.isCheckable() and not toggle.isChecked()
    assert toggle in w.menus["view"].actions()
    edge = w.scene.edge_item("e1")
    assert edge.grad_label() == ""
    toggle.trigger()
    expected = compile_plan(w.document.graph).run().edge_grads
    for eid, g in expected.items():
        item = w.scene.edge_item(eid)
        assert item.grad_label() == f"∂f/∂w = {g:g}"  # named after the real loss node, f
        assert item.boundingRect().contains(item._grad_rect)  # painted inside its bounds
    assert w.scene.edge_item("e2").grad_label() == "∂f/∂w = 2"
    # the numbers follow the graph
    w.document.set_node_fields("b", value=2.0)
    w.document.evaluate_now()
    assert w.scene.edge_item("e2").grad_label() == "∂f/∂w = 6"  # d = 3, times b = 2
    toggle.trigger()
    assert w.scene.edge_item("e2").grad_label() == ""


def test_tooltips_name_the_real_loss_node(qtbot, window):
    w = window("chain_rule")
    card = w.scene.node_item("b")
    card.ensure_tooltip()
    assert "gradient ∂f/∂b: 5" in card.toolTip()
    w.document.set_node_fields("f", label="loss")
    w.document.evaluate_now()
    card = w.scene.node_item("a")
    card.ensure_tooltip()
    assert "∂loss/∂a" in card.toolTip()


def test_the_first_term_on_the_canvas_does_not_read_df_df(qtbot, window):
    w = window("chain_rule")
    stepper_texts = []
    for _ in range(8):  # (the first also completes the forward pass)
        action(w, "step_backward").trigger()
        overlay = w.scene.display.overlay
        if overlay is not None and overlay.edge_label:
            stepper_texts.append(overlay.edge_label)
    assert stepper_texts[:2] == ["∂f/∂c = 2", "∂f/∂d = 3"]
    assert not any("∂f/∂f" in t for t in stepper_texts)


def test_the_sum_rule_appears_beside_the_node_on_the_canvas(qtbot, window):
    w = window("chain_rule")
    b = w.scene.node_item("b")
    assert b.sum_rule == ""
    step = action(w, "step_backward")
    for _ in range(4):  # forward, then ∂f/∂c, ∂f/∂d, c -> a, c -> b: b holds 2 so far
        step.trigger()
    assert b.sum_rule == ""  # one path in so far: no sum yet
    step.trigger()  # d -> b completes b from its second path
    assert b.sum_rule == "∂f/∂b = 2 + 3 = 5"
    assert b.boundingRect().contains(b._sum_rect)  # drawn inside the card's bounds
    assert b._sum_rect.top() > b.rect().bottom()  # below the card, beside the node
    step.trigger()
    assert b.sum_rule == "∂f/∂b = 2 + 3 = 5"  # it stays for the rest of the pass
    assert w.scene.node_item("a").sum_rule == ""  # one path: no sum rule
    action(w, "step_back").trigger()
    action(w, "step_back").trigger()
    assert b.sum_rule == ""  # stepping back takes it away
    action(w, "reset_pass").trigger()
    assert b.sum_rule == ""
