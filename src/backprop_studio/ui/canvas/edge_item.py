"""An edge on the canvas: a smooth cubic curve from an output port to an input port.

The edge's weight is drawn in a small pill at the middle of the curve: hidden for a fixed
weight of 1 (shown faintly while hovered or selected), grey for any other fixed weight and
amber, bold, for a trainable weight (the colour of everything training changes).
Double-clicking the edge asks the scene to open the inline weight editor.

The path, bounding rectangle and hit shape are cached and rebuilt only when an end moves. The
stepper's overlay gives an edge one of the states below; the current backward edge is drawn
thick with dashes flowing from target to source (the direction the gradient travels) and a
chevron pointing back.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...core.engine.trace import fmt_number
from ...core.model.graph import Edge
from ...core.walk.text import partial
from .curve import Curve
from .node_item import DETAIL_LOD, MARGIN, NodeItem
from .port_item import PortItem
from .theme import Theme

# overlay states
CURRENT = "current"  # backward: the edge just visited
VISITED = "visited"  # backward: visited earlier in the walk
FORWARD_IN = "forward_in"  # forward: feeds the node just computed

MAX_CACHED = 900.0  # edges longer than this (scene px) are never cached as pixmaps
LABEL_PAD_X = 5.0
LABEL_HEIGHT = 15.0
HIT_WIDTH = 11.0
# where along the curve the weight pill may sit, in order of preference
LABEL_POSITIONS = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8)


_METRICS: dict[int, tuple[Theme, QFontMetricsF, dict[str, float]]] = {}
_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption  # exposedRect
)
_NO_CACHE = QGraphicsItem.CacheMode.NoCache
_NO_RECT = QRectF()
_NO_POINT = QPointF()
_NO_CURVE = Curve(0, 0, 0, 0, 0, 0, 0, 0)


def _metrics(theme: Theme) -> QFontMetricsF:
    """Font metrics of the weight pill's font, cached per theme."""
    return _theme_metrics(theme)[1]


def _theme_metrics(theme: Theme) -> tuple[Theme, QFontMetricsF, dict[str, float]]:
    cached = _METRICS.get(id(theme))
    if cached is None or cached[0] is not theme:
        cached = (theme, QFontMetricsF(theme.font("edge_bold")), {})
        _METRICS[id(theme)] = cached
    return cached


def _text_width(theme: Theme, text: str) -> float:
    """Width of a weight pill's text (cached: most edges share a few weights)."""
    _theme, metrics, widths = _theme_metrics(theme)
    width = widths.get(text)
    if width is None:
        if len(widths) > 10_000:
            widths.clear()
        width = widths[text] = metrics.horizontalAdvance(text)
    return width


class EdgeItem(QGraphicsItem):
    """One edge; it knows its id and its two node items, never the Graph."""

    # True: the scene's edge layer draws this edge's idle curve (a big graph, lazy_items.py)
    stroked_by_layer = False

    def __init__(
        self, edge: Edge, source: NodeItem, target: NodeItem, slot: tuple[int, int] = (0, 1)
    ) -> None:
        super().__init__()
        self.edge_id = edge.id
        self.source = source
        self.target = target
        self.port = edge.port
        self.weight = edge.weight
        self.trainable = edge.trainable
        self.preview_weight: float | None = None
        self.grad: float | None = None  # dL/dw of the last evaluation (tooltip)
        self.grad_shown = False  # View > Edge Gradients: dL/dw written below the weight
        self.loss_name = "L"  # the loss node's label, for the gradient's text
        self._grad_rect = _NO_RECT  # (the placeholders are shared: rectangles get replaced,
        self.error: str | None = None
        self.state: str | None = None
        self.phase = 0.0
        self.slot, self.slots = slot
        self.hovered = False
        self._path: QPainterPath | None = None  # built from _curve when needed (_qpath)
        self._shape: QPainterPath | None = None
        self._bounds = _NO_RECT  # never changed in place)
        self._curve = _NO_CURVE
        self._label_rect = _NO_RECT
        self._label_center = _NO_POINT
        self._label_width = 0.0
        self._label_t = 0.5
        self._label_text = ""
        self._tooltip_stale = True
        self._prepared = False  # inside update_path: Qt already told of the geometry change
        # far-zoom polyline (overview_item.py), dropped whenever the curve changes
        self.overview_rows: list[list[float]] | None = None  # the same as floats
        self.setFlags(_FLAGS)
        self.setAcceptHoverEvents(True)  # (z value 0: Qt's default)
        self._measure_label()
        self.update_path()

    # ------------------------------------------------------------------ data
    @property
    def source_port(self) -> PortItem:
        return self.source.output

    @property
    def target_port(self) -> PortItem | None:
        return self.target.input_port(self.port)

    def set_edge(self, edge: Edge) -> None:
        self.weight = edge.weight
        self.trainable = edge.trainable
        self._refresh_label()

    def theme_changed(self) -> None:
        """Fonts may differ between themes: re-measure the weight pill."""
        self._refresh_label()

    def set_preview_weight(self, weight: float | None) -> None:
        if weight != self.preview_weight:
            self.preview_weight = weight
            self._refresh_label()

    def set_error(self, reason: str | None) -> None:
        if reason != self.error:
            self.error = reason
            self._update_tooltip()
            self.update()

    def set_grad(self, grad: float | None) -> None:
        """The weight's gradient in the last evaluation (None: none), for the tooltip."""
        if grad != self.grad:
            self.grad = grad
            self._update_tooltip()
            if self.grad_shown:
                self.set_label_position(self._label_t)
                self.update()

    def set_grad_shown(self, shown: bool, loss_name: str = "L") -> None:
        """Show (or hide) ``∂L/∂w = g`` below the weight, L named after the loss node."""
        if shown != self.grad_shown or loss_name != self.loss_name:
            self.grad_shown, self.loss_name = shown, loss_name
            self.set_label_position(self._label_t)
            self.update()

    def grad_label(self) -> str:
        """The text written on the canvas when edge gradients are shown ("" when none)."""
        if not self.grad_shown or self.grad is None:
            return ""
        return f"{partial(self.loss_name, 'w')} = {fmt_number(self.grad)}"

    @property
    def grad_text(self) -> str:
        return "" if self.grad is None else fmt_number(self.grad)

    def set_state(self, state: str | None) -> None:
        if state != self.state:
            self.state = state
            self.setZValue(0.8 if state == CURRENT else 0.1 if state else 0)
            self.update_cache_mode()
            self.update()

    def update_cache_mode(self) -> None:
        """Cache the drawing as the scene says, except for an animated or a very long edge
        (its pixmap would be mostly empty and large)."""
        scene = self.scene()
        big = self._bounds.width() > MAX_CACHED or self._bounds.height() > MAX_CACHED
        if scene is not None and hasattr(scene, "apply_cache"):
            scene.apply_cache(self, allowed=not big and self.state != CURRENT)
        elif self.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            self.setCacheMode(QGraphicsItem.CacheMode.NoCache)

    def _update_tooltip(self) -> None:
        """The tooltip is out of date: rebuilt when asked for (see ``NodeItem``)."""
        self._tooltip_stale = True

    def toolTip(self) -> str:  # noqa: N802  (Qt's name)
        self.ensure_tooltip()
        return super().toolTip()

    def ensure_tooltip(self) -> None:
        """Build the tooltip now if something it shows changed."""
        if not self._tooltip_stale:
            return
        self._tooltip_stale = False
        kind = (
            QCoreApplication.translate("Canvas", "trainable weight %1")
            if self.trainable
            else QCoreApplication.translate("Canvas", "weight %1")
        )
        ends = f"{self.source.node_id} → {self.target.node_id}.{self.port}"
        lines = [
            QCoreApplication.translate("Canvas", "edge %1: %2")
            .replace("%1", self.edge_id)
            .replace("%2", ends),
            kind.replace("%1", fmt_number(self.shown_weight))
            + "  "
            + QCoreApplication.translate("Canvas", "(double-click to edit)"),
        ]
        if self.grad_text:
            lines.append(f"∂L/∂w = {self.grad_text}")
        if self.error:
            lines.append(
                QCoreApplication.translate("Canvas", "problem: %1").replace("%1", str(self.error))
            )
        self.setToolTip("\n".join(lines))

    @property
    def shown_weight(self) -> float:
        return self.weight if self.preview_weight is None else self.preview_weight

    def label_visible(self) -> bool:
        """Whether the weight pill is drawn at full strength."""
        return self.trainable or self.shown_weight != 1.0

    def label_center(self) -> QPointF:
        """Where the weight pill sits: the curve's middle unless another label is there."""
        return QPointF(self._label_center)

    def curve_point(self, t: float) -> QPointF:
        """The point at parameter ``t`` (0 = source end, 1 = target end) of the curve."""
        return QPointF(*self._curve.at(t))

    def label_rect(self) -> QRectF:
        return QRectF(self._label_rect)

    def label_t(self) -> float:
        """Where along the curve the pill sits (curve parameter, 0.5 the middle)."""
        return self._label_t

    # ------------------------------------------------------------------ geometry
    def update_path(self) -> None:
        """Recompute the curve from the current port positions (an end moved). The Qt path
        is built when first drawn or hit-tested (far out, or off view, it may never be)."""
        port = self.target_port
        x1, y1 = self.source.output.anchor_xy()
        if port is not None:
            x2, y2 = port.anchor_xy(self.slot, self.slots)
        else:
            p = self.target.pos()
            x2, y2 = p.x(), p.y()
        curve = Curve.between(x1, y1, x2, y2)
        self.prepareGeometryChange()
        self._curve = curve
        self._path = None
        self._shape = None
        self.overview_rows: list[list[float]] | None = None
        self._pieces: list[tuple[tuple[float, float, float, float], Curve]] | None = None
        self._prepared = True  # set_label_position need not tell Qt again
        try:
            self.place_label()
        finally:
            self._prepared = False
        big = self._bounds.width() > MAX_CACHED or self._bounds.height() > MAX_CACHED
        if big != (self.cacheMode() == _NO_CACHE) and self.scene() is not None:
            self.update_cache_mode()

    def _qpath(self) -> QPainterPath:
        """The curve as a Qt path (built on first use after the curve changed)."""
        path = self._path
        if path is None:
            c = self._curve
            path = QPainterPath(QPointF(c.x1, c.y1))
            path.cubicTo(c.cx1, c.cy1, c.cx2, c.cy2, c.x2, c.y2)
            self._path = path
        return path

    def _refresh_label(self) -> None:
        self._measure_label()
        self.place_label()
        self._update_tooltip()
        self.update()

    def _measure_label(self) -> None:
        """The pill's text and width (they change with the weight, not with the curve)."""
        self._label_text = fmt_number(self.shown_weight)
        pad = 2 * LABEL_PAD_X + (9 if self.trainable else 0)
        self._label_width = _text_width(self.source.theme(), self._label_text) + pad

    def place_label(self) -> None:
        """Put the pill at the middle, or at the first spot nearby clear of other pills and
        cards. While the scene defers placement (building, or nodes being dragged) the pill
        keeps its place along the curve; the scene places it afterwards."""
        scene = self.scene()
        t = self._label_t
        if scene is not None and self.label_visible() and not scene.defer_label_placement:
            t = 0.5
            for candidate, (x0, y0, x1, y1) in self.label_candidates():
                if not self._label_collides(QRectF(x0, y0, x1 - x0, y1 - y0)):
                    t = candidate
                    break
        self.set_label_position(t)

    def label_candidates(self) -> Iterator[tuple[float, tuple[float, float, float, float]]]:
        """Spots along the curve where the pill may go, best first: (t, (x0, y0, x1, y1))."""
        w2, h2 = self._label_width / 2, LABEL_HEIGHT / 2
        at = self._curve.at
        for t in LABEL_POSITIONS:
            x, y = at(t)
            yield t, (x - w2, y - h2, x + w2, y + h2)

    def set_label_position(self, t: float) -> None:
        """Put the pill at curve parameter ``t``."""
        if not self._prepared:
            self.prepareGeometryChange()
        self._label_t = t
        x, y = self._curve.at(t)
        w = self._label_width
        self._label_center = QPointF(x, y)
        self._label_rect = QRectF(x - w / 2, y - LABEL_HEIGHT / 2, w, LABEL_HEIGHT)
        self._shape = None
        c0, c1, c2, c3 = self._curve.bounds()
        lr = self._label_rect
        self._bounds = QRectF(
            min(c0, lr.left()) - 8,
            min(c1, lr.top()) - 8,
            max(c2, lr.right()) - min(c0, lr.left()) + 16,
            max(c3, lr.bottom()) - min(c1, lr.top()) + 16,
        )
        text = self.grad_label()
        if text:
            gw = _text_width(self.source.theme(), text) + 6
            self._grad_rect = QRectF(x - gw / 2, y + LABEL_HEIGHT / 2 + 1, gw, LABEL_HEIGHT)
            self._bounds = self._bounds.united(self._grad_rect.adjusted(-2, -2, 2, 2))
        else:
            self._grad_rect = _NO_RECT

    def _label_collides(self, rect: QRectF) -> bool:
        """Whether a pill at ``rect`` would cover another edge's pill or a node's card."""
        scene = self.scene()
        if scene is None:
            return False
        grown = rect.adjusted(-3, -2, 3, 2)
        for item in scene.items(grown, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if item is self:
                continue
            if isinstance(item, EdgeItem):
                if item.label_visible() and item._label_rect.intersects(grown):
                    return True
            elif isinstance(item, NodeItem):
                if (
                    item.sceneBoundingRect()
                    .adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
                    .intersects(grown)
                ):
                    return True
        return False

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def bounds_in_scene(self) -> tuple[float, float, float, float]:
        """The bounding rectangle in scene coordinates (an edge item sits at the origin)."""
        return self._bounds.getCoords()

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(HIT_WIDTH)
            stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
            shape = stroker.createStroke(self._qpath())
            if self.label_visible():
                shape.addRoundedRect(self._label_rect, 4, 4)
            self._shape = shape
        return self._shape

    def path(self) -> QPainterPath:
        return QPainterPath(self._qpath())

    def curve(self) -> Curve:
        """The curve's control points, as plain floats."""
        return self._curve

    def _visible_path(self, exposed: QRectF) -> QPainterPath | None:
        """The curve, or only its pieces inside ``exposed`` when most of it is off view
        (None when no piece is: nothing to draw).

        Stroking a long antialiased curve costs the same whether or not it is on screen;
        edges that cross a zoomed-in view would otherwise dominate every repaint."""
        x0, y0, x1, y1 = self._curve.bounds()
        if x1 - x0 + y1 - y0 < 600 or exposed.contains(QRectF(x0, y0, x1 - x0, y1 - y0)):
            return self._qpath()
        pieces = self._pieces
        if pieces is None:
            n = max(2, min(24, int((x1 - x0 + y1 - y0) / 150)))
            pieces = self._pieces = [(p.bounds(), p) for p in self._curve.pieces(n)]
        x0, y0 = exposed.left() - 4, exposed.top() - 4
        x1, y1 = exposed.right() + 4, exposed.bottom() + 4
        path = None
        last: tuple[float, float] | None = None
        for (a0, b0, a1, b1), piece in pieces:
            if a0 > x1 or a1 < x0 or b0 > y1 or b1 < y0:
                continue
            if path is None:
                path = QPainterPath()
            if last != (piece.x1, piece.y1):
                path.moveTo(piece.x1, piece.y1)
            path.cubicTo(piece.cx1, piece.cy1, piece.cx2, piece.cy2, piece.x2, piece.y2)
            last = (piece.x2, piece.y2)
        return path

    # ------------------------------------------------------------------ painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        theme = self.source.theme()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        selected = self.isSelected()
        if self.stroked_by_layer and not (selected or self.state or self.hovered or self.error):
            # a big graph's edge layer draws the idle curve (one path for all): the pill only
            self._paint_texts(painter, theme, selected, lod, option.exposedRect)
            return
        color, width = QColor(theme.edge), 1.8
        if self.state == CURRENT:
            color, width = QColor(theme.backward_edge), 3.4
        elif self.state == VISITED:
            color, width = QColor(theme.backward_visited), 2.4
        elif self.state == FORWARD_IN:
            color, width = QColor(theme.forward_current), 2.6
        elif self.hovered:
            color = QColor(theme.edge_hover)
        if self.error:
            color = QColor(theme.error)
            width = max(width, 2.4)
        if lod < 0.35:  # far out: a thin cosmetic line is what the eye sees, and it is fast
            pen = QPen(theme.accent if selected else color, 1.0 if self.state is None else 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPath(self._qpath())
            return
        if selected or self.state == CURRENT or self.error:
            glow = QColor(theme.accent if selected else color)
            glow.setAlpha(70)
            painter.setPen(QPen(glow, width + 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPath(self._qpath())
        if selected and self.state is None and not self.error:
            color = QColor(theme.accent)
            width = 2.4
        painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        exposed = option.exposedRect
        visible = self._visible_path(exposed)
        if visible is not None:
            painter.drawPath(visible)
        if self.state == CURRENT:
            self._paint_flow(painter, theme, width)
        self._paint_texts(painter, theme, selected, lod, exposed)

    def _paint_texts(
        self, painter: QPainter, theme: Theme, selected: bool, lod: float, exposed: QRectF
    ) -> None:
        """The weight pill and the gradient below it, when in the exposed area."""
        near_label = exposed.intersects(self._label_rect.adjusted(-2, -2, 2, 2 + LABEL_HEIGHT))
        if lod >= DETAIL_LOD and near_label:  # as the cards' texts: smaller is unreadable
            self._paint_label(painter, theme, selected)
            if not self._grad_rect.isEmpty():
                self._paint_grad(painter, theme)

    def _paint_grad(self, painter: QPainter, theme: Theme) -> None:
        """``∂L/∂w = g`` below the weight pill, in the gradient colour of the cards."""
        painter.save()
        fill = QColor(theme.label_fill)
        fill.setAlphaF(0.85)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(self._grad_rect, 4, 4)
        painter.setFont(theme.font("edge"))
        painter.setPen(theme.grad_text)
        painter.drawText(self._grad_rect, Qt.AlignmentFlag.AlignCenter, self.grad_label())
        painter.restore()

    def _paint_flow(self, painter: QPainter, theme: Theme, width: float) -> None:
        """Dashes running from target to source and a chevron pointing back."""
        dash = QPen(
            theme.background, width * 0.55, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap
        )
        dash.setDashPattern([1.2, 3.2])
        dash.setDashOffset(self.phase)
        painter.setPen(dash)
        painter.drawPath(self._qpath())
        for t in (0.25, 0.75):
            at = QPointF(*self._curve.at(t))
            tx, ty = self._curve.tangent(t)
            angle = math.atan2(-ty, -tx)  # pointing back, towards the source
            size = 7.0
            tip = at + QPointF(math.cos(angle), math.sin(angle)) * size
            left = at + QPointF(math.cos(angle + 2.5), math.sin(angle + 2.5)) * size
            right = at + QPointF(math.cos(angle - 2.5), math.sin(angle - 2.5)) * size
            chevron = QPainterPath(left)
            chevron.lineTo(tip)
            chevron.lineTo(right)
            painter.setPen(
                QPen(
                    theme.backward_edge,
                    2.6,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            painter.drawPath(chevron)

    def _paint_label(self, painter: QPainter, theme: Theme, selected: bool) -> None:
        visible = self.label_visible()
        if not visible and not (self.hovered or selected):
            return
        rect = self._label_rect
        preview = self.preview_weight is not None
        if self.trainable or preview:
            border, fill, text_color = theme.trainable, theme.trainable_fill, theme.trainable
            font = theme.font("edge_bold")
        else:
            border, fill = theme.label_border, theme.label_fill
            text_color = theme.text if visible else theme.edge_fixed_label
            font = theme.font("edge")
        if selected:
            border = theme.accent
        if self.error:
            border = theme.error
        painter.save()
        if not visible:
            painter.setOpacity(0.75)
        painter.setPen(QPen(border, 1.2 if (self.trainable or selected) else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, LABEL_HEIGHT / 2, LABEL_HEIGHT / 2)
        text_rect = QRectF(rect)
        if self.trainable:
            # a small 'trainable' diamond before the number
            d = 2.8
            c = QPointF(rect.left() + LABEL_PAD_X + d, rect.center().y())
            diamond = QPainterPath(c + QPointF(0, -d))
            diamond.lineTo(c + QPointF(d, 0))
            diamond.lineTo(c + QPointF(0, d))
            diamond.lineTo(c + QPointF(-d, 0))
            diamond.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.trainable)
            painter.drawPath(diamond)
            text_rect.setLeft(rect.left() + 9)
        painter.setFont(font)
        painter.setPen(text_color)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, self._label_text)
        painter.restore()

    # ------------------------------------------------------------------ interaction
    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        scene = self.scene()
        if event.button() == Qt.MouseButton.LeftButton and hasattr(scene, "begin_weight_edit"):
            scene.begin_weight_edit(self.edge_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)
