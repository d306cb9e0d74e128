"""The data with the model's prediction curve ("prediction_plot"), beside the data table.

It applies to graphs with **one input column and one target column**: the loss node's
``target`` port reads a data column directly, and exactly one data column feeds its
``prediction`` port. The plot shows the samples (input against target) and the model's
prediction over the input's range, computed by running the graph forward on a copy whose data
is a dense grid of inputs. While training, the curve follows the values being trained (at most
~10 times a second). Other graphs get a short note instead.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QStackedWidget, QWidget

from ...core.engine.plan import Plan, compile_plan
from ...core.model.errors import BackpropError
from ...core.model.fileio import graph_from_dict, graph_to_dict
from ...core.model.graph import Graph
from .plot_style import (
    ThemedPlotWidget,
    add_legend,
    palette_colors,
    plot_or_note,
    set_axis_labels,
)

CURVE_POINTS = 200
MAX_SCATTER = 5000
LIVE_INTERVAL_S = 0.1
NOT_APPLICABLE = QT_TRANSLATE_NOOP(
    "PredictionPlot",
    "The prediction plot is for graphs with one input column and one target column "
    "(like File ▸ Examples ▸ Linear regression): the data, and the model's prediction curve.",
)


def prediction_setup(graph: Graph) -> tuple[str, str, str] | None:
    """(input column, target column, prediction node id), or None if the graph does not have
    exactly one input column feeding its prediction and a target read from a column."""
    loss = graph.loss_node()
    if loss is None or not graph.has_node(loss):
        return None
    ports = {e.port: e for e in graph.in_edges(loss)}
    if set(ports) != {"prediction", "target"}:
        return None
    target = graph.node(ports["target"].source)
    if target.op != "input" or target.column is None or target.column not in graph.data:
        return None
    prediction = ports["prediction"].source
    seen, stack, columns = set(), [prediction], set()
    while stack:
        nid = stack.pop()
        if nid in seen:
            continue
        seen.add(nid)
        node = graph.node(nid)
        if node.op == "input" and node.column is not None:
            columns.add(node.column)
        stack.extend(e.source for e in graph.in_edges(nid))
    if len(columns) != 1:
        return None
    column = columns.pop()
    if column not in graph.data or column == target.column:
        return None
    return column, target.column, prediction


class PredictionPlot(QStackedWidget):
    """See the module docstring."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prediction_plot")
        self.document = document
        self.setup: tuple[str, str, str] | None = None
        self._plan: Plan | None = None
        self._plan_revision = -1
        self._grid = np.zeros(0)
        self._last_live = 0.0
        self.plot = ThemedPlotWidget()
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.12)
        self.legend = add_legend(self.plot, (8, 8))
        _, fg = palette_colors(self.plot)
        dots = pg.mkColor(fg)
        dots.setAlphaF(0.55)
        self.samples = pg.ScatterPlotItem(size=6, brush=pg.mkBrush(dots), pen=None, name="data")
        self.curve = pg.PlotDataItem(pen=pg.mkPen("#e2681d", width=2.5), name="prediction")
        self.plot.addItem(self.samples)
        self.plot.addItem(self.curve)
        self.note = plot_or_note(
            self, self.plot, QCoreApplication.translate("PredictionPlot", NOT_APPLICABLE)
        )
        document.evaluated.connect(self._on_evaluated)
        document.graph_replaced.connect(lambda _g: self.refresh())
        self.refresh()

    @property
    def applicable(self) -> bool:
        return self.setup is not None

    def refresh(self) -> None:
        """Re-read the graph: data points and the prediction at the current values."""
        graph = self.document.graph
        self.setup = prediction_setup(graph)
        if self.setup is None:
            self.setCurrentWidget(self.note)
            return
        self.setCurrentWidget(self.plot)
        x_col, y_col, _ = self.setup
        x = np.asarray(graph.data[x_col], dtype=float)[:MAX_SCATTER]
        y = np.asarray(graph.data[y_col], dtype=float)[:MAX_SCATTER]
        self.samples.setData(x, y)
        set_axis_labels(self.plot, x_col, y_col)
        self._update_curve(None)

    def _compiled(self) -> Plan | None:
        graph = self.document.graph
        if self._plan is not None and self._plan_revision == graph.revision:
            return self._plan
        assert self.setup is not None
        x_col, _, _ = self.setup
        x = np.asarray(graph.data[x_col], dtype=float)
        lo, hi = (float(x.min()), float(x.max())) if x.size else (-1.0, 1.0)
        pad = 0.05 * (hi - lo) if hi > lo else 1.0
        self._grid = np.linspace(lo - pad, hi + pad, CURVE_POINTS)
        raw = graph_to_dict(graph)
        raw["data"] = {name: [0.0] * CURVE_POINTS for name in graph.data}
        raw["data"][x_col] = [float(v) for v in self._grid]
        try:
            self._plan = compile_plan(graph_from_dict(raw, "<prediction>"))
        except BackpropError:
            self._plan = None
        self._plan_revision = graph.revision
        return self._plan

    def _update_curve(self, theta: np.ndarray | None) -> bool:
        if self.setup is None:
            return False
        plan = self._compiled()
        if plan is None:
            self.curve.setData([], [])
            return False
        try:
            result = plan.run(theta, backward=False)
        except (BackpropError, ArithmeticError, ValueError):
            self.curve.setData([], [])
            return False
        values = np.broadcast_to(
            np.asarray(result.values[self.setup[2]], dtype=float), self._grid.shape
        )
        self.curve.setData(self._grid, np.array(values))
        return True

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.curve.getData()
        return (np.zeros(0), np.zeros(0)) if x is None else (np.asarray(x), np.asarray(y))

    # ----------------------------------------------------------------- updates
    def _on_evaluated(self, _result: object, _problems: list) -> None:
        if self.setup is None or self._plan_revision != self.document.graph.revision:
            self.refresh()

    def begin_session(self, session: Any) -> None:
        self._session_ids = list(session.trainable_ids)

    def add_update(self, update: Any) -> None:
        now = time.perf_counter()
        if self.setup is None or now - self._last_live < LIVE_INTERVAL_S:
            return
        plan = self._compiled()
        if plan is None or plan.trainable_ids != list(update.session.trainable_ids):
            return
        self._last_live = now
        self._update_curve(update.theta)

    def finish_session(self, _session: Any) -> None:
        self.refresh()
