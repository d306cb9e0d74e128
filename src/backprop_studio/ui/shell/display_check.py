"""Before the first window: is there a display, and can Qt's X11 platform plugin load?

Without either, Qt aborts the process (exit 134) with several lines that name the wrong
culprit (it blames ``xcb-cursor0`` when ``libxcb-icccm4`` is missing). :func:`display_problem`
answers the two questions without Qt, so the launcher can print one line naming the problem,
and the package to install, and exit with status 2.

- No display: neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` is set, and ``QT_QPA_PLATFORM`` does
  not choose a platform (set and not empty: Qt's choice is respected, e.g. ``offscreen``).
- X11 (``DISPLAY`` set, no Wayland, or ``QT_QPA_PLATFORM=xcb``): the xcb helper libraries
  Qt's plugin links against must be found (``ctypes.util.find_library``, or the library files
  in a PyInstaller bundle's folder).
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# (library name for find_library, soname, Debian/Ubuntu package, Fedora package)
XCB_LIBRARIES = [
    ("xcb-icccm", "libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("xcb-keysyms", "libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("xcb-cursor", "libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("xcb-image", "libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("xcb-render-util", "libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("xkbcommon-x11", "libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
]
EXIT_NO_DISPLAY = 2

Finder = Callable[[str], str | None]


def display_problem(
    env: Mapping[str, str] | None = None,
    find_library: Finder | None = None,
    platform: str | None = None,
) -> str | None:
    """One line saying why no window can open, or None when it can (or Qt is told otherwise)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    name = chosen.split(":", 1)[0].split(";", 1)[0]
    if chosen and name != "xcb":
        return None  # offscreen, wayland, vnc...: Qt reports its own problems
    x11 = bool(env.get("DISPLAY"))
    if not chosen and not x11 and not env.get("WAYLAND_DISPLAY"):
        return (
            "backprop-studio: no display to open a window on (DISPLAY and WAYLAND_DISPLAY "
            "are not set): start it from a desktop session, or set QT_QPA_PLATFORM=offscreen"
        )
    if name == "xcb" or (x11 and not env.get("WAYLAND_DISPLAY")):
        missing = missing_xcb_libraries(find_library)
        if missing:
            debian = " ".join(m[2] for m in missing)
            fedora = " ".join(m[3] for m in missing)
            return (
                f"backprop-studio: Qt's X11 support needs {', '.join(m[1] for m in missing)}: "
                f"install {debian} (Debian/Ubuntu: sudo apt install {debian}; "
                f"Fedora: sudo dnf install {fedora})"
            )
    return None


def missing_xcb_libraries(find_library: Finder | None = None) -> list[tuple[str, str, str, str]]:
    """The xcb helper libraries that cannot be found (none on a complete desktop)."""
    find = find_library or ctypes.util.find_library
    bundled = _bundle_folder()
    missing = []
    for entry in XCB_LIBRARIES:
        name, soname = entry[0], entry[1]
        if bundled is not None and any(bundled.rglob(soname)):
            continue
        if not find(name):
            missing.append(entry)
    return missing


def _bundle_folder() -> Path | None:
    folder = getattr(sys, "_MEIPASS", None)
    return Path(folder) if folder else None
