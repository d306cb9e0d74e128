"""Opening a file that cannot be read always ends in a dialog (File > Open, the command line,
a file handed over by the desktop), and the dialog shows file contents as plain text."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from backprop_studio.core.model import fileio
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.document import file_actions
from backprop_studio.ui.shell import app as app_mod
from backprop_studio.ui.shell import windows as windows_mod


@pytest.fixture
def loop(tmp_path):
    path = tmp_path / "loop.bpgraph"
    path.symlink_to(path)
    return path


@pytest.fixture
def main_window(qtbot):
    window = create_main_window()
    qtbot.addWidget(window)
    windows_mod.register(window)
    yield window
    windows_mod.forget_window(window)


def test_file_open_of_a_symlink_loop_shows_a_dialog(qtbot, main_window, dialogs, loop):
    before = main_window.document.dumps()
    dialogs.open_path = str(loop)
    assert main_window.file_actions.open_dialog() is False
    assert len(dialogs.errors) == 1
    title, text, _details = dialogs.errors[0]
    assert title == "Could not open graph" and "loop.bpgraph" in text
    assert main_window.document.dumps() == before  # nothing lost


def test_find_window_for_a_symlink_loop_does_not_raise(qtbot, main_window, loop):
    assert windows_mod.find_window_for(loop) is None


def test_the_command_line_with_a_symlink_loop_opens_a_window_and_a_dialog(
    qtbot, dialogs, loop, monkeypatch
):
    opened = app_mod.open_initial_windows([str(loop)])
    try:
        assert len(opened) == 1 and opened[0].isVisible()  # the start page
        qtbot.waitUntil(lambda: len(dialogs.errors) == 1, timeout=3000)
        assert "loop.bpgraph" in dialogs.errors[0][1]
    finally:
        for window in opened:
            window.hide()
            windows_mod.forget_window(window)
            window.deleteLater()


def test_an_unexpected_error_while_loading_is_a_dialog(
    qtbot, main_window, dialogs, monkeypatch, tmp_path
):
    real = fileio.load_graph
    bad = tmp_path / "deep.bpgraph"
    bad.write_text(example_path("chain_rule").read_text(encoding="utf-8"))

    def boom(path):
        if "deep" in str(path):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path)

    monkeypatch.setattr(fileio, "load_graph", boom)
    assert main_window.file_actions.open_path(bad) is False
    assert "RecursionError" in dialogs.errors[0][1]
    # a file handed over by the desktop while running: a dialog too
    dialogs.errors.clear()
    other = create_main_window()
    qtbot.addWidget(other)
    other.document.set_node_fields("a", value=3.0)  # not a start page: a new window is asked
    windows_mod.register(other)
    try:
        assert app_mod.open_file(bad) is None
        assert len(dialogs.errors) == 1
    finally:
        windows_mod.forget_window(other)


def _hostile_file(tmp_path):
    doc = json.loads(example_path("chain_rule").read_text(encoding="utf-8"))
    doc["nodes"][0]["op"] = '<a href="https://example.com">link</a><img src="x.png" width=20000>'
    path = tmp_path / "hostile.bpgraph"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_the_error_dialog_shows_file_contents_as_plain_text(qtbot, tmp_path):
    path = _hostile_file(tmp_path)
    with pytest.raises(fileio.FileFormatError) as info:
        fileio.load_graph(path)
    exc = info.value
    details = [p.message for p in exc.problems] or [str(exc)]
    box = file_actions.error_box(None, "Could not open graph", f"Could not open x:\n{exc}", details)
    qtbot.addWidget(box)
    labels = [lb for lb in box.findChildren(QLabel) if lb.text()]
    shown = [lb for lb in labels if "<a href" in lb.text()]
    assert shown, [lb.text() for lb in labels]  # the op name is quoted...
    for label in labels:  # ... and shown as the characters it is, no link, no image
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()
    box.show()
    assert box.width() < 2000  # no 20,000 px image stretched it
    box.grab().save(str(tmp_path / "plain.png"))
