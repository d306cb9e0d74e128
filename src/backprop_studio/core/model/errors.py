"""Error types of the core: every error names the node, edge or file at fault."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a graph or a file, and where it is."""

    message: str
    node: str | None = None
    edge: str | None = None

    def __str__(self) -> str:
        return self.message


class BackpropError(Exception):
    """Base class of every error Backprop Studio raises on purpose."""


class GraphError(BackpropError):
    """An edit or an evaluation the graph refuses; names the node or edge at fault."""

    def __init__(
        self,
        message: str,
        *,
        node: str | None = None,
        edge: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.node = node
        self.edge = edge
        self.problems = problems if problems is not None else [Problem(message, node, edge)]


class FileFormatError(BackpropError):
    """A file that cannot be loaded; the message is one line naming the file and the fault."""

    def __init__(self, path: str, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.problems = problems or []
