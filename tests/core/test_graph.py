"""The graph model refuses invalid edits with a message naming the culprit, and emits events."""

from __future__ import annotations

import pytest

from backprop_studio.core.model.errors import GraphError
from backprop_studio.core.model.graph import Edge, Graph, Node


def chain() -> Graph:
    g = Graph()
    g.add_node(Node("a", "parameter", value=2.0, trainable=True))
    g.add_node(Node("b", "parameter", value=1.0, trainable=True))
    g.add_node(Node("c", "add"))
    g.add_node(Node("d", "sub"))
    g.add_edge(Edge("e1", "a", "c", ""))
    g.add_edge(Edge("e2", "b", "c", "in"))
    g.add_edge(Edge("e3", "c", "d", "a"))
    return g


def test_default_port_is_filled_for_single_port_ops():
    g = chain()
    assert g.edge("e1").port == "in"


def test_two_edges_may_join_the_same_pair():
    g = Graph()
    g.add_node(Node("x", "input", value=3.0))
    g.add_node(Node("m", "mul"))
    g.add_edge(Edge("e1", "x", "m", "in"))
    g.add_edge(Edge("e2", "x", "m", "in"))
    assert [e.id for e in g.in_edges("m")] == ["e1", "e2"]


def test_cycle_is_refused_and_names_the_nodes():
    g = chain()
    g.add_node(Node("t", "tanh"))
    g.add_edge(Edge("e4", "d", "t", "x"))
    rev = g.structure_revision
    with pytest.raises(GraphError, match=r"cycle: c -> d -> t -> c") as info:
        g.add_edge(Edge("bad", "t", "c", "in"))
    assert info.value.edge == "bad"
    assert not g.has_edge("bad") and g.structure_revision == rev


def test_self_loop_is_refused():
    g = chain()
    with pytest.raises(GraphError, match="itself"):
        g.add_edge(Edge("bad", "c", "c", "in"))


def test_unknown_op_is_refused():
    with pytest.raises(GraphError, match=r"node 'q' has unknown op 'frobnicate'"):
        Graph().add_node(Node("q", "frobnicate"))


def test_unknown_port_is_refused_naming_ports():
    g = chain()
    with pytest.raises(GraphError, match=r"no port 'x'; its ports are a, b"):
        g.add_edge(Edge("bad", "a", "d", "x"))


def test_occupied_single_port_is_refused():
    g = chain()
    with pytest.raises(
        GraphError, match=r"port 'a' of node 'd' already has an input \(edge 'e3'\)"
    ):
        g.add_edge(Edge("bad", "b", "d", "a"))


def test_port_needed_where_op_has_several():
    g = chain()
    with pytest.raises(GraphError, match="needs a port: one of a, b"):
        g.add_edge(Edge("bad", "b", "d", ""))


def test_duplicate_ids_are_refused():
    g = chain()
    with pytest.raises(GraphError, match="duplicate node id 'a'"):
        g.add_node(Node("a", "add"))
    with pytest.raises(GraphError, match="duplicate edge id 'e1'"):
        g.add_edge(Edge("e1", "b", "d", "b"))


def test_edge_to_missing_node_is_refused():
    g = chain()
    with pytest.raises(GraphError, match="edge 'bad': edge to missing node 'zz'"):
        g.add_edge(Edge("bad", "a", "zz", "in"))


def test_edge_into_a_source_is_refused():
    g = chain()
    with pytest.raises(GraphError, match="has no inputs"):
        g.add_edge(Edge("bad", "a", "b", ""))


def test_missing_input_is_a_problem_naming_the_node():
    g = chain()
    messages = [p.message for p in g.problems()]
    assert "node 'd' (sub) is missing an input on port 'b'" in messages


def test_values_must_be_finite_numbers():
    g = chain()
    with pytest.raises(GraphError, match="finite"):
        g.update_node("a", value=float("nan"))
    with pytest.raises(GraphError, match="does not take a value"):
        g.update_node("c", value=1.0)
    with pytest.raises(GraphError, match="finite"):
        g.update_edge("e1", weight=float("inf"))
    assert g.node("a").value == 2.0


def test_batch_length_mismatch_is_a_problem():
    g = Graph()
    g.add_node(Node("x", "input", value=[1.0, 2.0]))
    g.add_node(Node("y", "input", value=[1.0, 2.0, 3.0]))
    g.add_node(Node("L", "mse"))
    g.add_edge(Edge("e1", "x", "L", "prediction"))
    g.add_edge(Edge("e2", "y", "L", "target"))
    (problem,) = g.problems()
    assert problem.node == "y" and "batch of 3" in problem.message


def test_events_are_emitted_for_every_change():
    g = chain()
    seen = []
    g.subscribe(lambda ev: seen.append((ev.kind, ev.id)))
    g.update_node("a", label="alpha")
    g.update_edge("e1", weight=0.5)
    g.remove_node("b")
    g.set_values({"a": 3.0}, {"e1": 2.0})
    assert seen == [
        ("node_changed", "a"),
        ("edge_changed", "e1"),
        ("edge_removed", "e2"),
        ("node_removed", "b"),
        ("values_changed", None),
    ]


def test_remove_and_restore_keeps_document_order():
    g = chain()
    before = [n.id for n in g.nodes()], [e.id for e in g.edges()]
    order = g.order_of("b")
    edge_orders = {e.id: g.order_of(e.id) for e in g.edges()}
    node, edges = g.remove_node("b")
    g.add_node(node, order=order)
    for e in edges:
        g.add_edge(e, order=edge_orders[e.id])
    assert ([n.id for n in g.nodes()], [e.id for e in g.edges()]) == before


def test_backward_order_visits_consumers_first():
    g = chain()
    order = g.backward_order()
    for e in g.edges():
        assert order.index(e.target) < order.index(e.source)


def test_ancestors_are_the_nodes_with_a_path_to_a_node_as_networkx_finds_them():
    import networkx as nx

    from backprop_studio.core.model.fileio import load_graph
    from backprop_studio.resources_path import example_path

    for name in ("xor_network", "chain_rule", "three_classes", "overfitting"):
        graph = load_graph(example_path(name))
        for node in graph.nodes():
            assert graph.ancestors(node.id) == nx.ancestors(graph.nx_graph, node.id), node.id
