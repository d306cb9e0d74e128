"""pow with negative bases on the fast paths: PyTorch's conventions, no fallback.

d(a^b)/db = a^b ln(a) is nan for a < 0. PyTorch computes it only where it is needed (the
exponent requires a gradient); so does the plan (``edge_needs_grad``): a constant exponent
over a negative base gets 0 there, a trainable one gets nan. Every path agrees with the
reference engine, and the float loop computes such graphs itself, pass after pass.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_engine_paths import _close, assert_same

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.graph import Edge, Graph, Node

BASES = [-2.0, -0.5, 0.0, 0.7, 1.5, -1.25]


def _pow_graph(base: float | list[float], exponent: float, trainable_exponent: bool) -> Graph:
    """x = base (parameter), p = x ^ e, L = p * 1 (plain loss); e trainable or constant."""
    g = Graph()
    if isinstance(base, list):
        g.add_node(Node("x", "input", value=base))
        g.add_node(Node("k", "parameter", value=1.0, trainable=True))
        g.add_node(Node("xb", "mul"))
        g.add_edge(Edge("ex", "x", "xb", "in"))
        g.add_edge(Edge("ek", "k", "xb", "in"))
        base_node = "xb"
    else:
        g.add_node(Node("x", "parameter", value=base, trainable=True))
        base_node = "x"
    if trainable_exponent:
        g.add_node(Node("e", "parameter", value=exponent, trainable=True))
    else:
        g.add_node(Node("e", "input", value=exponent))
    g.add_node(Node("p", "pow"))
    g.add_edge(Edge("eb", base_node, "p", "base"))
    g.add_edge(Edge("ee", "e", "p", "exponent"))
    g.add_node(Node("L", "identity"))
    g.add_edge(Edge("eL", "p", "L", "x"))
    return g


def _no_reference(plan) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the pass fell back to the reference engine")

    plan._run_reference = refuse


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("exponent", [2.0, 3.0, -1.0])
def test_constant_exponent_over_negative_base_gives_finite_gradients(base, exponent):
    g = _pow_graph(base, exponent, trainable_exponent=False)
    ref = compile_plan(g, "reference").run()
    expected_value = base**exponent if base != 0 or exponent > 0 else np.inf
    assert float(ref.values["p"]) == pytest.approx(expected_value)
    if base != 0:  # d(x^e)/dx = e x^(e-1), checked by hand, and by finite differences
        assert float(ref.grads["x"]) == pytest.approx(exponent * base ** (exponent - 1))
        h = 1e-6
        fd = ((base + h) ** exponent - (base - h) ** exponent) / (2 * h)
        assert float(ref.grads["x"]) == pytest.approx(fd, rel=1e-5)
    if base < 0:  # nothing needs the exponent's gradient: not nan, as in PyTorch
        assert float(ref.edge_grads["ee"]) == 0.0 and float(ref.grads["e"]) == 0.0
    for path in ("scalar", "vectorized"):
        plan = compile_plan(g, path)
        _no_reference(plan)
        for _ in range(2):
            assert_same(plan.run(), ref)
            loss, grad = plan.loss_and_grad(plan.theta())
            assert _close(grad, [float(ref.grads["x"])])
        assert plan.path == path and plan.fallback is None


@pytest.mark.parametrize("base", BASES)
def test_trainable_exponent_over_negative_base_gets_nan(base):
    g = _pow_graph(base, 2.0, trainable_exponent=True)
    ref = compile_plan(g, "reference").run()
    grad_e = float(ref.grads["e"])
    if base < 0:
        assert np.isnan(grad_e)
    elif base > 0:
        assert grad_e == pytest.approx(base**2 * np.log(base))
    else:
        assert grad_e == 0.0  # 0^e for e >= 0: PyTorch's 0
    for path in ("scalar", "vectorized"):
        plan = compile_plan(g, path)
        _no_reference(plan)
        assert_same(plan.run(), ref)
        assert plan.fallback is None


def test_batch_of_mixed_bases_masks_per_sample():
    """A batch whose samples cross zero: nan only where the exponent is trainable."""
    for trainable in (False, True):
        g = _pow_graph(BASES, 3.0, trainable_exponent=trainable)
        ref = compile_plan(g, "reference").run()
        assert np.isnan(float(ref.grads["e"])) == trainable
        assert np.isfinite(float(ref.grads["k"]))
        plan = compile_plan(g, "vectorized")
        _no_reference(plan)
        assert_same(plan.run(), ref)


def test_non_integer_power_of_a_negative_base_is_nan_on_the_float_loop():
    """math.pow(-8, 0.5) raises where numpy gives nan: that node goes through numpy alone."""
    g = _pow_graph(-8.0, 0.5, trainable_exponent=False)
    ref = compile_plan(g, "reference").run()
    assert np.isnan(float(ref.values["p"]))
    plan = compile_plan(g, "scalar")
    _no_reference(plan)
    assert_same(plan.run(), ref)
    assert plan.path == "scalar"


def test_a_fallback_is_remembered_by_the_plan(monkeypatch):
    """If the float loop ever gives up, the plan moves to the vectorized path once, for good."""
    from backprop_studio.core.engine import scalar

    g = _pow_graph(-2.0, 3.0, trainable_exponent=False)
    plan = compile_plan(g, "scalar")
    calls = []

    def give_up(*args, **kwargs):
        calls.append(1)
        raise scalar.ScalarFallback("test")

    monkeypatch.setattr(plan._scalar, "run", give_up)
    _no_reference(plan)
    ref = compile_plan(g, "reference").run()
    for _ in range(3):
        assert_same(plan.run(), ref)
    assert calls == [1] and plan.path == "vectorized" and plan.fallback == "test"
