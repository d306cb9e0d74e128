"""Path expansion: the second view of the chain rule.

Once a backward pass is done, the gradient of the loss L with respect to a node x is also the
sum, over every path from x to L, of the product of the local derivatives (times the edge
weights) along the path::

    ∂f/∂b = ∂f/∂c·∂c/∂b + ∂f/∂d·∂d/∂b = 2·1 + 3·1 = 5

and for an edge weight w of u -> v it is that sum for v, times the local derivative of the
edge, times the value of u. The number of paths can grow exponentially, so only the first
``limit`` paths are written out (the count of all of them is exact, and the total is the
engine's gradient). The local derivatives come from the recorded trace: nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..engine.compact_trace import locals_by_edge
from ..engine.trace import ChainTerm
from .text import num, number, partial, product, sym

Array = np.ndarray
WIDE = 64  # a sum of paths longer than this is written one path per line


class EdgeLike(Protocol):
    """What a path needs of one edge (a model :class:`~backprop_studio.core.model.graph.Edge`)."""

    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def weight(self) -> float: ...


@dataclass(frozen=True)
class PathExpansion:
    """The sum over paths for one node or edge weight."""

    subject: str  # e.g. "∂f/∂b"
    symbolic: list[str]  # one product per path shown
    numeric: list[str]
    path_values: list[Array]  # per path shown (per sample for batch values)
    total: Array | float  # the engine's gradient
    path_count: int  # every path, shown or not
    text: str
    edges: list[list[str]] = field(default_factory=list)  # edge ids of each path shown
    equation: list[tuple[str, str]] = field(default_factory=list)  # ("=" | "+", right side)
    notes: list[str] = field(default_factory=list)  # sentences after the equation

    @property
    def truncated(self) -> bool:
        return len(self.symbolic) < self.path_count


class PathIndex:
    """Paths to the loss over one evaluated graph (built once per walk)."""

    def __init__(
        self,
        order: list[str],
        edges: Sequence[EdgeLike],
        terms: Sequence[ChainTerm],
        labels: dict[str, str],
        loss_node: str,
        values: dict[str, Array],
        grads: dict[str, Array],
        edge_grads: dict[str, float],
    ) -> None:
        self.labels = labels
        self.loss_node = loss_node
        self.values = values
        self.grads = grads
        self.edge_grads = edge_grads
        self.edges = {e.id: e for e in edges}
        self.local = locals_by_edge(terms)
        self.out: dict[str, list[EdgeLike]] = {nid: [] for nid in order}
        for e in edges:
            self.out[e.source].append(e)
        loss_value = np.asarray(values[loss_node])
        self.seed: Array = (
            np.asarray(1.0)
            if loss_value.ndim == 0
            else np.full(loss_value.shape, 1 / loss_value.size)
        )
        # Number of paths from each node to the loss (reverse topological order).
        self.count: dict[str, int] = {}
        for nid in reversed(order):
            if nid == loss_node:
                self.count[nid] = 1
            else:
                self.count[nid] = sum(self.count[e.target] for e in self.out[nid])

    def _paths(self, start: str, limit: int) -> list[list[EdgeLike]]:
        """Up to ``limit`` edge paths from ``start`` to the loss, depth first, document order."""
        found: list[list[EdgeLike]] = []

        def walk(node: str, path: list[EdgeLike]) -> None:
            if len(found) >= limit:
                return
            if node == self.loss_node:
                found.append(list(path))
                return
            for e in self.out[node]:
                if self.count[e.target]:
                    path.append(e)
                    walk(e.target, path)
                    path.pop()

        walk(start, [])
        return found

    def _path_product(
        self, path: list[EdgeLike], sample: int | None
    ) -> tuple[list[str], list[str], Array]:
        """Symbolic factors, numeric factors and per-sample value of one path, loss end first."""
        sym_parts: list[str] = []
        num_parts: list[str] = []
        value: Array = self.seed
        if self.seed.ndim == 1:
            sym_parts.append(f"1/{self.seed.size}")
            num_parts.append(number(float(self.seed[0])))
        for e in reversed(path):
            local = np.asarray(self.local[e.id])
            sym_parts.append(partial(self.labels[e.target], self.labels[e.source]))
            num_parts.append(num(local, sample))
            value = value * local
            if e.weight != 1.0:
                sym_parts.append(f"w[{e.id}]")
                num_parts.append(number(e.weight))
                value = value * e.weight
        return sym_parts, num_parts, np.asarray(value, dtype=float)

    def expand_node(self, node: str, sample: int | None, limit: int = 8) -> PathExpansion:
        loss = self.labels[self.loss_node]
        subject = partial(loss, self.labels[node])
        total = np.asarray(self.grads[node])
        return self._expand(subject, node, total, sample, limit, extra=None)

    def expand_edge(self, edge: str, sample: int | None, limit: int = 8) -> PathExpansion:
        e = self.edges[edge]
        loss = self.labels[self.loss_node]
        subject = f"∂{sym(loss)}/∂w[{edge}]"
        total = np.asarray(self.edge_grads[edge])
        return self._expand(subject, e.target, total, sample, limit, extra=e)

    def _expand(
        self,
        subject: str,
        start: str,
        total: Array,
        sample: int | None,
        limit: int,
        extra: EdgeLike | None,
    ) -> PathExpansion:
        count = self.count.get(start, 0)
        if count == 0:
            note = f"no path leads from {sym(self.labels[start])} to the loss"
            text = f"{subject} = 0: {note}"
            return PathExpansion(subject, [], [], [], total, 0, text, [], [("=", "0")], [note])
        if start == self.loss_node and extra is None:
            seed = num(self.seed, sample)
            note = "the loss itself, where the backward pass starts"
            text = f"{subject} = {seed}: {note}"
            return PathExpansion(
                subject, [subject], [seed], [self.seed], total, 1, text, [[]], [("=", seed)], [note]
            )
        paths = self._paths(start, limit)
        symbolic, numeric, values = [], [], []
        for path in paths:
            s, n, v = self._path_product(path, sample)
            if extra is not None:  # dL/dw = (paths from v) · local(e) · value(u)
                local = np.asarray(self.local[extra.id])
                u_value = np.asarray(self.values[extra.source])
                s += [partial(self.labels[extra.target], self.labels[extra.source])]
                s += [sym(self.labels[extra.source])]
                n += [num(local, sample), num(u_value, sample)]
                v = v * local * u_value
            symbolic.append("·".join(s))
            numeric.append(product(n, "·"))
            values.append(np.asarray(v, dtype=float))
        batch = any(v.ndim == 1 for v in values)
        at = f" (sample {(sample or 0) + 1})" if batch else ""
        more = count - len(paths)
        tail = [f"… ({more} more path{'s' if more > 1 else ''})"] if more else []
        sym_terms, num_terms = symbolic + tail, numeric + (["…"] if more else [])
        equation: list[tuple[str, str]] = []
        if " + ".join(sym_terms) == subject:  # one edge into the loss: ∂L/∂p
            pass
        elif len(" + ".join(sym_terms)) > WIDE and len(sym_terms) > 1:  # a path per line
            equation += [("=" if i == 0 else "+", t) for i, t in enumerate(sym_terms)]
            equation += [("=" if i == 0 else "+", t) for i, t in enumerate(num_terms)]
        else:
            equation.append(("=", " + ".join(sym_terms)))
        if " + ".join(num_terms) != " + ".join(sym_terms) and not (
            equation and equation[-1][1] == num_terms[-1]
        ):
            equation.append(("=", " + ".join(num_terms) + at))
        elif equation and at:
            equation[-1] = (equation[-1][0], equation[-1][1] + at)
        if not more:
            piece = values[0]
            for v in values[1:]:
                piece = piece + v
            shown = (num(piece, sample) if batch else num(total, sample)) + at
            if not equation or equation[-1][1] != shown:
                equation.append(("=", shown))
        notes = []
        if more:
            notes.append(
                f"{len(paths)} of {count} paths shown; all of them together give "
                f"{subject} = {num(total, sample)}{at if total.ndim else ''}"
            )
        if batch and total.ndim == 0:
            notes.append(
                f"Summed over the batch of {values[0].size} samples: {subject} = {num(total)}"
            )
        pad = " " * (len(subject) + 1)
        lines = [
            f"{subject if i == 0 else pad} {op} {rhs}" if i == 0 else f"{pad}{op} {rhs}"
            for i, (op, rhs) in enumerate(equation)
        ]
        text = "\n".join(lines + notes)
        edge_paths = [[e.id for e in p] + ([extra.id] if extra else []) for p in paths]
        return PathExpansion(
            subject, symbolic, numeric, values, total, count, text, edge_paths, equation, notes
        )
