"""The Graph's rules checked for many nodes and edges at once (:meth:`Graph.add_bulk`).

The same rules as adding them one by one (graph.py): unique non-empty ids, known ops, valid
values and weights, an edge from an existing node to an existing port, a single-input port
fed at most once, no cycle. Checked in a few passes over all of them (ops and ports looked
up once per op, cycles by one topological sort on integers, order.py) instead of a
networkx path search per edge; plain Python (numpy is not imported). The first fault raises :class:`GraphError` naming the node or
edge, before anything is changed.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

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


def check_bulk_edges(
    graph: Graph, nodes: Sequence[Node], edges: Sequence[Edge]
) -> tuple[list[Edge], tuple[list[int], list[int]]]:
    """Raise GraphError for the first edge ``graph.add_edge`` would refuse once ``nodes`` are
    added. Return the edges (an empty port given its target's default port) and, for every
    edge of the graph then, its source's and target's rank in document order."""
    _check_edge_ids(graph, [e.id for e in edges])
    op_of = {n.id: n.op for n in graph.nodes()}
    op_of.update((n.id, n.op) for n in nodes)
    rank = dict(zip(op_of, range(len(op_of)), strict=True))  # document order
    every = [*graph.edges(), *edges]
    try:
        first = list(map(rank.__getitem__, [e.source for e in every]))
        then = list(map(rank.__getitem__, [e.target for e in every]))
    except KeyError:
        raise _first_refused(
            graph, nodes, edges, lambda e: not {e.source, e.target} <= op_of.keys()
        ) from None
    if any(map(operator.eq, first, then)):
        raise _first_refused(graph, nodes, edges, lambda e: e.source == e.target)
    ports = _port_table(set(op_of.values()))
    if "" in {e.port for e in edges}:
        edges = [e if e.port else replace(e, port=ports[op_of[e.target]][0] or "") for e in edges]
        every = [*graph.edges(), *edges]
    # each edge's (target op, port), and whether that port takes many edges
    port_of = [e.port for e in every]
    pairs = list(zip(map(op_of.__getitem__, [e.target for e in every]), port_of, strict=True))
    variadic = {pair: ports[pair[0]][1].get(pair[1]) for pair in set(pairs)}
    if None in variadic.values():
        raise _first_refused(
            graph, nodes, edges, lambda e: variadic.get((op_of[e.target], e.port)) is None
        )
    # a single-input port fed twice: two edges with the same (target, port)
    single = [not variadic[pair] for pair in pairs]
    fed = set(
        zip(itertools.compress(then, single), itertools.compress(port_of, single), strict=True)
    )
    if len(fed) != single.count(True):
        raise _first_refused(graph, nodes, edges)
    weights = [e.weight for e in edges]
    if not (set(map(type, weights)) <= {float} and all(map(math.isfinite, weights))):
        for e in edges:
            check_weight(e.id, e.weight)
    if not is_acyclic(len(rank), first, then):
        raise _cycle_error(every)
    return list(edges), (first, then)


def _check_edge_ids(graph: Graph, ids: list[str]) -> None:
    if len(set(ids)) == len(ids) and all(ids):
        if not graph.edge_count() or not any(map(graph.has_edge, ids)):
            return
    seen: set[str] = set()
    for eid in ids:
        if not eid:
            raise GraphError("an edge needs a non-empty id")
        if eid in seen or graph.has_edge(eid):
            raise GraphError(f"duplicate edge id {eid!r}", edge=eid)
        seen.add(eid)


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


def _first_refused(
    graph: Graph,
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    suspect: Callable[[Edge], bool] = lambda e: True,
) -> GraphError:
    """The error adding the edges one by one gives at the first edge refused (run only once a
    fault is known; ``suspect`` tells which edges may be at fault)."""
    from .graph import Graph as _Graph

    scratch = _Graph()
    for node in [*graph.nodes(), *nodes]:
        scratch.add_node(node)
    for e in graph.edges():
        scratch.add_edge(e)
    for edge in edges:
        if suspect(edge):
            try:
                scratch.add_edge(edge)
            except GraphError as exc:
                return exc
        else:
            scratch.add_edge(edge)
    raise AssertionError("an edge was refused in bulk but not one by one")
