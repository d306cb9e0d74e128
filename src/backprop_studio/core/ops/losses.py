"""Loss ops (ports ``prediction``, ``target``): mse and binary_cross_entropy.

Both reduce a batch to a scalar by the mean, so their local derivatives carry the 1/N.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .spec import OpSpec, PortSpec, register

Array = np.ndarray
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
