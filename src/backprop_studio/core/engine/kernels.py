"""Block kernels of the vectorized engine: one op applied to a whole group of nodes.

A kernel sees a group's arguments as one array ``args`` of shape (inputs, nodes, batch) (edge
weights already applied) and its output rows ``out`` of shape (nodes, batch). ``forward``
fills ``out``; ``through`` fills ``dest`` (same shape as ``args``) with upstream x local
derivative for every argument, which the engine turns into edge-weight gradients and
contributions.

Every op works through :class:`SpecKernel`, which calls the registry's own forward and local
functions (they are elementwise on any shape). The most common ops have hand-written kernels
that skip allocations: add (local derivative 1), mul (product of the other inputs, without
division, so zeros are fine), sub, div, pow, neg, identity, relu, leaky_relu, square, tanh, sigmoid, exp. pow masks its
exponent's derivative where the plan does not need it (:class:`PowKernel`). Reducing
ops (the losses) run node by node on 1-d rows, since they reduce over the batch.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..ops import OpSpec

Array = np.ndarray
LEAKY_SLOPE = 0.01  # the registry's leaky_relu slope


class SpecKernel:
    """Any elementwise op, through its registry functions."""

    def __init__(self, spec: OpSpec) -> None:
        self.spec = spec

    def forward(self, args: Array, out: Array) -> None:
        out[...] = self.spec.forward(list(args))  # type: ignore[misc]

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        arg_list = list(args)
        for p in range(len(arg_list)):
            np.multiply(self.spec.local(arg_list, out, p), upstream, out=dest[p])  # type: ignore[misc]


class AddKernel(SpecKernel):
    def forward(self, args: Array, out: Array) -> None:
        if len(args) == 2:
            np.add(args[0], args[1], out=out)
        else:
            np.sum(args, axis=0, out=out)

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        dest[...] = upstream


class MulKernel(SpecKernel):
    def forward(self, args: Array, out: Array) -> None:
        if len(args) == 2:
            np.multiply(args[0], args[1], out=out)
        else:
            np.prod(args, axis=0, out=out)

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        k = len(args)
        if k == 1:
            dest[...] = upstream
        elif k == 2:
            np.multiply(args[1], upstream, out=dest[0])
            np.multiply(args[0], upstream, out=dest[1])
        else:  # exclusive prefix product x exclusive suffix product
            after = np.ones_like(args)
            np.cumprod(args[:0:-1], axis=0, out=after[-2::-1])
            dest[0] = 1.0
            np.cumprod(args[:-1], axis=0, out=dest[1:])
            dest *= after
            dest *= upstream


class SubKernel(SpecKernel):
    def forward(self, args: Array, out: Array) -> None:
        np.subtract(args[0], args[1], out=out)

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        dest[0] = upstream
        np.negative(upstream, out=dest[1])


class UnaryKernel(SpecKernel):
    """f(x) and upstream x f'(x, out), both writing into the given arrays."""

    def __init__(
        self,
        spec: OpSpec,
        fn: Callable[[Array, Array], None],
        grad: Callable[[Array, Array, Array, Array], None],
    ) -> None:
        super().__init__(spec)
        self.fn = fn
        self.grad = grad

    def forward(self, args: Array, out: Array) -> None:
        self.fn(args[0], out)

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        self.grad(args[0], out, upstream, dest[0])


def _copy(x: Array, out: Array) -> None:
    out[...] = x


def _relu_grad(x: Array, out: Array, up: Array, dest: Array) -> None:
    np.multiply(up, x > 0, out=dest)


def _square_grad(x: Array, out: Array, up: Array, dest: Array) -> None:
    np.multiply(x, up, out=dest)
    dest *= 2.0


def _tanh_grad(x: Array, out: Array, up: Array, dest: Array) -> None:
    np.multiply(out, out, out=dest)
    np.subtract(1.0, dest, out=dest)
    dest *= up


def _sigmoid_grad(x: Array, out: Array, up: Array, dest: Array) -> None:
    np.subtract(1.0, out, out=dest)
    dest *= out
    dest *= up


def _leaky_relu(x: Array, out: Array) -> None:
    np.multiply(x, LEAKY_SLOPE, out=out)
    np.copyto(out, x, where=x > 0)


def _leaky_relu_grad(x: Array, out: Array, up: Array, dest: Array) -> None:
    np.multiply(up, LEAKY_SLOPE, out=dest)
    np.copyto(dest, up, where=x > 0)


def _sigmoid(x: Array, out: Array) -> None:
    np.multiply(x, 0.5, out=out)  # 0.5 (1 + tanh(x / 2)): the registry's stable form
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5


UNARY_KERNELS: dict[str, tuple[Callable, Callable]] = {
    "neg": (lambda x, out: np.negative(x, out=out), lambda x, o, up, d: np.negative(up, out=d)),
    "identity": (_copy, lambda x, o, up, d: _copy(up, d)),
    "relu": (lambda x, out: np.maximum(x, 0.0, out=out), _relu_grad),
    "square": (lambda x, out: np.multiply(x, x, out=out), _square_grad),
    "tanh": (lambda x, out: np.tanh(x, out=out), _tanh_grad),
    "sigmoid": (_sigmoid, _sigmoid_grad),
    "exp": (lambda x, out: np.exp(x, out=out), lambda x, o, up, d: np.multiply(o, up, out=d)),
    "leaky_relu": (_leaky_relu, _leaky_relu_grad),
}


class ReduceKernel(SpecKernel):
    """A loss: one scalar per node from its rows, so it runs node by node."""

    def forward(self, args: Array, out: Array) -> None:
        for r in range(args.shape[1]):
            out[r] = self.spec.forward([a[r] for a in args])  # type: ignore[misc]

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        total = upstream.sum(axis=1)  # the output is one scalar: its whole gradient
        for r in range(args.shape[1]):
            arg_list = [a[r] for a in args]
            out_r = np.asarray(out[r, 0])
            for p in range(len(arg_list)):
                local = self.spec.local(arg_list, out_r, p)  # type: ignore[misc]
                np.multiply(total[r], local, out=dest[p, r])


def unneeded_exponent_local(base: Array, local: Array) -> Array:
    """pow's exponent derivative where nothing needs it: 0 instead of nan where the base is
    negative (PyTorch never computes it there), the registry's value elsewhere."""
    return np.where(base < 0, 0.0, local)


class PowKernel(SpecKernel):
    """pow as the registry defines it (d/d(base) = e b^(e-1); d/d(exponent) = b^e ln b, 0 where
    b = 0 and e >= 0), the exponent's derivative masked where the plan does not need it."""

    def __init__(self, spec: OpSpec, exponent_needed: Array) -> None:
        super().__init__(spec)
        self.unneeded = ~np.asarray(exponent_needed, dtype=bool)[:, None]  # (nodes, 1)
        self.all_needed = not self.unneeded.any()

    def forward(self, args: Array, out: Array) -> None:
        np.power(args[0], args[1], out=out)

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        base, exponent = args[0], args[1]
        d_base, d_exp = dest[0], dest[1]
        np.subtract(exponent, 1.0, out=d_base)
        np.power(base, d_base, out=d_base)
        d_base *= exponent
        d_base *= upstream
        zero = base == 0
        np.log(base, out=d_exp)
        d_exp[zero] = 0.0  # the registry's log(1) at a zero base: 0, or nan when b^e is inf
        d_exp *= out
        d_exp[zero & (exponent >= 0)] = 0.0
        if not self.all_needed:
            d_exp[self.unneeded & (base < 0)] = 0.0
        d_exp *= upstream


class DivKernel(SpecKernel):
    def forward(self, args: Array, out: Array) -> None:
        np.divide(args[0], args[1], out=out)

    def through(self, args: Array, out: Array, upstream: Array, dest: Array) -> None:
        a, b = args[0], args[1]
        np.divide(1.0, b, out=dest[0])  # (1 / b) x upstream, as the registry
        np.multiply(b, b, out=dest[1])  # -a / (b b) x upstream
        np.divide(a, dest[1], out=dest[1])
        np.negative(dest[1], out=dest[1])
        dest[0] *= upstream
        dest[1] *= upstream


Kernel = SpecKernel


def kernel_for(spec: OpSpec, exponent_needed: Array | None = None) -> Kernel:
    """The fastest kernel that computes ``spec`` exactly as the registry defines it.
    ``exponent_needed`` (pow only): per node of the group, whether its exponent edge needs a
    gradient (see :func:`unneeded_exponent_local`)."""
    if spec.name == "pow":
        needed = np.ones(1, bool) if exponent_needed is None else exponent_needed
        return PowKernel(spec, needed)
    if spec.reduces:
        return ReduceKernel(spec)
    if spec.name == "add":
        return AddKernel(spec)
    if spec.name == "mul":
        return MulKernel(spec)
    if spec.name == "sub":
        return SubKernel(spec)
    if spec.name == "div":
        return DivKernel(spec)
    if spec.name in UNARY_KERNELS:
        return UnaryKernel(spec, *UNARY_KERNELS[spec.name])
    return SpecKernel(spec)
