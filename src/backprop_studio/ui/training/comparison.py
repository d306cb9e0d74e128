"""Clean comparisons: where the runs of a comparison start, and the values to reset to.

A :class:`Comparison` keeps the *origin* (the trainables' values before the first run of a
comparison) and the values its runs produced. A run that starts from values none of its runs
produced (the first run, or the user changed a value or the trainables since) starts a new
comparison. "Train from the values before the first run" starts every run at the origin;
Reset Weights puts the trainables back to it. Clear (and another document) forgets it.
Plain Python: the controller owns one and turns it into undoable edits.
"""

from __future__ import annotations

from typing import Any

Key = tuple[str, str]  # ("node", parameter id) or ("edge", edge id)


def values_now(graph: Any, ids: list[Key]) -> dict[Key, float]:
    """The graph's current value of each trainable."""
    return {
        (kind, i): float(graph.node(i).value if kind == "node" else graph.edge(i).weight)
        for kind, i in ids
    }


class Comparison:
    """The origin of the current comparison and the values its runs produced."""

    def __init__(self) -> None:
        self.origin: dict[Key, float] | None = None
        self._known: list[dict[Key, float]] = []

    def begin_run(self, graph: Any, ids: list[Key]) -> dict[Key, float]:
        """A run is about to start from the graph's values: returns them, and makes them the
        origin when no run of the comparison produced them."""
        now = values_now(graph, ids)
        if self.origin is None or set(self.origin) != set(now) or now not in self._known:
            self.origin, self._known = now, [now]
        return now

    def run_applied(self, graph: Any, ids: list[Key]) -> None:
        """A run's values became the graph's: the comparison goes on from them."""
        self._known.append(values_now(graph, ids))

    def forget(self) -> None:
        self.origin, self._known = None, []

    def reset_values(self, graph: Any) -> tuple[dict[str, float], dict[str, float]]:
        """({parameter id: value}, {edge id: weight}) that differ from the origin (and still
        exist): what Reset Weights sets."""
        origin = self.origin or {}
        nodes = {
            i: v
            for (kind, i), v in origin.items()
            if kind == "node" and graph.has_node(i) and graph.node(i).value != v
        }
        edges = {
            i: v
            for (kind, i), v in origin.items()
            if kind == "edge" and graph.has_edge(i) and graph.edge(i).weight != v
        }
        return nodes, edges
