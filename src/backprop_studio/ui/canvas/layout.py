"""Auto-arrange: a layered left-to-right layout, computed without changing the graph.

:func:`auto_layout` returns ``{node_id: (x, y)}`` (node centres, the document's ``position``)
and the Document applies it as one undoable move. The method is the classic Sugiyama
scheme, kept small:

1. layers: each node's longest path from a source (its topological depth); a source is then
   pulled right next to its first consumer, so a bias sits beside its neuron;
2. long edges get placeholder nodes in the layers they cross, so ordering sees them;
3. ordering: starting from the current vertical order, alternate downward and upward sweeps
   that sort each layer by the barycentre (mean position) of its neighbours in the layer
   before, keeping the ordering with the fewest edge crossings;
4. coordinates: layers are columns ``LAYER_GAP`` apart; within a column nodes keep their
   order and a minimum gap, and are pulled towards the mean height of their neighbours;
5. weakly connected parts are stacked top to bottom, and the result is placed so its top-left
   corner stays where the graph's was.

Above :data:`FULL_LAYOUT_LIMIT` nodes the sweeps and crossing counts cost seconds, so
:func:`auto_layout` uses the fast layered layout of :mod:`backprop_studio.core.layout.layered`
instead (columns, a few barycentre sweeps, no placeholders). :func:`place_unplaced` lays out a
graph loaded without positions (every node at one point) with it too, before anyone shows it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

import networkx as nx

from ...core.layout.layered import is_unplaced, layered_positions
from ...core.model.graph import Graph, Node
from .node_item import NODE_WIDTH, node_size

LAYER_GAP = 80.0  # horizontal space between columns of nodes
ROW_GAP = 36.0  # vertical space between nodes of a column
PART_GAP = 80.0  # vertical space between unconnected parts
SWEEPS = 12
FULL_LAYOUT_LIMIT = 1500  # nodes; above, the fast layered layout

SizeFn = Callable[[Node], tuple[float, float]]


_SIZES: dict[str, tuple[float, float]] = {}


def _default_size(node: Node) -> tuple[float, float]:
    size = _SIZES.get(node.op)
    if size is None:
        size = _SIZES[node.op] = node_size(node.spec)
    return size


def fast_layout(graph: Graph, size_of: SizeFn | None = None) -> dict[str, tuple[float, float]]:
    """The fast layered layout with the canvas's card sizes and gaps."""
    return layered_positions(graph, size_of or _default_size, LAYER_GAP, ROW_GAP)


def place_unplaced(graph: Graph) -> bool:
    """Lay out a graph whose nodes were loaded without positions (all at one point), in
    place and without an undo step: for a graph no one shows yet. True if it moved nodes."""
    if not is_unplaced(graph):
        return False
    graph.set_positions(fast_layout(graph))  # one node_changed event per node, as ever
    return True


def layers_of(graph: Graph) -> dict[str, int]:
    """Column of each node: longest path from a source; sources sit just left of a consumer."""
    g = graph.nx_graph
    layer: dict[str, int] = {}
    for nid in graph.topological_order():
        preds = list(g.predecessors(nid))
        layer[nid] = max((layer[p] + 1 for p in preds), default=0)
    for nid in layer:
        if g.in_degree(nid) == 0:
            succ = list(g.successors(nid))
            if succ:
                layer[nid] = max(0, min(layer[s] for s in succ) - 1)
    return layer


def count_crossings(upper: list[str], lower: list[str], links: list[tuple[str, str]]) -> int:
    """Crossings between two adjacent layers joined by ``links`` (upper node, lower node)."""
    pos_u = {n: i for i, n in enumerate(upper)}
    pos_l = {n: i for i, n in enumerate(lower)}
    seq = [pos_l[b] for a, b in sorted(links, key=lambda ab: (pos_u[ab[0]], pos_l[ab[1]]))]
    # inversions of seq: pairs i < j with seq[i] > seq[j]
    seen: list[int] = []
    crossings = 0
    for value in seq:
        crossings += len(seen) - bisect_right(seen, value)
        seen.insert(bisect_right(seen, value), value)
    return crossings


def _order_part(
    columns: list[list[str]], up: dict[str, list[str]], down: dict[str, list[str]]
) -> list[list[str]]:
    """Barycentric sweeps; returns the ordering with the fewest crossings seen."""

    def crossings(cols: list[list[str]]) -> int:
        total = 0
        for i in range(len(cols) - 1):
            lower = set(cols[i + 1])
            links = [(a, b) for a in cols[i] for b in down.get(a, []) if b in lower]
            total += count_crossings(cols[i], cols[i + 1], links)
        return total

    best = [list(c) for c in columns]
    best_score = crossings(best)
    cols = [list(c) for c in columns]
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        indices = range(1, len(cols)) if downward else range(len(cols) - 2, -1, -1)
        for i in indices:
            ref = cols[i - 1] if downward else cols[i + 1]
            pos = {n: k for k, n in enumerate(ref)}
            neighbours = up if downward else down
            current = {n: k for k, n in enumerate(cols[i])}

            def key(n: str, pos=pos, neighbours=neighbours, current=current) -> tuple[float, int]:
                ks = [pos[m] for m in neighbours.get(n, []) if m in pos]
                return (sum(ks) / len(ks) if ks else current[n], current[n])

            cols[i].sort(key=key)
        score = crossings(cols)
        if score < best_score:
            best, best_score = [list(c) for c in cols], score
            if score == 0:
                break
    return best


def _coordinates(
    columns: list[list[str]],
    heights: dict[str, float],
    neighbours: dict[str, list[str]],
) -> dict[str, float]:
    """Heights within columns: order kept, gaps kept, pulled towards neighbours."""
    y: dict[str, float] = {}
    for col in columns:
        top = -sum(heights[n] + ROW_GAP for n in col) / 2
        for n in col:
            y[n] = top + heights[n] / 2
            top += heights[n] + ROW_GAP
    for sweep in range(8):
        order = columns if sweep % 2 == 0 else list(reversed(columns))
        for col in order:
            if not col:
                continue
            want = {}
            for n in col:
                ys = [y[m] for m in neighbours.get(n, []) if m in y]
                want[n] = sum(ys) / len(ys) if ys else y[n]
            placed: list[float] = []
            for i, n in enumerate(col):
                lo = (
                    placed[-1] + (heights[col[i - 1]] + heights[n]) / 2 + ROW_GAP
                    if placed
                    else -1e18
                )
                placed.append(max(want[n], lo))
            shift = sum(want[n] - p for n, p in zip(col, placed, strict=True)) / len(col)
            for n, p in zip(col, placed, strict=True):
                y[n] = p + shift
    return y


def auto_layout(graph: Graph, size_of: SizeFn | None = None) -> dict[str, tuple[float, float]]:
    """New centres for every node: layered left to right, few crossings. Pure: no edits."""
    nodes = graph.nodes()
    if not nodes:
        return {}
    size_of = size_of or _default_size
    sizes = {n.id: size_of(n) for n in nodes}
    if len(nodes) > FULL_LAYOUT_LIMIT:
        return _keep_corner(nodes, sizes, fast_layout(graph, size_of))
    layer = layers_of(graph)
    g = graph.nx_graph
    doc_y = {n.id: (n.position[1], i) for i, n in enumerate(nodes)}

    positions: dict[str, tuple[float, float]] = {}
    part_top = 0.0
    parts = sorted(nx.weakly_connected_components(g), key=lambda p: min(doc_y[n][1] for n in p))
    for part in parts:
        up: dict[str, list[str]] = {}
        down: dict[str, list[str]] = {}
        heights: dict[str, float] = {n: sizes[n][1] for n in part}
        depth = max(layer[n] for n in part) + 1
        columns: list[list[str]] = [[] for _ in range(depth)]
        for n in part:
            columns[layer[n]].append(n)
        dummy = 0
        for u, v in {(u, v) for u, v, _ in g.edges(part, keys=True)}:
            prev = u
            for k in range(layer[u] + 1, layer[v]):
                dummy += 1
                d = f"\0dummy{dummy}"
                columns[k].append(d)
                heights[d] = 0.0
                doc_y[d] = (doc_y[u][0] + (doc_y[v][0] - doc_y[u][0]) * 0.5, 10**9 + dummy)
                down.setdefault(prev, []).append(d)
                up.setdefault(d, []).append(prev)
                prev = d
            down.setdefault(prev, []).append(v)
            up.setdefault(v, []).append(prev)
        for col in columns:
            col.sort(key=lambda n: doc_y[n])
        columns = _order_part(columns, up, down)
        real_cols = [[n for n in col if not n.startswith("\0")] for col in columns]
        # pull towards real neighbours only (placeholders carry no height)
        neighbours: dict[str, list[str]] = {}
        for n in part:
            neighbours[n] = list(g.predecessors(n)) + list(g.successors(n))
        y = _coordinates(real_cols, heights, neighbours)
        part_min = min(y[n] - heights[n] / 2 for n in part)
        part_max = max(y[n] + heights[n] / 2 for n in part)
        for n in part:
            x = layer[n] * (NODE_WIDTH + LAYER_GAP)
            positions[n] = (x, y[n] - part_min + part_top)
        part_top += part_max - part_min + PART_GAP

    return _keep_corner(nodes, sizes, positions)


def _keep_corner(
    nodes: list[Node],
    sizes: dict[str, tuple[float, float]],
    positions: dict[str, tuple[float, float]],
) -> dict[str, tuple[float, float]]:
    """``positions`` moved so the graph's top-left corner stays where it was."""
    left = min(n.position[0] - sizes[n.id][0] / 2 for n in nodes)
    top = min(n.position[1] - sizes[n.id][1] / 2 for n in nodes)
    new_left = min(positions[n][0] - sizes[n][0] / 2 for n in positions)
    new_top = min(positions[n][1] - sizes[n][1] / 2 for n in positions)
    dx, dy = left - new_left, top - new_top
    return {
        n.id: (float(round(positions[n.id][0] + dx)), float(round(positions[n.id][1] + dy)))
        for n in nodes
    }
