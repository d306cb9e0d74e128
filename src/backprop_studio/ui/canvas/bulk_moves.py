"""Bulk moves on the canvas: many cards moved by one command, shown in one pass.

A mixin of :class:`GraphScene`. A move command of many nodes (Auto-Arrange, a drag of many
cards, their undo and redo) runs inside ``Document.batch_moves()``, which enters
``batch_moves()`` of every attached scene. Inside, the scene only records each node's new
position (``_batched``, filled by its graph-event handler); when the batch ends it moves the
cards, bends each edge once, places the weight pills in one pass and rebuilds the group
frames once, instead of doing all of that once per moved node. Above ``BULK_MOVE_NODES``
cards the scene's BSP index is dropped while the items move and rebuilt once afterwards
(re-indexing a long edge at each of its geometry changes costs far more).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from .label_placer import place_labels

if TYPE_CHECKING:
    from .node_item import NodeItem
    from .scene import GraphScene

    _Base = GraphScene
else:
    _Base = object

BULK_MOVE_NODES = 200  # a batch moving more nodes rebuilds the scene's index once
SCENE_MARGIN = 2000.0  # room around the nodes in the scene's rectangle


class BulkMoves(_Base):
    """Batched node moves; expects the attributes GraphScene sets up."""

    @contextmanager
    def batch_moves(self) -> Iterator[None]:
        """Gather the node moves of a bulk command (Auto-Arrange, a drag of many cards, their
        undo): cards move at once, and when the batch ends each edge bends once and the
        weight pills are placed in one pass, instead of per moved node."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth:
                self._end_batch()

    def _end_batch(self) -> None:
        batched, self._batched = self._batched, {}
        moved = [
            (item, pos)
            for nid, (item, pos) in batched.items()
            if self._nodes.get(nid) is item and item.pos() != pos
        ]
        if not moved:
            return
        # Moving thousands of items one by one updates the BSP index for each (long edges
        # span many of its leaves): drop the index while they move, and build it once after.
        bulk = len(moved) > BULK_MOVE_NODES
        if bulk:
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.building = True  # pills keep their place while the edges bend
        try:
            for item, pos in moved:
                item.setPos(pos)
            edges = self.nodes_moved_visually([item for item, _ in moved])
        finally:
            self.building = False
            if bulk:
                self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        if self._move_start:
            return  # a drag is under way: its release places the pills
        if len(edges) > 50:
            place_labels(self._nodes.values(), self._edges.values())
        else:
            for edge in edges:
                if edge.label_visible():
                    edge.place_label()
        graph = self.graph
        if graph is not None and graph.groups():
            self.groups_layer.rebuild()

    def _keep_in_scene_rect_all(self, items: list[NodeItem]) -> None:
        """``_keep_in_scene_rect`` for many nodes, the rectangle grown at most once."""
        if len(items) < 8:
            for item in items:
                self._keep_in_scene_rect(item)
            return
        boxes = [item.bounds_in_scene() for item in items]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        bounds = QRectF(x0, y0, x1 - x0, y1 - y0)
        rect = self.sceneRect()
        if not rect.contains(bounds):
            grown = rect.united(bounds)
            self.setSceneRect(
                grown.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
            )
