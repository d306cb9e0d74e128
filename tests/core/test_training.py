"""The Trainer: the lesson's gradient descent, batch modes, restarts, divergence, stopping."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.training.settings import MAX_ITERATIONS
from backprop_studio.core.training.trainer import (
    SettingsError,
    Trainer,
    TrainingError,
    TrainingSettings,
    parse_settings,
    train,
)


def test_sgd_on_the_single_weight_converges_to_four(example):
    graph = example("single_weight")
    result = train(graph)  # the file's settings: sgd, lr 0.02, 60 iterations
    assert result.parameters["w"] == pytest.approx(4.0, abs=1e-9)
    assert result.final_loss == pytest.approx(0.0, abs=1e-18)
    # loss before update 0 is the lesson's 36; w1 = 2 - 0.02 * (-2 * 3 * (12 - 6)) = 2.72
    assert result.loss_history[0] == 36.0
    assert result.loss_history[1] == pytest.approx((12 - 3 * 2.72) ** 2)
    assert len(result.loss_history) == 60
    assert np.all(np.diff(result.loss_history) < 0)


def test_each_update_is_the_lesson_rule(example):
    # w <- w - lr * dL/dw with dL/dw = -2 x (y - w x)
    graph = example("single_weight")
    settings = TrainingSettings(learning_rate=0.01, iterations=5)
    trainer = Trainer(graph, settings)
    trainer.run_all()
    run = trainer.runs[0]
    w = 2.0
    for i in range(5):
        assert run.trajectory[i][0] == pytest.approx(w)
        assert run.losses[i] == pytest.approx((12 - 3 * w) ** 2)
        w = w - 0.01 * (-2 * 3 * (12 - w * 3))
    assert run.trajectory[5][0] == pytest.approx(w)
    assert run.trajectory.shape == (6, 1)


def test_settings_default_from_the_file(example):
    graph = example("xor_network")
    s = TrainingSettings.from_graph(graph)
    assert (s.optimizer, s.learning_rate, s.momentum, s.batch_size) == ("sgd", 0.5, 0.9, None)
    assert (s.iterations, s.seed, s.restarts) == (2000, 0, 1)
    t = s.with_changes(optimizer="ADAM", batch_size=0, seed=None, init_range=[-2, 2])
    assert (t.optimizer, t.batch_size, t.seed, t.init_range) == ("adam", None, 0, (-2.0, 2.0))
    assert TrainingSettings.from_dict(s.to_dict()) == s


def test_bad_training_section_names_the_field_and_file():
    with pytest.raises(SettingsError, match=r'^g.bpgraph: training "learning_rate" must be a'):
        TrainingSettings.from_dict({"learning_rate": "fast"}, "g.bpgraph")
    with pytest.raises(SettingsError, match='"batch_size" must be null, 0'):
        TrainingSettings.from_dict({"batch_size": -3})
    with pytest.raises(SettingsError, match=r'"optimizer" must be one of sgd.*\(and 1 more\)'):
        TrainingSettings.from_dict({"optimizer": "newton", "restarts": 0})
    settings, problems = parse_settings({"iterations": 2.5, "momentum": 0.5})
    assert settings.iterations == 100 and settings.momentum == 0.5
    assert problems == ['training "iterations" must be a whole number of at least 1, not 2.5']


def test_xor_network_learns_xor(example):
    graph = example("xor_network")
    result = train(graph)
    assert result.final_loss < 0.01
    graph_before = example("xor_network")
    result.apply_to(graph_before)
    pred = compile_plan(graph_before).forward()["p"]
    assert (pred > 0.5).tolist() == [False, True, True, False]


def _row_spy(trainer):
    seen = []
    original = trainer.plan.loss_and_grad

    def spy(theta, rows=None):
        seen.append(None if rows is None else sorted(int(r) for r in rows))
        return original(theta, rows)

    trainer.plan.loss_and_grad = spy
    return seen


@pytest.mark.parametrize(("batch", "sizes"), [(2, [2, 2]), (3, [3, 1]), (1, [1, 1, 1, 1])])
def test_mini_batches_cover_each_epoch_once(example, batch, sizes):
    graph = example("xor_network")
    trainer = Trainer(graph, TrainingSettings(batch_size=batch, iterations=len(sizes) * 3))
    seen = _row_spy(trainer)
    trainer.run_all()
    assert [len(r) for r in seen] == sizes * 3
    for epoch in range(3):
        batches = seen[epoch * len(sizes) : (epoch + 1) * len(sizes)]
        assert sorted(i for b in batches for i in b) == [0, 1, 2, 3]


def test_full_batch_uses_every_sample(example):
    graph = example("xor_network")
    trainer = Trainer(graph, TrainingSettings(batch_size=None, iterations=3))
    seen = _row_spy(trainer)
    trainer.run_all()
    assert seen == [None, None, None]
    big = Trainer(graph, TrainingSettings(batch_size=10, iterations=1))
    assert big.notes == ["batch size 10 uses every sample: the graph has 4 samples"]


@pytest.mark.parametrize("batch", [1, 2])
def test_stochastic_and_mini_batch_runs_repeat_with_a_seed(example, batch):
    graph = example("linear_regression")

    def history(seed):
        s = TrainingSettings(batch_size=batch, iterations=40, seed=seed, learning_rate=0.05)
        r = train(graph, s)
        return r.loss_history.copy(), r.parameters

    a, params_a = history(7)
    b, params_b = history(7)
    c, params_c = history(8)
    assert np.array_equal(a, b) and params_a == params_b
    assert not np.array_equal(a, c) and params_a != params_c


def test_restarts_on_two_minima_find_both(example):
    graph = example("two_minima")
    settings = TrainingSettings.from_graph(graph).with_changes(restarts=6)
    result = train(graph, settings)
    ends = sorted(round(float(r.theta[0]), 3) for r in result.runs)
    assert {-1.036, 0.960} == set(ends)
    assert result.runs[0].start[0] == 1.5  # run 0 starts from the graph's value...
    assert result.runs[0].theta[0] == pytest.approx(0.96015, abs=1e-4)  # ...into the local one
    for r in result.runs[1:]:
        assert -2.0 <= r.start[0] <= 2.0
    assert result.parameters["w"] == pytest.approx(-1.03558, abs=1e-4)
    assert result.final_loss == min(result.final_losses)
    assert [r.seed for r in result.runs] == [0, 1, 2, 3, 4, 5]
    again = train(graph, settings)
    assert [r.start[0] for r in again.runs] == [r.start[0] for r in result.runs]
    assert again.best_run == result.best_run


def test_result_applies_to_the_graph_in_one_event(example):
    graph = example("xor_network")
    result = train(graph, TrainingSettings(iterations=20, learning_rate=0.5))
    events = []
    graph.subscribe(events.append)
    result.apply_to(graph)
    assert [e.kind for e in events] == ["values_changed"]
    assert graph.node("b1").value == result.parameters["b1"]
    assert graph.edge("e9").weight == result.edge_weights["e9"]
    assert set(result.edge_weights) == {"e1", "e2", "e4", "e5", "e9", "e10"}


def test_json_shape(example):
    result = train(example("two_minima"), TrainingSettings(restarts=2, iterations=10))
    data = result.to_json()
    assert list(data) == [
        "loss_history",
        "final_loss",
        "parameters",
        "edge_weights",
        "runs",
        "best_run",
        "accuracy",
    ]
    assert len(data["loss_history"]) == 10 and data["edge_weights"] == {}
    assert [list(r) for r in data["runs"]] == [["seed", "final_loss"]] * 2


def test_divergence_ends_the_run_with_finite_values(example):
    graph = example("single_weight")
    # each step multiplies w - 4 by 1 - 2 * lr * 9 = -17: the loss overflows after ~250 steps
    result = train(graph, TrainingSettings(learning_rate=1.0, iterations=1000))
    run = result.runs[0]
    assert run.status == "diverged" and run.note == "diverged"
    assert run.message.startswith("diverged at iteration")
    # the update that overflowed is undone: the last loss recorded is that of the final values
    assert 100 < run.updates < 1000 and len(run.losses) == len(run.trajectory) == run.updates + 1
    assert run.losses[-1] == pytest.approx(result.final_loss)
    assert np.all(np.isfinite(run.losses)) and np.all(np.isfinite(run.trajectory))
    assert np.isfinite(result.parameters["w"]) and np.isfinite(result.final_loss)


def test_a_growing_loss_is_explained(example):
    result = train(example("single_weight"), TrainingSettings(learning_rate=1.0, iterations=5))
    assert result.runs[0].note == "loss grew"
    assert "learning rate is probably too large" in result.runs[0].message


def test_loss_undefined_at_the_start_is_reported():
    g = Graph()
    g.add_node(Node("w", "parameter", value=-1.0, trainable=True))
    g.add_node(Node("L", "log"))
    g.add_edge(Edge("e1", "w", "L", "x"))
    result = train(g, TrainingSettings(iterations=5))
    assert result.runs[0].status == "diverged"
    assert result.runs[0].message == "the loss is not a finite number at the starting values"
    assert result.to_json()["final_loss"] is None
    assert result.parameters == {"w": -1.0}


def test_nothing_trainable_is_refused(example):
    graph = example("single_weight")
    graph.update_node("w", trainable=False)
    with pytest.raises(TrainingError, match="nothing to train"):
        Trainer(graph)


def test_step_by_step_stop_and_progress(example):
    graph = example("two_minima")
    trainer = Trainer(graph, TrainingSettings(iterations=50, restarts=3, learning_rate=0.05))
    assert trainer.step() and trainer.progress.done == 1
    assert trainer.run_iterations(60) == 60  # crosses into run 1
    p = trainer.progress
    assert (p.run, p.iteration, p.done, p.total) == (1, 11, 61, 150)
    assert trainer.runs[0].status == "done" and len(trainer.runs[0].losses) == 50
    calls = iter(range(100))
    assert trainer.run_iterations(100, should_stop=lambda: next(calls) >= 5) == 5
    paused = trainer.result()  # mid-run: run 1 reported at its current values
    assert len(paused.runs) == 2 and paused.runs[1].status == "running"
    params, _ = trainer.current_values()
    assert params["w"] == trainer.runs[1].theta[0]
    trainer.stop()
    assert trainer.finished and not trainer.step()
    result = trainer.result()
    assert [r.status for r in result.runs] == ["done", "stopped"]
    assert result.runs[1].updates == 16
    assert result.final_losses == paused.final_losses


def test_a_worker_thread_can_drive_and_stop_training(example):
    graph = example("xor_network")
    trainer = Trainer(graph, TrainingSettings(iterations=10**7, learning_rate=0.5))
    stop = threading.Event()
    seen = []

    def worker():
        trainer.run_all(lambda p: seen.append(p.done), chunk=50, should_stop=stop.is_set)

    thread = threading.Thread(target=worker)
    thread.start()
    while not seen:
        thread.join(0.01)
    stop.set()
    thread.join(10)
    assert not thread.is_alive() and trainer.finished
    run = trainer.result().runs[0]
    assert run.status == "stopped" and 0 < run.updates < 10**7
    assert len(run.losses) == run.updates


def test_histories_grow_with_what_ran_not_what_was_planned(example):
    trainer = Trainer(example("xor_network"), TrainingSettings(iterations=MAX_ITERATIONS))
    trainer.run_iterations(5000)
    run = trainer.runs[0]
    assert len(run.losses) == 5000 and run.trajectory.shape == (5001, 9)
    assert run._history._state[0].nbytes < 100_000  # grown by doubling, not 8 GB up front


def test_long_trajectories_are_thinned_within_the_budget(example):
    graph = example("two_minima")
    trainer = Trainer(graph, TrainingSettings(iterations=1000), trajectory_budget=64)
    trainer.run_all()
    run = trainer.runs[0]
    steps, values = run.trajectory_with_steps()
    assert len(values) <= 65 and steps[0] == 0 and steps[-1] == 1000
    stride = run._path.stride
    assert stride > 1 and np.all(steps[:-1] % stride == 0)
    full = Trainer(graph, TrainingSettings(iterations=1000))
    full.run_all()
    every = full.runs[0].trajectory
    assert every.shape == (1001, 1)
    assert np.array_equal(values[:, 0], every[steps, 0])  # the kept rows are the real ones


@settings(max_examples=25, deadline=None)
@given(
    xs=st.lists(st.floats(-3, 3), min_size=2, max_size=8),
    w0=st.floats(-2, 2),
    b0=st.floats(-2, 2),
    lr=st.floats(0.001, 0.05),
)
def test_full_batch_sgd_is_plain_gradient_descent_on_linear_regression(xs, w0, b0, lr):
    # L = mean((w x + b - y)^2); dL/dw = mean(2 (w x + b - y) x), dL/db = mean(2 (w x + b - y))
    x = np.array(xs)
    y = 1.5 * x - 0.5
    g = Graph()
    g.add_node(Node("x", "input", column="x"))
    g.add_node(Node("w", "parameter", value=w0, trainable=True))
    g.add_node(Node("wx", "mul"))
    g.add_node(Node("b", "parameter", value=b0, trainable=True))
    g.add_node(Node("p", "add"))
    g.add_node(Node("y", "input", column="y"))
    g.add_node(Node("L", "mse"))
    for eid, s, t, port in [
        ("e1", "x", "wx", "in"),
        ("e2", "w", "wx", "in"),
        ("e3", "wx", "p", "in"),
        ("e4", "b", "p", "in"),
        ("e5", "p", "L", "prediction"),
        ("e6", "y", "L", "target"),
    ]:
        g.add_edge(Edge(eid, s, t, port))
    g.set_meta(data={"x": list(x), "y": list(y)})
    trainer = Trainer(g, TrainingSettings(learning_rate=lr, iterations=10))
    trainer.run_all()
    w, b = w0, b0
    for i in range(10):
        r = w * x + b - y
        assert trainer.runs[0].losses[i] == pytest.approx(np.mean(r * r), rel=1e-9, abs=1e-12)
        w, b = w - lr * np.mean(2 * r * x), b - lr * np.mean(2 * r)
    assert trainer.runs[0].theta == pytest.approx([w, b], rel=1e-9, abs=1e-12)


def test_stop_before_the_first_iteration_changes_nothing(example):
    graph = example("single_weight")
    trainer = Trainer(graph, TrainingSettings(iterations=10, restarts=3))
    trainer.stop()
    result = trainer.result()
    assert trainer.finished
    assert result.parameters == {"w": 2.0}
    assert len(result.runs) == 1 and result.final_losses == [36.0]
