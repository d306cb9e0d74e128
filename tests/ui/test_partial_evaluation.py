"""Partial evaluation in the editor: an incomplete graph still shows every value it can, the
gradients when the loss is computable, the loss in the status bar, and outlines (with their
reason as tooltip) on the incomplete and the extra nodes."""

from __future__ import annotations

import pytest
from training_helpers import action, windows_opened

from backprop_studio.ui.canvas import texts


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def _card(w, nid):
    item = w.scene.node_item(nid)
    assert item is not None, nid
    return item


def test_an_unconnected_node_still_shows_l_6_on_the_lesson_chain(qtbot, window):
    w = window("chain_rule")
    assert w.loss_label.text() == "L = 6"
    stray = w.document.create_node("mul", (520.0, 260.0))
    assert stray is not None
    w.document.evaluate_now()
    # the canvas keeps every number of the lesson
    assert _card(w, "f").value.text == "6"
    assert (_card(w, "c").value.text, _card(w, "d").value.text) == ("3", "2")
    assert _card(w, "a").grad.text == "2"
    assert _card(w, "b").grad.text == "5"
    assert w.loss_label.text() == "L = 6"  # the status bar shows the loss
    # the stray node is outlined with its reason
    card = _card(w, stray)
    assert card.error and "missing any input" in card.error
    assert card.value == texts.EMPTY_VALUE
    card.ensure_tooltip()
    assert "missing any input" in card.toolTip()
    assert _card(w, "f").error is None
    # undo the extra node: complete again, nothing outlined
    action(w, "undo").trigger()
    w.document.evaluate_now()
    assert w.document.problems == []
    assert w.loss_label.text() == "L = 6"


def test_building_step_by_step_gives_values_before_the_last_edge(qtbot, window):
    w = window("chain_rule")
    doc = w.document
    doc.delete([], ["e6"])  # f = c * d loses d: f computes from c alone (mul is variadic)
    doc.delete([], ["e5"])  # ... and now from nothing: f is incomplete
    doc.evaluate_now()
    assert "missing any input" in _card(w, "f").error
    # no loss: the values are still shown, without gradients, and the status bar says why
    assert (_card(w, "c").value.text, _card(w, "d").value.text) == ("3", "2")
    assert _card(w, "c").grad == texts.EMPTY_GRAD
    assert "f" in w.loss_label.text() and "missing" in w.loss_label.text()
    doc.connect("c", "f", "in")
    doc.evaluate_now()
    assert w.loss_label.text() == "L = 3"  # f = c alone
    assert _card(w, "a").grad.text == "1"
    # d leads nowhere yet: a value, gradient 0, outlined as extra
    d = _card(w, "d")
    assert d.value.text == "2" and d.grad.text == "0"
    assert "does not lead to the loss" in d.error
    doc.connect("d", "f", "in")
    doc.evaluate_now()
    assert w.loss_label.text() == "L = 6"
    assert _card(w, "b").grad.text == "5" and d.error is None


def test_the_inspector_shows_the_partial_numbers(qtbot, window):
    w = window("chain_rule")
    assert w.document.create_node("mul", (520.0, 260.0)) is not None
    w.document.evaluate_now()
    w.scene.select_ids(["b"])
    w.sync_selection()
    w.inspector.refresh()
    assert w.inspector.current_value_label.text() == "1"
    assert w.inspector.gradient_label.text().endswith("= 5")
