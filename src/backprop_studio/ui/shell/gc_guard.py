"""Garbage collection only at safe moments, in the GUI thread.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed. If it frees a Qt wrapper then (a window closed earlier, a worker
object), Qt may delete a C++ object from the wrong thread or while a worker still uses it,
and the process crashes. The app (and the UI tests) therefore turn automatic collection off
and collect from a timer of the GUI thread instead, when the event loop is idle.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GarbageCollectorGuard(QObject):
    """Disables automatic collection; collects every ``interval_ms`` in the GUI thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        """Collect the young generation often and everything when it has grown."""
        counts = gc.get_count()
        threshold = gc.get_threshold()
        if counts[0] > threshold[0]:
            gc.collect(0)
        if counts[1] > threshold[1]:
            gc.collect(1)
        if counts[2] > threshold[2]:
            gc.collect(2)

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
