"""The Graph's rules for single values and single edges: fresh ids, finite weights, node
values, whether an edge may be added (connect_error).

Kept apart from graph.py (the Graph itself) so that module stays short; graph.py imports
these under their old private names. Invalid input raises :class:`GraphError` naming the
node or edge at fault.
"""

from __future__ import annotations

import itertools
import math
import sys
from typing import TYPE_CHECKING, Any

from ..ops import get_op
from ..texts import fill, translate
from .errors import GraphError, short_repr

if TYPE_CHECKING:
    from .graph import Graph, Node


def fresh_id(prefix: str, taken: dict[str, Any]) -> str:
    """The first of ``prefix1``, ``prefix2``, ... not in ``taken``."""
    for i in itertools.count(1):
        candidate = f"{prefix}{i}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


_LARGEST = sys.float_info.max


def is_finite_number(x: Any) -> bool:
    """A finite int or float (not a bool); a whole number too large for a float is not."""
    kind = type(x)
    if kind is float:  # the common cases first: this runs for every number of a file
        return math.isfinite(x)
    if kind is int:
        return -_LARGEST <= x <= _LARGEST  # exact comparison, no conversion
    if isinstance(x, bool) or not isinstance(x, int | float):
        return False
    try:
        return math.isfinite(x)
    except OverflowError:  # an int beyond the float range (1e309 written as digits)
        return False


def check_weight(edge_id: str, weight: float) -> None:
    """An edge weight must be a finite number."""
    if not is_finite_number(weight):
        raise GraphError(
            fill(
                translate("Graph", "edge %1: weight must be a finite number, not %2"),
                short_repr(edge_id),
                short_repr(weight),
            ),
            edge=edge_id,
        )


def check_value(node: Node) -> None:
    """Values must be finite numbers (a list of them for an input batch)."""
    v = node.value
    if v is None:
        return
    spec = get_op(node.op)
    if spec is not None and not spec.has_value:
        text = translate("Graph", "node %1 (%2) does not take a value")
        raise GraphError(fill(text, repr(node.id), node.op), node=node.id)
    items = v if isinstance(v, list) else [v]
    if isinstance(v, list) and node.op != "input":
        text = translate("Graph", "node %1: a parameter value must be one number")
        raise GraphError(fill(text, repr(node.id)), node=node.id)
    if isinstance(v, list) and not v:
        text = translate("Graph", "node %1: a batch needs at least one value")
        raise GraphError(fill(text, repr(node.id)), node=node.id)
    for x in items:
        if not is_finite_number(x):
            raise GraphError(
                fill(
                    translate("Graph", "node %1: value must be a finite number, not %2"),
                    short_repr(node.id),
                    short_repr(x),
                ),
                node=node.id,
            )


def connect_error(
    graph: Graph, source: str, target: str, port: str | None, ignore_edge: str | None = None
) -> str | None:
    """Why an edge source -> target.port would be refused, or None if it is allowed."""
    if not graph.has_node(source):
        return fill(translate("Graph", "edge from missing node %1"), repr(source))
    if not graph.has_node(target):
        return fill(translate("Graph", "edge to missing node %1"), repr(target))
    spec = graph.node(target).spec
    if port is None:
        port = spec.default_port
        if port is None:
            if not spec.ports:
                return fill(
                    translate("Graph", "node %1 (%2) has no inputs"), repr(target), spec.name
                )
            return fill(
                translate("Graph", "node %1 (%2) needs a port: one of %3"),
                repr(target),
                spec.name,
                ", ".join(spec.port_names),
            )
    port_spec = spec.port(port)
    if port_spec is None:
        if not spec.ports:
            return fill(translate("Graph", "node %1 (%2) has no inputs"), repr(target), spec.name)
        return fill(
            translate("Graph", "node %1 (%2) has no port %3; its ports are %4"),
            repr(target),
            spec.name,
            repr(port),
            ", ".join(spec.port_names),
        )
    if not port_spec.variadic:
        taken = [e for e in graph.in_edges(target, port) if e.id != ignore_edge]
        if taken:
            return fill(
                translate("Graph", "port %1 of node %2 already has an input (edge %3)"),
                repr(port),
                repr(target),
                repr(taken[0].id),
            )
    if source == target:
        return fill(
            translate("Graph", "an edge from %1 to itself would make a cycle"), repr(source)
        )
    # a path target -> source needs an edge leaving target and one entering source
    if graph.out_edges(target) and graph.in_edges(source):
        import networkx as nx  # the first edit that can close a cycle builds nx_graph

        g = graph.nx_graph
        if not nx.has_path(g, target, source):
            return None
        path = nx.shortest_path(g, target, source)
        cycle = " -> ".join([*path, target])
        return fill(translate("Graph", "that edge would make a cycle: %1"), cycle)
    return None
