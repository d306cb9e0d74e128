"""Shared set-up for UI tests: every test gets its own state directory (autosave recovery
files) and settings (recent files, theme) in a temporary folder, and modal dialogs never
block: "save changes?" answers Discard and error dialogs are recorded instead of shown.
Tests that care override ``dialogs.answer`` or read ``dialogs.errors``."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication


@dataclass
class Dialogs:
    answer: str = "discard"  # what "save changes?" answers: save, discard or cancel
    asked: list[str] = field(default_factory=list)
    errors: list[tuple[str, str, list[str]]] = field(default_factory=list)
    save_path: str = ""  # what a Save As / Export dialog returns ("" = cancelled)
    open_path: str = ""


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests():
    """No automatic garbage collection during a UI test (it can run in a worker thread or
    free a Qt wrapper while a worker uses it, as the app's GarbageCollectorGuard also avoids);
    collect at teardown, once worker threads are done."""
    gc.disable()
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path_factory, monkeypatch):
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("BACKPROP_STUDIO_STATE_DIR", str(state))
    config = tmp_path_factory.mktemp("config")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(config))
    from backprop_studio.ui.shell import window_theme

    window_theme._state["theme"] = None  # the theme choice is re-read from the new settings
    yield state


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    from backprop_studio.ui.document import file_actions

    record = Dialogs()

    def ask(_parent, name):
        record.asked.append(name)
        return record.answer

    def error(_parent, title, text, details=None):
        record.errors.append((title, text, list(details or [])))

    monkeypatch.setattr(file_actions, "ask_save_changes", ask)
    monkeypatch.setattr(file_actions, "show_error", error)
    monkeypatch.setattr(file_actions, "get_save_path", lambda *_a: (record.save_path, ""))
    monkeypatch.setattr(file_actions, "get_open_path", lambda *_a: record.open_path)
    return record
