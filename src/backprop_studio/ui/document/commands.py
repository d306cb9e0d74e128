"""Undoable edits: one QUndoCommand per user action, each calling Graph methods only.

Every command captures what it needs to put the document back exactly as it was (node and
edge document order via ``graph.order_of``, the loss field a deleted node took with it), so
undoing everything returns a document whose ``fileio.dumps_graph`` text is identical to the
original. A command whose first ``redo`` raises ``GraphError`` changes nothing: the Graph
refuses invalid edits before touching anything, and multi-step commands roll back.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...core.model.errors import GraphError
from ...core.model.graph import Edge, Graph, Node


def _tr(text: str) -> str:
    """An undo text in the UI language (the literals are extracted by update_translations)."""
    return QCoreApplication.translate("Commands", text)


Point = tuple[float, float]
Batch = Callable[[], AbstractContextManager]  # gathers the views' updates of a bulk move
MOVE_COMMAND_ID = 0x6270_0001
MERGE_WINDOW_S = 1.5  # mergeable moves further apart than this stay separate steps
NUDGE_MAX = 50.0  # a move of at most this many px along one axis counts as a key nudge


class GraphCommand(QUndoCommand):
    """Base class: holds the graph and a readable text for the Edit menu and history.

    Subclasses implement ``do()`` and ``undo()``. :func:`push_command` runs ``do()`` before
    handing the command to the stack (whose ``push`` calls ``redo()``, skipped that once), so a
    refused edit raises GraphError before the stack ever sees it: PySide would otherwise keep
    a command whose redo raised."""

    def __init__(self, graph: Graph, text: str) -> None:
        super().__init__(text)
        self.graph = graph
        self._skip_redo = False

    def do(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.do()


def push_command(stack: QUndoStack, command: QUndoCommand) -> None:
    """Apply ``command`` and add it to ``stack``; raises GraphError (nothing changed) if the
    graph refuses it."""
    if isinstance(command, GraphCommand):
        command.do()
        command._skip_redo = True
    stack.push(command)


class AddItemsCommand(GraphCommand):
    """Add nodes and edges (a new node, a new edge, a paste, a duplicate)."""

    def __init__(
        self,
        graph: Graph,
        nodes: Iterable[Node] = (),
        edges: Iterable[Edge] = (),
        text: str = "",
    ) -> None:
        super().__init__(graph, text or _tr("Add"))
        self.nodes = list(nodes)
        self.edges = list(edges)
        self._orders: dict[str, float] = {}

    def do(self) -> None:
        added_nodes: list[str] = []
        added_edges: list[str] = []
        try:
            for node in self.nodes:
                self.graph.add_node(node, order=self._orders.get(node.id))
                added_nodes.append(node.id)
            for i, edge in enumerate(self.edges):
                # the graph fills an omitted port; keep what it stored for an exact redo
                self.edges[i] = self.graph.add_edge(edge, order=self._orders.get(edge.id))
                added_edges.append(edge.id)
        except GraphError:
            for eid in reversed(added_edges):
                self.graph.remove_edge(eid)
            for nid in reversed(added_nodes):
                self.graph.remove_node(nid)
            raise
        for item_id in added_nodes + added_edges:
            self._orders[item_id] = self.graph.order_of(item_id)

    def undo(self) -> None:
        for edge in reversed(self.edges):
            self.graph.remove_edge(edge.id)
        for node in reversed(self.nodes):
            self.graph.remove_node(node.id)


class DeleteCommand(GraphCommand):
    """Delete nodes (with every edge touching them) and edges; undo restores document order."""

    def __init__(self, graph: Graph, node_ids: Iterable[str], edge_ids: Iterable[str] = ()) -> None:
        node_set = [nid for nid in dict.fromkeys(node_ids) if graph.has_node(nid)]
        edge_set = {eid for eid in edge_ids if graph.has_edge(eid)}
        for nid in node_set:
            edge_set.update(e.id for e in graph.in_edges(nid))
            edge_set.update(e.id for e in graph.out_edges(nid))
        super().__init__(graph, _delete_text(len(node_set), len(edge_set)))
        self.nodes = [(graph.node(nid), graph.order_of(nid)) for nid in node_set]
        self.edges = sorted(
            ((graph.edge(eid), graph.order_of(eid)) for eid in edge_set), key=lambda p: p[1]
        )
        self.old_loss = graph.loss

    @property
    def is_empty(self) -> bool:
        return not self.nodes and not self.edges

    def do(self) -> None:
        for edge, _ in reversed(self.edges):
            self.graph.remove_edge(edge.id)
        for node, _ in self.nodes:
            self.graph.remove_node(node.id)

    def undo(self) -> None:
        for node, order in sorted(self.nodes, key=lambda p: p[1]):
            self.graph.add_node(node, order=order)
        for edge, order in self.edges:
            self.graph.add_edge(edge, order=order)
        if self.graph.loss != self.old_loss:
            self.graph.set_meta(loss=self.old_loss)


def _delete_text(n_nodes: int, n_edges: int) -> str:
    parts = []
    if n_nodes:
        parts.append(
            (_tr("%1 nodes") if n_nodes != 1 else _tr("%1 node")).replace("%1", str(n_nodes))
        )
    if n_edges:
        parts.append(
            (_tr("%1 edges") if n_edges != 1 else _tr("%1 edge")).replace("%1", str(n_edges))
        )
    if not parts:
        return _tr("Delete nothing")
    what = (
        parts[0]
        if len(parts) == 1
        else _tr("%1 and %2").replace("%1", parts[0]).replace("%2", parts[1])
    )
    return _tr("Delete %1").replace("%1", what)


def is_nudge(moves: Mapping[str, tuple[Point, Point]]) -> bool:
    """Whether a move looks like an arrow-key nudge: every node by the same small step along
    one axis (such moves of the same nodes in quick succession merge into one undo step)."""
    deltas = {(b[0] - a[0], b[1] - a[1]) for a, b in moves.values()}
    if len(deltas) != 1:
        return False
    dx, dy = deltas.pop()
    return (dx == 0) != (dy == 0) and max(abs(dx), abs(dy)) <= NUDGE_MAX


class MoveNodesCommand(GraphCommand):
    """Move nodes: one undo step per drag. ``mergeable`` moves of the same nodes in quick
    succession (key nudges) merge into one step; a merge back to the start is dropped."""

    def __init__(
        self,
        graph: Graph,
        moves: Mapping[str, tuple[Point, Point]],
        text: str = "",
        mergeable: bool = False,
        batch: Batch | None = None,
    ) -> None:
        n = len(moves)
        moved = _tr("Move %1 nodes") if n != 1 else _tr("Move %1 node")
        super().__init__(graph, text or moved.replace("%1", str(n)))
        self.moves = {
            nid: ((float(a[0]), float(a[1])), (float(b[0]), float(b[1])))
            for nid, (a, b) in moves.items()
        }
        self.mergeable = mergeable
        self.stamp = time.monotonic()
        # the canvas bends each edge once after all the nodes moved (not once per node)
        self.batch: Batch = batch or nullcontext

    def id(self) -> int:
        return MOVE_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802  (Qt's name)
        if not (
            isinstance(other, MoveNodesCommand)
            and self.mergeable
            and other.mergeable
            and other.graph is self.graph
            and set(other.moves) == set(self.moves)
            and other.stamp - self.stamp <= MERGE_WINDOW_S
        ):
            return False
        self.stamp = other.stamp
        self.moves = {nid: (old, other.moves[nid][1]) for nid, (old, _) in self.moves.items()}
        if all(old == new for old, new in self.moves.values()):
            self.setObsolete(True)
        return True

    def do(self) -> None:
        with self.batch():  # one node_changed event per node, as update_node gives
            self.graph.set_positions({nid: new for nid, (_, new) in self.moves.items()})

    def undo(self) -> None:
        with self.batch():
            self.graph.set_positions({nid: old for nid, (old, _) in self.moves.items()})


class SetNodeFieldsCommand(GraphCommand):
    """Change a node's label, value, column, trainable (or position) in one step."""

    def __init__(self, graph: Graph, node_id: str, text: str = "", **changes: Any) -> None:
        node = graph.node(node_id)
        edit = _tr("Edit %1 of %2").replace("%1", ", ".join(changes))
        super().__init__(graph, text or edit.replace("%2", node.display_name))
        self.node_id = node_id
        self.new = dict(changes)
        self.old = {k: getattr(node, k) for k in changes}

    def do(self) -> None:
        self.graph.update_node(self.node_id, **self.new)

    def undo(self) -> None:
        self.graph.update_node(self.node_id, **self.old)


class SetEdgeFieldsCommand(GraphCommand):
    """Change an edge's weight and/or trainable flag in one step."""

    def __init__(self, graph: Graph, edge_id: str, text: str = "", **changes: Any) -> None:
        edge = graph.edge(edge_id)
        edit = _tr("Edit %1 of edge %2").replace("%1", ", ".join(changes))
        super().__init__(graph, text or edit.replace("%2", edge_id))
        self.edge_id = edge_id
        self.new = dict(changes)
        self.old = {k: getattr(edge, k) for k in changes}

    def do(self) -> None:
        self.graph.update_edge(self.edge_id, **self.new)

    def undo(self) -> None:
        self.graph.update_edge(self.edge_id, **self.old)


class SetValuesCommand(GraphCommand):
    """Many parameter values and edge weights at once (training results): one edit."""

    def __init__(
        self,
        graph: Graph,
        node_values: Mapping[str, float] | None = None,
        edge_weights: Mapping[str, float] | None = None,
        text: str = "",
    ) -> None:
        super().__init__(graph, text or _tr("Set trained values"))
        self.node_values = {k: float(v) for k, v in (node_values or {}).items()}
        self.edge_weights = {k: float(v) for k, v in (edge_weights or {}).items()}
        self.old_nodes = {nid: graph.node(nid).value for nid in self.node_values}
        self.old_edges = {eid: graph.edge(eid).weight for eid in self.edge_weights}

    def do(self) -> None:
        self.graph.set_values(self.node_values, self.edge_weights)

    def undo(self) -> None:
        numbers = {k: v for k, v in self.old_nodes.items() if isinstance(v, float)}
        self.graph.set_values(numbers, self.old_edges)
        for nid, value in self.old_nodes.items():
            if nid not in numbers:  # None or an int-typed value: restore it exactly
                self.graph.update_node(nid, value=value)


class SetMetaCommand(GraphCommand):
    """Change graph fields: title, description, loss node, data, training settings."""

    def __init__(self, graph: Graph, text: str = "", **changes: Any) -> None:
        super().__init__(graph, text or _tr("Edit %1").replace("%1", ", ".join(changes)))
        self.new = dict(changes)
        self.old = {k: getattr(graph, k) for k in changes}

    def do(self) -> None:
        self.graph.set_meta(**self.new)

    def undo(self) -> None:
        self.graph.set_meta(**self.old)


class PasteCommand(AddItemsCommand):
    """Add a copied fragment under fresh ids, and the data columns it reads that are missing."""

    def __init__(
        self,
        graph: Graph,
        fragment: Graph,
        offset: Point = (0.0, 0.0),
        text: str = "",
    ) -> None:
        nodes, edges = remap_fragment(graph, fragment, offset)
        super().__init__(graph, nodes, edges, text=text or _tr("Paste"))
        columns = {n.column for n in nodes if n.column is not None}
        self.new_data = {
            c: list(fragment.data[c]) for c in columns if c in fragment.data and c not in graph.data
        }
        self.old_data = graph.data

    def do(self) -> None:
        super().do()
        if self.new_data:
            self.graph.set_meta(data={**self.old_data, **self.new_data})

    def undo(self) -> None:
        if self.new_data:
            self.graph.set_meta(data=self.old_data)
        super().undo()


def remap_fragment(
    graph: Graph, fragment: Graph, offset: Point = (0.0, 0.0)
) -> tuple[list[Node], list[Edge]]:
    """The fragment's nodes and edges with ids that are free in ``graph`` (an id is kept when
    it is free, else it becomes its prefix plus the first free number), moved by ``offset``."""
    node_ids = _fresh_ids([n.id for n in fragment.nodes()], graph.has_node)
    edge_ids = _fresh_ids([e.id for e in fragment.edges()], graph.has_edge)
    dx, dy = offset
    nodes = [
        replace(
            n,
            id=node_ids[n.id],
            position=(n.position[0] + dx, n.position[1] + dy),
            extra=dict(n.extra),
        )
        for n in fragment.nodes()
    ]
    edges = [
        replace(
            e,
            id=edge_ids[e.id],
            source=node_ids[e.source],
            target=node_ids[e.target],
            extra=dict(e.extra),
        )
        for e in fragment.edges()
    ]
    return nodes, edges


def _fresh_ids(ids: list[str], taken: Callable[[str], bool]) -> dict[str, str]:
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for old in ids:
        new = old
        if taken(new) or new in used:
            prefix = old.rstrip("0123456789") or "n"
            for i in itertools.count(1):
                new = f"{prefix}{i}"
                if not taken(new) and new not in used and new not in ids:
                    break
        used.add(new)
        mapping[old] = new
    return mapping


def layout_command(
    graph: Graph, positions: Mapping[str, Point], text: str = "", batch: Batch | None = None
) -> MoveNodesCommand | None:
    """One move step taking every node to its laid-out position (None if nothing moves)."""
    moves = {}
    for nid, (x, y) in positions.items():
        if graph.has_node(nid):
            old = graph.node(nid).position
            new = (float(x), float(y))
            if old != new:
                moves[nid] = (old, new)
    if not moves:
        return None
    return MoveNodesCommand(graph, moves, text=text or _tr("Auto-arrange"), batch=batch)
