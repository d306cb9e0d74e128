"""The first start on a machine that cannot show a window: one line naming the problem (and
the package to install), exit status 2, never Qt's abort (134) with its wall of text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from backprop_studio.ui.shell import display_check


def launcher() -> list[str]:
    script = Path(sys.executable).with_name("backprop-studio")
    return [str(script)] if script.exists() else [sys.executable, "-m", "backprop_studio"]


def test_no_display_is_one_line_and_exit_2(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["BACKPROP_STUDIO_STATE_DIR"] = str(tmp_path / "state")
    done = subprocess.run(launcher(), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "DISPLAY" in lines[0]


def _found_except(*missing: str):
    return lambda name: None if name in missing else f"lib{name}.so"


def test_x11_without_icccm_and_keysyms_names_the_packages():
    env = {"DISPLAY": ":0"}
    line = display_check.display_problem(
        env, _found_except("xcb-icccm", "xcb-keysyms"), platform="linux"
    )
    assert line is not None and "\n" not in line
    assert "libxcb-icccm4 libxcb-keysyms1" in line  # what to apt install
    assert "xcb-util-wm xcb-util-keysyms" in line  # and on Fedora
    assert "cursor" not in line  # not the library Qt would wrongly blame


def test_a_complete_desktop_or_a_chosen_platform_passes():
    everything = _found_except()
    nothing = _found_except(*[e[0] for e in display_check.XCB_LIBRARIES])
    assert display_check.display_problem({"DISPLAY": ":0"}, everything, "linux") is None
    assert display_check.display_problem({"QT_QPA_PLATFORM": "offscreen"}, nothing, "linux") is None
    assert display_check.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, nothing, "linux") is None
    assert display_check.display_problem({}, nothing, "darwin") is None
    # set but empty is not a choice: no display then
    assert "no display" in display_check.display_problem({"QT_QPA_PLATFORM": ""}, nothing, "linux")
    # xcb chosen explicitly: its libraries are checked
    assert "libxcb-icccm4" in display_check.display_problem(
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, nothing, "linux"
    )
