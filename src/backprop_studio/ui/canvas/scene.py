"""GraphScene: the canvas's model of a Graph, kept in step by the Graph's events.

The scene builds one :class:`NodeItem` per node and one :class:`EdgeItem` per edge, then
follows the graph's events, updating only the items concerned (never a rebuild on a small
change). It reads the graph (``connect_error``, ``loss_node``) but NEVER changes it: every
gesture becomes an intent signal that the Document turns into an undoable command
(see docs/architecture.md, "Scene contract"):

- ``node_create_requested(str op, QPointF scene_pos)``: palette drop, op search;
- ``connect_requested(str source, str target, str port)``: an accepted port-to-port drag;
- ``nodes_moved(dict)``: once per drag, on release, ``{id: ((old_x, old_y), (new_x, new_y))}``;
- ``edge_weight_edit_requested(str edge_id, float weight)``: the inline weight editor;
- ``status_message(str)``: a refused gesture and why; nothing changed.

A node's document ``position`` is the centre of its card. Dragged nodes move visually at
once; the Document's position update then arrives as an event that agrees with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from ...core.engine import Result
from ...core.errors import Problem
from ...core.graph import Graph, GraphEvent
from ...core.ops import get_op
from ...core.overlay import PassOverlay
from .connect_drag import ConnectionDrag
from .display_state import DisplayState
from .edge_editor import WeightEditor
from .edge_item import EdgeItem
from .node_item import NodeItem
from .overlay_items import TermLabelItem
from .overview_item import OverviewItem
from .port_item import PortItem
from .theme import Theme, system_theme

GRID_SIZE = 20.0
FAR_ZOOM = 0.4  # below this view scale, cards are drawn plainly and ports hidden
SCENE_MARGIN = 2000.0
FLOW_INTERVAL_MS = 40


class GraphScene(QGraphicsScene):
    """Items for one Graph, updated by its events; gestures leave as intent signals."""

    node_create_requested = Signal(str, QPointF)
    connect_requested = Signal(str, str, str)
    nodes_moved = Signal(dict)
    edge_weight_edit_requested = Signal(str, float)
    status_message = Signal(str)

    def __init__(self, graph: Graph | None = None, theme: Theme | None = None, parent=None) -> None:
        super().__init__(parent)
        self.follow_system_theme = theme is None
        self.theme: Theme = theme or system_theme()
        self.grid_size = GRID_SIZE
        self.snap_to_grid = False
        self.snapping_active = False  # True while the user drags nodes with snapping on
        self.building = False  # True while set_graph creates items (pills placed afterwards)
        self.graph: Graph | None = None
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[str, EdgeItem] = {}
        self._drag: ConnectionDrag | None = None
        self._editor: WeightEditor | None = None
        self._move_start: dict[str, QPointF] = {}
        self._last_pos: dict[str, QPointF] = {}
        self._dragged_edges: set[EdgeItem] = set()
        self._far = False  # zoomed far out (see view_scale_changed)
        self.display = DisplayState(self)
        self._term_label = TermLabelItem(self.theme)
        self._term_label.setVisible(False)
        self.addItem(self._term_label)
        self._overview = OverviewItem(self)
        self._overview.setVisible(False)
        self.addItem(self._overview)
        self._flow_timer = QTimer(self)
        self._flow_timer.setInterval(FLOW_INTERVAL_MS)
        self._flow_timer.timeout.connect(self._advance_flow)
        if self.follow_system_theme and QGuiApplication.instance() is not None:
            QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        if graph is not None:
            self.set_graph(graph)

    # ================================================================== graph binding
    def set_graph(self, graph: Graph | None) -> None:
        """Show another graph (or none): drop every item, build the new ones, follow events."""
        if self.graph is not None:
            self.graph.unsubscribe(self._on_graph_event)
        self._cancel_gestures()
        for item in [*self._edges.values(), *self._nodes.values()]:
            self.removeItem(item)
        self._nodes.clear()
        self._edges.clear()
        self.display = DisplayState(self)
        self._flow_timer.stop()
        self._term_label.setVisible(False)
        self.graph = graph
        if graph is None:
            return
        self._fit_scene_rect([QPointF(*n.position) for n in graph.nodes()])
        self.building = True
        try:
            for node in graph.nodes():
                self._add_node_item(node.id)
            # edges sharing a variadic port get their slots up front (one path per edge)
            groups: dict[tuple[str, str], list] = {}
            for edge in graph.edges():
                groups.setdefault((edge.target, edge.port), []).append(edge)
            slots: dict[str, tuple[int, int]] = {}
            for group in groups.values():
                if len(group) > 1:
                    group.sort(key=lambda e: self._nodes[e.source].pos().y())
                    for i, e in enumerate(group):
                        slots[e.id] = (i, len(group))
            for edge in graph.edges():
                self._add_edge_item(edge.id, respread=False, slot=slots.get(edge.id, (0, 1)))
        finally:
            self.building = False
        self.place_labels()
        graph.subscribe(self._on_graph_event)
        self.display.refresh_all()

    def _on_graph_event(self, event: GraphEvent) -> None:
        graph = self.graph
        assert graph is not None
        kind, item_id = event.kind, event.id
        if kind == "node_added" and item_id is not None:
            self._add_node_item(item_id)
            self.display.refresh_nodes(self._nodes)  # the loss node may have changed
        elif kind == "node_removed" and item_id is not None:
            item = self._nodes.pop(item_id, None)
            if item is not None:
                self._cancel_gestures()
                self.removeItem(item)
                self._overview.invalidate()
            self.display.forget(item_id)
            self.display.refresh_nodes(self._nodes)
        elif kind == "edge_added" and item_id is not None:
            self._add_edge_item(item_id)
            self.display.refresh_edges([item_id])
            self.display.refresh_nodes(self._loss_candidates())
        elif kind == "edge_removed" and item_id is not None:
            self._remove_edge_item(item_id)
            self.display.forget(item_id)
            self.display.refresh_nodes(self._loss_candidates())
        elif kind == "node_changed" and item_id is not None:
            item = self._nodes.get(item_id)
            if item is None:
                return
            node = graph.node(item_id)
            if "position" in event.keys:
                pos = QPointF(*node.position)
                if item.pos() != pos:
                    item.setPos(pos)
                    self.node_item_moved(item)
            if set(event.keys) - {"position"}:
                item.set_node(node)
                self.display.refresh_nodes([item_id])
        elif kind == "edge_changed" and item_id is not None:
            item = self._edges.get(item_id)
            if item is not None:
                item.set_edge(graph.edge(item_id))
        elif kind == "values_changed":
            for key in event.keys:
                if key in self._edges and graph.has_edge(key):
                    self._edges[key].set_edge(graph.edge(key))
            self.display.refresh_nodes([k for k in event.keys if k in self._nodes])
        elif kind == "meta_changed":
            if "loss" in event.keys or "data" in event.keys:
                self.display.refresh_nodes(None)

    def _fit_scene_rect(self, points: list[QPointF]) -> None:
        """Give the scene an explicit rectangle around ``points`` with a wide margin.

        Without one, QGraphicsScene recomputes its growing bounding rectangle (a walk over
        every item) on each spatial query, and its BSP index spans an unbounded area: queries
        cost milliseconds instead of microseconds on a 2,000-node graph."""
        rect = QRectF()
        for p in points:
            rect = rect.united(QRectF(p.x() - 1, p.y() - 1, 2, 2))
        if rect.isNull():
            rect = QRectF(-500, -500, 1000, 1000)
        self.setSceneRect(rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))

    def _keep_in_scene_rect(self, item: NodeItem) -> None:
        """Grow the scene rectangle (by a wide margin, so rarely) when a node leaves it."""
        bounds = item.sceneBoundingRect()
        rect = self.sceneRect()
        if not rect.contains(bounds):
            grown = rect.united(bounds)
            self.setSceneRect(
                grown.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
            )

    def _loss_candidates(self) -> list[str]:
        """Nodes whose 'loss' marker may change when an edge comes or goes (sinks, cheap)."""
        return [
            nid for nid, item in self._nodes.items() if item.is_loss or item.output.connected == 0
        ]

    def _add_node_item(self, node_id: str) -> NodeItem:
        assert self.graph is not None
        item = NodeItem(self.graph.node(node_id))
        if self._far:
            self._apply_far(item)
        self._overview.invalidate()
        self._nodes[node_id] = item
        self.addItem(item)
        self._keep_in_scene_rect(item)
        return item

    def _add_edge_item(
        self, edge_id: str, respread: bool = True, slot: tuple[int, int] = (0, 1)
    ) -> EdgeItem:
        assert self.graph is not None
        edge = self.graph.edge(edge_id)
        source, target = self._nodes[edge.source], self._nodes[edge.target]
        item = EdgeItem(edge, source, target, slot)
        if self._far:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._overview.invalidate()
        self._edges[edge_id] = item
        source.edges.append(item)
        target.edges.append(item)
        source.output.connected += 1
        source.output.update()
        port = target.input_port(edge.port)
        if port is not None:
            port.connected += 1
            port.update()
        self.addItem(item)
        if port is not None and port.variadic and respread:
            for other in self._respread(target, edge.port) | {item}:
                other.update_path()
        elif not self.building:
            item.update_path()  # now in the scene: place the weight pill clear of others
        return item

    def _remove_edge_item(self, edge_id: str) -> None:
        item = self._edges.pop(edge_id, None)
        if item is None:
            return
        self._overview.invalidate()
        self._cancel_gestures()
        for node in (item.source, item.target):
            if item in node.edges:
                node.edges.remove(item)
        item.source.output.connected -= 1
        item.source.output.update()
        port = item.target_port
        if port is not None:
            port.connected -= 1
            port.update()
        self.removeItem(item)
        if port is not None and port.variadic and item.target.node_id in self._nodes:
            for edge in self._respread(item.target, item.port):
                edge.update_path()

    def _respread(self, target: NodeItem, port: str) -> set[EdgeItem]:
        """Spread the edges into a variadic port along it, ordered by their source's height.
        Returns the edges whose slot changed (their paths need updating)."""
        edges = [e for e in target.edges if e.target is target and e.port == port]
        edges.sort(key=lambda e: (e.source.output.scenePos().y(), e.source.scenePos().x()))
        changed = set()
        for i, e in enumerate(edges):
            if (e.slot, e.slots) != (i, len(edges)):
                e.slot, e.slots = i, len(edges)
                changed.add(e)
        return changed

    def place_labels(self) -> None:
        """Place every visible weight pill clear of node cards and earlier pills, in one pass
        over a grid of buckets (fast on thousands of edges; no scene queries)."""
        cell = 120.0
        buckets: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

        def keys(x0: float, y0: float, x1: float, y1: float):
            for gx in range(int(x0 // cell), int(x1 // cell) + 1):
                for gy in range(int(y0 // cell), int(y1 // cell) + 1):
                    yield gx, gy

        def add(box: tuple[float, float, float, float]) -> None:
            for key in keys(*box):
                buckets.setdefault(key, []).append(box)

        def free(box: tuple[float, float, float, float]) -> bool:
            x0, y0, x1, y1 = box[0] - 3, box[1] - 2, box[2] + 3, box[3] + 2
            for key in keys(x0, y0, x1, y1):
                for a0, b0, a1, b1 in buckets.get(key, ()):
                    if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
                        return False
            return True

        for node in self._nodes.values():
            r = node.mapRectToScene(node.rect())
            add((r.left(), r.top(), r.right(), r.bottom()))
        for edge in self._edges.values():
            if not edge.label_visible():
                continue
            first = None
            for t, box in edge.label_candidates():
                first = first or (t, box)
                if free(box):
                    break
            else:
                t, box = first  # type: ignore[misc]
            if t != 0.5:
                edge.set_label_position(t)
            add(box)

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

    def node_item_moved(self, item: NodeItem) -> None:
        """A node item's position changed: bend its edges to follow."""
        self.nodes_moved_visually([item])

    def nodes_moved_visually(self, items: list[NodeItem]) -> None:
        """Bend the edges of moved nodes (each edge once) and re-spread shared ports."""
        edges: set[EdgeItem] = set()
        ports: set[tuple[NodeItem, str]] = set()
        for item in items:
            self._keep_in_scene_rect(item)
            for edge in item.edges:
                edges.add(edge)
                port = edge.target_port
                if edge.source is item and port is not None and port.variadic:
                    ports.add((edge.target, edge.port))
            for port in item.inputs.values():
                if port.variadic and port.connected > 1:
                    ports.add((item, port.name or ""))
        for target, port_name in ports:
            edges |= self._respread(target, port_name)
        for edge in edges:
            edge.update_path()
        self._overview.invalidate()
        if self._move_start:
            self._dragged_edges |= edges
        if self.display.overlay is not None and self.display.overlay.current_edge:
            self.update_overlay_label()

    def view_scale_changed(self) -> None:
        """A view zoomed. Far out, node and edge items stop painting and the overview item
        draws them in bulk; ports are hidden (see overview_item.py)."""
        scale = max((v.transform().m11() for v in self.views()), default=1.0)
        far = scale < FAR_ZOOM
        if far == self._far:
            return
        self._far = far
        for node in self._nodes.values():
            self._apply_far(node)
        for edge in self._edges.values():
            edge.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, far)
        self._overview.invalidate()
        self._overview.setVisible(far)

    def _apply_far(self, node: NodeItem) -> None:
        far = self._far
        node.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, far)
        node.setCacheMode(
            QGraphicsItem.CacheMode.NoCache
            if far
            else QGraphicsItem.CacheMode.DeviceCoordinateCache
        )
        for port in node.ports():
            port.setVisible(not far)

    @property
    def defer_label_placement(self) -> bool:
        """True while building or dragging: weight pills keep their place until afterwards."""
        return self.building or bool(self._move_start)

    # ================================================================== lookups and selection
    def node_item(self, node_id: str) -> NodeItem | None:
        return self._nodes.get(node_id)

    def edge_item(self, edge_id: str) -> EdgeItem | None:
        return self._edges.get(edge_id)

    def node_items(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges.values())

    def _doc_order(self, ids: Iterable[str]) -> list[str]:
        graph = self.graph
        if graph is None:
            return list(ids)
        return sorted(ids, key=graph.order_of)

    def selected_node_ids(self) -> list[str]:
        """Selected nodes, in document order."""
        return self._doc_order(i.node_id for i in self.selectedItems() if isinstance(i, NodeItem))

    def selected_edge_ids(self) -> list[str]:
        """Selected edges, in document order."""
        return self._doc_order(i.edge_id for i in self.selectedItems() if isinstance(i, EdgeItem))

    def select_ids(self, ids: Iterable[str]) -> None:
        """Select exactly these nodes and/or edges (one selectionChanged)."""
        wanted = set(ids)
        self.blockSignals(True)
        try:
            for item in self.selectedItems():
                item.setSelected(False)
            for item_id in wanted:
                item = self._nodes.get(item_id) or self._edges.get(item_id)
                if item is not None:
                    item.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def select_all(self) -> None:
        self.select_ids([*self._nodes, *self._edges])

    # ================================================================== display
    def set_evaluation(self, result: Result | None, problems: Iterable[Problem] = ()) -> None:
        """Show values and gradients (or none); outline each problem's node or edge in red."""
        self.display.set_evaluation(result, list(problems))

    def set_overlay(self, overlay: PassOverlay | None) -> None:
        """Show the stepper's view of a walk (None: back to the evaluation)."""
        self.display.set_overlay(overlay)
        if overlay is not None and overlay.current_edge in self._edges:
            if not self._flow_timer.isActive():
                self._flow_timer.start()
        else:
            self._flow_timer.stop()

    @property
    def overlay(self) -> PassOverlay | None:
        return self.display.overlay

    def set_value_preview(
        self, node_values: dict[str, float], edge_weights: dict[str, float]
    ) -> None:
        """Training in progress: show these parameter values and edge weights."""
        self.display.set_preview(node_values or {}, edge_weights or {})

    def clear_value_preview(self) -> None:
        self.display.clear_preview()

    def update_overlay_label(self) -> None:
        overlay = self.display.overlay
        item = self._edges.get(overlay.current_edge) if overlay and overlay.current_edge else None
        if item is None or not overlay or not overlay.edge_label:
            self._term_label.setVisible(False)
            return
        anchor = item.curve_point(0.5)
        around = QRectF(anchor, anchor).adjusted(-500, -200, 500, 200)
        obstacles = []
        for other in self.items(around):
            if isinstance(other, NodeItem):
                obstacles.append(other.mapRectToScene(other.rect()).adjusted(-4, -18, 4, 4))
            elif isinstance(other, EdgeItem) and other.label_visible():
                obstacles.append(other.label_rect())
        self._term_label.set_content(overlay.edge_label, anchor, self.theme, obstacles)
        self._term_label.setVisible(True)

    def term_label(self) -> TermLabelItem:
        """The box showing the current chain-rule term (visible while a term is shown)."""
        return self._term_label

    def _advance_flow(self) -> None:
        overlay = self.display.overlay
        item = self._edges.get(overlay.current_edge) if overlay and overlay.current_edge else None
        if item is None:
            self._flow_timer.stop()
            return
        item.phase = (item.phase + 0.35) % 4.4
        item.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._overview.invalidate()
        for edge in self._edges.values():
            edge.theme_changed()
        self.update_overlay_label()
        self.update()
        for view in self.views():
            view.resetCachedContent()
            view.viewport().update()

    def _system_scheme_changed(self, *_args) -> None:
        if self.follow_system_theme:
            self.set_theme(system_theme())

    def set_snap_to_grid(self, enabled: bool) -> None:
        self.snap_to_grid = bool(enabled)

    def focus_edge(self, edge_id: str) -> None:
        """Bring an edge into view in every view showing this scene."""
        item = self._edges.get(edge_id)
        if item is None:
            return
        rect = item.boundingRect()
        for view in self.views():
            visible = view.mapToScene(view.viewport().rect()).boundingRect()
            if not visible.contains(rect):
                view.centerOn(rect.center())

    # ================================================================== gestures
    def request_node_create(self, op: str, pos: QPointF) -> bool:
        """A palette drop or the op search chose ``op`` at ``pos``: validate and emit."""
        if get_op(op) is None:
            self.status_message.emit(f"cannot add a node: there is no op {op!r}")
            return False
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
        super().mousePressEvent(event)
        grabber = self.mouseGrabberItem()
        if isinstance(grabber, NodeItem):
            self._move_start = {
                i.node_id: i.pos() for i in self.selectedItems() if isinstance(i, NodeItem)
            }
            self._move_start.setdefault(grabber.node_id, grabber.pos())
            self._last_pos = dict(self._move_start)
            self.snapping_active = self.snap_to_grid
        else:
            self._move_start = {}

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
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self.snapping_active = False
        start, self._move_start = self._move_start, {}
        dragged, self._dragged_edges = self._dragged_edges, set()
        for edge in dragged:  # pills were frozen during the drag: find them a clear spot now
            if edge.scene() is self and edge.label_visible():
                edge.place_label()
        moves = {}
        for nid, old in start.items():
            item = self._nodes.get(nid)
            if item is not None and item.pos() != old:
                new = item.pos()
                moves[nid] = ((old.x(), old.y()), (new.x(), new.y()))
        if moves:
            self.nodes_moved.emit(moves)
