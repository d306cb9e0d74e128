"""The training timeline: click or drag on the loss plot to see the graph at iteration i.

When a session ends, :class:`Timeline` keeps snapshots of its best run's values: every
iteration of a run of up to ``MAX_SNAPSHOTS`` iterations, evenly spaced ones (always the start
and the end) of a longer run, so memory stays bounded (``MAX_SNAPSHOTS`` rows of the
trainables per session; the Trainer's own trajectory is thinned the same way). A snapshot row
``k`` holds the exact values after update ``steps[k]``: the values at which the plot's loss
``losses[steps[k]]`` was measured.

Picking an iteration (a click on the plot, a drag of its orange cursor) snaps to the nearest
snapshot and shows the graph there on the canvas: parameter values and weights
(the weights through ``scene.set_value_preview``, every node's value and gradient from a pass
at those values through ``scene.set_evaluation``); the landscape plot gets a marker at that point. The bar under the
plot (``training_timeline``) names the iteration and its loss, and offers **Restore These
Weights** (one undoable edit of the document) and **Back to Now**. Any edit of the graph, a
new session or another file ends the view of the past.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...core.engine.plan import compile_plan
from ...core.engine.trace import fmt_number
from ...core.model.errors import BackpropError

MAX_SNAPSHOTS = 2000


def _tr(text: str) -> str:
    return QCoreApplication.translate("Timeline", text)


@dataclass(frozen=True)
class Snapshots:
    """Values of the trainables after chosen updates of one run (exact, not interpolated)."""

    session: int
    run: int
    trainable_ids: tuple[tuple[str, str], ...]
    steps: np.ndarray  # update numbers, increasing, from 0 (the start)
    values: np.ndarray  # one row per step
    losses: np.ndarray  # the run's loss before each update
    structure_revision: int

    @classmethod
    def of_run(cls, session: Any, run_index: int, revision: int, limit: int = MAX_SNAPSHOTS):
        """At most ``limit`` rows of the run's trajectory, evenly spread, both ends kept."""
        run = session.result.runs[run_index]
        steps, values = run.trajectory_with_steps()
        if len(steps) > limit:
            keep = np.unique(np.linspace(0, len(steps) - 1, limit).round().astype(int))
            steps, values = steps[keep], values[keep]
        return cls(
            session.number,
            run_index,
            tuple(session.trainable_ids),
            np.array(steps, dtype=int),
            np.array(values, dtype=float),
            np.array(run.losses, dtype=float),
            revision,
        )

    def nearest(self, iteration: float) -> int:
        """Index of the snapshot nearest to ``iteration``."""
        return int(np.argmin(np.abs(self.steps - iteration)))

    def dicts(self, k: int) -> tuple[dict[str, float], dict[str, float]]:
        nodes, edges = {}, {}
        for (kind, item), v in zip(self.trainable_ids, self.values[k], strict=True):
            (nodes if kind == "node" else edges)[item] = float(v)
        return nodes, edges

    def loss_at(self, k: int) -> float | None:
        step = int(self.steps[k])
        return float(self.losses[step]) if step < len(self.losses) else None


class TimelineBar(QWidget):
    """ "Iteration i of n · loss", Restore These Weights, Back to Now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_timeline")
        self.label = QLabel(self)
        self.label.setObjectName("timeline_label")
        self.restore = QPushButton(_tr("Restore These Weights"), self)
        self.restore.setObjectName("timeline_restore")
        self.restore.setToolTip(_tr("Make the values of this iteration the graph's (undoable)"))
        self.back = QPushButton(_tr("Back to Now"), self)
        self.back.setObjectName("timeline_back")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore)
        layout.addWidget(self.back)


class Timeline(QObject):
    """Snapshots of the last session and the view of one past iteration."""

    shown = Signal(int)  # the iteration now shown (-1: back to the present)

    def __init__(self, studio: Any, window: Any) -> None:
        super().__init__(studio)
        self.studio = studio
        self.window = window
        self.document = window.document
        self.snapshots: Snapshots | None = None
        self.index: int | None = None  # the snapshot shown, None = the present
        self.bar = TimelineBar()
        self.bar.setVisible(False)
        studio.loss_plot.layout().addWidget(self.bar)
        self.marker: pg.ScatterPlotItem | None = None
        self.bar.restore.clicked.connect(self.restore)
        self.bar.back.clicked.connect(self.leave)
        studio.loss_plot.iteration_picked.connect(self.pick)
        studio.controller.session_started.connect(lambda _s: self.forget())
        studio.controller.session_finished.connect(self.capture)
        self.document.graph_changed.connect(self._on_graph_event)
        self.document.graph_replaced.connect(lambda _g: self.forget())

    # ----------------------------------------------------------------- recording
    def capture(self, session: Any) -> None:
        """Keep the snapshots of the session's best run (the bold curve)."""
        self.leave()
        if session.result is None:
            self.snapshots = None
            return
        revision = self.document.graph.structure_revision
        self.snapshots = Snapshots.of_run(session, session.result.best_run, revision)

    def forget(self) -> None:
        self.leave()
        self.snapshots = None

    # ----------------------------------------------------------------- viewing
    def pick(self, iteration: float) -> int | None:
        """Show the graph at the snapshot nearest ``iteration``; returns that iteration."""
        snaps = self.snapshots
        if snaps is None or self.studio.controller.busy:
            return None
        if snaps.structure_revision != self.document.graph.structure_revision:
            self.window.set_status(_tr("The graph changed since that training: train again"))
            self.forget()
            return None
        k = snaps.nearest(iteration)
        graph = self.document.graph
        _nodes, edges = snaps.dicts(k)
        try:
            plan = compile_plan(graph)
            result = plan.run(snaps.values[k])
        except BackpropError as exc:
            self.window.set_status(str(exc))
            return None
        scene = self.window.scene
        # the pass at those values gives the parameters' values and gradients; the weights
        # drawn on the edges come from the preview
        scene.set_value_preview({}, edges)
        scene.set_evaluation(result, [])
        self.index = k
        step = int(snaps.steps[k])
        self.studio.loss_plot.set_timeline_cursor(step)
        loss = snaps.loss_at(k)
        last = int(snaps.steps[-1])
        text = _tr("Iteration {i} of {n}").format(i=step, n=last)
        if loss is not None:
            text += " · " + _tr("loss {loss}").format(loss=fmt_number(loss))
        elif result.loss is not None:
            text += " · " + _tr("loss {loss} (the end)").format(loss=fmt_number(result.loss))
        if len(snaps.steps) < last + 1:
            text += " · " + _tr("{n} snapshots kept").format(n=len(snaps.steps))
        self.bar.label.setText(text)
        self.bar.setVisible(True)
        self._mark_landscape(snaps.values[k])
        self.window.set_status(
            _tr("The canvas shows iteration {i}; Back to Now returns to the graph's values").format(
                i=step
            )
        )
        self.shown.emit(step)
        return step

    def leave(self) -> None:
        """Back to the present: the document's own values on the canvas."""
        if self.index is None:
            return
        self.index = None
        self.bar.setVisible(False)
        self.studio.loss_plot.set_timeline_cursor(None)
        scene = self.window.scene
        scene.clear_value_preview()
        scene.set_evaluation(self.document.result, self.document.problems)
        self._mark_landscape(None)
        self.shown.emit(-1)

    def restore(self) -> bool:
        """Make the shown iteration's values the document's: one undoable edit."""
        snaps, k = self.snapshots, self.index
        if snaps is None or k is None:
            return False
        nodes, edges = snaps.dicts(k)
        step = int(snaps.steps[k])
        self.leave()
        text = _tr("Restore weights of iteration {i}").format(i=step)
        return bool(self.document.set_values(nodes, edges, text))

    def _on_graph_event(self, event: Any) -> None:
        if self.index is None:
            return
        if event.kind == "node_changed" and set(event.keys) <= {"position", "label"}:
            return  # moving or renaming a node leaves the numbers as they are
        self.leave()

    def _mark_landscape(self, theta: np.ndarray | None) -> None:
        """A marker on the landscape plot at the shown values (None removes it)."""
        landscape = getattr(self.studio, "landscape", None)
        if self.marker is not None and landscape is not None:
            landscape.plot.removeItem(self.marker)
        self.marker = None
        if theta is None or landscape is None or self.snapshots is None:
            return
        data = getattr(landscape, "data", None)
        ids = [item for _kind, item in self.snapshots.trainable_ids]
        if data is None or not all(i in ids for i in data.ids):
            return
        cols = [ids.index(i) for i in data.ids]
        x = float(theta[cols[0]])
        y = float(theta[cols[1]]) if data.two_d else float(data.loss_at(x))
        self.marker = pg.ScatterPlotItem(
            [x], [y], size=16, symbol="d", brush=pg.mkBrush("#ff9800"),
            pen=pg.mkPen("#111111", width=1.5), name="timeline",
        )  # fmt: skip
        self.marker.setZValue(40)
        landscape.plot.addItem(self.marker)


def install(window: Any) -> Timeline | None:
    """The timeline of the window's training studio (nothing without one)."""
    studio = getattr(window, "training", None)
    if studio is None:
        return None
    timeline = Timeline(studio, window)
    window.timeline = timeline
    return timeline
