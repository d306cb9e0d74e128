"""Unary ops on port ``x``: neg, exp, log, sin, cos, tanh, sigmoid, relu, leaky_relu, abs,
square, identity. Derivative conventions follow PyTorch (relu'(0) = 0, abs'(0) = 0)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..lazy import np
from .spec import OpSpec, PortSpec, register

if TYPE_CHECKING:
    from numpy import ndarray as Array

LEAKY_SLOPE = 0.01


def _sigmoid(x: Array) -> Array:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # stable for large |x|


def _unary(
    name: str,
    title: str,
    symbol: str,
    formula: str,
    derivative: str,
    fn: Callable[[Array], Array],
    dfn: Callable[[Array, Array], Array],
    category: str = "activation",
    description: str = "",
) -> OpSpec:
    """Register a one-port op from f(x) and f'(x, out)."""
    return register(
        OpSpec(
            name=name,
            title=title,
            category=category,
            symbol=symbol,
            formula=formula,
            derivatives={"x": derivative},
            ports=(PortSpec("x"),),
            forward=lambda args: np.asarray(fn(args[0]), dtype=float),
            local=lambda args, out, i: np.asarray(dfn(args[0], out), dtype=float),
            description=description,
        )
    )


NEG = _unary(
    "neg",
    "Negate",
    "−x",
    "−x",
    "−1",
    lambda x: -x,
    lambda x, o: -np.ones_like(o),
    category="arithmetic",
)
SQUARE = _unary(
    "square",
    "Square",
    "x²",
    "x²",
    "2x",
    lambda x: x * x,
    lambda x, o: 2.0 * x,
    category="arithmetic",
)
ABS = _unary(
    "abs",
    "Absolute value",
    "|x|",
    "|x|",
    "sign(x)",
    lambda x: np.abs(x),
    lambda x, o: np.sign(x),
    category="arithmetic",
)
EXP = _unary(
    "exp",
    "Exponential",
    "eˣ",
    "eˣ",
    "eˣ",
    lambda x: np.exp(x),
    lambda x, o: o,
    category="arithmetic",
)
LOG = _unary(
    "log",
    "Natural log",
    "ln",
    "ln(x)",
    "1/x",
    lambda x: np.log(x),
    lambda x, o: 1.0 / x,
    category="arithmetic",
)
SIN = _unary(
    "sin",
    "Sine",
    "sin",
    "sin(x)",
    "cos(x)",
    lambda x: np.sin(x),
    lambda x, o: np.cos(x),
    category="arithmetic",
)
COS = _unary(
    "cos",
    "Cosine",
    "cos",
    "cos(x)",
    "−sin(x)",
    lambda x: np.cos(x),
    lambda x, o: -np.sin(x),
    category="arithmetic",
)
IDENTITY = _unary(
    "identity",
    "Identity",
    "id",
    "x",
    "1",
    lambda x: x + 0.0,
    lambda x, o: np.ones_like(o),
    category="arithmetic",
)
TANH = _unary(
    "tanh",
    "Tanh",
    "tanh",
    "tanh(x)",
    "1 − tanh(x)²",
    lambda x: np.tanh(x),
    lambda x, o: 1.0 - o * o,
)
SIGMOID = _unary(
    "sigmoid",
    "Sigmoid",
    "σ",
    "σ(x) = 1/(1 + e⁻ˣ)",
    "σ(x)(1 − σ(x))",
    _sigmoid,
    lambda x, o: o * (1.0 - o),
)
RELU = _unary(
    "relu",
    "ReLU",
    "ReLU",
    "max(0, x)",
    "1 if x > 0 else 0",
    lambda x: np.maximum(x, 0.0),
    lambda x, o: (x > 0).astype(float),
)
LEAKY_RELU = _unary(
    "leaky_relu",
    "Leaky ReLU",
    "LReLU",
    f"x if x > 0 else {LEAKY_SLOPE}·x",
    f"1 if x > 0 else {LEAKY_SLOPE}",
    lambda x: np.where(x > 0, x, LEAKY_SLOPE * x),
    lambda x, o: np.where(x > 0, 1.0, LEAKY_SLOPE),
)
