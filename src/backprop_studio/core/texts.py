"""Translatable texts of the core, Qt-free.

``translate(context, text)`` returns ``text`` in the UI language once the UI has installed a
translator function (:func:`set_translator`; the Qt UI installs
``QCoreApplication.translate``), else the English text as written: the command line and the
core's tests stay English. ``pyside6-lupdate`` reads the ``translate("Context", "...")``
calls, so core texts land in the same ``.ts`` as the UI's. Numbers go in as ``%1``, ``%2``
(:func:`fill`), so a translation may put them in another order.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: list[Callable[[str, str], str] | None] = [None]


def set_translator(function: Callable[[str, str], str] | None) -> None:
    """Install (or, with None, remove) the function that translates core texts."""
    _translator[0] = function


def translate(context: str, text: str) -> str:
    function = _translator[0]
    return function(context, text) if function is not None else text


def fill(text: str, *values: object) -> str:
    """``fill("Edges visited: %1 / %2", 3, 6)`` -> ``"Edges visited: 3 / 6"``."""
    for i in range(len(values), 0, -1):  # %10 before %1
        text = text.replace(f"%{i}", str(values[i - 1]))
    return text
