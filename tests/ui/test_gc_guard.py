"""The app collects garbage only from its GUI-thread timer."""

from __future__ import annotations

import gc
import weakref

from backprop_studio.ui.gc_guard import GarbageCollectorGuard


class Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_guard_turns_automatic_collection_off_and_collects_on_its_timer(qtbot):
    gc.enable()
    guard = GarbageCollectorGuard(interval_ms=10)
    try:
        assert not gc.isenabled()
        probe = Cyclic()
        ref = weakref.ref(probe)
        del probe
        garbage = [Cyclic() for _ in range(gc.get_threshold()[0] + 50)]  # cross the threshold
        del garbage
        assert ref() is not None  # nothing collects it by itself
        qtbot.waitUntil(lambda: ref() is None, timeout=2000)
    finally:
        guard.stop()
    assert gc.isenabled()
    gc.disable()  # the UI tests' fixture turns it back on at teardown
