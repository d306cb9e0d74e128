"""Method 1 of the lesson in the training panel: "Solve (closed form)" for one value.

Pick a parameter or a trainable edge weight (``closed_form_target``), press **Solve**
(``closed_form_solve``): the answer (``closed_form_result``) is the core's one-line message,
e.g. ``L = 9 w² − 72 w + 144; dL/dw = 18 w − 72 = 0 gives w = 4 (L = 0), a minimum``, or the
plain "no closed form" message with the stationary points found numerically. When a minimum
was found, **Use w = 4** (``closed_form_apply``) sets that value as one undoable edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.trace import fmt_number
from ...core.model.errors import BackpropError, GraphError
from ...core.model.graph import Graph
from ...core.training.closed_form import ClosedFormResult, solve
from ..widgets.choices import use_choices


def solve_targets(graph: Graph) -> list[tuple[str, str]]:
    """(id, text) of what can be solved for: parameters, then trainable edge weights."""
    targets = SolveTargets(graph)
    return [(targets.ids[row], targets.text(row)) for row in range(len(targets.ids))]


class SolveTargets:
    """The ids of what can be solved for (parameters, then trainable edge weights, in
    document order), each row's text formatted only when asked."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        params = [n.id for n in graph.nodes() if n.op == "parameter"]
        self.n_params = len(params)
        self.ids: list[str] = params + [e.id for e in graph.edges() if e.trainable]

    def text(self, row: int) -> str:
        graph, target_id = self.graph, self.ids[row]
        try:
            if row < self.n_params:
                return f"{graph.node(target_id).display_name} (parameter)"
            edge = graph.edge(target_id)
            source, target = graph.node(edge.source), graph.node(edge.target)
        except GraphError:  # removed since the fill; the list is refilled after the edit
            return target_id
        return f"weight {edge.id}: {source.display_name} → {target.display_name}"


class ClosedFormBox(QGroupBox):
    """Choose a value, solve dL/dw = 0 for it, show the answer, optionally apply it."""

    solved = Signal(object)  # ClosedFormResult

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Closed form (method 1)"))
        self.document = document
        self.result: ClosedFormResult | None = None
        self._applying = False
        self._stale = False
        self.target = QComboBox()
        self.target.setObjectName("closed_form_target")
        self.target.setToolTip(
            self.tr("The parameter or weight to solve dL/dw = 0 for (others fixed)")
        )
        self._targets = use_choices(self.target, 8)
        self._filled: tuple[Graph, int] | None = None  # the graph listed, at its revision
        self.solve_button = QPushButton(self.tr("Solve"))
        self.solve_button.setObjectName("closed_form_solve")
        self.solve_button.setToolTip(
            self.tr("Solve dL/dw = 0 for the chosen value, the others fixed")
        )
        self.solve_button.clicked.connect(self.solve)
        self.answer = QLabel(self.tr("Set the derivative to 0 and solve, where L is quadratic."))
        self.answer.setObjectName("closed_form_result")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.apply_button = QPushButton(self.tr("Use this value"))
        self.apply_button.setObjectName("closed_form_apply")
        self.apply_button.setToolTip(self.tr("Set the solved value (one undoable edit)"))
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.setVisible(False)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Solve for")))
        row.addWidget(self.target, 1)
        row.addWidget(self.solve_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.answer)
        apply_row = QHBoxLayout()
        apply_row.addStretch(1)
        apply_row.addWidget(self.apply_button)
        layout.addLayout(apply_row)
        self.refresh_targets()

    def refresh_targets(self) -> None:
        """Fill the target list from the graph, keeping the current choice when it is there
        (nothing to do when the graph has not changed since the last fill)."""
        graph = self.document.graph
        if self._filled is not None and self._filled[0] is graph:
            if self._filled[1] == graph.revision:
                return
        self._filled = (graph, graph.revision)
        current = self.target.currentData()
        self.target.blockSignals(True)
        targets = SolveTargets(graph)
        self._targets.set_choices(targets.ids, targets.text)
        index = self._targets.row_of(current)
        if index < 0:  # prefer a trainable parameter
            trainable = next((n.id for n in graph.nodes() if n.trainable), None)
            index = self._targets.row_of(trainable) if trainable is not None else 0
        self.target.setCurrentIndex(max(0, index))
        self.target.blockSignals(False)
        has = self.target.count() > 0
        self.solve_button.setEnabled(has)
        if not has:
            self.target.setPlaceholderText(self.tr("no parameters"))

    def select_target(self, target_id: str) -> bool:
        index = self._targets.row_of(target_id)
        if index >= 0:
            self.target.setCurrentIndex(index)
        return index >= 0

    def solve(self) -> ClosedFormResult | None:
        """Solve for the chosen value and show the answer (errors shown, never raised)."""
        target = self.target.currentData()
        self.apply_button.setVisible(False)
        if target is None:
            self.answer.setText(self.tr("Nothing to solve for: the graph has no parameter."))
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = solve(self.document.graph, target)
        except (BackpropError, ArithmeticError, ValueError) as exc:
            self.result = None
            self.answer.setText(
                self.tr("Cannot solve for %1: %2")
                .replace("%1", str(target))
                .replace("%2", str(exc))
            )
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.result = result
        self._stale = False
        self.answer.setText(result.message)
        if result.found and result.value is not None:
            name = result.label if result.kind == "node" else f"w({result.target})"
            self.apply_button.setText(
                self.tr("Use %1").replace("%1", f"{name} = {fmt_number(result.value)}")
            )
            self.apply_button.setVisible(True)
        self.solved.emit(result)
        return result

    def apply(self) -> bool:
        """Set the solved value (one undo step)."""
        r = self.result
        if r is None or not r.found or r.value is None:
            return False
        graph = self.document.graph
        self._applying = True
        try:
            if r.kind == "node" and graph.has_node(r.target):
                return self.document.set_node_fields(r.target, value=float(r.value))
            if r.kind == "edge" and graph.has_edge(r.target):
                return self.document.set_edge_fields(r.target, weight=float(r.value))
        finally:
            self._applying = False
        return False

    def mark_stale(self) -> None:
        """The graph's numbers changed since the answer: say so (not after our own apply)."""
        if self.result is None or self._applying or self._stale:
            return
        self._stale = True
        self.apply_button.setVisible(False)
        self.answer.setText(
            self.answer.text()
            + "\n"
            + self.tr("(Solved before the last edit: press Solve to recompute.)")
        )

    def clear_answer(self) -> None:
        self.result = None
        self._stale = False
        self.apply_button.setVisible(False)
        self.answer.setText(self.tr("Set the derivative to 0 and solve, where L is quadratic."))
