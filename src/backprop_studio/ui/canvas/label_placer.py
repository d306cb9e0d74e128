"""Weight-pill placement for a whole scene in one pass.

Each edge's weight pill goes to the middle of its curve or, when that spot would cover a node
card or a pill placed before it, to the first free spot along the curve
(``EdgeItem.label_candidates``), or, with none free, to the spot least covered. Occupied areas live in a grid of buckets, so placing the
pills of thousands of edges costs a few milliseconds per thousand and asks the scene nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .edge_item import EdgeItem
    from .node_item import NodeItem

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def place_labels(
    nodes: Iterable[NodeItem], edges: Iterable[EdgeItem], fixed: Iterable[EdgeItem] = ()
) -> None:
    """Move each visible pill of ``edges`` to a free spot (cards first, then pills in edge
    order); the pills of ``fixed`` edges stay where they are and are avoided."""
    cell = 120.0
    buckets: dict[tuple[int, int], list[Box]] = {}
    get = buckets.get

    def add(box: Box) -> None:
        x0, y0, x1, y1 = box
        gy0, gy1 = int(y0 // cell), int(y1 // cell) + 1
        for gx in range(int(x0 // cell), int(x1 // cell) + 1):
            for gy in range(gy0, gy1):
                bucket = get((gx, gy))
                if bucket is None:
                    buckets[gx, gy] = [box]
                else:
                    bucket.append(box)

    def near(x0: float, y0: float, x1: float, y1: float) -> Iterator[Box]:
        """The occupied boxes in the buckets this area touches (a box may come twice)."""
        gy0, gy1 = int(y0 // cell), int(y1 // cell) + 1
        for gx in range(int(x0 // cell), int(x1 // cell) + 1):
            for gy in range(gy0, gy1):
                yield from get((gx, gy), ())

    def free(box: Box) -> bool:  # the hot path: the bucket walk written out, no generator
        x0, y0, x1, y1 = box[0] - 3, box[1] - 2, box[2] + 3, box[3] + 2
        gy0, gy1 = int(y0 // cell), int(y1 // cell) + 1
        for gx in range(int(x0 // cell), int(x1 // cell) + 1):
            for gy in range(gy0, gy1):
                for a0, b0, a1, b1 in get((gx, gy), ()):
                    if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
                        return False
        return True

    def overlap(box: Box) -> float:
        """How much of ``box`` other cards and pills cover (each counted once)."""
        x0, y0, x1, y1 = box
        area = 0.0
        for a0, b0, a1, b1 in set(near(x0, y0, x1, y1)):
            w, h = min(x1, a1) - max(x0, a0), min(y1, b1) - max(y0, b0)
            if w > 0 and h > 0:
                area += w * h
        return area

    for node in nodes:
        p, r = node.pos(), node.rect()
        x, y = p.x(), p.y()
        add((x + r.left(), y + r.top(), x + r.right(), y + r.bottom()))
    for edge in fixed:
        if edge.label_visible():
            add(edge.label_rect().getCoords())

    for edge in edges:
        if not edge.label_visible():
            continue
        tried = []
        for t, box in edge.label_candidates():
            if free(box):
                break
            tried.append((t, box))
        else:  # no free spot: the one least covered (the middle on a tie)
            t, box = min(tried, key=lambda candidate: overlap(candidate[1]))
        if t != 0.5 or edge.label_t() != 0.5:
            edge.set_label_position(t)
        add(box)
