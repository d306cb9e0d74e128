"""Undoable group edits and the insertion of a built fragment (a dense layer), each one undo
step calling Graph methods only.

- :class:`AddGroupCommand` (Group), :class:`RemoveGroupCommand` (Ungroup: the nodes stay) and
  :class:`SetGroupFieldsCommand` (collapse, expand, rename) restore the group list exactly,
  order included, on undo.
- :class:`InsertFragmentCommand` adds a fragment's nodes, edges and groups (Insert > Dense
  Layer...); undo removes them all.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ...core.model.build_mlp import Fragment
from ...core.model.errors import GraphError
from ...core.model.graph import Graph
from ...core.model.groups import Group
from .commands import AddItemsCommand, GraphCommand


def _tr(text: str) -> str:
    return QCoreApplication.translate("Commands", text)


class AddGroupCommand(GraphCommand):
    def __init__(self, graph: Graph, group: Group, text: str = "") -> None:
        super().__init__(graph, text or _tr("Group"))
        self.group = group

    def do(self) -> None:
        self.graph.add_group(self.group)

    def undo(self) -> None:
        self.graph.remove_group(self.group.id)


class RemoveGroupCommand(GraphCommand):
    def __init__(self, graph: Graph, group_id: str, text: str = "") -> None:
        super().__init__(graph, text or _tr("Ungroup"))
        self.group_id = group_id
        self.group: Group | None = None
        self.index = 0

    def do(self) -> None:
        self.group, self.index = self.graph.remove_group(self.group_id)

    def undo(self) -> None:
        assert self.group is not None
        self.graph.add_group(self.group, index=self.index)


class SetGroupFieldsCommand(GraphCommand):
    def __init__(self, graph: Graph, group_id: str, text: str = "", **changes: Any) -> None:
        super().__init__(graph, text or _tr("Change group"))
        self.group_id = group_id
        self.changes = changes
        old = graph.group(group_id)
        self.old = {k: getattr(old, k) for k in changes}

    def do(self) -> None:
        self.graph.update_group(self.group_id, **self.changes)

    def undo(self) -> None:
        self.graph.update_group(self.group_id, **self.old)


class InsertFragmentCommand(AddItemsCommand):
    """Nodes, edges and groups of a fragment as one step."""

    def __init__(self, graph: Graph, fragment: Fragment, text: str) -> None:
        super().__init__(graph, fragment.nodes, fragment.edges, text)
        self.groups = list(fragment.groups)

    def do(self) -> None:
        super().do()
        added: list[str] = []
        try:
            for group in self.groups:
                self.graph.add_group(group)
                added.append(group.id)
        except GraphError:
            for gid in reversed(added):
                self.graph.remove_group(gid)
            super().undo()
            raise

    def undo(self) -> None:
        for group in reversed(self.groups):
            self.graph.remove_group(group.id)
        super().undo()


class ReorderEdgeCommand(GraphCommand):
    """Swap an edge with its neighbour among the edges into the same variadic port (the
    class order of cross_entropy's logits, the argument order of add/mul): ``step`` -1 moves
    it earlier, +1 later. Undo swaps back (document orders restored exactly)."""

    def __init__(self, graph: Graph, edge_id: str, step: int) -> None:
        super().__init__(graph, _tr("Move edge earlier") if step < 0 else _tr("Move edge later"))
        edge = graph.edge(edge_id)
        siblings = [e.id for e in graph.in_edges(edge.target, edge.port)]
        k = siblings.index(edge_id)
        if not 0 <= k + step < len(siblings):
            if step < 0:
                text = _tr("edge %1 is already the first into %2")
            else:
                text = _tr("edge %1 is already the last into %2")
            into = f"{edge.target}.{edge.port}"
            raise GraphError(text.replace("%1", repr(edge_id)).replace("%2", into), edge=edge_id)
        self.pair = (edge_id, siblings[k + step])

    def do(self) -> None:
        a, b = self.pair
        order_a, order_b = self.graph.order_of(a), self.graph.order_of(b)
        self.graph.set_edge_order(a, order_b)
        self.graph.set_edge_order(b, order_a)

    def undo(self) -> None:
        self.do()  # a swap is its own inverse
