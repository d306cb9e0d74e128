"""The .bpgraph file format (JSON, version 1): parse -> validate -> build, and atomic saving.

Loading never executes anything from a file and never raises anything but
:class:`FileFormatError`, whose message is one line naming the file and the first fault; its
``problems`` list every fault with its node or edge id. Unknown fields are kept (in ``extra``)
and written back. Saving writes a temporary file beside the target and then replaces it, so
a crash mid-save never leaves a half-written file. See docs/file-format.md.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from ..ops import get_op, op_names
from .errors import FileFormatError, GraphError, Problem
from .graph import Edge, Graph, Node
from .groups import read_groups, write_groups

FORMAT_NAME = "backprop-studio"
FORMAT_VERSION = 1
FILE_SUFFIX = ".bpgraph"

_TOP_KNOWN = {
    "format",
    "version",
    "title",
    "description",
    "nodes",
    "edges",
    "loss",
    "data",
    "training",
    "groups",
}
_NODE_KNOWN = {"id", "op", "value", "column", "trainable", "label", "position"}
_EDGE_KNOWN = {"id", "source", "target", "port", "weight", "trainable"}


# --------------------------------------------------------------------------- loading
def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Read a .bpgraph file; raises FileFormatError with a clear one-line message."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileFormatError(name, "no such file") from None
    except IsADirectoryError:
        raise FileFormatError(name, "is a folder, not a file") from None
    except UnicodeDecodeError:
        raise FileFormatError(name, "is not a text file (not UTF-8)") from None
    except OSError as exc:
        raise FileFormatError(name, exc.strerror or str(exc)) from None
    return loads_graph(text, name)


def loads_graph(text: str, source: str = "<text>") -> Graph:
    """Parse .bpgraph JSON text; ``source`` names it in error messages."""
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            source, f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except ValueError as exc:
        raise FileFormatError(source, str(exc)) from None
    return graph_from_dict(doc, source)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid number in a .bpgraph file")


def graph_from_dict(doc: Any, source: str = "<data>") -> Graph:
    """Validate a decoded document and build the Graph, reporting every problem found."""
    if not isinstance(doc, dict):
        raise FileFormatError(source, "is not a Backprop Studio graph (expected a JSON object)")
    if doc.get("format") != FORMAT_NAME:
        raise FileFormatError(
            source,
            f'is not a Backprop Studio graph ("format" is '
            f"{doc.get('format')!r}, expected {FORMAT_NAME!r})",
        )
    version = doc.get("version")
    if not _is_int(version):
        raise FileFormatError(source, f'"version" must be a whole number, not {version!r}')
    if version > FORMAT_VERSION:
        raise FileFormatError(
            source,
            f"was written by a newer Backprop Studio (format version "
            f"{version}; this version reads up to {FORMAT_VERSION})",
        )
    problems: list[Problem] = []
    graph = Graph()
    for key in ("title", "description"):
        value = doc.get(key, "")
        if not isinstance(value, str):
            problems.append(Problem(f'"{key}" must be text, not {value!r}'))
            value = ""
        setattr(graph, key, value)
    graph.extra = {k: v for k, v in doc.items() if k not in _TOP_KNOWN}
    graph.data = _parse_data(doc.get("data", {}), problems)
    training = doc.get("training", {})
    if not isinstance(training, dict):
        problems.append(Problem(f'"training" must be an object, not {training!r}'))
        training = {}
    graph.training = dict(training)

    nodes = doc.get("nodes")
    edges = doc.get("edges", [])
    if not isinstance(nodes, list):
        problems.append(Problem('"nodes" must be a list of nodes'))
        nodes = []
    if not isinstance(edges, list):
        problems.append(Problem('"edges" must be a list of edges'))
        edges = []
    for i, raw in enumerate(nodes):
        node = _parse_node(raw, i, problems)
        if node is not None:
            try:
                graph.add_node(node)
            except GraphError as exc:
                problems.extend(exc.problems)
    parsed_edges = [
        e for i, raw in enumerate(edges) if (e := _parse_edge(raw, i, graph, problems)) is not None
    ]
    cyclic = _cycle_problems(graph, parsed_edges)
    problems.extend(cyclic)
    if not cyclic:
        for edge in parsed_edges:
            try:
                graph.add_edge(edge)
            except GraphError as exc:
                problems.extend(exc.problems)
    loss = doc.get("loss")
    if loss is not None:
        if not isinstance(loss, str):
            problems.append(Problem(f'"loss" must be a node id, not {loss!r}'))
        elif not graph.has_node(loss):
            problems.append(Problem(f'"loss" names missing node {loss!r}', node=loss))
        else:
            graph.loss = loss
    problems.extend(read_groups(doc.get("groups"), graph))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise FileFormatError(source, f"{problems[0].message}{more}", problems)
    graph.revision = graph.structure_revision = 0
    return graph


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _parse_data(data: Any, problems: list[Problem]) -> dict[str, list[float]]:
    if not isinstance(data, dict):
        problems.append(Problem(f'"data" must be an object of columns, not {data!r}'))
        return {}
    columns: dict[str, list[float]] = {}
    for name, col in data.items():
        if not isinstance(col, list) or not all(_is_number(x) for x in col):
            problems.append(Problem(f"data column {name!r} must be a list of numbers"))
            continue
        columns[name] = [float(x) for x in col]
    if len({len(c) for c in columns.values()}) > 1:
        sizes = ", ".join(f"{k}: {len(v)}" for k, v in columns.items())
        problems.append(Problem(f"data columns have different lengths ({sizes})"))
    return columns


def _parse_node(raw: Any, i: int, problems: list[Problem]) -> Node | None:
    if not isinstance(raw, dict):
        problems.append(Problem(f"node #{i + 1} must be an object, not {raw!r}"))
        return None
    nid = raw.get("id")
    if not isinstance(nid, str) or not nid:
        problems.append(Problem(f'node #{i + 1} needs an "id" (text)'))
        return None
    op = raw.get("op")
    spec = get_op(op) if isinstance(op, str) else None
    if spec is None:
        problems.append(
            Problem(
                f"node {nid!r} has unknown op {op!r} (known ops: {', '.join(op_names())})", node=nid
            )
        )
        return None
    before = len(problems)
    value = raw.get("value")
    if value is not None:
        if isinstance(value, list):
            if not all(_is_number(x) for x in value):
                problems.append(
                    Problem(f'node {nid!r}: "value" must contain only numbers', node=nid)
                )
            else:
                value = [float(x) for x in value]
        elif _is_number(value):
            value = float(value)
        else:
            problems.append(
                Problem(
                    f'node {nid!r}: "value" must be a number or a list of numbers, not {value!r}',
                    node=nid,
                )
            )
    column = raw.get("column")
    if column is not None and not isinstance(column, str):
        problems.append(Problem(f'node {nid!r}: "column" must be a column name', node=nid))
    trainable = raw.get("trainable", spec.trainable_default)
    if not isinstance(trainable, bool):
        problems.append(Problem(f'node {nid!r}: "trainable" must be true or false', node=nid))
    label = raw.get("label", "")
    if not isinstance(label, str):
        problems.append(Problem(f'node {nid!r}: "label" must be text', node=nid))
    position = raw.get("position", [0, 0])
    if not (
        isinstance(position, list) and len(position) == 2 and all(_is_number(p) for p in position)
    ):
        problems.append(Problem(f'node {nid!r}: "position" must be [x, y]', node=nid))
    if len(problems) > before:
        return None
    extra = {k: v for k, v in raw.items() if k not in _NODE_KNOWN}
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


def _parse_edge(raw: Any, i: int, graph: Graph, problems: list[Problem]) -> Edge | None:
    if not isinstance(raw, dict):
        problems.append(Problem(f"edge #{i + 1} must be an object, not {raw!r}"))
        return None
    eid = raw.get("id", f"e{i + 1}")
    if not isinstance(eid, str) or not eid:
        problems.append(Problem(f'edge #{i + 1}: "id" must be text'))
        return None
    before = len(problems)
    for end in ("source", "target"):
        ref = raw.get(end)
        if not isinstance(ref, str):
            problems.append(Problem(f'edge {eid!r} needs a "{end}" node id', edge=eid))
        elif not graph.has_node(ref):
            problems.append(Problem(f"edge {eid!r}: {end} {ref!r} is not a node", edge=eid))
    port = raw.get("port")
    if port is not None and not isinstance(port, str):
        problems.append(Problem(f'edge {eid!r}: "port" must be a port name', edge=eid))
    weight = raw.get("weight", 1.0)
    if not _is_number(weight):
        problems.append(
            Problem(f'edge {eid!r}: "weight" must be a number, not {weight!r}', edge=eid)
        )
    trainable = raw.get("trainable", False)
    if not isinstance(trainable, bool):
        problems.append(Problem(f'edge {eid!r}: "trainable" must be true or false', edge=eid))
    if len(problems) > before:
        return None
    extra = {k: v for k, v in raw.items() if k not in _EDGE_KNOWN}
    return Edge(
        id=eid,
        source=raw["source"],
        target=raw["target"],
        port=port or "",
        weight=float(weight),
        trainable=trainable,
        extra=extra,
    )


def _cycle_problems(graph: Graph, edges: list[Edge]) -> list[Problem]:
    g = nx.MultiDiGraph()
    g.add_nodes_from(n.id for n in graph.nodes())
    g.add_edges_from((e.source, e.target, e.id) for e in edges)
    if nx.is_directed_acyclic_graph(g):  # ~10 ms at 4,000 edges; find_cycle takes ~0.5 s
        return []
    try:
        cycle = nx.find_cycle(g)
    except nx.NetworkXNoCycle:
        return []
    names = [u for u, _, _ in cycle] + [cycle[0][0]]
    return [
        Problem(
            f"the edges make a cycle: {' -> '.join(names)} (edges "
            f"{', '.join(repr(k) for _, _, k in cycle)})",
            node=cycle[0][0],
            edge=cycle[0][2],
        )
    ]


# --------------------------------------------------------------------------- saving
def graph_to_dict(graph: Graph) -> dict[str, Any]:
    """The document as plain JSON data, in a stable field order."""
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": graph.title,
        "description": graph.description,
    }
    doc["nodes"] = [_node_dict(n) for n in graph.nodes()]
    doc["edges"] = [_edge_dict(e) for e in graph.edges()]
    if graph.loss is not None:
        doc["loss"] = graph.loss
    if graph.data:
        doc["data"] = {k: list(v) for k, v in graph.data.items()}
    if graph.training:
        doc["training"] = dict(graph.training)
    groups = write_groups(graph)
    if groups:
        doc["groups"] = groups
    for k, v in graph.extra.items():
        doc.setdefault(k, v)
    return doc


def _node_dict(n: Node) -> dict[str, Any]:
    d: dict[str, Any] = {"id": n.id, "op": n.op}
    if n.label:
        d["label"] = n.label
    if n.value is not None:
        d["value"] = list(n.value) if isinstance(n.value, list) else n.value
    if n.column is not None:
        d["column"] = n.column
    if n.op == "parameter" or n.trainable:
        d["trainable"] = n.trainable
    d["position"] = [n.position[0], n.position[1]]
    for k, v in n.extra.items():
        d.setdefault(k, v)
    return d


def _edge_dict(e: Edge) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": e.id,
        "source": e.source,
        "target": e.target,
        "port": e.port,
        "weight": e.weight,
        "trainable": e.trainable,
    }
    for k, v in e.extra.items():
        d.setdefault(k, v)
    return d


def dumps_graph(graph: Graph) -> str:
    """Readable, diff-friendly JSON: one node, edge or data column per line."""
    doc = graph_to_dict(graph)
    lines = ["{"]
    items = list(doc.items())
    for k, (key, value) in enumerate(items):
        comma = "," if k < len(items) - 1 else ""
        head = f"  {_compact(key)}: "
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            inner = ",\n".join(f"    {_compact(v)}" for v in value)
            lines.append(f"{head}[\n{inner}\n  ]{comma}")
        elif isinstance(value, dict) and value and key == "data":
            inner = ",\n".join(f"    {_compact(c)}: {_compact(v)}" for c, v in value.items())
            lines.append(f"{head}{{\n{inner}\n  }}{comma}")
        else:
            lines.append(f"{head}{_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def save_graph(graph: Graph, path: str | os.PathLike[str]) -> None:
    """Write atomically: a temporary file in the same folder, then replace the target."""
    write_text_atomic(path, dumps_graph(graph))


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
