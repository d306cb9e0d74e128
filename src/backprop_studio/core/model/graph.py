"""The graph model: nodes (operations) and weighted edges, with stable string ids.

A :class:`Graph` is a multigraph (two edges may join the same pair of nodes: ``x * x`` is a
``mul`` with two edges from ``x``) whose graph algorithms are networkx's: :attr:`Graph.nx_graph`
is a ``MultiDiGraph`` built the first time an algorithm needs it (networkx is imported then,
so ``eval`` of a small file never pays for it) and kept in step with every edit afterwards;
the Graph's own index of each node's in and out edges answers the everyday queries. It
enforces its own rules on every edit,
so an invalid edit raises :class:`GraphError` and changes nothing:

- node ids and edge ids are unique; ops are known to the registry;
- an edge goes from an existing node to an existing node's existing input port;
- a single-input port takes at most one edge; no edge may close a cycle.

Whether the graph can be *evaluated* (every required port connected, values present, batch
lengths agreeing) is a separate question answered by :meth:`Graph.problems`, because a graph
being drawn is incomplete most of the time.

Every change emits a plain-Python :class:`GraphEvent` to subscribers (the UI listens; no Qt
here). Positions are document data and live here; colours, selection and zoom do not.

Queries listeners make on every event stay cheap on big graphs: the sinks (hence
:meth:`Graph.loss_node`) are kept up to date edit by edit, the document order of nodes and
edges is sorted once per structural change, and removing a node looks only at its own edges.
:meth:`Graph.add_bulk` adds a whole file's nodes and edges at once (one validation pass, one
topological sort for cycles): a 100,000-node file loads without a per-node networkx walk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..lazy import np
from ..ops import OpSpec, get_op
from .collector import paused_gc
from .errors import GraphError, Problem
from .graph_rules import check_value as _check_value
from .graph_rules import check_weight as _check_weight
from .graph_rules import connect_error as _connect_error
from .graph_rules import fresh_id as _fresh_id
from .groups import GroupStore
from .order import SMALL, smallest_order
from .readiness import graph_problems

if TYPE_CHECKING:
    import networkx as nx
    from numpy import ndarray

Value = float | list[float] | None
_Links = dict[str, dict[str, None]]  # node id -> the ids of its edges in (or out), in order
Listener = Callable[["GraphEvent"], None]

NODE_FIELDS = ("label", "value", "column", "trainable", "position")
EDGE_FIELDS = ("weight", "trainable")
META_FIELDS = ("title", "description", "loss", "data", "training")


@dataclass(frozen=True)
class Node:
    """One operation. ``value`` is for input/parameter nodes; ``column`` names a data column."""

    id: str
    op: str
    label: str = ""
    value: Value = None
    column: str | None = None
    trainable: bool = False
    position: tuple[float, float] = (0.0, 0.0)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        x, y = self.position
        object.__setattr__(self, "position", (float(x), float(y)))

    @property
    def spec(self) -> OpSpec:
        spec = get_op(self.op)
        assert spec is not None, self.op
        return spec

    @property
    def display_name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Edge:
    """Carries ``weight * value(source)`` into ``port`` of ``target``."""

    id: str
    source: str
    target: str
    port: str
    weight: float = 1.0
    trainable: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class GraphEvent:
    """What changed. ``kind`` is one of node_added, node_removed, node_changed, edge_added,
    edge_removed, edge_changed, values_changed (many values at once), meta_changed,
    group_added, group_removed, group_changed."""

    kind: str
    id: str | None = None
    keys: tuple[str, ...] = ()


class Graph(GroupStore):
    """A computation graph that refuses invalid edits and tells its listeners about changes.
    Named groups of nodes (groups.py) are part of it."""

    def __init__(self, title: str = "", description: str = "") -> None:
        self._nx: nx.MultiDiGraph | None = None  # built on first use (nx_graph), then in step
        self._nodes: dict[str, Node] = {}
        self._edges: dict[str, Edge] = {}
        self._links: tuple[_Links, _Links] | None = None  # see _adjacency
        self._ranks: tuple[ndarray, ndarray] | tuple[list[int], list[int]] | None = (
            None  # edge ends by document rank
        )
        # Document order of nodes and edges (a variadic port takes its edges in this order).
        # An undo re-inserts an item with its old order, so undo restores the exact document.
        # (Built when first used after a bulk load into an empty graph: see _numbered.)
        self._node_seq_built: dict[str, float] | None = {}
        self._edge_seq_built: dict[str, float] | None = {}
        self._seq_pending: dict[str, tuple[list[str], int]] = {}
        self._next_seq = 0
        # Cached document order (ids), dropped when an item is added or removed.
        self._node_order: list[str] | None = None
        self._edge_order: list[str] | None = None
        self._sinks: set[str] = set()  # nodes no edge leaves, kept up to date on every edit
        self.title = title
        self.description = description
        self.loss: str | None = None
        self.data: dict[str, list[float]] = {}
        self.training: dict[str, Any] = {}
        self.extra: dict[str, Any] = {}
        self.structure_revision = 0  # bumps when nodes/edges are added or removed
        self.revision = 0  # bumps on any change
        self._listeners: list[Listener] = []
        self._init_groups()

    # ----------------------------------------------------------------- events
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(
        self, kind: str, id: str | None = None, keys: Iterable[str] = (), structural: bool = False
    ) -> None:
        self.revision += 1
        if structural:
            self.structure_revision += 1
            self._ranks = None
        event = GraphEvent(kind, id, tuple(keys))
        for listener in list(self._listeners):
            listener(event)

    # ----------------------------------------------------------------- document order
    @property
    def _node_seq(self) -> dict[str, float]:
        """node id -> its document-order key."""
        if self._node_seq_built is None:
            self._node_seq_built = self._numbered("node")
        return self._node_seq_built

    @property
    def _edge_seq(self) -> dict[str, float]:
        """edge id -> its document-order key."""
        if self._edge_seq_built is None:
            self._edge_seq_built = self._numbered("edge")
        return self._edge_seq_built

    def _numbered(self, kind: str) -> dict[str, float]:
        """The keys of a bulk load into an empty graph, numbered when first needed: loading
        and compiling a file never need them (the document order is kept as a list), and
        numbering 300,000 ids took a tenth of a 100,000-node load."""
        ids, first = self._seq_pending.pop(kind)
        return dict(zip(ids, map(float, range(first, first + len(ids))), strict=True))

    # ----------------------------------------------------------------- queries
    @property
    def nx_graph(self) -> nx.MultiDiGraph:
        """The graph as a networkx ``MultiDiGraph`` (nodes and edges in document order, edge
        keys the edge ids), for graph algorithms: read-only use, edit through Graph methods."""
        if self._nx is None:
            import networkx as nx  # here: most uses of a Graph (eval, compile) never need it

            g = nx.MultiDiGraph()
            with paused_gc():  # a dict per node and per edge: see collector.py
                g.add_nodes_from(self._document_node_ids())
                g.add_edges_from((e.source, e.target, e.id) for e in self.edges())
            self._nx = g
        return self._nx

    def _document_node_ids(self) -> list[str]:
        if self._node_order is None:
            self._node_order = sorted(self._node_seq, key=self._node_seq.__getitem__)
        return self._node_order

    def nodes(self) -> list[Node]:
        """All nodes in document order."""
        nodes = self._nodes
        return [nodes[i] for i in self._document_node_ids()]

    def edges(self) -> list[Edge]:
        """All edges in document order."""
        if self._edge_order is None:
            self._edge_order = sorted(self._edge_seq, key=self._edge_seq.__getitem__)
        edges = self._edges
        return [edges[i] for i in self._edge_order]

    def edge_count(self) -> int:
        return len(self._edges)

    def order_of(self, item_id: str) -> float:
        """The document-order key of a node or edge (pass it back to add_* to restore it)."""
        if item_id in self._node_seq:
            return self._node_seq[item_id]
        return self._edge_seq[item_id]

    def _take_seq(self, order: float | None) -> float:
        if order is not None:
            return order
        self._next_seq += 1
        return float(self._next_seq)

    def node(self, node_id: str) -> Node:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise GraphError(f"there is no node {node_id!r}", node=node_id) from None

    def edge(self, edge_id: str) -> Edge:
        try:
            return self._edges[edge_id]
        except KeyError:
            raise GraphError(f"there is no edge {edge_id!r}", edge=edge_id) from None

    def has_node(self, node_id: str) -> bool:
        return node_id in self._nodes

    def has_edge(self, edge_id: str) -> bool:
        return edge_id in self._edges

    def in_edges(self, node_id: str, port: str | None = None) -> list[Edge]:
        """Edges into a node (optionally one port), in the order they were added."""
        edges = [self._edges[k] for k in self._edge_keys(self._adjacency()[0], node_id)]
        edges.sort(key=lambda e: self._edge_seq[e.id])
        return [e for e in edges if port is None or e.port == port]

    def out_edges(self, node_id: str) -> list[Edge]:
        edges = [self._edges[k] for k in self._edge_keys(self._adjacency()[1], node_id)]
        return sorted(edges, key=lambda e: self._edge_seq[e.id])

    def ancestors(self, node_id: str) -> set[str]:
        """Every node with a path to ``node_id`` (not the node itself): one walk over the
        adjacency, no networkx graph built for it."""
        return self.upstream([node_id]) - {node_id}

    def upstream(self, node_ids: Iterable[str]) -> set[str]:
        """``node_ids`` and every node with a path to one of them: one walk over the
        adjacency however many start nodes (raises GraphError naming a missing node)."""
        ins = self._adjacency()[0]
        edges = self._edges
        starts = list(node_ids)
        for nid in starts:
            self._edge_keys(ins, nid)
        seen = set(starts)
        stack = list(seen)
        while stack:
            for key in ins[stack.pop()]:
                source = edges[key].source
                if source not in seen:
                    seen.add(source)
                    stack.append(source)
        return seen

    def _adjacency(self) -> tuple[_Links, _Links]:
        """Each node's edges in and out, built on first use (a file loaded and compiled
        never needs it) and kept up to date by every edit afterwards."""
        if self._links is None:
            ins: _Links = {nid: {} for nid in self._nodes}
            outs: _Links = {nid: {} for nid in self._nodes}
            for e in self._edges.values():
                outs[e.source][e.id] = None
                ins[e.target][e.id] = None
            self._links = (ins, outs)
        return self._links

    def _edge_keys(self, index: _Links, node_id: str) -> dict[str, None]:
        keys = index.get(node_id)
        if keys is None:
            self.node(node_id)  # raises GraphError naming the missing node
            raise AssertionError("unreachable")
        return keys

    def sinks(self) -> list[Node]:
        """Nodes no edge leaves, in document order."""
        return [self._nodes[i] for i in sorted(self._sinks, key=self._node_seq.__getitem__)]

    def loss_node(self) -> str | None:
        """The objective: the ``loss`` field if set, else the only sink, else None (O(1))."""
        if self.loss is not None:
            return self.loss
        if len(self._sinks) == 1:
            return next(iter(self._sinks))
        return None

    def new_node_id(self, prefix: str = "n") -> str:
        return _fresh_id(prefix, self._nodes)

    def new_edge_id(self, prefix: str = "e") -> str:
        return _fresh_id(prefix, self._edges)

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes())

    # ----------------------------------------------------------------- rules
    def connect_error(
        self, source: str, target: str, port: str | None, ignore_edge: str | None = None
    ) -> str | None:
        """Why an edge source -> target.port would be refused, or None if it is allowed."""
        return _connect_error(self, source, target, port, ignore_edge)

    def check_node(self, node: Node) -> None:
        if not node.id:
            raise GraphError("a node needs a non-empty id")
        if node.id in self._nodes:
            raise GraphError(f"duplicate node id {node.id!r}", node=node.id)
        if get_op(node.op) is None:
            raise GraphError(f"node {node.id!r} has unknown op {node.op!r}", node=node.id)
        _check_value(node)

    # ----------------------------------------------------------------- edits
    def add_node(self, node: Node, order: float | None = None) -> Node:
        self.check_node(node)
        self._nodes[node.id] = node
        self._node_seq[node.id] = self._take_seq(order)
        self._node_order = None
        self._sinks.add(node.id)
        ins, outs = self._adjacency()
        ins[node.id] = {}
        outs[node.id] = {}
        if self._nx is not None:
            self._nx.add_node(node.id)
        self._emit("node_added", node.id, structural=True)
        return node

    def add_bulk(self, nodes: Sequence[Node], edges: Sequence[Edge] = ()) -> list[Edge]:
        """Add many nodes, then many edges, as ``add_node`` and ``add_edge`` one by one would
        (same rules, same document order, same events for listeners), checked in one pass
        (bulk.py) and all or nothing: the first fault raises GraphError and changes nothing.
        Returns the edges as added (an empty port becomes the target's default port)."""
        from .bulk import check_bulk_edges, check_bulk_nodes  # numpy: only for a big file

        check_bulk_nodes(self, nodes)
        edges, ranks = check_bulk_edges(self, nodes, edges)
        was_empty = not self._nodes
        first = self._next_seq + 1
        self._next_seq += len(nodes) + len(edges)
        node_ids = [n.id for n in nodes]
        edge_ids = [e.id for e in edges]
        self._nodes.update(zip(node_ids, nodes, strict=True))
        self._edges.update(zip(edge_ids, edges, strict=True))
        if was_empty:  # numbered when first needed (_numbered)
            self._node_seq_built = self._edge_seq_built = None
            self._seq_pending = {"node": (node_ids, first), "edge": (edge_ids, first + len(nodes))}
        else:
            self._node_seq.update(
                zip(node_ids, map(float, range(first, first + len(nodes))), strict=True)
            )
            first += len(nodes)
            self._edge_seq.update(
                zip(edge_ids, map(float, range(first, first + len(edges))), strict=True)
            )
        # into an empty graph, the document order is the order given
        self._node_order = node_ids if was_empty else None
        self._edge_order = edge_ids if was_empty else None
        self._links = None  # rebuilt when first asked for
        self._sinks.update(node_ids)
        self._sinks.difference_update(e.source for e in edges)
        if self._nx is not None:
            self._nx.add_nodes_from(node_ids)
            self._nx.add_edges_from((e.source, e.target, e.id) for e in edges)
        if self._listeners:
            for nid in node_ids:
                self._emit("node_added", nid, structural=True)
            for eid in edge_ids:
                self._emit("edge_added", eid, structural=True)
        else:  # nobody listens (a file being loaded): count the changes, skip the events
            self.revision += len(nodes) + len(edges)
            self.structure_revision += len(nodes) + len(edges)
        self._ranks = ranks  # the edges' ends by document rank, for the topological orders
        return edges

    def remove_node(self, node_id: str) -> tuple[Node, list[Edge]]:
        """Remove a node and the edges touching it; returns both so an undo can restore them."""
        node = self.node(node_id)
        ins, outs = self._adjacency()
        keys = {*ins[node_id], *outs[node_id]}
        touching = sorted((self._edges[k] for k in keys), key=lambda e: self._edge_seq[e.id])
        for e in touching:
            self.remove_edge(e.id)
        del self._nodes[node_id]
        del self._node_seq[node_id]
        self._node_order = None
        self._sinks.discard(node_id)
        del ins[node_id], outs[node_id]
        if self._nx is not None:
            self._nx.remove_node(node_id)
        if self.loss == node_id:
            self.loss = None
        self._emit("node_removed", node_id, structural=True)
        return node, touching

    def add_edge(self, edge: Edge, order: float | None = None) -> Edge:
        if not edge.id:
            raise GraphError("an edge needs a non-empty id")
        if edge.id in self._edges:
            raise GraphError(f"duplicate edge id {edge.id!r}", edge=edge.id)
        port = edge.port or (
            self._nodes[edge.target].spec.default_port if edge.target in self._nodes else None
        )
        reason = self.connect_error(edge.source, edge.target, port)
        if reason:
            raise GraphError(f"edge {edge.id!r}: {reason}", edge=edge.id)
        _check_weight(edge.id, edge.weight)
        if port != edge.port:
            edge = replace(edge, port=port)
        self._edges[edge.id] = edge
        self._edge_seq[edge.id] = self._take_seq(order)
        self._edge_order = None
        self._sinks.discard(edge.source)
        ins, outs = self._adjacency()
        outs[edge.source][edge.id] = None
        ins[edge.target][edge.id] = None
        if self._nx is not None:
            self._nx.add_edge(edge.source, edge.target, key=edge.id)
        self._emit("edge_added", edge.id, structural=True)
        return edge

    def remove_edge(self, edge_id: str) -> Edge:
        edge = self.edge(edge_id)
        ins, outs = self._adjacency()  # before the edge leaves self._edges
        del self._edges[edge_id]
        del self._edge_seq[edge_id]
        self._edge_order = None
        del outs[edge.source][edge_id], ins[edge.target][edge_id]
        if self._nx is not None:
            self._nx.remove_edge(edge.source, edge.target, key=edge_id)
        if not outs[edge.source]:
            self._sinks.add(edge.source)
        self._emit("edge_removed", edge_id, structural=True)
        return edge

    def update_node(self, node_id: str, **changes: Any) -> Node:
        """Change label, value, column, trainable or position; returns the previous node."""
        old = self.node(node_id)
        unknown = set(changes) - set(NODE_FIELDS)
        if unknown:
            raise GraphError(
                f"node {node_id!r}: cannot change {', '.join(sorted(unknown))}", node=node_id
            )
        if "position" in changes:
            changes["position"] = (float(changes["position"][0]), float(changes["position"][1]))
        new = replace(old, **changes)
        _check_value(new)
        self._nodes[node_id] = new
        self._emit("node_changed", node_id, keys=changes)
        return old

    def set_positions(self, positions: Mapping[str, tuple[float, float]]) -> None:
        """Move many nodes at once (a layout): what ``update_node(nid, position=p)`` per node
        does, one ``node_changed`` event with keys ``("position",)`` per moved node, without
        rebuilding each node through ``dataclasses.replace``. Every id is checked first:
        a missing node raises GraphError naming it and moves nothing."""
        nodes = self._nodes
        for nid in positions:
            if nid not in nodes:
                self.node(nid)  # raises, naming the node
        moved = []
        for nid, (x, y) in positions.items():
            node = object.__new__(Node)  # a copy with the new position (Node is frozen)
            node.__dict__.update(nodes[nid].__dict__)
            node.__dict__["position"] = (float(x), float(y))
            nodes[nid] = node
            moved.append(nid)
        if not self._listeners:  # nobody to tell: the revisions the events would have given
            self.revision += len(moved)
            return
        for nid in moved:
            self._emit("node_changed", nid, keys=("position",))

    def update_edge(self, edge_id: str, **changes: Any) -> Edge:
        """Change weight or trainable; returns the previous edge."""
        old = self.edge(edge_id)
        unknown = set(changes) - set(EDGE_FIELDS)
        if unknown:
            raise GraphError(
                f"edge {edge_id!r}: cannot change {', '.join(sorted(unknown))}", edge=edge_id
            )
        if "weight" in changes:
            changes["weight"] = float(changes["weight"])
            _check_weight(edge_id, changes["weight"])
        new = replace(old, **changes)
        self._edges[edge_id] = new
        self._emit("edge_changed", edge_id, keys=changes)
        return old

    def set_edge_order(self, edge_id: str, order: float) -> None:
        """Give an edge another place in the document order (the order of a variadic port's
        arguments: cross_entropy's class order). A structural change: plans recompile."""
        self.edge(edge_id)
        self._edge_seq[edge_id] = float(order)
        self._edge_order = None
        self._emit("edge_changed", edge_id, keys=("order",), structural=True)

    def set_values(
        self,
        node_values: dict[str, float] | None = None,
        edge_weights: dict[str, float] | None = None,
    ) -> None:
        """Set many parameter values and edge weights at once (one event): training results."""
        node_values = node_values or {}
        edge_weights = edge_weights or {}
        for nid in node_values:
            self.node(nid)
        for eid, w in edge_weights.items():
            self.edge(eid)
            _check_weight(eid, float(w))
        for nid, v in node_values.items():
            self._nodes[nid] = replace(self._nodes[nid], value=float(v))
        for eid, w in edge_weights.items():
            self._edges[eid] = replace(self._edges[eid], weight=float(w))
        self._emit("values_changed", keys=[*node_values, *edge_weights])

    def set_meta(self, **changes: Any) -> dict[str, Any]:
        """Change title, description, loss, data or training; returns the previous values."""
        unknown = set(changes) - set(META_FIELDS)
        if unknown:
            raise GraphError(f"cannot change graph field(s) {', '.join(sorted(unknown))}")
        if changes.get("loss") is not None and changes["loss"] not in self._nodes:
            raise GraphError(f"loss names missing node {changes['loss']!r}", node=changes["loss"])
        old = {k: getattr(self, k) for k in changes}
        for k, v in changes.items():
            setattr(self, k, v)
        self._emit("meta_changed", keys=changes)
        return old

    # ----------------------------------------------------------------- evaluation readiness
    def problems(self) -> list[Problem]:
        """Everything that stops the graph from being evaluated, each naming its node or edge."""
        return graph_problems(self, self._nodes.values(), self._edges.values())

    def batch_length(self, node: Node) -> int | None:
        """Number of samples an input node feeds (None for a scalar)."""
        if node.op != "input":
            return None
        if node.column is not None:
            col = self.data.get(node.column)
            return len(col) if col is not None else None
        return len(node.value) if isinstance(node.value, list) else None

    def topological_order(self) -> list[str]:
        """Node ids, every node after all its inputs; ties broken by document order."""
        return self._ordered(forward=True)

    def backward_order(self) -> list[str]:
        """Node ids, every node after all its consumers; ties broken by document order.

        The backward pass visits nodes in this order. It is not simply the forward order
        reversed: breaking ties by document order here makes the lesson read naturally (the
        contributions to b arrive as 2 then 3 in the chain-rule example)."""
        return self._ordered(forward=False)

    def _ordered(self, forward: bool) -> list[str]:
        """The smallest topological order by document rank (order.py): one edge pass."""
        ids = self._document_node_ids()
        if self._ranks is None:  # dropped by every structural change (_emit)
            rank = {nid: k for k, nid in enumerate(ids)}
            edges = self._edges.values()
            m = len(edges)
            if m < SMALL:
                self._ranks = ([rank[e.source] for e in edges], [rank[e.target] for e in edges])
            else:
                sources = np.fromiter((rank[e.source] for e in edges), np.intp, count=m)
                targets = np.fromiter((rank[e.target] for e in edges), np.intp, count=m)
                self._ranks = (sources, targets)
        sources, targets = self._ranks
        order = smallest_order(len(ids), *((sources, targets) if forward else (targets, sources)))
        if order is None:  # the graph's own rules make this unreachable
            raise GraphError("the graph has a cycle")
        return [ids[k] for k in order]

    def trainables(self) -> tuple[list[str], list[str]]:
        """(trainable parameter node ids, trainable edge ids), in document order."""
        nodes = [n.id for n in self.nodes() if n.op == "parameter" and n.trainable]
        edges = [e.id for e in self.edges() if e.trainable]
        return nodes, edges
