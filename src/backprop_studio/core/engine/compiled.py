"""The types the plan and its fast paths share, so that neither imports the other.

:class:`~backprop_studio.core.engine.plan.Plan` compiles a graph and picks a path; the paths
(:mod:`.scalar`, :mod:`.vectorized`) read the compiled graph through :class:`CompiledGraph`
and answer with a :class:`FastPass`. This module imports nothing of the engine, so the arrows
run one way: ``plan`` -> ``choose``, ``scalar``, ``vectorized`` -> ``compiled``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ..ops import OpSpec

if TYPE_CHECKING:
    from numpy import ndarray as Array


class InEdge(NamedTuple):
    """One input of a compiled node: the edge, its source's plan index, the port, the edge's
    index into the plan's edge arrays. (A named tuple: a 100,000-node plan makes 200,000.)"""

    edge: str
    source: int  # index into Plan.order
    port: str
    index: int  # index into Plan.edge_ids / Plan.weights


class FlatInputs(NamedTuple):
    """Every node's inputs as three arrays (plan order, each node's in port order): node i's
    inputs are at ``starts[i]:starts[i + 1]`` of ``sources`` (plan indices) and ``edges``
    (edge indices). What the vectorized engine groups with numpy instead of per-edge tuples."""

    sources: Array
    edges: Array
    starts: Array


class CompiledGraph(Protocol):
    """What a fast path reads of a compiled plan (all in plan order, which is topological)."""

    order: list[str]
    specs: list[OpSpec]
    inputs: list[list[InEdge]]
    edge_ids: list[str]
    backward_nodes: list[int]
    loss_node: str
    loss_index: int
    batch_size: int | None
    scalar_sources: Array
    batch_sources: Array
    edge_needs_grad: Array  # bool per edge: does a trainable need the gradient through it
    flat_inputs: FlatInputs  # ``inputs`` as arrays (the vectorized engine reads these)


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


def edges_needing_grad(
    inputs: list[list[InEdge]], theta_nodes: Iterable[int], theta_edges: Iterable[int], n_edges: int
) -> list[bool]:
    """PyTorch's ``requires_grad`` per edge: its weight is trainable or its source is, or is
    computed from something trainable (``inputs`` in topological order). Plain lists: the
    float path (no numpy) and the plan both use it."""
    node_needs = [False] * len(inputs)
    for i in theta_nodes:
        node_needs[int(i)] = True
    edge_needs = [False] * n_edges
    for j in theta_edges:
        edge_needs[int(j)] = True
    for i, ins in enumerate(inputs):
        for ie in ins:
            if node_needs[ie.source]:
                edge_needs[ie.index] = True
            if edge_needs[ie.index]:
                node_needs[i] = True
    return edge_needs
