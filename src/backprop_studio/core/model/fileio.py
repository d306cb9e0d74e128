"""The .bpgraph file format (JSON, version 1): parse -> validate -> build, and atomic saving.

Loading never executes anything from a file and never raises anything but
:class:`FileFormatError`, whose message is one line naming the file and the first fault; its
``problems`` list every fault with its node or edge id. Unknown fields are kept (in ``extra``)
and written back. Saving writes a temporary file beside the target and then replaces it, so
a crash mid-save never leaves a half-written file. See docs/file-format.md.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from .collector import paused_gc
from .errors import FileFormatError, GraphError, Problem, one_line, short_repr
from .file_bulk import fast_records
from .file_records import cycle_problems, is_int, parse_data, parse_edge, parse_node
from .graph import Edge, Graph, Node
from .groups import read_groups, write_groups
from .safe_json import fields_fault, plain_fault, text_fault

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


# --------------------------------------------------------------------------- loading
MAX_FILE_BYTES = 1 << 30  # 1 GB: anything larger is refused before it is read

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_openable(path: str | os.PathLike[str]) -> os.stat_result:
    """Refuse, before reading anything, what cannot be a .bpgraph file: a missing file, a
    folder, a named pipe, a device, a socket, a symlink loop, or a file over 1 GB. Raises
    FileFormatError (one line naming the file); returns the file's stat otherwise. Every way
    of opening a file (load_graph, the app's File > Open) goes through here."""
    name = os.fspath(path) if not isinstance(path, bytes) else os.fsdecode(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileFormatError(name, "no such file") from None
    except OSError as exc:  # permission, symlink loop (ELOOP), name too long ...
        raise FileFormatError(name, _os_reason(exc)) from None
    except ValueError:  # an embedded NUL character
        raise FileFormatError(name, "is not a valid file name") from None
    _check_stat(name, info)
    return info


def _check_stat(name: str, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileFormatError(name, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((k for test, k in _KINDS if test(info.st_mode)), "a special file")
        raise FileFormatError(name, f"is {kind}, not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise FileFormatError(
            name, f"is too large ({info.st_size / 2**30:.1f} GB; files over 1 GB are refused)"
        )


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that leads to itself (a symlink loop)"
    return exc.strerror or str(exc)


def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Read a .bpgraph file; raises FileFormatError with a clear one-line message."""
    check_openable(path)
    name = os.fspath(path)
    try:
        # O_NONBLOCK: should a pipe replace the file after the check, opening it cannot hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise FileFormatError(name, _os_reason(exc)) from None
    try:
        with os.fdopen(fd, "rb") as fh:
            opened = os.fstat(fh.fileno())
            _check_stat(name, opened)  # the file opened is the file checked
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(name, _os_reason(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(name, "is too large (files over 1 GB are refused)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(name, "is not a text file (not UTF-8)") from None
    return loads_graph(text, name)


def loads_graph(text: str, source: str = "<text>") -> Graph:
    """Parse .bpgraph JSON text; ``source`` names it in error messages. A leading byte order
    mark (which editors on Windows write) is skipped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    with paused_gc():  # millions of objects, no cycles among them: see paused_gc
        return _loads_graph(text, source)


BIG_TEXT = 1 << 20  # characters; below this json's parse takes a few milliseconds


class _NotPlain(Exception):
    """The document is not plainly valid: the stdlib parser and the full validation decide."""


def _loads_graph(text: str, source: str) -> Graph:
    if len(text) >= BIG_TEXT:
        graph = _loads_plain(text, source)
        if graph is not None:
            return graph
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            source, f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise FileFormatError(
            source, "is nested too deeply to be a Backprop Studio graph"
        ) from None
    except ValueError as exc:  # NaN / Infinity, or an integer of more than 4300 digits
        raise FileFormatError(source, one_line(str(exc), 120)) from None
    return graph_from_dict(doc, source)


def _loads_plain(text: str, source: str) -> Graph | None:
    """A big, plainly valid document parsed by orjson (a well-known JSON parser written in
    Rust, 1.5-2x the stdlib's speed on a 100,000-node file) and built by the bulk path, or
    None: orjson missing, or the text anything but a plainly valid graph (broken JSON, a
    record the bulk path does not take, any problem at all). Then the stdlib parser and the
    record-by-record validation run as for any file, so every error message is theirs. (The
    two parsers agree on valid JSON, except that orjson reads an integer beyond 64 bits as a
    float: every number of a graph is a float anyway.)"""
    try:
        import orjson
    except ImportError:  # an optional speed-up: the stdlib parser gives the same graph
        return None
    try:
        doc = orjson.loads(text)
    except (orjson.JSONDecodeError, RecursionError):
        return None
    try:
        return graph_from_dict(doc, source, plain_only=True)
    except (FileFormatError, _NotPlain):
        return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid number in a .bpgraph file")


def graph_from_dict(doc: Any, source: str = "<data>", plain_only: bool = False) -> Graph:
    """Validate a decoded document and build the Graph, reporting every problem found.
    ``plain_only``: raise _NotPlain rather than validate record by record."""
    if not isinstance(doc, dict):
        raise FileFormatError(source, "is not a Backprop Studio graph (expected a JSON object)")
    if doc.get("format") != FORMAT_NAME:
        raise FileFormatError(
            source,
            f'is not a Backprop Studio graph ("format" is '
            f"{short_repr(doc.get('format'))}, expected {FORMAT_NAME!r})",
        )
    version = doc.get("version")
    if not is_int(version):
        raise FileFormatError(
            source, f'"version" must be a whole number, not {short_repr(version)}'
        )
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
            problems.append(Problem(f'"{key}" must be text, not {short_repr(value)}'))
            value = ""
        elif fault := text_fault(value):
            problems.append(Problem(f'"{key}" {fault}'))
            value = ""
        setattr(graph, key, value)
    graph.extra = {k: v for k, v in doc.items() if k not in _TOP_KNOWN}
    if fault := fields_fault(graph.extra):
        problems.append(Problem(f"top-level {fault}"))
    graph.data = parse_data(doc.get("data", {}), problems)
    training = doc.get("training", {})
    if not isinstance(training, dict):
        problems.append(Problem(f'"training" must be an object, not {short_repr(training)}'))
        training = {}
    elif fault := plain_fault(training):
        problems.append(Problem(f'the "training" section {fault}'))
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
    bulk = fast_records(nodes, edges)
    if bulk is not None:
        try:
            graph.add_bulk(*bulk)  # all or nothing: on a fault the graph is still empty
        except GraphError:
            bulk = None  # the record-by-record path below names the fault
    if bulk is None:
        if plain_only:
            raise _NotPlain
        _add_records(graph, nodes, edges, problems)
    loss = doc.get("loss")
    if loss is not None:
        if not isinstance(loss, str):
            problems.append(Problem(f'"loss" must be a node id, not {short_repr(loss)}'))
        elif not graph.has_node(loss):
            problems.append(Problem(f'"loss" names missing node {short_repr(loss)}', node=loss))
        else:
            graph.loss = loss
    problems.extend(read_groups(doc.get("groups"), graph))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise FileFormatError(source, f"{problems[0].message}{more}", problems)
    graph.revision = graph.structure_revision = 0
    return graph


def _add_records(graph: Graph, nodes: list, edges: list, problems: list[Problem]) -> None:
    """Record by record: every fault of every node and edge reported, naming it."""
    for i, raw in enumerate(nodes):
        node = parse_node(raw, i, problems)
        if node is not None:
            try:
                graph.add_node(node)
            except GraphError as exc:
                problems.extend(exc.problems)
    parsed_edges = [
        e for i, raw in enumerate(edges) if (e := parse_edge(raw, i, graph, problems)) is not None
    ]
    cyclic = cycle_problems(graph, parsed_edges)
    problems.extend(cyclic)
    if not cyclic:
        for edge in parsed_edges:
            try:
                graph.add_edge(edge)
            except GraphError as exc:
                problems.extend(exc.problems)


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
