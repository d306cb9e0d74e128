"""GraphView: the canvas widget (object name ``canvas``).

- antialiased drawing over a subtle grid (minor lines every 20 px, major every 100 px,
  faded out when zoomed far out);
- wheel: zoom around the cursor (0.1x to 4x); middle-button drag, or Space + left drag, or
  left drag on the background with Alt: pan; left drag on the background: rubber-band select;
- keys: F fits the whole graph; the arrow keys move the selection to the nearest card in that
  direction, Ctrl+arrows nudge the selected cards (one ``nodes_moved``); Shift+A, or Space
  tapped without dragging, opens the op search at the cursor; C lists the input ports the
  selected node may connect to (``connect_requested``); F2 renames the selected node; Tab
  moves the focus on to the next pane as everywhere else;
- drops of ``application/x-backprop-op`` (payload: an op name, UTF-8) become the scene's
  ``node_create_requested`` at the drop point;
- double-click or right-click on the background: the op search popup; the chosen op is
  created where the popup was opened; an expression typed there becomes
  ``expression_insert_requested(text, scene_pos)``. Right-click on a card or an edge emits
  ``item_menu_requested`` (the window shows its context menu); a double-click on a card's
  title renames it (``rename_requested``);
- an empty canvas shows a hint on how to start.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
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
from .node_item import DETAIL_LOD, HEADER_HEIGHT, NodeItem
from .op_search import OpSearchPopup
from .port_chooser import PortChooser
from .port_item import PortItem
from .rename_editor import RenameEditor
from .scene import GraphScene
from .view_keys import ViewKeys

OP_MIME = "application/x-backprop-op"
MIN_ZOOM, MAX_ZOOM = 0.1, 4.0
SCENE_EXTENT = 200_000.0
ZOOM_SETTLE_MS = 200


class GraphView(ViewKeys, QGraphicsView):
    """Shows a :class:`GraphScene`; zoom, pan, fit, drops, the op search, keyboard moves."""

    rename_requested = Signal(str, str)  # node id, new label
    item_menu_requested = Signal(str, str, QPoint)  # "node" or "edge", its id, global pos

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
        self.rubberBandChanged.connect(self._rubber_band_changed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSceneRect(QRectF(-SCENE_EXTENT, -SCENE_EXTENT, 2 * SCENE_EXTENT, 2 * SCENE_EXTENT))
        self._pan_from: QPoint | None = None
        self._space_down = False
        self._space_panned = False
        self._search: OpSearchPopup | None = None
        self._chooser: PortChooser | None = None
        self._renamer: RenameEditor | None = None
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
        if factor < DETAIL_LOD and not scene.lazy and len(scene.node_items()) < FAR_MIN_NODES:
            factor = DETAIL_LOD
        self.resetTransform()
        self.scale(factor, factor)
        self.centerOn(rect.center())
        self._zoom_changed()

    def _rubber_band_changed(self, _rect, start: QPointF, end: QPointF) -> None:
        """A big graph builds the cards the band reaches before Qt selects them (Qt emits
        this just before it sets the selection area)."""
        scene = self.graph_scene()
        if scene is not None and scene.lazy and start != end:
            band = QRectF(start, end).normalized()
            scene.realize_ids(
                [i for i in scene.ids_in_rect(band) if not scene.existing_node_item(i)]
            )

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        scene = self.graph_scene()
        if scene is not None and scene.lazy:  # a big graph: build the items coming into view
            scene.realize_view(self.visible_scene_rect())
        if scene is not None and scene._stale_modes:  # items left behind by a mode change
            scene.sync_drawing_modes(self.mapToScene(event.rect()).boundingRect())
        strips = _strips(event)
        if strips is None:
            super().paintEvent(event)
            return
        for strip in strips:  # a diagonal scroll uncovers an L: paint its two strips apart
            super().paintEvent(QPaintEvent(strip))

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

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        scene = self.graph_scene()
        if scene is None or scene.node_items() or (scene.graph is not None and len(scene.graph)):
            return
        painter.save()
        painter.resetTransform()
        font = painter.font()
        font.setPixelSize(16)
        painter.setFont(font)
        painter.setPen(scene.theme.text_dim)
        painter.drawText(
            QRectF(self.viewport().rect()).adjusted(40, 40, -40, -40),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.empty_hint(),
        )
        painter.restore()

    def empty_hint(self) -> str:
        """What an empty canvas says."""
        return self.tr(
            "An empty graph. Add an op: Shift+A or Space (search), a double-click here, or a "
            "drag from the Ops palette. Then drag from a card's right dot to another's left "
            "dot to connect them, or select a card and press C."
        )

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
        self._space_panned = self._space_down
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
        node = self._title_under(pos)
        if event.button() == Qt.MouseButton.LeftButton and node is not None:
            self.start_rename(node.node_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _title_under(self, pos: QPoint) -> NodeItem | None:
        """The card whose title row (its header) is under ``pos``, if any."""
        for item in self.items(pos):
            if isinstance(item, PortItem):
                return None
            if isinstance(item, NodeItem):
                local = item.mapFromScene(self.mapToScene(pos))
                top = item.shape().boundingRect().top()
                return item if local.y() <= top + HEADER_HEIGHT else None
        return None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        pos = event.pos()
        if self._on_background(pos):
            self.open_op_search(self.mapToScene(pos))
            event.accept()
            return
        for item in self.items(pos):
            if isinstance(item, NodeItem | EdgeItem):
                kind = "node" if isinstance(item, NodeItem) else "edge"
                ident = item.node_id if isinstance(item, NodeItem) else item.edge_id
                scene = self.graph_scene()
                if scene is not None and ident not in (
                    scene.selected_node_ids() + scene.selected_edge_ids()
                ):
                    scene.select_ids([ident])
                self.item_menu_requested.emit(kind, ident, event.globalPos())
                event.accept()
                return
        super().contextMenuEvent(event)

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


def _strips(event: QPaintEvent) -> list | None:
    """The rectangles of a paint event's region when they cover much less than their
    bounding rectangle (the L a diagonal scroll uncovers), else None. Qt gives each item
    the bounding rectangle as the exposed area: the whole view for an L, so a big graph's
    layers would redraw everything they hold in view at every step of a pan."""
    region = event.region()
    if region.rectCount() < 2:
        return None
    rects = list(region)
    bounds = region.boundingRect()
    area = sum(r.width() * r.height() for r in rects)
    if area * 2 > bounds.width() * bounds.height():
        return None
    return rects
