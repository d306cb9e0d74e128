"""A faster answer to PySide6's question "does this module use PySide6?".

PySide6 (6.4 and later, PYSIDE-2029) asks it of every module imported after it, to know
which modules may use its ``__feature__`` switches, and answers by reading the module's
source through ``inspect.getsource`` (line cache and tokenizer): 0.11 s for the ~750 modules
the window imports (benchmarks/bench_launch.py). The same question is answered here by
reading the file's bytes: 0.03 s. A module without a ``.py`` file, or a PySide6 that no
longer has the hook, gets PySide6's own answer: nothing else changes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_backprop_studio_fast"


def install() -> bool:
    """Replace the check once, after PySide6 is imported; True if it is in place."""
    import PySide6.QtCore  # noqa: F401  (the hook exists once PySide6 is initialised)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True
    feature._mod_uses_pyside = fast_check(original)
    return True


def fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """``original``'s answer for a module's source file, from its bytes."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, _MARK, True)
    return uses_pyside
