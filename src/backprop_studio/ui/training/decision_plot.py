"""Decision regions ("decision_plot"): the input plane coloured by the model's prediction,
with the data points on top, live while training (as in TensorFlow Playground).

For a graph whose prediction reads two data columns (decision_compute.py): each class gets a
region in its colour (a light tint of the class's colour), a regression output a blend from
the first colour (the lowest target) to the second (the highest). The samples are drawn on
top in their class's colour (or their target's blend), outlined, so a wrongly classified
point stands out against its region. While training the regions follow the values being
trained (at most ~8 times a second); other graphs get a short note.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtWidgets import QStackedWidget, QWidget

from ...core.model.errors import BackpropError
from .decision_compute import DecisionGrid, DecisionSetup, build_grid, decision_setup
from .plot_style import ThemedPlotWidget, palette_colors, plot_or_note, set_axis_labels
from .run_colors import RUN_COLORS

LIVE_INTERVAL_S = 0.12
MAX_POINTS = 5000
REGION_ALPHA = 0.38  # how strongly a region shows its class colour over the background


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


CLASS_RGB = np.array([_rgb(c) for c in RUN_COLORS])


class DecisionPlot(QStackedWidget):
    """See the module docstring."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decision_plot")
        self.document = document
        self.setup: DecisionSetup | None = None
        self.grid: DecisionGrid | None = None
        self._grid_revision = -1
        self._last_live = 0.0
        self.prediction: np.ndarray | None = None  # the grid's last predictions (tests)

        self.plot = ThemedPlotWidget()
        self.plot.setObjectName("decision_plot_view")
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.setAspectLocked(False)
        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.points = pg.ScatterPlotItem(size=8, pxMode=True)
        self.plot.addItem(self.image)
        self.plot.addItem(self.points)
        self.note = plot_or_note(
            self,
            self.plot,
            QCoreApplication.translate(
                "DecisionPlot",
                "Decision regions are for graphs whose prediction reads two data columns "
                "(like File ▸ Examples ▸ Three classes, or backprop-studio new --mlp 2,4,1): "
                "the input plane coloured by the model's prediction, the data on top.",
            ),
        )
        document.evaluated.connect(self._on_evaluated)
        document.graph_replaced.connect(lambda _g: self.refresh())
        self.refresh()

    @property
    def applicable(self) -> bool:
        return self.setup is not None

    # ----------------------------------------------------------------- drawing
    def refresh(self) -> None:
        """Re-read the graph: the grid, the data points and the regions at its values."""
        graph = self.document.graph
        self.setup = decision_setup(graph)
        self.grid = None
        self._grid_revision = graph.revision
        if self.setup is None:
            self.setCurrentWidget(self.note)
            return
        self.setCurrentWidget(self.plot)
        self.grid = build_grid(graph, self.setup)
        set_axis_labels(self.plot, self.setup.x_column, self.setup.y_column)
        self._draw_points()
        self._draw_regions(None)
        if self.grid is not None:
            xs, ys = self.grid.xs, self.grid.ys
            self.plot.getPlotItem().vb.setRange(
                xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0
            )

    def _target_range(self) -> tuple[float, float]:
        graph, setup = self.document.graph, self.setup
        if setup is None or setup.target_column is None:
            return 0.0, 1.0
        t = np.asarray(graph.data[setup.target_column], dtype=float)
        lo, hi = (float(t.min()), float(t.max())) if t.size else (0.0, 1.0)
        return (lo, hi) if hi > lo else (lo - 0.5, lo + 0.5)

    def _colours(self, values: np.ndarray, classes: bool) -> np.ndarray:
        """RGB per value: the class colour, or a blend between the first two colours."""
        if classes:
            index = np.clip(np.rint(values), 0, len(CLASS_RGB) - 1).astype(int)
            return CLASS_RGB[index]
        lo, hi = self._target_range()
        f = np.clip((values - lo) / (hi - lo), 0.0, 1.0)[..., None]
        return (1 - f) * CLASS_RGB[0] + f * CLASS_RGB[1]

    def _draw_points(self) -> None:
        assert self.setup is not None
        graph = self.document.graph
        x = np.asarray(graph.data[self.setup.x_column], dtype=float)[:MAX_POINTS]
        y = np.asarray(graph.data[self.setup.y_column], dtype=float)[:MAX_POINTS]
        classes = self.grid is not None and self.grid.classifies
        if self.setup.target_column is not None:
            t = np.asarray(graph.data[self.setup.target_column], dtype=float)[:MAX_POINTS]
            rgb = self._colours(t, classes)
        else:
            rgb = np.tile(CLASS_RGB[7], (x.size, 1))
        _, fg = palette_colors(self.plot)
        outline = pg.mkPen(fg, width=1.2)
        brushes = [pg.mkBrush(int(r), int(g), int(b)) for r, g, b in rgb]
        self.points.setData(x, y, brush=brushes, pen=outline)

    def _draw_regions(self, theta: np.ndarray | None) -> bool:
        if self.grid is None:
            self.image.clear()
            self.prediction = None
            return False
        try:
            with np.errstate(all="ignore"):
                predicted = self.grid.predict(theta)
        except (BackpropError, ArithmeticError, ValueError):
            self.image.clear()
            return False
        self.prediction = predicted
        background, _ = palette_colors(self.plot)
        base = np.array([background.red(), background.green(), background.blue()], dtype=float)
        rgb = self._colours(np.nan_to_num(predicted), self.grid.classifies)
        tinted = (1 - REGION_ALPHA) * base + REGION_ALPHA * rgb
        image = np.empty((*predicted.shape, 4), dtype=np.ubyte)
        image[..., :3] = np.clip(tinted, 0, 255).astype(np.ubyte)
        image[..., 3] = np.where(np.isfinite(predicted), 255, 0)
        self.image.setImage(image, autoLevels=False)
        xs, ys = self.grid.xs, self.grid.ys
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.image.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * xs.size, dy * ys.size))
        return True

    # ----------------------------------------------------------------- updates
    def _on_evaluated(self, _result: object, _problems: list) -> None:
        if self._grid_revision != self.document.graph.revision:
            self.refresh()

    def begin_session(self, _session: Any) -> None:
        self._last_live = 0.0

    def add_update(self, update: Any) -> None:
        now = time.perf_counter()
        if self.grid is None or not self.isVisible() or now - self._last_live < LIVE_INTERVAL_S:
            return
        if self.grid.plan.trainable_ids != list(update.session.trainable_ids):
            return
        self._last_live = now
        self._draw_regions(update.theta)

    def finish_session(self, _session: Any) -> None:
        self.refresh()
