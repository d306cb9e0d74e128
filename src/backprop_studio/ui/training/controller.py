"""Runs the core :class:`~backprop_studio.core.training.trainer.Trainer` off the UI thread.

One *session* is one press of Train (or of Step when idle): a Trainer built in the UI thread
from the document's graph and the chosen settings, then driven by a
:class:`~backprop_studio.ui.training.worker.TrainingWorker` in a ``QThread`` (see
training_worker.py: ~30 updates a second at most, never a backlog).

The :class:`TrainingController` (UI thread) turns the worker's updates into signals for the
panels and shows the values changing on the canvas (``scene.set_value_preview``, at most ~15
times a second, less when the canvas is slow to redraw: the preview, with the repaint it
causes, may take about a fifth of the UI thread's time; the first preview of a session shows a
few values to measure that cost, later ones as many values as fit in ~30 ms, those in view
first; a canvas that takes over half a second to redraw gets no live preview, and a status
message says so). If handling updates takes long, the worker is asked to send them less often,
so the window stays responsive. When the session ends (finished or stopped) the best run's
values become **one undoable edit** of the document (together with the settings used, when
they differ from the file's ``training`` section); the preview is cleared.

While a session runs, Python's thread switch interval is 1 ms instead of 5 ms: the training
thread is CPU-bound Python, and every time the UI thread comes back from Qt it waits for the
GIL up to that long, so a shorter interval keeps the window (and the live plots) fluid.

Editing the graph while training (anything that changes a number or the structure; moving or
renaming nodes does not count) stops the session and *discards* its values: the edit wins and
a status message says so. The loss curves stay on the plot.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from ...core.engine.trace import fmt_number
from ...core.model.errors import BackpropError
from ...core.model.graph import GraphEvent
from ...core.training.trainer import Trainer, TrainingProgress, TrainingResult, TrainingSettings
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
PREVIEW_INTERVAL_S = 1 / 15  # canvas value preview at most this often
UI_SHARE = 0.3  # live updates may take at most this share of the UI thread's time
PREVIEW_SHARE = 0.2  # ... and the canvas preview (with the repaint it causes) this share
PREVIEW_BUDGET = 200  # values previewed at once at most; above that, those in view
PREVIEW_FRAME_S = 0.03  # one preview should take about this long (sets how many values)
PREVIEW_PROBE = 4
PREVIEW_GIVE_UP_S = 0.5  # a preview (with its repaint) this slow: no more during the session  # values in the first preview of a session, to measure their cost

IDLE, RUNNING, PAUSED, STOPPING = "idle", "running", "paused", "stopping"
_HARMLESS_NODE_KEYS = {"position", "label"}
_HARMLESS_META_KEYS = {"title", "description", "training"}


class TrainingController(QObject):
    """Train / Pause / Resume / Step / Stop for one document; see the module docstring."""

    state_changed = Signal(str)
    session_started = Signal(object)  # TrainingSession
    session_updated = Signal(object)  # TrainingUpdate
    session_finished = Signal(object)  # TrainingSession (result, outcome, message set)
    status_message = Signal(str)

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
        self._next_preview = 0.0
        self._cost_per_value: float | None = None
        self._measuring = False
        self._preview_off = False
        self._committing = False
        self.last_session: TrainingSession | None = None
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

    # ----------------------------------------------------------------- session life
    def _start(self, settings: TrainingSettings, paused: bool, steps: int) -> bool:
        graph = self.document.graph
        try:
            trainer = Trainer(graph, settings)
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
        self._next_preview = 0.0
        self._cost_per_value = None
        self._measuring = False
        self._preview_off = False
        self._set_state(PAUSED if paused else RUNNING)
        self.session_started.emit(session)
        for note in trainer.notes:
            self.status_message.emit(note)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL_S))
        thread.start()
        return True

    def _on_update(self, update: TrainingUpdate) -> None:
        started = time.perf_counter()
        session = update.session
        if session is self._session and session.outcome != "discarded":
            self._preview(update, forced=update.final or self._state == PAUSED)
            self.session_updated.emit(update)
        worker = self._worker
        if worker is not None:  # the next update after the UI had time for other events
            cost = time.perf_counter() - started
            worker.min_interval = max(UPDATE_INTERVAL_S, cost / UI_SHARE)
            worker.acknowledge()

    def _preview(self, update: TrainingUpdate, forced: bool) -> None:
        """The values on the canvas, as often and as many as their cost allows: a preview
        may take about PREVIEW_FRAME_S and a tenth of the UI thread's time. The first one
        shows a few values to measure the cost per value; on a big graph whose canvas is
        slow to relabel, only the values in view (as many as fit the time) are shown."""
        if self.scene is None:
            return
        now = time.perf_counter()
        if self._preview_off or not forced and (self._measuring or now < self._next_preview):
            return
        fit = (
            PREVIEW_PROBE
            if self._cost_per_value is None
            else PREVIEW_FRAME_S / self._cost_per_value
        )
        limit = int(min(PREVIEW_BUDGET, max(1, fit)))
        nodes, edges = self._in_view(update.node_values, update.edge_weights, limit)
        self.scene.set_value_preview(nodes, edges)
        count = len(nodes) + len(edges)
        # The cost includes the canvas repaint it causes: measured when the event loop has
        # drawn it (a zero timer runs after the pending paint).
        self._measuring = True
        QTimer.singleShot(0, self, lambda: self._preview_drawn(now, count))

    def _preview_drawn(self, started: float, count: int) -> None:
        cost = time.perf_counter() - started
        self._measuring = False
        if cost > PREVIEW_GIVE_UP_S and self._session is not None:
            self._preview_off = True
            self.status_message.emit(
                f"This graph takes {cost:.1f} s to redraw, so the canvas shows the trained "
                "values when training ends (the plots stay live)."
            )
        if count:
            self._cost_per_value = cost / count
        self._next_preview = started + max(PREVIEW_INTERVAL_S, cost / PREVIEW_SHARE)
        log.debug("canvas preview of %d values: %.0f ms", count, 1000 * cost)

    def _in_view(
        self, nodes: dict[str, float], edges: dict[str, float], limit: int
    ) -> tuple[dict[str, float], dict[str, float]]:
        """All values if they are at most ``limit``; else those shown in a view, parameters
        first, at most ``limit``."""
        if len(nodes) + len(edges) <= limit:
            return nodes, edges
        seen: set[str] = set()
        for view in self.scene.views():
            rect = view.mapToScene(view.viewport().rect()).boundingRect()
            for item in self.scene.items(rect):
                item_id = getattr(item, "edge_id", None) or getattr(item, "node_id", None)
                if item_id is not None:
                    seen.add(item_id)
        shown_nodes = dict([(k, v) for k, v in nodes.items() if k in seen][:limit])
        room = limit - len(shown_nodes)
        shown_edges = dict([(k, w) for k, w in edges.items() if k in seen][:room])
        return shown_nodes, shown_edges

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
        self.last_session = session
        self._set_state(IDLE)
        self.session_finished.emit(session)
        if session.message:
            self.status_message.emit(session.message)

    def _commit(self, session: TrainingSession, result: TrainingResult) -> str:
        """The best run's values (and the settings, if new) as one undo step."""
        graph = self.document.graph
        nodes = {k: v for k, v in result.parameters.items() if graph.node(k).value != v}
        edges = {k: w for k, w in result.edge_weights.items() if graph.edge(k).weight != w}
        stored = _settings_section(graph.training, session.settings)
        best = result.best
        loss = fmt_number(result.final_loss) if result.final_loss is not None else "?"
        how = "Stopped" if session.outcome == "stopped" else "Trained"
        runs = ""
        if len(result.runs) > 1:
            runs = f", best of {len(result.runs)} runs (run {best.index + 1})"
        summary = f"{how}: {session.label}, {best.updates} iterations{runs}; final loss {loss}"
        if not nodes and not edges:
            return f"{summary} (the values did not change)"
        stack = self.document.undo_stack
        self._committing = True
        stack.beginMacro(f"Train ({session.label}, {best.updates} it)")
        try:
            if stored is not None:
                self.document.set_meta(training=stored)
            applied = self.document.set_values(nodes, edges)
        finally:
            stack.endMacro()
            self._committing = False
        if not applied:
            return f"{summary}; the values could not be applied (see the message before)"
        session.committed = True
        return f"{summary}. Undo restores the previous values."

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
