"""The app collects garbage only from its GUI-thread timer."""

from __future__ import annotations

import gc
import weakref

from backprop_studio.ui.shell.gc_guard import GarbageCollectorGuard


class Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_guard_turns_automatic_collection_off_and_collects_when_called(qapp):
    gc.enable()
    guard = GarbageCollectorGuard(interval_ms=25)
    try:
        assert not gc.isenabled()
        assert guard._timer.isActive() and guard._timer.interval() == 25
        probe = Cyclic()
        ref = weakref.ref(probe)
        del probe
        assert ref() is not None  # automatic collection is off: the cycle stays
        while gc.get_count()[0] <= gc.get_threshold()[0]:
            Cyclic()  # cross the young generation's threshold
        guard.collect()  # what the timer calls
        assert ref() is None
    finally:
        guard.stop()
    assert gc.isenabled()
    gc.disable()  # the UI tests' fixture turns it back on at teardown
