"""GraphScene follows the Graph: items match the graph, and each Graph event updates only the
items concerned. The scene never edits the graph."""

from __future__ import annotations

import pytest
from canvas_helpers import Recorder
from PySide6.QtCore import QPointF

from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import list_examples
from backprop_studio.ui.canvas.edge_item import EdgeItem
from backprop_studio.ui.canvas.node_item import NodeItem
from backprop_studio.ui.canvas.scene import GraphScene
from backprop_studio.ui.canvas.theme import light_theme

EXAMPLES = [p.stem for p in list_examples()]


def scene_for(graph: Graph) -> GraphScene:
    return GraphScene(graph, theme=light_theme())


def close(a: QPointF, b: QPointF, tol: float = 0.5) -> bool:
    return abs(a.x() - b.x()) <= tol and abs(a.y() - b.y()) <= tol


@pytest.mark.parametrize("name", EXAMPLES)
def test_items_match_the_graph(qapp, example, name):
    graph = example(name)
    scene = scene_for(graph)
    assert {i.node_id for i in scene.node_items()} == {n.id for n in graph.nodes()}
    assert {i.edge_id for i in scene.edge_items()} == {e.id for e in graph.edges()}
    for node in graph.nodes():
        item = scene.node_item(node.id)
        assert (item.pos().x(), item.pos().y()) == node.position
        assert item.title == node.display_name
        assert set(item.inputs) == set(node.spec.port_names)
    for edge in graph.edges():
        item = scene.edge_item(edge.id)
        assert item.source is scene.node_item(edge.source)
        assert item.target is scene.node_item(edge.target)
        path = item.path()
        # the curve starts at the source's output port and ends on the target's input port
        assert close(path.pointAtPercent(0), item.source.output.scenePos())
        end = path.pointAtPercent(1)
        port = item.target.input_port(edge.port)
        assert abs(end.x() - port.scenePos().x()) < 0.5
        assert abs(end.y() - port.scenePos().y()) <= 14  # within the port (a capsule if variadic)
    # ports know how many edges they hold
    for node in graph.nodes():
        item = scene.node_item(node.id)
        for port_name, port in item.inputs.items():
            assert port.connected == len(graph.in_edges(node.id, port_name))
        assert item.output.connected == len(graph.out_edges(node.id))


def test_variadic_port_spreads_its_edges_by_source_height(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    e1, e2 = scene.edge_item("e1"), scene.edge_item("e2")  # a -> c and b -> c (a is above b)
    y1 = e1.path().pointAtPercent(1).y()
    y2 = e2.path().pointAtPercent(1).y()
    assert y1 < y2
    graph.update_node("a", position=(0.0, 400.0))  # a moves below b: the order flips
    assert e1.path().pointAtPercent(1).y() > e2.path().pointAtPercent(1).y()


def test_graph_events_update_only_the_items_concerned(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    before_nodes = {i.node_id: i for i in scene.node_items()}
    before_edges = {i.edge_id: i for i in scene.edge_items()}

    graph.add_node(Node("t", "tanh", label="act", position=(600.0, 110.0)))
    item = scene.node_item("t")
    assert isinstance(item, NodeItem) and item.title == "act"
    assert (item.pos().x(), item.pos().y()) == (600.0, 110.0)
    graph.add_edge(Edge("e7", "f", "t", "x"))
    edge = scene.edge_item("e7")
    assert isinstance(edge, EdgeItem) and item.input_port("x").connected == 1
    assert close(edge.path().pointAtPercent(1), item.input_port("x").scenePos())

    graph.update_node("t", label="activation")
    assert item.title == "activation"
    graph.update_node("t", position=(700.0, 50.0))
    assert (item.pos().x(), item.pos().y()) == (700.0, 50.0)
    assert close(edge.path().pointAtPercent(1), item.input_port("x").scenePos())

    graph.update_edge("e7", weight=0.5, trainable=True)
    assert edge.weight == 0.5 and edge.trainable and edge.label_visible()
    graph.set_values({"a": 4.0}, {"e1": 2.0})
    assert scene.edge_item("e1").weight == 2.0
    assert scene.node_item("a").value.text == "4"

    graph.remove_node("t")  # takes e7 with it
    assert scene.node_item("t") is None and scene.edge_item("e7") is None
    assert item.scene() is None and edge.scene() is None

    # every original item survived: no rebuild happened
    for nid, node_item in before_nodes.items():
        assert scene.node_item(nid) is node_item
    for eid, edge_item in before_edges.items():
        assert scene.edge_item(eid) is edge_item


def test_removing_an_edge_frees_its_port_and_loss_marker_follows(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    assert scene.node_item("f").is_loss
    graph.set_meta(loss="c")
    assert scene.node_item("c").is_loss and not scene.node_item("f").is_loss
    graph.remove_edge("e5")
    assert scene.edge_item("e5") is None
    assert scene.node_item("f").input_port("in").connected == 1
    assert scene.node_item("c").output.connected == 0


def test_the_scene_never_edits_the_graph(qapp, example):
    graph = example("xor_network")
    revision = graph.revision
    scene = scene_for(graph)
    scene.select_all()
    scene.set_snap_to_grid(True)
    scene.set_value_preview({"b1": 3.0}, {"e1": 2.0})
    scene.clear_value_preview()
    scene.set_evaluation(None, graph.problems())
    assert graph.revision == revision


def test_set_graph_replaces_items_and_stops_following_the_old_graph(qapp, example):
    old = example("chain_rule")
    scene = scene_for(old)
    new = example("single_weight")
    scene.set_graph(new)
    assert {i.node_id for i in scene.node_items()} == {n.id for n in new.nodes()}
    old.add_node(Node("zz", "add"))
    assert scene.node_item("zz") is None  # no longer listening to the old graph
    new.add_node(Node("zz", "add"))
    assert scene.node_item("zz") is not None
    scene.set_graph(None)
    assert scene.node_items() == [] and scene.edge_items() == []


def test_selection_api_in_document_order_with_one_signal(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    changes = []
    scene.selectionChanged.connect(lambda: changes.append(1))
    scene.select_ids(["f", "e3", "a", "nope"])
    assert changes == [1]
    assert scene.selected_node_ids() == ["a", "f"]
    assert scene.selected_edge_ids() == ["e3"]
    scene.select_ids([])
    assert scene.selected_node_ids() == [] and scene.selected_edge_ids() == []
    scene.select_all()
    assert scene.selected_node_ids() == [n.id for n in graph.nodes()]
    assert scene.selected_edge_ids() == [e.id for e in graph.edges()]


def test_an_empty_or_unknown_op_request_is_refused_with_a_message(qapp):
    scene = scene_for(Graph())
    rec = Recorder().attach(scene)
    assert not scene.request_node_create("no_such_op", QPointF(0, 0))
    assert rec.created == [] and "no_such_op" in rec.messages[0]
    assert scene.request_node_create("relu", QPointF(5, 6))
    assert rec.created == [("relu", QPointF(5, 6))]
    scene.set_snap_to_grid(True)
    scene.request_node_create("exp", QPointF(33, -12))
    assert rec.created[-1] == ("exp", QPointF(40, -20))


@pytest.mark.parametrize("name", EXAMPLES)
def test_cards_rect_is_the_cards_bounds_after_moves(qapp, example, name):
    graph = example(name)
    scene = GraphScene(graph, theme=light_theme())
    first = graph.nodes()[0]
    graph.update_node(first.id, position=(first.position[0] - 900.0, first.position[1] + 700.0))

    def cards_union():
        boxes = [item.bounds_in_scene() for item in scene.node_items()]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        return (x0, y0, x1, y1)

    rect = scene.cards_rect()
    assert rect.getCoords() == pytest.approx(cards_union())
    assert scene.items_rect().contains(rect)
    assert GraphScene(Graph(), theme=light_theme()).cards_rect().isNull()


def test_pills_make_room_for_trained_weights(qapp, example):
    """XOR after training: weights like 3.3845 and -3.0717 are wider pills than 0.8 and -0.7
    were; they are placed again, and no two visible pills overlap."""
    graph = example("xor_network")
    scene = scene_for(graph)
    trained = dict(
        zip(
            [e.id for e in graph.edges() if e.trainable],
            [3.8823, -3.0717, 3.3845, -3.2819, 5.1318, -5.1931],
            strict=True,
        )
    )
    graph.set_values(edge_weights=trained)
    pills = [item.label_rect() for item in scene.edge_items() if item.label_visible()]
    assert len(pills) == len(trained)
    for k, pill in enumerate(pills):
        for other in pills[k + 1 :]:
            assert not pill.intersects(other), (pill, other)
