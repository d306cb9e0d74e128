"""An immutable snapshot of a Graph, for work done off the UI thread.

Taking one is cheap (about a list copy per 100k nodes): nodes and edges are frozen dataclasses
that every edit *replaces*, so the snapshot keeps references to the current ones; the document
fields that are mutable containers (data columns, training settings, extra fields) are copied.
A background thread may then read the snapshot at leisure while the UI thread keeps editing
the live graph: serialise it (``fileio.dumps_graph`` accepts it, as it has the same read-only
surface as a Graph) or build a private Graph from it (:meth:`GraphSnapshot.to_graph`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from .graph import Edge, Graph, Node
from .groups import Group


@dataclass(frozen=True)
class GraphSnapshot:
    """The read-only surface of a Graph that saving and copying use, frozen in time."""

    title: str
    description: str
    loss: str | None
    data: dict[str, tuple[float, ...]]
    training: dict[str, Any]
    extra: dict[str, Any]
    revision: int
    structure_revision: int
    node_list: tuple[Node, ...]
    edge_list: tuple[Edge, ...]
    group_list: tuple[Group, ...] = ()  # each with the member nodes that exist

    def nodes(self) -> list[Node]:
        """All nodes in document order."""
        return list(self.node_list)

    def edges(self) -> list[Edge]:
        """All edges in document order."""
        return list(self.edge_list)

    def groups(self) -> list[Group]:
        """The groups in document order (what ``fileio.write_groups`` reads)."""
        return list(self.group_list)

    def group_nodes(self, group_id: str) -> list[str]:
        """The member nodes of a group that exist."""
        return next((list(g.nodes) for g in self.group_list if g.id == group_id), [])

    def to_graph(self, source: str = "<snapshot>") -> Graph:
        """A new, private Graph with the snapshot's content (in any thread)."""
        from .fileio import graph_from_dict, graph_to_dict

        return graph_from_dict(graph_to_dict(self), source)  # type: ignore[arg-type]


def take_snapshot(graph: Graph | GraphSnapshot) -> GraphSnapshot:
    """A snapshot of ``graph`` as it is now (call it in the thread that edits the graph)."""
    if isinstance(graph, GraphSnapshot):
        return graph
    return GraphSnapshot(
        title=graph.title,
        description=graph.description,
        loss=graph.loss,
        data={k: tuple(v) for k, v in graph.data.items()},
        training=copy.deepcopy(graph.training),
        extra=copy.deepcopy(graph.extra),
        revision=graph.revision,
        structure_revision=graph.structure_revision,
        node_list=tuple(graph.nodes()),
        edge_list=tuple(graph.edges()),
        group_list=tuple(replace(g, nodes=tuple(graph.group_nodes(g.id))) for g in graph.groups()),
    )
