"""The open main windows: a registry that keeps them alive, finds the window showing a file,
and opens new windows (cascaded) for files or empty graphs.

The windows are made by the factory ``main_window`` registers when it is imported
(:func:`set_window_factory`), so this module never imports the window class."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from ..window_api import WindowApi as MainWindow

_windows: list[MainWindow] = []
_factory: Callable[..., MainWindow] | None = None


def set_window_factory(factory: Callable[..., MainWindow]) -> None:
    """How new windows are made: ``factory(path, start_example=False)``."""
    global _factory
    _factory = factory


def register(window: MainWindow) -> None:
    if window not in _windows:
        _windows.append(window)


def forget_window(window: MainWindow) -> None:
    """Stop tracking a window (closed, or destroyed without a close)."""
    if window in _windows:
        _windows.remove(window)


def open_windows() -> list[MainWindow]:
    return list(_windows)


def find_window_for(path: str | Path) -> MainWindow | None:
    """The open window showing this file, if any (never raises: a path that cannot be
    resolved, such as a symlink loop, is compared as an absolute path)."""
    target = _resolved(path)
    for window in _windows:
        if window.document.path is not None and _resolved(window.document.path) == target:
            return window
    return None


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        return Path(os.path.abspath(path))


def open_new_window(path: str | Path | None = None) -> MainWindow:
    """A new, shown window: an empty graph, or the file at ``path`` (FileFormatError if bad)."""
    assert _factory is not None, "shell.main_window registers the window factory on import"
    window = _factory(path, start_example=False)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    others = [w for w in _windows if w is not window and w.isVisible()]
    if others:
        pos = others[-1].pos()
        window.move(pos.x() + 32, pos.y() + 32)
    window.show()
    return window
