"""Runs the core :class:`~backprop_studio.core.training.trainer.Trainer` off the UI thread.

One *session* is one press of Train (or of Step when idle): a Trainer built in the UI thread
from the document's graph and the chosen settings, then driven by a
:class:`~backprop_studio.ui.training.worker.TrainingWorker` in a ``QThread`` (see
worker.py: ~30 updates a second at most, never a backlog).

The :class:`TrainingController` (UI thread) turns the worker's updates into signals for the
panels and keeps **one iteration on screen**: for every update the document shows the graph
evaluated at the values being trained (``Document.show_live_values``: cards with their
downstream values, the loss card, the status bar, the inspector), the canvas the trained edge
weights, and the panels (loss plot, progress, landscape marker) take the same update. The
update rate is throttled by what an update costs, including the canvas repaint it causes; a
canvas that takes over half a second to redraw keeps only the loss live (status bar and loss
card, ``live_loss``) and a status message says so. If handling updates takes long, the worker
is asked to send them less often, so the window stays responsive.

When the session ends (finished or stopped) the best run's values become **one undoable
edit** of the document that holds the weights only, so undo after a run restores the weights
and keeps the settings; the settings used, when they differ from the file's ``training``
section, are stored just before it as an undo step of their own.

While a session runs, Python's thread switch interval is 1 ms instead of 5 ms: the training
thread is CPU-bound Python, and every time the UI thread comes back from Qt it waits for the
GIL up to that long, so a shorter interval keeps the window (and the live plots) fluid.

Clean comparisons: "Train from" (:attr:`TrainingController.train_from`) the values before the
first run of the comparison (``FROM_FIRST``, the default: every run starts in the same place)
or the current values (``FROM_CURRENT``: continue). The origin is taken when a run starts from
values that no run of the comparison produced (the first run, or the user changed a value),
and forgotten on Clear and for another document; :meth:`TrainingController.reset_weights`
puts the trainables back to it in one undo step.

Editing the graph while training (anything that changes a number or the structure; moving or
renaming nodes does not count) stops the session and *discards* its values: the edit wins and
a status message says so. The loss curves stay on the plot.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from ...core.engine.plan import compile_plan
from ...core.engine.trace import fmt_number
from ...core.model.errors import BackpropError
from ...core.model.graph import GraphEvent
from ...core.training.trainer import Trainer, TrainingProgress, TrainingResult, TrainingSettings
from .comparison import Comparison
from .worker import (
    NOT_STARTED,
    UPDATE_INTERVAL_S,
    TrainingSession,
    TrainingUpdate,
    TrainingWorker,
    short_label,
)

__all__ = [
    "IDLE",
    "PAUSED",
    "RUNNING",
    "STOPPING",
    "TrainingController",
    "TrainingSession",
    "TrainingUpdate",
    "describe_progress",
    "short_label",
]

log = logging.getLogger(__name__)

SWITCH_INTERVAL_S = 0.001  # while training: the UI thread waits at most this for the GIL
UI_SHARE = 0.3  # live updates may take at most this share of the UI thread's time
PREVIEW_SHARE = 0.3  # ... and the live redraw of the canvas (with its repaint) this share
PREVIEW_GIVE_UP_S = 0.5  # redraws this slow, SLOW_REDRAWS times in a row: only the loss
SLOW_REDRAWS = 3  # stays live during the session (one slow redraw may be a busy machine)
EDGE_PREVIEW_BUDGET = 200  # trained edge weights shown at once at most; above, those in view
EDGE_FRAME_S = 0.03  # ... and as many as take about this long (measured, 4 at first)
EDGE_PROBE = 4
LIVE_NODE_LIMIT = 400  # above this many nodes only the loss is live (a redraw takes seconds)

IDLE, RUNNING, PAUSED, STOPPING = "idle", "running", "paused", "stopping"
FROM_FIRST, FROM_CURRENT = "first", "current"  # where a run starts: see TrainingController
_HARMLESS_NODE_KEYS = {"position", "label"}
_HARMLESS_META_KEYS = {"title", "description", "training"}


class TrainingController(QObject):
    """Train / Pause / Resume / Step / Stop for one document; see the module docstring."""

    state_changed = Signal(str)
    session_started = Signal(object)  # TrainingSession
    session_updated = Signal(object)  # TrainingUpdate
    session_finished = Signal(object)  # TrainingSession (result, outcome, message set)
    status_message = Signal(str)
    live_loss = Signal(float, str)  # the loss at the iteration on screen, the loss node

    def __init__(self, document: Any, scene: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.scene = scene
        self._state = IDLE
        self._session: TrainingSession | None = None
        self._worker: TrainingWorker | None = None
        self._thread: QThread | None = None
        self._count = 0
        self._switch_interval = sys.getswitchinterval()
        self._colors_used = 0
        self._redraw_cost = 0.0
        self._slow_redraws = 0
        self._edge_budget = EDGE_PROBE
        self._measuring = False
        self._live_off = False
        self._committing = False
        self.last_session: TrainingSession | None = None
        # Clean comparisons: the values before the first run of a comparison (the origin) and
        # the values its runs produced; "Train from" the origin starts every run there.
        self.train_from = FROM_FIRST
        self.comparison = Comparison()
        document.graph_changed.connect(self._on_graph_event)
        document.graph_replaced.connect(self._on_graph_replaced)

    # ----------------------------------------------------------------- state
    @property
    def state(self) -> str:
        return self._state

    @property
    def session(self) -> TrainingSession | None:
        """The session in progress (None when idle)."""
        return self._session

    @property
    def busy(self) -> bool:
        return self._state != IDLE

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    # ----------------------------------------------------------------- commands
    def train(self, settings: TrainingSettings) -> bool:
        """Start a session (when idle) or resume a paused one. Returns whether it runs."""
        if self._state == PAUSED:
            self.resume()
            return True
        if self._state != IDLE:
            return False
        return self._start(settings, paused=False, steps=0)

    def step(self, settings: TrainingSettings) -> bool:
        """One iteration: starts a paused session when idle; in a paused one, the next step."""
        if self._state == IDLE:
            return self._start(settings, paused=True, steps=1)
        if self._state == PAUSED and self._worker is not None:
            self._worker.request_step()
            return True
        return False

    def pause(self) -> None:
        if self._state == RUNNING and self._worker is not None:
            self._worker.set_paused(True)
            self._set_state(PAUSED)

    def resume(self) -> None:
        if self._state == PAUSED and self._worker is not None:
            self._worker.set_paused(False)
            self._set_state(RUNNING)

    def set_paused(self, paused: bool) -> None:
        self.pause() if paused else self.resume()

    def stop(self) -> None:
        """End the session now; what it reached becomes the document's values (one edit)."""
        if self._worker is not None and self._state in (RUNNING, PAUSED):
            self._worker.request_stop()
            self._set_state(STOPPING)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop and wait for the thread (the window is closing): nothing is applied."""
        if self._session is not None:
            self._session.outcome = "discarded"
            sys.setswitchinterval(self._switch_interval)
        if self._worker is not None:
            self._worker.request_stop()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the thread ends (tests, benchmarks); the end is delivered by events."""
        thread = self._thread
        return thread is None or thread.wait(timeout_ms)

    # ----------------------------------------------------------------- comparisons
    @property
    def origin(self) -> dict[tuple[str, str], float] | None:
        """The values before the first run of the current comparison (None: no run yet)."""
        return self.comparison.origin

    def forget_origin(self) -> None:
        """A new comparison starts with the next run (Clear, another document)."""
        self.comparison.forget()

    def reset_weights(self) -> bool:
        """Put the trainables back to the values before the first run: one undo step."""
        if self.busy:
            return False
        if self.comparison.origin is None:
            self.status_message.emit(self.tr("Nothing to reset: no training run yet."))
            return False
        nodes, edges = self.comparison.reset_values(self.document.graph)
        if not nodes and not edges:
            self.status_message.emit(self.tr("The weights are already where the first run began."))
            return False
        self._committing = True
        try:
            ok = self.document.set_values(nodes, edges, text=self.tr("Reset weights"))
        finally:
            self._committing = False
        if ok:
            self.status_message.emit(
                self.tr("Weights reset to the values before the first run (undo restores them).")
            )
        return ok

    # ----------------------------------------------------------------- session life
    def _start(self, settings: TrainingSettings, paused: bool, steps: int) -> bool:
        graph = self.document.graph
        try:
            # compiled here, in the UI thread: the plan holds copies of every value and data
            # column, so the training thread never reads the live Graph (which the UI thread
            # edits, and replaces values of when the session ends)
            plan = compile_plan(graph)
            ids = plan.trainable_ids
            now = self.comparison.begin_run(graph, ids)
            origin = self.comparison.origin
            if self.train_from == FROM_FIRST and origin is not None and origin != now:
                plan.set_theta(np.array([origin[k] for k in ids], dtype=float))
            trainer = Trainer(plan, settings)
        except BackpropError as exc:
            self.status_message.emit(self.tr("Cannot train: %1").replace("%1", str(exc)))
            return False
        self._count += 1
        session = TrainingSession(
            number=self._count,
            settings=settings,
            trainable_ids=list(trainer.trainable_ids),
            start=trainer.plan.theta(),
            trainer=trainer,
            label=short_label(settings),
            color_base=self._colors_used,
        )
        self._colors_used += settings.restarts
        self._session = session
        worker = TrainingWorker(session, paused, steps)
        thread = QThread(self)
        thread.setObjectName(f"training-{session.number}")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.update.connect(self._on_update)
        worker.done.connect(self._on_done)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        self._worker, self._thread = worker, thread
        self._redraw_cost = 0.0
        self._slow_redraws = 0
        self._edge_budget = EDGE_PROBE
        self._measuring = False
        self._live_off = len(graph) > LIVE_NODE_LIMIT  # a full redraw takes seconds there
        self._set_state(PAUSED if paused else RUNNING)
        self.session_started.emit(session)
        for note in trainer.notes:
            self.status_message.emit(note)
        if self._live_off:
            self.status_message.emit(
                self.tr(
                    "This graph has {0} nodes: while it trains only the loss stays live "
                    "(status bar and loss card); the canvas shows every value when training "
                    "ends."
                ).format(len(graph))
            )
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL_S))
        thread.start()
        return True

    def _on_update(self, update: TrainingUpdate) -> None:
        started = time.perf_counter()
        session = update.session
        if session is self._session and session.outcome != "discarded":
            self._show_live(update)
            self.session_updated.emit(update)
        worker = self._worker
        if worker is not None:  # the next update after the UI had time for other events
            cost = time.perf_counter() - started
            worker.min_interval = max(
                UPDATE_INTERVAL_S, cost / UI_SHARE, self._redraw_cost / PREVIEW_SHARE
            )
            worker.acknowledge()

    def _show_live(self, update: TrainingUpdate) -> None:
        """Every number on screen at this update's iteration: the document shows the graph
        evaluated at the values being trained (cards, loss card, status bar, inspector), the
        canvas the edge weights, and the panels (plots, landscape marker) take the same update.
        The rate is the update rate, which the redraw cost slows down (see _on_update); a
        canvas too slow to redraw keeps only the loss live (status bar and loss card)."""
        if self._live_off:
            loss = self.document.live_loss(update.node_values, update.edge_weights)
            loss_node = self.document.graph.loss_node()
            if loss is not None and loss_node is not None:
                self.live_loss.emit(loss, loss_node)
                if self.scene is not None:
                    self.scene.set_value_preview({loss_node: loss}, {})
            return
        started = time.perf_counter()
        result = self.document.show_live_values(update.node_values, update.edge_weights)
        if result is None:  # no plan to evaluate: at least the trained values themselves
            if self.scene is not None:
                self.scene.set_value_preview(update.node_values, update.edge_weights)
        elif self.scene is not None:
            shown_at = time.perf_counter()
            edges = self._edges_in_view(update.edge_weights, self._edge_budget)
            self.scene.set_value_preview({}, edges)
            if edges:  # as many weights as fit in EDGE_FRAME_S next time
                per_edge = (time.perf_counter() - shown_at) / len(edges)
                fit = EDGE_FRAME_S / max(per_edge, 1e-9)
                self._edge_budget = int(min(EDGE_PREVIEW_BUDGET, max(1, fit)))
        if result is not None:
            self.live_loss.emit(result.loss, result.loss_node)
        if not self._measuring:
            # The cost includes the canvas repaint it causes: measured when the event loop
            # has drawn it (a zero timer runs after the pending paint).
            self._measuring = True
            QTimer.singleShot(0, self, lambda: self._redrawn(started))

    def _edges_in_view(self, edges: dict[str, float], limit: int) -> dict[str, float]:
        """The trained edge weights for the canvas: all of them, or when there are more than
        ``limit`` (each weight pill re-placed costs) those in view, at most ``limit``."""
        if len(edges) <= limit or self.scene is None:
            return edges
        seen: set[str] = set()
        for view in self.scene.views():
            rect = view.mapToScene(view.viewport().rect()).boundingRect()
            for item in self.scene.items(rect):
                edge_id = getattr(item, "edge_id", None)
                if edge_id is not None:
                    seen.add(edge_id)
        return dict([(k, w) for k, w in edges.items() if k in seen][:limit])

    def _redrawn(self, started: float) -> None:
        cost = time.perf_counter() - started
        self._measuring = False
        self._redraw_cost = cost
        self._slow_redraws = self._slow_redraws + 1 if cost > PREVIEW_GIVE_UP_S else 0
        if cost > 2 * PREVIEW_GIVE_UP_S:  # far too slow: no need to see it again
            self._slow_redraws = SLOW_REDRAWS
        if self._slow_redraws >= SLOW_REDRAWS and self._session is not None and not self._live_off:
            self._live_off = True
            self._redraw_cost = 0.0
            self.status_message.emit(
                self.tr(
                    "This graph takes {0} s to redraw, so while it trains only the loss stays "
                    "live (status bar and loss card); the canvas shows every value when "
                    "training ends."
                ).format(f"{cost:.1f}")
            )
        log.debug("live redraw: %.0f ms", 1000 * cost)

    def _on_done(self, result: TrainingResult | None, error: str) -> None:
        sys.setswitchinterval(self._switch_interval)
        session = self._session
        self._worker, self._thread = None, None
        self._session = None
        if session is None:
            self._set_state(IDLE)
            return
        session.result = result
        if self.scene is not None:
            self.scene.clear_value_preview()
        self.document.schedule_evaluation()  # the document's own values again (or committed)
        if session.outcome == "discarded":
            session.message = self.tr(
                "Training stopped because the graph was edited; its values were not applied "
                "(the loss curves stay on the plot)."
            )
        elif result is None and error == NOT_STARTED:
            session.outcome = "stopped"
            session.message = self.tr(
                "Training stopped before the first iteration: nothing changed."
            )
        elif result is None:
            session.outcome = "failed"
            session.message = self.tr("Training failed: %1").replace("%1", str(error))
        else:
            stopped = any(r.status == "stopped" for r in result.runs)
            session.outcome = "stopped" if stopped else "done"
            try:
                session.message = self._commit(session, result)
            except Exception as exc:  # noqa: BLE001  (the studio must never stay busy)
                session.message = self.tr(
                    "Training ended but its values could not be applied: %1"
                ).replace("%1", str(exc))
        notes = getattr(session.trainer, "notes", [])
        if notes and session.message and session.outcome in ("done", "stopped"):
            session.message += " " + self.tr("Note: %1.").replace(
                "%1", "; ".join(notes)
            )  # e.g. a batch mode without data
        self.last_session = session
        self._set_state(IDLE)
        self.session_finished.emit(session)
        if session.message:
            self.status_message.emit(session.message)

    def _commit(self, session: TrainingSession, result: TrainingResult) -> str:
        """The best run's values as one undo step, the settings (if new) as the step before
        it: undoing the run restores the weights and keeps the settings."""
        graph = self.document.graph
        nodes = {k: v for k, v in result.parameters.items() if graph.node(k).value != v}
        edges = {k: w for k, w in result.edge_weights.items() if graph.edge(k).weight != w}
        stored = _settings_section(graph.training, session.settings)
        best = result.best
        loss = fmt_number(result.final_loss) if result.final_loss is not None else "?"
        if session.outcome == "stopped":
            summary = self.tr("Stopped: %1, %2 iterations%3; final loss %4")
        else:
            summary = self.tr("Trained: %1, %2 iterations%3; final loss %4")
        runs = ""
        if len(result.runs) > 1:
            runs = self.tr(", best of %1 runs (run %2)")
            runs = runs.replace("%1", str(len(result.runs))).replace("%2", str(best.index + 1))
        summary = (
            summary.replace("%1", session.label)
            .replace("%2", str(best.updates))
            .replace("%3", runs)
            .replace("%4", loss)
        )
        if result.validation and result.final_validation_loss is not None:
            held_out = fmt_number(result.final_validation_loss)
            summary += self.tr(", held-out loss %1").replace("%1", held_out)
        if result.accuracy is not None:
            summary += self.tr(", accuracy %1").replace("%1", f"{result.accuracy:.1%}")
        if not nodes and not edges:
            return summary + self.tr(" (the values did not change)")
        self._committing = True
        try:
            if stored is not None:  # its own undo step: undoing the run keeps the settings
                self.document.set_meta(text=self.tr("Store training settings"), training=stored)
            text = self.tr("Train (%1, %2 it)")
            text = text.replace("%1", session.label).replace("%2", str(best.updates))
            applied = self.document.set_values(nodes, edges, text=text)
        finally:
            self._committing = False
        if not applied:
            return summary + self.tr("; the values could not be applied (see the message before)")
        session.committed = True
        self.comparison.run_applied(self.document.graph, session.trainable_ids)
        return summary + self.tr(". Undo restores the previous values.")

    # ----------------------------------------------------------------- graph edits
    def _on_graph_event(self, event: GraphEvent) -> None:
        if self._session is None or self._committing:
            return
        keys = set(event.keys)
        if event.kind == "node_changed" and keys <= _HARMLESS_NODE_KEYS:
            return
        if event.kind == "meta_changed" and keys <= _HARMLESS_META_KEYS:
            return
        self._discard()

    def _on_graph_replaced(self, _graph: object) -> None:
        self.forget_origin()
        if self._session is not None:
            self._discard()

    def _discard(self) -> None:
        session = self._session
        if session is None or session.outcome == "discarded":
            return
        session.outcome = "discarded"
        if self._worker is not None:
            self._worker.request_stop()
        if self.scene is not None:
            self.scene.clear_value_preview()
        self.document.schedule_evaluation()
        self._set_state(STOPPING)


def _settings_section(section: Any, settings: TrainingSettings) -> dict | None:
    """The file's ``training`` section with ``settings`` stored in it, or None if it already
    says the same (unknown fields of the section are kept)."""
    old = dict(section) if isinstance(section, dict) else {}
    new = {**old, **settings.to_dict()}
    if "init_range" not in settings.to_dict():
        new.pop("init_range", None)
    if not settings.nesterov:
        new.pop("nesterov", None)
    try:
        same = TrainingSettings.from_dict(old) == settings
    except BackpropError:
        same = False
    return None if same else new


def describe_progress(progress: TrainingProgress) -> str:
    """``run 2 of 6 · iteration 340 of 1000 · loss 0.0123``."""
    parts = []
    if progress.runs > 1:
        run = QCoreApplication.translate("TrainingController", "run %1 of %2")
        parts.append(run.replace("%1", str(progress.run + 1)).replace("%2", str(progress.runs)))
    it = QCoreApplication.translate("TrainingController", "iteration %1 of %2")
    parts.append(it.replace("%1", str(progress.iteration)).replace("%2", str(progress.iterations)))
    if progress.loss is not None:
        loss = QCoreApplication.translate("TrainingController", "loss %1")
        parts.append(loss.replace("%1", fmt_number(progress.loss)))
    return " · ".join(parts)
