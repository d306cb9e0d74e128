"""numpy, imported when first used: ``from ..lazy import np`` in a module that a quick verb
(``backprop-studio eval`` of a small file) imports but may never compute with.

``import numpy`` costs 0.2-0.3 s of CPU, more than the rest of a small ``eval``. The op
registry, the Graph, the file loader and the float engine only need numpy for batches, big
graphs and the rare value Python's ``math`` refuses (``math.log(0)``); with ``np`` a
:class:`LazyModule` they import without it. The first attribute read imports the module and
keeps the attribute on the proxy, so every later read is a plain attribute look-up (as fast
as a module's). Type aliases belong under ``TYPE_CHECKING`` (reading ``np.ndarray`` at import
would import numpy).
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """A module imported on the first read of one of its attributes."""

    def __init__(self, name: str) -> None:
        self.__dict__["_lazy_name"] = name

    def __getattr__(self, attr: str) -> Any:  # only called for attributes not yet kept
        if attr.startswith("__"):
            raise AttributeError(attr)
        value = getattr(importlib.import_module(self._lazy_name), attr)
        self.__dict__[attr] = value
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._lazy_name!r}>"


np: Any = LazyModule("numpy")
