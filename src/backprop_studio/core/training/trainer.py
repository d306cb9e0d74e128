"""The Trainer: gradient descent on a compiled graph, one iteration at a time.

No threads and no Qt here. Whoever drives training (the CLI's loop, a Qt worker thread) calls
:meth:`Trainer.step` or :meth:`Trainer.run_iterations` and may stop between any two
iterations; :attr:`Trainer.progress` and each :class:`Run`'s loss history and trajectory can be
read at any moment (see run_history.py: a reader on another thread sees a consistent prefix,
and memory grows with what ran, not with what was planned).

A session is ``settings.restarts`` runs. Run 0 starts from the graph's current values; run k
draws its starting values uniformly from ``settings.init_range`` with the generator seeded by
``settings.seed + k`` (the same generator then shuffles run k's mini-batches), so a session
repeats exactly with the same settings. Each run keeps its loss history (``losses[i]`` is the
loss of the batch used by update i, measured before that update) and its trajectory
(``trajectory[0]`` is the start, ``trajectory[i + 1]`` the values after update i; a long run of a
big graph is thinned to every s-th update, see ``trajectory_steps``). A run that
diverges (the loss or the values stop being finite numbers) ends early and keeps its last
finite values. The best run is the one with the lowest final loss on the whole training data;
:meth:`TrainingResult.apply_to` writes it into a Graph in one ``set_values`` call.

Held-out data (``settings.validation_fraction``, holdout.py): the last rows are left out of
training; each run then also records ``validation_losses[i]``, the held-out loss with the
values before update i. For a classification loss (classify.py) the result carries the
accuracy on the training rows (and on the held-out rows).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..engine.plan import Plan, compile_plan
from ..engine.trace import fmt_number
from ..model.errors import BackpropError
from ..model.graph import Graph
from ..texts import fill, translate
from .classify import accuracy
from .holdout import HoldoutError, split_rows
from .optim import Optimizer, make_optimizer
from .run_history import DEFAULT_TRAJECTORY_BUDGET, LossHistory, Trajectory
from .settings import SettingsError, TrainingSettings, parse_settings

__all__ = [
    "Run",
    "SettingsError",
    "Trainer",
    "TrainingError",
    "TrainingProgress",
    "TrainingResult",
    "TrainingSettings",
    "parse_settings",
    "train",
]

Array = np.ndarray

PENDING, RUNNING, DONE, DIVERGED, STOPPED = "pending", "running", "done", "diverged", "stopped"


class TrainingError(BackpropError):
    """Training cannot start (nothing trainable, a graph that cannot be evaluated...)."""


@dataclass
class Run:
    """One run of a session: its start, history, trajectory and outcome."""

    index: int
    seed: int
    start: Array
    iterations: int  # planned updates
    status: str = PENDING
    message: str = ""
    final_loss: float | None = None
    final_validation_loss: float | None = None
    theta: Array = field(default_factory=lambda: np.zeros(0))
    _history: LossHistory = field(default_factory=LossHistory, repr=False)
    _validation: LossHistory = field(default_factory=LossHistory, repr=False)
    _path: Trajectory | None = field(default=None, repr=False)
    _updates: int = 0  # updates applied
    _previous: Array | None = field(default=None, repr=False)  # values before the last update

    @property
    def losses(self) -> Array:
        """Loss before each update so far (a read-only snapshot; past a million updates, the
        envelope of the curve: see :attr:`loss_steps` and run_history.py)."""
        return self._history.values

    @property
    def validation_losses(self) -> Array:
        """Held-out loss before each update so far (empty without held-out data)."""
        return self._validation.values

    @property
    def loss_steps(self) -> Array:
        """The update each of :attr:`losses` was measured before (0, 1, 2, ... unless thinned)."""
        return self._history.steps

    def loss_points_since(self, first: int) -> tuple[Array, Array]:
        """(steps, losses) recorded from update ``first`` on (any thread, consistent)."""
        return self._history.points_since(first)

    @property
    def loss_count(self) -> int:
        """How many losses were recorded (also those thinned away)."""
        return len(self._history)

    @property
    def trajectory(self) -> Array:
        """Values of the trainables along the run, one row per step in
        :attr:`trajectory_steps` (every step of a short run; thinned on long ones)."""
        return self.trajectory_with_steps()[1]

    @property
    def trajectory_steps(self) -> Array:
        """Which update each trajectory row follows (0 = the start)."""
        return self.trajectory_with_steps()[0]

    def trajectory_with_steps(self) -> tuple[Array, Array]:
        """(steps, values) taken together, consistent with each other."""
        theta, updates = self.theta, self._updates
        if self._path is None:
            return np.array([updates]), theta[None, :]
        return self._path.snapshot(theta, updates)

    @property
    def updates(self) -> int:
        return self._updates

    @property
    def finished(self) -> bool:
        return self.status in (DONE, DIVERGED, STOPPED)

    @property
    def note(self) -> str:
        """A few words for tables and legends: ``diverged``, ``loss grew``, ``stopped``."""
        if self.status == DONE:
            return translate("Trainer", "loss grew") if self.message else ""
        if self.status == DIVERGED:
            return translate("Trainer", "diverged")
        return translate("Trainer", "stopped") if self.status == STOPPED else ""


@dataclass(frozen=True)
class TrainingProgress:
    """Where a session is: for progress bars and status lines."""

    run: int  # index of the run in progress (or the last one)
    runs: int
    iteration: int  # updates done in that run
    iterations: int
    loss: float | None  # latest recorded loss
    done: int  # updates done over the whole session
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


@dataclass
class TrainingResult:
    """The outcome of a session: every run, the best one, and its values by id."""

    runs: list[Run]
    final_losses: list[float | None]  # per run: whole-data loss at its values (now, if running)
    best_run: int
    trainable_ids: list[tuple[str, str]]
    parameters: dict[str, float]
    edge_weights: dict[str, float]
    notes: list[str] = field(default_factory=list)
    validation: bool = False  # whether rows were held out
    final_validation_losses: list[float | None] = field(default_factory=list)
    accuracy: float | None = None  # best run, training rows (classification losses only)
    validation_accuracy: float | None = None  # best run, held-out rows

    @property
    def best(self) -> Run:
        return self.runs[self.best_run]

    @property
    def loss_history(self) -> Array:
        return self.best.losses

    @property
    def final_loss(self) -> float | None:
        return self.final_losses[self.best_run]

    @property
    def validation_loss_history(self) -> Array:
        return self.best.validation_losses

    @property
    def final_validation_loss(self) -> float | None:
        return self.final_validation_losses[self.best_run] if self.validation else None

    def apply_to(self, graph: Graph) -> None:
        """Write the best run's values into the graph (one values_changed event)."""
        graph.set_values(self.parameters, self.edge_weights)

    def to_json(self) -> dict:
        """The ``train --json`` shape (non-finite numbers become null); ``accuracy`` is null
        for a loss that does not classify; the validation fields only with held-out rows."""
        out = {
            "loss_history": [_json_number(x) for x in self.loss_history],
            "final_loss": _json_number(self.final_loss),
            "parameters": dict(self.parameters),
            "edge_weights": dict(self.edge_weights),
            "runs": [
                {"seed": r.seed, "final_loss": _json_number(x)}
                for r, x in zip(self.runs, self.final_losses, strict=True)
            ],
            "best_run": self.best_run,
            "accuracy": _json_number(self.accuracy),
        }
        if self.validation:
            out["validation_loss_history"] = [_json_number(x) for x in self.validation_loss_history]
            out["final_validation_loss"] = _json_number(self.final_validation_loss)
            out["validation_accuracy"] = _json_number(self.validation_accuracy)
        return out


class Trainer:
    """Trains a graph step by step; see the module docstring for the rules.

    Threads: one thread drives (``step``, ``run_iterations``, ``run_all``, ``stop``,
    ``result``: these run the engine). Any other thread may read ``progress``,
    ``current_values()``, ``finished`` and each run's ``losses``/``trajectory`` at any time;
    a Qt worker drives, the UI thread reads and plots, and asks for ``result()`` once the
    worker has stopped."""

    def __init__(
        self,
        graph: Graph | Plan,
        settings: TrainingSettings | None = None,
        *,
        keep_trajectory: bool = True,
        trajectory_budget: int = DEFAULT_TRAJECTORY_BUDGET,
    ) -> None:
        if isinstance(graph, Plan):
            self.plan = graph
            if settings is None:
                settings = TrainingSettings()
        else:
            if settings is None:
                settings = TrainingSettings.from_graph(graph)
            self.plan = compile_plan(graph)
        self.settings = settings
        self.trainable_ids = self.plan.trainable_ids
        if not self.trainable_ids:
            raise TrainingError("nothing to train: no parameter and no edge is marked trainable")
        self.keep_trajectory = keep_trajectory
        self.trajectory_budget = trajectory_budget
        self.samples: int | None = self.plan.batch_size
        self.notes: list[str] = []
        try:
            self.split = split_rows(settings.validation_fraction, self.samples)
        except HoldoutError as exc:
            raise TrainingError(str(exc)) from None
        if settings.validation_fraction and not self.split.active:
            what = "has no data batch" if self.samples is None else f"has {self.samples} samples"
            self.notes.append(f"no rows held out: the graph {what}")
        self.train_samples = self.samples if self.split.train is None else self.split.train.size
        b = settings.batch_size
        if b is not None and (self.train_samples is None or b >= self.train_samples):
            n = self.train_samples
            kind = " training" if self.split.active else ""
            what = "has no data batch" if n is None else f"has {n}{kind} samples"
            self.notes.append(f"batch size {b} uses every sample: the graph {what}")
        self.runs: list[Run] = [
            Run(index=k, seed=settings.seed + k, start=np.zeros(0), iterations=settings.iterations)
            for k in range(settings.restarts)
        ]
        self._start = self.plan.theta()
        self._current = 0
        self._optimizer: Optimizer | None = None
        self._rng: np.random.Generator | None = None
        self._order: Array = np.zeros(0, dtype=int)
        self._pos = 0

    # ----------------------------------------------------------------- state
    @property
    def finished(self) -> bool:
        return self._current >= len(self.runs)

    @property
    def current_run(self) -> Run | None:
        return None if self.finished else self.runs[self._current]

    @property
    def progress(self) -> TrainingProgress:
        k = min(self._current, len(self.runs) - 1)
        run = self.runs[k]
        done = sum(r.updates if not r.finished else r.iterations for r in self.runs[: k + 1])
        if self.finished:
            done = sum(r.iterations for r in self.runs)
        latest = float(run.losses[-1]) if len(run.losses) else None
        return TrainingProgress(
            run=k,
            runs=len(self.runs),
            iteration=run.updates,
            iterations=self.settings.iterations,
            loss=latest,
            done=done,
            total=self.settings.iterations * len(self.runs),
        )

    def current_values(self) -> tuple[dict[str, float], dict[str, float]]:
        """The values being trained right now, by id (for a throttled canvas preview)."""
        k = min(self._current, len(self.runs) - 1)
        run = self.runs[k]
        return self.plan.theta_dicts(self._theta_of(run))

    def _theta_of(self, run: Run) -> Array:
        return run.theta if run.status != PENDING else self._start

    # ----------------------------------------------------------------- driving
    def step(self) -> bool:
        """One update of the run in progress (starting the next run when needed).
        Returns False once every run has finished."""
        if self.finished:
            return False
        run = self.runs[self._current]
        if run.status == PENDING:
            self._begin(run)
        i = run._updates
        rows = self._next_rows()
        loss, grad = self.plan.loss_and_grad(run.theta, rows)
        loss = float(loss)
        if not math.isfinite(loss):
            if i > 0 and run._previous is not None:  # back to the last finite loss
                if run._path is not None:
                    run._path.forget(i)
                run.theta, run._updates = run._previous, i - 1
            self._end(
                run,
                DIVERGED,
                fill(
                    translate(
                        "Trainer", "diverged at iteration %1: the loss is no longer a finite number"
                    ),
                    i,
                )
                if i > 0
                else translate("Trainer", "the loss is not a finite number at the starting values"),
            )
            return not self.finished
        run._history.append(loss)
        if self.split.active:
            run._validation.append(self._loss(run.theta, self.split.held_out))
        new = self._optimizer.step(run.theta, grad)  # type: ignore[union-attr]
        if not np.isfinite(new).all():  # also catches a gradient that is not finite
            self._end(
                run,
                DIVERGED,
                fill(translate("Trainer", "diverged at iteration %1: the values overflowed"), i),
            )
            return not self.finished
        if run._path is not None:
            run._path.record(i + 1, new)
        run._previous, run.theta, run._updates = run.theta, new, i + 1
        if run._updates >= run.iterations:
            self._end(run, DONE)
        return not self.finished

    def run_iterations(self, n: int, should_stop: Callable[[], bool] | None = None) -> int:
        """Up to ``n`` updates; ``should_stop()`` is asked before each. Returns how many ran."""
        done = 0
        while done < n and not self.finished:
            if should_stop is not None and should_stop():
                break
            self.step()
            done += 1
        return done

    def run_all(
        self,
        on_progress: Callable[[TrainingProgress], None] | None = None,
        *,
        chunk: int = 100,
        should_stop: Callable[[], bool] | None = None,
    ) -> TrainingResult:
        """Train to the end (or until ``should_stop()``), reporting every ``chunk`` updates."""
        while not self.finished:
            self.run_iterations(chunk, should_stop)
            if on_progress is not None:
                on_progress(self.progress)
            if should_stop is not None and should_stop():
                self.stop()
        return self.result()

    def stop(self) -> None:
        """End the session now: the run in progress keeps what it reached; later runs are
        dropped. The result covers the runs that started."""
        if self.finished:
            return
        run = self.runs[self._current]
        if run.status == RUNNING:
            self._end(run, STOPPED, f"stopped after {run.updates} of {run.iterations} iterations")
        # Stopped before anything ran: keep run 0 (still at the graph's values) so the result
        # is "nothing changed" rather than an empty session.
        self.runs = [r for r in self.runs if r.status != PENDING] or self.runs[:1]
        self._current = len(self.runs)

    def result(self) -> TrainingResult:
        """The session so far: the best run among those that started (run 0 if none has)."""
        started = [r for r in self.runs if r.status != PENDING]
        runs = started or [self.runs[0]]
        losses = [r.final_loss if r.finished else self._full_loss(self._theta_of(r)) for r in runs]
        best = _best_index(losses)
        theta = self._theta_of(runs[best])
        params, weights = self.plan.theta_dicts(theta)
        held_out = self.split.held_out
        val_losses = [
            r.final_validation_loss if r.finished else self._loss(self._theta_of(r), held_out)
            for r in runs
        ]
        return TrainingResult(
            validation=self.split.active,
            final_validation_losses=val_losses if self.split.active else [],
            accuracy=accuracy(self.plan, theta, self.split.train),
            validation_accuracy=(
                accuracy(self.plan, theta, held_out) if self.split.active else None
            ),
            runs=runs,
            final_losses=losses,
            best_run=best,
            trainable_ids=list(self.trainable_ids),
            parameters=params,
            edge_weights=weights,
            notes=list(self.notes),
        )

    # ----------------------------------------------------------------- internals
    def _begin(self, run: Run) -> None:
        s = self.settings
        self._rng = np.random.default_rng(run.seed)
        if run.index == 0:
            run.start = self._start.copy()
        else:
            lo, hi = s.init_range
            run.start = self._rng.uniform(lo, hi, size=self._start.size)
        run.theta = run.start.copy()
        run._history = LossHistory(min(s.iterations, 4096))
        run._validation = LossHistory(min(s.iterations, 4096) if self.split.active else 1)
        if self.keep_trajectory:
            run._path = Trajectory(run.start, self.trajectory_budget)
        run.status = RUNNING
        self._optimizer = make_optimizer(
            s.optimizer, s.learning_rate, s.momentum, nesterov=s.nesterov
        )
        self._order = np.zeros(0, dtype=int)
        self._pos = 0

    def _end(self, run: Run, status: str, message: str = "") -> None:
        run.status = status
        run.final_loss = self._full_loss(run.theta)
        if self.split.active:
            run.final_validation_loss = self._loss(run.theta, self.split.held_out)
        start = self._full_loss(run.start)
        if status == DONE and run.final_loss > start and np.isfinite(start):
            message = fill(
                translate(
                    "Trainer",
                    "the loss grew from %1 to %2: the learning rate is probably too large (the "
                    "steps jump over the minimum)",
                ),
                fmt_number(start),
                fmt_number(run.final_loss),
            )
        run.message = message
        self._current += 1

    def _full_loss(self, theta: Array) -> float:
        """The loss on every training row (every row without held-out data)."""
        return self._loss(theta, self.split.train)

    def _loss(self, theta: Array, rows: Array | None) -> float:
        return float(self.plan.run(theta, rows, backward=False).loss)

    def _next_rows(self) -> Array | None:
        b, n = self.settings.batch_size, self.train_samples
        if b is None or n is None or b >= n:
            return self.split.train
        if self._pos >= self._order.size:
            self._order = self._rng.permutation(n)  # type: ignore[union-attr]
            self._pos = 0
        rows = self._order[self._pos : self._pos + b]
        self._pos += b
        return rows


def train(graph: Graph, settings: TrainingSettings | None = None) -> TrainingResult:
    """Train to the end in one call (no progress reports)."""
    return Trainer(graph, settings).run_all()


def _best_index(losses: list[float | None]) -> int:
    best, best_loss = 0, np.inf
    for k, x in enumerate(losses):
        if x is not None and np.isfinite(x) and x < best_loss:
            best, best_loss = k, x
    return best


def _json_number(x: float | None) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None
