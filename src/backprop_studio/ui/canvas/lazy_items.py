"""Lazy items: a big graph gets cards and edges only where someone looks.

A mixin of :class:`GraphScene`. A graph of ``lazy_min_nodes`` nodes or more (3,000 by
default) opens with no card, port or edge item at all: zoomed far out, the overview draws the
whole graph from arrays (overview_item.py), and nearer in, a view realizes the cards in and
around what it shows before it paints (``realize_view``, called from ``GraphView.paintEvent``),
in tiles of the scene so that a pan realizes only the strip it uncovers. The rule that keeps
the bookkeeping simple: **an edge has an item exactly when both of its cards have one.** A
card realized because it came into view also realizes its neighbours' cards, so every edge of
a card in sight is a real item (it selects, shows its weight pill and the stepper's
highlight). The geometry of every card and edge comes from the model in numpy
(``model_geometry.GraphGeometry``, rebuilt after a change), and the edge layer
(``edge_layer.EdgeLayer``) strokes every idle edge from it in one path, built or not: edge
items draw only their weight pill and their states (selected, hovered, the walk's) over it.
A drag hands the bent curves to the layer until the move lands in the model.

Items are created, never dropped (until another graph is shown): panning over the whole
graph ends with every item built, as an eager scene would have from the start. Anything that
asks for a card or an edge by id (``node_item``, ``edge_item``: the stepper, a search, a
selection) gets one built on demand, so callers need not know about laziness. Port rings
("connected") count the graph's edges, not the realized ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF

from .edge_layer import EdgeLayer
from .model_geometry import GraphGeometry
from .node_item import MARGIN, NodeItem, node_size

if TYPE_CHECKING:
    from .edge_item import EdgeItem
    from .scene import GraphScene

    _Base = GraphScene
else:
    _Base = object

LAZY_MIN_NODES = 3000  # graphs this big create their items on demand
TILE = 1024.0  # scene px: a view realizes whole tiles, each once
VIEW_MARGIN = 300.0  # scene px around a view realized with it


class LazyItems(_Base):
    """Items built on demand for big graphs; expects the attributes GraphScene sets up."""

    lazy_min_nodes = LAZY_MIN_NODES
    # set by the stepper during a walk of a big graph: the tooltip text (or a function
    # giving it) of a card built later
    new_card_tooltip: Callable[[str], str | Callable[[], str]] | None = None

    def _lazy_reset(self) -> None:
        """A graph was shown (or none): decide whether it is big enough to be lazy."""
        graph = self.graph
        self.lazy = graph is not None and len(graph) >= self.lazy_min_nodes
        self._tiles: set[tuple[int, int]] = set()
        self._realizing = False
        self._geometry: GraphGeometry | None = None  # None: to build from the model
        self._ends: dict[str, tuple[str, str]] | None = None
        layer = getattr(self, "_edge_layer", None)
        if layer is not None:
            self.removeItem(layer)
        self._edge_layer: EdgeLayer | None = None
        if self.lazy:
            self._edge_ends()  # now: a removed edge must be found in it later
            self._edge_layer = EdgeLayer()
            self.addItem(self._edge_layer)

    # ------------------------------------------------------------------ the model's geometry
    def _lazy_moved(self) -> None:
        """Nodes moved, appeared or disappeared: the arrays and the tiles are out of date."""
        self._geometry = None
        self._tiles = set()
        self._overview.invalidate()
        if self._edge_layer is not None:
            self._edge_layer.update()  # its curves are refreshed before the next paint

    def model_geometry(self) -> GraphGeometry:
        """Every card's box and edge's curve, built or not, from the model (model_geometry.py),
        rebuilt after a change (tens of ms at 10k nodes); the edge layer draws from it."""
        geometry = self._geometry
        if geometry is None:
            assert self.graph is not None
            geometry = self._geometry = GraphGeometry(self.graph)
            layer = self._edge_layer
            if layer is not None:  # it strokes every idle edge, built or not (edge items
                # draw their pills and states over it: EdgeItem.stroked_by_layer)
                layer.set_curves(geometry.curves, np.zeros(len(geometry.edge_ids), dtype=bool))
        return geometry

    def edges_bent(self, edges: Iterable[EdgeItem]) -> None:
        """These edge items moved ahead of the model (a drag): the layer takes their new
        curves (the geometry is built again from the model when the move lands)."""
        if not self.lazy or self._geometry is None or self._edge_layer is None:
            return
        geometry = self._geometry
        bent = [e for e in edges if e.edge_id in geometry.edge_row]
        if not bent:
            return
        rows = np.fromiter((geometry.edge_row[e.edge_id] for e in bent), dtype=np.intp)
        curves = np.array([e.curve() for e in bent], dtype=float).reshape(-1, 8)
        self._edge_layer.update_curves(rows, curves)  # the layer's array is the geometry's

    def card_boxes(self) -> tuple[list[str], np.ndarray]:
        """Every node's card, realized or not, as (ids, boxes x0, y0, x1, y1)."""
        geometry = self.model_geometry()
        return geometry.node_ids, geometry.boxes

    def model_curves(self) -> tuple[list[str], np.ndarray]:
        """Every edge's curve (x1, y1, cx1, cy1, cx2, cy2, x2, y2), as its item draws it."""
        geometry = self.model_geometry()
        return geometry.edge_ids, geometry.curves

    def ids_in_rect(self, rect: QRectF) -> list[str]:
        """The nodes whose cards meet ``rect`` (scene coordinates), realized or not."""
        ids, boxes = self.card_boxes()
        if not ids:
            return []
        inside = (boxes[:, 0] <= rect.right()) & (boxes[:, 2] >= rect.left())
        inside &= (boxes[:, 1] <= rect.bottom()) & (boxes[:, 3] >= rect.top())
        return [ids[i] for i in np.flatnonzero(inside).tolist()]

    # ------------------------------------------------------------------ realizing
    def realize_view(self, visible: QRectF) -> None:
        """A view is about to paint ``visible``: build the items of the tiles around it that
        were never realized. Far out the overview draws everything: nothing to build."""
        if not self.lazy or self._realizing or self.graph is None:
            return
        self.model_geometry()  # the edge layer's curves up to date before it paints
        if self._far:
            return
        area = visible.adjusted(-VIEW_MARGIN, -VIEW_MARGIN, VIEW_MARGIN, VIEW_MARGIN)
        tiles = {
            (i, j)
            for i in range(math.floor(area.left() / TILE), math.floor(area.right() / TILE) + 1)
            for j in range(math.floor(area.top() / TILE), math.floor(area.bottom() / TILE) + 1)
        }
        new = tiles - self._tiles
        if not new:
            return
        self._tiles |= new
        rect = QRectF()
        for i, j in new:
            rect = rect.united(QRectF(i * TILE, j * TILE, TILE, TILE))
        self.realize_rect(rect)

    def realize_rect(self, rect: QRectF) -> list[str]:
        """Build the cards meeting ``rect``, their neighbours' cards and every edge between
        built cards. Returns the ids of the nodes built."""
        if not self.lazy or self.graph is None:
            return []
        wanted = [nid for nid in self.ids_in_rect(rect) if nid not in self._nodes]
        return self.realize_ids(wanted, neighbours=True)

    def realize_ids(self, ids: list[str], neighbours: bool = False) -> list[str]:
        """Build these nodes' cards (and, with ``neighbours``, their neighbours' cards),
        with every edge whose two cards now exist. Returns the ids built."""
        graph = self.graph
        if graph is None or not ids:
            return []
        built: dict[str, None] = {}
        self._realizing = True
        try:
            for nid in ids:
                if nid not in self._nodes and graph.has_node(nid):
                    self._add_node_item(nid)
                    built[nid] = None
            if neighbours:
                for nid in list(built):
                    for edge in (*graph.in_edges(nid), *graph.out_edges(nid)):
                        for other in (edge.source, edge.target):
                            if other not in self._nodes:
                                self._add_node_item(other)
                                built[other] = None
            edges = self._realize_edges(list(built))
        finally:
            self._realizing = False
        if built:
            self._after_realize(list(built), edges)
        return list(built)

    def _realize_edges(self, nodes: list[str]) -> list[EdgeItem]:
        """Items for the edges of these (new) cards whose other card exists too."""
        graph = self.graph
        assert graph is not None
        made: list[EdgeItem] = []
        self.building = True
        try:
            for nid in nodes:
                for edge in (*graph.in_edges(nid), *graph.out_edges(nid)):
                    if edge.id in self._edges:
                        continue
                    if edge.source in self._nodes and edge.target in self._nodes:
                        made.append(self._add_edge_item(edge.id, respread=False, counted=True))
            for item in made:  # the pills are placed together afterwards (_after_realize)
                item.stroked_by_layer = True  # the layer draws the idle curve
                port = item.target_port
                if port is not None and port.variadic:
                    self._lazy_slot(item)
                item.update_path()
        finally:
            self.building = False
        return made

    def _lazy_slot(self, item: EdgeItem) -> None:
        """A realized edge into a variadic port takes its slot among ALL the graph's edges
        into that port (ordered by their sources' heights, as ``_respread`` orders them)."""
        geometry = self.model_geometry()
        slot, count = geometry.slots[geometry.edge_row[item.edge_id]].tolist()
        item.slot, item.slots = slot, count

    def _after_realize(self, nodes: list[str], edges: list[EdgeItem]) -> None:
        """New items: their readings, states, pills and drawing mode like the others'."""
        self.display.refresh_nodes(nodes)
        if self.new_card_tooltip is not None:
            for nid in nodes:
                self._nodes[nid].set_extra_tooltip(self.new_card_tooltip(nid))
        self.display.refresh_edges([e.edge_id for e in edges])
        if edges:
            self._replace_pills(edges)
        graph = self.graph
        groups = self.groups_layer
        if graph is not None and not groups.rebuilding and any(g.collapsed for g in graph.groups()):
            groups.rebuild()  # new edges into a collapsed group hide behind it

    def _edge_ends(self) -> dict[str, tuple[str, str]]:
        """Every edge's (source, target), kept to count the rings of a removed edge's cards
        (the graph has forgotten it by then, and it may have had no item)."""
        if self._ends is None:
            graph = self.graph
            edges = graph.edges() if graph is not None else []
            self._ends = {e.id: (e.source, e.target) for e in edges}
        return self._ends

    def _lazy_edge_added(self, edge) -> None:
        self._edge_ends()[edge.id] = (edge.source, edge.target)
        self._lazy_edge_changed(edge.source, edge.target)

    def _lazy_edge_removed(self, edge_id: str) -> None:
        ends = self._edge_ends().pop(edge_id, None)
        if ends is not None:
            self._lazy_edge_changed(*ends)

    def _lazy_edge_changed(self, source: str, target: str) -> None:
        """An edge between these nodes appeared or went: an item for it when both cards
        exist, and their port rings counted again."""
        made = self._realize_edges([source, target])
        for nid in (source, target):
            item = self._nodes.get(nid)
            if item is not None:
                self.count_ports(item)
        if made:
            self._replace_pills(made)

    def card_scene_rect(self, node_id: str) -> QRectF:
        """A card's bounding rectangle in the scene, from its item or, with none, from the
        model (the same rectangle: the card's size depends only on its op)."""
        item = self._nodes.get(node_id)
        if item is not None:
            return item.sceneBoundingRect()
        assert self.graph is not None
        node = self.graph.node(node_id)
        w, h = node_size(node.spec)
        x, y = node.position
        return QRectF(x - w / 2, y - h / 2, w, h).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)

    def count_ports(self, item: NodeItem) -> None:
        """Set a card's port rings from the graph's edges (realized or not)."""
        graph = self.graph
        assert graph is not None
        nid = item.node_id
        item.output.connected = len(graph.out_edges(nid))
        item.output.refresh()
        for name, port in item.inputs.items():
            port.connected = len(graph.in_edges(nid, name))
            port.refresh()

    def realize_all(self) -> None:
        """Build every item (an export of the whole graph, Select All)."""
        graph = self.graph
        if self.lazy and graph is not None and len(self._nodes) < len(graph):
            self.realize_ids([n.id for n in graph.nodes() if n.id not in self._nodes])
