"""The records of a .bpgraph document: its data columns, nodes and edges, parsed one by one.

Each parser appends a :class:`Problem` (naming the node or edge) for every fault it finds and
returns None for a record it cannot use, so the loader in fileio.py can report every fault at
once. Values from the file appear in messages shortened (:func:`short_repr`).
"""

from __future__ import annotations

from typing import Any

from ..ops import get_op, op_names
from .errors import Problem, one_line, short_repr
from .graph import Edge, Graph, Node
from .graph_rules import is_finite_number
from .safe_json import fields_fault, text_fault

_ALL_NUMBERS = object()  # what a search for a non-number finds in a list of numbers
NODE_KNOWN = {"id", "op", "value", "column", "trainable", "label", "position"}
EDGE_KNOWN = {"id", "source", "target", "port", "weight", "trainable"}


def is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return is_finite_number(x)


def _not_number(x: Any) -> str:
    """``x`` for a message saying it is not a usable number."""
    if is_int(x):  # a whole number too large for a float
        return f"{short_repr(x)} (too large: the largest is about 1.8e308)"
    return short_repr(x)


def parse_data(data: Any, problems: list[Problem]) -> dict[str, list[float]]:
    if not isinstance(data, dict):
        problems.append(Problem(f'"data" must be an object of columns, not {short_repr(data)}'))
        return {}
    columns: dict[str, list[float]] = {}
    for name, col in data.items():
        if fault := text_fault(name):
            problems.append(Problem(f"a data column name {fault}"))
            continue
        if not isinstance(col, list):
            problems.append(Problem(f"data column {short_repr(name)} must be a list of numbers"))
            continue
        bad = next((x for x in col if not _is_number(x)), _ALL_NUMBERS)
        if bad is not _ALL_NUMBERS:
            problems.append(
                Problem(
                    f"data column {short_repr(name)} must be a list of numbers, not "
                    f"{_not_number(bad)}"
                )
            )
            continue
        columns[name] = [float(x) for x in col]
    if len({len(c) for c in columns.values()}) > 1:
        sizes = ", ".join(f"{short_repr(k, 30)}: {len(v)}" for k, v in list(columns.items())[:6])
        if len(columns) > 6:
            sizes += f", and {len(columns) - 6} more"
        problems.append(Problem(f"data columns have different lengths ({sizes})"))
    return columns


def parse_node(raw: Any, i: int, problems: list[Problem]) -> Node | None:
    if not isinstance(raw, dict):
        problems.append(Problem(f"node #{i + 1} must be an object, not {short_repr(raw)}"))
        return None
    nid = raw.get("id")
    if not isinstance(nid, str) or not nid:
        problems.append(Problem(f'node #{i + 1} needs an "id" (text)'))
        return None
    if fault := text_fault(nid):
        problems.append(Problem(f"node #{i + 1}: its id {short_repr(nid)} {fault}", node=nid))
        return None
    op = raw.get("op")
    spec = get_op(op) if isinstance(op, str) else None
    if spec is None:
        problems.append(
            Problem(
                f"node {short_repr(nid)} has unknown op {short_repr(op)} "
                f"(known ops: {', '.join(op_names())})",
                node=nid,
            )
        )
        return None
    before = len(problems)
    value = raw.get("value")
    if value is not None:
        if isinstance(value, list):
            if not all(_is_number(x) for x in value):
                bad = next((x for x in value if not _is_number(x)), None)
                problems.append(
                    Problem(
                        f'node {short_repr(nid)}: "value" must contain only numbers, not '
                        f"{_not_number(bad)}",
                        node=nid,
                    )
                )
            else:
                value = [float(x) for x in value]
        elif _is_number(value):
            value = float(value)
        else:
            problems.append(
                Problem(
                    f'node {short_repr(nid)}: "value" must be a number or a list of numbers, '
                    f"not {_not_number(value)}",
                    node=nid,
                )
            )
    column = raw.get("column")
    if column is not None and (not isinstance(column, str) or text_fault(column)):
        problems.append(
            Problem(f'node {short_repr(nid)}: "column" must be a column name', node=nid)
        )
    trainable = raw.get("trainable", spec.trainable_default)
    if not isinstance(trainable, bool):
        problems.append(
            Problem(f'node {short_repr(nid)}: "trainable" must be true or false', node=nid)
        )
    label = raw.get("label", "")
    if not isinstance(label, str):
        problems.append(Problem(f'node {short_repr(nid)}: "label" must be text', node=nid))
    elif fault := text_fault(label):
        problems.append(Problem(f'node {short_repr(nid)}: "label" {fault}', node=nid))
    position = raw.get("position", [0, 0])
    if not (
        isinstance(position, list) and len(position) == 2 and all(_is_number(p) for p in position)
    ):
        shown = short_repr(position)
        if isinstance(position, list) and len(position) == 2:
            shown = _not_number(next(p for p in position if not _is_number(p)))
        problems.append(
            Problem(
                f'node {short_repr(nid)}: "position" must be [x, y] (finite numbers), not {shown}',
                node=nid,
            )
        )
    extra = {k: v for k, v in raw.items() if k not in NODE_KNOWN}
    if fault := fields_fault(extra):
        problems.append(Problem(f"node {short_repr(nid)}: {fault}", node=nid))
    if len(problems) > before:
        return None
    return Node(
        id=nid,
        op=op,
        label=label,
        value=value,
        column=column,
        trainable=trainable,
        position=(float(position[0]), float(position[1])),
        extra=extra,
    )


def parse_edge(raw: Any, i: int, graph: Graph, problems: list[Problem]) -> Edge | None:
    if not isinstance(raw, dict):
        problems.append(Problem(f"edge #{i + 1} must be an object, not {short_repr(raw)}"))
        return None
    eid = raw.get("id", f"e{i + 1}")
    if not isinstance(eid, str) or not eid:
        problems.append(Problem(f'edge #{i + 1}: "id" must be text'))
        return None
    if fault := text_fault(eid):
        problems.append(Problem(f"edge #{i + 1}: its id {short_repr(eid)} {fault}", edge=eid))
        return None
    before = len(problems)
    for end in ("source", "target"):
        ref = raw.get(end)
        if not isinstance(ref, str):
            problems.append(Problem(f'edge {short_repr(eid)} needs a "{end}" node id', edge=eid))
        elif not graph.has_node(ref):
            problems.append(
                Problem(f"edge {short_repr(eid)}: {end} {short_repr(ref)} is not a node", edge=eid)
            )
    port = raw.get("port")
    if port is not None and (not isinstance(port, str) or text_fault(port)):
        problems.append(Problem(f'edge {short_repr(eid)}: "port" must be a port name', edge=eid))
    weight = raw.get("weight", 1.0)
    if not _is_number(weight):
        problems.append(
            Problem(
                f'edge {short_repr(eid)}: "weight" must be a number, not {_not_number(weight)}',
                edge=eid,
            )
        )
    trainable = raw.get("trainable", False)
    if not isinstance(trainable, bool):
        problems.append(
            Problem(f'edge {short_repr(eid)}: "trainable" must be true or false', edge=eid)
        )
    extra = {k: v for k, v in raw.items() if k not in EDGE_KNOWN}
    if fault := fields_fault(extra):
        problems.append(Problem(f"edge {short_repr(eid)}: {fault}", edge=eid))
    if len(problems) > before:
        return None
    return Edge(
        id=eid,
        source=raw["source"],
        target=raw["target"],
        port=port or "",
        weight=float(weight),
        trainable=trainable,
        extra=extra,
    )


def cycle_problems(graph: Graph, edges: list[Edge]) -> list[Problem]:
    import networkx as nx  # here: a valid file loads through file_bulk.py without it

    g = nx.MultiDiGraph()
    g.add_nodes_from(n.id for n in graph.nodes())
    g.add_edges_from((e.source, e.target, e.id) for e in edges)
    if nx.is_directed_acyclic_graph(g):  # ~10 ms at 4,000 edges; find_cycle takes ~0.5 s
        return []
    try:
        cycle = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return []
    names = [one_line(u, 30) for u, _, _ in cycle[:8]] + [one_line(cycle[0][0], 30)]
    if len(cycle) > 8:
        names[-1:-1] = [f"... ({len(cycle) - 8} more)"]
    keys = ", ".join(short_repr(k, 30) for _, _, k in cycle[:8])
    more = f" and {len(cycle) - 8} more" if len(cycle) > 8 else ""
    return [
        Problem(
            f"the edges make a cycle: {' -> '.join(names)} (edges {keys}{more})",
            node=cycle[0][0],
            edge=cycle[0][2],
        )
    ]
