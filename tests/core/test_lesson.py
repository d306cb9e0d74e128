"""The lesson's numbers, exactly, on the shipped examples."""

from __future__ import annotations

import numpy as np

from backprop_studio.core.engine.plan import compile_plan, evaluate


def test_single_weight_loss_is_36(example):
    g = example("single_weight")
    r = evaluate(g)
    assert r.loss == 36.0
    assert float(r.values["p"]) == 6.0
    # dL/dw = -2 x (y - w x) = -2 * 3 * 6
    assert float(r.grads["w"]) == -36.0


def test_chain_rule_values_and_gradients(example):
    r = evaluate(example("chain_rule"))
    values = {k: float(v) for k, v in r.values.items()}
    assert (values["c"], values["d"], values["f"]) == (3.0, 2.0, 6.0)
    assert float(r.grads["a"]) == 2.0
    assert float(r.grads["b"]) == 5.0


def test_chain_rule_sum_rule_arrives_as_2_then_3(example):
    r = evaluate(example("chain_rule"))
    to_b = [t for t in r.trace if t.source == "b"]
    assert [float(t.contribution) for t in to_b] == [2.0, 3.0]
    assert [t.completes_source for t in to_b] == [False, True]
    assert float(to_b[-1].source_grad) == 5.0
    assert to_b[0].text == "df/db += df/dc * dc/db = 2 * 1 = 2"


def test_every_edge_is_visited_once_after_its_target(example):
    for name in ("chain_rule", "xor_network", "linear_regression"):
        g = example(name)
        r = evaluate(g)
        assert r.edges_visited == len(g.edges())
        assert sorted(t.edge for t in r.trace) == sorted(e.id for e in g.edges())
        seen_targets_done = set()
        for t in r.trace:
            # every edge leaving the target was visited before this one
            leaving = {e.id for e in g.out_edges(t.target)}
            assert leaving <= seen_targets_done
            seen_targets_done.add(t.edge)


def test_scalar_parameter_feeding_a_batch_gets_the_batch_sum(example):
    g = example("linear_regression")
    plan = compile_plan(g)
    r = plan.run(record=True)
    x = np.array(g.data["x"])
    y = np.array(g.data["y"])
    pred = 0.0 * x + 0.0
    assert np.isclose(r.loss, np.mean((pred - y) ** 2))
    assert np.isclose(float(r.grads["w"]), np.mean(2 * (pred - y) * x))
    assert np.isclose(float(r.grads["b"]), np.mean(2 * (pred - y)))


def test_trainable_edge_weights_get_gradients(example):
    g = example("xor_network")
    plan = compile_plan(g)
    theta = plan.theta()
    loss, grad = plan.loss_and_grad(theta)
    eps = 1e-6
    for k in range(len(theta)):
        up, down = theta.copy(), theta.copy()
        up[k] += eps
        down[k] -= eps
        numeric = (plan.run(up, backward=False).loss - plan.run(down, backward=False).loss) / (
            2 * eps
        )
        assert np.isclose(grad[k], numeric, rtol=1e-5, atol=1e-8), plan.trainable_ids[k]
