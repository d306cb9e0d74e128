"""The op registry: the one place an operation is defined.

An op is an :class:`OpSpec`: its input ports, a forward function, the local derivative of its
output with respect to each argument, a display symbol and formula texts. The palette, the file
validator, the engine and the docs all read the registry, so adding an op here adds it
everywhere.

Calling convention: ``forward(args)`` receives the op's arguments as numpy arrays (scalars are
0-d arrays, a batch is a 1-d array) in port order; a variadic port contributes one argument
per incoming edge, in edge order. ``local(args, out, i)`` returns d(out)/d(args[i]) elementwise,
broadcastable against the batch. Ops whose output is a scalar regardless of the batch (the
losses) set ``reduces``; their local derivatives already include the 1/N of the mean.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # no numpy at import: a quick ``eval`` may never need it (core/lazy.py)
    from numpy import ndarray as Array

    ForwardFn = Callable[[Sequence[Array]], Array]
    LocalFn = Callable[[Sequence[Array], Array, int], Array]


@dataclass(frozen=True)
class PortSpec:
    """An input port: a name, whether it takes any number of edges, and whether it takes a
    label (a class index: its local derivative is 0 by definition, as in PyTorch)."""

    name: str
    variadic: bool = False
    label: bool = False


@dataclass(frozen=True)
class OpSpec:
    """Everything the app knows about one operation."""

    name: str
    title: str
    category: str  # "source", "arithmetic", "activation", "loss"
    symbol: str
    formula: str  # e.g. "tanh(x)"
    derivatives: dict[str, str]  # port name -> local derivative text, e.g. {"x": "1 - tanh(x)²"}
    ports: tuple[PortSpec, ...] = ()
    forward: ForwardFn | None = None
    local: LocalFn | None = None
    reduces: bool = False
    has_value: bool = False  # input and parameter hold a value of their own
    trainable_default: bool = False
    description: str = ""
    aliases: tuple[str, ...] = field(default=())

    @property
    def is_source(self) -> bool:
        return not self.ports

    def port(self, name: str) -> PortSpec | None:
        for p in self.ports:
            if p.name == name:
                return p
        return None

    @cached_property
    def port_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.ports)

    @property
    def default_port(self) -> str | None:
        """The port an edge goes to when the file omits ``port`` (only for one-port ops)."""
        return self.ports[0].name if len(self.ports) == 1 else None

    def derivative_text(self) -> str:
        """All local derivatives as one line: ``d/da = 1/b, d/db = -a/b²``."""
        return ", ".join(f"∂/∂{p} = {t}" for p, t in self.derivatives.items())

    def tooltip(self) -> str:
        return f"{self.title}: {self.formula}\n{self.derivative_text()}".strip()


_REGISTRY: dict[str, OpSpec] = {}


def register(spec: OpSpec) -> OpSpec:
    if spec.name in _REGISTRY:
        raise ValueError(f"op {spec.name!r} registered twice")
    _REGISTRY[spec.name] = spec
    return spec


def get_op(name: str) -> OpSpec | None:
    return _REGISTRY.get(name)


CATEGORY_ORDER = ("source", "arithmetic", "activation", "loss")


def all_ops() -> list[OpSpec]:
    """Every registered op: sources, arithmetic, activations, losses (registration order within)."""
    return sorted(_REGISTRY.values(), key=lambda s: CATEGORY_ORDER.index(s.category))


def op_names() -> list[str]:
    return list(_REGISTRY)
