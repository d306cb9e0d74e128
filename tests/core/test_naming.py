"""Parameter names suggested on the first connection: w1, w2 into a product, b into a sum;
named, connected or non-parameter nodes keep their names."""

from __future__ import annotations

from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.model.naming import suggest_parameter_label


def graph_with(*nodes: Node) -> Graph:
    g = Graph()
    for node in nodes:
        g.add_node(node)
    return g


def test_products_get_w_and_sums_get_b():
    g = graph_with(
        Node(id="p", op="parameter"),
        Node(id="q", op="parameter"),
        Node(id="m", op="mul"),
        Node(id="s", op="add"),
    )
    assert suggest_parameter_label(g, "p", "m") == "w1"
    assert suggest_parameter_label(g, "p", "s") == "b"
    g.add_node(Node(id="w1", op="input"))
    assert suggest_parameter_label(g, "q", "m") == "w2"  # w1 is taken
    g.add_node(Node(id="x", op="input", label="b"))
    assert suggest_parameter_label(g, "q", "s") == "b2"


def test_names_that_stay():
    g = graph_with(
        Node(id="w3", op="parameter"),
        Node(id="named", op="parameter", label="rate"),
        Node(id="used", op="parameter"),
        Node(id="i", op="input"),
        Node(id="m", op="mul"),
        Node(id="t", op="tanh"),
    )
    g.add_edge(Edge(id="e1", source="used", target="t", port="x"))
    assert suggest_parameter_label(g, "w3", "m") is None  # already a w
    assert suggest_parameter_label(g, "named", "m") is None
    assert suggest_parameter_label(g, "used", "m") is None  # already connected
    assert suggest_parameter_label(g, "i", "m") is None  # not a parameter
    assert suggest_parameter_label(g, "w3", "t") is None  # tanh suggests nothing
    assert suggest_parameter_label(g, "w3", "missing") is None
