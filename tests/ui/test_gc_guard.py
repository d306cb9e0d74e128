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


def test_full_collections_wait_in_proportion_to_their_cost(qapp, monkeypatch):
    from backprop_studio.ui.shell import gc_guard

    clock = [100.0]
    monkeypatch.setattr(gc_guard.time, "monotonic", lambda: clock[0])
    full = []
    real_collect = gc.collect

    def collect(generation=2):
        if generation == 2:
            full.append(clock[0])
            clock[0] += 0.5  # a full collection of a big heap costs half a second
        return real_collect(generation)

    monkeypatch.setattr(gc_guard.gc, "collect", collect)
    monkeypatch.setattr(gc_guard.gc, "get_count", lambda: (0, 0, 11))  # gen 2 due every time
    guard = GarbageCollectorGuard(interval_ms=1000)
    try:
        for _tick in range(40):
            guard.collect()
            clock[0] += 1.0
        # the first one at once, the next only 50 x 0.5 s = 25 s later
        assert full[0] == 100.0 and len(full) == 2 and full[1] - full[0] >= 25.0
    finally:
        guard.stop()
    gc.disable()
