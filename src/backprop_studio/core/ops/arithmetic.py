"""Arithmetic ops: add, mul (any number of inputs), sub, div, pow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lazy import np
from .spec import OpSpec, PortSpec, register

if TYPE_CHECKING:
    from numpy import ndarray as Array


def _add(args: Sequence[Array]) -> Array:
    out = args[0]
    for a in args[1:]:
        out = out + a
    return np.asarray(out, dtype=float)


def _mul(args: Sequence[Array]) -> Array:
    out = args[0]
    for a in args[1:]:
        out = out * a
    return np.asarray(out, dtype=float)


def _mul_local(args: Sequence[Array], out: Array, i: int) -> Array:
    # The product of the other arguments (not out / args[i]: that fails at zero).
    result = np.ones_like(out)
    for j, a in enumerate(args):
        if j != i:
            result = result * a
    return result


def _pow_forward(args: Sequence[Array]) -> Array:
    return np.power(args[0], args[1])


def _pow_local(args: Sequence[Array], out: Array, i: int) -> Array:
    base, exponent = args
    if i == 0:
        return exponent * np.power(base, exponent - 1.0)
    # PyTorch: d/d(exponent) is 0 where base == 0 and exponent >= 0.
    safe = np.where(base == 0, 1.0, base)
    grad = out * np.log(safe)
    return np.where((base == 0) & (exponent >= 0), 0.0, grad)


ADD = register(
    OpSpec(
        name="add",
        title="Add",
        category="arithmetic",
        symbol="+",
        formula="in₁ + in₂ + …",
        derivatives={"in": "1"},
        ports=(PortSpec("in", variadic=True),),
        forward=_add,
        local=lambda args, out, i: np.ones_like(out),
        description="Sum of its inputs; with trainable edge weights it is a neuron.",
    )
)

MUL = register(
    OpSpec(
        name="mul",
        title="Multiply",
        category="arithmetic",
        symbol="×",
        formula="in₁ × in₂ × …",
        derivatives={"in": "product of the other inputs"},
        ports=(PortSpec("in", variadic=True),),
        forward=_mul,
        local=_mul_local,
        description="Product of its inputs.",
    )
)

SUB = register(
    OpSpec(
        name="sub",
        title="Subtract",
        category="arithmetic",
        symbol="−",
        formula="a − b",
        derivatives={"a": "1", "b": "−1"},
        ports=(PortSpec("a"), PortSpec("b")),
        forward=lambda args: np.asarray(args[0] - args[1], dtype=float),
        local=lambda args, out, i: np.full_like(out, 1.0 if i == 0 else -1.0),
    )
)

DIV = register(
    OpSpec(
        name="div",
        title="Divide",
        category="arithmetic",
        symbol="÷",
        formula="a / b",
        derivatives={"a": "1/b", "b": "−a/b²"},
        ports=(PortSpec("a"), PortSpec("b")),
        forward=lambda args: np.asarray(args[0] / args[1], dtype=float),
        local=lambda args, out, i: (
            (1.0 / args[1]) * np.ones_like(out)
            if i == 0
            else -args[0] / (args[1] * args[1]) * np.ones_like(out)
        ),
    )
)

POW = register(
    OpSpec(
        name="pow",
        title="Power",
        category="arithmetic",
        symbol="^",
        formula="base ^ exponent",
        derivatives={
            "base": "exponent · base^(exponent−1)",
            "exponent": "base^exponent · ln(base)",
        },
        ports=(PortSpec("base"), PortSpec("exponent")),
        forward=_pow_forward,
        local=_pow_local,
    )
)
