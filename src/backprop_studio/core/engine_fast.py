"""What the fast paths share: their pass record, the lazy Result and the choice of path.

A :class:`~backprop_studio.core.engine.Plan` runs passes without recording on one of two fast
engines, picked once per compiled plan by :func:`choose_path`:

- ``"vectorized"`` (:mod:`.engine_vectorized`): the nodes of one topological level and one op
  run as single numpy operations over a (nodes x batch) array. Its cost per pass is a few
  numpy calls per (level, op) group plus numpy's per-element work, so it wins on wide graphs
  and on batches.
- ``"scalar"`` (:mod:`.engine_scalar`): a per-node Python loop over plain floats. No numpy
  call per node, so it wins on deep narrow graphs (a 10k-node chain has 10k levels of one
  node) when there is no batch.

Both return a :class:`FastPass`; the reference engine in :mod:`.engine` stays the oracle and
the only path that records the chain-rule trace. :func:`make_result` turns a FastPass into a
:class:`~.engine_result.LazyResult`, whose per-node dictionaries are built only when read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .engine import Plan

from .engine_result import LazyResult

Array = np.ndarray

# Mean number of non-source nodes per topological level below which a graph without batch
# inputs runs on the scalar loop. Measured with benchmarks/bench_engine.py on 2 cores: the
# vectorized plan costs ~40 us per (level, op) group and ~0.1 us per edge, the scalar loop
# ~1 us per edge, so below ~50 nodes per level (split over several ops) the loop is faster.
SCALAR_MAX_MEAN_WIDTH = 48.0

PATHS = ("auto", "vectorized", "scalar", "reference")


@dataclass
class FastPass:
    """What a fast engine computed, in its own layout; read it through the callables."""

    loss: float
    edge_grads: Array | None  # dL/dw per edge (plan edge order); None after forward only
    edges_visited: int
    forward_seconds: float
    backward_seconds: float
    values_in_order: Callable[[], list[Any]]  # node values in plan order
    grads_in_order: Callable[[], list[Any]] | None  # dL/d(node value) in plan order
    scalar_grads: Callable[[Array], Array] | None  # dL/d(node) for scalar nodes, by plan index


def make_result(plan: Plan, fast: FastPass) -> LazyResult:
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
    """What the path choice looks at: size, depth and batch."""

    nodes: int
    edges: int
    levels: int  # topological levels holding non-source nodes
    mean_width: float  # non-source nodes per level
    batch: int | None
    details: dict[str, Any] = field(default_factory=dict)


def node_levels(inputs: list[list[Any]], n: int) -> list[int]:
    """Level of each node (plan order, which is topological): 0 for sources, else 1 + the
    highest level among its inputs. Nodes of one level never depend on each other."""
    level = [0] * n
    for i in range(n):
        ins = inputs[i]
        if ins:
            level[i] = 1 + max(level[ie.source] for ie in ins)
    return level


def graph_shape(plan: Plan, levels: list[int]) -> GraphShape:
    non_source = sum(1 for ins in plan.inputs if ins)
    depth = max(levels, default=0)
    return GraphShape(
        nodes=len(plan.order),
        edges=len(plan.edge_ids),
        levels=depth,
        mean_width=non_source / depth if depth else 0.0,
        batch=plan.batch_size,
    )


def choose_path(shape: GraphShape) -> str:
    """``"scalar"`` for deep narrow graphs without a batch, else ``"vectorized"``."""
    if shape.batch is None and shape.mean_width < SCALAR_MAX_MEAN_WIDTH:
        return "scalar"
    return "vectorized"
