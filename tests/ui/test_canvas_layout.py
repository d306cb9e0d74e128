"""Auto-arrange: layered left to right, few crossings, no overlaps, and the graph untouched."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import list_examples
from backprop_studio.ui.canvas.layout import auto_layout, count_crossings, layers_of
from backprop_studio.ui.canvas.node_item import node_size


def _boxes(graph: Graph, positions):
    out = {}
    for n in graph.nodes():
        w, h = node_size(n.spec)
        x, y = positions[n.id]
        out[n.id] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check(graph: Graph, positions) -> None:
    assert set(positions) == {n.id for n in graph.nodes()}
    for e in graph.edges():  # every edge runs left to right
        assert positions[e.source][0] < positions[e.target][0]
    boxes = list(_boxes(graph, positions).values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b)


@pytest.mark.parametrize("path", list_examples(), ids=lambda p: p.stem)
def test_examples_arrange_cleanly_without_edits(qapp, path):
    from backprop_studio.core.model.fileio import load_graph

    graph = load_graph(path)
    revision = graph.revision
    positions = auto_layout(graph)
    assert graph.revision == revision
    _check(graph, positions)


def test_layers_put_sources_next_to_their_consumer(qapp, example):
    graph = example("xor_network")
    layer = layers_of(graph)
    assert layer["x1"] == 0 and layer["h1"] == 1 and layer["a1"] == 2 and layer["o"] == 3
    assert layer["b3"] == layer["o"] - 1  # the bias sits beside its neuron, not at the far left
    assert layer["y"] == layer["L"] - 1


def test_count_crossings():
    assert count_crossings(["a", "b"], ["c", "d"], [("a", "c"), ("b", "d")]) == 0
    assert count_crossings(["a", "b"], ["c", "d"], [("a", "d"), ("b", "c")]) == 1
    links = [("a", "f"), ("b", "e"), ("c", "d")]
    assert count_crossings(["a", "b", "c"], ["d", "e", "f"], links) == 3


def test_ordering_removes_a_crossing_the_drawing_had(qapp):
    g = Graph()
    # two chains drawn crossed: top source feeds the bottom target and vice versa
    g.add_node(Node("s1", "parameter", value=1.0, position=(0, 0)))
    g.add_node(Node("s2", "parameter", value=1.0, position=(0, 100)))
    g.add_node(Node("t1", "neg", position=(200, 0)))
    g.add_node(Node("t2", "neg", position=(200, 100)))
    g.add_node(Node("u1", "neg", position=(400, 0)))
    g.add_node(Node("u2", "neg", position=(400, 100)))
    g.add_edge(Edge("e1", "s1", "t2", "x"))
    g.add_edge(Edge("e2", "s2", "t1", "x"))
    g.add_edge(Edge("e3", "t1", "u1", "x"))
    g.add_edge(Edge("e4", "t2", "u2", "x"))
    pos = auto_layout(g)
    _check(g, pos)
    # after arranging, the edges between the first two columns no longer cross
    assert (pos["s1"][1] < pos["s2"][1]) == (pos["t2"][1] < pos["t1"][1])


def test_layout_keeps_the_top_left_corner(qapp, example):
    graph = example("chain_rule")
    before = _boxes(graph, {n.id: n.position for n in graph.nodes()})
    after = _boxes(graph, auto_layout(graph))
    assert abs(min(b[0] for b in before.values()) - min(b[0] for b in after.values())) <= 1
    assert abs(min(b[1] for b in before.values()) - min(b[1] for b in after.values())) <= 1


def test_unconnected_parts_are_stacked_and_empty_graph_is_fine(qapp):
    assert auto_layout(Graph()) == {}
    g = Graph()
    for i in range(3):
        g.add_node(Node(f"p{i}", "parameter", value=1.0))
        g.add_node(Node(f"n{i}", "neg"))
        g.add_edge(Edge(f"e{i}", f"p{i}", f"n{i}", "x"))
    _check(g, auto_layout(g))


@st.composite
def random_dags(draw):
    n = draw(st.integers(2, 18))
    g = Graph()
    for i in range(n):
        g.add_node(
            Node(f"n{i}", "add", position=(draw(st.floats(-500, 500)), draw(st.floats(-500, 500))))
        )
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
    for k, (a, b) in enumerate(pairs):
        if a < b:  # index order: never a cycle
            g.add_edge(Edge(f"e{k}", f"n{a}", f"n{b}", "in"))
    return g


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_dags())
def test_random_graphs_arrange_left_to_right_without_overlaps(graph):
    _check(graph, auto_layout(graph))
