"""What compile_plan lays out, on graphs using every op whose document order is not
topological (nodes and edges shuffled): each plan index's op, label and source value is its
node's, each node's inputs are its edges by port then document order, ``edge_needs_grad``
(worked out when first read) is PyTorch's ``requires_grad``, and the fast paths built on
it give the reference's values and gradients (pow over negative bases included)."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_graphs import random_graph
from test_engine_paths import assert_same
from test_engine_pow import _pow_graph

from backprop_studio.core.engine.compiled import InEdge
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.fileio import graph_from_dict, graph_to_dict
from backprop_studio.core.model.graph import Graph

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shuffled(graph: Graph, seed: int) -> Graph:
    doc = graph_to_dict(graph)
    rng = random.Random(seed)
    rng.shuffle(doc["nodes"])
    rng.shuffle(doc["edges"])
    return graph_from_dict(doc, "shuffled.bpgraph")


def requires_grad(graph: Graph, edge_id: str) -> bool:
    """By definition, on node ids: the edge's weight is trainable, or its source is a
    trainable parameter or is computed through an edge that requires a gradient."""
    edge = graph.edge(edge_id)
    if edge.trainable:
        return True
    source = graph.node(edge.source)
    if source.op == "parameter" and source.trainable:
        return True
    return any(requires_grad(graph, e.id) for e in graph.in_edges(source.id))


@SETTINGS
@given(graph=random_graph(), seed=st.integers(0, 10**6))
def test_every_plan_index_holds_its_own_node(graph, seed):
    g = shuffled(graph, seed)
    plan = compile_plan(g, "reference")
    assert plan.order == g.topological_order()
    edge_rank = {e.id: k for k, e in enumerate(g.edges())}
    for i, nid in enumerate(plan.order):
        node = g.node(nid)
        assert plan.specs[i].name == node.op and plan.labels[i] == node.display_name
        if node.op == "parameter":
            assert float(plan.source_values[i]) == node.value
        elif node.op == "input":
            np.testing.assert_array_equal(plan.source_values[i], np.asarray(node.value))
        ports = plan.specs[i].port_names
        expected = sorted(g.in_edges(nid), key=lambda e: (ports.index(e.port), edge_rank[e.id]))
        assert [ie.edge for ie in plan.inputs[i]] == [e.id for e in expected]
        for ie, e in zip(plan.inputs[i], expected, strict=True):
            assert type(ie) is InEdge
            assert ie == InEdge(e.id, plan.index[e.source], e.port, plan.edge_index[e.id])
    assert plan.edge_needs_grad.tolist() == [requires_grad(g, eid) for eid in plan.edge_ids]
    assert (plan.trainable_nodes, plan.trainable_edges) == g.trainables()
    ref = plan.run()
    for path in ("vectorized", "scalar") if plan.batch_size is None else ("vectorized",):
        assert_same(compile_plan(g, path).run(), ref)


def test_pow_over_negative_bases_compiles_to_the_reference():
    for trainable in (False, True):
        for base in (-2.0, -0.5, 1.5):
            g = _pow_graph(base, 3.0, trainable)
            ref = compile_plan(g, "reference").run()
            needs = compile_plan(g).edge_needs_grad
            assert needs.tolist() == [requires_grad(g, e.id) for e in g.edges()]
            for path in ("vectorized", "scalar"):
                assert_same(compile_plan(g, path).run(), ref)
