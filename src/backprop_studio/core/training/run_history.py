"""Growable per-run records of training: the loss history and the trajectory of the values.

Both are written by the thread that trains and may be read at any moment by another (a plot
refreshing while training runs). Each keeps its state as one tuple that is replaced whole,
so a reader always sees a consistent snapshot: a prefix of what was recorded.

- :class:`LossHistory` grows by doubling; memory is what was recorded, not what is planned
  (planning 10^8 iterations costs nothing until they run).
- :class:`Trajectory` records the values at steps 0, s, 2s, ... (``s`` = stride). When it
  would hold more than ``budget`` numbers it keeps every other row and doubles the stride,
  so a long run of a big graph stays within a fixed amount of memory while still drawing
  the whole path on a landscape plot.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray

DEFAULT_TRAJECTORY_BUDGET = 2_000_000  # numbers per run (16 MB)


class LossHistory:
    """A float series that only grows; ``values`` is a read-only snapshot view."""

    def __init__(self, capacity: int = 256) -> None:
        self._state: tuple[Array, int] = (np.empty(max(1, capacity)), 0)

    def append(self, value: float) -> None:
        buf, n = self._state
        if n == buf.size:
            bigger = np.empty(buf.size * 2)
            bigger[:n] = buf[:n]
            buf = bigger
        buf[n] = value
        self._state = (buf, n + 1)

    def pop(self) -> None:
        buf, n = self._state
        self._state = (buf, max(0, n - 1))

    @property
    def values(self) -> Array:
        buf, n = self._state
        view = buf[:n]
        view.flags.writeable = False
        return view

    def __len__(self) -> int:
        return self._state[1]


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
