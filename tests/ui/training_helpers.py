"""Helpers for the training studio's UI tests: open an example in a real main window, find
the studio's parts, run a training session to its end."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window


def open_example(qtbot, name: str, size: tuple[int, int] = (1280, 800)):
    """A shown main window with the example ``name``, evaluated."""
    window = create_main_window(example_path(name))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.document.evaluate_now()
    return window


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, f"action_{name}")
    assert found is not None, name
    return found


def set_panel(window, **values) -> None:
    """Set training panel widgets: ``iterations=10``, ``optimizer="adam"``, ``batch_mode=...``."""
    panel = window.training.panel
    for name, value in values.items():
        widget = getattr(panel, name)
        if hasattr(widget, "findData"):
            index = widget.findData(value)
            assert index >= 0, (name, value)
            widget.setCurrentIndex(index)
        elif hasattr(widget, "setChecked"):
            widget.setChecked(bool(value))
        else:
            widget.setValue(value)


def wait_idle(qtbot, window, timeout: int = 20_000) -> None:
    controller = window.training.controller
    qtbot.waitUntil(lambda: not controller.busy, timeout=timeout)


def train(qtbot, window, timeout: int = 20_000):
    """Press Train and wait for the session to end; returns the session."""
    action(window, "train").trigger()
    wait_idle(qtbot, window, timeout)
    session = window.training.controller.last_session
    assert session is not None
    return session


def close(window) -> None:
    window.document.set_modified(False)  # no "save changes?" when the test ends


def windows_opened(qtbot, dock: str | None = None):
    """Body of a ``window`` fixture: yields ``make(example_name)`` (a main window on that
    example, with the named dock shown and raised) and closes every window made."""
    opened = []

    def make(name: str):
        w = open_example(qtbot, name)
        if dock is not None:
            widget = w.findChild(QDockWidget, dock)
            widget.show()
            widget.raise_()
        opened.append(w)
        return w

    yield make
    for w in opened:
        close(w)
