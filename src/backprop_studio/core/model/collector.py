"""Python's cycle collector paused while big structures are built (a file loaded, a plan
compiled).

Building a 100,000-node graph makes millions of lists, dicts and small objects, none in a
reference cycle; yet every few thousand allocations the collector walks all that survive so
far, which made a third of the time of loading a file and of compiling it. Pausing it for
the build (and restoring it however the build ends) is the standard remedy. The pause is
process-wide: a pause begun while the collector is already paused (another thread compiling)
leaves it to the pause that stopped it to start it again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector paused while a file is decoded and built: the millions of
    lists, dicts and nodes a big file makes hold no reference cycles, yet each collection
    would walk all of them (a third of a 100,000-node load). Restored however it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
