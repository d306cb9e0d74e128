"""Presentation mode (View > Presentation Mode, ``action_presentation``, Ctrl+Shift+P; Esc
leaves): the canvas alone on the whole screen, for a classroom.

Entering hides the menus, toolbars, docks and status bar and goes full screen; the canvas
zooms so that every text on a card (title, numbers, row names) is at least
:data:`CARD_TEXT_PX` pixels high (24 px: readable from the back of a room on a 1920x1080
projector) and follows the walk: the current node or chain-rule edge is kept in view. The
controls of the current workspace float over the canvas as one slim bar
(:class:`~.presentation_bar.PresentationBar`) that shows the current step's term large; in the
Train workspace the loss plot and the landscape join them, large, over the top right
(:class:`~.presentation_plots.PresentationPlots`). Leaving puts back the window's size, dock
layout and zoom exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QTransform
from PySide6.QtWidgets import QDockWidget, QToolBar, QToolButton

from .actions import make_action
from .presentation_bar import BUTTON_PX, PresentationBar, large_font
from .presentation_plots import PresentationPlots

if TYPE_CHECKING:
    from .main_window import MainWindow

CARD_TEXT_PX = 24.0  # the smallest text of a card on screen while presenting
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
        self.plots = PresentationPlots(window, window.view)
        self.plots.hide()
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
        self._show_controls(spaces.current if spaces is not None else "build")
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
        self.plots.show_for("", presenting=False)  # back in their docks before the layout
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
        w.set_status(_tr("Presentation mode left"))

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
            return self.min_zoom()
        free_height = viewport.height() - self.bar.height() - 2 * self.bar.MARGIN
        fit = min(viewport.width() / rect.width(), max(1, free_height) / rect.height())
        return max(self.min_zoom(), min(MAX_ZOOM, fit))

    def min_zoom(self) -> float:
        """The zoom at which a card's smallest font (in scene pixels) is CARD_TEXT_PX high."""
        scene = self.window.view.graph_scene()
        if scene is None:
            return CARD_TEXT_PX / 12.0
        smallest = scene.theme.smallest_card_font_px()
        return CARD_TEXT_PX / max(1, smallest)

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
        self.plots.place(rect.width() * self.zoom_for(rect) + 2 * self.plots.MARGIN)
        rect = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        zoom = self.zoom_for(rect)
        view.resetTransform()
        view.scale(zoom, zoom)
        view._zoom_changed()
        view.centerOn(self._graph_center(rect, zoom))
        self.follow()

    def _graph_center(self, rect: QRectF, zoom: float) -> QPointF:
        """The scene point to centre the view on: the graph in the middle of the part of the
        screen above the bar; with the plots shown, left of them (never cut on the left) and
        as low as it fits, away from their panel."""
        viewport = self.window.view.viewport().rect()
        width, height = viewport.width(), viewport.height()
        free_height = height - self.bar.height() - self.bar.MARGIN
        graph_w, graph_h = rect.width() * zoom, rect.height() * zoom
        x, y = width / 2, free_height / 2  # where the graph's centre goes, in pixels
        reserved = self.plots.reserved_width()
        if reserved:  # the graph's cards (not its margin) start at the left edge at most
            x = max(min(graph_w - 2 * MARGIN * zoom, width) / 2 + 8, (width - reserved) / 2)
            if graph_h < free_height:
                y = free_height - graph_h / 2
        return QPointF(
            rect.center().x() + (width / 2 - x) / zoom,
            rect.center().y() + (height / 2 - y) / zoom,
        )

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
            self._show_controls(name)
            self.bar.place()
            self.relayout()

    def _show_controls(self, name: str) -> None:
        """The bar's controls for workspace ``name``; in Train, the plots and their toggle."""
        self.bar.show_for(name)
        self.plots.show_for(name, presenting=True)
        if name == "train" and self.plots.holding:
            toggle = QToolButton()
            toggle.setObjectName("presentation_plots_toggle")
            toggle.setText(_tr("Plots"))
            toggle.setToolTip(_tr("Show or hide the loss plot and the landscape"))
            toggle.setAccessibleName(_tr("Show the training plots"))
            toggle.setCheckable(True)
            toggle.setChecked(self.plots.wanted)
            toggle.setFont(large_font(BUTTON_PX))
            toggle.toggled.connect(self.set_plots_shown)
            self.bar.buttons.addWidget(toggle)

    def set_plots_shown(self, on: bool) -> None:
        self.plots.wanted = on
        self.plots.setVisible(on and self.plots.holding)
        self.relayout()

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
