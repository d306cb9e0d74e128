"""Garbage collection only at safe moments, in the GUI thread.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed. If it frees a Qt wrapper then (a window closed earlier, a worker
object), Qt may delete a C++ object from the wrong thread or while a worker still uses it,
and the process crashes. The app (and the UI tests) therefore turn automatic collection off
and collect from a timer of the GUI thread instead, when the event loop is idle.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000
FULL_SPACING = 50  # a full collection waits 50x its last cost: at most 2 % of the time


class GarbageCollectorGuard(QObject):
    """Disables automatic collection; collects every ``interval_ms`` in the GUI thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._next_full = 0.0  # time.monotonic() from which a full collection may run
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        """Collect the young generation often and everything when it has grown, but a full
        collection at most once per FULL_SPACING times the last one's cost: with a 10k-node
        graph on the canvas one takes 0.3-1 s, and taken every ten timer ticks it froze the
        app that long every ten seconds or so (Python's own collector holds full
        collections back in the same spirit, until the long-lived objects grew by 25 %)."""
        counts = gc.get_count()
        threshold = gc.get_threshold()
        if counts[0] > threshold[0]:
            gc.collect(0)
        if counts[1] > threshold[1]:
            gc.collect(1)
        now = time.monotonic()
        if counts[2] > threshold[2] and now >= self._next_full:
            gc.collect(2)
            cost = time.monotonic() - now
            self._next_full = now + FULL_SPACING * cost

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
