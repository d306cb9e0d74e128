"""The model's geometry in arrays equals what the live items compute: every card's box and
every edge's curve, on the examples, on variadic ports spread in slots, and after moves."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import list_examples
from backprop_studio.ui.canvas.curve import Curve, curves_between
from backprop_studio.ui.canvas.layout import fast_layout
from backprop_studio.ui.canvas.model_geometry import (
    GraphGeometry,
    card_boxes,
    edge_curves,
    edge_slots,
)
from backprop_studio.ui.canvas.scene import GraphScene
from backprop_studio.ui.canvas.theme import light_theme

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from graphs import layered_graph  # noqa: E402

EXAMPLES = [p.stem for p in list_examples()]
TOL = 1e-6


def live_boxes(scene: GraphScene, ids: list[str]) -> np.ndarray:
    return np.array([scene.node_item(i).bounds_in_scene() for i in ids], dtype=float)


def live_curves(scene: GraphScene, ids: list[str]) -> np.ndarray:
    rows = [tuple(scene.edge_item(i).curve()) for i in ids]
    return np.array(rows, dtype=float).reshape(-1, 8)


def assert_matches(scene: GraphScene, geometry: GraphGeometry) -> None:
    assert np.abs(geometry.boxes - live_boxes(scene, geometry.node_ids)).max() <= TOL
    if geometry.edge_ids:
        assert np.abs(geometry.curves - live_curves(scene, geometry.edge_ids)).max() <= TOL


def variadic_graph() -> Graph:
    """An ``add`` with 9 inputs and a ``cross_entropy`` with 4 logits (a variadic port on a
    card with named rows), the sources listed in an order unlike their heights, of several
    ops (their output ports sit at different places), one source to the left of its target
    and one to its right (an edge running backwards loops out)."""
    g = Graph()
    ops = ["input", "parameter", "mul", "sub", "relu", "add", "input", "square", "neg"]
    heights = [310.0, -120.0, 45.0, 400.0, -260.0, 5.0, 180.0, -40.0, 95.0]
    for i, (op, y) in enumerate(zip(ops, heights, strict=True)):
        g.add_node(Node(f"s{i}", op, position=(-400.0 + 13 * i, y)))
    g.add_node(Node("sum", "add", position=(0.0, 20.0)))
    g.add_node(Node("ce", "cross_entropy", position=(-600.0, 260.0)))
    g.add_node(Node("t", "input", position=(-900.0, 500.0)))
    for i in range(len(ops)):
        g.add_edge(Edge(f"e{i}", f"s{i}", "sum", "in"))
    for k, i in enumerate((3, 0, 7, 5)):
        g.add_edge(Edge(f"l{k}", f"s{i}", "ce", "logits"))
    g.add_edge(Edge("lt", "t", "ce", "target"))
    return g


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_boxes_and_curves_equal_the_items(qapp, example, name):
    graph = example(name)
    scene = GraphScene(graph, theme=light_theme())
    ids, boxes = card_boxes(graph, scene.theme)
    assert ids == [n.id for n in graph.nodes()]
    assert boxes.shape == (len(ids), 4)
    assert np.abs(boxes - live_boxes(scene, ids)).max() <= TOL
    edge_ids, curves = edge_curves(graph, scene.theme)
    assert edge_ids == [e.id for e in graph.edges()]
    assert curves.shape == (len(edge_ids), 8)
    assert np.abs(curves - live_curves(scene, edge_ids)).max() <= TOL


def test_card_boxes_without_margin_are_the_cards(qapp, example):
    graph = example("xor_network")
    scene = GraphScene(graph, theme=light_theme())
    ids, cards = card_boxes(graph, margin=0.0)
    for nid, box in zip(ids, cards.tolist(), strict=True):
        item = scene.node_item(nid)
        rect = item.mapRectToScene(item.rect())
        assert box == pytest.approx(rect.getCoords(), abs=TOL)


def test_variadic_ports_spread_edges_as_the_scene(qapp):
    graph = variadic_graph()
    scene = GraphScene(graph, theme=light_theme())
    ids, curves = edge_curves(graph)
    assert np.abs(curves - live_curves(scene, ids)).max() <= TOL
    slots = edge_slots(graph)
    for eid, (slot, count) in slots.items():
        item = scene.edge_item(eid)
        assert (item.slot, item.slots) == (slot, count)
    assert sorted(slots[f"e{i}"][0] for i in range(9)) == list(range(9))
    assert {slots[f"e{i}"][1] for i in range(9)} == {9}
    # the ends on the capsule are all different, ordered as the sources' heights
    ends = {eid: curves[ids.index(eid)][7] for eid in slots if eid.startswith("e")}
    by_end = sorted(ends, key=ends.get)
    by_source = sorted(ends, key=lambda e: graph.node(graph.edge(e).source).position[1])
    assert by_end == by_source
    assert "lt" not in slots  # a port of one edge has no slots


def test_moves_update_only_what_moved_and_equal_the_items(qapp):
    graph = variadic_graph()
    scene = GraphScene(graph, theme=light_theme())
    geometry = GraphGeometry(graph, scene.theme)
    before_boxes, before_curves = geometry.boxes.copy(), geometry.curves.copy()
    # s0 (feeding sum and ce) jumps from low to the top: the ports' spreads change, also for
    # edges whose sources stayed; t moves its one edge
    moves = {"s0": (-400.0, -500.0), "t": (-1000.0, 40.0)}
    for nid, position in moves.items():
        graph.update_node(nid, position=position)
    rows, bent = geometry.move_nodes(moves)
    assert sorted(geometry.node_ids[r] for r in rows) == ["s0", "t"]
    assert_matches(scene, geometry)
    unmoved = np.setdiff1d(np.arange(len(geometry.node_ids)), rows)
    assert np.array_equal(geometry.boxes[unmoved], before_boxes[unmoved])
    untouched = np.setdiff1d(np.arange(len(geometry.edge_ids)), bent)
    assert np.array_equal(geometry.curves[untouched], before_curves[untouched])
    bent_ids = {geometry.edge_ids[r] for r in bent}
    assert bent_ids >= {"e0", "l1", "lt", "l2", "l3", "e1", "e4"}
    assert not bent_ids & {"e3", "l0"}  # the lowest sources keep their slots
    # the same as computing it all again
    _ids, fresh = edge_curves(graph)
    assert np.abs(fresh - geometry.curves).max() <= TOL


def test_layered_graph_equals_the_items_before_and_after_a_move(qapp):
    graph = layered_graph(300, layers=15, seed=3)
    for nid, position in fast_layout(graph).items():
        graph.update_node(nid, position=position)
    scene = GraphScene(graph, theme=light_theme())
    items = {e.edge_id: (e.slot, e.slots) for e in scene.edge_items()}
    geometry = GraphGeometry(graph, scene.theme, slots=items)  # as the scene spread them
    assert_matches(scene, geometry)
    # move every node by the document (a bulk move): the scene respreads each port
    moves = {
        n.id: (n.position[0] + 30.0, n.position[1] - 7.5 * (i % 5))
        for i, n in enumerate(graph.nodes())
    }
    for nid, position in moves.items():
        graph.update_node(nid, position=position)
    rows, bent = geometry.move_nodes(moves)
    assert len(rows) == len(moves) and len(bent) == len(geometry.edge_ids)
    assert_matches(scene, geometry)


def test_edges_of_nodes(qapp):
    graph = variadic_graph()
    geometry = GraphGeometry(graph)
    rows = geometry.edges_of(["s0", "t"])
    assert {geometry.edge_ids[r] for r in rows} == {"e0", "l1", "lt"}


@pytest.mark.parametrize("dx", [-900.0, -300.0, -100.0, -1.0, 0.0, 1.0, 50.0, 80.0, 500.0])
def test_curves_between_is_curve_between(dx):
    x1, y1, y2 = 10.0, -5.0, 70.0
    one = Curve.between(x1, y1, x1 + dx, y2)
    many = curves_between(np.array([x1]), np.array([y1]), np.array([x1 + dx]), np.array([y2]))
    assert tuple(many[0]) == pytest.approx(tuple(one), abs=1e-12)


def test_rows_in_a_rectangle_and_masks(qapp):
    graph = variadic_graph()
    scene = GraphScene(graph, theme=light_theme())
    geometry = GraphGeometry(graph, scene.theme)
    area = QRectF(-420, -150, 120, 120)  # around s1 (-387, -120) and s7 (-309, -40)
    rows = geometry.nodes_in(area.left(), area.top(), area.right(), area.bottom())
    expected = {i.node_id for i in scene.node_items() if i.sceneBoundingRect().intersects(area)}
    assert {geometry.node_ids[r] for r in rows} == expected and "s1" in expected
    rows = geometry.edges_in(area.left(), area.top(), area.right(), area.bottom())

    def meets(box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        return x0 <= area.right() and x1 >= area.left() and y0 <= area.bottom() and y1 >= area.top()

    crossing = {e.edge_id for e in scene.edge_items() if meets(e.curve().bounds())}
    assert {geometry.edge_ids[r] for r in rows} == crossing and crossing
    mask = geometry.edge_mask(["e2", "lt", "nope"])
    assert mask.dtype == bool and mask.sum() == 2
    assert {geometry.edge_ids[r] for r in np.flatnonzero(mask)} == {"e2", "lt"}
