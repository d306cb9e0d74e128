"""The Qt user interface. ``create_main_window(path=None)`` builds the main window without
entering the event loop (for tests and automation)."""

from __future__ import annotations


def create_main_window(path: str | None = None):  # noqa: ANN201  (Qt type imported lazily)
    from .shell.main_window import create_main_window as _create

    return _create(path)
