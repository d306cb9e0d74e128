"""Presentation mode (View > Presentation Mode, ``action_presentation``, Ctrl+Shift+P; Esc
leaves): the canvas alone on the whole screen, for a classroom.

Entering hides the menus, toolbars, docks and status bar and goes full screen; the canvas
zooms so that card titles are at least :data:`CARD_TEXT_PX` pixels high (24 px: readable
from the back of a room on a 1920x1080 projector) and follows the walk: the current node or
chain-rule edge is kept in view. The controls of the current workspace float over the canvas
as one slim bar (:class:`~.presentation_bar.PresentationBar`) that shows the current step's
term large. Leaving puts back the window's size, dock layout and zoom exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QTransform
from PySide6.QtWidgets import QDockWidget, QToolBar

from .actions import make_action
from .presentation_bar import PresentationBar

if TYPE_CHECKING:
    from .main_window import MainWindow

CARD_TEXT_PX = 24.0  # the smallest card title on screen while presenting
LABEL_FONT_PX = 13.0  # the card title's font in scene pixels (canvas theme "label")
MIN_ZOOM = CARD_TEXT_PX / LABEL_FONT_PX
MAX_ZOOM = 3.0
MARGIN = 30.0
FOLLOW_ROOM = 220.0  # scene px kept in view beside the current node or edge (its term box)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Presentation", text)


class Presentation(QObject):
    """Enters and leaves presentation mode for one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self._saved: dict[str, Any] = {}
        self.bar = PresentationBar(window, window.view)
        self.bar.hide()
        self.bar.exit_requested.connect(self.leave)
        window.view.installEventFilter(self)

    # ----------------------------------------------------------------- enter / leave
    def toggle(self, on: bool) -> None:
        if on:
            self.enter()
        else:
            self.leave()

    def enter(self) -> None:
        if self.active:
            return
        w = self.window
        spaces = getattr(w, "workspaces", None)
        if spaces is not None:
            spaces.save_current()
        self._saved = {
            "state": QByteArray(w.saveState()),
            "geometry": QByteArray(w.saveGeometry()),
            "window_state": w.windowState(),
            "transform": QTransform(w.view.transform()),
            "center": w.view.mapToScene(w.view.viewport().rect().center()),
            "status": w.statusBar().isVisible(),
        }
        self.active = True
        if spaces is not None:
            spaces.suspend()
        for dock in w.findChildren(QDockWidget):
            if dock.parent() is w:
                dock.hide()
        for bar in w.findChildren(QToolBar):
            if bar.parent() is w:
                bar.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        w.showFullScreen()
        QTimer.singleShot(0, self._cover_screen)
        self._sync_action(True)
        self.bar.show_for(spaces.current if spaces is not None else "build")
        self.bar.show()
        self.bar.raise_()
        self.relayout()
        QTimer.singleShot(0, self.relayout)  # once full screen has its size
        w.view.setFocus()
        w.set_status(_tr("Presentation mode: Esc leaves"))

    def leave(self) -> None:
        if not self.active:
            return
        w = self.window
        saved, self._saved = self._saved, {}
        self.active = False
        self.bar.hide()
        w.menuBar().show()
        w.statusBar().setVisible(saved.get("status", True))
        state = saved.get("window_state", Qt.WindowState.WindowNoState)
        w.setWindowState(state & ~Qt.WindowState.WindowFullScreen)
        if "geometry" in saved:
            w.restoreGeometry(saved["geometry"])
        spaces = getattr(w, "workspaces", None)
        if spaces is not None:
            spaces.resume(saved.get("state"))
        elif "state" in saved:
            w.restoreState(saved["state"])
        view = w.view
        if "transform" in saved:
            view.setTransform(saved["transform"])
            view.centerOn(saved["center"])
            view._zoom_changed()
        self._sync_action(False)

    def _cover_screen(self) -> None:
        """Without a window manager (a bare X server, a kiosk) full screen is only a wish:
        take the screen's whole geometry."""
        screen = self.window.screen()
        if self.active and screen is not None and self.window.geometry() != screen.geometry():
            self.window.setGeometry(screen.geometry())

    def _sync_action(self, on: bool) -> None:
        action = self.window.named_actions.get("presentation")
        if action is not None and action.isChecked() != on:
            action.blockSignals(True)
            action.setChecked(on)
            action.blockSignals(False)
        leave = self.window.named_actions.get("leave_presentation")
        if leave is not None:
            leave.setEnabled(on)

    # ----------------------------------------------------------------- the canvas
    def zoom_for(self, rect: QRectF) -> float:
        """The zoom that shows ``rect`` whole, but never below the readable one."""
        viewport = self.window.view.viewport().rect()
        if rect.isNull() or viewport.width() < 2 or viewport.height() < 2:
            return MIN_ZOOM
        free_height = viewport.height() - self.bar.height() - 2 * self.bar.MARGIN
        fit = min(viewport.width() / rect.width(), max(1, free_height) / rect.height())
        return max(MIN_ZOOM, min(MAX_ZOOM, fit))

    def relayout(self) -> None:
        """Place the bar and zoom the canvas for the screen it has now."""
        if not self.active:
            return
        self.bar.place()
        view = self.window.view
        scene = view.graph_scene()
        if scene is None:
            return
        rect = scene.items_rect()
        if rect.isNull():
            return
        rect = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        zoom = self.zoom_for(rect)
        view.resetTransform()
        view.scale(zoom, zoom)
        view._zoom_changed()
        # centre the graph in the part of the screen above the bar
        shift = (self.bar.height() + self.bar.MARGIN) / 2 / zoom
        view.centerOn(rect.center().x(), rect.center().y() + shift)
        self.follow()

    def follow(self) -> None:
        """Keep the walk's current node or edge in view (the graph may not fit at 24 px)."""
        if not self.active:
            return
        stepper = getattr(self.window, "stepper", None)
        walk = getattr(stepper, "walk", None)
        scene = self.window.view.graph_scene()
        if walk is None or scene is None:
            return
        item = None
        term = walk.current_term
        if term is not None and walk.state.backward > 0:
            item = scene.edge_item(term.edge)
        elif walk.state.forward > 0:
            item = scene.node_item(walk.order[walk.state.forward - 1])
        if item is None:
            return
        view = self.window.view
        seen = view.mapToScene(view.viewport().rect().adjusted(0, 0, 0, -self.bar.height()))
        wanted = item.sceneBoundingRect().adjusted(-FOLLOW_ROOM, -60, FOLLOW_ROOM, 60)
        wanted = wanted.intersected(scene.items_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        if not seen.boundingRect().contains(wanted):
            center = item.sceneBoundingRect().center()
            shift = (self.bar.height() + self.bar.MARGIN) / 2 / view.zoom()
            view.centerOn(center.x(), center.y() + shift)

    def walk_changed(self) -> None:
        if self.active:
            self.bar.update_term()
            self.follow()

    def workspace_changed(self, name: str) -> None:
        if self.active:
            self.bar.show_for(name)
            self.bar.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window.view and event.type() == QEvent.Type.Resize and self.active:
            QTimer.singleShot(0, self.relayout)
        return False


def install_presentation(window: MainWindow) -> Presentation:
    """View > Presentation Mode (Ctrl+Shift+P, checkable) and Esc to leave."""
    presentation = Presentation(window)
    action = make_action(
        window,
        "presentation",
        _tr("&Presentation Mode"),
        presentation.toggle,
        ("Ctrl+Shift+P",),
        _tr("The canvas alone, full screen and large, for a classroom (Esc leaves)"),
        checkable=True,
    )
    leave = make_action(
        window,
        "leave_presentation",
        _tr("Leave Presentation Mode"),
        presentation.leave,
        ("Esc",),
        _tr("Back to the window with its panels"),
    )
    leave.setEnabled(False)
    view_menu = window.menu("view")
    view_menu.addSeparator()
    view_menu.addAction(action)
    window.addAction(leave)  # Esc works while the menus are hidden
    for named in window.named_actions.values():  # every shortcut works with the menus hidden
        if isinstance(named, QAction) and named not in window.actions():
            window.addAction(named)
    stepper = getattr(window, "stepper", None)
    if stepper is not None:
        stepper.walk_changed.connect(presentation.walk_changed)
    spaces = getattr(window, "workspaces", None)
    if spaces is not None:
        spaces.changed.connect(presentation.workspace_changed)
    window.presentation = presentation
    return presentation
