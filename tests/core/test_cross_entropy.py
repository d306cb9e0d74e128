"""cross_entropy against PyTorch (values and gradients to 1e-9, training to 1e-6) on random
graphs, on every engine path, and against central finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from random_graphs import SMOOTH_OPS, random_graph
from torch_mirror import TorchGraph, torch_loss_and_grad

from backprop_studio.core.engine.gradcheck import gradient_check
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.ops import get_op
from backprop_studio.core.training.settings import TrainingSettings
from backprop_studio.core.training.trainer import Trainer

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CE = get_op("cross_entropy")


def _paths(graph: Graph) -> list[str]:
    batch = compile_plan(graph).batch_size is not None
    return ["reference", "vectorized"] + ([] if batch else ["scalar"])


def _assert_matches_torch(graph: Graph, rtol: float = 1e-9) -> None:
    loss, p_grads, e_grads = torch_loss_and_grad(graph)
    assume(np.isfinite(loss) and abs(loss) < 1e6)
    for path in _paths(graph):
        result = compile_plan(graph, path).run()
        scale = 1.0 + abs(loss)
        assert result.loss == pytest.approx(loss, rel=rtol, abs=rtol * scale), path
        for nid, g in p_grads.items():
            assert float(np.sum(result.grads[nid])) == pytest.approx(g, rel=rtol, abs=1e-12), (
                path,
                nid,
            )
        for eid, g in e_grads.items():
            assert result.edge_grads[eid] == pytest.approx(g, rel=rtol, abs=1e-12), (path, eid)


@st.composite
def classifier(draw: st.DrawFn, *, batch: int | None = 6, max_hidden: int = 3) -> Graph:
    """Inputs -> one hidden layer (a random smooth activation) -> k logits -> cross_entropy."""
    g = Graph(title="classifier")
    n_in = draw(st.integers(1, 3))
    k = draw(st.integers(2, 4))
    floats = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)
    sample = floats if batch is None else st.lists(floats, min_size=batch, max_size=batch)
    for i in range(n_in):
        g.add_node(Node(f"x{i}", "input", value=draw(sample)))
    index = st.integers(0, k - 1).map(float)
    g.add_node(
        Node(
            "y",
            "input",
            value=draw(index if batch is None else st.lists(index, min_size=batch, max_size=batch)),
        )
    )
    count = 0

    def edge(src: str, dst: str, port: str, trainable: bool = True) -> None:
        nonlocal count
        count += 1
        w = draw(floats) if trainable else 1.0
        g.add_edge(Edge(f"e{count}", src, dst, port, weight=w, trainable=trainable))

    hidden = []
    for j in range(draw(st.integers(1, max_hidden))):
        act = draw(st.sampled_from(("tanh", "sigmoid", "sin", "square", "identity")))
        g.add_node(Node(f"b{j}", "parameter", value=draw(floats), trainable=True))
        g.add_node(Node(f"z{j}", "add"))
        g.add_node(Node(f"h{j}", act))
        edge(f"b{j}", f"z{j}", "in", trainable=False)
        for i in range(n_in):
            edge(f"x{i}", f"z{j}", "in")
        edge(f"z{j}", f"h{j}", "x", trainable=False)
        hidden.append(f"h{j}")
    g.add_node(Node("L", "cross_entropy"))
    for c in range(k):
        g.add_node(Node(f"o{c}", "add"))
        for h in hidden:
            edge(h, f"o{c}", "in")
        edge(f"o{c}", "L", "logits")
    edge("y", "L", "target", trainable=False)
    g.set_meta(loss="L")
    return g


def test_the_value_is_minus_log_softmax_of_the_target_averaged():
    logits = [np.array([1.0, 0.0, -1.0]), np.array([2.0, 0.5, 3.0]), np.array([0.0, 0.0, 0.0])]
    target = np.array([1.0, 0.0, 2.0])
    z = np.stack(logits, axis=1)
    soft = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(soft[np.arange(3), target.astype(int)]))
    out = CE.forward([*logits, target])
    assert float(out) == pytest.approx(expected, rel=1e-13)
    for c in range(3):  # softmax - one-hot, over N
        local = CE.local([*logits, target], out, c)
        np.testing.assert_allclose(local, (soft[:, c] - (target == c)) / 3, rtol=1e-13)
    np.testing.assert_array_equal(CE.local([*logits, target], out, 3), 0.0)


def test_matches_torch_functional_cross_entropy_directly():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(7, 4)) * 5
    t = rng.integers(0, 4, size=7).astype(float)
    zt = torch.tensor(z, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(zt, torch.tensor(t).long())
    loss.backward()
    args = [z[:, c] for c in range(4)] + [t]
    out = CE.forward(args)
    assert float(out) == pytest.approx(loss.item(), rel=1e-12)
    for c in range(4):
        np.testing.assert_allclose(CE.local(args, out, c), zt.grad[:, c].numpy(), rtol=1e-10)


def test_large_logits_stay_finite():
    args = [np.array([1000.0, -1000.0]), np.array([0.0, 0.0]), np.array([1.0, 0.0])]
    out = float(CE.forward(args))
    assert out == pytest.approx(1000.0, rel=1e-12)  # each sample picks the logit 1000 below
    assert np.all(np.isfinite(CE.local(args, np.asarray(out), 0)))


def test_a_class_index_out_of_range_gives_not_a_number():
    assert np.isnan(CE.forward([np.array([1.0]), np.array([2.0]), np.array([2.0])]))
    assert np.isnan(CE.forward([np.array([1.0]), np.array([2.0]), np.array([0.5])]))


@SETTINGS
@given(graph=classifier(batch=6))
def test_classifier_values_and_gradients_match_torch(graph):
    _assert_matches_torch(graph)


@SETTINGS
@given(graph=classifier(batch=None))
def test_single_sample_classifier_matches_torch_on_every_path(graph):
    _assert_matches_torch(graph)


@SETTINGS
@given(graph=random_graph(ops=(*SMOOTH_OPS, "cross_entropy"), batch=5))
def test_random_graphs_with_cross_entropy_inside_match_torch(graph):
    assume(any(n.op == "cross_entropy" for n in graph.nodes()))
    _assert_matches_torch(graph)


@SETTINGS
@given(graph=random_graph(ops=(*SMOOTH_OPS, "cross_entropy"), batch=None))
def test_random_scalar_graphs_with_cross_entropy_match_torch(graph):
    assume(any(n.op == "cross_entropy" for n in graph.nodes()))
    _assert_matches_torch(graph)


@SETTINGS
@given(graph=classifier(batch=5))
def test_gradients_match_finite_differences(graph):
    loss = compile_plan(graph).run(backward=False).loss
    assume(np.isfinite(loss) and loss < 50)
    for path in ("reference", "vectorized"):
        report = gradient_check(graph, everything=True, path=path)
        assert report.passed(1e-5), (path, report.worst)
        # every weight but the target edge (a class index) was checked
        assert len(report.rows) == len(graph.trainables()[0]) + len(graph.edges()) - 1


def _torch_training(graph: Graph, trainer: Trainer, optimizer: str, lr: float, steps: int):
    tg = TorchGraph(graph)
    leaves = tg.leaves(trainer.trainable_ids)
    if optimizer == "sgd":
        opt = torch.optim.SGD(leaves, lr=lr, momentum=0.9)
    else:
        opt = torch.optim.Adam(leaves, lr=lr)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss, _ = tg.forward()
        loss.backward()
        losses.append(loss.item())
        opt.step()
    return np.array(losses), np.array([t.item() for t in leaves])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=classifier(batch=8), optimizer=st.sampled_from(("sgd", "adam")))
def test_training_follows_torch(graph, optimizer):
    loss = compile_plan(graph).run(backward=False).loss
    assume(np.isfinite(loss) and loss < 20)
    steps, lr = 40, 0.05
    settings_ = TrainingSettings(
        optimizer=optimizer, learning_rate=lr, momentum=0.9 if optimizer == "sgd" else 0.0
    )
    trainer = Trainer(graph, settings_.with_changes(iterations=steps))
    result = trainer.run_all()
    torch_losses, torch_theta = _torch_training(graph, trainer, optimizer, lr, steps)
    assume(np.all(np.isfinite(torch_losses)))
    np.testing.assert_allclose(result.loss_history, torch_losses, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(result.best.theta, torch_theta, rtol=1e-6, atol=1e-9)
