"""The chain-rule trace as arrays, from a fast pass: what the stepper reads, built in bulk.

The reference engine records a :class:`~.trace.ChainTerm` object per edge as it visits it
(~1 kB and tens of microseconds each). Every number of a term follows from the pass's final
values and gradients: the upstream dL/dv is v's final gradient (v is complete when its edges
are visited), the local derivative is the op's registry function at the pass's arguments, the
contribution is upstream x local x weight, and u's partial gradient after the term is the sum
of u's contributions so far, in the reference's visit order. :class:`CompactTrace` computes
these once per (op, number of inputs) group of nodes with numpy, keeps them in a few arrays
(about 50 bytes per term without a batch) and builds a ChainTerm only when one is read; its
text is formatted on first read too. The visit order is laid out when the trace is made; the
numbers (local derivatives, contributions, running sums) when a term's number is first read,
so a walk that only shows the forward pass never computes them. It reads like the reference's list of terms (length,
index, slice, iteration) and gives the same terms (tests/core/test_compact_trace.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from .kernels import unneeded_exponent_local
from .trace import ChainTerm

Array = np.ndarray


class CompactTrace(Sequence[ChainTerm]):
    """Every term of one pass over a compiled plan, as arrays in the reference's visit order."""

    def __init__(self, plan: Any, values: list[Any], grads: list[Any], weights: Array) -> None:
        """``plan``: a :class:`~.plan.Plan`; ``values``/``grads``: its pass's final node
        values and gradients in plan order; ``weights``: the edge weights of that pass."""
        self._plan = plan
        n = len(plan.order)
        width = plan.batch_size or 1
        self._batch = np.array([np.ndim(v) == 1 for v in values], dtype=bool)
        V = np.empty((n, width))
        G = np.empty((n, width))
        for i in range(n):
            V[i] = values[i]
            G[i] = grads[i]
        self._G = G
        self._weights = np.array(weights, dtype=float)

        # visit order: nodes in backward order, each node's inputs in port order
        edge, src, tgt, port = [], [], [], []
        for i in plan.backward_nodes:
            for k, ie in enumerate(plan.inputs[i]):
                edge.append(ie.index)
                src.append(ie.source)
                tgt.append(i)
                port.append(k)
        t = len(edge)
        self._edge = np.array(edge, dtype=np.int32)
        self._src = np.array(src, dtype=np.int32)
        self._tgt = np.array(tgt, dtype=np.int32)
        self._port = np.array(port, dtype=np.int16)
        self._V = V
        last: dict[int, int] = {u: k for k, u in enumerate(src)}
        self._completes = np.zeros(t, dtype=bool)
        self._completes[list(last.values())] = True
        self._numbers: _Numbers | None = None  # the terms' numbers, computed when first read
        self._loss_label = plan.labels[plan.loss_index]
        self._index_of_edge: dict[str, int] | None = None
        self._built: dict[int, ChainTerm] = {}  # the terms read so far (a walk rereads them)

    # ----------------------------------------------------------------- numbers
    @property
    def _n(self) -> _Numbers:
        """Local derivatives, contributions, weight and source gradients of every term:
        computed from the pass's values and gradients when a term's number is first read
        (a walk that only shows values never pays for them)."""
        if self._numbers is None:
            with np.errstate(all="ignore"):  # inf and nan are numbers the walk shows
                self._numbers = self._compute()
        return self._numbers

    def _value(self, i: int) -> Array:
        """Node ``i``'s value in the shape the reference sees (0-d unless a batch)."""
        return np.asarray(self._V[i] if self._batch[i] else self._V[i, 0])

    def _compute(self) -> _Numbers:
        plan, t, width = self._plan, len(self._edge), self._V.shape[1]
        port, tgt = self._port, self._tgt
        first_term: dict[int, int] = {}  # node -> the index of its first input's term
        for k in np.flatnonzero(port == 0).tolist():
            first_term.setdefault(int(tgt[k]), k)

        local = np.empty((t, width))
        term_batch = np.zeros(t, dtype=bool)
        groups: dict[tuple[str, int], list[int]] = {}
        for i, k0 in first_term.items():
            spec = plan.specs[i]
            ins = plan.inputs[i]
            # the local derivative has the target's shape (an elementwise op), or the shape
            # the registry gives a reducing op (a loss's target port may be a scalar)
            term_batch[k0 : k0 + len(ins)] = self._batch[i]
            if spec.reduces:  # one node at a time, in the shapes the reference sees
                args = [self._weights[ie.index] * self._value(ie.source) for ie in ins]
                out = self._value(i)
                for p in range(len(ins)):
                    lp = np.asarray(spec.local(args, out, p), dtype=float)
                    local[k0 + p] = lp
                    term_batch[k0 + p] = lp.ndim == 1
            else:
                groups.setdefault((spec.name, len(ins)), []).append(i)
        for (_name, arity), members in groups.items():
            spec = plan.specs[members[0]]
            rows = np.array([first_term[i] for i in members], dtype=np.intp)
            args = [
                self._weights[self._edge[rows + p]][:, None] * self._V[self._src[rows + p]]
                for p in range(arity)
            ]
            out = self._V[np.array(members, dtype=np.intp)]
            for p in range(arity):
                lp = np.broadcast_to(spec.local(args, out, p), out.shape)
                if spec.name == "pow" and p == 1:
                    needed = plan.edge_needs_grad[self._edge[rows + 1]]
                    lp = np.where(needed[:, None], lp, unneeded_exponent_local(args[0], lp))
                local[rows + p] = lp

        through = self._G[self._tgt] * local
        w = self._weights[self._edge][:, None]
        contribution = through * w
        source_batch = self._batch[self._src]
        summed = ~source_batch & term_batch  # a scalar fed into a batch: sum over the batch
        if summed.any():
            contribution[summed] = contribution[summed].sum(axis=1, keepdims=True)
        product = through * self._V[self._src]
        per_sample = term_batch | source_batch
        weight_grad = np.where(per_sample, product.sum(axis=1), product[:, 0])

        source_grad = _running_sums(self._src, contribution)
        return _Numbers(local, term_batch, contribution, weight_grad, source_grad)

    # ----------------------------------------------------------------- sequence
    def __len__(self) -> int:
        return len(self._edge)

    @overload
    def __getitem__(self, k: int) -> ChainTerm: ...
    @overload
    def __getitem__(self, k: slice) -> list[ChainTerm]: ...
    def __getitem__(self, k: int | slice) -> ChainTerm | list[ChainTerm]:
        if isinstance(k, slice):
            return [self._term(i) for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(f"there is no term {k}")
        return self._term(k)

    def __iter__(self) -> Iterator[ChainTerm]:
        for k in range(len(self)):
            yield self._term(k)

    def _term(self, k: int) -> ChainTerm:
        term = self._built.get(k)
        if term is None:
            term = self._built[k] = self._make_term(k)
        return term

    def _make_term(self, k: int) -> ChainTerm:
        plan = self._plan
        j, u, i = int(self._edge[k]), int(self._src[k]), int(self._tgt[k])
        u_batch, i_batch = bool(self._batch[u]), bool(self._batch[i])
        return ChainTerm(
            index=k,
            edge=plan.edge_ids[j],
            source=plan.order[u],
            target=plan.order[i],
            port=plan.inputs[i][int(self._port[k])].port,
            upstream=_shaped(self._G[i], i_batch),
            local=_shaped(self._n.local[k], bool(self._n.term_batch[k])),
            weight=float(self._weights[j]),
            contribution=_shaped(self._n.contribution[k], u_batch),
            weight_grad=float(self._n.weight_grad[k]),
            source_grad=_shaped(self._n.source_grad[k], u_batch),
            completes_source=bool(self._completes[k]),
            labels=(self._loss_label, plan.labels[u], plan.labels[i]),
        )

    # ----------------------------------------------------------------- look-ups
    def index_of_edge(self, edge: str) -> int:
        """The term that visits ``edge``."""
        if self._index_of_edge is None:
            ids = self._plan.edge_ids
            self._index_of_edge = {ids[j]: k for k, j in enumerate(self._edge.tolist())}
        return self._index_of_edge[edge]

    def terms_into(self) -> dict[str, list[int]]:
        """Each node's terms (the edges leaving it), in visit order."""
        order = self._plan.order
        into: dict[str, list[int]] = {}
        for k, u in enumerate(self._src.tolist()):
            into.setdefault(order[u], []).append(k)
        return into

    def columns(self) -> tuple[list[str], list[str], list[bool]]:
        """Every term's edge id, source node id and whether it completes its source, in
        visit order (plain lists, without building a term)."""
        ids, order = self._plan.edge_ids, self._plan.order
        edges = [ids[j] for j in self._edge.tolist()]
        sources = [order[u] for u in self._src.tolist()]
        return edges, sources, self._completes.tolist()

    def contribution_of(self, k: int) -> Array:
        """Term ``k``'s contribution to its source's gradient (without building the term)."""
        row = self._n.contribution[k]
        return row.copy() if self._batch[self._src[k]] else row[0]

    def source_grad_of(self, k: int) -> Array:
        """Term ``k``'s source gradient so far (without building the term)."""
        row = self._n.source_grad[k]
        return row.copy() if self._batch[self._src[k]] else row[0]

    def local_of(self, k: int) -> Array:
        """Term ``k``'s local derivative (without building the term)."""
        return _shaped(self._n.local[k], bool(self._n.term_batch[k]))

    def nbytes(self) -> int:
        """Memory held per pass by the term arrays (not the shared values and gradients)."""
        n = self._n
        arrays = (self._edge, self._src, self._tgt, self._port, n.local, n.term_batch)
        more = (n.contribution, n.weight_grad, n.source_grad, self._completes)
        return sum(a.nbytes for a in arrays + more)


@dataclass(frozen=True)
class _Numbers:
    local: Array  # (terms, width): dv/d(input)
    term_batch: Array  # (terms,): the local derivative is per sample
    contribution: Array  # (terms, width): added to the source's gradient
    weight_grad: Array  # (terms,): dL/dw of the term's edge
    source_grad: Array  # (terms, width): the source's gradient after the term


def _running_sums(src: Array, contribution: Array) -> Array:
    """Each term's source gradient so far: the sum of that source's contributions up to it,
    added one by one in visit order (the reference's arithmetic), one numpy step per rank
    (a source's first term, its second, ...) rather than one per term."""
    t = len(src)
    out = np.array(contribution, dtype=float)
    if t == 0:
        return out
    order = np.argsort(src, kind="stable")  # each source's terms together, in visit order
    ordered = src[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    start_of = np.maximum.accumulate(np.where(starts, np.arange(t), 0))
    rank = np.arange(t) - start_of
    for r in range(1, int(rank.max()) + 1):
        at = order[rank == r]  # the r-th term of each source that has one
        before = order[np.flatnonzero(rank == r) - 1]  # that source's previous term
        out[at] = out[before] + contribution[at]
    return out


def _shaped(row: Array, batch: bool) -> Array:
    return np.array(row) if batch else np.array(row[0])


class _EdgeLocals(Mapping[str, Array]):
    """edge id -> its term's local derivative, read from the arrays on demand."""

    def __init__(self, trace: CompactTrace) -> None:
        self._trace = trace

    def __getitem__(self, edge: str) -> Array:
        return self._trace.local_of(self._trace.index_of_edge(edge))

    def __iter__(self) -> Iterator[str]:
        return (t.edge for t in self._trace)

    def __len__(self) -> int:
        return len(self._trace)


def edge_positions(trace: Sequence[ChainTerm]) -> dict[str, int]:
    """edge id -> the index of the term visiting it, for a compact or a recorded trace."""
    if isinstance(trace, CompactTrace):
        ids = trace._plan.edge_ids
        return {ids[j]: k for k, j in enumerate(trace._edge.tolist())}
    return {t.edge: t.index for t in trace}


def terms_into(trace: Sequence[ChainTerm]) -> dict[str, list[int]]:
    """node id -> the indices of the terms it receives, in visit order."""
    if isinstance(trace, CompactTrace):
        return trace.terms_into()
    into: dict[str, list[int]] = {}
    for term in trace:
        into.setdefault(term.source, []).append(term.index)
    return into


def locals_by_edge(trace: Sequence[ChainTerm]) -> Mapping[str, Array]:
    """edge id -> its term's local derivative; built on read for a compact trace."""
    if isinstance(trace, CompactTrace):
        return _EdgeLocals(trace)
    return {t.edge: t.local for t in trace}
