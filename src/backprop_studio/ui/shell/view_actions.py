"""The View menu's behaviour for one window: fit, zoom, snap to grid, auto-arrange, theme,
the edit history, and adding an op at the centre of the view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtWidgets import QDockWidget, QUndoView

from . import window_theme

if TYPE_CHECKING:
    from ..window_api import WindowApi

ZOOM_STEP = 1.25


class ViewActions:
    """Zoom, fit, snapping, layout and theme for ``window``'s canvas."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self._history: QDockWidget | None = None

    def fit_view(self) -> None:
        self.window.view.fit_to_view()

    def zoom_in(self) -> None:
        view = self.window.view
        view.set_zoom(view.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        view = self.window.view
        view.set_zoom(view.zoom() / ZOOM_STEP)

    def zoom_reset(self) -> None:
        view = self.window.view
        center = view.mapToScene(view.viewport().rect().center())
        view.set_zoom(1.0)
        view.centerOn(center)

    def set_snap_to_grid(self, enabled: bool) -> None:
        self.window.scene.set_snap_to_grid(enabled)
        window_theme.save_setting("snap_to_grid", enabled)

    def auto_layout(self) -> None:
        """Arrange the nodes in layers, left to right, as one undoable move."""
        from ..canvas.layout import auto_layout

        document = self.window.document
        if document.apply_layout(auto_layout(document.graph)):
            self.window.set_status(
                QCoreApplication.translate(
                    "ViewActions", "Arranged the graph in layers (one undo step)"
                )
            )
            self.fit_view()

    def choose_theme(self, name: str) -> None:
        """Follow the system, or force light or dark, in every open window."""
        from .windows import open_windows

        window_theme.set_theme_name(name)
        for window in open_windows():
            window.view_actions.apply_theme()

    def apply_theme(self) -> None:
        theme = window_theme.current_theme()
        self.window.scene.set_theme(theme)
        self.window.op_palette.set_theme(theme)
        self.sync_checks()

    def sync_checks(self) -> None:
        """Check the menu entries that match the remembered theme and snapping."""
        actions = self.window.named_actions
        name = window_theme.theme_name()
        for key in window_theme.THEME_NAMES:
            action = actions.get(f"theme_{key}")
            if action is not None:
                action.setChecked(key == name)
        snap = actions.get("snap_to_grid")
        if snap is not None:
            snap.setChecked(bool(window_theme.load_setting("snap_to_grid", False)))

    def show_history(self) -> None:
        """Edit > History: every edit, click one to go back to it."""
        if self._history is None:
            view = QUndoView(self.window.document.undo_stack)
            view.setObjectName("history")
            view.setEmptyLabel("Opened")
            self._history = self.window.add_dock(
                view,
                QCoreApplication.translate("Docks", "History"),
                Qt.DockWidgetArea.RightDockWidgetArea,
            )
        self._history.show()
        self._history.raise_()

    def add_op_at_center(self, op: str) -> str | None:
        """Add an op at the centre of the view (the palette's double-click), not on top of
        another node; returns the new id."""
        window = self.window
        view = window.view
        center = view.mapToScene(view.viewport().rect().center())
        taken = {n.position for n in window.document.graph.nodes()}
        x, y = round(center.x() - 60), round(center.y() - 30)
        while (float(x), float(y)) in taken:
            x, y = x + 24, y + 24
        nid = window.document.create_node(op, QPointF(x, y))
        if nid is not None:
            window.scene.select_ids([nid])
            view.setFocus()
        return nid
