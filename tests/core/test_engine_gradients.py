"""Engine gradients against central finite differences on random graphs (hypothesis).

Every parameter and every edge weight of a random graph is made trainable, so the check
covers dL/d(parameter) (summed over the batch where a scalar feeds a batch) and dL/dw for
every edge, through every path the plan can take.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from random_graphs import DOMAIN_OPS, KINK_OPS, SMOOTH_OPS, random_graph

from backprop_studio.core.engine.gradcheck import relative_error
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.graph import Graph

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
H = 1e-6


def _all_trainable(g: Graph) -> Graph:
    for n in g.nodes():
        if n.op == "parameter":
            g.update_node(n.id, trainable=True)
    for e in g.edges():
        g.update_edge(e.id, trainable=True)
    return g


def _away_from_kinks(g: Graph) -> bool:
    """No relu/abs argument within 1e-3 of its kink (finite differences straddle it)."""
    r = compile_plan(g, "reference").run(backward=False)
    for e in g.edges():
        if g.node(e.target).op in KINK_OPS:
            if np.any(np.abs(e.weight * np.asarray(r.values[e.source])) < 1e-3):
                return False
    return True


def _check(graph: Graph, path: str) -> None:
    plan = compile_plan(_all_trainable(graph), path)
    theta = plan.theta()
    loss, grad = plan.loss_and_grad(theta)
    assume(np.isfinite(loss) and abs(loss) < 1e6 and np.all(np.isfinite(grad)))
    for k in range(len(theta)):
        up, down = theta.copy(), theta.copy()
        up[k] += H
        down[k] -= H
        numeric = (plan.run(up, backward=False).loss - plan.run(down, backward=False).loss) / (
            up[k] - down[k]
        )
        assert relative_error(float(grad[k]), numeric, loss) < 1e-4, (
            path,
            plan.trainable_ids[k],
            grad[k],
            numeric,
        )


@SETTINGS
@given(graph=random_graph(ops=SMOOTH_OPS + DOMAIN_OPS, batch=None))
def test_scalar_graph_gradients_match_finite_differences(graph):
    for path in ("reference", "scalar", "vectorized"):
        _check(graph, path)


@SETTINGS
@given(graph=random_graph(ops=SMOOTH_OPS + DOMAIN_OPS, batch=4))
def test_batch_graph_gradients_match_finite_differences(graph):
    for path in ("reference", "vectorized"):
        _check(graph, path)


@SETTINGS
@given(graph=random_graph(ops=SMOOTH_OPS + KINK_OPS + ("exp",), batch=3))
def test_gradients_with_kinks_and_exp_match_away_from_the_kinks(graph):
    assume(_away_from_kinks(graph))
    for path in ("reference", "vectorized"):
        _check(graph, path)
