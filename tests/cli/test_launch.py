"""The installed ``backprop-studio`` command opens the app and exits cleanly (offscreen):
with no file, with a file, with a bad file (its message is shown, no traceback), and on
Ctrl+C from the terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backprop_studio.resources_path import example_path


def launcher() -> list[str]:
    script = Path(sys.executable).with_name("backprop-studio")
    return [str(script)] if script.exists() else [sys.executable, "-m", "backprop_studio"]


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ)
    e.update(
        QT_QPA_PLATFORM="offscreen",
        BACKPROP_STUDIO_STATE_DIR=str(tmp_path / "state"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        BACKPROP_STUDIO_QUIT_AFTER_MS="600",
    )
    return e


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(launcher() + args, env=env, capture_output=True, text=True, timeout=120)


def test_starts_and_exits_cleanly(env):
    done = run([], env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


def test_opens_a_file(env):
    done = run([str(example_path("xor_network"))], env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_bad_file_never_gives_a_traceback(env, tmp_path):
    bad = tmp_path / "bad.bpgraph"
    bad.write_text('{"format": "something-else"}')
    done = run([str(bad), str(tmp_path / "missing.bpgraph")], env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_in_the_terminal_quits_cleanly(env, tmp_path):
    env = dict(env)
    env.pop("BACKPROP_STUDIO_QUIT_AFTER_MS")
    ready = tmp_path / "ready"
    env["BACKPROP_STUDIO_READY_FILE"] = str(ready)
    proc = subprocess.Popen(
        launcher(), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 90
        while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists() and proc.poll() is None, "the app did not reach its event loop"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


FILE_OPEN_EVENT = """
import sys
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from backprop_studio.ui.shell.app import StudioApplication
app = StudioApplication([])
app.file_open_requested.connect(lambda p: print("open", p))
QApplication.sendEvent(app, QFileOpenEvent(sys.argv[1]))
"""


def test_the_platform_file_open_event_becomes_an_open_request(env, tmp_path):
    target = tmp_path / "from-finder.bpgraph"
    done = subprocess.run(
        [sys.executable, "-c", FILE_OPEN_EVENT, str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"open {target}"


def test_a_symlink_loop_on_the_command_line_still_opens_a_window(env, tmp_path):
    """What a double-click runs: a window (and the error dialog), never exit 1 without one."""
    loop = tmp_path / "loop.bpgraph"
    loop.symlink_to(loop)
    ready = tmp_path / "ready"
    env = {**env, "BACKPROP_STUDIO_READY_FILE": str(ready), "BACKPROP_STUDIO_QUIT_AFTER_MS": "1500"}
    done = run([str(loop)], env)
    assert done.returncode == 0, done.stderr
    assert ready.exists() and "Traceback" not in done.stderr
