"""A node's port: the output on the right edge, inputs on the left edge.

A port is a child item of its :class:`NodeItem`, used for hit-testing and hover; the node
paints it (``paint_on``), so it lands in the node's cached pixmap. It shows a small circle (a capsule for a
variadic port such as ``add``'s ``in``, which takes many edges spread along it), filled once
something is connected, and grows while the mouse hovers it. Pressing on a port starts a
connection drag, which the scene runs (the port only forwards the mouse events): the port
never edits anything itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

if TYPE_CHECKING:
    from .node_item import NodeItem
    from .theme import Theme

RADIUS = 4.5
HOVER_RADIUS = 6.5
HIT_RADIUS = 10.0
CAPSULE_HALF_HEIGHT = 13.0  # a variadic port's capsule is 26 px tall
SLOT_SPACING = 7.0  # distance between edges sharing a variadic port


_LEFT = Qt.MouseButton.LeftButton
_CROSS = Qt.CursorShape.CrossCursor
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
_BOUNDS = QRectF(-HIT_RADIUS, -CAPSULE_HALF_HEIGHT - 4, 2 * HIT_RADIUS, 2 * CAPSULE_HALF_HEIGHT + 8)
_ROUND_SHAPE = QPainterPath()
_ROUND_SHAPE.addEllipse(QPointF(0, 0), HIT_RADIUS, HIT_RADIUS)
_CAPSULE_SHAPE = QPainterPath()
_CAPSULE_SHAPE.addRoundedRect(
    QRectF(-HIT_RADIUS, -CAPSULE_HALF_HEIGHT - 3, 2 * HIT_RADIUS, 2 * CAPSULE_HALF_HEIGHT + 6),
    HIT_RADIUS,
    HIT_RADIUS,
)


def slot_offset(slot: int, slots: int) -> float:
    """How far below a variadic port's centre edge number ``slot`` of ``slots`` attaches:
    the edges are spread along the capsule, evenly around its centre."""
    if slots <= 1:
        return 0.0
    spacing = min(SLOT_SPACING, (2 * CAPSULE_HALF_HEIGHT - 6) / (slots - 1))
    return (slot - (slots - 1) / 2) * spacing


class PortItem(QGraphicsItem):
    """One port of a node. ``name`` is None for the output port."""

    def __init__(
        self, node: NodeItem, name: str | None, variadic: bool = False, label: str = ""
    ) -> None:
        super().__init__(node)
        self.node = node
        self.name = name
        self.variadic = variadic
        self.label = label
        self.connected = 0
        self.hovered = False
        self.drop_state: str | None = None  # "ok" / "bad" while a connection drag is over it
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(_LEFT)
        self.setCursor(_CROSS)
        self.setZValue(2)
        # hit-testing and hover only: the node paints the port into its cached pixmap
        self.setFlag(_NO_CONTENTS)
        self._bounds = _BOUNDS
        self._x = self._y = 0.0  # position on the card (see place)
        self._shape = _CAPSULE_SHAPE if variadic else _ROUND_SHAPE
        self._tooltip_set = False  # the tooltip is set when first asked for (ensure_tooltip)

    @property
    def is_output(self) -> bool:
        return self.name is None

    @property
    def node_id(self) -> str:
        return self.node.node_id

    def toolTip(self) -> str:  # noqa: N802  (Qt's name)
        self.ensure_tooltip()
        return super().toolTip()

    def ensure_tooltip(self) -> None:
        """Set the tooltip (the scene's help event asks the items under the cursor)."""
        if not self._tooltip_set:
            self._tooltip_set = True
            self._update_tooltip()

    def _update_tooltip(self) -> None:
        if self.is_output:
            text = QCoreApplication.translate("Canvas", "output: drag to an input port to connect")
        elif self.variadic:
            text = QCoreApplication.translate(
                "Canvas", "input %1: takes any number of edges"
            ).replace("%1", repr(self.name))
        else:
            text = QCoreApplication.translate("Canvas", "input %1: takes one edge").replace(
                "%1", repr(self.name)
            )
        self.setToolTip(text)

    # ------------------------------------------------------------------ geometry
    def place(self, x: float, y: float) -> None:
        """Put the port at (x, y) on its card (the card's coordinates)."""
        self.setPos(x, y)
        self._x, self._y = x, y

    def anchor(self, slot: int = 0, slots: int = 1) -> QPointF:
        """Scene point where edge number ``slot`` of ``slots`` attaches."""
        return QPointF(*self.anchor_xy(slot, slots))

    def anchor_xy(self, slot: int = 0, slots: int = 1) -> tuple[float, float]:
        """``anchor`` as plain floats (computed from the card's position: no Qt mapping)."""
        offset = slot_offset(slot, slots) if self.variadic else 0.0
        p = self.node.pos()
        return p.x() + self._x, p.y() + self._y + offset

    def boundingRect(self) -> QRectF:  # noqa: N802  (Qt override)
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    # ------------------------------------------------------------------ painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Nothing: the node paints its ports (into its cached pixmap; see ``paint_on``)."""

    def refresh(self) -> None:
        """The port's look changed (hover, drop state, connections): repaint its card."""
        self.node.update()

    def paint_on(self, painter: QPainter, theme: Theme) -> None:
        """Paint this port in its node's coordinates."""
        color = theme.category_color(self.node.op, self.node.category)
        big = self.hovered or self.drop_state is not None
        r = HOVER_RADIUS if big else RADIUS
        border = QColor(theme.port_border)
        if self.drop_state == "ok":
            border = theme.port_ok
        elif self.drop_state == "bad":
            border = theme.port_bad
        elif self.hovered:
            border = color
        painter.setPen(QPen(border, 1.6 if big else 1.3))
        fill = QColor(color) if self.connected or self.drop_state == "ok" else theme.port_fill
        if self.drop_state == "bad":
            fill = QColor(theme.port_bad)
        painter.setBrush(QBrush(fill))
        c = self.pos()
        if self.variadic:
            half = CAPSULE_HALF_HEIGHT + (2 if big else 0)
            painter.drawRoundedRect(QRectF(c.x() - r, c.y() - half, 2 * r, 2 * half), r, r)
        else:
            painter.drawEllipse(c, r, r)

    # ------------------------------------------------------------------ interaction
    def set_hovered(self, hovered: bool) -> None:
        if hovered != self.hovered:
            self.hovered = hovered
            self.refresh()

    def set_drop_state(self, state: str | None) -> None:
        if state != self.drop_state:
            self.drop_state = state
            self.refresh()

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.set_hovered(True)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.set_hovered(False)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        scene = self.scene()
        if event.button() == Qt.MouseButton.LeftButton and hasattr(scene, "begin_connection"):
            scene.begin_connection(self, event.scenePos())
            event.accept()
            return
        event.ignore()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        scene = self.scene()
        if hasattr(scene, "drag_connection"):
            scene.drag_connection(event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        scene = self.scene()
        if hasattr(scene, "end_connection"):
            scene.end_connection(event.scenePos())
