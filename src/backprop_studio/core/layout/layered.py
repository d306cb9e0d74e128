"""A fast layered layout, for graphs that arrive without positions and for big graphs.

Columns left to right by longest path from a source (a source sits just left of its first
consumer); within a column nodes are ordered by a few barycentre sweeps (each node moves to
the mean height of its neighbours in the columns already placed), then stacked with a gap
and centred. No placeholder nodes and no crossing counts: linear in the edges up to a sort
per column, about 0.1 s for 10,000 nodes, where the canvas's full Sugiyama layout
(``ui/canvas/layout.py``) takes seconds. Qt-free: sizes come from the caller.

:func:`is_unplaced` tells a file written without positions (every node stacked at one
point) from a drawn one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..model.graph import Graph, Node

SWEEPS = 4  # down, up, down, up
SizeFn = Callable[[Node], tuple[float, float]]


def is_unplaced(graph: Graph) -> bool:
    """True when a graph of several nodes has most of them at one and the same position
    (what a file without ``position`` fields loads as)."""
    nodes = graph.nodes()
    if len(nodes) < 2:
        return False
    counts: dict[tuple[float, float], int] = {}
    for n in nodes:
        counts[n.position] = counts.get(n.position, 0) + 1
    return max(counts.values()) * 2 > len(nodes)


def layered_positions(
    graph: Graph,
    size_of: SizeFn,
    column_gap: float = 80.0,
    row_gap: float = 36.0,
) -> dict[str, tuple[float, float]]:
    """Node centres ``{id: (x, y)}``, the first column at x = 0, centred on y = 0."""
    nodes = graph.nodes()
    if not nodes:
        return {}
    index = {n.id: i for i, n in enumerate(nodes)}
    n = len(nodes)
    edges = graph.edges()
    src = np.fromiter((index[e.source] for e in edges), dtype=np.intp, count=len(edges))
    dst = np.fromiter((index[e.target] for e in edges), dtype=np.intp, count=len(edges))
    layer = _layers(graph, index, src, dst)
    sizes = np.array([size_of(node) for node in nodes], dtype=float).reshape(n, 2)
    heights = sizes[:, 1]

    depth = int(layer.max()) + 1
    by_layer = np.argsort(layer, kind="stable")  # document order within a column
    bounds = np.searchsorted(layer[by_layer], np.arange(depth + 1))
    columns = [by_layer[bounds[k] : bounds[k + 1]] for k in range(depth)]
    y = np.zeros(n)
    for col in columns:
        _stack(col, heights, row_gap, y)

    # each column's edges to the columns before it (predecessors) and after (successors)
    edge_order = np.argsort(layer[dst], kind="stable")
    pred_bounds = np.searchsorted(layer[dst][edge_order], np.arange(depth + 1))
    succ_order = np.argsort(layer[src], kind="stable")
    succ_bounds = np.searchsorted(layer[src][succ_order], np.arange(depth + 1))
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        for k in range(1, depth) if downward else range(depth - 2, -1, -1):
            col = columns[k]
            if len(col) < 2:
                continue
            if downward:
                chosen = edge_order[pred_bounds[k] : pred_bounds[k + 1]]
                ends, others = dst[chosen], src[chosen]
            else:
                chosen = succ_order[succ_bounds[k] : succ_bounds[k + 1]]
                ends, others = src[chosen], dst[chosen]
            total = np.bincount(ends, weights=y[others], minlength=n)[col]
            count = np.bincount(ends, minlength=n)[col]
            want = np.where(count > 0, total / np.maximum(count, 1), y[col])
            col = col[np.lexsort((y[col], want))]
            columns[k] = col
            _stack(col, heights, row_gap, y)

    width = float(sizes[:, 0].max())
    x = layer * (width + column_gap)
    return {node.id: (float(round(x[i])), float(round(y[i]))) for i, node in enumerate(nodes)}


def _layers(graph: Graph, index: dict[str, int], src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Longest path from a source; a source moves right next to its nearest consumer."""
    n = len(index)
    preds: list[list[int]] = [[] for _ in range(n)]
    for s, d in zip(src.tolist(), dst.tolist(), strict=True):
        preds[d].append(s)
    layer = [0] * n
    for nid in graph.topological_order():
        i = index[nid]
        ps = preds[i]
        if ps:
            layer[i] = 1 + max(layer[p] for p in ps)
    out = np.array(layer, dtype=np.intp)
    has_pred = np.zeros(n, dtype=bool)
    has_pred[dst] = True
    nearest = np.full(n, np.iinfo(np.intp).max)
    np.minimum.at(nearest, src, out[dst])
    sources = ~has_pred & (nearest < np.iinfo(np.intp).max)
    out[sources] = np.maximum(nearest[sources] - 1, 0)
    return out


def _stack(col: np.ndarray, heights: np.ndarray, gap: float, y: np.ndarray) -> None:
    """Place a column's nodes top to bottom in this order, a gap apart, centred on 0."""
    h = heights[col]
    tops = np.concatenate(([0.0], np.cumsum(h + gap)[:-1]))
    total = float(h.sum() + gap * (len(col) - 1))
    y[col] = tops + h / 2 - total / 2
