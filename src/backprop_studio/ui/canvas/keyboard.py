"""Keyboard helpers of the canvas, free of widgets: which node an arrow key moves the
selection to, and which input ports the selected node's output may connect to.

``nearest_in_direction`` scores the cards ahead of a point (within 60 degrees either side of
the arrow) by distance, with a penalty for leaving the arrow's line, so Right goes to the next
card in the row rather than a closer one far above. ``connect_targets`` lists the ports an
edge from a node would be accepted into (the graph's own rule, ``Graph.connect_error``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ...core.model.graph import Graph

CONE = math.cos(math.radians(60))  # how far off the arrow's line a card may lie
SIDEWAYS_PENALTY = 2.0


def nearest_in_direction(
    origin: tuple[float, float],
    candidates: Iterable[tuple[str, tuple[float, float]]],
    direction: tuple[int, int],
) -> str | None:
    """The id of the candidate nearest ``origin`` in ``direction`` (dx, dy), or None."""
    dx, dy = direction
    best: tuple[float, str] | None = None
    for ident, (x, y) in candidates:
        vx, vy = x - origin[0], y - origin[1]
        dist = math.hypot(vx, vy)
        if dist < 1e-9:
            continue
        ahead = (vx * dx + vy * dy) / dist
        if ahead < CONE:
            continue
        along = vx * dx + vy * dy
        across = abs(vx * dy - vy * dx)
        score = along + SIDEWAYS_PENALTY * across
        if best is None or score < best[0]:
            best = (score, ident)
    return best[1] if best else None


@dataclass(frozen=True)
class PortTarget:
    """An input port an edge may go into."""

    node: str
    port: str  # "" for the op's only (default) port
    text: str  # what the list shows: "c (add)" or "L (mse) · target"


def connect_targets(graph: Graph, source: str) -> list[PortTarget]:
    """Every input port an edge from ``source`` would be accepted into, by node position
    (left to right, top to bottom)."""
    if not graph.has_node(source):
        return []
    found = []
    nodes = sorted(graph.nodes(), key=lambda n: (n.position[0], n.position[1]))
    for node in nodes:
        if node.id == source:
            continue
        spec = node.spec
        several = len(spec.ports) > 1
        for port in spec.ports:
            name = port.name if several else ""
            if graph.connect_error(source, node.id, name or None) is None:
                text = f"{node.display_name} ({spec.name})"
                found.append(
                    PortTarget(node.id, name, f"{text} · {port.name}" if several else text)
                )
    return found
