"""Groups on the canvas: a collapsed group is one block, an open one a labelled frame.

:class:`GroupLayer` belongs to the scene and follows the graph's events like the scene itself
(it reads the graph, never changes it). For a **collapsed** group its member cards and the
edges touching them are hidden and a :class:`GroupBlockItem` stands at their centre: the
group's name, how many nodes it holds, an input dot on the left (edges from outside arrive
there, drawn as thin proxy curves) and an output dot on the right. Dragging the block moves
its members (one ``nodes_moved`` intent, so one undo step); double-clicking it asks to expand
(``group_toggle_requested(id, False)``). An **open** group gets a dashed frame around its
cards with a name tab; double-clicking the tab asks to collapse. Selecting a block selects
the group's nodes for the scene's ``selected_node_ids`` (delete, copy, Group, Ungroup).

Work is proportional to the groups: a graph without groups costs one check per event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...core.model.graph import GraphEvent
from .curve import Curve

if TYPE_CHECKING:
    from .scene import GraphScene

BLOCK_W, BLOCK_H = 170.0, 62.0
FRAME_PAD = 16.0
TAB_H = 20.0
_STRUCTURAL = {"node_added", "node_removed", "edge_added", "edge_removed"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("GroupLayer", text)


class GroupBlockItem(QGraphicsItem):
    """A collapsed group: one card with the group's name and ports."""

    def __init__(self, layer: GroupLayer, group_id: str, label: str, count: int) -> None:
        super().__init__()
        self.layer = layer
        self.group_id = group_id
        self.label = label
        self.count = count
        self._rect = QRectF(-BLOCK_W / 2, -BLOCK_H / 2, BLOCK_W, BLOCK_H)
        self._press: QPointF | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        )
        self.setZValue(2)
        self.setToolTip(
            _tr("{0}: {1} nodes, collapsed. Double-click to open it.").format(label, count)
        )

    def input_anchor(self) -> QPointF:
        return self.mapToScene(QPointF(self._rect.left(), 0.0))

    def output_anchor(self) -> QPointF:
        return self.mapToScene(QPointF(self._rect.right(), 0.0))

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-8, -8, 8, 8)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, 9, 9)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = self.layer.scene.theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = theme.categories.get("activation", theme.accent)
        border = QPen(
            theme.accent if self.isSelected() else accent, 2.4 if self.isSelected() else 1.6
        )
        painter.setPen(border)
        painter.setBrush(QBrush(theme.node_fill))
        painter.drawRoundedRect(self._rect, 9, 9)
        # a stack of cards behind: it holds several nodes
        painter.setPen(QPen(accent, 1.0))
        painter.drawLine(
            QPointF(self._rect.left() + 9, self._rect.bottom() + 4),
            QPointF(self._rect.right() - 9, self._rect.bottom() + 4),
        )
        painter.setPen(theme.text)
        painter.setFont(theme.font("label"))
        top = QRectF(self._rect.left() + 12, self._rect.top() + 8, self._rect.width() - 24, 20)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, self.label)
        painter.setPen(theme.text_dim)
        painter.setFont(theme.font("small"))
        low = QRectF(self._rect.left() + 8, self._rect.top() + 32, self._rect.width() - 16, 18)
        painter.drawText(
            low, Qt.AlignmentFlag.AlignCenter, _tr("{0} nodes · group").format(self.count)
        )
        painter.setPen(QPen(theme.port_border, 1.2))
        painter.setBrush(QBrush(theme.port_fill))
        for x in (self._rect.left(), self._rect.right()):
            painter.drawEllipse(QPointF(x, 0.0), 5.0, 5.0)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self._press = self.pos()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        start, self._press = self._press, None
        if start is not None and self.pos() != start:
            d = self.pos() - start
            self.layer.request_move(self.group_id, (d.x(), d.y()))

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self.layer.scene.group_toggle_requested.emit(self.group_id, False)
        event.accept()


class GroupFrameItem(QGraphicsItem):
    """An open group: a dashed frame around its cards and a name tab (the only hit area)."""

    def __init__(self, layer: GroupLayer, group_id: str, label: str, rect: QRectF) -> None:
        super().__init__()
        self.layer = layer
        self.group_id = group_id
        self.label = label
        self._rect = rect
        metrics_w = 12.0 + 7.2 * len(label)
        self._tab = QRectF(rect.left(), rect.top() - TAB_H, min(metrics_w, rect.width()), TAB_H)
        self.setZValue(-2)
        self.setToolTip(_tr("{0}: double-click the tab to collapse the group").format(label))

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.united(self._tab).adjusted(-2, -2, 2, 2)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._tab)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = self.layer.scene.theme
        colour = QColor(theme.categories.get("activation", theme.accent))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, 1.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(colour)
        fill.setAlphaF(0.05)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(self._rect, 10, 10)
        tab = QColor(colour)
        tab.setAlphaF(0.18)
        painter.setBrush(QBrush(tab))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(self._tab, 5, 5)
        painter.setPen(theme.text)
        painter.setFont(theme.font("small"))
        painter.drawText(self._tab.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, self.label)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self.layer.scene.group_toggle_requested.emit(self.group_id, True)
        event.accept()


class GroupLayer:
    """The scene's group items; see the module docstring."""

    def __init__(self, scene: GraphScene) -> None:
        self.scene = scene
        self.blocks: dict[str, GroupBlockItem] = {}
        self.frames: dict[str, GroupFrameItem] = {}
        self._proxies: list[QGraphicsPathItem] = []
        self._hidden: list[QGraphicsItem] = []
        self.rebuilding = False  # True while rebuild builds a lazy scene's hidden cards

    # ----------------------------------------------------------------- following the graph
    def on_event(self, event: GraphEvent) -> None:
        graph = self.scene.graph
        if graph is None or not (graph.groups() or self.blocks or self.frames):
            return
        moved = event.kind == "node_changed" and "position" in event.keys
        if event.kind.startswith("group_") or event.kind in _STRUCTURAL or moved:
            self.rebuild()

    def clear(self) -> None:
        scene = self.scene
        for item in [*self.blocks.values(), *self.frames.values(), *self._proxies]:
            if item.scene() is scene:
                scene.removeItem(item)
        self.blocks.clear()
        self.frames.clear()
        self._proxies.clear()
        for item in self._hidden:
            if item.scene() is scene:
                item.setVisible(True)
        self._hidden.clear()

    def rebuild(self) -> None:
        """Every block, frame and proxy again from the graph (cheap: groups are few)."""
        selected = {g for g, b in self.blocks.items() if b.isSelected()}
        self.clear()
        graph = self.scene.graph
        if graph is None:
            return
        owner: dict[str, str] = {}  # hidden node -> its collapsed group
        lazy = self.scene.lazy  # a frame needs no cards: a collapsed group hides its cards
        if lazy:
            hidden = [m for g in graph.groups() if g.collapsed for m in graph.group_nodes(g.id)]
            self.rebuilding = True
            try:
                self.scene.realize_ids(hidden, neighbours=True)
            finally:
                self.rebuilding = False
        for group in graph.groups():
            if lazy and not group.collapsed:
                members = [m for m in graph.group_nodes(group.id) if graph.has_node(m)]
            else:
                members = [m for m in graph.group_nodes(group.id) if self.scene.node_item(m)]
            if not members:
                continue
            if group.collapsed:
                self._block(group.id, group.label, members, group.id in selected)
                owner.update(dict.fromkeys(members, group.id))
            else:
                self._frame(group.id, group.label, members)
        if owner:
            self._proxy_edges(owner)

    def _frame(self, group_id: str, label: str, members: list[str]) -> None:
        rect = QRectF()
        for m in members:
            rect = rect.united(self.scene.card_scene_rect(m).adjusted(20, 20, -20, -20))
        pad = FRAME_PAD
        frame = GroupFrameItem(self, group_id, label, rect.adjusted(-pad, -pad, pad, pad))
        self.scene.addItem(frame)
        self.frames[group_id] = frame

    def _block(self, group_id: str, label: str, members: list[str], selected: bool) -> None:
        items = [self.scene.node_item(m) for m in members]
        cx = sum(i.pos().x() for i in items) / len(items)  # type: ignore[union-attr]
        cy = sum(i.pos().y() for i in items) / len(items)  # type: ignore[union-attr]
        block = GroupBlockItem(self, group_id, label, len(members))
        block.setPos(cx, cy)
        self.scene.addItem(block)
        block.setSelected(selected)
        self.blocks[group_id] = block
        for item in items:
            item.setVisible(False)  # type: ignore[union-attr]
            self._hidden.append(item)  # type: ignore[arg-type]

    def _proxy_edges(self, owner: dict[str, str]) -> None:
        """Hide every edge touching a collapsed group; redraw those that cross a group's
        boundary from (or to) the group's block."""
        graph = self.scene.graph
        assert graph is not None
        edges = {e.id: e for m in owner for e in (*graph.in_edges(m), *graph.out_edges(m))}
        pen = QPen(self.scene.theme.edge, 1.6)
        for edge in edges.values():
            edge_item = self.scene.edge_item(edge.id)
            if edge_item is None:
                continue
            edge_item.setVisible(False)
            self._hidden.append(edge_item)
            src, dst = owner.get(edge.source), owner.get(edge.target)
            if src is not None and src == dst:
                continue  # inside one group
            curve = edge_item.curve()
            p1 = self.blocks[src].output_anchor() if src else QPointF(curve.x1, curve.y1)
            p2 = self.blocks[dst].input_anchor() if dst else QPointF(curve.x2, curve.y2)
            c = Curve.between(p1.x(), p1.y(), p2.x(), p2.y())
            path = QPainterPath(p1)
            path.cubicTo(c.cx1, c.cy1, c.cx2, c.cy2, c.x2, c.y2)
            proxy = QGraphicsPathItem(path)
            proxy.setPen(pen)
            proxy.setZValue(-1)
            proxy.setToolTip(edge_item.toolTip())
            self.scene.addItem(proxy)
            self._proxies.append(proxy)

    # ----------------------------------------------------------------- for the scene
    def selected_members(self) -> list[str]:
        graph = self.scene.graph
        if graph is None:
            return []
        return [m for g, b in self.blocks.items() if b.isSelected() for m in graph.group_nodes(g)]

    def select_members(self, ids: set[str]) -> None:
        """Select the block of every collapsed group holding one of ``ids``."""
        graph = self.scene.graph
        if graph is None:
            return
        for gid, block in self.blocks.items():
            if ids & set(graph.group_nodes(gid)):
                block.setSelected(True)

    def request_move(self, group_id: str, delta: tuple[float, float]) -> None:
        graph = self.scene.graph
        if graph is None:
            return
        moves: dict[str, Any] = {}
        for m in graph.group_nodes(group_id):
            x, y = graph.node(m).position
            moves[m] = ((x, y), (x + delta[0], y + delta[1]))
        if moves:
            self.scene.nodes_moved.emit(moves)
