"""Computing a loss landscape off the UI thread: L over a grid of one or two trainables.

:func:`compute_landscape` is plain numpy on a private copy of the graph (so the UI thread can
keep editing the original): it compiles a Plan, fixes every trainable at its current value
except the chosen one(s), and evaluates the loss over a grid with ``Plan.run(theta,
backward=False)``. For one value it also asks the closed-form solver (method 1 of the lesson)
for the minimum, or the stationary points found numerically. The grid covers the current
value, the points of interest it is given (training paths, where runs ended) and the minima
found, with a margin. The number of points (curve, solver scan, square grid) is chosen from
the time one evaluation takes, so a big graph still answers in about a second or two.

:class:`LandscapeJob` runs it in the global QThreadPool and reports through a signal; a job
can be cancelled (it checks between grid rows). The job never touches the live Graph: it takes
an immutable snapshot when it is made (in the UI thread; ``core.model.snapshot``, cheap) and
builds its private Graph from that snapshot in the worker thread, so the UI thread may edit,
train or replace the document's graph meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Signal

from ...core.engine.plan import compile_plan
from ...core.model.errors import BackpropError
from ...core.model.graph import Graph
from ...core.model.snapshot import GraphSnapshot, take_snapshot
from ...core.training.closed_form import ClosedFormResult, solve

CURVE_POINTS, CURVE_MIN = 401, 61
SCAN_POINTS, SCAN_MIN = 1201, 121  # the closed-form solver's scan for stationary points
GRID_MIN, GRID_MAX = 21, 61
TIME_BUDGET_S = 1.0
CANCELLED = "cancelled"


class Cancelled(Exception):
    """The job was cancelled (a newer one replaces it)."""


@dataclass
class LandscapeData:
    """A computed landscape: ``xs`` (and ``ys``) grids, ``losses`` (1-d or [len(ys), len(xs)])."""

    ids: tuple[str, ...]
    xs: np.ndarray
    ys: np.ndarray | None
    losses: np.ndarray
    current: tuple[float, ...]
    current_loss: float
    closed_form: ClosedFormResult | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def two_d(self) -> bool:
        return self.ys is not None

    def loss_at(self, x: float) -> float:
        """L on the 1-d curve at ``x`` (interpolated; NaN outside the grid)."""
        if self.two_d or not (self.xs[0] <= x <= self.xs[-1]):
            return float("nan")
        return float(np.interp(x, self.xs, self.losses))


def axis_range(
    values: list[float], min_half: float = 0.5, center: float | None = None
) -> tuple[float, float]:
    """A range covering ``values`` with a margin (at least ``2 * min_half`` wide); with
    ``center`` (a minimum), symmetric around it so both sides of the valley show."""
    finite = [v for v in values if np.isfinite(v)]
    if not finite:
        return -1.0, 1.0
    if center is not None and np.isfinite(center):
        half = max(max(abs(v - center) for v in finite) * 1.3, min_half)
        return center - half, center + half
    lo, hi = min(finite), max(finite)
    span = hi - lo
    center = 0.5 * (lo + hi)
    half = max(0.5 * span * 1.3, min_half, 0.25 * abs(center) if span == 0 else 0.0)
    return center - half, center + half


def compute_landscape(
    graph: Graph | GraphSnapshot,
    ids: tuple[str, ...],
    focus: dict[str, list[float]] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> LandscapeData:
    """The landscape of L over ``ids`` (one or two trainable ids) of ``graph`` (a private copy).

    ``focus`` gives, per id, extra values the range must show (paths, run ends). Raises
    BackpropError when the graph cannot be evaluated or an id is not trainable."""
    started = time.perf_counter()
    stop = should_stop or (lambda: False)
    if isinstance(graph, GraphSnapshot):
        graph = graph.to_graph("<landscape>")
    plan = compile_plan(graph)
    order = [item for _, item in plan.trainable_ids]
    missing = [i for i in ids if i not in order]
    if missing:
        text = QCoreApplication.translate(
            "LandscapeCompute", "%1 is not trainable: mark it trainable to plot it"
        )
        raise BackpropError(text.replace("%1", repr(missing[0])))
    base = plan.theta()
    index = [order.index(i) for i in ids]
    current = tuple(float(base[k]) for k in index)
    focus = focus or {}
    notes: list[str] = []

    def loss(theta: np.ndarray) -> float:
        return float(plan.run(theta, backward=False).loss)

    probe = time.perf_counter()
    current_loss = loss(base)
    for _ in range(2):
        loss(base)
    each = max((time.perf_counter() - probe) / 3, 1e-6)
    affordable = TIME_BUDGET_S / each  # evaluations that fit in the time budget
    if len(ids) == 1:
        (k,) = index
        answer: ClosedFormResult | None = None
        points = int(np.clip(affordable / 2, CURVE_MIN, CURVE_POINTS))
        scan = int(np.clip(affordable / 2, SCAN_MIN, SCAN_POINTS))
        if points < CURVE_POINTS:
            text = QCoreApplication.translate(
                "LandscapeCompute", "%1 points (a bigger graph takes longer per point)"
            )
            notes.append(text.replace("%1", str(points)))
        try:
            answer = solve(graph, ids[0], scan_points=scan)
        except (BackpropError, ArithmeticError, ValueError) as exc:
            notes.append(
                QCoreApplication.translate("LandscapeCompute", "closed form: %1").replace(
                    "%1", str(exc)
                )
            )
        extra = list(focus.get(ids[0], []))
        middle = None
        if answer is not None and answer.found and answer.value is not None:
            middle = answer.value
        elif answer is not None:
            extra += [p.value for p in answer.stationary_points if p.kind == "minimum"]
        lo, hi = axis_range([current[0], *extra], center=middle)
        xs = np.linspace(lo, hi, points)
        theta = base.copy()
        out = np.empty(xs.size)
        for n, x in enumerate(xs):
            if n % 50 == 0 and stop():
                raise Cancelled
            theta[k] = x
            out[n] = loss(theta)
        return LandscapeData(
            ids, xs, None, out, current, current_loss, answer, time.perf_counter() - started, notes
        )

    kx, ky = index
    x_lo, x_hi = axis_range([current[0], *focus.get(ids[0], [])], min_half=1.0)
    y_lo, y_hi = axis_range([current[1], *focus.get(ids[1], [])], min_half=1.0)
    n = int(np.clip(np.sqrt(affordable), GRID_MIN, GRID_MAX))
    if n < GRID_MAX:
        text = QCoreApplication.translate(
            "LandscapeCompute", "a %1×%1 grid (a bigger graph takes longer per point)"
        )
        notes.append(text.replace("%1", str(n)))
    xs = np.linspace(x_lo, x_hi, n)
    ys = np.linspace(y_lo, y_hi, n)
    grid = np.empty((n, n))
    theta = base.copy()
    for r, y in enumerate(ys):
        if stop():
            raise Cancelled
        theta[ky] = y
        for c, x in enumerate(xs):
            theta[kx] = x
            grid[r, c] = loss(theta)
    return LandscapeData(
        ids, xs, ys, grid, current, current_loss, None, time.perf_counter() - started, notes
    )


class JobSignals(QObject):
    """Where jobs report. Created without a Qt parent and referenced by every job, so it lives
    until the last job has reported, even if the panel is closed meanwhile."""

    done = Signal(int, object, str)  # job number, LandscapeData | None, error text


class LandscapeJob(QRunnable):
    """One :func:`compute_landscape` call in the thread pool."""

    def __init__(
        self,
        signals: JobSignals,
        number: int,
        graph: Graph | GraphSnapshot,
        ids: tuple[str, ...],
        focus: dict[str, list[float]],
    ) -> None:
        """Made in the UI thread: ``graph`` (live or not) is snapshotted here, ``focus``
        copied, so nothing the worker reads can change under it."""
        super().__init__()
        self.number = number
        self.snapshot = take_snapshot(graph)
        self.ids = tuple(ids)
        self.focus = {k: [float(v) for v in vals] for k, vals in focus.items()}
        self.cancelled = False
        self.signals = signals
        self.setAutoDelete(True)

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        try:
            data = compute_landscape(self.snapshot, self.ids, self.focus, lambda: self.cancelled)
        except Cancelled:
            self._report(None, CANCELLED)
        except (BackpropError, ArithmeticError, ValueError, MemoryError) as exc:
            self._report(None, str(exc))
        else:
            self._report(data, "")

    def _report(self, data: LandscapeData | None, error: str) -> None:
        try:
            self.signals.done.emit(self.number, data, error)
        except RuntimeError:  # the panel was closed meanwhile: nobody to tell
            pass
