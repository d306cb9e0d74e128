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
- ``status_message(str)``: a refused gesture and why; nothing changed;
- ``group_toggle_requested(str group_id, bool collapsed)``: a double-click on a group's block
  or frame tab (group_items.py draws collapsed groups as blocks).

A node's document ``position`` is the centre of its card. Dragged nodes move visually at
once; the Document's position update then arrives as an event that agrees with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneHelpEvent

from ...core.engine.plan import Result
from ...core.model.errors import Problem
from ...core.model.graph import Graph, GraphEvent
from ...core.walk.overlay import PassOverlay
from .bulk_moves import SCENE_MARGIN, BulkMoves
from .display_state import DisplayState
from .drawing_modes import DrawingModes
from .edge_item import EdgeItem
from .group_items import GroupLayer
from .label_placer import place_labels
from .lazy_items import LazyItems
from .node_item import NodeItem
from .overlay_items import TermLabelItem
from .overview_item import OverviewItem, OverviewMarks
from .scene_gestures import SceneGestures
from .theme import Theme, system_theme

GRID_SIZE = 20.0
PIXMAP_CACHE_KB = 128 * 1024  # node cards are cached as pixmaps; Qt's default 10 MB thrashes
FLOW_INTERVAL_MS = 40


class GraphScene(LazyItems, BulkMoves, SceneGestures, DrawingModes, QGraphicsScene):
    """Items for one Graph, updated by its events; gestures leave as intent signals."""

    node_create_requested = Signal(str, QPointF)
    connect_requested = Signal(str, str, str)
    nodes_moved = Signal(dict)
    edge_weight_edit_requested = Signal(str, float)
    status_message = Signal(str)
    group_toggle_requested = Signal(str, bool)

    def __init__(
        self,
        graph: Graph | None = None,
        theme: Theme | None = None,
        parent=None,
        lazy: bool = True,
    ) -> None:
        """``lazy=False``: every item built up front whatever the graph's size (a render to a
        file draws them all)."""
        super().__init__(parent)
        if not lazy:
            self.lazy_min_nodes = 1 << 62
        self.follow_system_theme = theme is None
        self.theme: Theme = theme or system_theme()
        self.grid_size = GRID_SIZE
        self.snap_to_grid = False
        self.snapping_active = False  # True while the user drags nodes with snapping on
        self.building = False  # True while set_graph creates items (pills placed afterwards)
        self.graph: Graph | None = None
        self._lazy_reset()
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[str, EdgeItem] = {}
        self._drag = None  # a ConnectionDrag in progress (scene_gestures.py)
        self._editor = None  # the open WeightEditor, if any
        self._move_start: dict[str, QPointF] = {}
        self._last_pos: dict[str, QPointF] = {}
        self._dragged_edges: set[EdgeItem] = set()
        self._far = False  # zoomed far out (see view_scale_changed)
        self._zooming = False  # a wheel zoom is under way (see set_zooming)
        self._caching = True  # pixmap caches allowed (see set_caching)
        self._zoom_cache_scale = 1.0  # resolution of the pixmaps scaled during a wheel zoom
        self._stale_modes: set[QGraphicsItem] = set()  # items not yet in the drawing mode
        self._batch_depth = 0  # > 0 inside batch_moves(): node moves gathered, edges later
        self._batched: dict[str, tuple[NodeItem, QPointF]] = {}  # node id -> (card, new pos)
        self.display = DisplayState(self)
        self.groups_layer = GroupLayer(self)
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        self._term_label = TermLabelItem(self.theme)
        self._term_label.setVisible(False)
        self.addItem(self._term_label)
        self._overview = OverviewItem(self)
        self._overview.setVisible(False)
        self.addItem(self._overview)
        self._overview_marks = OverviewMarks(self)
        self._overview_marks.setVisible(False)
        self.addItem(self._overview_marks)
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
        self.groups_layer.clear()
        for item in [*self._edges.values(), *self._nodes.values()]:
            self.removeItem(item)
        self._nodes.clear()
        self._edges.clear()
        self._stale_modes = set()
        self.display = DisplayState(self)
        self._flow_timer.stop()
        self._term_label.setVisible(False)
        self.graph = graph
        self._lazy_reset()
        if graph is None:
            return
        self._fit_scene_rect([QPointF(*n.position) for n in graph.nodes()])
        if not self.lazy:  # a lazy scene builds items when a view shows them
            self._build_items(graph)
        self.groups_layer.rebuild()
        graph.subscribe(self._on_graph_event)
        self._far = False
        self.view_scale_changed()  # a big graph opened in a zoomed-out view: overview mode
        self.display.refresh_all()

    def _build_items(self, graph: Graph) -> None:
        """Every card and edge of the graph, the pills placed once at the end."""
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

    def _on_graph_event(self, event: GraphEvent) -> None:
        graph = self.graph
        assert graph is not None
        kind, item_id = event.kind, event.id
        # Each event touches only the items it names; refresh_nodes also redraws the old and
        # new loss node when the loss moved (an edge or node added or removed can move it).
        if self.lazy and kind in ("node_added", "node_removed"):
            self._lazy_moved()
        if kind == "node_added" and item_id is not None:
            self._add_node_item(item_id)
            self.display.refresh_nodes([item_id])
        elif kind == "node_removed" and item_id is not None:
            item = self._nodes.pop(item_id, None)
            if item is not None:
                self._cancel_gestures()
                self.forget_drawing_mode(item)
                self.removeItem(item)
                self._overview.invalidate()
            self.display.forget(item_id)
            self.display.refresh_nodes(())
        elif kind == "edge_added" and item_id is not None:
            if self.lazy:
                self._lazy_edge_added(graph.edge(item_id))
            else:
                self._add_edge_item(item_id)
            self.display.refresh_edges([item_id])
            self.display.refresh_nodes(())
        elif kind == "edge_removed" and item_id is not None:
            self._remove_edge_item(item_id)
            if self.lazy:
                self._lazy_edge_removed(item_id)
            self.display.forget(item_id)
            self.display.refresh_nodes(())
        elif kind == "node_changed" and item_id is not None:
            if self.lazy and "position" in event.keys:
                self._lazy_moved()
            item = self._nodes.get(item_id)
            if item is None:
                return
            node = graph.node(item_id)
            if "position" in event.keys:
                pos = QPointF(*node.position)
                if self._batch_depth:  # the card, its edges, pills and groups move at the end
                    self._batched[item_id] = (item, pos)
                    if len(event.keys) == 1:
                        return
                elif item.pos() != pos:
                    item.setPos(pos)
                    self.node_item_moved(item)
            if set(event.keys) - {"position"}:
                item.set_node(node)
                self.display.refresh_nodes([item_id])
        elif kind == "edge_changed" and item_id is not None:
            item = self._edges.get(item_id)
            if item is not None:
                item.set_edge(graph.edge(item_id))
                self._replace_pills([item])
        elif kind == "values_changed":
            changed = [
                self._edges[key] for key in event.keys if key in self._edges and graph.has_edge(key)
            ]
            for item in changed:
                item.set_edge(graph.edge(item.edge_id))
            self._replace_pills(changed)
            self.display.refresh_nodes([k for k in event.keys if k in self._nodes])
        elif kind == "meta_changed":
            if "loss" in event.keys or "data" in event.keys:
                self.display.refresh_nodes(None)
        self.groups_layer.on_event(event)

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

    def _add_node_item(self, node_id: str) -> NodeItem:
        assert self.graph is not None
        item = NodeItem(self.graph.node(node_id))
        if self._far or not self._caching:
            self._apply_far(item)
        if not self.lazy:
            self._overview.invalidate()  # a lazy scene's overview draws from the model
        self._nodes[node_id] = item
        self.addItem(item)
        if self.lazy:
            self.count_ports(item)
        self._keep_in_scene_rect(item)
        return item

    def _add_edge_item(
        self,
        edge_id: str,
        respread: bool = True,
        slot: tuple[int, int] = (0, 1),
        counted: bool = False,
    ) -> EdgeItem:
        """An item for an edge between two cards that exist; ``counted``: the cards' port
        rings already count it (a lazy scene counts the graph's edges)."""
        assert self.graph is not None
        edge = self.graph.edge(edge_id)
        source, target = self._nodes[edge.source], self._nodes[edge.target]
        item = EdgeItem(edge, source, target, slot)
        if self._far:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        if not self.lazy:
            self._overview.invalidate()
        self._edges[edge_id] = item
        source.edges.append(item)
        target.edges.append(item)
        port = target.input_port(edge.port)
        if not counted:
            source.output.connected += 1
            source.output.refresh()
            if port is not None:
                port.connected += 1
                port.refresh()
        self.addItem(item)
        item.update_cache_mode()
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
        port = item.target_port
        if not self.lazy:  # a lazy scene counts the graph's edges (_lazy_edge_changed)
            item.source.output.connected -= 1
            item.source.output.refresh()
            if port is not None:
                port.connected -= 1
                port.refresh()
        self.forget_drawing_mode(item)
        self.removeItem(item)
        if port is not None and port.variadic and item.target.node_id in self._nodes:
            for edge in self._respread(item.target, item.port):
                edge.update_path()

    def _respread(self, target: NodeItem, port: str) -> set[EdgeItem]:
        """Spread the edges into a variadic port along it, ordered by their source's height.
        Returns the edges whose slot changed (their paths need updating)."""
        edges = [e for e in target.edges if e.target is target and e.port == port]
        if self.lazy:  # slots among all the graph's edges into the port, realized or not
            changed = set()
            for e in edges:
                old = (e.slot, e.slots)
                self._lazy_slot(e)
                if (e.slot, e.slots) != old:
                    changed.add(e)
            return changed
        edges.sort(key=lambda e: (e.source.output.scenePos().y(), e.source.scenePos().x()))
        changed = set()
        for i, e in enumerate(edges):
            if (e.slot, e.slots) != (i, len(edges)):
                e.slot, e.slots = i, len(edges)
                changed.add(e)
        return changed

    def _replace_pills(self, edges: list[EdgeItem]) -> None:
        """New weights change their pills' widths (0.8 becomes 3.3845 after training): place
        those pills again, clear of the cards and of every other pill."""
        if not edges:
            return
        moved = {item.edge_id for item in edges}
        others = [item for key, item in self._edges.items() if key not in moved]
        place_labels(self._nodes.values(), edges, fixed=others)

    def place_labels(self) -> None:
        """Place every visible weight pill clear of cards and other pills (one pass)."""
        place_labels(self._nodes.values(), self._edges.values())

    def node_item_moved(self, item: NodeItem) -> None:
        """A node item's position changed: bend its edges to follow."""
        self.nodes_moved_visually([item])

    def nodes_moved_visually(self, items: list[NodeItem]) -> set[EdgeItem]:
        """Bend the edges of moved nodes (each edge once) and re-spread shared ports; returns
        the edges bent."""
        edges: set[EdgeItem] = set()
        ports: set[tuple[NodeItem, str]] = set()
        self._keep_in_scene_rect_all(items)
        for item in items:
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
        self.edges_bent(edges)
        self._overview.invalidate()
        if self._move_start:
            self._dragged_edges |= edges
        if self.display.overlay is not None and self.display.overlay.current_edge:
            self.update_overlay_label()
        return edges

    # ================================================================== lookups and selection
    def node_item(self, node_id: str) -> NodeItem | None:
        """The node's card (built now in a lazy scene that had none), or None."""
        item = self._nodes.get(node_id)
        if item is None and self.lazy and self.graph is not None and self.graph.has_node(node_id):
            self.realize_ids([node_id])
            item = self._nodes.get(node_id)
        return item

    def edge_item(self, edge_id: str) -> EdgeItem | None:
        """The edge's item (built now, with its two cards, in a lazy scene), or None."""
        item = self._edges.get(edge_id)
        if item is None and self.lazy and self.graph is not None and self.graph.has_edge(edge_id):
            edge = self.graph.edge(edge_id)
            self.realize_ids([edge.source, edge.target])
            item = self._edges.get(edge_id)
        return item

    def existing_node_item(self, node_id: str) -> NodeItem | None:
        """The node's card if it has one (a lazy scene builds none for this)."""
        return self._nodes.get(node_id)

    def existing_edge_item(self, edge_id: str) -> EdgeItem | None:
        """The edge's item if it has one (a lazy scene builds none for this)."""
        return self._edges.get(edge_id)

    def node_items(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges.values())

    def items_rect(self) -> QRectF:
        """The bounding rectangle of every card and edge (a null rectangle if none), in
        scene coordinates; computed in floats (a Qt call per item costs more)."""
        if self.lazy:
            return self.cards_rect()
        boxes = [item.bounds_in_scene() for item in self._nodes.values()]
        boxes += [item.bounds_in_scene() for item in self._edges.values()]
        return _union(boxes)

    def cards_rect(self) -> QRectF:
        """About :meth:`items_rect` for a fraction of its cost on a big graph: the cards at
        the extremes of the graph's positions, whole (edges bulge a little past them)."""
        graph = self.graph
        if self.lazy:
            _ids, boxes = self.card_boxes()
            if not len(boxes):
                return QRectF()
            x0, y0 = boxes[:, :2].min(axis=0).tolist()
            x1, y1 = boxes[:, 2:].max(axis=0).tolist()
            return QRectF(x0, y0, x1 - x0, y1 - y0)
        if graph is None or not self._nodes:
            return QRectF()
        extremes: dict[str, None] = {}
        nodes = [n for n in graph.nodes() if n.id in self._nodes]
        if not nodes:
            return QRectF()
        for axis in (0, 1):
            extremes[min(nodes, key=lambda n: n.position[axis]).id] = None
            extremes[max(nodes, key=lambda n: n.position[axis]).id] = None
        return _union([self._nodes[i].bounds_in_scene() for i in extremes])

    def _doc_order(self, ids: Iterable[str]) -> list[str]:
        graph = self.graph
        if graph is None:
            return list(ids)
        return sorted(ids, key=graph.order_of)

    def selected_node_ids(self) -> list[str]:
        """Selected nodes (with the members of selected group blocks), in document order."""
        ids = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        ids.update(self.groups_layer.selected_members())
        return self._doc_order(ids)

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
                item = (
                    self.node_item(item_id) if self.graph and self.graph.has_node(item_id) else None
                )
                item = item or self.edge_item(item_id)
                if item is not None:
                    item.setSelected(True)
            self.groups_layer.select_members(wanted)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def select_all(self) -> None:
        self.realize_all()
        self.select_ids([*self._nodes, *self._edges])

    # ================================================================== display
    def set_evaluation(self, result: Result | None, problems: Iterable[Problem] = ()) -> None:
        """Show values and gradients (or none); outline each problem's node or edge in red."""
        self.display.set_evaluation(result, list(problems))

    def set_overlay(self, overlay: PassOverlay | None) -> None:
        """Show the stepper's view of a walk (None: back to the evaluation)."""
        if self.lazy and overlay is not None:  # the walk's focus gets items to draw it on
            nodes = (overlay.current_node, overlay.upstream_node, overlay.receiving_node)
            self.realize_ids([n for n in nodes if n and n not in self._nodes])
            if overlay.current_edge:
                self.edge_item(overlay.current_edge)
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
        for other in self.items(around, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(other, NodeItem):
                card = other.mapRectToScene(other.rect()).adjusted(-4, -18, 4, 4)
                obstacles.append((card, 1.0))
            elif isinstance(other, EdgeItem) and other.label_visible():
                # the current edge's own weight is part of the term: keep it in sight
                weight = 4.0 if other is item else 1.0
                obstacles.append((other.label_rect().adjusted(-3, -3, 3, 3), weight))
        pill = item.label_rect() if item.label_visible() else None
        self._term_label.set_content(overlay.edge_label, anchor, self.theme, obstacles, pill)
        self._term_label.setVisible(True)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:  # noqa: N802  (Qt's name)
        """Tooltips of cards and edges are built on demand: build those under the cursor,
        then let Qt show the topmost one."""
        for item in self.items(event.scenePos()):
            ensure = getattr(item, "ensure_tooltip", None)
            if ensure is not None:
                ensure()
        super().helpEvent(event)

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
        """Repaint everything in another theme (cached card pixmaps included)."""
        self.theme = theme
        self._overview.invalidate()
        for node in self._nodes.values():
            node.update()  # drops its cached pixmap
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


def _union(boxes: list[tuple[float, float, float, float]]) -> QRectF:
    """The rectangle around boxes given as (x0, y0, x1, y1); a null one for none."""
    if not boxes:
        return QRectF()
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return QRectF(x0, y0, x1 - x0, y1 - y0)
