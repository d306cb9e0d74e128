"""Loading in bulk (file_bulk.py -> Graph.add_bulk) builds exactly the graph that adding the
nodes and edges one by one builds: same nodes, edges, document order, plan, values and
gradients; and a file with a fault is refused with exactly the record-by-record message."""

from __future__ import annotations

import heapq
import json
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_graphs import random_graph

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model import fileio
from backprop_studio.core.model.errors import FileFormatError, GraphError
from backprop_studio.core.model.graph import Edge, Graph, Node


def one_by_one(doc: dict) -> Graph:
    """The document loaded with the bulk path switched off (add_node / add_edge per record)."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(fileio, "fast_records", lambda nodes, edges: None)
        return fileio.graph_from_dict(json.loads(json.dumps(doc)), "doc.bpgraph")


def in_bulk(doc: dict) -> Graph:
    """The document loaded, failing if the record-by-record path were taken."""

    def refuse(*args: object) -> None:
        raise AssertionError("the bulk path was not taken")

    with pytest.MonkeyPatch.context() as m:
        m.setattr(fileio, "_add_records", refuse)
        return fileio.graph_from_dict(json.loads(json.dumps(doc)), "doc.bpgraph")


def shuffled_doc(graph: Graph, seed: int) -> dict:
    """The graph's document with its nodes and edges in a random order (so the document
    order is not a topological order and ties are broken by the heap)."""
    doc = fileio.graph_to_dict(graph)
    rng = random.Random(seed)
    rng.shuffle(doc["nodes"])
    rng.shuffle(doc["edges"])
    return doc


def kahn_by_document_order(graph: Graph, forward: bool) -> list[str]:
    """The orders' definition, on node ids: Kahn's algorithm, the first ready node in the
    document next (the Graph computes it on integers, order.py)."""
    pending = {n.id: 0 for n in graph.nodes()}
    after: dict[str, list[str]] = {nid: [] for nid in pending}
    for e in graph.edges():
        first, then = (e.source, e.target) if forward else (e.target, e.source)
        pending[then] += 1
        after[first].append(then)
    ready = [(graph.order_of(nid), nid) for nid, n in pending.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, nid = heapq.heappop(ready)
        order.append(nid)
        for nxt in after[nid]:
            pending[nxt] -= 1
            if not pending[nxt]:
                heapq.heappush(ready, (graph.order_of(nxt), nxt))
    return order


def assert_same_graph(a: Graph, b: Graph) -> None:
    assert a.nodes() == b.nodes()
    assert [n.position for n in a.nodes()] == [n.position for n in b.nodes()]
    assert a.edges() == b.edges()
    assert [a.order_of(n.id) for n in a.nodes()] == [b.order_of(n.id) for n in b.nodes()]
    assert [a.order_of(e.id) for e in a.edges()] == [b.order_of(e.id) for e in b.edges()]
    assert [s.id for s in a.sinks()] == [s.id for s in b.sinks()]
    assert a.loss_node() == b.loss_node()
    assert a.topological_order() == b.topological_order() == kahn_by_document_order(b, True)
    assert a.backward_order() == b.backward_order() == kahn_by_document_order(b, False)
    for n in a.nodes():
        assert a.in_edges(n.id) == b.in_edges(n.id)
        assert a.out_edges(n.id) == b.out_edges(n.id)
    assert sorted(a.nx_graph.edges(keys=True)) == sorted(b.nx_graph.edges(keys=True))
    assert list(a.nx_graph.nodes) == [n.id for n in b.nodes()]
    assert a.problems() == b.problems()


@settings(max_examples=40, deadline=None)
@given(graph=random_graph(), seed=st.integers(0, 10**6))
def test_a_file_loaded_in_bulk_is_the_graph_built_one_by_one(graph, seed):
    doc = shuffled_doc(graph, seed)
    bulk, single = in_bulk(doc), one_by_one(doc)
    assert_same_graph(bulk, single)
    plan_b, plan_s = compile_plan(bulk), compile_plan(single)
    assert plan_b.order == plan_s.order
    assert [plan_b.order[i] for i in plan_b.backward_nodes] == [
        plan_s.order[i] for i in plan_s.backward_nodes
    ]
    assert plan_b.inputs == plan_s.inputs
    rb, rs = plan_b.run(record=True), plan_s.run(record=True)
    assert rb.loss == rs.loss or (np.isnan(rb.loss) and np.isnan(rs.loss))
    for nid in plan_s.order:
        np.testing.assert_array_equal(rb.values[nid], rs.values[nid])
        np.testing.assert_array_equal(rb.grads[nid], rs.grads[nid])
    assert rb.edge_grads == pytest.approx(rs.edge_grads, nan_ok=True)
    assert [(t.edge, t.source, t.target) for t in rb.trace] == [
        (t.edge, t.source, t.target) for t in rs.trace
    ]


def test_the_chain_rule_example_loads_in_bulk_with_the_lesson_numbers():
    from backprop_studio.resources_path import example_path

    doc = json.loads(example_path("chain_rule").read_text(encoding="utf-8"))
    graph = in_bulk(doc)
    assert_same_graph(graph, one_by_one(doc))
    result = compile_plan(graph).run(record=True)
    assert result.loss == 6 and float(result.grads["b"]) == 5
    # the contributions to b arrive as 2 then 3, as the lesson reads
    assert [t.edge for t in result.trace if t.source == "b"] == ["e2", "e3"]


def test_a_saved_and_reloaded_file_is_unchanged(tmp_path):
    from backprop_studio.resources_path import example_path

    original = fileio.load_graph(example_path("chain_rule"))
    path = tmp_path / "again.bpgraph"
    fileio.save_graph(original, path)
    again = fileio.load_graph(path)
    assert fileio.dumps_graph(again) == fileio.dumps_graph(original)
    assert path.read_text(encoding="utf-8") == fileio.dumps_graph(original)


def small_doc() -> dict:
    return {
        "format": "backprop-studio",
        "version": 1,
        "nodes": [
            {"id": "x", "op": "input", "value": 2.0, "position": [0, 0]},
            {"id": "w", "op": "parameter", "value": 3, "trainable": True, "position": [0, 1]},
            {"id": "m", "op": "mul", "position": [1, 0]},
            {"id": "s", "op": "square", "label": "sq", "position": [2, 0]},
        ],
        "edges": [
            {"id": "e1", "source": "x", "target": "m", "port": "in", "weight": 1.0},
            {"id": "e2", "source": "w", "target": "m", "port": "in", "weight": 1},
            {"id": "e3", "source": "m", "target": "s", "port": "x", "weight": 0.5},
        ],
    }


FAULTS = {
    "duplicate node id": lambda d: d["nodes"].append(dict(d["nodes"][0])),
    "duplicate edge id": lambda d: d["edges"].append(dict(d["edges"][0], target="s")),
    "unknown op": lambda d: d["nodes"][2].update(op="mull"),
    "op not text": lambda d: d["nodes"][2].update(op=["mul"]),
    "unknown port": lambda d: d["edges"][2].update(port="y"),
    "a single-input port fed twice": lambda d: d["edges"].append(
        {"id": "e4", "source": "x", "target": "s", "port": "x"}
    ),
    "a cycle": lambda d: d["edges"].append(
        {"id": "e4", "source": "s", "target": "m", "port": "in"}
    ),
    "an edge to itself": lambda d: d["edges"].append(
        {"id": "e4", "source": "m", "target": "m", "port": "in"}
    ),
    "missing source": lambda d: d["edges"][0].update(source="nope"),
    "source not text": lambda d: d["edges"][0].update(source=["x"]),
    "weight a bool": lambda d: d["edges"][0].update(weight=True),
    "weight too large": lambda d: d["edges"][0].update(weight=10**400),
    "weight infinite": lambda d: d["edges"][0].update(weight=1e999),
    "value on an op node": lambda d: d["nodes"][2].update(value=1.0),
    "a parameter with a list": lambda d: d["nodes"][1].update(value=[1.0, 2.0]),
    "an empty batch": lambda d: d["nodes"][0].update(value=[]),
    "a batch with text": lambda d: d["nodes"][0].update(value=[1.0, "2"]),
    "position of three": lambda d: d["nodes"][0].update(position=[0, 0, 0]),
    "position not finite": lambda d: d["nodes"][0].update(position=[0, 1e999]),
    "trainable not a bool": lambda d: d["edges"][0].update(trainable=1),
    "node id empty": lambda d: d["nodes"][0].update(id=""),
    "edge id null": lambda d: d["edges"][0].update(id=None),
    "label with a lone surrogate": lambda d: d["nodes"][0].update(label="a\ud800"),
    "a node that is a list": lambda d: d["nodes"].append(["x"]),
    "an unknown field holding infinity": lambda d: d["edges"][0].update(note=1e999),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_is_refused_with_the_record_by_record_message(fault):
    doc = small_doc()
    FAULTS[fault](doc)
    with pytest.raises(FileFormatError) as bulk:
        fileio.graph_from_dict(json.loads(json.dumps(doc)), "doc.bpgraph")
    with pytest.raises(FileFormatError) as single:
        one_by_one(doc)
    assert str(bulk.value) == str(single.value)
    assert str(bulk.value).startswith("doc.bpgraph")
    assert bulk.value.problems == single.value.problems


def test_unknown_fields_and_missing_edge_ids_load_as_before():
    doc = small_doc()
    doc["nodes"][0]["colour"] = "red"  # kept and written back
    del doc["edges"][1]["id"]  # edge #2 is called e2
    loaded = fileio.graph_from_dict(json.loads(json.dumps(doc)), "doc.bpgraph")
    assert_same_graph(loaded, one_by_one(doc))
    assert loaded.node("x").extra == {"colour": "red"}
    assert loaded.has_edge("e2")


# ------------------------------------------------------------------ Graph.add_bulk itself
def nodes_and_edges() -> tuple[list[Node], list[Edge]]:
    nodes = [
        Node("a", "parameter", value=2.0, trainable=True),
        Node("b", "parameter", value=1.0),
        Node("c", "add"),
        Node("f", "square"),
    ]
    edges = [
        Edge("e1", "a", "c", "in"),
        Edge("e2", "b", "c", "in", weight=2.0),
        Edge("e3", "c", "f", ""),  # the default port
    ]
    return nodes, edges


def test_add_bulk_tells_listeners_what_one_by_one_adding_tells():
    nodes, edges = nodes_and_edges()
    seen_bulk: list = []
    bulk = Graph()
    bulk.subscribe(seen_bulk.append)
    added = bulk.add_bulk(nodes, edges)
    seen_single: list = []
    single = Graph()
    single.subscribe(seen_single.append)
    for n in nodes:
        single.add_node(n)
    for e in edges:
        single.add_edge(e)
    assert seen_bulk == seen_single
    assert added[2].port == "x" and bulk.edge("e3").port == "x"
    assert_same_graph(bulk, single)
    assert (bulk.revision, bulk.structure_revision) == (single.revision, single.structure_revision)


def test_add_bulk_onto_a_graph_with_nodes_and_a_networkx_view():
    nodes, edges = nodes_and_edges()
    graph = Graph()
    graph.add_node(Node("z", "input", value=1.0))
    assert list(graph.nx_graph.nodes) == ["z"]  # built now: add_bulk keeps it in step
    graph.add_bulk(nodes, [*edges, Edge("e4", "z", "c", "in")])
    assert sorted(graph.nx_graph.edges(keys=True)) == sorted(
        (e.source, e.target, e.id) for e in graph.edges()
    )
    assert [n.id for n in graph.nodes()] == ["z", "a", "b", "c", "f"]
    assert graph.in_edges("c") == [graph.edge("e1"), graph.edge("e2"), graph.edge("e4")]
    removed, touching = graph.remove_node("c")
    assert {e.id for e in touching} == {"e1", "e2", "e3", "e4"}
    assert not graph.nx_graph.has_node("c") and graph.nx_graph.number_of_edges() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, e: n.append(Node("a", "input")), "duplicate node id 'a'"),
        (lambda n, e: n.append(Node("q", "nope")), "node 'q' has unknown op 'nope'"),
        (lambda n, e: e.append(Edge("e1", "a", "f", "x")), "duplicate edge id 'e1'"),
        (lambda n, e: e.append(Edge("e9", "a", "f", "x")), "port 'x' of node 'f' already"),
        (lambda n, e: e.append(Edge("e9", "f", "c", "in")), "cycle"),
        (lambda n, e: e.append(Edge("e9", "c", "c", "in")), "to itself"),
        (lambda n, e: e.append(Edge("e9", "zz", "c", "in")), "missing node 'zz'"),
        (lambda n, e: e.append(Edge("e9", "a", "f", "y")), "has no port 'y'"),
        (lambda n, e: e.append(Edge("e9", "b", "c", "in", weight=float("inf"))), "finite"),
    ],
)
def test_add_bulk_refuses_what_add_edge_refuses_and_changes_nothing(change, message):
    nodes, edges = nodes_and_edges()
    change(nodes, edges)
    graph = Graph()
    graph.add_node(Node("keep", "input", value=1.0))
    before = (graph.nodes(), graph.edges(), graph.revision)
    with pytest.raises(GraphError) as refused:
        graph.add_bulk(nodes, edges)
    assert message in str(refused.value)
    assert (graph.nodes(), graph.edges(), graph.revision) == before
    assert refused.value.node or refused.value.edge  # names what is at fault


def test_the_cycle_collector_runs_again_after_a_load_however_it_ends():
    import gc

    assert gc.isenabled()
    fileio.loads_graph(json.dumps(small_doc()))
    assert gc.isenabled()
    with pytest.raises(FileFormatError):
        fileio.loads_graph('{"format": "backprop-studio", "version": 1, "nodes": [1]}')
    assert gc.isenabled()
    gc.disable()
    try:  # a load inside a pause leaves the collector paused
        fileio.loads_graph(json.dumps(small_doc()))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_edits_after_a_bulk_load_keep_the_document_order():
    """The document-order keys of a bulk load are numbered when first needed (graph.py):
    edits afterwards see the same keys as after loading one by one."""
    doc = small_doc()
    bulk, single = in_bulk(doc), one_by_one(doc)
    for graph in (bulk, single):
        graph.add_node(Node("n", "neg"))
        graph.add_edge(Edge("e9", "s", "n", "x"))
        graph.remove_edge("e2")
        graph.remove_node("x")
    assert_same_graph(bulk, single)
    assert [n.id for n in bulk.nodes()] == ["w", "m", "s", "n"]
    assert [bulk.order_of(e.id) for e in bulk.edges()] == [7.0, 9.0]  # e3, then e9
