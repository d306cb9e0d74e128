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

from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .edge_item import EdgeItem
from .node_item import HEADER_HEIGHT, NodeItem

if TYPE_CHECKING:
    from .scene import GraphScene


_T = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
_S = 1.0 - _T
# Bernstein weights of the 4 control points at each t: (4, 5)
_BERNSTEIN = np.stack([_S**3, 3 * _S * _S * _T, 3 * _S * _T * _T, _T**3])


def fill_polylines(edges: list[EdgeItem]) -> None:
    """Give each edge its far-zoom polyline (4 segments through 5 points of its curve)."""
    if not edges:
        return
    curves = np.array([e.curve() for e in edges], dtype=float).reshape(-1, 8)
    xs = curves[:, 0::2] @ _BERNSTEIN  # (n, 5)
    ys = curves[:, 1::2] @ _BERNSTEIN
    segments = np.stack([xs[:, :-1], ys[:, :-1], xs[:, 1:], ys[:, 1:]], axis=-1)  # (n, 4, 4)
    for edge, rows in zip(edges, segments.tolist(), strict=True):
        edge.overview_lines = [QLineF(*row) for row in rows]


class OverviewItem(QGraphicsItem):
    """Draws the whole graph cheaply while the view is zoomed far out."""

    def __init__(self, scene: GraphScene) -> None:
        super().__init__()
        self._scene = scene
        self._dirty = True
        self._lines: list[QLineF] = []
        self._cards: list[QRectF] = []
        self._headers: dict[str, list[QRectF]] = {}
        self._rect = QRectF(scene.sceneRect())
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        scene.sceneRectChanged.connect(self._scene_rect_changed)

    def _scene_rect_changed(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(rect)

    def invalidate(self) -> None:
        """Something moved, appeared or disappeared: rebuild the paths before the next paint."""
        if not self._dirty:
            self._dirty = True
            if self.isVisible():
                self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect  # the scene's rectangle, which always holds every node

    def _rebuild(self) -> None:
        theme = self._scene.theme
        edges = self._scene.edge_items()
        fill_polylines([e for e in edges if e.overview_lines is None])
        lines: list[QLineF] = list(chain.from_iterable(e.overview_lines for e in edges))
        cards: list[QRectF] = []
        headers: dict[str, list[QRectF]] = {}
        colors: dict[tuple[str, str], str] = {}
        for node in self._scene.node_items():
            r = node.mapRectToScene(node.rect())
            cards.append(r)
            key = (node.op, node.category)
            color = colors.get(key)
            if color is None:
                color = colors[key] = theme.category_color(node.op, node.category).name()
            headers.setdefault(color, []).append(
                QRectF(r.left(), r.top(), r.width(), HEADER_HEIGHT)
            )
        self._lines, self._cards, self._headers = lines, cards, headers
        self._dirty = False

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self._dirty:
            self._rebuild()
        theme = self._scene.theme
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(theme.edge, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(self._lines)  # polylines: much faster than stroking curves
        # the few items with a state, on top (found without walking every item)
        scene = self._scene
        display = scene.display
        selected = scene.selectedItems()
        special_edges = {e for e in selected if isinstance(e, EdgeItem)}
        special_edges |= {scene.edge_item(eid) for eid in display.edge_problems}
        overlay = display.overlay
        if overlay is not None:
            ids = set(overlay.visited_edges) | {overlay.current_edge}
            special_edges |= {scene.edge_item(eid) for eid in ids if eid}
            if overlay.current_node and scene.node_item(overlay.current_node):
                special_edges |= set(scene.node_item(overlay.current_node).edges)
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
        border = QPen(theme.node_border, 1.0)
        border.setCosmetic(True)
        painter.setPen(border)
        painter.setBrush(theme.node_fill)
        painter.drawRects(self._cards)  # far faster than filling one path of rectangles
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in self._headers.items():
            painter.setBrush(QColor(color))
            painter.drawRects(rects)
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
