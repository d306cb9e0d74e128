"""Run > Check Gradients (``action_check_gradients``): the engine's gradients against finite
differences, in a table (object name ``gradient_check``) in a non-modal window placed over the
bottom of the main window, so the canvas above stays in sight.

One row per trainable parameter and trainable edge weight: its value, the analytic gradient,
the central finite difference, the relative error and a note. The worst row is highlighted in
the table and, with a halo, on the canvas; a mismatch caused by a point where an op has no
derivative (relu, leaky_relu, abs at 0: the engine uses PyTorch's one-sided choice, the finite
difference sees the average of both sides) says so. The check runs on the document's graph as
it is (core/engine/gradcheck.py); "Check Again" re-runs it after edits.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGraphicsPathItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.gradcheck import DEFAULT_TOLERANCE, CheckRow, GradCheckReport, gradient_check
from ...core.engine.plan import evaluate
from ...core.engine.trace import fmt_number
from ...core.model.errors import BackpropError
from ...core.model.graph import Graph

# The window is the main window (ui/shell), typed loosely: rooms do not import the shell.
MainWindow = Any

KINKS = {"relu": "0", "leaky_relu": "0.01", "abs": "0"}  # op -> the engine's slope at 0
HEADERS = (
    QT_TRANSLATE_NOOP("GradientCheck", "item"),
    QT_TRANSLATE_NOOP("GradientCheck", "value"),
    QT_TRANSLATE_NOOP("GradientCheck", "analytic"),
    QT_TRANSLATE_NOOP("GradientCheck", "finite difference"),
    QT_TRANSLATE_NOOP("GradientCheck", "relative error"),
    QT_TRANSLATE_NOOP("GradientCheck", "note"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("GradientCheck", text)


def kink_notes(graph: Graph, report: GradCheckReport, tolerance: float) -> dict[str, str]:
    """For each mismatched row: why, when an op downstream sits exactly on (or within the
    finite difference's step of) a point where it has no derivative."""
    kinks = _kinks_at_zero(graph, report.eps)
    notes: dict[str, str] = {}
    g = graph.nx_graph
    for row in report.rows:
        if not row.relative_error > tolerance and not math.isnan(row.relative_error):
            continue
        start = row.id if row.kind == "parameter" else graph.edge(row.id).target
        reach = {start} | nx.descendants(g, start)
        found = [k for k in kinks if k[0] in reach]
        if found:
            nid, op, x = found[0]
            notes[row.id] = _tr(
                "{op} {node!r} gets {x} here, where it has no derivative: the engine uses "
                "its slope {slope} there (as PyTorch does), the finite difference sees the "
                "average of both sides. Not a bug; move the value off the kink."
            ).format(op=op, node=nid, x=fmt_number(x), slope=KINKS[op])
        else:
            notes[row.id] = _tr(
                "mismatch: the function may bend sharply within the step, or a gradient is wrong"
            )
    return notes


def _kinks_at_zero(graph: Graph, eps: float) -> list[tuple[str, str, float]]:
    """(node id, op, input) for every relu/leaky_relu/abs whose input is within the
    finite-difference step of 0 in some sample."""
    try:
        result = evaluate(graph, record=False)
    except BackpropError:
        return []
    found = []
    for node in graph.nodes():
        if node.op not in KINKS:
            continue
        edges = graph.in_edges(node.id, "x")
        if not edges:
            continue
        x = np.atleast_1d(edges[0].weight * np.asarray(result.values[edges[0].source], float))
        near = np.abs(x) <= 2 * eps * max(1.0, float(np.max(np.abs(x))))
        if near.any():
            found.append((node.id, node.op, float(x[int(np.argmax(near))])))
    return found


class GradientCheckPanel(QWidget):
    """The table, a summary line and "Check Again"; :meth:`run_check` fills them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("gradient_check_panel")
        self.window_ = window
        self.tolerance = DEFAULT_TOLERANCE
        self.report: GradCheckReport | None = None
        self.notes: dict[str, str] = {}
        self._halo: QGraphicsPathItem | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("gradient_check_summary")
        self.summary.setWordWrap(True)
        self.again = QPushButton(_tr("Check &Again"), self)
        self.again.setObjectName("gradient_check_again")
        self.again.clicked.connect(self.run_check)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("gradient_check")
        self.table.setHorizontalHeaderLabels([_tr(h) for h in HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for col in range(len(HEADERS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(120)
        self.table.itemSelectionChanged.connect(self._select_on_canvas)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.again)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table)

    # ----------------------------------------------------------------- running
    def run_check(self) -> GradCheckReport | None:
        graph = self.window_.document.graph
        self.clear_halo()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # two passes per trainable
        try:
            report = gradient_check(graph)
        except BackpropError as exc:
            self.report, self.notes = None, {}
            self.table.setRowCount(0)
            self.summary.setText(_tr("Cannot check: {why}").format(why=exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.report = report
        self.notes = kink_notes(graph, report, self.tolerance)
        self._fill(report)
        return report

    def _fill(self, report: GradCheckReport) -> None:
        worst = report.worst
        self.table.setRowCount(len(report.rows))
        for r, row in enumerate(report.rows):
            cells = [
                self._item_name(row),
                fmt_number(row.value),
                fmt_number(row.analytic),
                fmt_number(row.numeric),
                _relative(row.relative_error),
                self.notes.get(row.id, _tr("agrees") if self._ok(row) else ""),
            ]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, (row.kind, row.id))
                if c in (1, 2, 3, 4):
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == 5:
                    cell.setToolTip(text)
                if not self._ok(row):
                    cell.setForeground(QBrush(QColor("#c62828")))
                if row is worst:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                    cell.setBackground(QBrush(QColor(255, 193, 7, 70)))
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        bad = [row for row in report.rows if not self._ok(row)]
        if not report.rows:
            text = _tr("Nothing to check: no parameter and no edge weight is trainable.")
        elif not bad:
            text = _tr(
                "All {n} gradients agree with finite differences (worst relative error {e}, "
                "tolerance {t})."
            ).format(n=len(report.rows), e=_relative(report.worst_relative_error), t=self.tolerance)
        else:
            text = _tr(
                "{bad} of {n} gradients disagree (worst: {item}, relative error {e})."
            ).format(
                bad=len(bad),
                n=len(report.rows),
                item=self._item_name(worst),
                e=_relative(worst.relative_error),
            )
        self.summary.setText(text)
        if worst is not None:
            self.highlight(worst)

    def _ok(self, row: CheckRow) -> bool:
        return row.relative_error <= self.tolerance

    def _item_name(self, row: CheckRow | None) -> str:
        if row is None:
            return ""
        graph = self.window_.document.graph
        if row.kind == "parameter":
            return _tr("parameter {id}").format(id=graph.node(row.id).display_name)
        edge = graph.edge(row.id)
        return _tr("weight {id} ({a} → {b})").format(
            id=row.id,
            a=graph.node(edge.source).display_name,
            b=graph.node(edge.target).display_name,
        )

    # ----------------------------------------------------------------- canvas
    def highlight(self, row: CheckRow) -> None:
        """A halo around the row's node or edge on the canvas (not part of the document)."""
        self.clear_halo()
        scene = self.window_.scene
        item = scene.node_item(row.id) if row.kind == "parameter" else scene.edge_item(row.id)
        if item is None:
            return
        path = QPainterPath()
        if row.kind == "parameter":
            path.addRoundedRect(item.sceneBoundingRect().adjusted(-8, -8, 8, 8), 12, 12)
        else:
            path = item.mapToScene(item.shape())
        halo = QGraphicsPathItem(path)
        pen = QPen(QColor(255, 160, 0, 200), 5)
        halo.setPen(pen)
        halo.setBrush(
            QBrush(QColor(255, 193, 7, 40) if row.kind == "parameter" else Qt.BrushStyle.NoBrush)
        )
        halo.setZValue(-1 if row.kind == "parameter" else 5)
        halo.setData(0, "gradient_check_halo")
        halo.setToolTip(_tr("The worst gradient of the check"))
        scene.addItem(halo)
        self._halo = halo
        self.halo_id = row.id

    def clear_halo(self) -> None:
        if self._halo is not None and self._halo.scene() is not None:
            self._halo.scene().removeItem(self._halo)
        self._halo = None

    def _select_on_canvas(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        kind, item_id = items[0].data(Qt.ItemDataRole.UserRole)
        report = self.report
        row = (
            next((r for r in report.rows if r.id == item_id and r.kind == kind), None)
            if report
            else None
        )
        if row is not None:
            self.highlight(row)


def _relative(x: float) -> str:
    return "nan" if math.isnan(x) else f"{x:.2e}"


class GradientCheckDialog(QDialog):
    """The panel in its own window; closing it removes the halo from the canvas."""

    def __init__(self, window: MainWindow, panel: GradientCheckPanel) -> None:
        super().__init__(window)
        self.setObjectName("gradient_check_dialog")
        self.setWindowTitle(_tr("Gradient Check"))
        self.panel = panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)
        self.resize(860, 300)

    def show_over(self, window: QWidget) -> None:
        """Show over the bottom of ``window`` (the canvas stays visible above it)."""
        if not self.isVisible():
            frame = window.geometry()
            x = frame.x() + max(0, (frame.width() - self.width()) // 2)
            y = frame.y() + max(0, frame.height() - self.height() - 40)
            self.move(x, y)
        self.show()
        self.raise_()

    def hideEvent(self, event) -> None:  # noqa: N802  (Qt's name)
        self.panel.clear_halo()
        super().hideEvent(event)


def install(window: MainWindow) -> GradientCheckPanel:
    """The panel in its window (shown when asked) and Run > Check Gradients."""
    panel = GradientCheckPanel(window)
    dialog = GradientCheckDialog(window, panel)
    action = QAction(_tr("Check &Gradients"), window)
    action.setObjectName("action_check_gradients")
    action.setShortcut("Ctrl+Alt+C")
    action.setStatusTip(_tr("Compare every trainable gradient with finite differences"))

    def check() -> None:
        dialog.show_over(window)
        panel.run_check()

    action.triggered.connect(check)
    menu = window.menu("run")
    if not menu.isEmpty():
        menu.addSeparator()
    menu.addAction(action)
    window.named_actions["check_gradients"] = action
    window.gradient_check = panel
    return panel
