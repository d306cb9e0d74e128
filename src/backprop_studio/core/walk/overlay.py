"""PassOverlay: what the canvas shows of a stepped forward/backward walk.

The stepper (a Qt-free walk over an engine Result) produces one overlay per step; the canvas
draws it and nothing else decides what is highlighted. Plain data, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class PassOverlay:
    """A snapshot of a walk. Texts are ready to draw; ids name graph nodes and edges."""

    direction: Literal["forward", "backward", "idle"] = "idle"
    values: dict[str, str] = field(default_factory=dict)  # node id -> value text (computed so far)
    grads: dict[str, str] = field(default_factory=dict)  # node id -> gradient text (so far)
    final_grads: frozenset[str] = frozenset()  # nodes whose gradient is complete
    partial_grads: frozenset[str] = frozenset()  # nodes holding a partial sum
    current_node: str | None = None  # forward: the node just computed
    current_edge: str | None = None  # backward: the edge just visited
    upstream_node: str | None = None  # backward: target of current_edge (dL/dv known)
    receiving_node: str | None = None  # backward: source of current_edge (receives the term)
    edge_label: str = ""  # e.g. "∂f/∂c · ∂c/∂a = 2 · 1 = 2", drawn beside current_edge
    visited_edges: frozenset[str] = frozenset()  # backward: edges visited so far
    # backward: node id -> its completed sum rule ("∂f/∂b = 2 + 3 = 5"), drawn beside the node
    sum_rules: dict[str, str] = field(default_factory=dict)
