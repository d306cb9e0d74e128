"""Loss ops: mse and binary_cross_entropy (ports ``prediction``, ``target``) and
cross_entropy (ports ``logits``, variadic: one edge per class in edge order, and ``target``:
the class index of each sample, as ``torch.nn.functional.cross_entropy``).

All reduce a batch to a scalar by the mean, so their local derivatives carry the 1/N.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lazy import np
from .spec import OpSpec, PortSpec, register

if TYPE_CHECKING:
    from numpy import ndarray as Array

BCE_EPS = 1e-12  # PyTorch clamps the log at -100 and the denominator at 1e-12


def _count(args: Sequence[Array]) -> int:
    return int(np.broadcast(args[0], args[1]).size)


def _mse_forward(args: Sequence[Array]) -> Array:
    diff = args[0] - args[1]
    return np.asarray(np.mean(diff * diff), dtype=float)


def _mse_local(args: Sequence[Array], out: Array, i: int) -> Array:
    g = 2.0 * (args[0] - args[1]) / _count(args)
    return g if i == 0 else -g


def _bce_forward(args: Sequence[Array]) -> Array:
    p, t = args
    log_p = np.maximum(np.log(p), -100.0)
    log_q = np.maximum(np.log(1.0 - p), -100.0)
    return np.asarray(np.mean(-(t * log_p + (1.0 - t) * log_q)), dtype=float)


def _bce_local(args: Sequence[Array], out: Array, i: int) -> Array:
    p, t = args
    n = _count(args)
    if i == 0:
        return (p - t) / np.maximum(p * (1.0 - p), BCE_EPS) / n
    log_p = np.maximum(np.log(p), -100.0)
    log_q = np.maximum(np.log(1.0 - p), -100.0)
    return (log_q - log_p) / n


LOSS_PORTS = (PortSpec("prediction"), PortSpec("target"))

MSE = register(
    OpSpec(
        name="mse",
        title="Mean squared error",
        category="loss",
        symbol="MSE",
        formula="mean((prediction − target)²)",
        derivatives={
            "prediction": "2(prediction − target)/N",
            "target": "−2(prediction − target)/N",
        },
        ports=LOSS_PORTS,
        forward=_mse_forward,
        local=_mse_local,
        reduces=True,
        description="Squared error averaged over the batch: the lesson's loss.",
    )
)

BCE = register(
    OpSpec(
        name="binary_cross_entropy",
        title="Binary cross-entropy",
        category="loss",
        symbol="BCE",
        formula="mean(−t·ln p − (1−t)·ln(1−p))",
        derivatives={"prediction": "(p − t) / (p(1 − p)) / N", "target": "(ln(1−p) − ln p) / N"},
        ports=LOSS_PORTS,
        forward=_bce_forward,
        local=_bce_local,
        reduces=True,
        description="For a prediction in (0, 1), e.g. after a sigmoid.",
    )
)


# ----------------------------------------------------------------- cross-entropy
def _ce_inputs(args: Sequence[Array]) -> tuple[Array, Array, Array]:
    """(logits of shape (k, *S), class index (S), valid-index mask (S)) for
    args = (logit_0, ..., logit_{k-1}, target), every argument broadcast to one shape S."""
    parts = np.broadcast_arrays(*[np.asarray(a, dtype=float) for a in args])
    logits = np.stack(parts[:-1])
    target = parts[-1]
    rounded = np.rint(target)
    valid = (rounded == target) & (rounded >= 0) & (rounded < logits.shape[0])
    return logits, np.where(valid, rounded, 0).astype(np.intp), valid


def _ce_forward(args: Sequence[Array]) -> Array:
    logits, index, valid = _ce_inputs(args)
    top = logits.max(axis=0)
    log_sum = top + np.log(np.exp(logits - top).sum(axis=0))  # log-sum-exp, stable
    picked = np.take_along_axis(logits, index[None, ...], axis=0)[0]
    per_sample = np.where(valid, log_sum - picked, np.nan)  # a bad class index: not a number
    return np.asarray(np.mean(per_sample), dtype=float)


def _ce_local(args: Sequence[Array], out: Array, i: int) -> Array:
    logits, index, valid = _ce_inputs(args)
    if i == len(args) - 1:  # the class index is a label, not a differentiable input
        return np.zeros(index.shape)
    exp = np.exp(logits - logits.max(axis=0))
    soft_i = exp[i] / exp.sum(axis=0)
    return np.where(valid, soft_i - (index == i), np.nan) / max(index.size, 1)


CROSS_ENTROPY = register(
    OpSpec(
        name="cross_entropy",
        title="Cross-entropy (softmax)",
        category="loss",
        symbol="CE",
        formula="mean(−ln softmax(logits)[target])",
        derivatives={"logits": "(softmax(logits)ᵢ − [i = target]) / N", "target": "0"},
        ports=(PortSpec("logits", variadic=True), PortSpec("target", label=True)),
        forward=_ce_forward,
        local=_ce_local,
        reduces=True,
        description="For k classes: one logit edge per class (edge order = class 0, 1, …), "
        "the target is the class index of each sample.",
    )
)


def predicted_class(logits: Sequence[Array]) -> Array:
    """The class with the largest logit, per sample (ties: the lowest index)."""
    parts = np.broadcast_arrays(*[np.asarray(a, dtype=float) for a in logits])
    return np.argmax(np.stack(parts), axis=0)
