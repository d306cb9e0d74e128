"""Spotlights: a ring on the canvas around a node or an edge, and a frame drawn over the
window around a dock, a widget or a toolbar button. Both follow their target (a timer
re-places them while shown) and pulse gently so the eye finds them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDockWidget,
    QGraphicsPathItem,
    QMainWindow,
    QToolBar,
    QWidget,
)

from ...core.lessons.format import Spotlight

COLOUR = QColor(255, 140, 0)
Z_RING = 10_000


class FrameOverlay(QWidget):
    """A rounded frame over part of the window; clicks go through to what is below."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lesson_spotlight_frame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.alpha = 255

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(COLOUR)
        colour.setAlpha(self.alpha)
        painter.setPen(QPen(colour, 3))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 6, 6)


class Spotlights(QObject):
    """Shows the spotlights of one step on ``window``; :meth:`clear` removes them."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window: Any = window
        self.lights: tuple[Spotlight, ...] = ()
        self.rings: dict[str, QGraphicsPathItem] = {}
        self.frames: dict[str, FrameOverlay] = {}
        self._tick = 0
        self.timer = QTimer(self)
        self.timer.setInterval(120)
        self.timer.timeout.connect(self.refresh)

    def show(self, lights: tuple[Spotlight, ...]) -> None:
        self.clear()
        self.lights = lights
        for light in lights:
            self._reveal(light)
        for light in lights:
            widget = self.target_widget(light)
            if widget is not None:
                raise_dock_of(widget)
        if lights:
            self.refresh()
            self.timer.start()

    def clear(self) -> None:
        self.timer.stop()
        for ring in self.rings.values():
            scene = ring.scene()
            if scene is not None:
                scene.removeItem(ring)
        for frame in self.frames.values():
            frame.hide()
            frame.deleteLater()
        self.rings, self.frames, self.lights = {}, {}, ()

    # ----------------------------------------------------------------- placing
    def _reveal(self, light: Spotlight) -> None:
        """Bring the workspace that shows a spotlit dock or toolbar button (if the window has
        workspaces: the shell's, reached through the window, never imported)."""
        spaces = getattr(self.window, "workspaces", None)
        if spaces is None:
            return
        if light.kind == "dock":
            spaces.reveal(dock_name=light.target)
        elif light.kind == "action":
            action = self.window.named_actions.get(light.target)
            for bar in self.window.findChildren(QToolBar):
                if action is not None and bar.widgetForAction(action) is not None:
                    spaces.reveal(toolbar_name=bar.objectName())
                    return

    def target_widget(self, light: Spotlight) -> QWidget | None:
        window = self.window
        if light.kind == "dock":
            return window.findChild(QDockWidget, light.target)
        if light.kind == "widget":
            return window.findChild(QWidget, light.target)
        if light.kind == "action":
            action = window.named_actions.get(light.target) or window.findChild(
                QAction, f"action_{light.target}"
            )
            if action is None:
                return None
            for bar in window.findChildren(QToolBar):
                button = bar.widgetForAction(action)
                if button is not None and bar.isVisible():
                    return button
            for button in window.findChildren(QWidget, f"action_{light.target}_button"):
                if button.isVisible():
                    return button
        return None

    def refresh(self) -> None:
        self._tick += 1
        alpha = 150 + int(105 * abs((self._tick % 16) - 8) / 8)
        for light in self.lights:
            key = f"{light.kind}:{light.target}"
            if light.kind in ("node", "edge"):
                self._place_ring(key, light, alpha)
            else:
                self._place_frame(key, light, alpha)

    def _place_ring(self, key: str, light: Spotlight, alpha: int) -> None:
        scene = self.window.scene
        item = scene.node_item(light.target) if light.kind == "node" else None
        if light.kind == "edge":
            item = scene.edge_item(light.target)
        ring = self.rings.get(key)
        if item is None:
            if ring is not None:
                ring.hide()
            return
        if ring is None or ring.scene() is not scene:
            ring = QGraphicsPathItem()
            ring.setZValue(Z_RING)
            ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            ring.setData(0, "lesson_spotlight")
            scene.addItem(ring)
            self.rings[key] = ring
        path = QPainterPath()
        if light.kind == "node":
            path.addRoundedRect(item.sceneBoundingRect().adjusted(-8, -8, 8, 8), 14, 14)
        else:
            path = item.mapToScene(item.shape())
        colour = QColor(COLOUR)
        colour.setAlpha(alpha)
        pen = QPen(colour, 5 if light.kind == "node" else 9)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        ring.setPen(pen)
        if light.kind == "edge":
            colour.setAlpha(alpha // 3)
            ring.setBrush(colour)
        if ring.path() != path:
            ring.setPath(path)
        ring.show()

    def _place_frame(self, key: str, light: Spotlight, alpha: int) -> None:
        widget = self.target_widget(light)
        frame = self.frames.get(key)
        if widget is None or not widget.isVisible():
            if frame is not None:
                frame.hide()
            return
        if frame is None:
            frame = FrameOverlay(self.window)
            self.frames[key] = frame
        top_left = widget.mapTo(self.window, widget.rect().topLeft())
        rect = widget.rect().translated(top_left).adjusted(-4, -4, 4, 4)
        if frame.geometry() != rect:
            frame.setGeometry(rect)
        frame.alpha = alpha
        frame.show()
        frame.raise_()
        frame.update()


def raise_dock_of(widget: QWidget) -> None:
    """Show and raise the dock holding ``widget`` (or the dock itself)."""
    node: QWidget | None = widget
    while node is not None and not isinstance(node, QDockWidget):
        node = node.parentWidget()
    if isinstance(node, QDockWidget):
        node.show()
        node.raise_()
