"""Window-level appearance and remembered settings: the theme choice (follow the system,
light, dark), the widget palette that goes with it, snap-to-grid, and window geometry.

The canvas has its own light and dark :class:`Theme` (canvas/theme.py); choosing "light" or
"dark" here also gives the widgets around it (docks, menus, inspector) a matching Fusion
palette, so a dark canvas never sits inside a light frame. "system" restores the platform's
own palette and lets the canvas follow the system's colour scheme.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

from ... import APP_NAME, ORG_NAME
from ..canvas.theme import Theme, system_is_dark, theme_by_name

THEME_NAMES = ("system", "light", "dark")
_state: dict[str, Any] = {"theme": None, "original_palette": None, "original_style": None}


def _settings() -> QSettings:
    return QSettings(ORG_NAME, APP_NAME)


def save_setting(key: str, value: Any) -> None:
    _settings().setValue(key, value)


def load_setting(key: str, default: Any = None) -> Any:
    value = _settings().value(key, default)
    if isinstance(default, bool) and isinstance(value, str):  # INI files store text
        return value.lower() in ("1", "true", "yes")
    return value


def theme_name() -> str:
    if _state["theme"] is None:
        name = str(load_setting("theme", "system"))
        _state["theme"] = name if name in THEME_NAMES else "system"
    return _state["theme"]


def set_theme_name(name: str) -> None:
    if name not in THEME_NAMES:
        raise ValueError(f"unknown theme {name!r}; one of {', '.join(THEME_NAMES)}")
    _state["theme"] = name
    save_setting("theme", name)
    apply_app_palette()


def current_theme() -> Theme:
    """The canvas theme for the current choice."""
    return theme_by_name(theme_name())


def apply_app_palette() -> None:
    """Give the widgets a palette matching the chosen theme (or the system's own)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _state["original_palette"] is None:
        _state["original_palette"] = QPalette(app.palette())
        _state["original_style"] = app.style().name()
    name = theme_name()
    if name == "system":
        if _state["original_style"]:
            app.setStyle(_state["original_style"])
        app.setPalette(_state["original_palette"])
        return
    if (name == "dark") == system_is_dark_platform():
        app.setPalette(_state["original_palette"])
        return
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if name == "dark" else light_palette())


def system_is_dark_platform() -> bool:
    """Whether the platform itself is dark (ignoring any palette we set)."""
    original = _state["original_palette"]
    if original is None:
        return system_is_dark()
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return original.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#26292e",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#1d1f23",
        QPalette.ColorRole.AlternateBase: "#2c2f35",
        QPalette.ColorRole.ToolTipBase: "#2c2f35",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#8a919b",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2f3338",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3d6fd6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7aa7ff",
        QPalette.ColorRole.Light: "#3a3e45",
        QPalette.ColorRole.Midlight: "#33373d",
        QPalette.ColorRole.Mid: "#7d848e",  # also the "dim text" colour of some panels
        QPalette.ColorRole.Dark: "#18191c",
        QPalette.ColorRole.Shadow: "#0d0e10",
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80868f"))
    return p


def light_palette() -> QPalette:
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def save_window_state(window: QMainWindow) -> None:
    """The window's size and place; its dock layout belongs to the workspaces
    (``workspace/<name>/state``), so none is saved here."""
    s = _settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.remove("window/state")  # written by versions before the workspaces


def restore_window_state(window: QMainWindow) -> None:
    """Restore the last window size and place. The dock layout is the workspace's: a window
    layout saved by an older version would put every workspace's docks in this one (and be
    saved into it on the next switch), so it is not restored."""
    geometry = _settings().value("window/geometry")
    if isinstance(geometry, QByteArray | bytes) and geometry:
        window.restoreGeometry(QByteArray(geometry))
