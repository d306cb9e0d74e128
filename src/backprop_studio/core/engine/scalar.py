"""The scalar engine: a per-node Python loop over plain floats, for deep narrow graphs.

When no input holds a batch, every value is one number. A numpy call costs about a
microsecond however small its array, so on a 10k-node chain (10k levels of one node each) a
loop over Python floats with ``math`` functions beats any vectorisation. Compile (once per
plan) turns every node into a step tuple ``(kind, node, sources, edges, function)`` in forward
order and another in backward order; a pass is two tight loops over those tuples.

Semantics are the reference engine's (``plan.py``). Where Python raises and numpy returns inf
or nan (``math.log(0)``, ``1 / 0``, ``math.exp(1000)``, ``(-8) ** 0.5``), that one node is
computed again by its registry functions on 0-d arrays, so the answer, nan and inf included,
is the reference's and the pass stays on the float loop. pow's exponent derivative is nan
where the base is negative only where the plan needs it (``plan.edge_needs_grad``), else 0.
:class:`ScalarFallback` remains for anything else a float cannot do; the plan then moves to
the vectorized path for good.

Op kernels live in :data:`UNARY` (f(x), f'(x, out)) and :data:`BINARY` (f(a, b),
(df/da, df/db)(a, b, out)); add and mul (any number of inputs), sub, neg and relu are written
out in the loops (no call per node); an op without a float kernel runs its registry functions
on 0-d arrays (correct, just slower).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..lazy import np
from .compiled import CompiledGraph, FastPass

if TYPE_CHECKING:
    from numpy import ndarray as Array

LEAKY_SLOPE = 0.01  # the registry's leaky_relu slope
BCE_EPS = 1e-12  # the registry's clamp of the cross-entropy denominator


class ScalarFallback(Exception):
    """A float operation raised where numpy would return inf/nan: rerun on the reference."""


def _sigmoid(x: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * x))


def _sign(x: float) -> float:
    return 1.0 if x > 0 else -1.0 if x < 0 else x * 0.0  # nan stays nan, like np.sign


def _relu(x: float) -> float:
    return 0.0 if x <= 0.0 else x  # nan stays nan, like np.maximum


UNARY: dict[str, tuple[Callable[[float], float], Callable[[float, float], float]]] = {
    "neg": (lambda x: -x, lambda x, o: -1.0),
    "square": (lambda x: x * x, lambda x, o: 2.0 * x),
    "abs": (abs, lambda x, o: _sign(x)),
    "exp": (math.exp, lambda x, o: o),
    "log": (math.log, lambda x, o: 1.0 / x),
    "sin": (math.sin, lambda x, o: math.cos(x)),
    "cos": (math.cos, lambda x, o: -math.sin(x)),
    "identity": (lambda x: x + 0.0, lambda x, o: 1.0),
    "tanh": (math.tanh, lambda x, o: 1.0 - o * o),
    "sigmoid": (_sigmoid, lambda x, o: o * (1.0 - o)),
    "relu": (_relu, lambda x, o: 1.0 if x > 0 else 0.0),
    "leaky_relu": (
        lambda x: x if x > 0 else LEAKY_SLOPE * x,
        lambda x, o: 1.0 if x > 0 else LEAKY_SLOPE,
    ),
}


def _pow_local(a: float, b: float, out: float) -> tuple[float, float]:
    """Where the exponent's gradient is needed: nan for a negative base (PyTorch)."""
    d_exponent = 0.0 if a == 0 and b >= 0 else math.nan if a < 0 else out * math.log(a)
    return b * math.pow(a, b - 1.0), d_exponent


def pow_local_base(a: float, b: float, out: float) -> tuple[float, float]:
    """Where nothing needs the exponent's gradient: 0 for a negative base."""
    d_exponent = 0.0 if (a == 0 and b >= 0) or a < 0 else out * math.log(a)
    return b * math.pow(a, b - 1.0), d_exponent


def np_forward(spec: Any, args: tuple[float, ...]) -> float:
    """One node by its registry function (numpy semantics: inf and nan, no exception)."""
    with np.errstate(all="ignore"):
        return float(spec.forward([np.asarray(a) for a in args]))


def np_locals(spec: Any, args: tuple[float, ...], out: float, exponent_needed: bool) -> list:
    """A node's local derivatives by its registry functions, pow's exponent masked as above."""
    arrays = [np.asarray(a) for a in args]
    with np.errstate(all="ignore"):
        local = [float(spec.local(arrays, np.asarray(out), k)) for k in range(len(args))]
    if spec.name == "pow" and not exponent_needed and args[0] < 0:
        local[1] = 0.0
    return local


def _bce(p: float, t: float) -> float:
    return -(t * max(math.log(p), -100.0) + (1.0 - t) * max(math.log(1.0 - p), -100.0))


def _bce_local(p: float, t: float, out: float) -> tuple[float, float]:
    log_p = max(math.log(p), -100.0)
    log_q = max(math.log(1.0 - p), -100.0)
    return (p - t) / max(p * (1.0 - p), BCE_EPS), log_q - log_p


BINARY: dict[
    str, tuple[Callable[[float, float], float], Callable[[float, float, float], tuple]]
] = {
    "sub": (lambda a, b: a - b, lambda a, b, o: (1.0, -1.0)),
    "div": (lambda a, b: a / b, lambda a, b, o: (1.0 / b, -a / (b * b))),
    "pow": (math.pow, _pow_local),
    "mse": (lambda a, b: (a - b) * (a - b), lambda a, b, o: (2.0 * (a - b), -2.0 * (a - b))),
    "binary_cross_entropy": (_bce, _bce_local),
}

# step kinds
COPY, UNARY_STEP, BINARY_STEP, ADD, MUL2, MUL, SUB, NEG, RELU, GENERIC = range(10)


class ScalarEngine:
    """Runs a compiled plan without a batch as two Python loops over floats."""

    name = "scalar"

    def __init__(self, plan: CompiledGraph) -> None:
        self.n = len(plan.order)
        self.scalar_sources = [int(i) for i in plan.scalar_sources]
        self.loss_index = plan.loss_index
        steps: dict[int, tuple] = {}
        for i, ins in enumerate(plan.inputs):
            if ins:
                steps[i] = self._step(plan, i)
        self.forward_steps = [steps[i] for i in range(self.n) if i in steps]
        self.backward_steps = [steps[i] for i in plan.backward_nodes if i in steps]
        self.n_edges = sum(len(plan.inputs[step[1]]) for step in self.backward_steps)

    @staticmethod
    def _step(plan: CompiledGraph, i: int) -> tuple:
        ins = plan.inputs[i]
        spec = plan.specs[i]
        src = tuple(ie.source for ie in ins)
        eds = tuple(ie.index for ie in ins)
        name = spec.name
        if name in ("add", "mul") and len(ins) == 1:
            return (COPY, i, src[0], eds[0], None)
        if name == "add":
            return (ADD, i, src, eds, None)
        if name == "mul":
            return (MUL2 if len(ins) == 2 else MUL, i, src, eds, None)
        if name == "sub":
            return (SUB, i, src, eds, None)
        if name in ("neg", "relu"):
            return (NEG if name == "neg" else RELU, i, src[0], eds[0], None)
        if name in UNARY and len(ins) == 1:
            return (UNARY_STEP, i, src[0], eds[0], (*UNARY[name], spec, True))
        if name in BINARY and len(ins) == 2:
            fwd, local = BINARY[name]
            needed = bool(plan.edge_needs_grad[eds[1]])
            if name == "pow" and not needed:
                local = pow_local_base
            return (BINARY_STEP, i, src, eds, (fwd, local, spec, needed))
        return (GENERIC, i, src, eds, spec)

    # ----------------------------------------------------------------- passes
    def run(self, weights: Array, scalar_values: Array, backward: bool) -> FastPass:
        """One pass; raises :class:`ScalarFallback` where numpy semantics are needed."""
        try:
            return self._run(weights.tolist(), scalar_values.tolist(), backward)
        except (ArithmeticError, ValueError) as exc:
            raise ScalarFallback(str(exc)) from exc

    def _run(self, W: list[float], sources: list[float], backward: bool) -> FastPass:
        return self._pass(*self.floats(W, sources, backward))

    def floats(
        self, W: list[float], sources: list[float], backward: bool
    ) -> tuple[float, list[float], list[float] | None, list[float] | None, float, float]:
        """One pass on plain lists (``W``: edge weights, ``sources``: the scalar sources'
        values): the loss, the values, the gradients and the edge gradients (None without
        ``backward``) in plan order, and the forward and backward seconds. Raises
        ArithmeticError or ValueError where numpy semantics are needed."""
        t0 = time.perf_counter()
        vals = [0.0] * self.n
        for i, v in zip(self.scalar_sources, sources, strict=True):
            vals[i] = v
        xs = [0.0] * self.n  # the argument of each one-input node, kept for the backward
        for kind, i, s, e, f in self.forward_steps:
            if kind == COPY:
                vals[i] = W[e] * vals[s]
            elif kind == UNARY_STEP:
                x = xs[i] = W[e] * vals[s]
                try:
                    vals[i] = f[0](x)
                except (ArithmeticError, ValueError):
                    vals[i] = np_forward(f[2], (x,))
            elif kind == ADD:
                total = W[e[0]] * vals[s[0]]
                for k in range(1, len(s)):
                    total += W[e[k]] * vals[s[k]]
                vals[i] = total
            elif kind == MUL2:
                vals[i] = (W[e[0]] * vals[s[0]]) * (W[e[1]] * vals[s[1]])
            elif kind == SUB:
                vals[i] = W[e[0]] * vals[s[0]] - W[e[1]] * vals[s[1]]
            elif kind == NEG:
                vals[i] = -(W[e] * vals[s])
            elif kind == RELU:
                x = xs[i] = W[e] * vals[s]
                vals[i] = 0.0 if x <= 0.0 else x  # nan stays nan, like np.maximum
            elif kind == BINARY_STEP:
                a, b = W[e[0]] * vals[s[0]], W[e[1]] * vals[s[1]]
                try:
                    vals[i] = f[0](a, b)
                except (ArithmeticError, ValueError):
                    vals[i] = np_forward(f[2], (a, b))
            elif kind == MUL:
                total = W[e[0]] * vals[s[0]]
                for k in range(1, len(s)):
                    total *= W[e[k]] * vals[s[k]]
                vals[i] = total
            else:
                vals[i] = float(f.forward(_arrays(W, vals, s, e)))
        loss = vals[self.loss_index]
        t1 = time.perf_counter()
        if not backward:
            return loss, vals, None, None, t1 - t0, 0.0
        grads = [0.0] * self.n
        grads[self.loss_index] = 1.0
        eg = [0.0] * len(W)
        for kind, i, s, e, f in self.backward_steps:
            g = grads[i]
            if kind == COPY:
                grads[s] += g * W[e]
                eg[e] = g * vals[s]
            elif kind == UNARY_STEP:
                try:
                    t = g * f[1](xs[i], vals[i])
                except (ArithmeticError, ValueError):
                    t = g * np_locals(f[2], (xs[i],), vals[i], True)[0]
                grads[s] += t * W[e]
                eg[e] = t * vals[s]
            elif kind == ADD:
                for sk, ek in zip(s, e, strict=True):
                    grads[sk] += g * W[ek]
                    eg[ek] = g * vals[sk]
            elif kind == MUL2:  # d(ab)/da = b, d(ab)/db = a
                s0, s1 = s
                e0, e1 = e
                u0, u1 = vals[s0], vals[s1]
                w0, w1 = W[e0], W[e1]
                t = g * (w1 * u1)
                grads[s0] += t * w0
                eg[e0] = t * u0
                t = g * (w0 * u0)
                grads[s1] += t * w1
                eg[e1] = t * u1
            elif kind == SUB:  # local derivatives 1 and -1
                s0, s1 = s
                e0, e1 = e
                grads[s0] += g * W[e0]
                eg[e0] = g * vals[s0]
                grads[s1] += -g * W[e1]
                eg[e1] = -g * vals[s1]
            elif kind == NEG:
                grads[s] += -g * W[e]
                eg[e] = -g * vals[s]
            elif kind == RELU:
                t = g * (1.0 if xs[i] > 0 else 0.0)
                grads[s] += t * W[e]
                eg[e] = t * vals[s]
            elif kind == BINARY_STEP:
                s0, s1 = s
                e0, e1 = e
                u0, u1 = vals[s0], vals[s1]
                a, b = W[e0] * u0, W[e1] * u1
                try:
                    d0, d1 = f[1](a, b, vals[i])
                except (ArithmeticError, ValueError):
                    d0, d1 = np_locals(f[2], (a, b), vals[i], f[3])
                t = g * d0
                grads[s0] += t * W[e0]
                eg[e0] = t * u0
                t = g * d1
                grads[s1] += t * W[e1]
                eg[e1] = t * u1
            elif kind == MUL:
                self._mul_backward(g, s, e, W, vals, grads, eg)
            else:
                args = _arrays(W, vals, s, e)
                out = np.asarray(vals[i])
                for k in range(len(s)):
                    t = g * float(f.local(args, out, k))
                    grads[s[k]] += t * W[e[k]]
                    eg[e[k]] = t * vals[s[k]]
        t2 = time.perf_counter()
        return loss, vals, grads, eg, t1 - t0, t2 - t1

    @staticmethod
    def _mul_backward(
        g: float,
        s: tuple[int, ...],
        e: tuple[int, ...],
        W: list[float],
        vals: list[float],
        grads: list[float],
        eg: list[float],
    ) -> None:
        """Local derivative of a product: the product of the other inputs (no division)."""
        args = [W[e[k]] * vals[s[k]] for k in range(len(s))]
        before = [1.0] * len(args)
        for k in range(1, len(args)):
            before[k] = before[k - 1] * args[k - 1]
        after = 1.0
        for k in range(len(args) - 1, -1, -1):
            t = g * (before[k] * after)
            grads[s[k]] += t * W[e[k]]
            eg[e[k]] = t * vals[s[k]]
            after *= args[k]

    def _pass(
        self,
        loss: float,
        vals: list[float],
        grads: list[float] | None,
        eg: list[float] | None,
        forward_seconds: float,
        backward_seconds: float,
    ) -> FastPass:
        def in_order(xs: list[float]) -> Callable[[], list[Any]]:
            return lambda: list(np.array(xs, dtype=float))

        return FastPass(
            loss=float(loss),
            edge_grads=None if eg is None else np.array(eg, dtype=float),
            edges_visited=0 if grads is None else self.n_edges,
            forward_seconds=forward_seconds,
            backward_seconds=backward_seconds,
            values_in_order=in_order(vals),
            grads_in_order=None if grads is None else in_order(grads),
            scalar_grads=None if grads is None else (lambda idx: _pick(grads, idx)),
        )


def _pick(xs: list[float], indices: Array) -> Array:
    return np.array([xs[i] for i in indices.tolist()], dtype=float)


def _arrays(W: list[float], vals: list[float], s: tuple, e: tuple) -> list[Array]:
    return [np.asarray(W[e[k]] * vals[s[k]]) for k in range(len(s))]
