"""Growable per-run records of training: the loss history and the trajectory of the values.

Both are written by the thread that trains and may be read at any moment by another (a plot
refreshing while training runs). Each keeps its state as one tuple that is replaced whole,
so a reader always sees a consistent snapshot: a prefix of what was recorded.

- :class:`LossHistory` grows by doubling; memory is what was recorded, not what is planned
  (planning 10^8 iterations costs nothing until they run), and never more than a million
  points: beyond that it keeps the envelope (each group of four points becomes its lowest
  and highest), which is what the loss plot draws anyway (min and max per pixel column).
- :class:`Trajectory` records the values at steps 0, s, 2s, ... (``s`` = stride). When it
  would hold more than ``budget`` numbers it keeps every other row and doubles the stride,
  so a long run of a big graph stays within a fixed amount of memory while still drawing
  the whole path on a landscape plot.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

DEFAULT_TRAJECTORY_BUDGET = 2_000_000  # numbers per run (16 MB)
DEFAULT_LOSS_LIMIT = 1_000_000  # loss points kept per run at most (16 MB with their steps)


def peak_decimate(steps: Array, values: Array, bucket: int) -> tuple[Array, Array]:
    """The envelope of a curve: for each range of ``bucket`` steps (``[k * bucket, (k + 1) *
    bucket)``), its lowest and its highest point, in the order they came (one point when they
    are the same; NaN counts as neither unless it is all there is). The ranges depend on the
    steps only, so thinning again with a bigger bucket thins old and new points alike. A plot
    that draws the minimum and maximum of each pixel column (pyqtgraph's "peak" downsampling)
    draws the same picture as long as a column spans whole buckets."""
    steps = np.asarray(steps, dtype=float)
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return steps.copy(), values.copy()
    group = np.floor(steps / bucket).astype(np.int64)
    finite_lo = np.where(np.isnan(values), np.inf, values)
    finite_hi = np.where(np.isnan(values), -np.inf, values)
    index = np.arange(len(values))
    by_min = np.lexsort((index, finite_lo, group))  # per group: lowest first (then earliest)
    by_max = np.lexsort((index, -finite_hi, group))
    first = np.flatnonzero(np.r_[True, group[by_min][1:] != group[by_min][:-1]])
    keep = np.union1d(by_min[first], by_max[first])  # sorted: the order they came in
    return steps[keep], values[keep]


def envelope_bucket(last_step: float, limit: int) -> int:
    """The bucket (a power of two, at least 2) that thins steps ``0..last_step`` to at most
    ``limit // 2`` points."""
    need = 4.0 * (last_step + 1) / max(limit, 8)
    return max(2, 1 << int(np.ceil(np.log2(max(need, 1.0)))))


class LossHistory:
    """A float series that only grows, bounded: up to ``limit`` points every value is kept
    (``values[i]`` is value number ``i``); past it, the points are thinned by
    :func:`peak_decimate` (to at most half, the envelope kept), so memory stays under
    ``limit`` values and their steps however long the run. ``values`` and ``steps`` (which
    value number each kept point is) are read-only snapshot views; ``len()`` counts every
    value recorded."""

    def __init__(self, capacity: int = 256, limit: int = DEFAULT_LOSS_LIMIT) -> None:
        self.limit = max(8, int(limit))
        # (values buffer, points kept, steps buffer or None while every value is kept, total)
        self._state: tuple[Array, int, Array | None, int] = (
            np.empty(min(max(1, capacity), self.limit)),
            0,
            None,
            0,
        )

    def append(self, value: float) -> None:
        buf, n, steps, total = self._state
        if n == buf.size:
            if n >= self.limit:
                old_steps = steps[:n] if steps is not None else np.arange(n, dtype=float)
                bucket = envelope_bucket(total - 1, self.limit)
                kept_steps, kept = peak_decimate(old_steps, buf[:n], bucket)
                buf, steps = np.empty(self.limit), np.empty(self.limit)
                n = len(kept)
                buf[:n], steps[:n] = kept, kept_steps
            else:
                size = min(buf.size * 2, self.limit)
                bigger = np.empty(size)
                bigger[:n] = buf[:n]
                buf = bigger
                if steps is not None:
                    more = np.empty(size)
                    more[:n] = steps[:n]
                    steps = more
        buf[n] = value
        if steps is not None:
            steps[n] = total
        self._state = (buf, n + 1, steps, total + 1)

    def pop(self) -> None:
        """Forget the last value recorded (an update that was undone)."""
        buf, n, steps, total = self._state
        if total == 0:
            return
        if n and (steps is None or steps[n - 1] == total - 1):
            n -= 1
        self._state = (buf, n, steps, total - 1)

    @property
    def values(self) -> Array:
        buf, n, _, _ = self._state
        view = buf[:n]
        view.flags.writeable = False
        return view

    @property
    def steps(self) -> Array:
        """Which value (0, 1, 2, ...) each of :attr:`values` is."""
        _, n, steps, _ = self._state
        view = np.arange(n, dtype=float) if steps is None else steps[:n]
        view.flags.writeable = False
        return view

    def points_since(self, first: int) -> tuple[Array, Array]:
        """(steps, values) of the kept points from value number ``first`` on, consistent."""
        buf, n, steps, _ = self._state
        if steps is None:
            start = min(max(0, first), n)
            return np.arange(start, n, dtype=float), buf[start:n].copy()
        start = int(np.searchsorted(steps[:n], first))
        return steps[start:n].copy(), buf[start:n].copy()

    @property
    def kept(self) -> int:
        return self._state[1]

    def __len__(self) -> int:
        return self._state[3]


class Trajectory:
    """The trainables' values along a run, thinned to stay within ``budget`` numbers."""

    def __init__(self, start: Array, budget: int = DEFAULT_TRAJECTORY_BUDGET) -> None:
        width = max(1, start.size)
        self.max_rows = max(4, budget // width)
        buf = np.empty((min(256, self.max_rows), start.size))
        buf[0] = start
        # (buffer, rows filled, stride, last step recorded)
        self._state: tuple[Array, int, int, int] = (buf, 1, 1, 0)

    @property
    def stride(self) -> int:
        return self._state[2]

    def record(self, step: int, theta: Array) -> None:
        """The values after update number ``step`` (kept if ``step`` is a multiple of the
        stride; steps must come in increasing order)."""
        buf, rows, stride, _ = self._state
        if step % stride:
            return
        if rows == buf.shape[0]:
            if rows >= self.max_rows:  # thin out: keep steps 0, 2s, 4s, ...
                kept = buf[:rows:2]
                buf = np.empty_like(buf)
                buf[: len(kept)] = kept
                rows, stride = len(kept), stride * 2
                if step % stride:
                    self._state = (buf, rows, stride, (rows - 1) * stride)
                    return
            else:
                bigger = np.empty((min(buf.shape[0] * 2, self.max_rows), buf.shape[1]))
                bigger[:rows] = buf[:rows]
                buf = bigger
        buf[rows] = theta
        self._state = (buf, rows + 1, stride, step)

    def forget(self, step: int) -> None:
        """Drop the row of ``step`` if it was the last one recorded (an undone update)."""
        buf, rows, stride, last = self._state
        if last == step and rows > 1:
            self._state = (buf, rows - 1, stride, step - stride)

    def snapshot(self, current: Array | None = None, current_step: int | None = None):
        """(steps, values): the recorded rows, plus ``current`` at ``current_step`` when that
        step is newer than the last row (so the path always ends where the run is)."""
        buf, rows, stride, last = self._state
        steps = np.arange(rows) * stride
        values = buf[:rows]
        if current is not None and current_step is not None and current_step > last:
            steps = np.append(steps, current_step)
            values = np.vstack([values, current[None, :]])
        else:
            values = values.view()
        values.flags.writeable = False
        return steps, values
