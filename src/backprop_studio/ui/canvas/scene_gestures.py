"""The scene's gesture handling, kept apart from its graph bookkeeping (scene.py).

A mixin of :class:`GraphScene`: it turns mouse gestures into the scene's intent signals and
never edits the graph:

- node drags: the positions at the press are remembered; Qt moves the selected cards; each
  move snaps them (if snapping is on) and bends their edges; the release emits one
  ``nodes_moved`` with the old and new position of every node that moved;
- port drags (:mod:`connect_drag`): ``connect_requested`` or ``status_message``;
- double-click on an edge's weight pill (even where curves cross): the inline weight editor
  (:mod:`edge_editor`), then ``edge_weight_edit_requested``;
- drops and the op search: ``request_node_create`` validates the op name first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

from ...core.ops import get_op
from .connect_drag import ConnectionDrag
from .edge_editor import WeightEditor
from .edge_item import EdgeItem
from .label_placer import place_labels
from .node_item import NodeItem
from .port_item import PortItem

LAZY_ONE_PASS_PILLS = 8  # in a big graph, more dragged pills than this are placed in one pass
DRAG_UNINDEXED_EDGES = 100  # a drag bending more edges runs without the scene's BSP index

if TYPE_CHECKING:
    from .scene import GraphScene

    _Base = GraphScene
else:
    _Base = object


class SceneGestures(_Base):
    """Mouse gestures of the scene; expects the attributes GraphScene sets up."""

    _drag: ConnectionDrag | None
    _editor: WeightEditor | None

    def nodes_dragged(self) -> None:
        """The mouse moved the nodes being dragged: snap them (if on), then bend their edges."""
        moving = [self._nodes[n] for n in self._move_start if n in self._nodes]
        if self.snapping_active:
            grid = self.grid_size
            for item in moving:
                p = item.pos()
                snapped = QPointF(round(p.x() / grid) * grid, round(p.y() / grid) * grid)
                if snapped != p:
                    item.setPos(snapped)
        moved = []
        for item in moving:
            if item.pos() != self._last_pos.get(item.node_id):
                self._last_pos[item.node_id] = item.pos()
                moved.append(item)
        if moved:
            self.nodes_moved_visually(moved)

    @property
    def defer_label_placement(self) -> bool:
        """True while building or dragging: weight pills keep their place until afterwards."""
        return self.building or bool(self._move_start)

    def request_node_create(self, op: str, pos: QPointF) -> bool:
        """A palette drop or the op search chose ``op`` at ``pos``: validate and emit (the
        point snapped to the grid when snapping is on)."""
        if get_op(op) is None:
            text = QCoreApplication.translate("Canvas", "cannot add a node: there is no op %1")
            self.status_message.emit(text.replace("%1", repr(op)))
            return False
        if self.snap_to_grid:
            grid = self.grid_size
            pos = QPointF(round(pos.x() / grid) * grid, round(pos.y() / grid) * grid)
        self.node_create_requested.emit(op, QPointF(pos))
        return True

    def begin_connection(self, port: PortItem, pos: QPointF) -> None:
        self._cancel_gestures()
        self._drag = ConnectionDrag(self, port, pos)

    def drag_connection(self, pos: QPointF) -> None:
        if self._drag is not None:
            self._drag.move(pos)

    def end_connection(self, pos: QPointF) -> None:
        drag, self._drag = self._drag, None
        if drag is None:
            return
        outcome = drag.finish(pos)
        if isinstance(outcome, tuple):
            self.connect_requested.emit(*outcome)
        elif isinstance(outcome, str):
            self.status_message.emit(outcome)

    def connection_drag(self) -> ConnectionDrag | None:
        return self._drag

    def begin_weight_edit(self, edge_id: str) -> WeightEditor | None:
        item = self._edges.get(edge_id)
        if item is None:
            return None
        self._close_editor()
        self._editor = WeightEditor(
            edge_id,
            item.weight,
            item.label_center(),
            on_commit=self.edge_weight_edit_requested.emit,
            on_refuse=self.status_message.emit,
            on_close=self._editor_closed,
        )
        self.addItem(self._editor.proxy)
        self._editor.focus()
        return self._editor

    def weight_editor(self) -> WeightEditor | None:
        return self._editor

    def _editor_closed(self) -> None:
        self._editor = None

    def _close_editor(self) -> None:
        if self._editor is not None:
            self._editor.close()

    def _cancel_gestures(self) -> None:
        if self._drag is not None:
            self._drag.cancel()
            self._drag = None
        if self._editor is not None:
            editor, self._editor = self._editor, None
            editor.close()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        QGraphicsScene.mousePressEvent(self, event)
        grabber = self.mouseGrabberItem()
        if isinstance(grabber, NodeItem):
            self._move_start = {
                i.node_id: i.pos() for i in self.selectedItems() if isinstance(i, NodeItem)
            }
            self._move_start.setdefault(grabber.node_id, grabber.pos())
            self._last_pos = dict(self._move_start)
            self.snapping_active = self.snap_to_grid
            # Every move of the drag re-indexes each bent edge in the BSP tree, a long edge
            # in many leaves: with many edges, go without an index until the release.
            edges = sum(len(self._nodes[n].edges) for n in self._move_start if n in self._nodes)
            if edges > DRAG_UNINDEXED_EDGES:
                self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        else:
            self._move_start = {}

    def _place_dragged_labels(self, dragged: set[EdgeItem]) -> None:
        """The pills of many dragged edges in one pass, clear of the cards and of the other
        pills around them (one scene query, not several per edge)."""
        area = QRectF()
        for edge in dragged:
            area = area.united(edge.boundingRect())
        nodes, fixed = [], []
        for item in self.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, NodeItem):
                nodes.append(item)
            elif isinstance(item, EdgeItem) and item not in dragged:
                fixed.append(item)
        order = self.graph.order_of if self.graph is not None else None
        edges = sorted(dragged, key=lambda e: order(e.edge_id)) if order else list(dragged)
        place_labels(nodes, edges, fixed)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        # Where curves cross, the weight pill under the cursor wins over another edge's curve.
        pos = event.scenePos()
        items = self.items(pos)
        if items and isinstance(items[0], EdgeItem):
            for item in items:
                if isinstance(item, EdgeItem) and item.label_visible():
                    if item.label_rect().contains(pos):
                        self.begin_weight_edit(item.edge_id)
                        event.accept()
                        return
        QGraphicsScene.mouseDoubleClickEvent(self, event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        QGraphicsScene.mouseReleaseEvent(self, event)
        self.snapping_active = False
        start, self._move_start = self._move_start, {}
        dragged, self._dragged_edges = self._dragged_edges, set()
        # pills were frozen during the drag: find them a clear spot now
        dragged = {e for e in dragged if e.scene() is self and e.label_visible()}
        if self.itemIndexMethod() != QGraphicsScene.ItemIndexMethod.BspTreeIndex:
            # the index first: each pill placed below asks the scene what is around it
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        # one pass for many pills (a big graph's long edges make each scene query slow)
        if len(dragged) > (LAZY_ONE_PASS_PILLS if self.lazy else DRAG_UNINDEXED_EDGES):
            self._place_dragged_labels(dragged)
        else:
            for edge in dragged:
                edge.place_label()
        moves = {}
        for nid, old in start.items():
            item = self._nodes.get(nid)
            if item is not None and item.pos() != old:
                new = item.pos()
                moves[nid] = ((old.x(), old.y()), (new.x(), new.y()))
        if moves:
            self.nodes_moved.emit(moves)
