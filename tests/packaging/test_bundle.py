"""The PyInstaller bundle (slow: about a minute to build; CI deselects ``-m slow``).

Builds the one-folder bundle into a temporary folder with ``packaging/build_bundle.py``, then
runs the bundled executable, without the Python environment, the way a user would: the app
opens an example under the offscreen platform and quits by itself
(``BACKPROP_STUDIO_QUIT_AFTER_MS``), the verbs work, and ``install-desktop`` points the menu
entry at the bundle. Run with:  pytest -m slow tests/packaging/test_bundle.py
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backprop_studio import APP_ID

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail('PyInstaller is not installed: pip install ".[bundle]"')
    out = tmp_path_factory.mktemp("bundle")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build_bundle.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert "size" in proc.stdout and "build time" in proc.stdout
    folder = out / "dist" / "backprop-studio"
    assert (folder / "backprop-studio").is_file()
    return folder


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user without our Python: no venv, no PYTHONPATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"} and not k.startswith("PYTEST")
    }
    env["PATH"] = "/usr/bin:/bin"
    env.update(extra)
    return env


def run_bundle(folder: Path, *args: str, timeout: float = 120, **env: str):
    return subprocess.run(
        [str(folder / "backprop-studio"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=clean_env(**env),
        cwd=folder.parent,
    )


def resources(folder: Path) -> Path:
    return folder / "_internal" / "backprop_studio" / "resources"


def test_bundle_carries_examples_icons_and_desktop_files_but_not_unused_qt(bundle):
    res = resources(bundle)
    examples = {p.stem for p in (res / "examples").glob("*.bpgraph")}
    assert {"chain_rule", "single_weight", "linear_regression", "xor_network"} <= examples
    assert (res / "icons" / "backprop-studio.svg").is_file()
    assert (res / "icons" / "png" / "backprop-studio-16.png").is_file()
    assert (res / "desktop" / f"{APP_ID}.desktop").is_file()
    qt = bundle / "_internal" / "PySide6"
    assert (qt / "QtWidgets.abi3.so").is_file() and (qt / "QtSvg.abi3.so").is_file()
    # pyqtgraph imports QtOpenGL(Widgets) when it loads: without them the app cannot start
    assert (qt / "QtOpenGL.abi3.so").is_file() and (qt / "QtOpenGLWidgets.abi3.so").is_file()
    for unused in ("QtQml", "QtQuick", "QtNetwork", "QtSql", "QtDesigner"):
        assert not (qt / f"{unused}.abi3.so").exists(), unused
    plugins = qt / "Qt" / "plugins"
    for needed in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",
    ):
        assert (plugins / needed).is_file(), needed
    assert (plugins / "iconengines" / "libqsvgicon.so").is_file()
    assert not (plugins / "platforms" / "libqvnc.so").exists()


def test_bundle_evaluates_an_example_without_python(bundle):
    proc = run_bundle(bundle, "eval", str(resources(bundle) / "examples" / "chain_rule.bpgraph"))
    assert proc.returncode == 0, proc.stderr
    proc = run_bundle(
        bundle, "eval", "--json", str(resources(bundle) / "examples" / "chain_rule.bpgraph")
    )
    data = json.loads(proc.stdout)
    assert data["loss"] == 6.0
    assert data["nodes"]["b"]["grad"] == 5.0  # the lesson's df/db, two paths summed


def test_bundle_opens_an_example_in_the_app_and_quits(bundle):
    example = resources(bundle) / "examples" / "xor_network.bpgraph"
    start = time.monotonic()
    proc = run_bundle(
        bundle,
        str(example),
        timeout=120,
        QT_QPA_PLATFORM="offscreen",
        BACKPROP_STUDIO_QUIT_AFTER_MS="1500",
        HOME=str(bundle.parent),  # autosave / settings land in the temp folder
        XDG_STATE_HOME=str(bundle.parent / "state"),
        XDG_CONFIG_HOME=str(bundle.parent / "config"),
    )
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert elapsed >= 1.4  # the event loop ran until the requested quit, no early crash
    assert "Traceback" not in proc.stderr and "could not load" not in proc.stderr.lower()


def test_bundle_renders_a_graph_with_qt(bundle, tmp_path):
    """The export verb draws with QtGui/QtSvg inside the bundle: fonts and plugins work."""
    out = tmp_path / "chain.png"
    example = resources(bundle) / "examples" / "chain_rule.bpgraph"
    proc = run_bundle(
        bundle, "export", str(example), "--png", str(out), QT_QPA_PLATFORM="offscreen"
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 2000


def test_bundle_installs_its_own_desktop_entry(bundle, tmp_path):
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    env = {"XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(config)}
    proc = run_bundle(bundle, "install-desktop", **env)
    assert proc.returncode == 0, proc.stderr
    entry = (data / "applications" / f"{APP_ID}.desktop").read_text()
    assert f"Exec={bundle / 'backprop-studio'} %f" in entry
    proc = run_bundle(bundle, "install-desktop", "--uninstall", **env)
    assert proc.returncode == 0, proc.stderr
    assert not any(data.iterdir())
