"""PassOverlay: what the canvas shows of a stepped forward/backward walk.

The stepper (a Qt-free walk over an engine Result) produces one overlay per step; the canvas
draws it and nothing else decides what is highlighted. Plain data, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal


class LazyTexts(Mapping[str, str]):
    """Texts keyed by node id, each made when first read: a walk's 10,000 gradients or
    5,000 completed sum rules cost 0.2-0.4 s to write, and a big graph shows a few of them.
    ``keys`` maps each node to the argument of ``make``; ``origin`` says where the texts
    come from (two mappings of one origin give one argument the same text)."""

    def __init__(
        self, keys: dict[str, Hashable], make: Callable[[Any], str], origin: object
    ) -> None:
        self._keys = keys
        self._make = make
        self.origin = origin

    def __getitem__(self, key: str) -> str:
        return self._make(self._keys[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyTexts) and other.origin == self.origin:
            return self._keys == other._keys
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]  (a mapping: not hashable)


def changed_keys(old: Mapping[str, str], new: Mapping[str, str]) -> set[str]:
    """Keys whose text may differ between two mappings: texts of one origin and argument
    never differ (only the arguments are compared, no text is made); of two origins, every
    key (a walk writes its texts for its current sample only)."""
    if isinstance(old, LazyTexts) and isinstance(new, LazyTexts):
        if old.origin == new.origin:
            return {k for k, _ in old._keys.items() ^ new._keys.items()}
        return set(old) | set(new)  # another walk or sample: every text may differ
    if isinstance(old, LazyTexts) or isinstance(new, LazyTexts):
        return set(old) | set(new)  # comparing would write every lazy text
    return {k for k, _ in old.items() ^ new.items()}


@dataclass(frozen=True)
class PassOverlay:
    """A snapshot of a walk. Texts are ready to draw; ids name graph nodes and edges."""

    direction: Literal["forward", "backward", "idle"] = "idle"
    values: dict[str, str] = field(default_factory=dict)  # node id -> value text (computed so far)
    grads: Mapping[str, str] = field(default_factory=dict)  # node id -> gradient text so far
    final_grads: frozenset[str] = frozenset()  # nodes whose gradient is complete
    partial_grads: frozenset[str] = frozenset()  # nodes holding a partial sum
    current_node: str | None = None  # forward: the node just computed
    current_edge: str | None = None  # backward: the edge just visited
    upstream_node: str | None = None  # backward: target of current_edge (dL/dv known)
    receiving_node: str | None = None  # backward: source of current_edge (receives the term)
    edge_label: str = ""  # e.g. "∂f/∂c · ∂c/∂a = 2 · 1 = 2", drawn beside current_edge
    visited_edges: frozenset[str] = frozenset()  # backward: edges visited so far
    # backward: node id -> its completed sum rule ("∂f/∂b = 2 + 3 = 5"), drawn beside the node
    sum_rules: Mapping[str, str] = field(default_factory=dict)
