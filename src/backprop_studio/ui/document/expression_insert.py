"""Insert the graph of an expression into a document as one undoable step.

The expression's graph (core/model/expression.py) is added like a paste: under its own ids
where they are free (a name taken already gets a number), moved to the point asked for. Into
an empty document it also becomes the graph's output (the loss field) and gives the title, in
the same undo step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ...core.model.expression import expression_graph
from ...core.model.graph import Graph
from .commands import PasteCommand

if TYPE_CHECKING:
    from .document import Document

Point = tuple[float, float]


def _insert_text(title: str) -> str:
    text = QCoreApplication.translate("Commands", "Insert Expression %1")
    return text.replace("%1", title)


class InsertExpressionCommand(PasteCommand):
    """A paste of an expression's graph; into an empty graph, also its loss and title."""

    def __init__(self, graph: Graph, fragment: Graph, offset: Point = (0.0, 0.0)) -> None:
        super().__init__(graph, fragment, offset, text=_insert_text(fragment.title))
        index = [n.id for n in fragment.nodes()].index(fragment.loss or "")
        self.output = self.nodes[index].id
        self.renamed = {
            old.id: new.id
            for old, new in zip(fragment.nodes(), self.nodes, strict=True)
            if old.id != new.id and old.op == "parameter"
        }
        self.meta: dict[str, object] = {}
        if not len(graph):
            self.meta = {"loss": self.output}
            if not graph.title:
                self.meta["title"] = fragment.title
        self._old_meta: dict[str, object] = {}

    def do(self) -> None:
        super().do()
        if self.meta:
            self._old_meta = self.graph.set_meta(**self.meta)

    def undo(self) -> None:
        if self.meta:
            self.graph.set_meta(**self._old_meta)
        super().undo()


def insert_expression(
    document: Document,
    text: str,
    values: Mapping[str, float] | None = None,
    at: Point = (0.0, 0.0),
) -> InsertExpressionCommand | None:
    """Parse ``text`` (raises ExpressionError, nothing changed) and add its graph with its
    left-top corner at ``at`` (an empty document keeps the expression's own layout)."""
    fragment = expression_graph(text, values)
    offset = (0.0, 0.0) if not len(document.graph) else at
    command = InsertExpressionCommand(document.graph, fragment, offset)
    return command if document.push(command) else None
