"""The app's identity on the desktop: names, desktop-file id and icon.

``apply_identity(app)`` must run before the first window is shown: on X11 Qt computes the
window's WM_CLASS once, from ``argv[0]`` (instance) and the application name (class), so the
``.desktop`` entry's ``StartupWMClass=Backprop Studio`` only matches when the name is already
set. ``setDesktopFileName(APP_ID)`` gives Wayland's ``app_id`` and X11's ``_GTK_APPLICATION_ID``
/ ``_KDE_NET_WM_DESKTOP_FILE``, which is how docks and task bars find the entry and its icon.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from ... import APP_ID, APP_NAME, ORG_NAME, __version__
from ...resources_path import resources_dir

ORG_DOMAIN = "backprop-studio.github.io"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL_ICON_SIZES = (16, 24)

_icon_cache: QIcon | None = None


def icon_paths() -> dict[str, object]:
    """Where the icon files are: ``{"svg": Path, "small_svg": Path, "png": {size: Path}}``."""
    icons = resources_dir() / "icons"
    return {
        "svg": icons / "backprop-studio.svg",
        "small_svg": icons / "backprop-studio-small.svg",
        "png": {size: icons / "png" / f"backprop-studio-{size}.png" for size in ICON_SIZES},
    }


def app_icon() -> QIcon:
    """The app icon: every pre-rendered PNG size, and the SVG for any other size.

    The PNGs come first so Qt picks the hand-tuned 16/24 px renderings at small sizes; the SVG
    (scalable) covers odd sizes such as 20 px or high-DPI variants. A desktop theme icon with
    our id wins if one is installed, so a distribution's own artwork is respected.
    """
    global _icon_cache
    if _icon_cache is not None and not _icon_cache.isNull():
        return _icon_cache
    paths = icon_paths()
    icon = QIcon()
    for size, png in paths["png"].items():  # type: ignore[union-attr]
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = paths["svg"]
    if svg.is_file():  # type: ignore[union-attr]
        icon.addFile(str(svg))
    if icon.isNull():  # a broken install: fall back to the theme, never crash
        icon = QIcon.fromTheme(APP_ID)
    _icon_cache = icon
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Set names, version, desktop-file id and window icon on ``app`` (a QApplication)."""
    app.setApplicationName(APP_NAME)
    # no setApplicationDisplayName: Qt would append it to every window title on X11/Wayland,
    # and the main window composes its own title ("file.bpgraph — Backprop Studio").
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
