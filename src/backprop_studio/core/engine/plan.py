"""The engine: compile a Graph into a Plan once, then run forward and backward passes on it.

Execution semantics
-------------------
- Every node's value is a numpy array: 0-d for a scalar, 1-d of length N for a batch of N
  samples. Parameters and edge weights are scalars; an input with a list value or a data
  column is a batch. Scalars broadcast against batches.
- An edge u -> v.port carries ``weight * value(u)``. A variadic port (``add``/``mul`` ``in``)
  takes its edges in document order.
- The objective L is the value of the loss node, averaged over the batch if it is not a scalar.
- Backward visits every edge exactly once, nodes in reverse topological order, so an edge
  u -> v is visited only after every edge leaving v: dL/dv is complete when it is used. The
  visit adds ``upstream * local * weight`` to dL/du (summed over the batch when u is a
  scalar) and ``sum(upstream * local * value(u))`` to dL/dw. Cost: linear in the edges.
- ``record=True`` keeps each visit as a :class:`ChainTerm` (the Trace the stepper shows): on a
  fast path as a :class:`~.compact_trace.CompactTrace` computed in bulk from the pass's final
  values and gradients (terms built when read), on the reference path as it visits.

The Plan holds the topological order and per-node input lists, built once per structural
change; a pass never touches networkx. Trainables (parameters marked trainable, then edges
marked trainable, in document order) form the vector ``theta`` that training updates.

Three engines run a Plan. The per-node numpy loop below is the reference: it is the oracle and
the only one that records the trace. Passes without recording (training calls thousands)
run on a fast path chosen once per plan from the graph's shape (``plan.path``): the
level-grouped ``"vectorized"`` engine (vectorized.py) for wide graphs and batches, or
the ``"scalar"`` float loop (scalar.py) for deep narrow graphs without a batch (and the
reference itself for deep narrow graphs with a batch; see choose.py). Both give the
reference's values and gradients (tests/core/test_engine_paths.py). If the float loop meets
a case it cannot compute in floats, the plan moves to the vectorized path for good
(``plan.fallback`` says why); no pass reruns on the reference.

``pow`` follows PyTorch: d(base^exponent)/d(exponent) = base^exponent ln(base) is nan where the
base is negative, but only where that gradient is needed (``plan.edge_needs_grad``: the edge's
weight is trainable, or its source is or depends on a trainable). Elsewhere it is taken as 0
where the base is negative, so a constant exponent never spreads nan; positive bases keep
their gradient everywhere (the stepper shows it).
"""

from __future__ import annotations

import functools
import time
from functools import cached_property

import numpy as np

from ..model.collector import paused_gc
from ..model.errors import GraphError
from ..model.graph import Edge, Graph
from ..ops import OpSpec, get_op
from .choose import PATHS, choose_path, graph_shape, make_result, node_levels
from .compact_trace import CompactTrace
from .compiled import FastPass, FlatInputs, InEdge, edges_needing_grad
from .kernels import unneeded_exponent_local
from .result import Result
from .scalar import ScalarEngine, ScalarFallback
from .trace import ChainTerm
from .vectorized import VectorizedEngine

__all__ = ["Plan", "Result", "compile_plan", "evaluate"]

Array = np.ndarray


class Plan:
    """A compiled graph: order, inputs and trainables, ready for repeated passes."""

    def __init__(self, graph: Graph, path: str = "auto") -> None:
        if path not in PATHS:
            raise ValueError(f"unknown engine path {path!r}; one of {', '.join(PATHS)}")
        problems = graph.problems()
        if problems:
            raise GraphError(
                problems[0].message, node=problems[0].node, edge=problems[0].edge, problems=problems
            )
        self.order: list[str] = graph.topological_order()
        self.index = {nid: i for i, nid in enumerate(self.order)}
        self.backward_nodes: list[int] = [self.index[nid] for nid in graph.backward_order()]
        document = in_order = graph.nodes()  # the usual file: its document order is topological
        if [n.id for n in document] != self.order:
            by_id = {n.id: n for n in document}
            in_order = [by_id[nid] for nid in self.order]
        spec_of = {op: get_op(op) for op in {n.op for n in in_order}}  # one look-up per op
        self.specs: list[OpSpec] = [spec_of[n.op] for n in in_order]  # type: ignore[misc]
        self.labels: list[str] = [n.label or n.id for n in in_order]  # Node.display_name
        loss = graph.loss_node()
        assert loss is not None
        self.loss_node = loss
        self.loss_index = self.index[loss]

        # Inputs of every node in port order, variadic edges in document order.
        graph_edges = graph.edges()
        self.edge_ids: list[str] = [e.id for e in graph_edges]
        self.edge_index = dict(zip(self.edge_ids, range(len(self.edge_ids)), strict=True))
        self.inputs: list[list[InEdge]]
        self.inputs, self.flat_inputs = _inputs(self.index, self.specs, graph_edges)
        self.weights = np.array([e.weight for e in graph_edges], dtype=float)
        self.out_degree = np.bincount(self.flat_inputs.sources, minlength=len(self.order)).tolist()

        # Source values: inputs (constants or data columns) and parameters.
        self.source_values: dict[int, Array] = {}
        self.batch_size: int | None = None
        for i, node in enumerate(in_order):
            if node.op == "input":
                raw = graph.data[node.column] if node.column is not None else node.value
                # a copy: the plan may run in another thread while the graph changes
                self.source_values[i] = np.array(raw, dtype=float)
                if self.source_values[i].ndim == 1:
                    self.batch_size = self.source_values[i].size
            elif node.op == "parameter":
                self.source_values[i] = np.asarray(float(node.value), dtype=float)  # type: ignore[arg-type]

        # graph.trainables(), on the lists at hand (each is a walk of 100,000 items)
        train_nodes = [n.id for n in document if n.op == "parameter" and n.trainable]
        train_edges = [e.id for e in graph_edges if e.trainable]
        self.trainable_nodes = train_nodes
        self.trainable_edges = train_edges
        self._theta_nodes = np.array([self.index[n] for n in train_nodes], dtype=int)
        self._theta_edges = np.array([self.edge_index[e] for e in train_edges], dtype=int)
        self.structure_revision = graph.structure_revision
        self.fallback: str | None = None  # why the float loop gave way, once it has
        self._compile_fast(path)

    def _compile_fast(self, path: str) -> None:
        """Source vectors for the fast paths, then the fast engine this graph's shape wants."""
        self.scalar_sources = np.array(
            [i for i, v in self.source_values.items() if v.ndim == 0], dtype=np.intp
        )
        self.batch_sources = np.array(
            [i for i, v in self.source_values.items() if v.ndim == 1], dtype=np.intp
        )
        self._scalar_values = np.array(
            [float(self.source_values[i]) for i in self.scalar_sources], dtype=float
        )
        self._batch_matrix = (
            np.stack([self.source_values[i] for i in self.batch_sources])
            if len(self.batch_sources)
            else None
        )
        position = {int(i): k for k, i in enumerate(self.scalar_sources)}
        self._theta_positions = np.array(
            [position[int(i)] for i in self._theta_nodes], dtype=np.intp
        )
        levels = node_levels(self.inputs, len(self.order))
        self._levels = levels
        self.shape = graph_shape(self, levels)
        if path == "auto":
            path = choose_path(self.shape)
        if path == "scalar" and self.batch_size is not None:
            raise ValueError("the scalar engine path needs a graph without batch inputs")
        self.path = path
        self._vectorized = VectorizedEngine(self, levels) if path == "vectorized" else None
        self._scalar = ScalarEngine(self) if path == "scalar" else None

    @cached_property
    def edge_needs_grad(self) -> Array:
        """PyTorch's ``requires_grad`` per edge (only pow's exponent reads it: worked out
        when first read, so a graph without pow never pays the walk over every edge)."""
        needs = edges_needing_grad(
            self.inputs, self._theta_nodes, self._theta_edges, len(self.edge_ids)
        )
        return np.array(needs, dtype=bool)

    # ----------------------------------------------------------------- trainables
    @property
    def trainable_ids(self) -> list[tuple[str, str]]:
        """("node", id) for each trainable parameter, then ("edge", id) for each weight."""
        return [("node", n) for n in self.trainable_nodes] + [
            ("edge", e) for e in self.trainable_edges
        ]

    def theta(self) -> Array:
        """The current trainable values as one vector (parameters, then weights)."""
        return np.concatenate(
            [self._scalar_values[self._theta_positions], self.weights[self._theta_edges]]
        )

    def set_theta(self, theta: Array) -> None:
        """Make ``theta`` the plan's current trainable values (for every later pass)."""
        k = len(self._theta_nodes)
        for i, v in zip(self._theta_nodes, theta[:k], strict=True):
            self.source_values[int(i)] = np.asarray(float(v))
        self._scalar_values[self._theta_positions] = theta[:k]
        self.weights[self._theta_edges] = theta[k:]

    def theta_dicts(self, theta: Array) -> tuple[dict[str, float], dict[str, float]]:
        """Split a theta vector into {parameter id: value} and {edge id: weight}."""
        k = len(self.trainable_nodes)
        return (
            {n: float(v) for n, v in zip(self.trainable_nodes, theta[:k], strict=True)},
            {e: float(w) for e, w in zip(self.trainable_edges, theta[k:], strict=True)},
        )

    # ----------------------------------------------------------------- passes
    def forward(self, rows: Array | None = None) -> dict[str, Array]:
        return self.run(rows=rows, backward=False).values

    def run(
        self,
        theta: Array | None = None,
        rows: Array | None = None,
        *,
        backward: bool = True,
        record: bool = False,
    ) -> Result:
        """Forward (and backward) pass. ``theta`` overrides the trainables for this pass only;
        ``rows`` picks samples of every batch input (mini-batches). ``record`` keeps the
        chain-rule trace (reference engine); otherwise the plan's fast path runs."""
        if self.path != "reference" and not (record and (theta is not None or rows is not None)):
            fast = self._run_fast(theta, rows, backward or record)
            if fast is not None:
                result = make_result(self, fast)
                if record:
                    assert fast.grads_in_order is not None
                    result.trace = CompactTrace(  # type: ignore[assignment]
                        self, fast.values_in_order(), fast.grads_in_order(), self.weights
                    )
                return result
        return self._run_reference(theta, rows, backward, record)

    def loss_and_grad(self, theta: Array, rows: Array | None = None) -> tuple[float, Array]:
        """L and dL/dtheta, for optimizers (no Result dictionaries are built)."""
        fast = self._run_fast(theta, rows, True, keep=False) if self.path != "reference" else None
        if fast is None:
            result = self._run_reference(theta, rows, True, False)
            return result.loss, self.grad_vector(result)
        assert fast.scalar_grads is not None and fast.edge_grads is not None
        g_nodes = fast.scalar_grads(self._theta_nodes)
        return fast.loss, np.concatenate([g_nodes, fast.edge_grads[self._theta_edges]])

    def _run_reference(
        self, theta: Array | None, rows: Array | None, backward: bool, record: bool
    ) -> Result:
        saved = None
        if theta is not None:
            saved = self.theta()
            self.set_theta(np.asarray(theta, dtype=float))
        try:
            with np.errstate(all="ignore"):
                return self._run(rows, backward, record)
        finally:
            if saved is not None:
                self.set_theta(saved)

    def _run_fast(
        self, theta: Array | None, rows: Array | None, backward: bool, keep: bool = True
    ) -> FastPass | None:
        """A pass on the fast path, or None when the reference must run it instead.
        ``keep=False``: only the loss and gradient vector will be read (buffers are reused)."""
        weights, scalar_values = self.weights, self._scalar_values
        if theta is not None:
            theta = np.asarray(theta, dtype=float)
            k = len(self._theta_nodes)
            scalar_values = scalar_values.copy()
            scalar_values[self._theta_positions] = theta[:k]
            weights = weights.copy()
            weights[self._theta_edges] = theta[k:]
        with np.errstate(all="ignore"):
            if self._scalar is not None:
                try:
                    return self._scalar.run(weights, scalar_values, backward)
                except ScalarFallback as exc:
                    self._give_up_scalar(str(exc))
            assert self._vectorized is not None
            batch = self._batch_matrix
            if batch is not None and rows is not None:
                batch = batch[:, np.asarray(rows)]
                if batch.shape[1] == 0:
                    return None
            return self._vectorized.run(weights, scalar_values, batch, backward, keep)

    def _give_up_scalar(self, reason: str) -> None:
        """The float loop met something only numpy computes: remember it, so that this pass and
        every later one run on the vectorized path (numpy's semantics, never the reference)."""
        self.fallback = reason
        self._scalar = None
        self.path = "vectorized"
        self._vectorized = VectorizedEngine(self, self._levels)

    def grad_vector(self, result: Result) -> Array:
        g_nodes = [float(result.grads[self.order[i]]) for i in self._theta_nodes]
        g_edges = [result.edge_grads[self.edge_ids[j]] for j in self._theta_edges]
        return np.array(g_nodes + g_edges, dtype=float)

    def _run(self, rows: Array | None, backward: bool, record: bool) -> Result:
        t0 = time.perf_counter()
        n = len(self.order)
        values: list[Array] = [np.zeros(())] * n
        args_of: list[list[Array]] = [[]] * n
        for i in range(n):
            if i in self.source_values:
                v = self.source_values[i]
                if rows is not None and v.ndim == 1:
                    v = v[rows]
                values[i] = v
                continue
            args = [self.weights[ie.index] * values[ie.source] for ie in self.inputs[i]]
            args_of[i] = args
            values[i] = np.asarray(self.specs[i].forward(args), dtype=float)  # type: ignore[misc]
        lv = values[self.loss_index]
        loss = float(lv) if lv.ndim == 0 else float(lv.mean())
        t1 = time.perf_counter()
        result = Result(
            loss,
            self.loss_node,
            dict(zip(self.order, values, strict=True)),
            forward_seconds=t1 - t0,
        )
        if backward:
            self._backward(values, args_of, result, record)
            result.backward_seconds = time.perf_counter() - t1
        return result

    def _backward(
        self, values: list[Array], args_of: list[list[Array]], result: Result, record: bool
    ) -> None:
        grads: list[Array] = [np.zeros_like(v) for v in values]
        lv = values[self.loss_index]
        grads[self.loss_index] = (
            np.ones_like(lv) if lv.ndim == 0 else np.full_like(lv, 1.0 / lv.size)
        )
        remaining = list(self.out_degree)
        edge_grads = np.zeros(len(self.edge_ids))
        loss_label = self.labels[self.loss_index]
        visited = 0
        for i in self.backward_nodes:
            ins = self.inputs[i]
            if not ins:
                continue
            spec = self.specs[i]
            args = args_of[i]
            upstream = grads[i]
            for k, ie in enumerate(ins):
                j = ie.index
                w = self.weights[j]
                local = np.asarray(spec.local(args, values[i], k), dtype=float)  # type: ignore[misc]
                if k == 1 and spec.name == "pow" and not self.edge_needs_grad[j]:
                    local = unneeded_exponent_local(args[0], local)
                through = upstream * local
                u = ie.source
                contribution = _reduce_to(through * w, values[u].shape)
                grads[u] = grads[u] + contribution
                # each edge is visited once, so its weight's gradient is final right here
                edge_grads[j] = weight_grad = float(np.sum(through * values[u]))
                remaining[u] -= 1
                visited += 1
                if record:
                    result.trace.append(
                        ChainTerm(
                            index=len(result.trace),
                            edge=ie.edge,
                            source=self.order[u],
                            target=self.order[i],
                            port=ie.port,
                            upstream=np.array(upstream),
                            local=np.broadcast_to(
                                local, np.broadcast(local, upstream).shape
                            ).copy(),
                            weight=float(w),
                            contribution=contribution,
                            weight_grad=weight_grad,
                            source_grad=np.array(grads[u]),
                            completes_source=remaining[u] == 0,
                            labels=(loss_label, self.labels[u], self.labels[i]),
                        )
                    )
        result.grads = dict(zip(self.order, grads, strict=True))
        result.edge_grads = dict(zip(self.edge_ids, (float(g) for g in edge_grads), strict=True))
        result.edges_visited = visited


def _inputs(
    index: dict[str, int], specs: list[OpSpec], edges: list[Edge]
) -> tuple[list[list[InEdge]], FlatInputs]:
    """Each node's inputs (plan order): by port, a variadic port's edges in document order;
    and the same as flat arrays."""
    sources = list(map(index.__getitem__, [e.source for e in edges]))
    targets = list(map(index.__getitem__, [e.target for e in edges]))
    ids = [e.id for e in edges]
    ports = [e.port for e in edges]
    distinct = {spec.name: spec for spec in specs}.values()
    port_rank = {(spec.name, p): k for spec in distinct for k, p in enumerate(spec.port_names)}
    names = [spec.name for spec in specs]
    ranks = list(
        map(port_rank.__getitem__, zip(map(names.__getitem__, targets), ports, strict=True))
    )
    by_node_array = np.lexsort((np.arange(len(edges)), ranks, targets))  # stable
    by_node = by_node_array.tolist()
    # InEdge(id, source, port, j) for each j in by_node, made by tuple.__new__ (in C)
    make = functools.partial(tuple.__new__, InEdge)
    pick = [map(column.__getitem__, by_node) for column in (ids, sources, ports)]
    flat = list(map(make, zip(*pick, by_node, strict=True)))
    starts = np.zeros(len(specs) + 1, dtype=np.intp)
    np.cumsum(np.bincount(targets, minlength=len(specs)), out=starts[1:])
    bounds = starts.tolist()
    sorted_sources = np.array(sources, dtype=np.intp)[by_node_array]
    arrays = FlatInputs(sorted_sources, by_node_array.astype(np.intp), starts)
    return [flat[bounds[i] : bounds[i + 1]] for i in range(len(specs))], arrays


def _reduce_to(x: Array, shape: tuple[int, ...]) -> Array:
    """Sum a broadcast gradient back to the shape of the value it belongs to."""
    x = np.asarray(x, dtype=float)
    if x.shape == shape:
        return x
    if shape == ():
        return np.asarray(x.sum())
    return np.broadcast_to(x, shape).astype(float)


def compile_plan(graph: Graph, path: str = "auto") -> Plan:
    """Compile once per structural change; raises GraphError naming the first problem.

    ``path`` picks the engine for passes without recording: ``"auto"`` (by the graph's shape),
    ``"vectorized"``, ``"scalar"`` (graphs without a batch) or ``"reference"``."""
    with paused_gc():  # hundreds of thousands of small objects, no cycles (collector.py)
        return Plan(graph, path)


def evaluate(graph: Graph, *, record: bool = True) -> Result:
    """Forward and backward on the graph as it is, with the trace recorded."""
    return compile_plan(graph).run(record=record)
