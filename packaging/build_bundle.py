"""Build a self-contained one-folder Backprop Studio with PyInstaller, for people without
Python.

    python -m venv .venv-bundle && .venv-bundle/bin/pip install ".[bundle]"
    .venv-bundle/bin/python packaging/build_bundle.py            # -> dist/backprop-studio/

The result, ``dist/backprop-studio/backprop-studio`` (plus its ``_internal`` folder), runs on
machines of the same OS and CPU with a glibc no older than the build machine's. It contains the
examples, icons and desktop files (``backprop_studio.resources``), so
``dist/backprop-studio/backprop-studio install-desktop`` puts the bundle in the menu with
``Exec`` pointing at it. Qt comes from the PySide6-Essentials wheel (not the full PySide6);
Qt modules the app does not use (QML/Quick, network, SQL, designer, ...) are excluded to keep
the folder small. The same script works on Windows and macOS (see docs/install.md).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "backprop-studio"
# Qt bindings the app never imports; PyInstaller's hooks would otherwise follow optional
# imports (pyqtgraph probes several) and pull in their Qt libraries and plugins.
# QtOpenGL and QtOpenGLWidgets are NOT optional: pyqtgraph imports them when it loads
# (graphicsItems/PColorMeshItem.py, Qt/OpenGLHelpers.py), so the bundle must keep them
# (tests/packaging/test_bundle.py checks that the bundled pyqtgraph imports).
EXCLUDED_QT = [
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest",
    "PySide6.QtQuickWidgets",
    "PySide6.QtNetwork",
    "PySide6.QtSql",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtDBus",
    "PySide6.QtTest",
    "PySide6.QtSvgWidgets",
    "PySide6.QtPrintSupport",
]
# Python packages that may be installed beside us (tests, notebooks) but are never needed
EXCLUDED_PY = [
    "tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "IPython",
    "matplotlib",
    "scipy",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "OpenGL",
    "pyqtgraph.opengl",
    "pyqtgraph.examples",
    "pyqtgraph.jupyter",
    "micrograd",
]


# Qt plugins a desktop app never loads: embedded/kiosk platforms and their input drivers,
# and image formats we neither read nor write (PNG is built into QtGui; SVG, JPEG, ICO, GIF
# stay). Paths are relative to the Qt plugins folder; globs allowed.
PRUNED_PLUGINS = [
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqvnc.so",
    "egldeviceintegrations",
    "generic",
    "imageformats/libqtiff.*",
    "imageformats/libqwebp.*",
    "imageformats/libqicns.*",
    "imageformats/libqtga.*",
    "imageformats/libqwbmp.*",
]


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    """The PyInstaller command line (without the program name)."""
    sep = os.pathsep  # PyInstaller's SRC<sep>DEST separator for --add-data
    args = [
        str(ROOT / "packaging" / "bundle_entry.py"),
        "--name",
        NAME,
        "--onedir",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        # use this checkout's code even if the package is installed elsewhere or editable
        "--paths",
        str(ROOT / "src"),
        "--collect-submodules",
        "backprop_studio",  # the CLI verbs and panels are imported by name
        "--hidden-import",
        "PySide6.QtSvg",  # the SVG icon engine and image plugin need the QtSvg library
        "--add-data",
        f"{ROOT / 'resources'}{sep}backprop_studio/resources",
    ]
    for module in EXCLUDED_QT + EXCLUDED_PY:
        args += ["--exclude-module", module]
    if sys.platform == "darwin":
        args += [
            "--windowed",
            "--osx-bundle-identifier",
            "io.github.backprop_studio.BackpropStudio",
        ]
    elif sys.platform == "win32":
        args += ["--windowed"]
    return args


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def check_environment() -> None:
    try:
        importlib.metadata.version("pyinstaller")
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(
            "build_bundle: PyInstaller is not installed in this Python; "
            'install the bundle extra: pip install ".[bundle]"'
        ) from None
    try:
        importlib.metadata.version("PySide6-Addons")
        print(
            "build_bundle: note: PySide6-Addons is installed here; the bundle only needs "
            "PySide6-Essentials (use a fresh venv for the smallest result)",
            file=sys.stderr,
        )
    except importlib.metadata.PackageNotFoundError:
        pass


def build(dist: Path, work: Path) -> Path:
    """Build the bundle; returns the folder holding the executable."""
    check_environment()
    import PyInstaller.__main__

    PyInstaller.__main__.run(pyinstaller_args(dist, work))
    folder = dist / NAME
    for line in prune(folder):
        print(line)
    return folder


KEPT_TRANSLATIONS = {"qtbase_zh_CN.qm"}  # the languages the app speaks (ui/shell/language.py)


def prune(folder: Path) -> list[str]:
    """Remove what PyInstaller's Qt hooks collect but the app cannot use: embedded platform
    plugins, exotic image formats, Qt's translations except ``qtbase`` in the app's languages
    (Chinese: the standard dialogs' buttons), then every Qt library no remaining file links
    against (needs readelf, Linux only)."""
    done: list[str] = []
    qt = next((p for p in folder.rglob("PySide6/Qt") if p.is_dir()), None)
    if qt is None:
        return done
    freed = 0
    for pattern in PRUNED_PLUGINS:
        for path in (qt / "plugins").glob(pattern):
            freed += _remove(path)
    translations = qt / "translations"
    if translations.is_dir():
        for path in translations.iterdir():
            if path.name not in KEPT_TRANSLATIONS:
                freed += _remove(path)
    if sys.platform.startswith("linux") and shutil.which("readelf"):
        freed += _remove_unlinked_qt_libs(folder, qt / "lib")
    done.append(f"pruned {freed / 1e6:.1f} MB of unused Qt plugins, translations and libraries")
    return done


def _remove(path: Path) -> int:
    size = folder_size(path) if path.is_dir() else path.stat().st_size
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    return size


def _needed(path: Path) -> set[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))


def _remove_unlinked_qt_libs(folder: Path, lib_dir: Path) -> int:
    """Delete libQt6*.so.6 files that nothing left in the bundle needs, until none remain."""
    freed = 0
    while True:
        elves = [p for p in folder.rglob("*.so*") if p.is_file() and not p.is_symlink()]
        needed: set[str] = set()
        for elf in elves:
            needed |= _needed(elf)
        unused = [
            lib
            for lib in lib_dir.glob("libQt6*.so.6")
            if lib.name not in needed and lib.name != "libQt6Core.so.6"
        ]
        if not unused:
            return freed
        for lib in unused:
            freed += _remove(lib)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--clean", action="store_true", help="remove the work folder first")
    args = parser.parse_args(argv)
    if args.clean and args.work.exists():
        shutil.rmtree(args.work)
    start = time.monotonic()
    folder = build(args.dist.resolve(), args.work.resolve())
    seconds = time.monotonic() - start
    exe = folder / (NAME + (".exe" if sys.platform == "win32" else ""))
    print(f"built {exe}")
    print(f"size {folder_size(folder) / 1e6:.0f} MB in {folder}, build time {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
