"""The names people give parameters: a weight feeding a product is w1, w2, ...; a bias
feeding a sum is b (then b2, b3, ...). Pure functions of the graph; the editor applies the
suggestion when a parameter without a name of its own gets its first edge."""

from __future__ import annotations

from .graph import Graph

PREFIX_BY_OP = {"mul": "w", "add": "b"}


def _taken(graph: Graph, except_id: str) -> set[str]:
    names = set()
    for n in graph.nodes():
        if n.id != except_id:
            names |= {n.display_name, n.id}
    return names


def suggest_parameter_label(graph: Graph, source: str, target: str) -> str | None:
    """A label for parameter ``source`` about to feed ``target``, or None to keep its name
    (not a parameter, already named, already connected, already called that way, or an op
    that suggests nothing)."""
    if not (graph.has_node(source) and graph.has_node(target)):
        return None
    node = graph.node(source)
    if node.op != "parameter" or node.label:
        return None
    if any(e.source == source for e in graph.edges()):
        return None
    prefix = PREFIX_BY_OP.get(graph.node(target).op)
    if prefix is None:
        return None
    rest = node.id[len(prefix) :]
    if node.id.startswith(prefix) and (rest == "" or rest.isdigit()):
        return None  # already w3 (the editor's own id for a parameter) or b
    taken = _taken(graph, source)
    if prefix == "b" and "b" not in taken:
        return "b"
    n = 1 if prefix == "w" else 2
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"
