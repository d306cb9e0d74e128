"""The Graph's rules checked for many nodes and edges at once (:meth:`Graph.add_bulk`).

The same rules as adding them one by one (graph.py): unique non-empty ids, known ops, valid
values and weights, an edge from an existing node to an existing port, a single-input port
fed at most once, no cycle. Checked in a few passes over all of them (ops and ports looked
up once per op, cycles by one topological sort on integers, order.py) instead of a
networkx path search per edge. The first fault raises :class:`GraphError` naming the node or
edge, before anything is changed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from ..ops import get_op
from .errors import GraphError
from .graph_rules import check_value, check_weight
from .order import is_acyclic

if TYPE_CHECKING:
    from .graph import Edge, Graph, Node


def check_bulk_nodes(graph: Graph, nodes: Sequence[Node]) -> None:
    """Raise GraphError for the first node ``graph.add_node`` would refuse."""
    ids = [n.id for n in nodes]
    if len(set(ids)) != len(ids) or not graph_ids_free(graph, ids) or not all(ids):
        seen: set[str] = set()
        for nid in ids:
            if not nid:
                raise GraphError("a node needs a non-empty id")
            if nid in seen or graph.has_node(nid):
                raise GraphError(f"duplicate node id {nid!r}", node=nid)
            seen.add(nid)
    for op in {n.op for n in nodes}:
        if get_op(op) is None:
            bad = next(n for n in nodes if n.op == op)
            raise GraphError(f"node {bad.id!r} has unknown op {bad.op!r}", node=bad.id)
    for node in nodes:
        if node.value is not None:
            check_value(node)


def graph_ids_free(graph: Graph, ids: Sequence[str]) -> bool:
    return not len(graph) or not any(map(graph.has_node, ids))


def check_bulk_edges(graph: Graph, nodes: Sequence[Node], edges: Sequence[Edge]) -> list[Edge]:
    """Raise GraphError for the first edge ``graph.add_edge`` would refuse once ``nodes`` are
    added; return the edges with an empty port given their target's default port."""
    ids = [e.id for e in edges]
    if len(set(ids)) != len(ids) or not all(ids) or any(map(graph.has_edge, ids)):
        seen: set[str] = set()
        for eid in ids:
            if not eid:
                raise GraphError("an edge needs a non-empty id")
            if eid in seen or graph.has_edge(eid):
                raise GraphError(f"duplicate edge id {eid!r}", edge=eid)
            seen.add(eid)
    op_of = {n.id: n.op for n in graph.nodes()}
    op_of.update((n.id, n.op) for n in nodes)
    resolved: list[Edge] = []
    fed_once: set[tuple[str, str]] = set()  # single-input ports already fed
    for e in graph.edges():
        spec = get_op(op_of[e.target])
        if spec is not None and (p := spec.port(e.port)) is not None and not p.variadic:
            fed_once.add((e.target, e.port))
    ports = _port_table(set(op_of.values()))
    for edge in edges:
        source, target = edge.source, edge.target
        if source not in op_of or target not in op_of:
            raise _refused(graph, nodes, edge)
        port = edge.port or ports[op_of[target]][0]
        variadic = ports[op_of[target]][1].get(port)
        if variadic is None or source == target:
            raise _refused(graph, nodes, edge)
        if not variadic:
            if (target, port) in fed_once:
                raise _refused(graph, nodes, edge, resolved)
            fed_once.add((target, port))
        if not (type(edge.weight) is float and math.isfinite(edge.weight)):
            check_weight(edge.id, edge.weight)
        resolved.append(edge if port == edge.port else replace(edge, port=port))
    rank = {nid: k for k, nid in enumerate(op_of)}
    every = [*graph.edges(), *resolved]
    sources = np.fromiter((rank[e.source] for e in every), np.intp, count=len(every))
    targets = np.fromiter((rank[e.target] for e in every), np.intp, count=len(every))
    if not is_acyclic(len(rank), sources, targets):
        raise _cycle_error(every)
    return resolved


def _cycle_error(edges: Sequence[Edge]) -> GraphError:
    import networkx as nx  # only to name the cycle found

    g = nx.MultiDiGraph()
    g.add_edges_from((e.source, e.target, e.id) for e in edges)
    cycle = nx.find_cycle(g)
    path = " -> ".join([*(u for u, _, _ in cycle[:8]), cycle[0][0]])
    key = cycle[0][2]
    return GraphError(f"edge {key!r}: the edges make a cycle: {path}", edge=key)


def _port_table(ops: set[str]) -> dict[str, tuple[str | None, dict[str, bool]]]:
    """Per op: its default port and {port name: variadic}."""
    table = {}
    for op in ops:
        spec = get_op(op)
        assert spec is not None, op
        table[op] = (spec.default_port, {p.name: p.variadic for p in spec.ports})
    return table


def _refused(
    graph: Graph, nodes: Sequence[Node], edge: Edge, before: Sequence[Edge] = ()
) -> GraphError:
    """The error adding ``edge`` one by one gives (rare: only for an edge found at fault)."""
    from .graph import Graph as _Graph

    scratch = _Graph()
    for node in [*graph.nodes(), *nodes]:
        scratch.add_node(node)
    for e in [*graph.edges(), *before]:
        if e.target == edge.target:  # only the edges that can take its port matter
            scratch.add_edge(e)
    try:
        scratch.add_edge(edge)
    except GraphError as exc:
        return exc
    raise AssertionError(f"edge {edge.id!r} was refused in bulk but not alone")
