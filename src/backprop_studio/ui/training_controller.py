"""Runs the core :class:`~backprop_studio.core.training.Trainer` off the UI thread.

One *session* is one press of Train (or of Step when idle): a Trainer built in the UI thread
from the document's graph and the chosen settings, then driven by a :class:`_Worker` living in
a ``QThread``. The worker calls ``Trainer.step`` in slices of about 10 ms, checks its stop /
pause / single-step flags between iterations, and emits :class:`TrainingUpdate` objects at
most ~30 times a second: the loss points recorded since the previous update (per run), the
progress, and the values being trained right now. It never emits a new update before the UI
has taken the previous one, so a busy window never gets a backlog.

The :class:`TrainingController` (UI thread) turns those into signals for the panels, shows the
values changing on the canvas (``scene.set_value_preview``, at most ~15 times a second) and,
when the session ends (finished or stopped), writes the best run's values into the document
as **one undoable edit** (together with the settings used, when they differ from the file's
``training`` section). The preview is cleared at the end.

Editing the graph while training (anything that changes a number or the structure; moving or
renaming nodes does not count) stops the session and *discards* its values: the edit wins and
a status message says so. The loss curves stay on the plot.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.errors import BackpropError
from ..core.graph import GraphEvent
from ..core.trace import fmt_number
from ..core.training import Trainer, TrainingProgress, TrainingResult, TrainingSettings

UPDATE_INTERVAL_S = 1 / 30  # live updates (loss plot, progress) at most this often
PREVIEW_INTERVAL_S = 1 / 15  # canvas value preview at most this often
SLICE_S = 0.010  # the worker checks its flags at least this often (and after every step)

IDLE, RUNNING, PAUSED, STOPPING = "idle", "running", "paused", "stopping"
NOT_STARTED = "stopped before the first iteration"
_HARMLESS_NODE_KEYS = {"position", "label"}
_HARMLESS_META_KEYS = {"title", "description", "training"}


def short_label(settings: TrainingSettings) -> str:
    """The legend text of a session: ``sgd lr 0.1 m 0.9 batch`` (restarts appended)."""
    parts = [settings.optimizer, f"lr {settings.learning_rate:g}"]
    if settings.optimizer != "adam" and settings.momentum:
        parts.append(f"m {settings.momentum:g}" + (" nesterov" if settings.nesterov else ""))
    b = settings.batch_size
    parts.append("batch" if b is None else "stochastic" if b == 1 else f"mini-batch {b}")
    if settings.restarts > 1:
        parts.append(f"×{settings.restarts}")
    return " ".join(parts)


@dataclass
class TrainingSession:
    """One training session, as the panels see it (the Trainer belongs to the worker until
    the session has ended)."""

    number: int
    settings: TrainingSettings
    trainable_ids: list[tuple[str, str]]
    start: np.ndarray
    trainer: Trainer
    label: str = ""
    color_base: int = 0  # run k is drawn in plot_style.run_color(color_base + k)
    result: TrainingResult | None = None
    outcome: str = ""  # done, stopped, discarded, failed
    message: str = ""
    committed: bool = False

    @property
    def runs(self) -> int:
        return self.settings.restarts


@dataclass
class TrainingUpdate:
    """What the worker reports: new loss points and where the training is."""

    session: TrainingSession
    new_losses: list[tuple[int, int, np.ndarray]]  # (run, first iteration, losses)
    progress: TrainingProgress
    node_values: dict[str, float]
    edge_weights: dict[str, float]
    theta: np.ndarray  # the same values as one vector, in trainable_ids order
    statuses: list[str] = field(default_factory=list)
    final: bool = False


class _Worker(QObject):
    """Drives one Trainer in the training thread; see the module docstring."""

    update = Signal(object)  # TrainingUpdate
    done = Signal(object, str)  # TrainingResult | None, error text

    def __init__(self, session: TrainingSession, paused: bool, steps: int) -> None:
        super().__init__()
        self.session = session
        self._cond = threading.Condition()
        self._stop = False
        self._paused = paused
        self._steps = steps
        self._inflight = False
        self._sent: dict[int, int] = {}

    # --------------------------------------------------------------- control (any thread)
    def request_stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()

    def set_paused(self, paused: bool) -> None:
        with self._cond:
            self._paused = paused
            self._cond.notify_all()

    def request_step(self) -> None:
        with self._cond:
            self._steps += 1
            self._cond.notify_all()

    def acknowledge(self) -> None:
        self._inflight = False

    # --------------------------------------------------------------- the loop (worker thread)
    @Slot()
    def run(self) -> None:
        trainer = self.session.trainer
        last = 0.0
        try:
            while not trainer.finished:
                with self._cond:
                    while self._paused and not self._stop and self._steps == 0:
                        self._cond.wait(0.25)
                    if self._stop:
                        break
                    single = self._paused
                    if single:
                        self._steps -= 1
                if single:
                    trainer.step()
                    self._emit(force=True)
                    continue
                deadline = time.perf_counter() + SLICE_S
                while not (trainer.finished or self._stop or self._paused):
                    trainer.step()
                    if time.perf_counter() >= deadline:
                        break
                now = time.perf_counter()
                if now - last >= UPDATE_INTERVAL_S and not self._inflight:
                    last = now
                    self._emit()
            if not trainer.finished:
                if all(run.status == "pending" for run in trainer.runs):
                    self.done.emit(None, NOT_STARTED)
                    return
                trainer.stop()
            result = trainer.result()
            self._emit(force=True, final=True)
            self.done.emit(result, "")
        except Exception as exc:  # noqa: BLE001  (report anything: the UI must never hang)
            self.done.emit(None, str(exc) or type(exc).__name__)

    def _emit(self, force: bool = False, final: bool = False) -> None:
        trainer = self.session.trainer
        new: list[tuple[int, int, np.ndarray]] = []
        for run in trainer.runs:
            losses = run.losses
            sent = self._sent.get(run.index, 0)
            if len(losses) > sent:
                new.append((run.index, sent, np.array(losses[sent:])))
                self._sent[run.index] = len(losses)
        if not new and not force:
            return
        nodes, edges = trainer.current_values()
        ids = self.session.trainable_ids
        theta = np.array([nodes[i] if kind == "node" else edges[i] for kind, i in ids])
        self._inflight = True
        self.update.emit(
            TrainingUpdate(
                self.session,
                new,
                trainer.progress,
                nodes,
                edges,
                theta,
                [r.status for r in trainer.runs],
                final,
            )
        )


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
        self._worker: _Worker | None = None
        self._thread: QThread | None = None
        self._count = 0
        self._colors_used = 0
        self._last_preview = 0.0
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
            self.status_message.emit(f"Cannot train: {exc}")
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
        worker = _Worker(session, paused, steps)
        thread = QThread(self)
        thread.setObjectName(f"training-{session.number}")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.update.connect(self._on_update)
        worker.done.connect(self._on_done)
        worker.done.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        self._worker, self._thread = worker, thread
        self._last_preview = 0.0
        self._set_state(PAUSED if paused else RUNNING)
        self.session_started.emit(session)
        for note in trainer.notes:
            self.status_message.emit(note)
        thread.start()
        return True

    def _on_update(self, update: TrainingUpdate) -> None:
        worker = self._worker
        if worker is not None:
            worker.acknowledge()
        session = update.session
        if session is not self._session or session.outcome == "discarded":
            return
        now = time.perf_counter()
        forced = update.final or self._state == PAUSED
        if self.scene is not None and (forced or now - self._last_preview >= PREVIEW_INTERVAL_S):
            self._last_preview = now
            self.scene.set_value_preview(update.node_values, update.edge_weights)
        self.session_updated.emit(update)

    def _on_done(self, result: TrainingResult | None, error: str) -> None:
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
            session.message = (
                "Training stopped because the graph was edited; its values were not applied "
                "(the loss curves stay on the plot)."
            )
        elif result is None and error == NOT_STARTED:
            session.outcome = "stopped"
            session.message = "Training stopped before the first iteration: nothing changed."
        elif result is None:
            session.outcome = "failed"
            session.message = f"Training failed: {error}"
        else:
            stopped = any(r.status == "stopped" for r in result.runs)
            session.outcome = "stopped" if stopped else "done"
            session.message = self._commit(session, result)
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
        try:
            stack.beginMacro(f"Train ({session.label}, {best.updates} it)")
            if stored is not None:
                self.document.set_meta(training=stored)
            self.document.set_values(nodes, edges)
            stack.endMacro()
        finally:
            self._committing = False
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
        parts.append(f"run {progress.run + 1} of {progress.runs}")
    parts.append(f"iteration {progress.iteration} of {progress.iterations}")
    if progress.loss is not None:
        parts.append(f"loss {fmt_number(progress.loss)}")
    return " · ".join(parts)
