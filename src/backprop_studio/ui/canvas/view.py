"""GraphView: the canvas widget (object name ``canvas``).

- antialiased drawing over a subtle grid (minor lines every 20 px, major every 100 px,
  faded out when zoomed far out);
- wheel: zoom around the cursor (0.1x to 4x); middle-button drag, or Space + left drag, or
  left drag on the background with Alt: pan; left drag on the background: rubber-band select;
- F: fit the whole graph; arrow keys nudge the selection (one ``nodes_moved``);
- drops of ``application/x-backprop-op`` (payload: an op name, UTF-8) become the scene's
  ``node_create_requested`` at the drop point;
- Tab, double-click or right-click on the background: the op search popup; the chosen op is
  created where the popup was opened; an expression typed there becomes
  ``expression_insert_requested(text, scene_pos)``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from .drawing_modes import FAR_MIN_NODES
from .edge_item import EdgeItem
from .group_items import GroupBlockItem, GroupFrameItem
from .node_item import DETAIL_LOD, NodeItem
from .op_search import OpSearchPopup
from .port_item import PortItem
from .scene import GraphScene

OP_MIME = "application/x-backprop-op"
MIN_ZOOM, MAX_ZOOM = 0.1, 4.0
SCENE_EXTENT = 200_000.0
NUDGE = 10.0
ZOOM_SETTLE_MS = 200


class GraphView(QGraphicsView):
    """Shows a :class:`GraphScene`; zoom, pan, fit, drops and the op search."""

    expression_insert_requested = Signal(str, QPointF)

    def __init__(self, scene: GraphScene | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSceneRect(QRectF(-SCENE_EXTENT, -SCENE_EXTENT, 2 * SCENE_EXTENT, 2 * SCENE_EXTENT))
        self._pan_from: QPoint | None = None
        self._space_down = False
        self._search: OpSearchPopup | None = None
        self._search_pos = QPointF()
        self._zoom_settle = QTimer(self)  # fires when the wheel has been still for a moment
        self._zoom_settle.setSingleShot(True)
        self._zoom_settle.setInterval(ZOOM_SETTLE_MS)
        self._zoom_settle.timeout.connect(self._zoom_settled)
        if scene is not None:
            self.setScene(scene)

    # ------------------------------------------------------------------ helpers
    def graph_scene(self) -> GraphScene | None:
        scene = self.scene()
        return scene if isinstance(scene, GraphScene) else None

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` (clamped), keeping ``anchor`` (a scene point) in place."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom()
        if anchor is None:
            self.scale(scale, scale)
            self._zoom_changed()
            return
        old_anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        view_pt = self.mapFromScene(anchor)
        self.scale(scale, scale)
        delta = self.mapToScene(view_pt) - anchor
        self.translate(delta.x(), delta.y())
        self.setTransformationAnchor(old_anchor)
        self._zoom_changed()

    def _zoom_settled(self) -> None:
        scene = self.graph_scene()
        if scene is not None:
            scene.set_zooming(False)

    def _zoom_changed(self) -> None:
        scene = self.graph_scene()
        if scene is not None:
            scene.view_scale_changed()

    def fit_to_view(self) -> None:
        """Zoom and centre so that the whole graph is visible (at most 1.5x). A small graph is
        never fitted below the zoom at which its cards show their texts: blank cards teach
        nothing, and the rest is a scroll or a wheel turn away."""
        scene = self.graph_scene()
        rect = scene.items_rect() if scene is not None else QRectF()
        if rect.isNull():
            self.resetTransform()
            self.centerOn(0, 0)
            self._zoom_changed()
            return
        rect = rect.adjusted(-30, -30, 30, 30)
        viewport = self.viewport().rect()
        if viewport.width() < 2 or viewport.height() < 2:
            return
        factor = min(viewport.width() / rect.width(), viewport.height() / rect.height())
        factor = max(MIN_ZOOM, min(1.5, factor))
        if factor < DETAIL_LOD and len(scene.node_items()) < FAR_MIN_NODES:
            factor = DETAIL_LOD
        self.resetTransform()
        self.scale(factor, factor)
        self.centerOn(rect.center())
        self._zoom_changed()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        scene = self.graph_scene()
        if scene is not None and scene._stale_modes:  # items left behind by a mode change
            scene.sync_drawing_modes(self.mapToScene(event.rect()).boundingRect())
        super().paintEvent(event)

    # ------------------------------------------------------------------ background
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        scene = self.graph_scene()
        if scene is None:
            return super().drawBackground(painter, rect)
        theme = scene.theme
        painter.fillRect(rect, theme.background)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # crisp 1 px lines
        zoom = self.zoom()
        grid = scene.grid_size
        for step, color, min_px in ((grid, theme.grid_minor, 9), (grid * 5, theme.grid_major, 6)):
            if step * zoom < min_px:
                continue
            pen = QPen(color, 0)  # cosmetic: one device pixel at any zoom
            painter.setPen(pen)
            left = math.floor(rect.left() / step) * step
            top = math.floor(rect.top() / step) * step
            lines = []
            x = left
            while x <= rect.right():
                lines.append(QLineF(x, rect.top(), x, rect.bottom()))
                x += step
            y = top
            while y <= rect.bottom():
                lines.append(QLineF(rect.left(), y, rect.right(), y))
                y += step
            painter.drawLines(lines)
        painter.restore()

    # ------------------------------------------------------------------ zoom and pan
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            event.ignore()
            return
        factor = math.pow(1.0015, delta)
        anchor = self.mapToScene(event.position().toPoint())
        scene = self.graph_scene()
        if scene is not None:
            scene.set_zooming(True)
            self._zoom_settle.start()
        self.set_zoom(self.zoom() * factor, anchor)
        event.accept()

    def _start_pan(self, pos: QPoint) -> None:
        self._pan_from = pos
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _pan_to(self, pos: QPoint) -> None:
        if self._pan_from is None:
            return
        delta = pos - self._pan_from
        self._pan_from = pos
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())

    def _end_pan(self) -> None:
        self._pan_from = None
        self.viewport().setCursor(
            Qt.CursorShape.OpenHandCursor if self._space_down else Qt.CursorShape.ArrowCursor
        )

    def _on_background(self, pos: QPoint) -> bool:
        return not any(
            isinstance(i, NodeItem | EdgeItem | PortItem | GroupBlockItem | GroupFrameItem)
            or i.isWidget()
            for i in self.items(pos)
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        pan = event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton
            and (self._space_down or event.modifiers() & Qt.KeyboardModifier.AltModifier)
            and self._on_background(pos)
        )
        if pan:
            self._start_pan(pos)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_to(event.position().toPoint())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._end_pan()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton and self._on_background(pos):
            self.open_op_search(self.mapToScene(pos))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if self._on_background(event.pos()):
            self.open_op_search(self.mapToScene(event.pos()))
            event.accept()
            return
        super().contextMenuEvent(event)

    # ------------------------------------------------------------------ keys
    def event(self, event: QEvent) -> bool:
        # Tab would move the focus to the next widget; here it opens the op search.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Tab and not self._editing():
                self.open_op_search(self._cursor_scene_pos())
                return True
        return super().event(event)

    def _editing(self) -> bool:
        scene = self.graph_scene()
        return scene is not None and scene.weight_editor() is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._editing():
            return super().keyPressEvent(event)
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if key == Qt.Key.Key_F and not event.modifiers():
            self.fit_to_view()
            event.accept()
            return
        if key == Qt.Key.Key_A and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            scene = self.graph_scene()
            if scene is not None:
                scene.select_all()
            event.accept()
            return
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in arrows and self._nudge(*arrows[key], event.modifiers()):
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            if self._pan_from is None:
                self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def _nudge(self, dx: int, dy: int, modifiers: Qt.KeyboardModifier) -> bool:
        scene = self.graph_scene()
        if scene is None or scene.graph is None:
            return False
        ids = scene.selected_node_ids()
        if not ids:
            return False
        step = NUDGE * (5 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1)
        moves = {}
        for nid in ids:
            x, y = scene.graph.node(nid).position
            moves[nid] = ((x, y), (x + dx * step, y + dy * step))
        scene.nodes_moved.emit(moves)
        return True

    def _cursor_scene_pos(self) -> QPointF:
        pos = self.viewport().mapFromGlobal(self.cursor().pos())
        if not self.viewport().rect().contains(pos):
            pos = self.viewport().rect().center()
        return self.mapToScene(pos)

    # ------------------------------------------------------------------ op search
    def op_search(self) -> OpSearchPopup:
        if self._search is None:
            self._search = OpSearchPopup(self)
            self._search.op_chosen.connect(self._op_chosen)
            self._search.expression_chosen.connect(
                lambda text: self.expression_insert_requested.emit(text, QPointF(self._search_pos))
            )
        return self._search

    def open_op_search(self, scene_pos: QPointF) -> OpSearchPopup:
        """Open the op search; the chosen op is created at ``scene_pos``."""
        self._search_pos = QPointF(scene_pos)
        popup = self.op_search()
        scene = self.graph_scene()
        global_pos = self.viewport().mapToGlobal(self.mapFromScene(scene_pos))
        popup.open_at(global_pos, scene.theme if scene is not None else None)
        return popup

    def _op_chosen(self, op: str) -> None:
        scene = self.graph_scene()
        if scene is not None:
            scene.request_node_create(op, self._search_pos)

    # ------------------------------------------------------------------ drops
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(OP_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(OP_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        scene = self.graph_scene()
        if not mime.hasFormat(OP_MIME) or scene is None:
            event.ignore()
            return
        op = bytes(mime.data(OP_MIME).data()).decode("utf-8", errors="replace").strip()
        pos = self.mapToScene(event.position().toPoint())
        if scene.request_node_create(op, pos):
            event.acceptProposedAction()
        else:
            event.ignore()
