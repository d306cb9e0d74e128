"""Optimizers on a numpy parameter vector, with PyTorch's update rules and defaults.

Each optimizer keeps its own state (velocity, running averages, step count) and turns the
current vector ``theta`` and its gradient into the next ``theta``:

- **SGD** (``torch.optim.SGD``, weight decay 0): with momentum ``mu`` and dampening ``d``,
  ``v = g`` on the first step, then ``v = mu * v + (1 - d) * g``; Nesterov uses
  ``g + mu * v`` in place of ``v``; ``theta -= lr * v``. Without momentum: ``theta -= lr * g``.
- **RMSprop** (``torch.optim.RMSprop``, alpha 0.99, eps 1e-8, not centered):
  ``s = alpha * s + (1 - alpha) * g^2``; ``a = sqrt(s) + eps``; without momentum
  ``theta -= lr * g / a``, with momentum ``b = mu * b + g / a``; ``theta -= lr * b``.
- **Adam** (``torch.optim.Adam``, betas 0.9 / 0.999, eps 1e-8, not amsgrad): ``m`` and ``v``
  running averages of ``g`` and ``g^2``; at step t
  ``theta -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)``.

``momentum`` is a setting of SGD and RMSprop; Adam has its own betas and ignores it, as in
PyTorch. Optimizers never change the vector they are given: ``step`` returns a new one.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod

import numpy as np

from ..model.errors import BackpropError

Array = np.ndarray

OPTIMIZERS: tuple[str, ...] = ("sgd", "rmsprop", "adam")
OPTIMIZER_TITLES: dict[str, str] = {
    "sgd": "Gradient descent (SGD)",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}


class OptimizerError(BackpropError):
    """An optimizer setting that cannot be used (unknown name, negative learning rate...)."""


class Optimizer(ABC):
    """One optimizer's state over a parameter vector of fixed length."""

    name: str = ""

    def __init__(self, learning_rate: float) -> None:
        _check_number("learning rate", learning_rate, low=0.0, low_open=True)
        self.learning_rate = float(learning_rate)
        self.steps = 0

    def step(self, theta: Array, grad: Array) -> Array:
        """The next parameter vector after one update with gradient ``grad``."""
        if type(theta) is not np.ndarray or theta.dtype != np.float64:
            theta = np.asarray(theta, dtype=float)
        if type(grad) is not np.ndarray or grad.dtype != np.float64:
            grad = np.asarray(grad, dtype=float)
        if theta.shape != grad.shape:
            raise OptimizerError(
                f"gradient has shape {grad.shape} but the parameters have shape {theta.shape}"
            )
        self.steps += 1
        return self._update(theta, grad)

    @abstractmethod
    def _update(self, theta: Array, grad: Array) -> Array: ...

    def reset(self) -> None:
        """Forget all state (a new run starts)."""
        self.steps = 0


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as ``torch.optim.SGD``."""

    name = "sgd"

    def __init__(
        self,
        learning_rate: float = 0.01,
        momentum: float = 0.0,
        *,
        dampening: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        super().__init__(learning_rate)
        _check_number("momentum", momentum, low=0.0, high=1.0)
        _check_number("dampening", dampening, low=0.0, high=1.0)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise OptimizerError("Nesterov momentum needs a momentum above 0 and no dampening")
        self.momentum = float(momentum)
        self.dampening = float(dampening)
        self.nesterov = nesterov
        self.velocity: Array | None = None

    def _update(self, theta: Array, grad: Array) -> Array:
        direction = grad
        if self.momentum != 0.0:
            if self.velocity is None:
                self.velocity = grad.copy()
            else:
                self.velocity = self.momentum * self.velocity + (1.0 - self.dampening) * grad
            direction = grad + self.momentum * self.velocity if self.nesterov else self.velocity
        return theta - self.learning_rate * direction

    def reset(self) -> None:
        super().reset()
        self.velocity = None


class RMSprop(Optimizer):
    """Divides each step by a running root-mean-square of the gradient (``torch.optim.RMSprop``)."""

    name = "rmsprop"

    def __init__(
        self,
        learning_rate: float = 0.01,
        momentum: float = 0.0,
        *,
        alpha: float = 0.99,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        _check_number("momentum", momentum, low=0.0, high=1.0)
        _check_number("alpha", alpha, low=0.0, high=1.0)
        _check_number("eps", eps, low=0.0)
        self.momentum = float(momentum)
        self.alpha = float(alpha)
        self.eps = float(eps)
        self.square_avg: Array | None = None
        self.buffer: Array | None = None

    def _update(self, theta: Array, grad: Array) -> Array:
        if self.square_avg is None:
            self.square_avg = np.zeros_like(theta)
            self.buffer = np.zeros_like(theta)
        self.square_avg = self.alpha * self.square_avg + (1.0 - self.alpha) * grad * grad
        avg = np.sqrt(self.square_avg) + self.eps
        if self.momentum > 0.0:
            self.buffer = self.momentum * self.buffer + grad / avg
            return theta - self.learning_rate * self.buffer
        return theta - self.learning_rate * grad / avg

    def reset(self) -> None:
        super().reset()
        self.square_avg = None
        self.buffer = None


class Adam(Optimizer):
    """Adaptive moment estimation with bias correction (``torch.optim.Adam``)."""

    name = "adam"

    def __init__(
        self,
        learning_rate: float = 0.001,
        *,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        _check_number("beta1", beta1, low=0.0, high=1.0, high_open=True)
        _check_number("beta2", beta2, low=0.0, high=1.0, high_open=True)
        _check_number("eps", eps, low=0.0)
        self.beta1 = float(beta1)
        self.beta2 = float(beta2)
        self.eps = float(eps)
        self.m: Array | None = None
        self.v: Array | None = None

    def _update(self, theta: Array, grad: Array) -> Array:
        if self.m is None or self.v is None:
            self.m = np.zeros_like(theta)
            self.v = np.zeros_like(theta)
        self.m = self.beta1 * self.m + (1.0 - self.beta1) * grad
        self.v = self.beta2 * self.v + (1.0 - self.beta2) * grad * grad
        t = self.steps
        bias1 = 1.0 - self.beta1**t
        bias2 = 1.0 - self.beta2**t
        denom = np.sqrt(self.v) / math.sqrt(bias2) + self.eps
        return theta - (self.learning_rate / bias1) * self.m / denom

    def reset(self) -> None:
        super().reset()
        self.m = None
        self.v = None


def make_optimizer(
    name: str, learning_rate: float, momentum: float = 0.0, *, nesterov: bool = False
) -> Optimizer:
    """An optimizer by name (``sgd``, ``rmsprop``, ``adam``); Adam ignores ``momentum``."""
    key = str(name).strip().lower()
    if key == "sgd":
        return SGD(learning_rate, momentum, nesterov=nesterov)
    if key == "rmsprop":
        return RMSprop(learning_rate, momentum)
    if key == "adam":
        return Adam(learning_rate)
    raise OptimizerError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")


def _check_number(
    what: str,
    value: float,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        bounds = []
        if low is not None:
            bounds.append(f"{'above' if low_open else 'at least'} {low:g}")
        if high is not None:
            bounds.append(f"{'below' if high_open else 'at most'} {high:g}")
        raise OptimizerError(f"{what} must be a number {' and '.join(bounds)}, not {value!r}")
