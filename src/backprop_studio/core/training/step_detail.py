"""One training iteration taken apart: each trainable's gradient, velocity and update, and, for
a batch of samples, each sample's gradient and their mean (the batch gradient).

:func:`explain_last_step` reads a :class:`~backprop_studio.core.training.trainer.Trainer` that
has just made an update (training stepped one iteration at a time): the values before and after
it, the samples it used and the optimizer's state, and recomputes the gradients at the values
before the update with the trainer's own plan. Nothing of the trainer is changed. The formulas
are the optimizers' (core/training/optim.py, PyTorch's rules)::

    SGD with momentum μ:  v = μ·v′ + g  (v = g on the first step),  Δθ = −lr·v
    Nesterov:             Δθ = −lr·(g + μ·v)
    RMSprop:              s = α·s′ + (1 − α)·g²,  Δθ = −lr·g / (√s + ε)   (or a momentum buffer)
    Adam:                 m, v running means of g and g²,  Δθ = −lr·m̂ / (√v̂ + ε)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.trace import fmt_number
from .optim import SGD, Adam, RMSprop

MAX_SAMPLES = 64  # per-sample gradients are listed for batches up to this size

Array = np.ndarray


@dataclass(frozen=True)
class TrainableStep:
    """One trainable in one update."""

    kind: str  # "node" or "edge"
    id: str
    before: float
    grad: float  # the batch gradient (the mean of the samples' gradients)
    velocity: float | None  # SGD's v / RMSprop's momentum buffer / Adam's m; None without one
    previous_velocity: float | None  # v′, the velocity before this update (None: first step)
    update: float  # after − before
    after: float
    formula: str  # the update written out with its numbers


@dataclass(frozen=True)
class StepDetail:
    """The last update of a trainer."""

    iteration: int  # 1-based number of the update
    optimizer: str
    rows: list[int] | None  # the samples of a mini-batch (None: every sample)
    items: list[TrainableStep]
    samples: list[int]  # the samples whose gradients are listed
    sample_grads: Array | None  # one row per sample of ``samples``, one column per trainable
    loss: float  # the batch loss before the update

    @property
    def mean_grad(self) -> Array | None:
        return None if self.sample_grads is None else self.sample_grads.mean(axis=0)


def _n(x: float) -> str:
    return fmt_number(float(x)).replace("-", "−")


def _f(x: float) -> str:
    text = _n(x)
    return f"({text})" if text.startswith("−") else text


def explain_last_step(trainer) -> StepDetail | None:  # noqa: ANN001  (a Trainer)
    """The trainer's last update, or None before the first one."""
    runs = [r for r in trainer.runs if r.updates > 0 and r._previous is not None]
    if not runs:
        return None
    run = runs[-1]
    before = np.asarray(run._previous, dtype=float)
    after = np.asarray(run.theta, dtype=float)
    plan = trainer.plan
    rows = _last_rows(trainer)
    loss, grad = plan.loss_and_grad(before, None if rows is None else np.asarray(rows))
    optimizer = trainer._optimizer
    velocity, previous = _velocities(optimizer, grad)
    settings = trainer.settings
    items = []
    for k, (kind, item) in enumerate(trainer.trainable_ids):
        v = None if velocity is None else float(velocity[k])
        v0 = None if previous is None else float(previous[k])
        items.append(
            TrainableStep(
                kind,
                item,
                float(before[k]),
                float(grad[k]),
                v,
                v0,
                float(after[k] - before[k]),
                float(after[k]),
                _formula(optimizer, settings, float(grad[k]), v, v0, float(after[k] - before[k])),
            )
        )
    samples = list(rows) if rows is not None else list(range(trainer.samples or 0))
    sample_grads = None
    if samples and len(samples) <= MAX_SAMPLES:
        sample_grads = np.array(
            [plan.loss_and_grad(before, np.array([r]))[1] for r in samples], dtype=float
        )
    return StepDetail(
        run.updates, settings.optimizer, rows, items, samples, sample_grads, float(loss)
    )


def _last_rows(trainer) -> list[int] | None:  # noqa: ANN001
    b, n = trainer.settings.batch_size, trainer.samples
    if b is None or n is None or b >= n:
        return None
    pos = trainer._pos
    return [int(i) for i in trainer._order[max(0, pos - b) : pos]]


def _velocities(optimizer, grad: Array) -> tuple[Array | None, Array | None]:  # noqa: ANN001
    """(velocity now, velocity before this update) of the optimizer, where it has one."""
    if isinstance(optimizer, SGD) and optimizer.momentum and optimizer.velocity is not None:
        v = optimizer.velocity
        if optimizer.steps <= 1:
            return v, None
        return v, (v - (1.0 - optimizer.dampening) * grad) / optimizer.momentum
    if isinstance(optimizer, RMSprop) and optimizer.momentum and optimizer.buffer is not None:
        return optimizer.buffer, None
    if isinstance(optimizer, Adam) and optimizer.m is not None:
        return optimizer.m, None
    return None, None


def _formula(optimizer, settings, g: float, v, v0, update: float) -> str:  # noqa: ANN001
    lr = settings.learning_rate
    if isinstance(optimizer, SGD):
        if not optimizer.momentum:
            return f"Δ = −lr·g = −{_n(lr)} · {_f(g)} = {_n(update)}"
        mu = optimizer.momentum
        first = f"v = g = {_n(g)}" if v0 is None else (
            f"v = μ·v′ + g = {_n(mu)} · {_f(v0)} + {_f(g)} = {_n(v)}"
        )  # fmt: skip
        if optimizer.nesterov:
            return f"{first};  Δ = −lr·(g + μ·v) = {_n(update)}"
        return f"{first};  Δ = −lr·v = −{_n(lr)} · {_f(v)} = {_n(update)}"
    if isinstance(optimizer, RMSprop):
        return f"Δ = −lr·g / (√s + ε) = {_n(update)}  (s = running mean of g²)"
    if isinstance(optimizer, Adam):
        return f"m = {_n(v)};  Δ = −lr·m̂ / (√v̂ + ε) = {_n(update)}"
    return f"Δ = {_n(update)}"
