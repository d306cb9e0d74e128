"""The canvas geometry of a whole graph from the model alone, in numpy arrays.

Every card's box and every edge's curve, computed for all nodes and edges at once and equal
to what the items compute one by one (:meth:`NodeItem.bounds_in_scene`,
:meth:`EdgeItem.curve`): for the parts of a big graph that have no item (they are drawn from
arrays) and for bulk moves (a drag, Auto-Arrange), which recompute only the moved nodes'
boxes and their edges' curves.

The formulas are the items' own, not copies: a card's size and its ports' places come from
:func:`node_item.node_size` and :func:`node_item.port_places` (once per op), the spread of the
edges sharing a variadic port from :func:`port_item.slot_offset` (once per number of edges),
the curve from :func:`curve.curves_between` (``Curve.between`` for arrays).

Edges into a variadic port (``add``'s ``in``) are spread along it in slots ordered by their
source's output height, then the source's x, then document order, as the scene's
``_respread`` orders them. A card's box is its bounding rectangle without the stepper's sum
rule (a walk's caption under a card widens that one item only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from ...core.model.graph import Graph, GraphError
from ...core.ops import get_op
from .curve import curves_between
from .node_item import MARGIN, node_size, port_places
from .port_item import slot_offset
from .theme import Theme

# an edge's (slot, number of edges sharing its variadic port), by edge id
Slots = Mapping[str, tuple[int, int]]


def card_boxes(
    graph: Graph, theme: Theme | None = None, *, margin: float = MARGIN
) -> tuple[list[str], np.ndarray]:
    """Node ids in document order and their cards' boxes, an (n, 4) array of x0, y0, x1, y1
    in scene coordinates. With the default margin a box is the card item's bounding
    rectangle (``bounds_in_scene``); ``margin=0`` gives the card itself. (``theme`` is
    accepted for the day a card's size depends on its fonts; today it does not.)"""
    geometry = GraphGeometry(graph, theme, edges=False)
    return geometry.node_ids, geometry.rects(margin)


def edge_curves(
    graph: Graph, theme: Theme | None = None, slots: Slots | None = None
) -> tuple[list[str], np.ndarray]:
    """Edge ids in document order and their curves, an (m, 8) array of x1, y1, cx1, cy1,
    cx2, cy2, x2, y2 rows (``EdgeItem.curve()``). ``slots`` gives edges' (slot, count) on
    their variadic port as the scene's items have them (an edge missing from it: (0, 1));
    None spreads them as the scene's ``_respread`` does."""
    geometry = GraphGeometry(graph, theme, slots)
    return geometry.edge_ids, geometry.curves


def edge_slots(graph: Graph, theme: Theme | None = None) -> dict[str, tuple[int, int]]:
    """Each edge into a variadic port shared with others: its (slot, count)."""
    geometry = GraphGeometry(graph, theme)
    rows = np.flatnonzero(geometry.slots[:, 1] > 1).tolist()
    pairs = geometry.slots[rows].tolist()
    return {geometry.edge_ids[r]: (s, c) for r, (s, c) in zip(rows, pairs, strict=True)}


class GraphGeometry:
    """Card boxes and edge curves of one graph, kept up to date when nodes move.

    ``boxes`` (n, 4) and ``curves`` (m, 8) are rows in the graph's document order
    (``node_ids``, ``edge_ids``; ``node_row`` and ``edge_row`` map ids to rows); ``centres``
    (n, 2) are the nodes' positions and ``slots`` (m, 2) each edge's (slot, count). Adding or
    removing a node or an edge needs a new instance (a 10k graph builds in tens of ms)."""

    def __init__(
        self,
        graph: Graph,
        theme: Theme | None = None,
        slots: Slots | None = None,
        *,
        edges: bool = True,
    ) -> None:
        self.theme = theme
        nodes = graph.nodes()
        self.node_ids = [n.id for n in nodes]
        self.node_row = {nid: i for i, nid in enumerate(self.node_ids)}
        n = len(nodes)
        self.centres = np.array([node.position for node in nodes], dtype=float).reshape(n, 2)
        ops = sorted({node.op for node in nodes})
        op_row = {op: k for k, op in enumerate(ops)}
        places = []
        for op in ops:
            spec = get_op(op)
            if spec is None:
                culprit = next(node.id for node in nodes if node.op == op)
                raise GraphError(f"node {culprit!r} has an unknown op {op!r}", node=culprit)
            places.append(port_places(spec))
        sizes = np.array([node_size(get_op(op)) for op in ops], dtype=float).reshape(-1, 2)
        outs = np.array([p[None] for p in places], dtype=float).reshape(-1, 2)
        node_op = np.fromiter((op_row[node.op] for node in nodes), dtype=np.intp, count=n)
        self._half = sizes[node_op] / 2  # (n, 2)
        self._out = outs[node_op]  # output port's place on the card, (n, 2)
        self.boxes = self.rects(MARGIN)
        self.edge_ids: list[str] = []
        self.edge_row: dict[str, int] = {}
        self.curves = np.zeros((0, 8))
        self.slots = np.zeros((0, 2), dtype=np.intp)
        if edges:
            self._edges(graph, ops, places, slots)

    # ------------------------------------------------------------------ building
    def _edges(
        self,
        graph: Graph,
        ops: list[str],
        places: list[dict[str | None, tuple[float, float]]],
        slots: Slots | None,
    ) -> None:
        edges = graph.edges()
        m = len(edges)
        row = self.node_row
        self.edge_ids = [e.id for e in edges]
        self.edge_row = {eid: i for i, eid in enumerate(self.edge_ids)}
        self.src = np.fromiter((row[e.source] for e in edges), dtype=np.intp, count=m)
        self.tgt = np.fromiter((row[e.target] for e in edges), dtype=np.intp, count=m)
        nodes = graph.nodes()
        variadic_ports = {
            op: {p.name for p in get_op(op).ports if p.variadic}  # type: ignore[union-attr]
            for op in ops
        }
        by_op = dict(zip(ops, places, strict=True))
        tgt_op = [nodes[t].op for t in self.tgt.tolist()]
        # the target port's place on its card; an edge into a port its op lacks ends at the
        # card's centre, as EdgeItem draws it
        self._in = np.array(
            [by_op[op].get(e.port, (0.0, 0.0)) for op, e in zip(tgt_op, edges, strict=True)],
            dtype=float,
        ).reshape(m, 2)
        self.variadic = np.fromiter(
            (e.port in variadic_ports[op] for op, e in zip(tgt_op, edges, strict=True)),
            dtype=bool,
            count=m,
        )
        # edges sharing a variadic port form a group (-1: not variadic)
        port_codes: dict[str, int] = {}
        code = np.fromiter(
            (port_codes.setdefault(e.port, len(port_codes)) for e in edges), dtype=np.intp, count=m
        )
        group = np.full(m, -1, dtype=np.intp)
        shared = np.flatnonzero(self.variadic)
        keys, group[shared] = np.unique(
            self.tgt[shared] * max(1, len(port_codes)) + code[shared], return_inverse=True
        )
        self.group = group
        self._group_size = np.bincount(group[shared], minlength=len(keys))
        self.slots = np.zeros((m, 2), dtype=np.intp)
        self.slots[:, 1] = 1
        if slots is None:
            self._spread(np.ones(len(keys), dtype=bool))
        else:
            for eid, (s, c) in slots.items():
                r = self.edge_row.get(eid)
                if r is not None:
                    self.slots[r] = (s, c)
        self._offsets: dict[int, np.ndarray] = {}
        self.curves = np.zeros((m, 8))
        self._bend(np.arange(m))

    # ------------------------------------------------------------------ geometry
    def rects(self, margin: float = 0.0) -> np.ndarray:
        """The cards as (n, 4) x0, y0, x1, y1, grown by ``margin`` on every side."""
        low = self.centres - self._half - margin
        high = self.centres + self._half + margin
        return np.concatenate([low, high], axis=1)

    def _spread(self, groups: np.ndarray) -> np.ndarray:
        """Give the edges of the groups marked in ``groups`` (a bool per group) their slots;
        returns the rows whose slot changed."""
        if not len(groups):
            return np.zeros(0, dtype=np.intp)
        rows = np.flatnonzero((self.group >= 0) & groups[np.maximum(self.group, 0)])
        if not len(rows):
            return rows
        src = self.src[rows]
        out_y = self.centres[src, 1] + self._out[src, 1]
        order = np.lexsort((rows, self.centres[src, 0], out_y, self.group[rows]))
        ranked = rows[order]
        g = self.group[ranked]
        first = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
        starts = np.repeat(first, np.diff(np.r_[first, len(ranked)]))
        new = np.stack([np.arange(len(ranked)) - starts, self._group_size[g]], axis=1)
        changed = np.any(self.slots[ranked] != new, axis=1)
        self.slots[ranked] = new
        return ranked[changed]

    def _slot_offsets(self, count: int) -> np.ndarray:
        offsets = self._offsets.get(count)
        if offsets is None:
            offsets = np.array([slot_offset(s, count) for s in range(count)], dtype=float)
            self._offsets[count] = offsets
        return offsets

    def _bend(self, rows: np.ndarray) -> None:
        """Recompute the curves of the edges at ``rows`` from the current positions."""
        if not len(rows):
            return
        src, tgt = self.src[rows], self.tgt[rows]
        x1 = self.centres[src, 0] + self._out[src, 0]
        y1 = self.centres[src, 1] + self._out[src, 1]
        x2 = self.centres[tgt, 0] + self._in[rows, 0]
        y2 = self.centres[tgt, 1] + self._in[rows, 1]
        slot, count = self.slots[rows, 0], self.slots[rows, 1]
        spread = np.flatnonzero(self.variadic[rows] & (count > 1))
        for c in np.unique(count[spread]).tolist():
            at = spread[count[spread] == c]
            y2[at] += self._slot_offsets(c)[slot[at]]
        self.curves[rows] = curves_between(x1, y1, x2, y2)

    # ------------------------------------------------------------------ moves
    def move_nodes(
        self, positions: Mapping[str, tuple[float, float]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Nodes moved to new centres ``{id: (x, y)}``: update their boxes, re-spread the
        variadic ports they touch and bend their edges. Returns the rows of the boxes and of
        the curves that changed (unknown ids are ignored)."""
        row = self.node_row
        ids = [nid for nid in positions if nid in row]
        rows = np.fromiter((row[nid] for nid in ids), dtype=np.intp, count=len(ids))
        centres = np.array([positions[nid] for nid in ids], dtype=float).reshape(-1, 2)
        return self.move_rows(rows, centres)

    def move_rows(self, rows: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``move_nodes`` by rows: the nodes at ``rows`` now centred at ``centres`` (k, 2)."""
        rows = np.asarray(rows, dtype=np.intp)
        self.centres[rows] = centres
        c, h = self.centres[rows], self._half[rows]
        self.boxes[rows] = np.concatenate([c - h - MARGIN, c + h + MARGIN], axis=1)
        if not self.edge_ids:
            return rows, np.zeros(0, dtype=np.intp)
        moved = np.zeros(len(self.node_ids), dtype=bool)
        moved[rows] = True
        touched = moved[self.src] | moved[self.tgt]
        # a port's spread follows its sources' heights: re-spread the groups with a moved
        # source, and those of moved targets (as the scene does)
        groups = np.zeros(len(self._group_size), dtype=bool)
        groups[self.group[touched & (self.group >= 0)]] = True
        respread = self._spread(groups) if groups.any() else np.zeros(0, dtype=np.intp)
        touched[respread] = True
        bent = np.flatnonzero(touched)
        self._bend(bent)
        return rows, bent

    def edges_of(self, node_ids: Iterable[str]) -> np.ndarray:
        """Rows of the edges that start or end at any of ``node_ids``."""
        hit = np.zeros(len(self.node_ids), dtype=bool)
        hit[[self.node_row[nid] for nid in node_ids if nid in self.node_row]] = True
        if not self.edge_ids:
            return np.zeros(0, dtype=np.intp)
        return np.flatnonzero(hit[self.src] | hit[self.tgt])

    def edge_mask(self, edge_ids: Iterable[str]) -> np.ndarray:
        """An (m,) bool array, true at the rows of ``edge_ids`` (e.g. the edges that have an
        item: ``EdgeLayer.set_drawn_by_items``)."""
        mask = np.zeros(len(self.edge_ids), dtype=bool)
        mask[[self.edge_row[eid] for eid in edge_ids if eid in self.edge_row]] = True
        return mask

    def nodes_in(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        """Rows of the cards whose box meets the rectangle (x0, y0)-(x1, y1)."""
        b = self.boxes
        return np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))

    def edges_in(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        """Rows of the edges whose curve's box (its control polygon's) meets the rectangle."""
        xs, ys = self.curves[:, 0::2], self.curves[:, 1::2]
        hit = (xs.min(axis=1) <= x1) & (xs.max(axis=1) >= x0)
        return np.flatnonzero(hit & (ys.min(axis=1) <= y1) & (ys.max(axis=1) >= y0))
