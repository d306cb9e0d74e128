"""Every registered op: its local derivatives against central finite differences of its own
forward function, at several points away from kinks and poles, for scalars and batches."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.ops import all_ops, get_op

H = 1e-6

# Per op and port: sample points inside the domain, away from kinks (0 for relu, leaky_relu,
# abs) and poles (0 for log and for div's b).
GENERAL = np.array([-1.7, -0.6, -0.15, 0.3, 0.8, 1.9])
POSITIVE = np.array([0.2, 0.45, 0.9, 1.3, 2.2, 3.1])
PROBABILITY = np.array([0.05, 0.2, 0.4, 0.55, 0.8, 0.97])
POINTS: dict[tuple[str, str], np.ndarray] = {
    ("log", "x"): POSITIVE,
    ("div", "b"): np.array([-2.0, -0.7, -0.3, 0.4, 1.1, 2.5]),
    ("pow", "base"): POSITIVE,
    ("pow", "exponent"): np.array([-1.5, -0.5, 0.5, 1.0, 2.0, 2.7]),
    ("binary_cross_entropy", "prediction"): PROBABILITY,
    ("binary_cross_entropy", "target"): np.array([0.0, 0.1, 0.5, 0.7, 1.0, 0.3]),
}

COMPUTE_OPS = [s for s in all_ops() if s.ports]
# Ports that take a label rather than a number: local derivative 0 by definition (PyTorch has
# no gradient for a class index), and a finite difference would leave the valid indices.
LABEL_PORTS = {("cross_entropy", "target")}


def _points(op: str, port: str, k: int) -> np.ndarray:
    """Points for the k-th argument: a different arrangement (and scale) for each argument,
    so that no two arguments are equal (mse of equal arguments has derivative 0)."""
    base = POINTS.get((op, port), GENERAL)
    return np.roll(base, 2 * k + 1) * (1.0 if (op, port) in POINTS else 1.0 + 0.1 * k)


def _args(spec, arity: int) -> list[np.ndarray]:
    """One batch of sample points per argument (variadic ports repeated ``arity`` times)."""
    args = []
    for port in spec.ports:
        if (spec.name, port.name) in LABEL_PORTS:
            classes = len(args)  # the logits before it
            args.append(np.arange(GENERAL.size, dtype=float) % classes)
            continue
        for _ in range(arity if port.variadic else 1):
            args.append(_points(spec.name, port.name, len(args)))
    return args


def _is_label(spec, args: list[np.ndarray], i: int) -> bool:
    return (spec.name, spec.ports[-1].name) in LABEL_PORTS and i == len(args) - 1


def _numeric(spec, args: list[np.ndarray], i: int) -> np.ndarray:
    """d(sum of outputs)/d(args[i][j]) for every sample j: for an elementwise op only
    output j moves; for a reducing op the output is one number."""
    out = []
    for j in range(args[i].size):
        up = [a.copy() for a in args]
        down = [a.copy() for a in args]
        up[i][j] += H
        down[i][j] -= H
        out.append((np.sum(spec.forward(up)) - np.sum(spec.forward(down))) / (2 * H))
    return np.array(out)


def _arities(spec) -> list[int]:
    return [1, 2, 3, 4] if any(p.variadic for p in spec.ports) else [1]


CASES = [
    pytest.param(spec, arity, id=f"{spec.name}-{arity}")
    for spec in COMPUTE_OPS
    for arity in _arities(spec)
]


@pytest.mark.parametrize(("spec", "arity"), CASES)
def test_local_derivatives_match_finite_differences(spec, arity):
    args = _args(spec, arity)
    out = np.asarray(spec.forward(args))
    assert len(args) == sum(arity if p.variadic else 1 for p in spec.ports)
    for i in range(len(args)):
        local = np.broadcast_to(spec.local(args, out, i), args[i].shape)
        if _is_label(spec, args, i):
            np.testing.assert_array_equal(local, 0.0)
            continue
        numeric = _numeric(spec, args, i)
        np.testing.assert_allclose(local, numeric, rtol=1e-6, atol=1e-8, err_msg=f"arg {i}")


@pytest.mark.parametrize(("spec", "arity"), CASES)
def test_scalar_arguments_give_scalar_derivatives(spec, arity):
    """0-d arguments (parameters) work the same as batches, one sample at a time."""
    batch = _args(spec, arity)
    out_batch = np.asarray(spec.forward(batch))
    for j in range(3):
        args = [np.asarray(a[j]) for a in batch]
        out = np.asarray(spec.forward(args))
        assert out.shape == ()
        if not spec.reduces:
            assert out == pytest.approx(out_batch[j], rel=1e-12)
        for i in range(len(args)):
            local = np.asarray(spec.local(args, out, i))
            assert local.shape in ((), (1,))
            if _is_label(spec, args, i):
                assert float(local) == 0.0
                continue
            up = [a.copy() for a in args]
            down = [a.copy() for a in args]
            up[i] = up[i] + H
            down[i] = down[i] - H
            numeric = (float(spec.forward(up)) - float(spec.forward(down))) / (2 * H)
            assert float(local) == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_mul_local_derivative_is_the_product_of_the_other_inputs_even_at_zero():
    mul = get_op("mul")
    args = [np.array([0.0, 2.0]), np.array([3.0, 0.0]), np.array([5.0, 7.0])]
    out = mul.forward(args)
    np.testing.assert_array_equal(mul.local(args, out, 0), [15.0, 0.0])
    np.testing.assert_array_equal(mul.local(args, out, 1), [0.0, 14.0])
    np.testing.assert_array_equal(mul.local(args, out, 2), [0.0, 0.0])


def test_derivative_conventions_follow_pytorch_at_kinks():
    x0 = [np.array([0.0])]
    assert float(get_op("relu").local(x0, get_op("relu").forward(x0), 0)[0]) == 0.0
    assert float(get_op("abs").local(x0, get_op("abs").forward(x0), 0)[0]) == 0.0
    leaky = get_op("leaky_relu")
    assert float(leaky.local(x0, leaky.forward(x0), 0)[0]) == pytest.approx(0.01)
    pow_ = get_op("pow")
    args = [np.array([0.0]), np.array([2.0])]
    assert float(pow_.local(args, pow_.forward(args), 1)[0]) == 0.0  # d/d(exponent) at base 0


def test_reducing_ops_carry_the_mean():
    mse = get_op("mse")
    p, t = np.array([1.0, 2.0, 4.0, 0.0]), np.array([0.0, 0.0, 1.0, 1.0])
    assert float(mse.forward([p, t])) == pytest.approx(np.mean((p - t) ** 2))
    np.testing.assert_allclose(mse.local([p, t], mse.forward([p, t]), 0), 2 * (p - t) / 4)
    assert mse.reduces and get_op("binary_cross_entropy").reduces
    assert not any(s.reduces for s in COMPUTE_OPS if s.category != "loss")


def test_every_op_is_complete():
    """Each op has ports with derivative texts, a forward and a local function."""
    names = {s.name for s in all_ops()}
    required = {"input", "parameter", "add", "mul", "sub", "div", "pow", "neg", "exp", "log"}
    required |= {"sin", "cos", "tanh", "sigmoid", "relu", "identity", "mse"}
    assert required <= names
    for spec in all_ops():
        assert spec.title and spec.symbol and spec.formula, spec.name
        if spec.ports:
            assert spec.forward is not None and spec.local is not None, spec.name
            assert set(spec.derivatives) == set(spec.port_names), spec.name
