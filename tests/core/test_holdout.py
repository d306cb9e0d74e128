"""Held-out rows: the split, the held-out loss history against a hand computation, settings,
the ``train --json`` fields and the CLI option."""

from __future__ import annotations

import json

import numpy as np
import pytest

from backprop_studio.cli import main
from backprop_studio.core.model.fileio import save_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.training.holdout import split_rows
from backprop_studio.core.training.settings import SettingsError, TrainingSettings
from backprop_studio.core.training.trainer import Trainer, TrainingError

X = [1.0, 2.0, 3.0, 4.0, 5.0]
Y = [2.0, 4.0, 6.5, 8.0, 11.0]


def line_graph(fraction: float | None = None) -> Graph:
    """prediction = w * x against y, mse; w starts at 1."""
    g = Graph(title="line")
    g.data = {"x": list(X), "y": list(Y)}
    g.add_node(Node("x", "input", column="x"))
    g.add_node(Node("y", "input", column="y"))
    g.add_node(Node("w", "parameter", value=1.0, trainable=True))
    g.add_node(Node("p", "mul"))
    g.add_node(Node("L", "mse"))
    g.add_edge(Edge("e1", "x", "p", "in"))
    g.add_edge(Edge("e2", "w", "p", "in"))
    g.add_edge(Edge("e3", "p", "L", "prediction"))
    g.add_edge(Edge("e4", "y", "L", "target"))
    g.set_meta(loss="L")
    g.training = {"learning_rate": 0.01, "iterations": 4}
    if fraction is not None:
        g.training["validation_fraction"] = fraction
    return g


def test_the_last_rounded_share_of_rows_is_held_out_in_file_order():
    split = split_rows(0.4, 5)
    assert split.train.tolist() == [0, 1, 2] and split.held_out.tolist() == [3, 4]
    assert split_rows(0.25, 10).held_out.tolist() == [8, 9]  # round(2.5) = 2
    assert not split_rows(0.05, 5).active  # round(0.25) = 0: nothing held out
    assert not split_rows(0.5, None).active  # no batch


def test_held_out_history_matches_a_hand_computation():
    trainer = Trainer(line_graph(0.4))
    result = trainer.run_all()
    w, lr = 1.0, 0.01
    train_losses, held_losses = [], []
    for _ in range(4):
        train = [(w * x - y) ** 2 for x, y in zip(X[:3], Y[:3], strict=True)]
        held = [(w * x - y) ** 2 for x, y in zip(X[3:], Y[3:], strict=True)]
        train_losses.append(sum(train) / 3)
        held_losses.append(sum(held) / 2)
        grad = sum(2 * (w * x - y) * x for x, y in zip(X[:3], Y[:3], strict=True)) / 3
        w -= lr * grad
    np.testing.assert_allclose(result.loss_history, train_losses, rtol=1e-12)
    np.testing.assert_allclose(result.validation_loss_history, held_losses, rtol=1e-12)
    final_held = sum((w * x - y) ** 2 for x, y in zip(X[3:], Y[3:], strict=True)) / 2
    final_train = sum((w * x - y) ** 2 for x, y in zip(X[:3], Y[:3], strict=True)) / 3
    assert result.final_validation_loss == pytest.approx(final_held, rel=1e-12)
    assert result.final_loss == pytest.approx(final_train, rel=1e-12)
    assert result.parameters["w"] == pytest.approx(w, rel=1e-12)


def test_mini_batches_draw_only_training_rows():
    g = line_graph(0.4)
    g.training.update(batch_size=1, iterations=30)
    trainer = Trainer(g)
    seen: list[int] = []
    original = trainer.plan.loss_and_grad

    def recording(theta, rows=None):
        seen.extend(rows.tolist())
        return original(theta, rows)

    trainer.plan.loss_and_grad = recording
    trainer.run_all()
    assert len(seen) == 30 and set(seen) == {0, 1, 2}


def test_without_a_fraction_there_is_no_held_out_history():
    result = Trainer(line_graph()).run_all()
    assert not result.validation and len(result.validation_loss_history) == 0
    assert "validation_loss_history" not in result.to_json()


def test_settings_read_write_and_refuse_the_fraction():
    s = TrainingSettings.from_dict({"validation_fraction": 0.25})
    assert s.validation_fraction == 0.25 and s.to_dict()["validation_fraction"] == 0.25
    assert "validation_fraction" not in TrainingSettings().to_dict()
    for bad in (1.0, -0.1, "half", True):
        with pytest.raises(SettingsError, match="validation_fraction"):
            TrainingSettings.from_dict({"validation_fraction": bad}, "f.bpgraph")
    g = line_graph(0.95)  # round(4.75) = 5 of 5 rows
    with pytest.raises(TrainingError, match="at least one must stay"):
        Trainer(g)


def test_train_cli_option_and_json_fields(tmp_path, capsys):
    path = tmp_path / "line.bpgraph"
    save_graph(line_graph(), path)
    assert main(["train", str(path), "--json", "--validation-fraction", "0.4"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["validation_loss_history"]) == len(out["loss_history"]) == 4
    assert out["final_validation_loss"] == pytest.approx(
        Trainer(line_graph(0.4)).run_all().final_validation_loss, rel=1e-12
    )
    assert main(["train", str(path), "--validation-fraction", "0.4"]) == 0
    assert "held-out loss:" in capsys.readouterr().out
    assert main(["train", str(path), "--validation-fraction", "1.5"]) == 2
    assert "validation fraction" in capsys.readouterr().err
