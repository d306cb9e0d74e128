"""Predicted classes and accuracy for the classification losses (binary and cross-entropy),
in the trainer's result and in ``train --json``."""

from __future__ import annotations

import json

import numpy as np
import pytest

from backprop_studio.cli import main
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.fileio import save_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.training.classify import (
    accuracy,
    classification,
    classification_from_values,
)
from backprop_studio.core.training.settings import TrainingSettings
from backprop_studio.core.training.trainer import Trainer


def three_class_graph() -> Graph:
    """Logits a*x, b*x, c*x (trainable weights) for targets 0..2."""
    g = Graph()
    g.data = {"x": [-2.0, -1.0, 0.5, 1.0, 2.0], "y": [0.0, 0.0, 1.0, 2.0, 2.0]}
    g.add_node(Node("x", "input", column="x"))
    g.add_node(Node("y", "input", column="y"))
    g.add_node(Node("L", "cross_entropy"))
    for k, (name, w) in enumerate((("a", -1.0), ("b", 0.1), ("c", 1.0))):
        g.add_node(Node(name, "identity"))
        g.add_edge(Edge(f"w{k}", "x", name, "x", weight=w, trainable=True))
        g.add_edge(Edge(f"l{k}", name, "L", "logits"))
    g.add_edge(Edge("t", "y", "L", "target"))
    g.set_meta(loss="L")
    return g


def bce_graph() -> Graph:
    g = Graph()
    g.data = {"x": [-2.0, -0.5, 0.5, 2.0], "y": [0.0, 1.0, 1.0, 1.0]}
    g.add_node(Node("x", "input", column="x"))
    g.add_node(Node("y", "input", column="y"))
    g.add_node(Node("s", "sigmoid"))
    g.add_node(Node("L", "binary_cross_entropy"))
    g.add_edge(Edge("w", "x", "s", "x", weight=1.0, trainable=True))
    g.add_edge(Edge("p", "s", "L", "prediction"))
    g.add_edge(Edge("t", "y", "L", "target"))
    g.set_meta(loss="L")
    return g


def test_cross_entropy_predicts_the_largest_logit():
    plan = compile_plan(three_class_graph())
    found = classification(plan)
    x = np.array([-2.0, -1.0, 0.5, 1.0, 2.0])
    expected = np.argmax(np.stack([-x, 0.1 * x, x], axis=1), axis=1)
    assert found.predicted.tolist() == expected.tolist() == [0, 0, 2, 2, 2]
    assert found.target.tolist() == [0, 0, 1, 2, 2]
    assert found.accuracy == pytest.approx(4 / 5)
    # theta overrides the weights: all logits negative slope now -> class 2 for negative x
    theta = np.array([1.0, 0.1, -1.0])
    assert classification(plan, theta).predicted.tolist() == [2, 2, 0, 0, 0]
    assert accuracy(plan, theta, np.array([2, 3])) == 0.0


def test_binary_cross_entropy_thresholds_at_one_half():
    plan = compile_plan(bce_graph())
    found = classification(plan)
    assert found.predicted.tolist() == [0, 0, 1, 1]
    assert found.accuracy == pytest.approx(3 / 4)


def test_regression_has_no_accuracy(example):
    plan = compile_plan(example("linear_regression"))
    assert classification(plan) is None and accuracy(plan) is None


def test_training_reports_accuracy_and_held_out_accuracy(tmp_path, capsys):
    g = three_class_graph()
    settings = TrainingSettings(optimizer="adam", learning_rate=0.1, iterations=200)
    result = Trainer(g, settings).run_all()
    plan = compile_plan(g)
    assert result.accuracy == pytest.approx(accuracy(plan, result.best.theta))
    assert result.loss_history[-1] < result.loss_history[0]
    path = tmp_path / "three.bpgraph"
    g.training = {"optimizer": "adam", "learning_rate": 0.1, "iterations": 200}
    save_graph(g, path)
    assert main(["train", str(path), "--json", "--validation-fraction", "0.4"]) == 0
    out = json.loads(capsys.readouterr().out)
    held = Trainer(g, settings.with_changes(validation_fraction=0.4)).run_all()
    assert out["accuracy"] == pytest.approx(held.accuracy)
    assert out["validation_accuracy"] == pytest.approx(held.validation_accuracy)
    assert main(["train", str(path)]) == 0
    full = Trainer(g).run_all().accuracy
    assert f"accuracy: {full:.1%}" in capsys.readouterr().out


def test_the_read_out_from_values_matches_the_plan():
    g = three_class_graph()
    plan = compile_plan(g)
    values = plan.run(backward=False).values
    from_values = classification_from_values(g, values)
    assert from_values.predicted.tolist() == classification(plan).predicted.tolist()
    assert classification_from_values(g, {}) is None  # no evaluation yet
