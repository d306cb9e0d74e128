"""Momentum made visible: after each Run > Train One Iteration, what that update did.

A dock ("Iteration", object name ``step_detail``) tabified with the loss landscape, raised
when training is stepped. Its first table (``step_detail_table``) has one row per trainable:
the value before, the batch gradient g, the velocity v (SGD's momentum, RMSprop's buffer,
Adam's first moment), the update Δ and the value after, with the update written out
(``v = μ·v′ + g = 0.9 · 0.2 + 0.5 = 0.68;  Δ = −lr·v = …``). The second
(``sample_gradients``) lists each sample's gradient of the batch (the mini-batch's rows, or
every sample) and, in its last row, their mean: the batch gradient of the first table.
Selecting rows of the first table selects those parameters and weights on the canvas.
Numbers come from core/training/step_detail.py, read while the paused trainer waits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.trace import fmt_number
from ...core.training.step_detail import StepDetail, explain_last_step

ITEM_HEADERS = (
    QT_TRANSLATE_NOOP("StepDetail", "trainable"),
    QT_TRANSLATE_NOOP("StepDetail", "before"),
    QT_TRANSLATE_NOOP("StepDetail", "gradient g"),
    QT_TRANSLATE_NOOP("StepDetail", "velocity v"),
    QT_TRANSLATE_NOOP("StepDetail", "update Δ"),
    QT_TRANSLATE_NOOP("StepDetail", "after"),
    QT_TRANSLATE_NOOP("StepDetail", "how"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("StepDetail", text)


def _num(x: float | None) -> str:
    return "—" if x is None else fmt_number(float(x)).replace("-", "−")


def _cell(text: str, right: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class StepDetailPanel(QWidget):
    """The two tables and a heading; :meth:`show_detail` fills them."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("step_detail")
        self.document = document
        self.detail: StepDetail | None = None
        self.heading = QLabel(_tr("Step training one iteration (Run ▸ Train One Iteration) to "
                                  "see each weight's velocity and update here."), self)  # fmt: skip
        self.heading.setObjectName("step_detail_heading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(ITEM_HEADERS), self)
        self.table.setObjectName("step_detail_table")
        self.table.setHorizontalHeaderLabels([_tr(h) for h in ITEM_HEADERS])
        self.samples = QTableWidget(0, 0, self)
        self.samples.setObjectName("sample_gradients")
        row_height = self.fontMetrics().height() + 6
        for table in (self.table, self.samples):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setDefaultSectionSize(row_height)
            table.verticalHeader().setMinimumSectionSize(row_height)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.samples)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)

    def _name(self, kind: str, item: str) -> str:
        graph = self.document.graph
        if kind == "node":
            return graph.node(item).display_name if graph.has_node(item) else item
        if not graph.has_edge(item):
            return item
        edge = graph.edge(item)
        a, b = (graph.node(n).display_name for n in (edge.source, edge.target))
        return f"w {item} ({a} → {b})"

    def show_detail(self, detail: StepDetail) -> None:
        self.detail = detail
        batch = (
            _tr("a mini-batch of samples {rows}").format(rows=", ".join(str(r + 1) for r in detail.rows))
            if detail.rows is not None
            else _tr("every sample")
        )  # fmt: skip
        self.heading.setText(
            _tr("Iteration {i} ({opt}, {batch}): batch loss {loss}").format(
                i=detail.iteration, opt=detail.optimizer, batch=batch, loss=_num(detail.loss)
            )
        )
        self.table.setRowCount(len(detail.items))
        for r, step in enumerate(detail.items):
            cells = [
                _cell(self._name(step.kind, step.id), right=False),
                _cell(_num(step.before)),
                _cell(_num(step.grad)),
                _cell(_num(step.velocity)),
                _cell(_num(step.update)),
                _cell(_num(step.after)),
                _cell(step.formula, right=False),
            ]
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, cell)
        self._fill_samples(detail)

    def _fill_samples(self, detail: StepDetail) -> None:
        grads = detail.sample_grads
        if grads is None:
            self.samples.setRowCount(0)
            self.samples.setColumnCount(0)
            return
        names = [self._name(s.kind, s.id) for s in detail.items]
        self.samples.setColumnCount(len(names))
        self.samples.setHorizontalHeaderLabels(names)
        self.samples.setRowCount(len(detail.samples) + 1)
        labels = [_tr("sample {n}").format(n=s + 1) for s in detail.samples]
        self.samples.setVerticalHeaderLabels([*labels, _tr("mean = g")])
        mean = detail.mean_grad
        bold = QFont(self.font())
        bold.setBold(True)
        for r in range(len(detail.samples)):
            for c in range(len(names)):
                self.samples.setItem(r, c, _cell(_num(grads[r, c])))
        for c in range(len(names)):
            cell = _cell(_num(mean[c]))
            cell.setFont(bold)
            self.samples.setItem(len(detail.samples), c, cell)


def install(window: Any) -> StepDetailPanel | None:
    """The panel in a dock beside the loss landscape; filled on each stepped iteration."""
    studio = getattr(window, "training", None)
    if studio is None:
        return None
    panel = StepDetailPanel(window.document)
    dock = window.add_dock(panel, _tr("Iteration"), Qt.DockWidgetArea.BottomDockWidgetArea)
    landscape = studio.landscape.parentWidget() if studio.landscape is not None else None
    if landscape is not None:
        window.tabifyDockWidget(landscape, dock)
        landscape.raise_()
    controller = studio.controller

    def on_update(update: Any) -> None:
        if not getattr(controller, "stepping", False) and controller.state != "paused":
            return
        detail = explain_last_step(update.session.trainer)
        if detail is not None:
            panel.show_detail(detail)
            dock.show()
            dock.raise_()

    def select_on_canvas() -> None:
        rows = {i.row() for i in panel.table.selectedItems()}
        if panel.detail is not None and rows:
            ids = [panel.detail.items[r].id for r in sorted(rows)]
            window.scene.select_ids(ids)

    controller.session_updated.connect(on_update)
    panel.table.itemSelectionChanged.connect(select_on_canvas)
    window.step_detail = panel
    return panel
