"""The far-zoom drawing: every card and edge in a few bulk paths, by one item.

Zoomed far out, a 2,000-node graph shows thousands of items whose details are a few pixels
wide; calling each item's Python ``paint`` costs more than the picture is worth. Below the
scene's far-zoom threshold the node and edge items stop painting (``ItemHasNoContents``; they
still exist, so selection, rubber bands and drags work as usual) and this item draws them all:
cards as rectangles grouped by colour, edges as short polylines with a one-pixel pen, and the
few items with a state (selected, faulty, highlighted by the stepper) drawn on top.

The paths are rebuilt only when something moved, was added or removed (``invalidate``). A
rebuild reuses each edge's polyline until its curve changes (``EdgeItem.overview_lines``)
and computes the missing ones for all edges at once with numpy, so deleting or moving a few
items of a 4,000-edge graph does not recompute 20,000 curve points.
"""

from __future__ import annotations

import math
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .bulk_path import segments_path
from .edge_item import EdgeItem
from .edge_layer import clip_segments
from .node_item import HEADER_HEIGHT, NodeItem

if TYPE_CHECKING:
    from .scene import GraphScene


PICTURE_PIXELS = 16_000_000  # the biggest picture of a big graph kept for pans (64 MB)
EDGE_REACH = 220.0  # an edge running backwards loops out up to 200 px beyond its ports
_T = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
_S = 1.0 - _T
# Bernstein weights of the 4 control points at each t: (4, 5)
_BERNSTEIN = np.stack([_S**3, 3 * _S * _S * _T, 3 * _S * _T * _T, _T**3])


def polyline_segments(curves: np.ndarray) -> np.ndarray:
    """Each curve (n, 8) as 4 segments through 5 of its points: (n, 4, 4) x0, y0, x1, y1."""
    xs = curves[:, 0::2] @ _BERNSTEIN  # (n, 5)
    ys = curves[:, 1::2] @ _BERNSTEIN
    return np.stack([xs[:, :-1], ys[:, :-1], xs[:, 1:], ys[:, 1:]], axis=-1)


def polyline_rows(curves: np.ndarray) -> np.ndarray:
    """``polyline_segments`` flattened to one segment per row: (4 n, 4)."""
    return polyline_segments(curves).reshape(-1, 4)


def fill_polylines(edges: list[EdgeItem]) -> None:
    """Give each edge its far-zoom polyline (4 segments through 5 points of its curve)."""
    if not edges:
        return
    curves = np.array([e.curve() for e in edges], dtype=float).reshape(-1, 8)
    segments = polyline_segments(curves)
    for edge, rows in zip(edges, segments.tolist(), strict=True):
        edge.overview_rows = rows


class OverviewItem(QGraphicsItem):
    """Draws the whole graph cheaply while the view is zoomed far out."""

    def __init__(self, scene: GraphScene) -> None:
        super().__init__()
        self._scene = scene
        self._dirty = True
        self._rows = np.zeros((0, 4))  # the edges' segments: x0, y0, x1, y1
        self._cards: list[QRectF] | CardBoxes = []
        self._headers: dict[str, list[QRectF]] = {}
        self._rect: QRectF | None = None  # around every card and edge; None: to measure
        self._pixmap: QPixmap | None = None  # a big graph's picture at one zoom (_picture)
        self._pixmap_scale = 0.0
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        # Its picture is cached: panning a whole-graph view only blits it (the states drawn
        # on top, which change often, are OverviewMarks').
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect
        self._line_boxes = np.zeros((4, 0))

    def invalidate(self) -> None:
        """Something moved, appeared or disappeared: rebuild the paths before the next paint."""
        self._pixmap = None
        if self.isVisible():
            if self._rect is not None:
                self.prepareGeometryChange()
                self._rect = None  # measured again when Qt asks
            if not self._dirty:
                self.update()
        self._dirty = True

    def setVisible(self, visible: bool) -> None:  # noqa: N802  (Qt's name)
        if visible and not self.isVisible():
            self.prepareGeometryChange()
            self._rect = None  # moves while hidden did not re-measure
        super().setVisible(visible)

    def boundingRect(self) -> QRectF:  # noqa: N802
        if self._rect is None:
            self._rect = self._measure()
        return self._rect

    def _measure(self) -> QRectF:
        """Every card, with room for the edges' loops (they reach at most EDGE_REACH px
        beyond their ports) and the pen."""
        if self._scene.lazy:
            rect = self._scene.cards_rect()
            m = EDGE_REACH
            return rect.adjusted(-m, -10, m, 10) if not rect.isNull() else rect
        boxes = [node.bounds_in_scene() for node in self._scene.node_items()]
        if not boxes:
            return QRectF()
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        m = EDGE_REACH
        return QRectF(x0 - m, y0 - 10, x1 - x0 + 2 * m, y1 - y0 + 20)

    def _rebuild(self) -> None:
        theme = self._scene.theme
        if self._scene.lazy:  # no items for most of the graph: draw it from the model
            rows = polyline_rows(self._scene.model_curves()[1])
            geometry = self._scene.model_geometry()
            cards, headers = CardBoxes(theme, self._scene.graph, geometry.rects()), {}
        else:
            edges = self._scene.edge_items()
            fill_polylines([e for e in edges if e.overview_rows is None])
            rows = np.array(list(chain.from_iterable(e.overview_rows for e in edges)), dtype=float)
            rows = rows.reshape(-1, 4)
            cards, headers = card_rects(theme, self._scene.node_items())
        # each segment's box, to draw only those in the exposed area of a scroll
        self._line_boxes = np.stack(
            [
                np.minimum(rows[:, 0], rows[:, 2]),
                np.minimum(rows[:, 1], rows[:, 3]),
                np.maximum(rows[:, 0], rows[:, 2]),
                np.maximum(rows[:, 1], rows[:, 3]),
            ]
        )
        self._rows, self._cards, self._headers = rows, cards, headers
        self._dirty = False

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self._dirty:
            self._rebuild()
        exposed = option.exposedRect
        scale = painter.worldTransform().m11()
        scene = self._scene  # on screen (a render to a file draws vectors: no caching)
        if scene.lazy and scene._caching:
            picture = self._picture(scale, reuse=scene._zooming)
            if picture is not None:  # a pan blits the graph drawn once at this zoom
                k = self._pixmap_scale  # a wheel zoom scales the picture it started with
                source = exposed.translated(-self.boundingRect().topLeft())
                source = QRectF(
                    source.x() * k, source.y() * k, source.width() * k, source.height() * k
                )
                painter.drawPixmap(exposed, picture, source)
                return
        self._draw(painter, exposed, scale)

    def _picture(self, scale: float, reuse: bool = False) -> QPixmap | None:
        """The whole overview drawn at ``scale`` (kept until something changes or the zoom
        does; with ``reuse``, during a wheel zoom, the picture at the zoom the gesture
        started from), or None when it would be too big a pixmap (a 100k-node graph). Qt's
        own device cache redraws the whole view at every step of a diagonal pan of an item
        bigger than the view."""
        if reuse and self._pixmap is not None:
            return self._pixmap
        bounds = self.boundingRect()
        width, height = math.ceil(bounds.width() * scale), math.ceil(bounds.height() * scale)
        if width * height > PICTURE_PIXELS or width < 1 or height < 1:
            return None
        if self._pixmap is None or self._pixmap_scale != scale:
            pixmap = QPixmap(width, height)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # as the view draws
            painter.scale(scale, scale)
            painter.translate(-bounds.topLeft())
            self._draw(painter, bounds, scale)
            painter.end()
            self._pixmap, self._pixmap_scale = pixmap, scale
        return self._pixmap

    def _draw(self, painter: QPainter, exposed: QRectF, scale: float) -> None:
        """Edges as polylines, cards as rectangles, in ``exposed`` (scene coordinates)."""
        theme = self._scene.theme
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(theme.edge, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        rows = self._rows
        if len(rows) and not exposed.contains(self.boundingRect()):
            x0, y0, x1, y1 = self._line_boxes
            inside = (x0 <= exposed.right()) & (x1 >= exposed.left())
            inside &= (y0 <= exposed.bottom()) & (y1 >= exposed.top())
            # cut to the exposed area: the raster engine strokes a line's whole length
            # even where it is clipped away (a pan's thin strip crosses thousands of them)
            pad = 2.0 / max(scale, 1e-6)
            area = exposed.adjusted(-pad, -pad, pad, pad).getCoords()
            rows = clip_segments(rows[inside], area)
        painter.drawPath(segments_path(rows))  # polylines: much faster than stroking curves
        cards, headers = self._cards, self._headers
        if isinstance(cards, CardBoxes):  # a big graph: the cards in the exposed area
            cards, headers = cards.rects_in(exposed)
        paint_cards(painter, theme, cards, headers)


def paint_cards(
    painter: QPainter, theme, cards: list[QRectF], headers: dict[str, list[QRectF]]
) -> None:
    """Cards as plain rectangles with their header strip in the op's colour."""
    border = QPen(theme.node_border, 1.0)
    border.setCosmetic(True)
    painter.setPen(border)
    painter.setBrush(theme.node_fill)
    painter.drawRects(cards)  # far faster than filling one path of rectangles
    painter.setPen(Qt.PenStyle.NoPen)
    for color, rects in headers.items():
        painter.setBrush(QColor(color))
        painter.drawRects(rects)
    painter.setBrush(Qt.BrushStyle.NoBrush)


class OverviewMarks(QGraphicsItem):
    """The few items with a state drawn over the overview: selected, faulty, or highlighted
    by the stepper. Kept apart from the overview so that the overview's picture can stay
    cached (a pan then only blits it) while selections and walk steps change these."""

    def __init__(self, scene: GraphScene) -> None:
        super().__init__()
        self._scene = scene
        self._rect = QRectF(scene.sceneRect())
        self._model_edges: list = [None, None]  # the visited edges with no item: key, path
        self.setZValue(-0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        scene.sceneRectChanged.connect(self._scene_rect_changed)

    def _scene_rect_changed(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        scene = self._scene
        theme = scene.theme
        display = scene.display
        selected = scene.selectedItems()
        special_edges = {e for e in selected if isinstance(e, EdgeItem)}
        special_edges |= {scene.edge_item(eid) for eid in display.edge_problems}
        overlay = display.overlay
        if overlay is not None:
            ids = set(overlay.visited_edges) | {overlay.current_edge}
            # a lazy scene builds no item for a visited edge: the model draws those
            special_edges |= {scene.existing_edge_item(eid) for eid in ids if eid}
            if scene.lazy:
                paint_model_edges(
                    painter, scene, ids - set(scene._edges), theme.backward_edge, self._model_edges
                )
            if overlay.current_node and scene.node_item(overlay.current_node):
                special_edges |= set(scene.node_item(overlay.current_node).edges)
        ends: set[NodeItem] = set()
        for edge in special_edges:
            if edge is None:
                continue
            if edge.isSelected():
                color = theme.accent
            elif edge.error:
                color = theme.error
            elif edge.state is not None:
                color = theme.backward_edge if edge.state != "forward_in" else theme.forward_current
            else:
                continue
            special = QPen(color, 2.0)
            special.setCosmetic(True)
            painter.setPen(special)
            painter.drawPath(edge.path())
            ends.update((edge.source, edge.target))
        if ends:  # the edge's ends stay under their cards, as in the overview
            cards, headers = card_rects(theme, ends)
            paint_cards(painter, theme, cards, headers)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        special_nodes = {n for n in selected if isinstance(n, NodeItem)}
        special_nodes |= {scene.node_item(nid) for nid in display.node_problems}
        if overlay is not None:
            for nid in (overlay.current_node, overlay.upstream_node, overlay.receiving_node):
                if nid:
                    special_nodes.add(scene.node_item(nid))
        for node in special_nodes:
            if node is None:
                continue
            if node.error:
                color = theme.error
            elif node.isSelected():
                color = theme.accent
            elif node.marks:
                color = theme.receiving_node
            else:
                continue
            outline = QPen(color, 2.5)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.drawRect(node.mapRectToScene(node.rect()))


def paint_model_edges(
    painter: QPainter, scene: GraphScene, ids: set[str], color, cache: list
) -> None:
    """Edges with no item, drawn as the overview draws them, in one colour (the path is
    kept in ``cache``, [key, path], while the same edges are drawn over the same geometry:
    a repaint reuses it)."""
    if not ids:
        return
    all_ids, curves = scene.model_curves()
    key = (frozenset(ids), id(curves))
    if cache[0] != key:
        rows = [i for i, eid in enumerate(all_ids) if eid in ids]
        cache[:] = [key, segments_path(polyline_rows(curves[rows])) if rows else None]
    path = cache[1]
    if path is None:
        return
    pen = QPen(color, 2.0)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.drawPath(path)


class CardBoxes:
    """A big graph's cards as the model's boxes (n, 4) and, per header colour, the rows of
    its cards; QRectF made only for the cards in an exposed area (100,000 of them cost 1 s,
    and one path of rectangles fills far slower than ``drawRects``)."""

    def __init__(self, theme, graph, boxes: np.ndarray) -> None:
        rows: dict[str, list[int]] = {}
        colors: dict[str, str] = {}
        for i, node in enumerate(graph.nodes()):
            color = colors.get(node.op)
            if color is None:
                color = colors[node.op] = theme.category_color(node.op, node.spec.category).name()
            rows.setdefault(color, []).append(i)
        self.boxes = boxes
        self.groups = {color: np.array(index, dtype=np.intp) for color, index in rows.items()}

    def rects_in(self, exposed: QRectF) -> tuple[list[QRectF], dict[str, list[QRectF]]]:
        """``card_rects`` of the cards meeting ``exposed``."""
        b = self.boxes
        inside = (b[:, 0] <= exposed.right()) & (b[:, 2] >= exposed.left())
        inside &= (b[:, 1] <= exposed.bottom()) & (b[:, 3] >= exposed.top())
        cards = [QRectF(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in b[inside].tolist()]
        headers = {}
        for color, index in self.groups.items():
            rows = b[index[inside[index]]].tolist()
            headers[color] = [QRectF(x0, y0, x1 - x0, HEADER_HEIGHT) for x0, y0, x1, _ in rows]
        return cards, headers


def card_rects(theme, nodes) -> tuple[list[QRectF], dict[str, list[QRectF]]]:
    """The cards of ``nodes`` in scene coordinates, and their headers grouped by colour."""
    cards: list[QRectF] = []
    headers: dict[str, list[QRectF]] = {}
    colors: dict[tuple[str, str], str] = {}
    for node in nodes:
        p, r = node.pos(), node.rect()
        rect = r.translated(p)
        cards.append(rect)
        key = (node.op, node.category)
        color = colors.get(key)
        if color is None:
            color = colors[key] = theme.category_color(node.op, node.category).name()
        headers.setdefault(color, []).append(
            QRectF(rect.left(), rect.top(), rect.width(), HEADER_HEIGHT)
        )
    return cards, headers
