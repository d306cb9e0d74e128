"""Graph.set_positions (many nodes moved at once, as a layout does) and Graph.upstream (the
nodes feeding a set of nodes, one walk): the same results and events as the one-at-a-time
ways they replace."""

from __future__ import annotations

import networkx as nx
import pytest

from backprop_studio.core.model.errors import GraphError
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.model.graph import GraphEvent
from backprop_studio.resources_path import example_path

EXAMPLES = ("xor_network", "chain_rule", "three_classes", "overfitting", "linear_regression")


def test_set_positions_is_update_node_per_node_with_the_same_events():
    one_by_one, bulk = (
        load_graph(example_path("xor_network")),
        load_graph(example_path("xor_network")),
    )
    positions = {n.id: (10.0 * k, 3 - k) for k, n in enumerate(bulk.nodes()) if k % 2 == 0}
    seen: dict[str, list[GraphEvent]] = {"one": [], "bulk": []}
    one_by_one.subscribe(seen["one"].append)
    bulk.subscribe(seen["bulk"].append)
    for nid, position in positions.items():
        one_by_one.update_node(nid, position=position)
    bulk.set_positions(positions)
    assert seen["bulk"] == seen["one"]
    assert [e.id for e in seen["bulk"]] == list(positions)
    assert all(e.kind == "node_changed" and e.keys == ("position",) for e in seen["bulk"])
    assert bulk.revision == one_by_one.revision
    for a, b in zip(one_by_one.nodes(), bulk.nodes(), strict=True):
        assert a == b and a.extra == b.extra
        assert type(b.position[0]) is float and type(b.position[1]) is float


def test_set_positions_without_listeners_counts_the_same_revisions():
    graph = load_graph(example_path("chain_rule"))
    before = graph.revision
    graph.set_positions({"a": (1, 2), "b": (3, 4)})
    assert graph.revision == before + 2
    assert graph.node("a").position == (1.0, 2.0) and graph.node("b").position == (3.0, 4.0)


def test_set_positions_with_a_missing_node_names_it_and_moves_nothing():
    graph = load_graph(example_path("chain_rule"))
    before = {n.id: n.position for n in graph.nodes()}
    with pytest.raises(GraphError, match="'nope'"):
        graph.set_positions({"a": (500.0, 500.0), "nope": (1.0, 1.0)})
    assert {n.id: n.position for n in graph.nodes()} == before


@pytest.mark.parametrize("name", EXAMPLES)
def test_upstream_is_the_nodes_and_their_ancestors(name):
    graph = load_graph(example_path(name))
    g = graph.nx_graph
    ids = [n.id for n in graph.nodes()]
    for starts in ([ids[-1]], ids[-3:], ids[::3], []):
        expected = set(starts).union(*(nx.ancestors(g, s) for s in starts))
        assert graph.upstream(starts) == expected, starts


def test_upstream_of_a_missing_node_names_it():
    graph = load_graph(example_path("chain_rule"))
    with pytest.raises(GraphError, match="'ghost'"):
        graph.upstream(["f", "ghost"])
