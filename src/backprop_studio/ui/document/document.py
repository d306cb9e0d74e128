"""The Document: one open graph with its undo history, file path and live evaluation.

A :class:`Document` owns the :class:`Graph`, a ``QUndoStack`` (its clean state is the
"modified" flag), and the path the graph was loaded from or saved to. Every edit goes through
:meth:`Document.push` (an undoable command); the intent slots (``create_node``, ``connect``,
``move_nodes``, ``set_edge_weight``) turn the canvas's gestures into commands, so the canvas
never changes the graph itself.

After any change that affects values, the graph is re-evaluated once per event-loop turn
(a 0-ms single-shot timer coalesces a burst of edits) and :attr:`evaluated` is emitted with the
engine's Result and the problems. An incomplete graph is evaluated partially
(core/engine/partial.py): ``result`` is then the Result of its computable part when the loss
is computable (so the status bar shows the loss), else None; ``partial`` always holds the
values of every computable node, which the canvas shows (:meth:`Document.shown_evaluation`); the
problems name the incomplete and the extra nodes, which the canvas outlines. The live evaluation runs the
engine's fast path without the chain-rule trace (recording it costs ~50x more on a big graph);
:meth:`Document.recorded_result` records it on first request (the stepper, when a walk starts).

Other panels use: ``document.graph``, ``document.result``, ``document.problems``, the signals
``graph_replaced(Graph)``, ``graph_changed(GraphEvent)`` (one per graph event: keep its slots
O(changed items)), ``graph_edited(list[GraphEvent])`` (the same events, once per event-loop
turn: connect whole-graph work such as refilling a list of nodes here), ``evaluated(Result |
None, list)``, ``modified_changed(bool)``, ``path_changed(str)``, ``status_message(str)``, and
``document.push(command)`` / ``document.set_values(...)`` to edit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...core.engine.partial import PartialEvaluation, evaluate_partial
from ...core.engine.plan import Plan, Result
from ...core.engine.trace import fmt_number
from ...core.model import fileio
from ...core.model.errors import GraphError, Problem
from ...core.model.graph import Edge, Graph, GraphEvent, Node
from ...core.ops import get_op
from ..canvas.layout import place_unplaced
from . import commands as cmd

# Ids of new nodes start with a short prefix naming what they are.
_ID_PREFIX = {"input": "x", "parameter": "w", "mse": "L", "binary_cross_entropy": "L"}
# Changes of these node fields alone do not change any value: no re-evaluation.
_LAYOUT_ONLY = {"position", "label"}


class Document(QObject):
    """A graph being edited: undo stack, file path, modified flag, live evaluation."""

    graph_replaced = Signal(object)  # the new Graph (new file, open, recovery)
    graph_changed = Signal(object)  # every GraphEvent of the current graph
    graph_edited = Signal(list)  # the GraphEvents since the last emission, once per loop turn
    evaluated = Signal(object, list)  # Result | None, list[Problem]
    modified_changed = Signal(bool)
    path_changed = Signal(str)  # "" for an untitled document
    status_message = Signal(str)

    def __init__(
        self,
        graph: Graph | None = None,
        path: str | os.PathLike[str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._graph = graph if graph is not None else Graph()
        place_unplaced(self._graph)  # a file without positions opens laid out, unmodified
        self._path: Path | None = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._refresh_modified)
        self._was_modified = False
        self.result: Result | None = None
        self.problems: list[Problem] = []
        self.partial: PartialEvaluation | None = None  # the last evaluation, also incomplete
        self._plan: Plan | None = None  # compiled for self.result
        self._recorded: Result | None = None  # self.result's pass with the trace recorded
        self._live_theta: np.ndarray | None = None  # trainables of a live result (training)
        self._eval_timer = QTimer(self)
        self._eval_timer.setSingleShot(True)
        self._eval_timer.setInterval(0)
        self._eval_timer.timeout.connect(self.evaluate_now)
        self._edits: list[GraphEvent] = []
        self._edits_timer = QTimer(self)
        self._edits_timer.setSingleShot(True)
        self._edits_timer.setInterval(0)
        self._edits_timer.timeout.connect(self.flush_edits)
        # One undo step (push, undo, redo) is one user edit: its events go out together as soon
        # as the step is done, so whole-graph work runs once per edit, not once per event.
        self.undo_stack.indexChanged.connect(self.flush_edits)
        self._graph.subscribe(self._on_graph_event)
        self._untitled_modified = False
        self._move_batches: list[Callable[[], AbstractContextManager]] = []  # attached scenes
        self.schedule_evaluation()

    # ----------------------------------------------------------------- state
    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def path(self) -> Path | None:
        return self._path

    def display_name(self) -> str:
        """The file name, or the graph title (or "Untitled") for a document never saved."""
        if self._path is not None:
            return self._path.name
        return self._graph.title or self.tr("Untitled")

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean() or self._untitled_modified

    def set_modified(self, modified: bool) -> None:
        """Mark the document as having unsaved work (e.g. a recovered copy), or as saved."""
        self._untitled_modified = modified
        if not modified:
            self.undo_stack.setClean()
        self._refresh_modified()

    def _refresh_modified(self) -> None:
        now = self.is_modified()
        if now != self._was_modified:
            self._was_modified = now
            self.modified_changed.emit(now)

    # ----------------------------------------------------------------- files
    def replace_graph(
        self, graph: Graph, path: str | os.PathLike[str] | None = None, modified: bool = False
    ) -> None:
        """Start over with another graph (history cleared)."""
        self._graph.unsubscribe(self._on_graph_event)
        self.undo_stack.clear()
        place_unplaced(graph)  # before anyone listens: no undo step, not modified
        self._graph = graph
        self._graph.subscribe(self._on_graph_event)
        self._edits = []  # events of the old graph: nobody needs them now
        self._edits_timer.stop()
        self._untitled_modified = modified
        self._set_path(Path(path) if path else None)
        self.result, self.problems, self.partial = None, [], None
        self._plan = self._recorded = self._live_theta = None
        self.graph_replaced.emit(graph)
        self._refresh_modified()
        self.schedule_evaluation()

    def new(self) -> None:
        self.replace_graph(Graph(title=""))

    def load(self, path: str | os.PathLike[str]) -> None:
        """Open a file; raises FileFormatError (the document is left untouched)."""
        graph = fileio.load_graph(path)
        self.replace_graph(graph, path)
        self.status_message.emit(self.tr("Opened %1").replace("%1", Path(path).name))

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Save atomically (to ``path``, or the current path); raises OSError on failure."""
        target = Path(path) if path else self._path
        if target is None:
            raise ValueError("an untitled document needs a path to save to")
        fileio.save_graph(self._graph, target)
        self._set_path(target)
        self.set_modified(False)
        self.status_message.emit(self.tr("Saved %1").replace("%1", target.name))
        return target

    def dumps(self) -> str:
        return fileio.dumps_graph(self._graph)

    def _set_path(self, path: Path | None) -> None:
        if path != self._path:
            self._path = path
            self.path_changed.emit(str(path) if path else "")

    # ----------------------------------------------------------------- editing
    def push(self, command: QUndoCommand) -> bool:
        """Run a command and keep it for undo. A refused edit becomes a status message and
        changes nothing; returns whether the edit happened."""
        try:
            cmd.push_command(self.undo_stack, command)
        except GraphError as exc:
            self.status_message.emit(str(exc))
            return False
        return True

    def create_node(
        self,
        op: str,
        pos: QPointF | tuple[float, float] = (0.0, 0.0),
        *,
        select: bool = True,
        **fields: Any,
    ) -> str | None:
        """Add a node of ``op`` at a scene position; returns its id (None if refused)."""
        spec = get_op(op)
        if spec is None:
            self.status_message.emit(self.tr("unknown op %1").replace("%1", repr(op)))
            return None
        x, y = (pos.x(), pos.y()) if isinstance(pos, QPointF) else pos
        nid = self._graph.new_node_id(_ID_PREFIX.get(op, op))
        defaults: dict[str, Any] = {}
        if spec.has_value:
            defaults["value"] = 1.0
        if spec.trainable_default:
            defaults["trainable"] = True
        node = Node(id=nid, op=op, position=(x, y), **{**defaults, **fields})
        title = QCoreApplication.translate("Ops", spec.title).lower()
        text = self.tr("Add %1").replace("%1", title)
        ok = self.push(cmd.AddItemsCommand(self._graph, [node], text=text))
        if ok:
            self.status_message.emit(self.tr("Added %1 %2").replace("%1", title).replace("%2", nid))
        return nid if ok else None

    def connect(self, source: str, target: str, port: str = "") -> str | None:
        """Add an edge source -> target.port (weight 1); refused edges explain why."""
        reason = self._graph.connect_error(source, target, port or None)
        if reason:
            self.status_message.emit(self.tr("Cannot connect: %1").replace("%1", reason))
            return None
        eid = self._graph.new_edge_id()
        edge = Edge(id=eid, source=source, target=target, port=port)
        ok = self.push(cmd.AddItemsCommand(self._graph, edges=[edge], text=self.tr("Connect")))
        return eid if ok else None

    def move_nodes(
        self, moves: Mapping[str, tuple[tuple[float, float], tuple[float, float]]]
    ) -> None:
        """A finished drag: ``{node_id: ((old_x, old_y), (new_x, new_y))}`` -> one undo step.
        Arrow-key nudges of the same nodes in quick succession merge into one step."""
        moves = {nid: m for nid, m in moves.items() if self._graph.has_node(nid)}
        if moves and any(tuple(a) != tuple(b) for a, b in moves.values()):
            self.push(
                cmd.MoveNodesCommand(
                    self._graph, moves, mergeable=cmd.is_nudge(moves), batch=self.batch_moves
                )
            )

    def nudge_nodes(self, node_ids: Iterable[str], dx: float, dy: float) -> None:
        """Move nodes by a small step (arrow keys); repeated nudges merge into one step."""
        moves = {}
        for nid in node_ids:
            if self._graph.has_node(nid):
                x, y = self._graph.node(nid).position
                moves[nid] = ((x, y), (x + dx, y + dy))
        if moves:
            self.push(
                cmd.MoveNodesCommand(
                    self._graph,
                    moves,
                    text=self.tr("Nudge"),
                    mergeable=True,
                    batch=self.batch_moves,
                )
            )

    def set_edge_weight(self, edge_id: str, weight: float) -> None:
        if self._graph.has_edge(edge_id) and self._graph.edge(edge_id).weight != float(weight):
            self.push(
                cmd.SetEdgeFieldsCommand(
                    self._graph,
                    edge_id,
                    text=self.tr("Set weight of %1 to %2")
                    .replace("%1", edge_id)
                    .replace("%2", fmt_number(weight)),
                    weight=float(weight),
                )
            )

    def set_node_fields(self, node_id: str, **changes: Any) -> bool:
        node = self._graph.node(node_id)
        changes = {k: v for k, v in changes.items() if getattr(node, k) != v}
        if not changes:
            return False
        return self.push(cmd.SetNodeFieldsCommand(self._graph, node_id, **changes))

    def set_edge_fields(self, edge_id: str, **changes: Any) -> bool:
        edge = self._graph.edge(edge_id)
        changes = {k: v for k, v in changes.items() if getattr(edge, k) != v}
        if not changes:
            return False
        return self.push(cmd.SetEdgeFieldsCommand(self._graph, edge_id, **changes))

    def set_meta(self, text: str = "", **changes: Any) -> bool:
        changes = {k: v for k, v in changes.items() if getattr(self._graph, k) != v}
        if not changes:
            return False
        return self.push(cmd.SetMetaCommand(self._graph, text=text, **changes))

    def set_values(
        self,
        node_values: Mapping[str, float] | None = None,
        edge_weights: Mapping[str, float] | None = None,
        text: str = "",
    ) -> bool:
        """Many parameter values / edge weights at once (e.g. training results): one edit."""
        if not node_values and not edge_weights:
            return False
        return self.push(cmd.SetValuesCommand(self._graph, node_values, edge_weights, text))

    def delete(self, node_ids: Iterable[str], edge_ids: Iterable[str] = ()) -> bool:
        command = cmd.DeleteCommand(self._graph, node_ids, edge_ids)
        if command.is_empty:
            return False
        return self.push(command)

    def paste(self, fragment: Graph, offset: tuple[float, float] = (0.0, 0.0)) -> list[str]:
        """Add a copied fragment under fresh ids; returns the new node and edge ids."""
        if not len(fragment):
            return []
        command = cmd.PasteCommand(self._graph, fragment, offset)
        if not self.push(command):
            return []
        return [n.id for n in command.nodes] + [e.id for e in command.edges]

    def apply_layout(self, positions: Mapping[str, tuple[float, float]]) -> bool:
        command = cmd.layout_command(self._graph, positions, batch=self.batch_moves)
        return command is not None and self.push(command)

    @contextmanager
    def batch_moves(self) -> Iterator[None]:
        """Moves made inside are shown by every attached scene at once at the end (each
        edge bent once), not node by node: a move command's do and undo run inside."""
        with ExitStack() as stack:
            for batch in self._move_batches:
                stack.enter_context(batch())
            yield

    # ----------------------------------------------------------------- evaluation
    def schedule_evaluation(self) -> None:
        self._eval_timer.start()

    def evaluate_now(self) -> Result | None:
        """Compile and run the graph now (no trace recorded); emits :attr:`evaluated`."""
        self._eval_timer.stop()
        self._plan = self._recorded = self._live_theta = None
        try:
            partial = evaluate_partial(self._graph)
        except GraphError as exc:
            partial = PartialEvaluation(None, None, None, problems=list(exc.problems))
        except (ArithmeticError, ValueError) as exc:  # numeric trouble: report, never crash
            partial = PartialEvaluation(
                None,
                None,
                None,
                problems=[Problem(self.tr("evaluation failed: %1").replace("%1", str(exc)))],
            )
        self.partial = partial
        self.problems = list(partial.problems)
        self.result = partial.result if partial.loss is not None else None
        self._plan = partial.plan if partial.complete else None
        self.evaluated.emit(self.result, self.problems)
        return self.result

    def shown_evaluation(self) -> tuple[Result | None, list[Problem]]:
        """What the canvas shows: the result (live while training), or the values of the
        computable part of an incomplete graph even when its loss cannot be computed; and the
        outlines: the problems and the extra nodes (that do not lead to the loss)."""
        partial = self.partial
        if partial is None:
            return self.result, list(self.problems)
        result = self.result if self.result is not None else partial.result
        return result, partial.outlines()

    @property
    def plan(self) -> Plan | None:
        """The plan compiled for :attr:`result` (None before an evaluation or after a failed
        one), for whoever needs the same compiled graph (the stepper's walk)."""
        return self._plan

    def recorded_result(self) -> Result | None:
        """The live evaluation with its chain-rule trace recorded (None if the graph cannot be
        evaluated). Recorded on the first request after each evaluation, then kept: only the
        stepper needs the trace, and recording costs ~0.15 s on a 4,000-edge graph."""
        if self._eval_timer.isActive():  # an edit is waiting to be evaluated: do it now
            self.evaluate_now()
        if self._recorded is None and self._plan is not None:
            try:
                self._recorded = self._plan.run(self._live_theta, record=True)
            except (ArithmeticError, ValueError):
                return None
        return self._recorded

    def show_live_values(
        self, node_values: Mapping[str, float], edge_weights: Mapping[str, float]
    ) -> Result | None:
        """Show the graph evaluated at other trainable values (a training in progress) without
        editing it: :attr:`result` becomes that pass and :attr:`evaluated` is emitted, so every
        number on screen belongs to the same iteration. None (nothing shown) when the graph has
        no compiled plan. The next evaluation (any edit, or :meth:`evaluate_now`) ends it."""
        plan = self._plan
        if plan is None:
            return None
        theta = live_theta(plan, node_values, edge_weights)
        try:
            result = plan.run(theta)
        except (ArithmeticError, ValueError):
            return None
        self.result, self._recorded, self._live_theta = result, None, theta
        self.evaluated.emit(result, self.problems)
        return result

    @property
    def is_live(self) -> bool:
        """Whether :attr:`result` is a live result (training values, not the graph's own)."""
        return self._live_theta is not None

    def live_loss(
        self, node_values: Mapping[str, float], edge_weights: Mapping[str, float]
    ) -> float | None:
        """The loss at other trainable values (forward pass only; nothing emitted)."""
        plan = self._plan
        if plan is None:
            return None
        try:
            return plan.run(live_theta(plan, node_values, edge_weights), backward=False).loss
        except (ArithmeticError, ValueError):
            return None

    def flush_edits(self) -> None:
        """Emit :attr:`graph_edited` now with the events gathered since the last time."""
        self._edits_timer.stop()
        if self._edits:
            events, self._edits = self._edits, []
            self.graph_edited.emit(events)

    def _on_graph_event(self, event: GraphEvent) -> None:
        self.graph_changed.emit(event)
        self._edits.append(event)
        if not self._edits_timer.isActive():
            self._edits_timer.start()
        if event.kind == "node_changed" and set(event.keys) <= _LAYOUT_ONLY:
            if "label" in event.keys:  # labels appear in chain-rule texts: refresh lazily
                self.schedule_evaluation()
            return
        self.schedule_evaluation()

    # ----------------------------------------------------------------- scene wiring
    def attach_scene(self, scene: QObject) -> None:
        """Turn the scene's intent signals into commands and feed it evaluations."""
        scene.node_create_requested.connect(self._on_node_create_requested)
        scene.connect_requested.connect(self.connect)
        scene.nodes_moved.connect(self.move_nodes)
        scene.edge_weight_edit_requested.connect(self.set_edge_weight)
        scene.status_message.connect(self.status_message)
        if hasattr(scene, "batch_moves"):
            self._move_batches.append(scene.batch_moves)
        self.evaluated.connect(lambda *_: scene.set_evaluation(*self.shown_evaluation()))
        self.graph_replaced.connect(scene.set_graph)
        if self.result is not None or self.problems:
            scene.set_evaluation(*self.shown_evaluation())

    def _on_node_create_requested(self, op: str, pos: QPointF) -> None:
        nid = self.create_node(op, pos)
        scene = self.sender()
        if nid is not None and hasattr(scene, "select_ids"):
            scene.select_ids([nid])


def live_theta(
    plan: Plan, node_values: Mapping[str, float], edge_weights: Mapping[str, float]
) -> np.ndarray:
    """The plan's trainables vector with the given values (the plan's own where absent)."""
    theta = plan.theta()
    for k, (kind, item_id) in enumerate(plan.trainable_ids):
        found = (node_values if kind == "node" else edge_weights).get(item_id)
        if found is not None:
            theta[k] = found
    return theta
