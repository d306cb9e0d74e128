"""The loss plot ("loss_plot"): loss against iteration, live, for every training session.

Each session (one press of Train) adds one curve per run; runs of a session with restarts
get distinct colours and, when the session ends, the best run is drawn thicker and marked
★ in the legend. Earlier sessions stay for comparison (lr 0.1 against 0.01, momentum 0
against 0.9, batch against stochastic) until **Clear**: when a new session starts, each
earlier one keeps its best run in the legend (labelled with its settings, e.g.
``sgd lr 0.1 m 0.9 batch``) and its other runs fade.

Timeline (ui/training/timeline.py): a click on the plot, or a drag of the vertical cursor,
emits ``iteration_picked(float)`` with the iteration under the mouse; ``set_timeline_cursor``
puts the cursor there (None hides it). Those methods are apart from the curves' code.

Live drawing stays smooth with 100,000 points: each curve keeps x/y numpy buffers that double
when full, new points are copied in and ``setData`` gets views of the filled part; curves use
``setDownsampling(method="peak")`` and ``setClipToView(True)``, so only what is visible, at
screen resolution, is drawn. **Log scale** switches the y axis (losses at or below 0 are not
drawn on it, and a note says so).

With held-out rows (``training.validation_fraction``) each run also gets its held-out loss
curve, **dashed in the run's colour** (``held_out`` curves, read from the run's
``validation_losses``; point i is the held-out loss with the values before update i), so
the moment the two curves part, overfitting begins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.training.run_history import DEFAULT_LOSS_LIMIT, envelope_bucket, peak_decimate
from .controller import TrainingSession, TrainingUpdate
from .plot_style import ThemedPlotWidget, add_legend, set_axis_labels
from .run_colors import run_color

THIN, NORMAL, BOLD = 1.2, 2.0, 3.2


class CurveBuffer:
    """x/y buffers that double when full; ``item`` shows the filled part."""

    def __init__(self, item: pg.PlotDataItem, capacity: int = 1024) -> None:
        self.item = item
        self.x = np.empty(capacity)
        self.y = np.empty(capacity)
        self.n = 0
        self.limit = DEFAULT_LOSS_LIMIT
        self.lo = self.hi = self.positive_lo = np.nan  # of the finite losses held

    def put(self, start: int, values: np.ndarray) -> None:
        """Losses of iterations ``start, start + 1, ...`` (later points are replaced)."""
        self.put_points(np.arange(start, start + len(values), dtype=float), values)

    def put_points(self, steps: np.ndarray, values: np.ndarray) -> None:
        """Losses at iterations ``steps`` (increasing; points from ``steps[0]`` on are
        replaced). Past ``limit`` points the curve is thinned like the run's own history
        (the envelope stays: the plot's peak downsampling draws the same picture)."""
        if len(steps) == 0:
            return
        start = int(np.searchsorted(self.x[: self.n], steps[0]))
        replacing = start < self.n
        end = start + len(values)
        if end > self.x.size:
            size = self.x.size
            while size < end:
                size *= 2
            for name in ("x", "y"):
                old = getattr(self, name)
                new = np.empty(size)
                new[:start] = old[:start]
                setattr(self, name, new)
        self.x[start:end] = steps
        self.y[start:end] = values
        self.n = end
        if self.n > self.limit:
            bucket = envelope_bucket(self.x[self.n - 1], self.limit)
            xs, ys = peak_decimate(self.x[: self.n], self.y[: self.n], bucket)
            self.n = len(ys)
            self.x[: self.n], self.y[: self.n] = xs, ys
            replacing = True
        self._extend(self.y[: self.n] if replacing or start == 0 else values, reset=replacing)
        self.item.setData(self.x[: self.n], self.y[: self.n])

    def _extend(self, values: np.ndarray, reset: bool) -> None:
        if reset:
            self.lo = self.hi = self.positive_lo = np.nan
        finite = values[np.isfinite(values)]
        if finite.size:
            self.lo = np.fmin(self.lo, finite.min())
            self.hi = np.fmax(self.hi, finite.max())
            positive = finite[finite > 0]
            if positive.size:
                self.positive_lo = np.fmin(self.positive_lo, positive.min())

    @property
    def data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[: self.n].copy(), self.y[: self.n].copy()


@dataclass
class SessionCurves:
    """The curves of one session."""

    session: TrainingSession
    label: str
    colors: dict[int, QColor] = field(default_factory=dict)
    curves: dict[int, CurveBuffer] = field(default_factory=dict)
    held_out: dict[int, CurveBuffer] = field(default_factory=dict)  # dashed, same colour
    statuses: list[str] = field(default_factory=list)
    best: int | None = None
    collapsed: bool = False
    header: pg.PlotDataItem = field(default_factory=lambda: pg.PlotDataItem(pen=None))


class LossPlot(QWidget):
    """Loss against iteration for every session since the last Clear."""

    iteration_picked = Signal(float)  # a click or a cursor drag at this iteration

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loss_plot")
        self.sessions: dict[int, SessionCurves] = {}

        self.plot = ThemedPlotWidget(self)
        self.plot.setObjectName("loss_plot_view")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        set_axis_labels(self.plot, self.tr("iteration"), self.tr("loss L"))
        self.plot.getPlotItem().setMenuEnabled(False)
        # Only what is visible, at screen resolution, is drawn: smooth with 100,000 points.
        self.plot.getPlotItem().setDownsampling(auto=True, mode="peak")
        self.plot.getPlotItem().setClipToView(True)
        self.plot.getPlotItem().disableAutoRange()
        self.plot.getPlotItem().vb.sigRangeChangedManually.connect(self._on_manual_range)
        self._follow = True
        self._setting_range = False
        self.legend = add_legend(self.plot, (-8, 8))
        self.legend.setVisible(False)  # until there is a curve
        self.hint = pg.TextItem(
            self.tr("Train to see the loss fall here, one curve per run."), anchor=(0.5, 0.5)
        )
        self.hint.setColor(self.plot.getPlotItem().getAxis("bottom").textPen().color())
        self.plot.addItem(self.hint, ignoreBounds=True)
        self.hint.setPos(0.5, 0.5)

        self.log_box = QCheckBox(self.tr("Log scale"))
        self.log_box.setObjectName("loss_plot_log")
        self.log_box.setToolTip(
            self.tr("Show the loss on a logarithmic axis (orders of magnitude)")
        )
        self.log_box.toggled.connect(self.set_log_scale)
        self.note = QLabel()
        self.note.setObjectName("loss_plot_note")
        self.note.setStyleSheet("color: palette(mid);")
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("loss_plot_clear")
        self.clear_button.setToolTip(self.tr("Forget every curve (earlier trainings included)"))
        self.clear_button.clicked.connect(self.clear)
        self.fit_button = QPushButton(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Show every curve whole"))
        self.fit_button.clicked.connect(self.fit)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        bar.addWidget(self.log_box)
        bar.addWidget(self.note, 1)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.plot, 1)
        self._update_buttons()
        self._init_timeline_cursor()

    # ----------------------------------------------------------------- timeline cursor
    def _init_timeline_cursor(self) -> None:
        self.timeline_line = pg.InfiniteLine(
            angle=90, movable=True, pen=pg.mkPen("#ff9800", width=2),
            hoverPen=pg.mkPen("#ffb74d", width=3),
        )  # fmt: skip
        self.timeline_line.setZValue(40)
        self.timeline_line.setVisible(False)
        self.plot.addItem(self.timeline_line, ignoreBounds=True)
        self._placing_cursor = False
        self.timeline_line.sigPositionChanged.connect(self._cursor_dragged)
        self.plot.scene().sigMouseClicked.connect(self._plot_clicked)

    def _plot_clicked(self, event) -> None:  # noqa: ANN001  (a pyqtgraph event)
        if event.button() != Qt.MouseButton.LeftButton or not self.sessions:
            return
        vb = self.plot.getPlotItem().vb
        pos = event.scenePos()
        if not vb.sceneBoundingRect().contains(pos):
            return
        self.iteration_picked.emit(float(vb.mapSceneToView(pos).x()))

    def _cursor_dragged(self) -> None:
        if not self._placing_cursor:
            self.iteration_picked.emit(float(self.timeline_line.value()))

    def set_timeline_cursor(self, iteration: float | None) -> None:
        """Show the timeline's cursor at ``iteration`` (None: hide it)."""
        self._placing_cursor = True
        try:
            if iteration is None:
                self.timeline_line.setVisible(False)
            else:
                self.timeline_line.setValue(float(iteration))
                self.timeline_line.setVisible(True)
        finally:
            self._placing_cursor = False

    # ----------------------------------------------------------------- sessions
    def begin_session(self, session: TrainingSession) -> None:
        """A new session: earlier ones are reduced to their best run."""
        for other in self.sessions.values():
            self._collapse(other)
        label = session.label
        if any(s.label == label for s in self.sessions.values()):
            label = f"{label} #{session.number}"
        self.sessions[session.number] = SessionCurves(session, label)
        self.hint.setVisible(False)
        self._update_buttons()

    def add_update(self, update: TrainingUpdate) -> None:
        """New loss points of a session in progress."""
        entry = self.sessions.get(update.session.number)
        if entry is None:
            self.begin_session(update.session)
            entry = self.sessions[update.session.number]
        entry.statuses = list(update.statuses)
        for run, steps, values in update.new_losses:
            curve = entry.curves.get(run) or self._new_curve(entry, run)
            if np.ndim(steps) == 0:  # the first iteration of consecutive losses
                steps = np.arange(int(steps), int(steps) + len(values), dtype=float)
            curve.put_points(steps, values)
            self._follow_held_out(entry, run)
        self._update_range()
        self._check_log_note()

    def finish_session(self, session: TrainingSession) -> None:
        """The session ended: highlight its best run, note diverged or stopped runs."""
        entry = self.sessions.get(session.number)
        if entry is None or session.result is None:
            return
        result = session.result
        entry.best = result.best_run
        entry.statuses = [r.status for r in result.runs]
        for k, run in enumerate(result.runs):
            curve = entry.curves.get(k)
            if curve is None:
                continue
            losses, steps = run.losses, run.loss_steps
            shown_last = curve.x[curve.n - 1] if curve.n else -1.0
            last = steps[-1] if len(steps) else -1.0
            if len(losses) != curve.n or shown_last != last:  # the final snapshot is the truth
                curve.put_points(np.asarray(steps), np.asarray(losses))
            held = entry.held_out.get(k)
            if held is not None and len(run.validation_losses) != held.n:
                held.put(0, np.asarray(run.validation_losses))
            else:
                self._follow_held_out(entry, k, run)
        self._restyle(entry)
        self._update_range(exact=True)
        self._check_log_note()

    def clear(self) -> None:
        """Forget every curve."""
        for entry in self.sessions.values():
            for curve in [*entry.curves.values(), *entry.held_out.values()]:
                self.plot.removeItem(curve.item)
        self.sessions.clear()
        self.legend.clear()
        self.legend.setVisible(False)
        self.hint.setVisible(True)
        self.note.setText("")
        self._follow = True
        self.plot.getPlotItem().vb.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        self._update_buttons()

    def fit(self) -> None:
        """Show every curve whole, and follow them again as they grow."""
        self._follow = True
        self._update_range(exact=True)

    def _update_range(self, exact: bool = False) -> None:
        """Keep every curve in view while changing the axes rarely: the x range grows in
        steps of 1, 2, 5 x 10^k and the y range changes only when the data leaves it or
        fills less than half of it (redrawing the axes is what costs in a live plot)."""
        if not self._follow:
            return
        curves = [
            c
            for e in self.sessions.values()
            for c in [*e.curves.values(), *e.held_out.values()]
            if c.n
        ]
        if not curves:
            return
        log = self.log_box.isChecked()
        n = max(c.n for c in curves) - 1
        lows = [c.positive_lo if log else c.lo for c in curves]
        highs = [c.hi for c in curves]
        lo, hi = np.nanmin(lows + [np.inf]), np.nanmax(highs + [-np.inf])
        if not (np.isfinite(lo) and np.isfinite(hi)):
            return
        if log:
            lo, hi = np.log10(lo), np.log10(max(hi, lo))
        x_hi = max(n, 1) if exact else _nice_ceiling(max(n, 1) * 1.25)
        (x0, x1), (y0, y1) = self.plot.getPlotItem().vb.viewRange()
        new_x = (-0.01 * x_hi, float(x_hi)) if exact or n > x1 or x1 > 2 * x_hi else (x0, x1)
        span = max(hi - lo, abs(hi) * 1e-6, 1e-12)
        needs_y = exact or lo < y0 or hi > y1 or span < 0.5 * (y1 - y0)
        new_y = (lo - 0.05 * span, hi + 0.05 * span) if needs_y else (y0, y1)
        if (new_x, new_y) != ((x0, x1), (y0, y1)):
            self._setting_range = True
            self.plot.getPlotItem().vb.setRange(xRange=new_x, yRange=new_y, padding=0)
            self._setting_range = False

    def _on_manual_range(self, *_args: object) -> None:
        if not self._setting_range:
            self._follow = False  # the person zoomed or panned: leave the view to them

    def set_log_scale(self, on: bool) -> None:
        if self.log_box.isChecked() != on:
            self.log_box.setChecked(on)
            return
        self.plot.getPlotItem().setLogMode(x=False, y=on)
        self._update_range(exact=True)
        self._check_log_note()

    # ----------------------------------------------------------------- queries (tests)
    def curve_data(self, session_number: int, run: int = 0) -> tuple[np.ndarray, np.ndarray]:
        return self.sessions[session_number].curves[run].data

    def curve_items(self, session_number: int | None = None) -> list[pg.PlotDataItem]:
        entries = (
            self.sessions.values() if session_number is None else [self.sessions[session_number]]
        )
        return [c.item for e in entries for _, c in sorted(e.curves.items())]

    def held_out_data(self, session_number: int, run: int = 0) -> tuple[np.ndarray, np.ndarray]:
        return self.sessions[session_number].held_out[run].data

    def held_out_items(self) -> list[pg.PlotDataItem]:
        return [c.item for e in self.sessions.values() for _, c in sorted(e.held_out.items())]

    def legend_labels(self) -> list[str]:
        return [label.text for _, label in self.legend.items]

    # ----------------------------------------------------------------- drawing
    def _new_curve(self, entry: SessionCurves, run: int) -> CurveBuffer:
        color = run_color(entry.session.color_base + run)
        entry.colors[run] = color
        item = pg.PlotDataItem(pen=pg.mkPen(color, width=NORMAL * self.plot.line_scale))
        item.setZValue(10)
        self.plot.addItem(item)  # takes the plot's peak downsampling and clipping
        item.setDownsampling(auto=True, method="peak")
        item.setClipToView(True)
        curve = CurveBuffer(item)
        entry.curves[run] = curve
        self._restyle(entry)
        return curve

    def _follow_held_out(self, entry: SessionCurves, run: int, record: object = None) -> None:
        """Copy the run's new held-out losses into its dashed curve (made when first needed)."""
        if record is None:
            runs = getattr(entry.session.trainer, "runs", [])
            record = runs[run] if run < len(runs) else None
        values = getattr(record, "validation_losses", None)
        if values is None or not len(values):
            return
        held = entry.held_out.get(run)
        if held is None:
            item = pg.PlotDataItem()
            item.setZValue(9)
            self.plot.addItem(item)
            item.setDownsampling(auto=True, method="peak")
            item.setClipToView(True)
            held = entry.held_out[run] = CurveBuffer(item)
            self._restyle(entry)
        if len(values) > held.n:
            held.put(held.n, np.array(values[held.n :]))

    def _run_label(self, entry: SessionCurves, run: int) -> str:
        status = entry.statuses[run] if run < len(entry.statuses) else ""
        text = entry.label
        if entry.session.runs > 1:
            text = self.tr("run %1").replace("%1", str(run + 1))
            if entry.best == run:
                text += self.tr(" ★ best")
        if status == "diverged":
            text += self.tr(" (diverged)")
        elif status == "stopped":
            text += self.tr(" (stopped)")
        return text

    def _restyle(self, entry: SessionCurves) -> None:
        """Pens of a session's curves after a change of its state, then the legend."""
        for run, curve in entry.curves.items():
            color = QColor(entry.colors[run])
            width = NORMAL
            z = 10
            if entry.best is not None and entry.session.runs > 1:
                width, z = (BOLD, 20) if run == entry.best else (THIN, 5)
            if entry.collapsed and run != entry.best:
                color.setAlphaF(0.3)
                width, z = THIN, 1
            width *= self.plot.line_scale  # presentation mode draws wider
            curve.item.setPen(pg.mkPen(color, width=width))
            curve.item.setZValue(z)
            held = entry.held_out.get(run)
            if held is not None:
                held.item.setPen(pg.mkPen(color, width=width, style=Qt.PenStyle.DashLine))
                held.item.setZValue(z - 1)
        self._rebuild_legend()

    def _rebuild_legend(self) -> None:
        """One entry per earlier session (its best run), then the newest session's runs
        under a header naming its settings."""
        self.legend.clear()
        for entry in self.sessions.values():
            curves = sorted(entry.curves.items())
            if not curves:
                continue
            if entry.collapsed:
                best = entry.curves.get(entry.best or 0, curves[0][1])
                label = entry.label
                if entry.session.runs > 1:
                    label += self.tr(" (best of %1)").replace("%1", str(len(entry.curves)))
                self.legend.addItem(best.item, label)
                continue
            if entry.session.runs > 1:
                self.legend.addItem(entry.header, entry.label)
            for run, curve in curves:
                self.legend.addItem(curve.item, self._run_label(entry, run))
                held = entry.held_out.get(run)
                if held is not None:
                    label = QCoreApplication.translate("LossPlot", "{0}, held out")
                    self.legend.addItem(held.item, label.format(self._run_label(entry, run)))
        self.legend.setColumnCount(2 if len(self.legend.items) > 5 else 1)
        self.legend.setVisible(bool(self.legend.items))

    def _collapse(self, entry: SessionCurves) -> None:
        if entry.collapsed:
            return
        entry.collapsed = True
        if entry.best is None:
            entry.best = 0
        self._restyle(entry)

    def _check_log_note(self) -> None:
        note = ""
        if self.log_box.isChecked():
            for entry in self.sessions.values():
                if any(c.n and np.nanmin(c.y[: c.n]) <= 0 for c in entry.curves.values()):
                    note = self.tr("losses ≤ 0 are not shown on a log scale")
                    break
        self.note.setText(note)

    def _update_buttons(self) -> None:
        self.clear_button.setEnabled(bool(self.sessions))
        self.fit_button.setEnabled(bool(self.sessions))

    def sizeHint(self):  # noqa: N802
        size = super().sizeHint()
        size.setHeight(max(size.height(), 240))
        return size


def _nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at least ``x``."""
    k = 10.0 ** np.floor(np.log10(x))
    for m in (1, 2, 5, 10):
        if m * k >= x:
            return float(m * k)
    return float(10 * k)
