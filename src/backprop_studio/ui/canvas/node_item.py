"""A node on the canvas: a rounded card with a coloured header and two reading rows.

Layout (width 152, all in item coordinates, the origin at the card's centre, which is the
node's ``position`` in the document)::

    ╭──────────────────────────╮
    │ [+]  c             loss  │   header: op symbol badge, label, markers
    ├──────────────────────────┤
    │ a                         │   port rows, only for ops with several named ports
    │ b                         │
    ●value                 3    ●   reading rows: value and gradient
    │ grad                  2   │
    ╰──────────────────────────╯

Inputs sit on the left edge, the output on the right. The item knows its node's id and the
display data the scene gives it (a :class:`core.graph.Node`, readings, an error text, overlay
marks); it never sees the Graph. The card's size depends only on the op, so evaluating never
moves an edge. At low zoom it paints a plain card (level of detail), which keeps a 2,000-node
graph smooth.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...core.model.graph import Node
from ...core.ops import OpSpec, get_op
from . import texts
from .port_item import PortItem
from .texts import Reading
from .theme import Theme, light_theme

if TYPE_CHECKING:
    from .edge_item import EdgeItem

NODE_WIDTH = 152.0
HEADER_HEIGHT = 25.0
ROW_HEIGHT = 16.0
PAD_TOP = 4.0
PAD_BOTTOM = 6.0
CORNER = 7.0
MARGIN = 26.0  # room around the card for rings, shadows and mark captions
DETAIL_LOD = 0.5  # below this zoom a card shows its op badge only (texts would be < 6 px)

# overlay marks (set by the scene from a PassOverlay)
MARK_FORWARD = "forward_current"
MARK_UPSTREAM = "upstream"
MARK_RECEIVING = "receiving"
MARK_CAPTIONS = {
    MARK_FORWARD: QT_TRANSLATE_NOOP("Canvas", "computed"),
    MARK_UPSTREAM: QT_TRANSLATE_NOOP("Canvas", "upstream ∂ known"),
    MARK_RECEIVING: QT_TRANSLATE_NOOP("Canvas", "receives"),
}

_DEFAULT_THEME: Theme | None = None
# Qt enum members looked up once (each lookup is a Python call: thousands of cards add up)
_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
)
_DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
_SHADOW_PATHS: dict[tuple[float, float, str], QPainterPath] = {}
_HEADER_PATHS: dict[tuple[float, float], tuple[QPainterPath, QPainterPath]] = {}


def named_port_rows(spec: OpSpec) -> int:
    """Rows used to name ports: one per port when the op has several, else none."""
    return len(spec.ports) if len(spec.ports) > 1 else 0


def node_size(spec: OpSpec) -> tuple[float, float]:
    """Width and height of the card for an op (independent of values)."""
    rows = 2 + named_port_rows(spec)
    return NODE_WIDTH, HEADER_HEIGHT + PAD_TOP + rows * ROW_HEIGHT + PAD_BOTTOM


def port_places(spec: OpSpec) -> dict[str | None, tuple[float, float]]:
    """Where each port sits on the card, relative to its centre: input ports by name, the
    output under ``None``. Inputs are on the left edge (one per named row, or all on the
    value row), the output on the right edge (the middle of the body, or the value row)."""
    w, h = node_size(spec)
    left, top, bottom = -w / 2, -h / 2, h / 2
    body_top = top + HEADER_HEIGHT + PAD_TOP
    named = named_port_rows(spec)
    readings_mid = body_top + named * ROW_HEIGHT + ROW_HEIGHT
    places: dict[str | None, tuple[float, float]] = {}
    for i, port in enumerate(spec.ports):
        places[port.name] = (left, body_top + (i + 0.5) * ROW_HEIGHT if named else readings_mid)
    places[None] = (w / 2, (body_top + bottom - PAD_BOTTOM) / 2 if named else readings_mid)
    return places


# the row tags of a node card (texts.py), shown in the UI language
TAGS = (
    QT_TRANSLATE_NOOP("Canvas", "value"),
    QT_TRANSLATE_NOOP("Canvas", "grad"),
    QT_TRANSLATE_NOOP("Canvas", "grad mean"),
    QT_TRANSLATE_NOOP("Canvas", "partial"),
    QT_TRANSLATE_NOOP("Canvas", "partial mean"),
    QT_TRANSLATE_NOOP("Canvas", "column"),
)


def tag_text(tag: str) -> str:
    """A reading's tag in the UI language ("mean of 4" included)."""
    if tag.startswith("mean of "):
        count = tag.removeprefix("mean of ")
        return QCoreApplication.translate("Canvas", "mean of %1").replace("%1", count)
    return QCoreApplication.translate("Canvas", tag)


class NodeItem(QGraphicsItem):
    """The card of one node; ``position`` is its centre in scene coordinates."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node_id = node.id
        self.op = node.op
        spec = get_op(node.op)
        assert spec is not None, node.op
        self.spec = spec
        self.category = spec.category
        w, h = node_size(spec)
        self._rect = QRectF(-w / 2, -h / 2, w, h)
        self._bounds = self._rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        self._shape = QPainterPath()
        self._shape.addRoundedRect(self._rect, CORNER, CORNER)
        self.title = node.display_name
        self.trainable = node.trainable
        self.is_loss = False
        self.value = texts.EMPTY_VALUE
        self.grad = texts.EMPTY_GRAD
        self.error: str | None = None
        self.marks: frozenset[str] = frozenset()
        self.hovered = False
        self.edges: list[EdgeItem] = []
        self.extra_tooltip: str | Callable[[], str] = ""
        self.loss_name = ""  # the loss node's label: the tooltip's gradient names it
        self.sum_rule = ""  # the stepper's completed sum rule, written below the card
        self._sum_rect = QRectF()
        self._tooltip_stale = True

        self.setFlags(_FLAGS)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        # Painted once per zoom level into a pixmap: panning and dragging just blit it.
        self.setCacheMode(_DEVICE_CACHE)
        self.setPos(QPointF(*node.position))

        self.inputs: dict[str, PortItem] = {}
        named = named_port_rows(spec)
        places = port_places(spec)
        for port in spec.ports:
            item = PortItem(self, port.name, port.variadic, port.name if named else "")
            item.place(*places[port.name])
            self.inputs[port.name] = item
        self.output = PortItem(self, None)
        self.output.place(*places[None])
        self._update_tooltip()

    # ------------------------------------------------------------------ data from the scene
    def theme(self) -> Theme:
        scene = self.scene()
        theme = getattr(scene, "theme", None)
        if theme is not None:
            return theme
        global _DEFAULT_THEME
        if _DEFAULT_THEME is None:
            _DEFAULT_THEME = light_theme()
        return _DEFAULT_THEME

    def set_node(self, node: Node) -> None:
        """Label or trainable changed."""
        self.title = node.display_name
        self.trainable = node.trainable
        self._update_tooltip()
        self.update()

    def set_readings(self, value: Reading, grad: Reading) -> None:
        if value != self.value or grad != self.grad:
            self.value, self.grad = value, grad
            self._update_tooltip()
            self.update()

    def set_error(self, reason: str | None) -> None:
        if reason != self.error:
            self.error = reason
            self._update_tooltip()
            self.update()

    def set_marks(self, marks: frozenset[str]) -> None:
        if marks != self.marks:
            self.marks = marks
            self.update()

    def set_loss(self, is_loss: bool) -> None:
        if is_loss != self.is_loss:
            self.is_loss = is_loss
            self.update()

    def set_sum_rule(self, text: str) -> None:
        """Write ``∂f/∂b = 2 + 3 = 5`` below the card ("" to remove it)."""
        if text == self.sum_rule:
            return
        self.prepareGeometryChange()
        self.sum_rule = text
        base = self._rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        if text:
            fm = QFontMetricsF(self.theme().font("overlay"))
            w = fm.horizontalAdvance(text) + 16
            h = fm.height() + 8
            r = self._rect
            self._sum_rect = QRectF(r.center().x() - w / 2, r.bottom() + 7, w, h)
            self._bounds = base.united(self._sum_rect.adjusted(-3, -3, 3, 5))
        else:
            self._sum_rect = QRectF()
            self._bounds = base
        self.update()

    def set_loss_name(self, name: str) -> None:
        """The loss node's label (``∂f/∂b`` in the tooltip)."""
        if name != self.loss_name:
            self.loss_name = name
            self._update_tooltip()

    def set_extra_tooltip(self, text: str | Callable[[], str]) -> None:
        """Extra lines for the tooltip (e.g. the stepper's local derivative with numbers), or
        a function giving them, called each time the tooltip is shown (a big graph's walk
        formats no text for nodes nobody hovers)."""
        if text != self.extra_tooltip:
            self.extra_tooltip = text
            self._update_tooltip()

    def _update_tooltip(self) -> None:
        """The tooltip is out of date: it is rebuilt when asked for (``toolTip()``, or the
        scene's help event), not on each of the thousands of updates an evaluation makes."""
        self._tooltip_stale = True

    def toolTip(self) -> str:  # noqa: N802  (Qt's name)
        self.ensure_tooltip()
        return super().toolTip()

    def ensure_tooltip(self) -> None:
        """Build the tooltip now if something it shows changed."""
        if not self._tooltip_stale:
            return
        extra = self.extra_tooltip
        self._tooltip_stale = callable(extra)  # a function may say something else next time
        self.setToolTip(
            texts.node_tooltip(
                self.title,
                self.spec,
                self.node_id,
                self.value,
                self.grad,
                extra() if callable(extra) else extra,
                self.error,
                self.loss_name,
            )
        )

    # ------------------------------------------------------------------ geometry
    def rect(self) -> QRectF:
        return self._rect

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def bounds_in_scene(self) -> tuple[float, float, float, float]:
        """The bounding rectangle in scene coordinates as (x0, y0, x1, y1)."""
        p, r = self.pos(), self._bounds
        x, y = p.x(), p.y()
        return (x + r.left(), y + r.top(), x + r.right(), y + r.bottom())

    def shape(self) -> QPainterPath:
        return self._shape

    def _shadow_path(self) -> QPainterPath:
        key = (self._rect.width(), self._rect.height(), "shadow")
        path = _SHADOW_PATHS.get(key)
        if path is None:
            path = QPainterPath()
            path.addRoundedRect(self._rect.translated(0, 2.5), CORNER + 1, CORNER + 1)
            _SHADOW_PATHS[key] = path
        return path

    def _header_paths(self) -> tuple[QPainterPath, QPainterPath]:
        """The card's rounded top as the header area and a 3 px accent strip (cached per size).

        Built from arcs rather than by intersecting paths: a boolean path operation flattens
        the corners into many segments, which made every card slower to fill."""
        r = self._rect
        key = (r.width(), r.height())
        paths = _HEADER_PATHS.get(key)
        if paths is None:
            paths = (_rounded_top(r, HEADER_HEIGHT), _rounded_top(r, 3.0))
            _HEADER_PATHS[key] = paths
        return paths

    def input_port(self, name: str) -> PortItem | None:
        return self.inputs.get(name)

    def ports(self) -> list[PortItem]:
        return [*self.inputs.values(), self.output]

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        # Qt moves every selected node; the scene then snaps them and bends their edges.
        # (No itemChange override: it would cost a Python call per item change of any kind,
        # a large share of building a 2,000-node scene.)
        super().mouseMoveEvent(event)
        scene = self.scene()
        if scene is not None and hasattr(scene, "nodes_dragged"):
            scene.nodes_dragged()

    # ------------------------------------------------------------------ hover
    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    # ------------------------------------------------------------------ painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        theme = self.theme()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        color = theme.category_color(self.op, self.category)
        r = self._rect
        if lod < 0.35:
            self._paint_simple(painter, theme, color)
            return
        # shadow
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.node_shadow)
        painter.drawPath(self._shadow_path())
        # overlay rings (outside the card)
        self._paint_marks(painter, theme)
        # card (with its plain border in the same call when nothing special is shown)
        special = bool(self.error) or self.isSelected() or self.hovered
        painter.setBrush(theme.node_fill)
        painter.setPen(Qt.PenStyle.NoPen if special else QPen(theme.node_border, 1))
        painter.drawPath(self._shape)
        # header tint and accent strip: the card's rounded top (paths, not clipping: SVG-safe)
        tint = QColor(color)
        tint.setAlpha(70 if theme.dark else 34)
        header_path, strip_path = self._header_paths()
        painter.setBrush(tint)
        painter.drawPath(header_path)
        painter.setBrush(color)
        painter.drawPath(strip_path)
        header = QRectF(r.left(), r.top(), r.width(), HEADER_HEIGHT)
        painter.setPen(QPen(theme.node_border, 1))
        painter.drawLine(
            QPointF(r.left() + 1, header.bottom()), QPointF(r.right() - 1, header.bottom())
        )
        # border: error > selected > hover > normal
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.error:
            painter.setPen(QPen(theme.error_soft, 7))
            painter.drawPath(self._shape)
            painter.setPen(QPen(theme.error, 2.2))
        elif self.isSelected():
            painter.setPen(QPen(theme.accent_soft, 6))
            painter.drawPath(self._shape)
            painter.setPen(QPen(theme.accent, 2.0))
        elif self.hovered:
            painter.setPen(QPen(theme.node_hover, 1.4))
        if special:
            painter.drawPath(self._shape)
        if lod >= 0.4:
            for port in self.ports():
                port.paint_on(painter, theme)
        if lod < DETAIL_LOD:
            self._paint_badge(painter, theme, color)
            return
        self._paint_header(painter, theme, color)
        self._paint_rows(painter, theme)
        if self.sum_rule:
            self._paint_sum_rule(painter, theme)

    def _paint_sum_rule(self, painter: QPainter, theme: Theme) -> None:
        """The sum rule below the card, joined to it: where the paths' gradients meet."""
        box = self._sum_rect
        painter.setPen(QPen(theme.backward_edge, 1.4))
        painter.drawLine(QPointF(box.center().x(), self._rect.bottom()), box.center())
        painter.setBrush(theme.overlay_box_fill)
        painter.drawRoundedRect(box, 5, 5)
        painter.setFont(theme.font("overlay"))
        painter.setPen(theme.grad_text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.sum_rule)

    def _paint_simple(self, painter: QPainter, theme: Theme, color: QColor) -> None:
        painter.setPen(
            QPen(theme.error if self.error else theme.accent, 3)
            if self.error or self.isSelected()
            else Qt.PenStyle.NoPen
        )
        painter.setBrush(theme.node_fill)
        painter.drawRect(self._rect)
        painter.fillRect(
            QRectF(
                self._rect.topLeft(), QPointF(self._rect.right(), self._rect.top() + HEADER_HEIGHT)
            ),
            color,
        )

    def _paint_badge(self, painter: QPainter, theme: Theme, color: QColor) -> QRectF:
        font = theme.font("symbol")
        fm = QFontMetricsF(font)
        symbol = self.spec.symbol
        w = max(22.0, fm.horizontalAdvance(symbol) + 10)
        badge = QRectF(self._rect.left() + 6, self._rect.top() + 5, w, HEADER_HEIGHT - 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff") if not theme.dark else QColor("#111317"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, symbol)
        return badge

    def _paint_header(self, painter: QPainter, theme: Theme, color: QColor) -> None:
        r = self._rect
        badge = self._paint_badge(painter, theme, color)
        right = r.right() - 7
        # markers on the right of the header
        small = theme.font("small")
        fm_small = QFontMetricsF(small)
        if self.is_loss:
            tag = QCoreApplication.translate("Canvas", "loss")
            tw = fm_small.horizontalAdvance(tag) + 10
            pill = QRectF(right - tw, r.top() + 7, tw, HEADER_HEIGHT - 12)
            painter.setPen(QPen(theme.categories["loss"], 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setFont(small)
            painter.setPen(theme.categories["loss"])
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, tag)
            right = pill.left() - 4
        if self.trainable and self.op == "parameter":
            d = 4.0
            c = QPointF(right - d, r.top() + HEADER_HEIGHT / 2 + 1)
            diamond = QPainterPath()
            diamond.moveTo(c + QPointF(0, -d))
            diamond.lineTo(c + QPointF(d, 0))
            diamond.lineTo(c + QPointF(0, d))
            diamond.lineTo(c + QPointF(-d, 0))
            diamond.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.trainable)
            painter.drawPath(diamond)
            right = c.x() - d - 4
        font = theme.font("label")
        fm = QFontMetricsF(font)
        text_rect = QRectF(
            badge.right() + 6, r.top() + 2, right - badge.right() - 6, HEADER_HEIGHT - 2
        )
        painter.setFont(font)
        painter.setPen(theme.text)
        title = fm.elidedText(self.title, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title
        )

    def _paint_rows(self, painter: QPainter, theme: Theme) -> None:
        r = self._rect
        left, right = r.left() + 10, r.right() - 10
        y = r.top() + HEADER_HEIGHT + PAD_TOP
        small = theme.font("small")
        painter.setFont(small)
        painter.setPen(theme.text_dim)
        for port in self.inputs.values():
            if port.label:
                painter.drawText(
                    QRectF(left, y, right - left, ROW_HEIGHT),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    port.label,
                )
                y += ROW_HEIGHT
        if self.inputs and any(p.label for p in self.inputs.values()):
            painter.setPen(QPen(theme.node_border, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
        for reading, kind in ((self.value, "value"), (self.grad, "grad")):
            self._paint_reading(
                painter, theme, reading, kind, QRectF(left, y, right - left, ROW_HEIGHT)
            )
            y += ROW_HEIGHT

    def _paint_reading(
        self, painter: QPainter, theme: Theme, reading: Reading, kind: str, row: QRectF
    ) -> None:
        small = theme.font("small")
        fm_small = QFontMetricsF(small)
        painter.setFont(small)
        painter.setPen(theme.text_dim)
        tag = tag_text(reading.tag)
        tag_w = fm_small.horizontalAdvance(tag)
        painter.drawText(row, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, tag)
        style = reading.style
        if style == texts.MUTED:
            font, color = theme.font("value"), theme.text_dim
        elif style == texts.PARTIAL:
            font, color = theme.font("value_italic"), theme.grad_partial
        elif style == texts.PREVIEW:
            font, color = theme.font("value_bold"), theme.trainable
        elif kind == "grad":
            font, color = theme.font("value_bold"), theme.grad_text
        else:
            font, color = theme.font("value"), theme.value_text
        fm = QFontMetricsF(font)
        width = max(10.0, row.width() - tag_w - 6)
        text = reading.text
        if fm.horizontalAdvance(text) > width:  # fewer digits rather than an elided number
            fitting = [t for t in texts.shorter_numbers(text) if fm.horizontalAdvance(t) <= width]
            text = (
                fitting[0] if fitting else fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
            )
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(row, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)

    def _paint_marks(self, painter: QPainter, theme: Theme) -> None:
        if not self.marks:
            return
        colors = {
            MARK_FORWARD: theme.forward_current,
            MARK_UPSTREAM: theme.upstream_node,
            MARK_RECEIVING: theme.receiving_node,
        }
        mark = next(m for m in (MARK_FORWARD, MARK_RECEIVING, MARK_UPSTREAM) if m in self.marks)
        color = QColor(colors[mark])
        ring = self._rect.adjusted(-4, -4, 4, 4)
        glow = QColor(color)
        glow.setAlpha(60)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(glow, 7))
        painter.drawRoundedRect(ring, CORNER + 4, CORNER + 4)
        painter.setPen(QPen(color, 2.4))
        painter.drawRoundedRect(ring, CORNER + 4, CORNER + 4)
        caption = QCoreApplication.translate("Canvas", MARK_CAPTIONS[mark])
        font = theme.font("small")
        fm = QFontMetricsF(font)
        w = fm.horizontalAdvance(caption) + 12
        pill = QRectF(ring.left() + 8, ring.top() - 16, w, 14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(pill, 7, 7)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff") if not theme.dark else QColor("#111317"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, caption)


def _rounded_top(r: QRectF, height: float) -> QPainterPath:
    """The top ``height`` pixels of a card whose corners have radius CORNER."""
    c = CORNER
    path = QPainterPath()
    if height >= c:
        path.moveTo(r.left(), r.top() + height)
        path.lineTo(r.left(), r.top() + c)
        path.arcTo(QRectF(r.left(), r.top(), 2 * c, 2 * c), 180, -90)
        path.lineTo(r.right() - c, r.top())
        path.arcTo(QRectF(r.right() - 2 * c, r.top(), 2 * c, 2 * c), 90, -90)
        path.lineTo(r.right(), r.top() + height)
        path.closeSubpath()
        return path
    # a band thinner than the corner: the corners' arcs down to where the band ends
    angle = math.degrees(math.asin((c - height) / c))  # above the horizontal, at the band's end
    left = QRectF(r.left(), r.top(), 2 * c, 2 * c)
    right = QRectF(r.right() - 2 * c, r.top(), 2 * c, 2 * c)
    path.arcMoveTo(left, 180 - angle)
    path.arcTo(left, 180 - angle, -(90 - angle))
    path.lineTo(r.right() - c, r.top())
    path.arcTo(right, 90, -(90 - angle))
    path.closeSubpath()
    return path
