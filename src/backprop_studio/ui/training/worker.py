"""The training thread's side: one session's data and the worker that steps its Trainer.

:class:`TrainingWorker` lives in a ``QThread``. It calls ``Trainer.step`` in slices of about 10 ms,
checks its stop / pause / single-step flags between iterations (``threading.Condition``), and
emits :class:`TrainingUpdate` objects: the loss points recorded since the previous update
(per run), the progress and the values being trained right now. It emits at most every
``min_interval`` seconds (1/30 s, raised by the controller when the UI is slow) and never
before the UI has taken the previous update, so a busy window never gets a backlog. When the
session ends it emits ``done(TrainingResult | None, error)`` and quits its thread itself.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from ...core.training.trainer import Trainer, TrainingProgress, TrainingResult, TrainingSettings

UPDATE_INTERVAL_S = 1 / 30  # live updates (loss plot, progress) at most this often
SLICE_S = 0.010  # the worker checks its flags at least this often (and after every step)
NOT_STARTED = "stopped before the first iteration"


def short_label(settings: TrainingSettings) -> str:
    """The legend text of a session: ``sgd lr 0.1 m 0.9 batch`` (restarts appended)."""
    parts = [
        settings.optimizer,
        QCoreApplication.translate("Worker", "lr %1").replace("%1", f"{settings.learning_rate:g}"),
    ]
    if settings.optimizer != "adam" and settings.momentum:
        momentum = QCoreApplication.translate("Worker", "m %1")
        momentum = momentum.replace("%1", f"{settings.momentum:g}")
        if settings.nesterov:
            momentum += " " + QCoreApplication.translate("Worker", "nesterov")
        parts.append(momentum)
    b = settings.batch_size
    if b is None:
        parts.append(QCoreApplication.translate("Worker", "batch"))
    elif b == 1:
        parts.append(QCoreApplication.translate("Worker", "stochastic"))
    else:
        parts.append(QCoreApplication.translate("Worker", "mini-batch %1").replace("%1", str(b)))
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
    color_base: int = 0  # run k is drawn in run_colors.run_color(color_base + k)
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
    # (run, the iteration of each loss (or the first of consecutive ones), losses)
    new_losses: list[tuple[int, np.ndarray | int, np.ndarray]]
    progress: TrainingProgress
    node_values: dict[str, float]
    edge_weights: dict[str, float]
    theta: np.ndarray  # the same values as one vector, in trainable_ids order
    statuses: list[str] = field(default_factory=list)
    final: bool = False


class TrainingWorker(QObject):
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
        self.min_interval = UPDATE_INTERVAL_S  # raised by the controller if the UI is slow

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
        try:
            self._run()
        finally:
            thread = self.thread()
            if thread is not None:
                thread.quit()  # from the training thread itself: wait() never deadlocks

    def _run(self) -> None:
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
                if now - last >= self.min_interval and not self._inflight:
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
            sent = self._sent.get(run.index, 0)
            count = run.loss_count
            if count > sent:
                steps, losses = run.loss_points_since(sent)  # copies, taken consistently
                new.append((run.index, steps, losses))
                self._sent[run.index] = count
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
