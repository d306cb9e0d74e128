"""The Qt user interface. ``create_main_window(path=None)`` builds the main window without
entering the event loop (for tests and automation), in the UI language (the translators are
installed on first use: ``shell/language.py``)."""

from __future__ import annotations

from .shell import import_check

import_check.install()  # before the window's ~750 modules are imported


def create_main_window(path: str | None = None):  # noqa: ANN201  (Qt type imported lazily)
    from .shell.language import ensure_translators
    from .shell.main_window import create_main_window as _create

    ensure_translators()
    return _create(path)
