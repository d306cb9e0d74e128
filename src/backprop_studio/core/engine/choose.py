"""What the fast paths share: their pass record, the lazy Result and the choice of path.

A :class:`~backprop_studio.core.engine.plan.Plan` runs passes without recording on one of two fast
engines, picked once per compiled plan by :func:`choose_path` from the graph's shape:

- ``"vectorized"`` (:mod:`.vectorized`): the nodes of one topological level and one op
  run as single numpy operations over a (nodes x batch) array. Its cost per pass is a few
  numpy calls per (level, op) group plus numpy's per-element work, so it wins on wide graphs
  and on batches.
- ``"scalar"`` (:mod:`.scalar`): a per-node Python loop over plain floats. No numpy
  call per node, so it wins on deep narrow graphs (a 10k-node chain has 10k levels of one
  node) when there is no batch.

With a batch on a deep narrow graph neither applies well and the reference engine itself (one
numpy call per node and edge) is the cheapest; the cost model below picks it then.

Both return a :class:`FastPass`; the reference engine in :mod:`.plan` stays the oracle and
the only path that records the chain-rule trace. :func:`make_result` turns a FastPass into a
:class:`~.result.LazyResult`, whose per-node dictionaries are built only when read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from .compiled import CompiledGraph, FastPass
from .result import LazyResult

Array = np.ndarray

# The path choice is a cost model, fitted with benchmarks/bench_engine.py (2 shared cores). A
# vectorized pass (forward + backward, recording off) costs about LEVEL_US per topological
# level (a dozen numpy calls), GROUP_US per (level, op, number of inputs) group, and per edge
# VECTORIZED_EDGE_US plus SAMPLE_EDGE_US per sample of a batch; the float loop costs about
# SCALAR_EDGE_US per edge (no batch); the reference engine REFERENCE_EDGE_US per edge. On a
# 10k-node chain the vectorized plan pays for 10k levels (~250 ms) where the float loop takes
# ~4 ms; on a random layered graph of 100k nodes in 100 levels it takes ~16 ms against ~80 ms.
# With a batch and a deep narrow graph (a chain of 10k nodes) the reference is the cheapest.
LEVEL_US = 25.0
GROUP_US = 5.0  # an op without its own figure below
# one (level, op, inputs) group's kernel calls, forward + backward (a kernel microbenchmark,
# x GROUP_SCALE for the views and calls around the kernel in a pass)
GROUP_SCALE = 1.5
GROUP_US_BY_OP = {
    "add": 3.0,
    "mul": 5.0,
    "sub": 4.0,
    "div": 12.0,
    "pow": 20.0,
    "neg": 2.5,
    "square": 3.5,
    "abs": 6.0,
    "exp": 2.5,
    "log": 7.0,
    "sin": 7.0,
    "cos": 7.0,
    "identity": 1.5,
    "tanh": 5.0,
    "sigmoid": 9.0,
    "relu": 5.0,
    "leaky_relu": 9.0,
}
REDUCE_NODE_US = 35.0  # a loss in the vectorized plan runs node by node
VECTORIZED_EDGE_US = 0.06
SAMPLE_EDGE_US = 0.018
SCALAR_EDGE_US = 0.4
SCALAR_CACHE_NODES = 10_000  # per-edge cost of the float loop doubles every this many nodes
SCALAR_CALL_US = 1.0  # a node the float loop computes by calling a function (pow, exp, ...)
INLINE_OPS = frozenset({"add", "mul", "sub", "neg", "relu"})  # written out in the loop
REFERENCE_EDGE_US = 20.0

PATHS = ("auto", "vectorized", "scalar", "reference")


def make_result(plan: CompiledGraph, fast: FastPass) -> LazyResult:
    """A Result for a fast pass; its dictionaries are built when first read."""
    grads_in_order = fast.grads_in_order
    edge_grads = fast.edge_grads
    return LazyResult(
        loss=fast.loss,
        loss_node=plan.loss_node,
        values=lambda: dict(zip(plan.order, fast.values_in_order(), strict=True)),
        grads=lambda: (
            {} if grads_in_order is None else dict(zip(plan.order, grads_in_order(), strict=True))
        ),
        edge_grads=lambda: (
            {} if edge_grads is None else dict(zip(plan.edge_ids, edge_grads.tolist(), strict=True))
        ),
        edges_visited=fast.edges_visited,
        forward_seconds=fast.forward_seconds,
        backward_seconds=fast.backward_seconds,
    )


@dataclass
class GraphShape:
    """What the path choice looks at: size, depth, breadth and batch."""

    nodes: int
    edges: int
    levels: int  # topological levels holding non-source nodes
    groups: int  # (level, op, number of inputs) groups: one numpy call each, or a few
    mean_width: float  # non-source nodes per level
    batch: int | None
    group_us: float = 0.0  # the groups' kernel cost (GROUP_US_BY_OP, REDUCE_NODE_US)
    calls: int = 0  # nodes the float loop computes by a function call (not INLINE_OPS)

    def vectorized_us(self) -> float:
        """Estimated microseconds of a vectorized pass."""
        per_edge = VECTORIZED_EDGE_US + SAMPLE_EDGE_US * (self.batch or 0)
        groups = self.group_us or GROUP_US * self.groups
        return LEVEL_US * self.levels + groups + per_edge * self.edges

    def scalar_us(self) -> float:
        """Estimated microseconds of a float-loop pass (infinite with a batch: it cannot).
        Big graphs cost more per edge: their lists of floats no longer fit the caches."""
        if self.batch is not None:
            return float("inf")
        per_edge = SCALAR_EDGE_US * (1.0 + self.nodes / SCALAR_CACHE_NODES)
        return per_edge * self.edges + SCALAR_CALL_US * self.calls

    def reference_us(self) -> float:
        """Estimated microseconds of a reference pass."""
        return REFERENCE_EDGE_US * self.edges


def node_levels(inputs: list[list[Any]], n: int) -> list[int]:
    """Level of each node (plan order, which is topological): 0 for sources, else 1 + the
    highest level among its inputs. Nodes of one level never depend on each other."""
    level = [0] * n
    for i in range(n):
        ins = inputs[i]
        if ins:
            level[i] = 1 + max([level[ie.source] for ie in ins])
    return level


def graph_shape(plan: CompiledGraph, levels: list[int]) -> GraphShape:
    keyed, bounds = grouped_nodes(plan, levels)
    group_ops = [plan.specs[int(keyed[b])].name for b in bounds[:-1]]
    spec_of = {spec.name: spec for spec in plan.specs}
    computed = Counter(plan.specs[i].name for i in keyed.tolist())  # op -> computed nodes
    non_source = len(keyed)
    depth = max(levels, default=0)
    group_us = GROUP_SCALE * sum(GROUP_US_BY_OP.get(op, GROUP_US) for op in group_ops)
    group_us += REDUCE_NODE_US * sum(k for op, k in computed.items() if spec_of[op].reduces)
    return GraphShape(
        nodes=len(plan.order),
        edges=len(plan.edge_ids),
        levels=depth,
        groups=len(group_ops),
        mean_width=non_source / depth if depth else 0.0,
        batch=plan.batch_size,
        group_us=group_us,
        calls=sum(k for op, k in computed.items() if op not in INLINE_OPS),
    )


def grouped_nodes(plan: CompiledGraph, levels: list[int]) -> tuple[Array, list[int]]:
    """The computed nodes (those with inputs) sorted by (level, op name, arity), then plan
    index, and where each run of one (level, op, arity) group starts and ends."""
    names = [spec.name for spec in plan.specs]
    code = {name: k for k, name in enumerate(sorted(set(names)))}  # op names' sort order
    op = np.fromiter(map(code.__getitem__, names), dtype=np.intp, count=len(names))
    arity = np.diff(plan.flat_inputs.starts)
    level = np.asarray(levels, dtype=np.intp)
    computed = np.flatnonzero(arity > 0)
    keys = (level[computed], op[computed], arity[computed])
    order = np.lexsort((computed, keys[2], keys[1], keys[0]))
    keyed = computed[order]
    changes = np.zeros(max(len(keyed) - 1, 0), dtype=bool)
    for column in keys:
        ordered = column[order]
        changes |= ordered[1:] != ordered[:-1]
    bounds = [0, *(np.flatnonzero(changes) + 1).tolist(), len(keyed)] if len(keyed) else [0]
    return keyed, bounds


def choose_path(shape: GraphShape) -> str:
    """The path with the lowest estimated cost: ``"scalar"`` for deep or narrow graphs without
    a batch, ``"vectorized"`` for wide graphs and most batches, ``"reference"`` for deep
    narrow graphs with a batch (where a numpy call per node beats a dozen per level)."""
    costs = {
        "vectorized": shape.vectorized_us(),
        "scalar": shape.scalar_us(),
        "reference": shape.reference_us(),
    }
    return min(costs, key=costs.__getitem__)
