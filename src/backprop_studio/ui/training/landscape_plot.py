"""The loss landscape ("landscape_plot"): L over one or two trainables, the others fixed.

Pick one trainable (``landscape_x``; ``landscape_y`` = "—"): the curve L(w), the current
point on it, the path of every training run since the loss plot's Clear, each in its
loss-plot colour (its points sit on the curve, so the point is seen rolling down it, live
while training), where each run of the session ended (the best
★), and the closed-form minimum when L is quadratic in w (a dashed line and a star: w = 4 for
the lesson's single weight) or else the minima found numerically. Pick two: a heat map
(``ImageItem`` with a colormap, coloured by log(L − min) so valleys show) with contour lines
(``IsocurveItem``), the training paths drawn on it (the momentum picture of the lesson) and
the run ends marked. Hovering shows the values and L under the pointer.

Grids are computed off the UI thread (landscape_compute.py) on a copy of the graph, only while
the panel is visible and no training runs; a change of the graph's numbers recomputes (after
a short pause), and so does the end of a training (the range then covers its paths).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QThreadPool, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.engine.trace import fmt_number
from ..widgets.choices import use_choices
from .controller import TrainingSession, TrainingUpdate
from .landscape_compute import CANCELLED, JobSignals, LandscapeData, LandscapeJob
from .plot_style import ThemedPlotWidget, add_legend, palette_colors, set_axis_labels
from .run_colors import run_color

RECOMPUTE_DELAY_MS = 250
MAX_PATH_POINTS = 2000
MAX_PATH_DOTS = 80  # paths up to this many steps are drawn with a dot per step
CONTOUR_LEVELS = 9


def trainable_choices(graph: Any) -> list[tuple[str, str]]:
    """(id, name) of every trainable, parameters first, in document order."""
    nodes, edges = graph.trainables()
    out = [(n, graph.node(n).display_name) for n in nodes]
    out += [(e, f"w({e})") for e in edges]
    return out


class LandscapePlot(QWidget):
    """See the module docstring."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("landscape_plot")
        self.document = document
        self.data: LandscapeData | None = None
        self.paths: dict[int, np.ndarray] = {}  # run -> rows of values (session's ids order)
        self.ends: dict[int, np.ndarray] = {}
        self.best_run: int | None = None
        self.path_ids: list[str] = []
        self.color_base = 0
        self.session_number = 0
        # earlier sessions' paths, kept until Clear: (number, ids, color base, run -> rows)
        self.kept: list[tuple[int, list[str], int, dict[int, np.ndarray]]] = []
        self._live: dict[int, list[np.ndarray]] = {}
        self._training = False
        self._dirty = True
        self._restyle_pending = False
        self._job: LandscapeJob | None = None
        self._jobs = 0
        self._alive: dict[int, LandscapeJob] = {}  # started jobs, kept until they report
        # No Qt parent: a running job holds a Python reference to it, so the object it emits
        # through outlives the panel (a parented one was deleted with the window while a pool
        # thread was emitting, which crashed the process).
        self._signals = JobSignals()
        self._signals.done.connect(self._on_done)

        self.x_choice = QComboBox()
        self.x_choice.setObjectName("landscape_x")
        self.y_choice = QComboBox()
        self.y_choice.setObjectName("landscape_y")
        self.x_choice.setToolTip(self.tr("The trainable along the horizontal axis"))
        self.y_choice.setToolTip(
            self.tr("A second trainable: a heat map over both (— for a curve)")
        )
        self._x_choices = use_choices(self.x_choice, 8)
        self._y_choices = use_choices(self.y_choice, 8)
        for box in (self.x_choice, self.y_choice):
            box.currentIndexChanged.connect(self._on_choice)
        self.info = QLabel()
        self.info.setObjectName("landscape_info")
        self.info.setStyleSheet("color: palette(mid);")
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        bar.addWidget(QLabel(self.tr("L over")))
        bar.addWidget(self.x_choice)
        bar.addWidget(QLabel(self.tr("and")))
        bar.addWidget(self.y_choice)
        bar.addStretch(1)

        self.plot = ThemedPlotWidget(self)
        self.plot.setObjectName("landscape_view")
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.12)
        self.legend = add_legend(self.plot, (0, 6))
        # the legend is a strip above the data (the plot's title row), never over the curve
        self.legend.setParentItem(self.plot.getPlotItem())
        self.legend.anchor(itemPos=(0.5, 0), parentPos=(0.5, 0), offset=(0, 1))
        self.status = QLabel()
        self.status.setObjectName("landscape_status")
        self.status.setWordWrap(True)
        self.status.setContentsMargins(6, 0, 6, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.status)
        self.curve: pg.PlotDataItem | None = None
        self.closed_form_item: pg.ScatterPlotItem | None = None
        self.contours: list[pg.IsocurveItem] = []
        self.image: pg.ImageItem | None = None
        self.point: pg.ScatterPlotItem | None = None
        self.path_items: dict[tuple[int, int], pg.PlotDataItem] = {}
        self.path_shadows: dict[tuple[int, int], pg.PlotDataItem] = {}
        self.plot.scene().sigMouseMoved.connect(self._on_mouse)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self.recompute)
        # Whole-graph refills once per edit (Document.graph_edited), once per kind of change:
        # deleting 1,000 nodes is thousands of events.
        document.graph_edited.connect(self._on_graph_events)
        document.graph_replaced.connect(self._on_graph_replaced)
        self._fill_choices()

    # ----------------------------------------------------------------- choices
    def _fill_choices(self) -> None:
        choices = trainable_choices(self.document.graph)
        old_x, old_y = self.x_choice.currentData(), self.y_choice.currentData()
        for box in (self.x_choice, self.y_choice):
            box.blockSignals(True)
        ids = [c[0] for c in choices]
        names = [c[1] for c in choices]
        self._x_choices.set_choices(ids, names)
        curve = self.tr("— (a curve)")
        self._y_choices.set_choices([None, *ids], [curve, *names])
        # as wide as the longest name (up to 24 characters), without measuring every row
        width = max(min(max(map(len, names), default=0), 24), 8)
        self.x_choice.setMinimumContentsLength(width)
        self.y_choice.setMinimumContentsLength(max(width, len(curve)))
        known = set(ids)
        x = old_x if old_x in known else (ids[0] if ids else None)
        default_y = ids[1] if len(ids) == 2 else None
        y = old_y if old_y in known and old_y != x else default_y if old_x not in known else None
        self.x_choice.setCurrentIndex(max(0, self._x_choices.row_of(x)))
        self.y_choice.setCurrentIndex(max(0, self._y_choices.row_of(y)))
        for box in (self.x_choice, self.y_choice):
            box.blockSignals(False)

    def select(self, x: str, y: str | None = None) -> None:
        """Choose what to plot (tests, other panels)."""
        self.x_choice.setCurrentIndex(max(0, self._x_choices.row_of(x)))
        self.y_choice.setCurrentIndex(max(0, self._y_choices.row_of(y)))
        self.schedule(0)

    def selected_ids(self) -> tuple[str, ...]:
        x, y = self.x_choice.currentData(), self.y_choice.currentData()
        if x is None:
            return ()
        return (x,) if y is None or y == x else (x, y)

    def _on_choice(self) -> None:
        self.schedule(0)

    # ----------------------------------------------------------------- recomputing
    def schedule(self, delay_ms: int = RECOMPUTE_DELAY_MS) -> None:
        self._dirty = True
        if self._training or not self.isVisible():
            return
        self._timer.start(delay_ms)

    def recompute(self) -> None:
        """Start computing the selected landscape (the previous job is cancelled)."""
        self._timer.stop()
        if self._job is not None:
            self._job.cancel()
            self._job = None
        ids = self.selected_ids()
        if not ids:
            self._show_empty(
                self.tr("Mark a parameter or an edge weight as trainable to see its landscape.")
            )
            return
        self._dirty = False
        self._jobs += 1  # the job snapshots the graph; the worker builds its own copy
        job = LandscapeJob(self._signals, self._jobs, self.document.graph, ids, self._focus(ids))
        self._job = job
        self._alive[job.number] = job
        self.status.setText(self.tr("Computing the landscape…"))
        QThreadPool.globalInstance().start(job)

    def wait_done(self, timeout_ms: int = 10_000) -> bool:
        """Block until the current job ends (tests); its result arrives as an event."""
        return QThreadPool.globalInstance().waitForDone(timeout_ms)

    def _focus(self, ids: tuple[str, ...]) -> dict[str, list[float]]:
        focus: dict[str, list[float]] = {}
        for item_id in ids:
            if item_id not in self.path_ids:
                continue
            k = self.path_ids.index(item_id)
            values = [float(v) for rows in self.paths.values() for v in rows[:, k]]
            values += [float(row[k]) for row in self.ends.values()]
            focus[item_id] = values
        return focus

    def _on_done(self, number: int, data: LandscapeData | None, error: str) -> None:
        self._alive.pop(number, None)
        if self._job is None or number != self._job.number or error == CANCELLED:
            return
        self._job = None
        if data is None:
            self._show_empty(self.tr("Cannot compute the landscape: %1").replace("%1", str(error)))
            return
        self.data = data
        self._draw()

    # ----------------------------------------------------------------- drawing
    def _clear_items(self) -> None:
        self.plot.clear()
        self.legend.clear()
        self.curve = self.image = self.point = self.closed_form_item = None
        self.contours = []
        self.path_items, self.path_shadows = {}, {}

    def _show_empty(self, text: str) -> None:
        self.data = None
        self._clear_items()
        self.status.setText(text)

    def _names(self, ids: tuple[str, ...]) -> list[str]:
        graph = self.document.graph
        return [graph.node(i).display_name if graph.has_node(i) else f"w({i})" for i in ids]

    def _draw(self) -> None:
        data = self.data
        assert data is not None
        self._clear_items()
        names = self._names(data.ids)
        if data.two_d:
            self._draw_2d(data, names)
        else:
            self._draw_1d(data, names[0])
        self._draw_paths()
        self._place_legend(not data.two_d)  # a heat map: the status line explains the marks
        self.plot.getPlotItem().enableAutoRange()

    def _place_legend(self, shown: bool) -> None:
        """The legend in rows of up to three entries above the data area, which gives up the
        height it takes."""
        item = self.plot.getPlotItem()
        self.legend.setColumnCount(min(3, max(1, len(self.legend.items))))
        self.legend.setVisible(shown and bool(self.legend.items))
        self.legend.updateSize()
        height = self.legend.boundingRect().height() + 2 if self.legend.isVisible() else 0
        item.layout.setRowFixedHeight(0, height)

    def _draw_1d(self, data: LandscapeData, name: str) -> None:
        alone = self.x_choice.count() == 1
        set_axis_labels(self.plot, name, "L" if alone else self.tr("L (others fixed)"))
        _, fg = palette_colors(self.plot)
        self.curve = self.plot.plot(
            data.xs,
            data.losses,
            pen=pg.mkPen(fg, width=2 * self.plot.line_scale),
            name=f"L({name})",
        )
        answer = data.closed_form
        text = f"L({name} = {fmt_number(data.current[0])}) = {fmt_number(data.current_loss)}"
        if answer is not None and answer.found and answer.value is not None:
            line = pg.InfiniteLine(
                answer.value,
                angle=90,
                pen=pg.mkPen("#16a34a", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine),
            )
            self.plot.addItem(line)
            star = pg.ScatterPlotItem(
                [answer.value], [answer.loss], symbol="star", size=16,
                brush=pg.mkBrush("#16a34a"), pen=pg.mkPen("#0b5e2a"),
                name=f"closed form: {name} = {fmt_number(answer.value)}",
            )  # fmt: skip
            star.setZValue(35)  # above the current point, which is often right there
            self.plot.addItem(star)
            self.closed_form_item = star
            text += (
                self.tr("; closed form: %1 = %2")
                .replace("%1", name)
                .replace("%2", fmt_number(answer.value))
            )
        elif answer is not None:
            minima = [p for p in answer.stationary_points if p.kind == "minimum"]
            if minima:
                marks = pg.ScatterPlotItem(
                    [p.value for p in minima], [p.loss for p in minima], symbol="t1", size=11,
                    brush=pg.mkBrush(0, 0, 0, 0), pen=pg.mkPen("#16a34a", width=1.5),
                    name="minima (numerical)",
                )  # fmt: skip
                self.plot.addItem(marks)
            text += self.tr("; no closed form (L is not quadratic in it)")
        self._add_point(data.current[0], data.current_loss)
        self.status.setText(text + self._notes(data))

    def _draw_2d(self, data: LandscapeData, names: list[str]) -> None:
        set_axis_labels(self.plot, names[0], names[1])
        assert data.ys is not None
        z = _color_values(data.losses)
        image = pg.ImageItem(axisOrder="row-major")
        image.setImage(z, autoLevels=False)
        finite = z[np.isfinite(z)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        image.setLevels((lo, hi if hi > lo else lo + 1))
        image.setColorMap(pg.colormap.get("viridis"))
        dx = (data.xs[-1] - data.xs[0]) / max(1, len(data.xs) - 1)
        dy = (data.ys[-1] - data.ys[0]) / max(1, len(data.ys) - 1)
        image.setRect(
            QRectF(data.xs[0] - dx / 2, data.ys[0] - dy / 2, dx * len(data.xs), dy * len(data.ys))
        )
        image.setZValue(-10)
        self.plot.addItem(image)
        self.image = image
        self.contours = []
        filled = np.where(np.isfinite(z), z, hi)
        for level in np.linspace(lo, hi, CONTOUR_LEVELS + 2)[1:-1]:
            iso = pg.IsocurveItem(data=filled, level=float(level), pen=pg.mkPen(255, 255, 255, 110))
            iso.setParentItem(image)
            self.contours.append(iso)
        i, j = np.unravel_index(np.nanargmin(data.losses), data.losses.shape)
        self._add_point(data.current[0], data.current[1])
        here = (
            f"○ L({names[0]} = {fmt_number(data.current[0])}, {names[1]} = "
            f"{fmt_number(data.current[1])}) = {fmt_number(data.current_loss)}"
        )
        lowest = f"{fmt_number(data.losses[i, j])}"
        at = f"({fmt_number(data.xs[j])}, {fmt_number(data.ys[i])})"
        text = (
            self.tr("%1; lowest on the grid %2 at %3. Dark = low loss; lines: training paths")
            .replace("%1", here)
            .replace("%2", lowest)
            .replace("%3", at)
        )
        if len(self.ends) > 1:
            text += "; " + self.tr("dots: where the runs ended (★ best)")
        self.status.setText(text + self._notes(data))

    def _add_point(self, x: float, y: float) -> None:
        self.point = pg.ScatterPlotItem(
            [x], [y], size=12, symbol="o", brush=pg.mkBrush("#ffffff"),
            pen=pg.mkPen("#111111", width=2), name="current",
        )  # fmt: skip
        self.point.setZValue(30)
        self.plot.addItem(self.point)

    def _notes(self, data: LandscapeData) -> str:
        return f" ({'; '.join(data.notes)})" if data.notes else ""

    def _draw_paths(self) -> None:
        data = self.data
        if data is None or not all(i in self.path_ids for i in data.ids):
            return
        for number, ids, base, paths in self.kept:  # earlier runs of the comparison
            if all(i in ids for i in data.ids):
                kept_cols = [ids.index(i) for i in data.ids]
                for run, rows in sorted(paths.items()):
                    rows = rows[:: max(1, len(rows) // MAX_PATH_POINTS)]
                    self._draw_path((number, run), rows, kept_cols, run_color(base + run))
        cols = [self.path_ids.index(i) for i in data.ids]
        for run, rows in sorted(self.paths.items()):
            rows = rows[:: max(1, len(rows) // MAX_PATH_POINTS)]
            self._draw_path(
                (self.session_number, run), rows, cols, run_color(self.color_base + run)
            )
        ends = [(run, *self._xy(theta, cols)) for run, theta in sorted(self.ends.items())]
        ends = [(r, x, y) for r, x, y in ends if np.isfinite(x) and np.isfinite(y)]
        if len(ends) > 1:
            marks = pg.ScatterPlotItem(
                [x for _, x, _ in ends], [y for _, _, y in ends], size=12, symbol="o",
                brush=[pg.mkBrush(run_color(self.color_base + r)) for r, _, _ in ends],
                pen=pg.mkPen("#111111"), name="run ends (★ best)",
            )  # fmt: skip
            marks.setZValue(32)
            self.plot.addItem(marks)
            best = [(x, y) for r, x, y in ends if r == self.best_run]
            if best:
                star = pg.ScatterPlotItem(
                    [best[0][0]], [best[0][1]], size=17, symbol="star", pen=pg.mkPen("#111111"),
                    brush=pg.mkBrush(run_color(self.color_base + (self.best_run or 0))),
                )  # fmt: skip
                star.setZValue(34)
                self.plot.addItem(star)

    def _xy(self, theta: np.ndarray, cols: list[int]) -> tuple[float, float]:
        data = self.data
        assert data is not None
        x = float(theta[cols[0]])
        y = float(theta[cols[1]]) if data.two_d else data.loss_at(x)
        return x, y

    def _draw_path(
        self, key: tuple[int, int], rows: np.ndarray, cols: list[int], color: QColor
    ) -> None:
        """One run's path (``key``: session number, run) in its loss-plot colour."""
        data = self.data
        if data is None or len(rows) == 0:
            return
        xs = rows[:, cols[0]]
        ys = rows[:, cols[1]] if data.two_d else np.interp(xs, data.xs, data.losses)
        if not data.two_d:  # outside the computed curve: not drawn (and not in the bounds)
            inside = (xs >= data.xs[0]) & (xs <= data.xs[-1])
            xs, ys = np.where(inside, xs, np.nan), np.where(inside, ys, np.nan)
        dots = len(rows) <= MAX_PATH_DOTS  # a long path is a line; a short one shows its steps
        item = self.path_items.get(key)
        if item is None:
            name = self.tr("training paths") if not self.path_items else None
            item = pg.PlotDataItem(
                pen=pg.mkPen(color, width=2 * self.plot.line_scale), name=name, connect="finite"
            )
            item.setZValue(20)
            self.plot.addItem(item)
            self.path_items[key] = item
            if data.two_d:  # a dark edge under the line: visible on every colour of the map
                shadow = pg.PlotDataItem(pen=pg.mkPen(0, 0, 0, 170, width=4.5), connect="finite")
                shadow.setZValue(19)
                self.plot.addItem(shadow)
                self.path_shadows[key] = shadow
        item.setSymbol("o" if dots else None)
        item.setSymbolSize(5)
        item.setSymbolBrush(pg.mkBrush(color))
        item.setSymbolPen(pg.mkPen("#111111", width=0.8) if data.two_d else None)
        finite = np.isfinite(ys).any()
        item.setData(xs, ys) if finite else item.setData([], [])
        shadow = self.path_shadows.get(key)
        if shadow is not None:
            shadow.setData(xs, ys) if finite else shadow.setData([], [])

    # ----------------------------------------------------------------- training
    def begin_session(self, session: TrainingSession) -> None:
        self._training = True
        self._timer.stop()
        if self._job is not None:  # the CPU goes to training; recomputed at the end
            self._job.cancel()
            self._job = None
            self._dirty = True
        if self.paths:  # the previous session's paths stay (until Clear)
            self.kept.append((self.session_number, self.path_ids, self.color_base, self.paths))
        self.path_ids = [i for _, i in session.trainable_ids]
        self.color_base = session.color_base
        self.session_number = session.number
        self.paths, self.ends, self.best_run = {}, {}, None
        self._live = {}

    def add_update(self, update: TrainingUpdate) -> None:
        run = update.progress.run
        self._live.setdefault(run, []).append(update.theta.copy())
        data = self.data
        if data is None or not self.isVisible() or not all(i in self.path_ids for i in data.ids):
            return
        cols = [self.path_ids.index(i) for i in data.ids]
        rows = np.array(self._live[run])
        self._draw_path((self.session_number, run), rows, cols, run_color(self.color_base + run))
        if self.point is not None:
            x, y = self._xy(update.theta, cols)
            self.point.setData(*(([x], [y]) if np.isfinite(y) else ([], [])))

    def finish_session(self, session: TrainingSession) -> None:
        self._training = False
        result = session.result
        if result is not None:
            self.paths = {k: np.asarray(r.trajectory) for k, r in enumerate(result.runs)}
            self.ends = {k: np.asarray(r.theta) for k, r in enumerate(result.runs)}
            self.best_run = result.best_run
        self._live = {}
        self.schedule(0)

    # ----------------------------------------------------------------- events
    def _on_graph_events(self, events: list[Any]) -> None:
        for event in {(e.kind, e.keys): e for e in events}.values():
            self._on_graph_event(event)

    def _on_graph_event(self, event: Any) -> None:
        if event.kind in ("node_added", "node_removed", "edge_added", "edge_removed") or (
            event.kind in ("node_changed", "edge_changed") and "trainable" in event.keys
        ):
            self._fill_choices()
        if event.kind == "node_changed" and set(event.keys) <= {"position"}:
            return
        self.schedule()

    def clear_paths(self) -> None:
        """Forget every run's path (the loss plot's Clear)."""
        self.paths, self.ends, self.best_run, self.kept = {}, {}, None, []
        if self.data is not None:
            self._draw()

    def _on_graph_replaced(self, _graph: Any) -> None:
        self.paths, self.ends, self.path_ids, self.best_run = {}, {}, [], None
        self.kept = []
        self._fill_choices()
        # never the old graph's landscape under the new labels: empty now, recomputed at once
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._show_empty(self.tr("Computing the landscape…"))
        self._dirty = True
        if self.isVisible() and not self._training:
            self.recompute()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name)
        """Another theme: draw again in its colours (curve, legend, axes), same ranges."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._restyle_pending:
            self._restyle_pending = True
            QTimer.singleShot(0, self, self._restyle)

    def _restyle(self) -> None:
        self._restyle_pending = False
        if self.data is None:
            return
        vb = self.plot.getPlotItem().vb
        ranges = vb.viewRange()
        auto = vb.autoRangeEnabled()
        self._draw()
        for name in ("left", "bottom"):  # ticks as plain numbers, never an SI-scaled label
            axis = self.plot.getPlotItem().getAxis(name)
            axis.enableAutoSIPrefix(False)
            axis.setScale(1.0)
        if not any(auto):
            vb.setRange(xRange=ranges[0], yRange=ranges[1], padding=0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty and not self._training:
            self._timer.start(0)

    def _on_mouse(self, pos: QPointF) -> None:
        data = self.data
        if data is None or not self.plot.sceneBoundingRect().contains(pos):
            return
        p = self.plot.getPlotItem().vb.mapSceneToView(pos)
        names = self._names(data.ids)
        if data.two_d:
            assert data.ys is not None
            if not (data.xs[0] <= p.x() <= data.xs[-1] and data.ys[0] <= p.y() <= data.ys[-1]):
                return
            c = int(np.abs(data.xs - p.x()).argmin())
            r = int(np.abs(data.ys - p.y()).argmin())
            self.setToolTip(
                f"{names[0]} = {fmt_number(data.xs[c])}, {names[1]} = {fmt_number(data.ys[r])}: "
                f"L = {fmt_number(data.losses[r, c])}"
            )
        else:
            loss = data.loss_at(p.x())
            if np.isfinite(loss):
                self.setToolTip(f"{names[0]} = {fmt_number(p.x())}: L = {fmt_number(loss)}")


def _color_values(losses: np.ndarray) -> np.ndarray:
    """log10 of L above its minimum (plus a small floor): valleys stand out in the colours."""
    finite = losses[np.isfinite(losses)]
    if finite.size == 0:
        return np.zeros_like(losses)
    low, high = float(finite.min()), float(finite.max())
    floor = max((high - low) * 1e-4, 1e-12)
    return np.log10(np.where(np.isfinite(losses), losses - low, np.nan) + floor)
