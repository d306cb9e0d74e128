"""One training iteration taken apart: the velocity and update of every trainable follow the
optimizer's rule, and the batch gradient is the mean of the samples' gradients."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.training.settings import TrainingSettings
from backprop_studio.core.training.step_detail import explain_last_step
from backprop_studio.core.training.trainer import Trainer
from backprop_studio.resources_path import example_path


def test_sgd_momentum_velocity_and_update_of_each_weight():
    graph = load_graph(example_path("xor_network"))
    trainer = Trainer(graph, TrainingSettings("sgd", 0.5, momentum=0.9, iterations=10))
    assert explain_last_step(trainer) is None
    trainer.step()
    first = explain_last_step(trainer)
    assert first.iteration == 1 and first.rows is None
    for item in first.items:
        assert item.velocity == item.grad and item.previous_velocity is None  # v = g
        assert item.update == pytest.approx(-0.5 * item.grad)
    trainer.step()
    second = explain_last_step(trainer)
    assert second.iteration == 2
    for old, new in zip(first.items, second.items, strict=True):
        assert new.before == old.after
        assert new.previous_velocity == pytest.approx(old.velocity)
        assert new.velocity == pytest.approx(0.9 * old.velocity + new.grad)
        assert new.update == pytest.approx(-0.5 * new.velocity)
        assert new.after - new.before == pytest.approx(new.update)
        assert "v = μ·v′ + g = 0.9 · " in new.formula
    # the batch gradient is the mean of the four samples' gradients
    assert second.samples == [0, 1, 2, 3]
    assert second.mean_grad == pytest.approx([i.grad for i in second.items])


def test_a_mini_batch_lists_its_own_samples_and_their_mean():
    graph = load_graph(example_path("linear_regression"))
    settings = TrainingSettings("sgd", 0.05, batch_size=3, iterations=5, seed=4)
    trainer = Trainer(graph, settings)
    trainer.step()
    detail = explain_last_step(trainer)
    assert len(detail.rows) == 3 and detail.samples == detail.rows
    # the trainer's gradient on exactly those rows
    plan = compile_plan(graph)
    before = np.array([i.before for i in detail.items])
    _, grad = plan.loss_and_grad(before, np.array(detail.rows))
    assert [i.grad for i in detail.items] == pytest.approx(grad.tolist())
    assert detail.sample_grads.shape == (3, len(detail.items))
    assert detail.mean_grad == pytest.approx(grad.tolist())
    assert all(i.velocity is None and i.formula.startswith("Δ = −lr·g") for i in detail.items)
    trainer.step()
    again = explain_last_step(trainer)
    assert again.rows != detail.rows or len(again.rows) < 3  # the next slice of the epoch
