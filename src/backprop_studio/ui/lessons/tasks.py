"""What a lesson step waits for: :class:`TaskWatcher` watches the window (its QActions, a
button, the document's graph and loss, the stepper's walk) and emits ``done`` once the task
is done; :meth:`TaskWatcher.show_me` does it for the student."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton

from ...core.lessons.format import Task

MAX_STEPS = 500  # Show me for "step until the edge": a bound on the steps it takes


class TaskWatcher(QObject):
    """Watches ``window`` for one task; ``done`` goes out once (``is_done`` stays True)."""

    done = Signal()

    def __init__(self, window: Any, task: Task, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.task = task
        self.is_done = False
        self._connections: list[tuple[Any, Any]] = []
        kind = task.kind
        document = window.document
        if kind == "action":
            action = self.action()
            if action is not None:
                self._watch(action.triggered, self._finish)
        elif kind == "button":
            button = self.button()
            if button is not None:
                self._watch(button.clicked, self._finish)
        elif kind == "edge_visited":
            stepper = getattr(window, "stepper", None)
            if stepper is not None:
                self._watch(stepper.walk_changed, self.check)
        elif kind in ("node_value", "op_added"):
            self._watch(document.graph_changed, self.check)
            self._watch(document.graph_replaced, self.check)
        elif kind == "loss_below":
            self._watch(document.evaluated, self.check)
        self.check()

    def _watch(self, signal: Any, slot: Any) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def stop(self) -> None:
        """Stop watching (the step was left)."""
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):  # the sender is gone already
                pass
        self._connections = []

    # ----------------------------------------------------------------- what to watch
    def action(self) -> QAction | None:
        name = self.task.target if self.task.kind == "action" else "train"
        found = self.window.named_actions.get(name)
        return found or self.window.findChild(QAction, f"action_{name}")

    def button(self) -> QAbstractButton | None:
        return self.window.findChild(QAbstractButton, self.task.target)

    def condition(self) -> bool:
        """Whether the state-based tasks hold now (actions and buttons are events)."""
        task, document = self.task, self.window.document
        graph = document.graph
        if task.kind == "edge_visited":
            walk = getattr(getattr(self.window, "stepper", None), "walk", None)
            if walk is None:
                return False
            visited = walk.terms()[: walk.state.backward]
            return any(term.edge == task.target for term in visited)
        if task.kind == "node_value":
            if not graph.has_node(task.target):
                return False
            value = graph.node(task.target).value
            try:
                return abs(float(value) - task.value) <= task.tolerance  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return False
        if task.kind == "loss_below":
            result = getattr(document, "result", None)  # the last evaluation
            loss = getattr(result, "loss", None)
            return loss is not None and float(loss) < task.value
        if task.kind == "op_added":
            for node in graph.nodes():
                if node.op != task.target:
                    continue
                if not task.after or any(e.source == task.after for e in graph.in_edges(node.id)):
                    return True
        return False

    def check(self, *_args: object) -> None:
        if not self.is_done and self.condition():
            self._finish()

    def _finish(self, *_args: object) -> None:
        if not self.is_done:
            self.is_done = True
            self.done.emit()

    # ----------------------------------------------------------------- show me
    def show_me(self) -> None:
        """Do the task for the student (through the same actions and undoable edits)."""
        task, window = self.task, self.window
        document = window.document
        if task.kind in ("action", "loss_below"):
            action = self.action()
            if action is not None and action.isEnabled():
                action.trigger()
        elif task.kind == "button":
            button = self.button()
            if button is not None:
                from .spotlight import raise_dock_of

                raise_dock_of(button)
                button.click()
        elif task.kind == "edge_visited":
            stepper = getattr(window, "stepper", None)
            for _ in range(MAX_STEPS):
                if stepper is None or self.is_done or not stepper.step():
                    break
        elif task.kind == "node_value":
            document.set_node_fields(task.target, value=float(task.value))
        elif task.kind == "op_added":
            self._add_op()
        self.check()

    def _add_op(self) -> None:
        document, task = self.window.document, self.task
        graph = document.graph
        x, y = graph.node(task.after).position if graph.has_node(task.after) else (0.0, 0.0)
        nid = document.create_node(task.target, QPointF(x + 200.0, y))
        if nid is not None and task.after:
            document.connect(task.after, nid)
