"""The walk's explanations: how a node's value is computed, what the last step did, the
cost of the pass, and each node's local derivatives (the tooltips).

:class:`WalkExplanations` is a part of :class:`~backprop_studio.core.walk.steps.Walk` (which
derives from it): it reads the walk's state and recorded result and formats them in the
lesson's notation (:mod:`backprop_studio.core.walk.text`). :class:`Inputs` gives a node's
inputs in the engine's argument order, read from the plan when first asked for. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from ..engine.compact_trace import CompactTrace
from ..engine.plan import Plan
from ..texts import fill, translate
from .text import forward_display_text, local_derivative_lines, num, partial, source_text, sym


class WalkExplanations:
    """Texts about a walk's current state (mixed into Walk, whose attributes it reads)."""

    nodes: dict[str, Any]
    labels: dict[str, str]
    inputs: Mapping[str, list[tuple[str, str, str]]]
    result: Any
    order: list[str]
    trace: Any
    sample: int | None
    batch_size: int | None
    loss_label: str
    edge_count: int
    _edges: dict[str, Any]
    _order_index: dict[str, int]
    _full_trace: Any
    _state: Any

    def forward_text(self, nid: str) -> str:
        """How a node's value is computed: ``c = a + b = 2 + 1 = 3``."""
        info = self.nodes[nid]
        value = self.result.values[nid]
        if info.spec.is_source:
            return source_text(info.label, info.spec.name, value, info.column, self.sample)
        inputs = [
            (self.labels[src], self._edges[eid].weight, self.result.values[src])
            for eid, src, _port in self.inputs[nid]
        ]
        return forward_display_text(info.label, info.spec, inputs, value, self.sample)

    def explain(self) -> str:
        """One or two sentences on the step just taken ("" before the first step)."""
        phase = self.phase
        if phase == "idle":
            return ""
        if phase in ("forward", "forward_done"):
            nid = self.order[self._state.forward - 1]
            text = fill(translate("Walk", "Forward: %1"), self.forward_text(nid))
            if phase == "forward_done":
                loss = f"{sym(self.loss_label)} = {self.result.loss:.6g}"
                text += "  ·  " + fill(translate("Walk", "loss %1"), loss)
            return text
        term = self.trace[self._state.backward - 1]
        u, v = self.labels[term.source], self.labels[term.target]
        known = fill(
            translate("Walk", "%1 = %2 is known"),
            partial(self.loss_label, v),
            num(term.upstream, self.sample),
        )
        grad = num(term.source_grad, self.sample)
        if term.completes_source:
            state = fill(
                translate("Walk", "%1 = %2 is now final"), partial(self.loss_label, u), grad
            )
        else:
            state = fill(
                translate("Walk", "%1 so far = %2 (more edges leave %3)"),
                partial(self.loss_label, u),
                grad,
                sym(u),
            )
        return fill(
            translate("Walk", "Backward, edge %1 (%2 → %3): %4; %5."),
            term.edge,
            sym(u),
            sym(v),
            known,
            state,
        )

    def cost_text(self) -> str:
        """Edges visited / edges in the graph, and what the pass cost."""
        visited = self._state.backward if self.forward_done else 0
        text = fill(translate("Walk", "Edges visited: %1 / %2"), visited, self.edge_count)
        if self.backward_done:
            text += " " + fill(
                translate("Walk", "(engine: %1, each edge once: linear cost)"),
                self.result.edges_visited,
            )
        text += "\n" + fill(
            translate("Walk", "Pass time: forward %1, backward %2 (trace recorded)"),
            _duration(self.result.forward_seconds),
            _duration(self.result.backward_seconds),
        )
        return text

    def local_derivative_texts(
        self, brief: bool = False, only: Iterable[str] | None = None
    ) -> dict[str, str]:
        """:meth:`local_derivative_text` of every node (or of ``only`` these), the gradients
        gathered once."""
        so_far = self._grads_so_far()
        ids = self.order if only is None else [n for n in only if n in self.nodes]
        return {nid: self.local_derivative_text(nid, brief, so_far) for nid in ids}

    def local_derivative_text(
        self, nid: str, brief: bool = False, _so_far: tuple | None = None
    ) -> str:
        """A node's op, its local derivative formula per input with the current numbers, and
        its gradient when known: what a node's tooltip shows. ``brief`` leaves out the op's
        title and formula (for a tooltip that already names them)."""
        info = self.nodes[nid]
        known = self._order_index[nid] < self._state.forward
        lines = []
        if known:
            lines.append(self.forward_text(nid))
        elif not brief:
            lines.append(f"{sym(info.label)}: {info.spec.title}")
        if info.spec.is_source:
            if not brief:
                lines.append("A leaf: nothing flows into it, so it has no local derivative.")
        else:
            if not brief:
                lines.append(f"{info.spec.title}: {info.spec.formula}")
            inputs = [
                (self.labels[src], port, self._local_of(eid) if known else None)
                for eid, src, port in self.inputs[nid]
            ]
            lines.extend(local_derivative_lines(info.label, info.spec, inputs, self.sample))
        grads, final, _ = _so_far or self._grads_so_far()
        if nid in grads:
            state = "final" if nid in final else "partial sum so far"
            g = grads[nid]
            lines.append(f"{partial(self.loss_label, info.label)} = {g} ({state})")
        if self.batch_size and known and self.sample is not None:
            lines.append(f"(numbers for sample {self.sample + 1} of {self.batch_size})")
        return "\n".join(lines)

    def _local_of(self, edge: str) -> np.ndarray:
        k = self._term_index[edge]
        trace = self._full_trace
        return trace.local_of(k) if isinstance(trace, CompactTrace) else trace[k].local


class Inputs(Mapping[str, list[tuple[str, str, str]]]):
    """node id -> its inputs (edge id, source id, port), read from the plan when asked."""

    def __init__(self, plan: Plan, index: dict[str, int]) -> None:
        self._plan, self._index = plan, index
        self._made: dict[str, list[tuple[str, str, str]]] = {}

    def __getitem__(self, nid: str) -> list[tuple[str, str, str]]:
        made = self._made.get(nid)
        if made is None:
            order = self._plan.order
            ins = self._plan.inputs[self._index[nid]]
            made = self._made[nid] = [(ie.edge, order[ie.source], ie.port) for ie in ins]
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def _duration(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"
