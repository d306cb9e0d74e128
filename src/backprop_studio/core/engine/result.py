"""The outcome of one pass: :class:`Result`, and :class:`LazyResult` for the fast paths.

A Result holds the loss, every node's value and gradient, every edge's weight gradient, the
chain-rule trace (reference engine with recording on) and the pass timings. Values are numpy
arrays, 0-d for scalars and 1-d for batches (the fast paths may give numpy float scalars for
0-d values: same ``ndim``, ``shape``, arithmetic and ``float()``).

The fast paths compute into their own flat arrays; building 100k-entry dictionaries from them
would cost as much as the pass itself, so a :class:`LazyResult` builds ``values``, ``grads``
and ``edge_grads`` on first read. A training loop that asks only for the loss and the gradient
vector (``Plan.loss_and_grad``) never builds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .trace import ChainTerm

if TYPE_CHECKING:
    from numpy import ndarray as Array


@dataclass
class Result:
    """What one pass computed. ``grads``/``edge_grads`` are empty after a forward-only pass."""

    loss: float
    loss_node: str
    values: dict[str, Array]
    grads: dict[str, Array] = field(default_factory=dict)
    edge_grads: dict[str, float] = field(default_factory=dict)
    trace: list[ChainTerm] = field(default_factory=list)
    edges_visited: int = 0
    forward_seconds: float = 0.0
    backward_seconds: float = 0.0


class _Unset:
    def __repr__(self) -> str:
        return "<built on first read>"


_UNSET: Any = _Unset()


def _lazy(name: str) -> property:
    def get(self: LazyResult) -> dict:
        found = self._built.get(name)
        if found is None:
            found = self._built[name] = self._builders[name]()
        return found

    def set_(self: LazyResult, value: dict) -> None:
        if value is not _UNSET:
            self._built[name] = value

    return property(get, set_, doc=f"``{name}``, built on first read")


class LazyResult(Result):
    """A Result whose ``values``, ``grads`` and ``edge_grads`` are built when first read."""

    def __init__(
        self,
        *,
        loss: float,
        loss_node: str,
        values: Callable[[], dict[str, Array]],
        grads: Callable[[], dict[str, Array]],
        edge_grads: Callable[[], dict[str, float]],
        edges_visited: int,
        forward_seconds: float,
        backward_seconds: float,
    ) -> None:
        self._built: dict[str, dict] = {}
        self._builders = {"values": values, "grads": grads, "edge_grads": edge_grads}
        super().__init__(
            loss=loss,
            loss_node=loss_node,
            values=_UNSET,
            grads=_UNSET,
            edge_grads=_UNSET,
            edges_visited=edges_visited,
            forward_seconds=forward_seconds,
            backward_seconds=backward_seconds,
        )

    values = _lazy("values")  # type: ignore[assignment]
    grads = _lazy("grads")  # type: ignore[assignment]
    edge_grads = _lazy("edge_grads")  # type: ignore[assignment]
