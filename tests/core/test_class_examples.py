"""The classification examples: three classes with cross_entropy, and overfitting (the
held-out loss parts from the training loss)."""

from __future__ import annotations

import numpy as np

from backprop_studio.core.engine.gradcheck import gradient_check
from backprop_studio.core.training.trainer import Trainer


def test_three_classes_learns_every_blob(example):
    g = example("three_classes")
    assert g.node(g.loss_node()).op == "cross_entropy"
    assert len(g.in_edges(g.loss_node(), "logits")) == 3
    assert gradient_check(g).passed()
    result = Trainer(g).run_all()
    assert result.accuracy >= 0.95
    assert result.final_loss < 0.2 * result.loss_history[0]


def test_overfitting_the_held_out_curve_turns_up_while_training_falls(example):
    g = example("overfitting")
    assert g.training["validation_fraction"] == 0.33
    result = Trainer(g).run_all()
    train, held = result.loss_history, result.validation_loss_history
    assert len(held) == len(train) == 2000
    lowest = int(np.argmin(held))
    assert train[-1] < 0.05 * train[0]  # the training points are fitted ...
    assert held[-1] > 2.5 * held[lowest]  # ... while the held-out loss rose from its minimum
    assert result.final_validation_loss > 5 * result.final_loss
