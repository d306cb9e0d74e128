"""A small graph without a batch evaluated on Python floats, trace included, without numpy.

``import numpy`` costs 0.2-0.3 s of CPU: more than everything else ``backprop-studio eval``
does with a small file. :func:`evaluate_floats` compiles a graph the way plan.py does (the
same problems refused, the same forward and backward orders, each node's inputs in port
order and a variadic port's in document order, the same trainables and pow rule), runs the
scalar engine's loops on it (scalar.py: plain floats, the reference's semantics) and computes
the chain-rule terms as :class:`~.compact_trace.CompactTrace` does from the pass's final
values and gradients: the upstream is the target's gradient, the local derivative the op's
at the pass's arguments, the contribution upstream x local x weight, the source's gradient
so far a running sum in visit order. Values, gradients and terms are floats (``to_plain``
and the term texts take them as they are).

It answers None where the numpy plan must run instead: a batch (an input with a list value
or a data column), more than :data:`LIMIT` nodes, or a pass the float loop cannot do in
floats. An op without a float kernel, or a number ``math`` refuses (``math.log(0)``), is
computed by the registry's numpy functions for that node only (numpy is imported then).
tests/core/test_engine_floats.py compares it with the plan on graphs using every op.
"""

from __future__ import annotations

from ..model.errors import GraphError
from ..model.graph import Graph
from ..ops import OpSpec, get_op
from .compiled import InEdge, edges_needing_grad
from .result import Result
from .scalar import BINARY, UNARY, ScalarEngine, np_locals, pow_local_base
from .trace import ChainTerm

LIMIT = 5_000  # nodes; above this the numpy plan compiles faster than these Python loops


class FloatPlan:
    """A graph compiled into plain lists (what the scalar engine reads of a Plan)."""

    def __init__(self, graph: Graph) -> None:
        problems = graph.problems()
        if problems:  # as compile_plan raises it
            first = problems[0]
            raise GraphError(first.message, node=first.node, edge=first.edge, problems=problems)
        self.order: list[str] = graph.topological_order()
        index = {nid: i for i, nid in enumerate(self.order)}
        self.backward_nodes = [index[nid] for nid in graph.backward_order()]
        nodes = {n.id: n for n in graph.nodes()}
        self.specs: list[OpSpec] = [get_op(nodes[nid].op) for nid in self.order]  # type: ignore[misc]
        self.labels = [nodes[nid].display_name for nid in self.order]
        loss = graph.loss_node()
        assert loss is not None
        self.loss_node = loss
        self.loss_index = index[loss]
        edges = graph.edges()
        self.edge_ids = [e.id for e in edges]
        self.weights = [float(e.weight) for e in edges]
        self.inputs = _inputs(index, self.specs, edges)
        self.batch_size = None
        self.scalar_sources: list[int] = []
        self.source_values: list[float] = []
        for i, nid in enumerate(self.order):
            node = nodes[nid]
            if node.op in ("input", "parameter"):
                self.scalar_sources.append(i)
                self.source_values.append(float(node.value))  # type: ignore[arg-type]
        train_nodes, train_edges = graph.trainables()
        edge_index = {eid: j for j, eid in enumerate(self.edge_ids)}
        self.edge_needs_grad = edges_needing_grad(
            self.inputs,
            [index[n] for n in train_nodes],
            [edge_index[e] for e in train_edges],
            len(self.edge_ids),
        )


def has_batch(graph: Graph) -> bool:
    """Whether an input feeds a batch (a list value or a data column)."""
    return any(
        n.op == "input" and (n.column is not None or isinstance(n.value, list))
        for n in graph.nodes()
    )


def evaluate_floats(graph: Graph) -> Result | None:
    """Forward and backward with the trace, as ``evaluate(graph)`` gives them, or None where
    the numpy plan must run (a batch, a big graph, a pass the floats cannot do). Raises
    GraphError for a graph that cannot be evaluated, as ``evaluate`` does."""
    if len(graph) > LIMIT or has_batch(graph):
        return None
    plan = FloatPlan(graph)
    engine = ScalarEngine(plan)  # type: ignore[arg-type]
    try:
        loss, vals, grads, eg, forward_s, backward_s = engine.floats(
            plan.weights, plan.source_values, True
        )
    except (ArithmeticError, ValueError):
        return None  # the plan's vectorized path computes it with numpy's semantics
    assert grads is not None and eg is not None
    return Result(
        loss=float(loss),
        loss_node=plan.loss_node,
        values=dict(zip(plan.order, vals, strict=True)),
        grads=dict(zip(plan.order, grads, strict=True)),
        edge_grads=dict(zip(plan.edge_ids, eg, strict=True)),
        trace=trace_terms(plan, vals, grads),
        edges_visited=engine.n_edges,
        forward_seconds=forward_s,
        backward_seconds=backward_s,
    )


def trace_terms(plan: FloatPlan, vals: list[float], grads: list[float]) -> list[ChainTerm]:
    """Every term of the pass in visit order (nodes in backward order, each node's inputs in
    port order), computed as CompactTrace computes them."""
    W = plan.weights
    visits = [(i, k, ie) for i in plan.backward_nodes for k, ie in enumerate(plan.inputs[i])]
    last = {ie.source: t for t, (_i, _k, ie) in enumerate(visits)}
    locals_of: dict[int, list[float]] = {}
    so_far: dict[int, float] = {}
    loss_label = plan.labels[plan.loss_index]
    terms = []
    for t, (i, k, ie) in enumerate(visits):
        local = locals_of.get(i)
        if local is None:
            local = locals_of[i] = _node_locals(plan, i, vals)
        u, w = ie.source, W[ie.index]
        through = grads[i] * local[k]
        contribution = through * w
        so_far[u] = source_grad = so_far[u] + contribution if u in so_far else contribution
        terms.append(
            ChainTerm(
                index=t,
                edge=ie.edge,
                source=plan.order[u],
                target=plan.order[i],
                port=ie.port,
                upstream=grads[i],  # type: ignore[arg-type]
                local=local[k],  # type: ignore[arg-type]
                weight=w,
                contribution=contribution,  # type: ignore[arg-type]
                weight_grad=through * vals[u],
                source_grad=source_grad,  # type: ignore[arg-type]
                completes_source=last[u] == t,
                labels=(loss_label, plan.labels[u], plan.labels[i]),
            )
        )
    return terms


def _node_locals(plan: FloatPlan, i: int, vals: list[float]) -> list[float]:
    """d(node i)/d(each input) at the pass's arguments: the registry's derivatives, by the
    scalar engine's float kernels (a product's as the registry multiplies it: the other
    inputs left to right); pow's exponent 0 for a negative base where nothing needs it."""
    spec, ins = plan.specs[i], plan.inputs[i]
    args = [plan.weights[ie.index] * vals[ie.source] for ie in ins]
    out, name, n = vals[i], spec.name, len(ins)
    needed = n == 2 and bool(plan.edge_needs_grad[ins[1].index])
    try:
        if name == "add":
            return [1.0] * n
        if name == "mul":
            return [_product(args, skip=k) for k in range(n)]
        if name in UNARY and n == 1:
            return [UNARY[name][1](args[0], out)]
        if name in BINARY and n == 2:
            local = pow_local_base if name == "pow" and not needed else BINARY[name][1]
            return list(local(args[0], args[1], out))
    except (ArithmeticError, ValueError):
        pass  # numpy's inf and nan, by the registry's functions
    return np_locals(spec, tuple(args), out, needed)


def _product(args: list[float], skip: int) -> float:
    result = 1.0
    for j, a in enumerate(args):
        if j != skip:
            result = result * a
    return result


def _inputs(index: dict[str, int], specs: list[OpSpec], edges: list) -> list[list[InEdge]]:
    """Each node's inputs (plan order): by port, a variadic port's edges in document order."""
    port_rank = {
        (spec.name, p): k
        for spec in {s.name: s for s in specs}.values()
        for k, p in enumerate(spec.port_names)
    }
    keyed = sorted(
        (index[e.target], port_rank[(specs[index[e.target]].name, e.port)], j)
        for j, e in enumerate(edges)
    )
    inputs: list[list[InEdge]] = [[] for _ in specs]
    for target, _rank, j in keyed:
        e = edges[j]
        inputs[target].append(InEdge(e.id, index[e.source], e.port, j))
    return inputs
