"""Crash recovery: autosave while modified, files removed on save / clean close, a real crash
(a child process killed mid-session) recovered on the next start with the edits intact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from backprop_studio.core.model.errors import FileFormatError
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.document import autosave
from backprop_studio.ui.document.document import Document
from backprop_studio.ui.shell import app as app_mod


@pytest.fixture
def state_dir(_isolated_state):
    return autosave.recovery_dir()


def test_recovery_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_STUDIO_STATE_DIR", str(tmp_path))
    assert autosave.recovery_dir() == tmp_path / "recovery"
    monkeypatch.delenv("BACKPROP_STUDIO_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert autosave.recovery_dir() == tmp_path / "xdg" / "backprop-studio" / "recovery"


def test_autosave_writes_while_modified_and_cleans_up_on_save(qtbot, state_dir, tmp_path):
    path = tmp_path / "chain.bpgraph"
    path.write_text(example_path("chain_rule").read_text(encoding="utf-8"))
    doc = Document(load_graph(path), path)
    saver = autosave.Autosaver(doc, interval_ms=30)
    assert not saver.save_now()  # nothing unsaved: nothing written
    doc.set_node_fields("a", value=7.0)
    qtbot.waitUntil(saver.graph_path.exists, timeout=3000)
    meta = json.loads(saver.meta_path.read_text(encoding="utf-8"))
    assert meta["original_path"] == str(path) and meta["pid"] == os.getpid()
    assert load_graph(saver.graph_path).node("a").value == 7.0
    doc.set_node_fields("b", value=3.0)
    qtbot.waitUntil(lambda: load_graph(saver.graph_path).node("b").value == 3.0, timeout=3000)
    doc.save()
    assert not saver.graph_path.exists() and not saver.meta_path.exists()
    assert not saver.timer.isActive()


def test_own_live_files_are_not_offered(qtbot, state_dir):
    doc = Document(load_graph(example_path("chain_rule")))
    saver = autosave.Autosaver(doc)
    doc.set_node_fields("a", value=7.0)
    assert saver.save_now()
    assert autosave.list_recoverable() == []  # this very session is still running
    saver.remove()
    assert list(state_dir.iterdir()) == []


def test_undo_back_to_clean_removes_the_files(qtbot, state_dir):
    doc = Document(load_graph(example_path("chain_rule")))
    saver = autosave.Autosaver(doc)
    doc.set_node_fields("a", value=7.0)
    assert saver.save_now()
    doc.undo_stack.undo()
    assert not saver.graph_path.exists()


CRASHING_SESSION = textwrap.dedent(
    """
    import os, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from backprop_studio.core.model.fileio import load_graph
    from backprop_studio.ui.document.autosave import Autosaver
    from backprop_studio.ui.document.document import Document
    path = sys.argv[1]
    doc = Document(load_graph(path), path)
    saver = Autosaver(doc, interval_ms=20)
    doc.create_node("tanh", (400, 300))
    doc.connect("f", "tanh1", "x")
    doc.set_edge_weight("e1", 2.5)
    while not saver.graph_path.exists():  # the timer writes it
        app.processEvents()
    print(doc.dumps(), end="", flush=True)
    os._exit(3)  # a crash: no clean close, nothing removed
    """
)


def crash_a_session(path) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    return done.stdout


def test_crash_then_recovery_restores_the_edits(qtbot, state_dir, tmp_path, monkeypatch):
    path = tmp_path / "lesson.bpgraph"
    path.write_text(example_path("chain_rule").read_text(encoding="utf-8"))
    edited = crash_a_session(path)
    assert path.read_text(encoding="utf-8") != edited  # the crash lost the edits on disk

    entries = autosave.list_recoverable()
    assert len(entries) == 1
    assert entries[0].original_path == str(path) and "lesson.bpgraph" in entries[0].describe()

    # the next start: the start page is untouched, so the recovered document goes there
    window = create_main_window()
    qtbot.addWidget(window)
    monkeypatch.setattr(app_mod, "open_windows", lambda: [window])
    asked = []
    monkeypatch.setattr(app_mod, "ask_recovery", lambda _p, e: asked.append(e) or "recover")
    recovered = app_mod.offer_recovery(window)
    assert recovered == [window] and len(asked[0]) == 1
    doc = window.document
    assert doc.dumps() == edited
    assert doc.path == path and doc.is_modified() and window.isWindowModified()
    assert doc.graph.edge("e1").weight == 2.5 and doc.graph.has_node("tanh1")
    # the old files are gone; the window autosaves under its own name until saved
    assert autosave.list_recoverable() == []
    assert window.autosaver.graph_path.exists()
    window.file_actions.save()
    assert path.read_text(encoding="utf-8") == edited
    assert not window.autosaver.graph_path.exists()


def test_declined_recovery_is_discarded(qtbot, state_dir, tmp_path, monkeypatch):
    path = tmp_path / "x.bpgraph"
    path.write_text(example_path("chain_rule").read_text(encoding="utf-8"))
    crash_a_session(path)
    monkeypatch.setattr(app_mod, "ask_recovery", lambda _p, _e: "later")
    assert app_mod.offer_recovery(None) == []
    assert len(autosave.list_recoverable()) == 1  # kept for next time
    monkeypatch.setattr(app_mod, "ask_recovery", lambda _p, _e: "discard")
    app_mod.offer_recovery(None)
    assert autosave.list_recoverable() == [] and list(state_dir.iterdir()) == []


def _write_record(state_dir, name, text, **fields):
    (state_dir / f"{name}.bpgraph").write_text(text)
    meta = {
        "format": autosave.META_FORMAT,
        "version": 1,
        "original_path": None,
        "title": "t",
        "saved_at": 1.0,
        "pid": 2**22 + 12345,
        "graph_file": f"{name}.bpgraph",
        **fields,
    }
    (state_dir / f"{name}.json").write_text(json.dumps(meta))


HOLD_LOCK = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)
print(lock.tryLock(0), flush=True)
time.sleep(60)
"""


def test_files_of_another_live_session_or_damaged_are_not_offered(qtbot, state_dir):
    state_dir.mkdir(parents=True, exist_ok=True)
    text = example_path("chain_rule").read_text(encoding="utf-8")
    live = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(state_dir / "recovery-live.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert live.stdout.readline().strip() == "True"  # the live session holds its lock
        _write_record(state_dir, "recovery-live", text, pid=live.pid)
        _write_record(state_dir, "recovery-dead", text)
        (state_dir / "recovery-junk.json").write_text("{not json")
        entries = autosave.list_recoverable()
        assert [e.graph_path.name for e in entries] == ["recovery-dead.bpgraph"]
    finally:
        live.kill()
        live.wait()
    (state_dir / "recovery-dead.bpgraph").write_text("{broken")
    with pytest.raises(FileFormatError):
        autosave.load_recovery(autosave.list_recoverable()[0])


def test_a_crashed_session_whose_pid_was_reused_is_still_offered(qtbot, state_dir):
    """The crashed session's lock names a PID that another program now has: still offered."""
    from PySide6.QtCore import QLockFile

    state_dir.mkdir(parents=True, exist_ok=True)
    text = example_path("chain_rule").read_text(encoding="utf-8")
    lock_path = state_dir / "recovery-old.lock"
    lock = QLockFile(str(lock_path))
    assert lock.tryLock(0)
    contents = lock_path.read_bytes().split(b"\n")
    lock.unlock()
    other = subprocess.Popen(["sleep", "60"])  # a live process of another program
    try:
        contents[0] = str(other.pid).encode()
        lock_path.write_bytes(b"\n".join(contents))  # as a killed session left it
        _write_record(state_dir, "recovery-old", text, pid=other.pid)
        entries = autosave.list_recoverable()
        assert [e.graph_path.name for e in entries] == ["recovery-old.bpgraph"]
    finally:
        other.kill()
        other.wait()
    autosave.discard(entries[0])
    assert list(state_dir.iterdir()) == []


@pytest.mark.parametrize("bad", ["../victim.bpgraph", "ABSOLUTE", "sub/recovery-x.bpgraph"])
def test_a_record_naming_a_file_outside_the_folder_is_refused(qtbot, state_dir, tmp_path, bad):
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / "sub").mkdir()
    text = example_path("chain_rule").read_text(encoding="utf-8")
    victim = state_dir.parent / "victim.bpgraph"
    victim.write_text(text)
    outside = tmp_path / "outside.bpgraph"
    outside.write_text(text)
    (state_dir / "sub" / "recovery-x.bpgraph").write_text(text)
    graph_file = str(outside) if bad == "ABSOLUTE" else bad
    _write_record(state_dir, "recovery-evil", text, graph_file=graph_file)
    (state_dir / "recovery-evil.bpgraph").unlink()
    assert autosave.list_recoverable() == []
    # even an entry built by hand from such a record never deletes outside the folder
    entry = autosave.RecoveryEntry(
        graph_path=state_dir / graph_file,
        meta_path=state_dir / "recovery-evil.json",
        original_path=None,
        title="t",
        saved_at=1.0,
        pid=1,
    )
    autosave.discard(entry)
    assert (
        victim.exists() and outside.exists() and (state_dir / "sub" / "recovery-x.bpgraph").exists()
    )
    assert not entry.meta_path.exists()


def test_the_record_keeps_the_absolute_path(qtbot, state_dir, tmp_path, monkeypatch):
    """Opened by a relative name, recovered after a start from another folder: Save writes
    the original file, not one of the same name in the new folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "mine.bpgraph"
    path.write_text(example_path("chain_rule").read_text(encoding="utf-8"))
    monkeypatch.chdir(folder)
    doc = Document(load_graph("mine.bpgraph"), "mine.bpgraph")
    saver = autosave.Autosaver(doc)
    doc.set_node_fields("a", value=9.0)
    assert saver.save_now()
    meta = json.loads(saver.meta_path.read_text(encoding="utf-8"))
    assert meta["original_path"] == str(path)
    _active_before = set(autosave._active)
    autosave._active.clear()  # as if this process had died: its lock gone, the next start
    saver._lock.unlock()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (entry,) = autosave.list_recoverable()
    autosave._active.update(_active_before)
    fresh = Document()
    autosave.recover_into(fresh, entry)
    fresh.save()
    assert load_graph(path).node("a").value == 9.0
    assert not (elsewhere / "mine.bpgraph").exists()


def test_an_old_relative_record_is_recovered_untitled(qtbot, state_dir, tmp_path, monkeypatch):
    state_dir.mkdir(parents=True, exist_ok=True)
    text = example_path("chain_rule").read_text(encoding="utf-8")
    _write_record(state_dir, "recovery-rel", text, original_path="mine.bpgraph")
    monkeypatch.chdir(tmp_path)
    (entry,) = autosave.list_recoverable()
    doc = Document()
    autosave.recover_into(doc, entry)
    assert doc.path is None and doc.is_modified()


def test_autosave_serialises_off_the_ui_thread(qtbot, state_dir, monkeypatch):
    import threading

    from backprop_studio.core.model import fileio

    threads = []
    real = fileio.dumps_graph
    monkeypatch.setattr(
        fileio, "dumps_graph", lambda g: threads.append(threading.current_thread()) or real(g)
    )
    doc = Document(load_graph(example_path("chain_rule")))
    saver = autosave.Autosaver(doc)
    doc.set_node_fields("a", value=5.0)
    assert saver.save_now(wait=False)
    qtbot.waitUntil(lambda: saver.graph_path.exists() and saver._pending is None, timeout=5000)
    assert threads and threading.main_thread() not in threads
    assert load_graph(saver.graph_path).node("a").value == 5.0
    # an edit after a queued write, then a save: the files are removed, never rewritten
    doc.set_node_fields("a", value=6.0)
    saver.save_now(wait=False)
    saver.remove()
    autosave._executor().submit(lambda: None).result()  # the write thread has caught up
    assert not saver.graph_path.exists() and not saver.meta_path.exists()


def test_clean_close_removes_the_files(qtbot, state_dir, dialogs):
    window = create_main_window()
    qtbot.addWidget(window)
    window.document.set_node_fields("a", value=9.0)
    assert window.autosaver.save_now()
    dialogs.answer = "discard"
    assert window.close()
    assert list(state_dir.iterdir()) == []


def test_a_failing_autosave_says_so_once(qtbot, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the recovery folder should be")
    doc = Document(load_graph(example_path("chain_rule")))
    saver = autosave.Autosaver(doc, directory=blocker / "recovery")
    messages = []
    doc.status_message.connect(messages.append)
    doc.set_node_fields("a", value=7.0)
    assert not saver.save_now() and not saver.save_now()
    failures = [m for m in messages if m.startswith("Autosave")]
    assert len(failures) == 1 and "not-a-folder" in failures[0]
    assert saver.last_error is not None
