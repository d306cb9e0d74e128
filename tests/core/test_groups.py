"""Groups in the model and the file: rules, events, round trips, and files without groups."""

from __future__ import annotations

import json

import pytest

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.errors import FileFormatError, GraphError
from backprop_studio.core.model.fileio import dumps_graph, graph_to_dict, loads_graph
from backprop_studio.core.model.groups import Group
from backprop_studio.resources_path import example_path


@pytest.fixture
def xor(example):
    return example("xor_network")


def test_a_group_names_existing_nodes_that_are_in_no_other_group(xor):
    events = []
    xor.subscribe(events.append)
    xor.add_group(Group("g1", "neuron h1", ("h1", "b1")))
    assert [e.kind for e in events] == ["group_added"]
    assert xor.group_of("b1") == "g1" and xor.group_nodes("g1") == ["h1", "b1"]
    with pytest.raises(GraphError, match="already in group 'g1'"):
        xor.add_group(Group("g2", "x", ("b1",)))
    with pytest.raises(GraphError, match="missing node 'nope'"):
        xor.add_group(Group("g2", "x", ("nope",)))
    with pytest.raises(GraphError, match="duplicate group id"):
        xor.add_group(Group("g1", "x", ("h2",)))
    with pytest.raises(GraphError, match="has no nodes"):
        xor.update_group("g1", nodes=())
    assert len(xor.groups()) == 1 and xor.group("g1").nodes == ("h1", "b1")
    xor.update_group("g1", collapsed=True, label="h one")
    assert events[-1].kind == "group_changed" and set(events[-1].keys) == {"collapsed", "label"}
    group, index = xor.remove_group("g1")
    assert events[-1].kind == "group_removed" and index == 0 and group.collapsed
    assert xor.group_of("b1") is None


def test_deleting_a_member_keeps_the_membership_for_an_undo(xor):
    xor.add_group(Group("g1", "neuron h1", ("h1", "b1")))
    node, edges = xor.remove_node("b1")
    assert xor.group_nodes("g1") == ["h1"]
    assert graph_to_dict(xor)["groups"] == [
        {"id": "g1", "label": "neuron h1", "nodes": ["h1"], "collapsed": False}
    ]
    xor.add_node(node)
    for e in edges:
        xor.add_edge(e)
    assert xor.group_nodes("g1") == ["h1", "b1"]


def test_groups_round_trip_byte_for_byte(xor):
    xor.add_group(Group("g1", "neuron h1", ("h1", "b1"), collapsed=True))
    xor.add_group(Group("g2", "neuron h2", ("h2", "b2")))
    text = dumps_graph(xor)
    again = loads_graph(text, "x.bpgraph")
    assert again.groups() == xor.groups()
    assert dumps_graph(again) == text
    assert '"groups": [\n    {"id": "g1", "label": "neuron h1"' in text


def test_a_reader_without_groups_evaluates_the_same(xor):
    xor.add_group(Group("g1", "neuron h1", ("h1", "b1"), collapsed=True))
    doc = graph_to_dict(xor)
    without = dict(doc)
    del without["groups"]
    a = compile_plan(loads_graph(json.dumps(doc))).run()
    b = compile_plan(loads_graph(json.dumps(without))).run()
    assert a.loss == b.loss and a.edge_grads == b.edge_grads


def test_bad_groups_are_named_in_the_error():
    doc = json.loads(example_path("xor_network").read_text())
    doc["groups"] = [{"id": "g1", "label": "a", "nodes": ["h1", "ghost"], "collapsed": False}]
    with pytest.raises(FileFormatError, match="group 'g1' names missing node 'ghost'"):
        loads_graph(json.dumps(doc), "bad.bpgraph")
    doc["groups"] = [{"id": "g1", "label": "a", "nodes": ["h1"], "collapsed": "yes"}]
    with pytest.raises(FileFormatError, match="group 'g1': \"collapsed\" must be true or false"):
        loads_graph(json.dumps(doc), "bad.bpgraph")
    doc["groups"] = {"g1": []}
    with pytest.raises(FileFormatError, match='"groups" must be a list'):
        loads_graph(json.dumps(doc), "bad.bpgraph")
