"""Walk: step through one evaluation of a graph, forward node by node, backward edge by edge.

A :class:`Walk` evaluates the graph once with the trace recorded (``Plan.run(record=True)``)
and then only moves a cursor over that result; it never recomputes a number and never changes
the graph. Its state is two counters:

- ``forward``: how many nodes of ``Plan.order`` (topological order) have their value shown;
- ``backward``: how many terms of the trace (the engine's edge visit order) have been applied.

Every move (:meth:`step_forward`, :meth:`step_backward`, :meth:`step`, :meth:`run_forward`,
:meth:`run_backward`, :meth:`goto_term`) pushes the previous state on a history stack, so
:meth:`step_back` restores exactly the state before the last move; :meth:`reset` returns to
the start and clears the history. At each state :meth:`overlay` gives the
:class:`~backprop_studio.core.walk.overlay.PassOverlay` the canvas draws and :meth:`rows` the
chain-rule rows a panel lists (the terms so far, plus a sum-rule row after each term that
completes a node several edges leave). Texts follow :mod:`backprop_studio.core.walk.text`;
the explanations (``explain``, ``cost_text``, the local derivatives) are in explain.py.

On big graphs nothing is done per term until it is needed: the trace's numbers are computed
when first read (a CompactTrace), each step reads per-term columns (columns.py) instead of
building terms, and texts are formatted once and kept.

The graph is read once, at construction; a walk over a graph that has since changed is stale
and the UI must build a new one (``Walk(graph)``). Qt-free.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from ..engine.compact_trace import CompactTrace, edge_positions, terms_into
from ..engine.plan import Plan, Result, compile_plan
from ..engine.trace import ChainTerm
from ..model.graph import Graph
from ..ops import OpSpec, get_op
from .columns import TermColumns
from .explain import Inputs, WalkExplanations
from .fold import fold_groups as fold_trace
from .fold import foldable_outputs
from .overlay import LazyTexts, PassOverlay
from .paths import PathExpansion, PathIndex
from .text import (
    num,
    sum_rule_display_text,
    term_display_text,
)

Phase = Literal["idle", "forward", "forward_done", "backward", "done"]


@dataclass(frozen=True)
class WalkState:
    forward: int = 0  # nodes computed
    backward: int = 0  # terms applied


@dataclass(frozen=True)
class WalkRow:
    """One row of the chain-rule list: a term, or the sum rule completing a node."""

    kind: Literal["term", "sum"]
    text: str
    term_index: int  # the term (for a sum row: the term that completed the node)
    edge: str
    node: str  # the node receiving the contribution


@dataclass(frozen=True)
class _NodeInfo:
    id: str
    label: str
    spec: OpSpec
    column: str | None
    out_degree: int


class Walk(WalkExplanations):
    """A cursor over one recorded evaluation of a graph."""

    def __init__(
        self,
        graph: Graph,
        *,
        path_limit: int = 8,
        result: Result | None = None,
        fold_groups: bool = False,
        plan: Plan | None = None,
    ) -> None:
        """``result``: a recorded evaluation of this very graph to reuse (else one is run);
        ``plan``: the plan compiled for it (else the graph is compiled again);
        ``fold_groups``: step each collapsed group as one term (fold.py)."""
        if plan is None or plan.structure_revision != graph.structure_revision:
            plan = compile_plan(graph)  # GraphError (naming the node or edge) if it cannot run
        if result is None or len(result.trace) != len(plan.edge_ids):
            result = plan.run(record=True)
        self.result: Result = result
        self.order: list[str] = list(plan.order)
        self._order_index = {nid: i for i, nid in enumerate(self.order)}
        self.loss_node: str = plan.loss_node
        self.batch_size: int | None = plan.batch_size
        self.path_limit = path_limit
        self.structure_revision = graph.structure_revision
        self.revision = graph.revision
        edges = graph.edges()
        self.edge_count = len(edges)
        self.trainable_edges = {e.id for e in edges if e.trainable}
        self._edges = {e.id: e for e in edges}
        out_degree = Counter(e.source for e in edges)
        self.nodes: dict[str, _NodeInfo] = {}
        for node in graph.nodes():
            spec = get_op(node.op)
            assert spec is not None
            degree = out_degree[node.id]
            self.nodes[node.id] = _NodeInfo(node.id, node.display_name, spec, node.column, degree)
        self.labels = {nid: info.label for nid, info in self.nodes.items()}
        self.loss_label = self.labels[self.loss_node]
        # Inputs of each node in the engine's argument order: (edge id, source id, port).
        self.inputs: Mapping[str, list[tuple[str, str, str]]] = Inputs(plan, self._order_index)
        trace = self.result.trace  # a CompactTrace builds its terms when read
        full: Sequence[ChainTerm] = trace if isinstance(trace, CompactTrace) else list(trace)
        self._full_trace = full  # every edge's own term: its local derivative
        self.trace: Sequence[ChainTerm] = full
        if fold_groups and foldable_outputs(graph):
            self.trace = fold_trace(graph, list(full), self.result.grads)
        self._path_index: PathIndex | None = None  # built when first asked for
        self._plan = plan
        self._counts: dict[str, int] | None = None  # paths to the loss per node, see there
        self._sum_rule_terms: list[int] | None = None  # see sum_rules_so_far
        self._texts: dict[int, str] = {}  # term index -> text, for the current sample
        self._sum_texts: dict[int, str | None] = {}  # term index -> sum rule, same
        self._grad_texts: dict[int, str] = {}  # term index -> its source's gradient so far
        self._sink_grad_texts: dict[str, str] = {}  # sink node -> its gradient (the seed)
        self._so_far: tuple | None = None  # ((state, sample), _grads_so_far()) last computed
        self._value_texts: dict[str, str] = {}  # node id -> value text, for the current sample
        self._batch_inputs = [
            nid
            for nid in self.order
            if self.nodes[nid].spec.name == "input" and np.ndim(self.result.values[nid]) == 1
        ]
        self.sample: int | None = 0 if self.batch_size else None
        self._state = WalkState()
        self._history: list[WalkState] = []

    @cached_property
    def _term_index(self) -> dict[str, int]:
        """Edge id -> the index of its own (unfolded) term."""
        return edge_positions(self._full_trace)

    @cached_property
    def _into(self) -> dict[str, list[int]]:
        """Node id -> the indices of the terms it receives."""
        return terms_into(self.trace)

    @cached_property
    def _columns(self) -> TermColumns:
        """Each term's edge, source and completion (read once the backward pass shows)."""
        return TermColumns(self.trace)

    @property
    def _paths(self) -> PathIndex:
        """Paths to the loss (path expansion), indexed on first use."""
        if self._path_index is None:
            self._path_index = PathIndex(
                self.order,
                list(self._edges.values()),  # the model's edges: id, source, target, weight
                self._full_trace,  # paths run through groups: every edge's local derivative
                self.labels,
                self.loss_node,
                self.result.values,
                self.result.grads,
                self.result.edge_grads,
            )
        return self._path_index

    # ----------------------------------------------------------------- state
    @property
    def state(self) -> WalkState:
        return self._state

    @property
    def forward_total(self) -> int:
        return len(self.order)

    @property
    def backward_total(self) -> int:
        return len(self.trace)

    @property
    def forward_done(self) -> bool:
        return self._state.forward >= self.forward_total

    @property
    def backward_done(self) -> bool:
        return self.forward_done and self._state.backward >= self.backward_total

    @property
    def phase(self) -> Phase:
        f, b = self._state.forward, self._state.backward
        if f == 0:
            return "idle"
        if not self.forward_done:
            return "forward"
        if b == 0:
            return "forward_done"
        return "done" if b >= self.backward_total else "backward"

    @property
    def can_step_back(self) -> bool:
        return bool(self._history)

    def _move(self, state: WalkState) -> bool:
        if state == self._state:
            return False
        self._history.append(self._state)
        self._state = state
        return True

    def step_forward(self) -> bool:
        """Compute the next node (topological order). False when every value is known."""
        if self.forward_done:
            return False
        return self._move(WalkState(self._state.forward + 1, 0))

    def step_backward(self) -> bool:
        """Apply the next term (one edge). Completes the forward pass first if needed."""
        if self.backward_done:
            return False
        b = self._state.backward if self.forward_done else 0
        return self._move(WalkState(self.forward_total, min(b + 1, self.backward_total)))

    def step(self) -> bool:
        """The debugger's Step: backward once the forward pass is complete, else forward."""
        return self.step_backward() if self.forward_done else self.step_forward()

    def run_forward(self) -> bool:
        """Every value at once (gradients cleared)."""
        return self._move(WalkState(self.forward_total, 0))

    def run_backward(self) -> bool:
        """Every value and every gradient at once."""
        return self._move(WalkState(self.forward_total, self.backward_total))

    def goto_term(self, index: int) -> bool:
        """Show the state right after term ``index`` was applied."""
        if not 0 <= index < self.backward_total:
            raise IndexError(f"there is no term {index} (the pass has {self.backward_total})")
        return self._move(WalkState(self.forward_total, index + 1))

    def step_back(self) -> bool:
        """Return exactly to the state before the last move."""
        if not self._history:
            return False
        self._state = self._history.pop()
        return True

    def reset(self) -> None:
        """Back to the start: no values, no gradients, no history."""
        self._state = WalkState()
        self._history.clear()

    def set_sample(self, sample: int | None) -> None:
        """Choose which sample of a batch the texts show (None or 0.. for scalar graphs)."""
        if self.batch_size is None:
            self.sample = None
            return
        if sample is None or not 0 <= sample < self.batch_size:
            raise ValueError(f"sample must be 0 to {self.batch_size - 1}, not {sample!r}")
        if sample != self.sample:
            self.sample = sample
            for cache in (self._texts, self._value_texts, self._sum_texts):
                cache.clear()
            self._grad_texts.clear()
            self._sink_grad_texts.clear()

    def sample_descriptions(self) -> list[str]:
        """One line per sample naming its inputs: ``Sample 2: x₁ = 0, x₂ = 1, y = 1``."""
        if not self.batch_size:
            return []
        out = []
        for s in range(self.batch_size):
            parts = [
                f"{self.labels[n]} = {num(self.result.values[n], s)}" for n in self._batch_inputs
            ]
            out.append(
                f"Sample {s + 1}: " + ", ".join(parts[:6]) + (", …" if len(parts) > 6 else "")
            )
        return out

    # ----------------------------------------------------------------- terms and rows
    def term_text(self, term: ChainTerm) -> str:
        """The term in the lesson's notation, for the selected sample."""
        text = self._texts.get(term.index)
        if text is None:
            text = term_display_text(
                term,
                self.labels,
                self.loss_label,
                self.sample,
                trainable=term.edge in self.trainable_edges,
            )
            self._texts[term.index] = text
        return text

    def edge_label(self, term: ChainTerm) -> str:
        """The term as the canvas writes it beside the edge: the chain-rule product only
        (a trainable weight's gradient stays in the panel's row)."""
        if term.edge not in self.trainable_edges:
            return self.term_text(term)
        return term_display_text(term, self.labels, self.loss_label, self.sample)

    def all_term_texts(self) -> list[str]:
        """Every term of the pass, in the engine's visit order."""
        return [self.term_text(t) for t in self.trace]

    def terms(self) -> list[ChainTerm]:
        """The terms applied so far."""
        return self.trace[: self._state.backward] if self.forward_done else []

    def term_texts(self) -> list[str]:
        return [self.term_text(t) for t in self.terms()]

    @property
    def applied(self) -> int:
        """How many terms have been applied (0 until the forward pass is complete)."""
        return self._state.backward if self.forward_done else 0

    @property
    def current_term(self) -> ChainTerm | None:
        b = self.applied
        return self.trace[b - 1] if b else None

    def sum_rule_text(self, index: int) -> str | None:
        """The sum rule completed by term ``index``, if it completes a node several edges
        leave: ``∂f/∂b = 2 + 3 = 5``."""
        if index in self._sum_texts:
            return self._sum_texts[index]
        columns = self._columns
        source = columns.sources[index]
        text = None
        if columns.completes[index] and self.nodes[source].out_degree >= 2:
            parts = [columns.contribution(i) for i in self._into[source] if i <= index]
            text = sum_rule_display_text(
                self.loss_label, self.labels[source], parts, columns.source_grad(index), self.sample
            )
        self._sum_texts[index] = text
        return text

    def rows(self, first_term: int = 0) -> list[WalkRow]:
        """The chain-rule list at this state: each term, and each completed sum rule.
        ``first_term``: only the rows of the terms from that index on (the rows of a term
        never change as the walk goes on, so a list can append just the new ones)."""
        out: list[WalkRow] = []
        for k in range(first_term, self.applied):
            term = self.trace[k]
            out.append(WalkRow("term", self.term_text(term), term.index, term.edge, term.source))
            rule = self.sum_rule_text(term.index)
            if rule is not None:
                out.append(WalkRow("sum", rule, term.index, term.edge, term.source))
        return out

    # ----------------------------------------------------------------- overlay
    def _value_text(self, nid: str) -> str:
        text = self._value_texts.get(nid)
        if text is None:
            text = self._value_texts[nid] = num(self.result.values[nid], self.sample)
        return text

    def _grads_so_far(self) -> tuple[LazyTexts, set[str], set[str]]:
        """Gradient text of each node so far (written when first read, each kept: a step
        stays cheap late in a big pass), the nodes whose gradient is final, the partial
        ones."""
        key = (self._state, self.sample)
        if self._so_far is not None and self._so_far[0] == key:
            return self._so_far[1]
        args: dict[str, Hashable] = {}
        final: set[str] = set()
        origin = (self, self.sample)
        if not self.forward_done or self._state.backward == 0:
            return LazyTexts(args, self._grad_text, origin), final, set()
        for nid, info in self.nodes.items():
            if info.out_degree == 0:  # the loss (seed) and any other sink (gradient 0)
                args[nid] = nid
                final.add(nid)
        columns = self._columns
        for u, k in columns.last_per_source(self.applied).items():
            args[u] = k
            if columns.completes[k]:
                final.add(u)
        so_far = (LazyTexts(args, self._grad_text, origin), final, set(args) - final)
        self._so_far = (key, so_far)
        return so_far

    def _grad_text(self, arg: Hashable) -> str:
        """A gradient's text: a sink's (``arg`` its id) or the sum so far after term ``arg``."""
        if isinstance(arg, str):
            text = self._sink_grad_texts.get(arg)
            if text is None:
                text = self._sink_grad_texts[arg] = num(self.result.grads[arg], self.sample)
            return text
        text = self._grad_texts.get(arg)
        if text is None:
            text = self._grad_texts[arg] = num(self._columns.source_grad(arg), self.sample)
        return text

    def overlay(self) -> PassOverlay:
        """What the canvas shows at this state."""
        phase = self.phase
        if phase == "idle":
            return PassOverlay()
        f = self._state.forward
        values = {nid: self._value_text(nid) for nid in self.order[:f]}
        if phase in ("forward", "forward_done"):
            return PassOverlay(direction="forward", values=values, current_node=self.order[f - 1])
        grads, final, partial_set = self._grads_so_far()
        term = self.trace[self._state.backward - 1]
        return PassOverlay(
            direction="backward",
            values=values,
            grads=grads,
            final_grads=frozenset(final),
            partial_grads=frozenset(partial_set),
            current_edge=term.edge,
            upstream_node=term.target,
            receiving_node=term.source,
            edge_label=self.edge_label(term),
            visited_edges=frozenset(self._columns.edges[: self.applied]),
            sum_rules=self.sum_rules_so_far(),
        )

    def sum_rules_so_far(self) -> LazyTexts:
        """Node id -> the sum rule of each node whose gradient has completed from several
        paths so far (``∂f/∂b = 2 + 3 = 5``): what the canvas writes beside those nodes.
        Each text is written when first read."""
        if self._sum_rule_terms is None:  # the terms that complete a node several edges leave
            columns = self._columns
            self._sum_rule_terms = [
                k
                for k, u in enumerate(columns.sources)
                if columns.completes[k] and self.nodes[u].out_degree >= 2
            ]
        terms = self._sum_rule_terms
        sources = self._columns.sources
        keys = {sources[k]: k for k in terms[: bisect_left(terms, self.applied)]}
        return LazyTexts(keys, self._sum_rule_of, (self, self.sample))

    def _sum_rule_of(self, index: int) -> str:
        text = self.sum_rule_text(index)
        assert text is not None  # the term completes a node several edges leave
        return text

    def edge_ends(self) -> dict[str, tuple[str, str]]:
        """Every edge id (document order) with its (source, target)."""
        return {eid: (e.source, e.target) for eid, e in self._edges.items()}

    # ----------------------------------------------------------------- path expansion
    def default_path_subject(self) -> tuple[str, str]:
        """What to expand when nothing is chosen: the parameter (or trainable weight, or else
        node) with the most paths to the loss, the first such in order. ("node" | "edge", id)"""
        count = self._path_counts()
        params = [("node", n) for n in self.order if self.nodes[n].spec.name == "parameter"]
        weights = [("edge", e) for e in self._edges if e in self.trainable_edges]
        pool = params + weights or [("node", n) for n in self.order]

        def paths(item: tuple[str, str]) -> int:
            kind, ident = item
            return count[ident] if kind == "node" else count[self._edges[ident].target]

        return max(pool, key=paths)

    def _path_counts(self) -> dict[str, int]:
        """Node id -> its number of paths to the loss (as the path index counts them),
        from the plan's inputs: no index is built before an expansion is asked for."""
        if self._path_index is not None:
            return self._path_index.count
        if self._counts is None:
            plan, order = self._plan, self.order
            counts = [0] * len(order)
            counts[self._order_index[self.loss_node]] = 1
            for i in range(len(order) - 1, -1, -1):  # reverse topological order
                c = counts[i]
                if c:  # (nodes after the loss cannot reach it: they stay 0)
                    for ie in plan.inputs[i]:
                        counts[ie.source] += c
            self._counts = dict(zip(order, counts, strict=True))
        return self._counts

    def path_expansion(
        self, node: str | None = None, edge: str | None = None, limit: int | None = None
    ) -> PathExpansion:
        """The sum over paths to the loss for a node or an edge weight (pass done)."""
        limit = limit or self.path_limit
        if edge is not None:
            if edge not in self._edges:
                raise KeyError(f"there is no edge {edge!r}")
            return self._paths.expand_edge(edge, self.sample, limit)
        if node is None or node not in self.nodes:
            raise KeyError(f"there is no node {node!r}")
        return self._paths.expand_node(node, self.sample, limit)
