"""Bulk moves on a big canvas: Auto-Arrange, its undo, a drag of many cards.

A move command of many nodes runs inside the document's ``batch_moves``: the scene moves
the cards when the batch ends, bends each edge once, rebuilds its index once and places the
weight pills in one pass. These tests pin what the user sees: one undo step, cards and edges
where the graph says, pills placed for the new layout, undo restoring everything exactly,
and the canvas still answering clicks and drags afterwards.
"""

from __future__ import annotations

import random

import pytest
from canvas_helpers import drag
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsScene

from backprop_studio.core.model.fileio import dumps_graph, save_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.ui import create_main_window
from backprop_studio.ui.canvas.bulk_moves import BULK_MOVE_NODES
from backprop_studio.ui.canvas.scene_gestures import DRAG_UNINDEXED_EDGES


def big_graph(columns: int = 26, rows: int = 12, seed: int = 5) -> Graph:
    """Parameters in the first column, add/mul nodes after, two inputs each, random weights
    (so that the weight pills show), one loss summing the last column."""
    rng = random.Random(seed)
    g = Graph(title="bulk")
    for c in range(columns):
        for r in range(rows):
            nid, pos = f"n{c}_{r}", (c * 200.0 + rng.uniform(-30, 30), r * 120.0)
            if c == 0:
                g.add_node(Node(nid, "parameter", value=rng.uniform(-1, 1), position=pos))
                continue
            g.add_node(Node(nid, rng.choice(["add", "mul"]), position=pos))
            other = rng.choice([i for i in range(rows) if i != r])
            for k, src in enumerate((r, other)):
                weight = round(rng.uniform(-2, 2), 2)
                g.add_edge(Edge(f"e{c}_{r}_{k}", f"n{c - 1}_{src}", nid, "in", weight=weight))
    g.add_node(Node("loss", "add", position=(columns * 200.0, 0.0)))
    for r in range(rows):
        g.add_edge(Edge(f"l{r}", f"n{columns - 1}_{r}", "loss", "in"))
    return g


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "bulk.bpgraph"
    save_graph(big_graph(), path)
    w = create_main_window(path)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.document.set_modified(False)
    w.close()


def canvas_state(scene) -> dict:
    """Where every card, edge end and weight pill is on the canvas."""
    nodes = {i.node_id: (i.pos().x(), i.pos().y()) for i in scene.node_items()}
    edges = {e.edge_id: (tuple(e.curve()), e.label_t()) for e in scene.edge_items()}
    return {"nodes": nodes, "edges": edges}


def assert_canvas_follows_graph(scene, graph) -> None:
    for node in graph.nodes():
        assert scene.node_item(node.id).pos() == QPointF(*node.position), node.id
    for edge in scene.edge_items():
        curve = edge.curve()
        start = edge.source.output.scenePos()  # Qt's own mapping, not the edge's arithmetic
        assert (curve.x1, curve.y1) == pytest.approx((start.x(), start.y()))
        end = edge.target_port.scenePos()
        assert curve.x2 == pytest.approx(end.x())
        assert abs(curve.y2 - end.y()) <= 13  # spread along the variadic port
        assert edge.boundingRect().contains(QPointF(curve.x2, curve.y2))


def assert_pills_clear_of_cards(scene, edges) -> None:
    """A pill covers a card only when every spot along its curve would cover a card or
    another pill (the placer then keeps the middle)."""
    cards = [node.mapRectToScene(node.rect()) for node in scene.node_items()]

    def blocked(box, edge) -> bool:
        x0, y0, x1, y1 = box
        rect = QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(-3, -2, 3, 2)
        if any(card.intersects(rect) for card in cards):
            return True
        return any(
            other is not edge and other.label_visible() and other.label_rect().intersects(rect)
            for other in scene.edge_items()
        )

    for edge in edges:
        if not edge.label_visible():
            continue
        pill = edge.label_rect()
        if any(card.intersects(pill) for card in cards):
            assert all(blocked(box, edge) for _t, box in edge.label_candidates()), edge.edge_id


def test_auto_arrange_of_a_big_graph_is_one_undo_step_that_undo_restores(window):
    scene, document = window.scene, window.document
    assert len(scene.node_items()) > BULK_MOVE_NODES  # the bulk path, index rebuilt once
    original, before = dumps_graph(document.graph), canvas_state(scene)
    steps = document.undo_stack.count()

    window.view_actions.auto_layout()

    assert document.undo_stack.count() == steps + 1
    graph = document.graph
    positions = [n.position for n in graph.nodes()]
    assert len(set(positions)) == len(positions)
    assert_canvas_follows_graph(scene, graph)
    arranged = canvas_state(scene)
    assert arranged["nodes"] != before["nodes"]
    scene.place_labels()  # the pills were placed for the new layout: placing again moves none
    assert canvas_state(scene) == arranged

    document.undo_stack.undo()
    assert dumps_graph(document.graph) == original
    assert_canvas_follows_graph(scene, document.graph)
    assert canvas_state(scene) == before
    document.undo_stack.redo()
    assert canvas_state(scene) == arranged


def test_after_a_bulk_move_a_click_selects_the_card_under_it(qtbot, window):
    scene, view = window.scene, window.view
    window.view_actions.auto_layout()
    card = scene.node_item("n7_3")
    view.set_zoom(1.0)
    view.centerOn(card.pos())
    assert card in scene.items(card.pos())  # the rebuilt index knows the new place
    header = card.pos() + QPointF(10, card.rect().top() + 8)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(header))
    assert scene.selected_node_ids() == ["n7_3"]


def test_a_drag_of_many_selected_cards_is_one_move_that_undo_restores(qtbot, window):
    scene, view, document = window.scene, window.view, window.document
    original, before = dumps_graph(document.graph), canvas_state(scene)
    ids = [f"n{c}_{r}" for c in range(5, 25) for r in range(12)]  # 240 cards
    scene.select_ids(ids)
    card = scene.node_item("n10_5")
    view.set_zoom(1.0)
    view.centerOn(card.pos())
    grab = card.pos() + QPointF(10, card.rect().top() + 8)
    steps = document.undo_stack.count()
    drag(qtbot, view, grab, grab + QPointF(80, 40), steps=4)

    assert document.undo_stack.count() == steps + 1
    assert scene.itemIndexMethod() == QGraphicsScene.ItemIndexMethod.BspTreeIndex
    moved_edges = {e for nid in ids for e in scene.node_item(nid).edges}
    assert len(moved_edges) > DRAG_UNINDEXED_EDGES  # the pills placed in one pass
    assert_pills_clear_of_cards(scene, moved_edges)
    graph = document.graph
    for nid in ids:
        x, y = before["nodes"][nid]
        assert graph.node(nid).position == pytest.approx((x + 80, y + 40))
    assert graph.node("n0_0").position == before["nodes"]["n0_0"]
    assert_canvas_follows_graph(scene, graph)

    document.undo_stack.undo()
    assert dumps_graph(document.graph) == original
    assert_canvas_follows_graph(scene, document.graph)
    assert canvas_state(scene)["nodes"] == before["nodes"]


def test_the_cached_overview_shows_selections_and_moves(qtbot, window):
    """Far out the overview draws the graph from a cached picture: a selection (drawn on
    top of it) and a moved card (the picture redrawn) still show at once."""
    scene, view = window.scene, window.view
    view.set_zoom(0.3)
    card = scene.node_item("n6_4")
    view.centerOn(card.pos())
    qtbot.waitUntil(lambda: scene._overview.isVisible())

    def patch(center: QPointF):
        at = view.mapFromScene(center)
        return view.viewport().grab().copy(at.x() - 30, at.y() - 20, 60, 40).toImage()

    plain = patch(card.pos())
    scene.select_ids(["n6_4"])
    assert patch(card.pos()) != plain  # the selection outline
    scene.select_ids([])
    assert patch(card.pos()) == plain
    old = card.pos()
    empty = patch(old + QPointF(0, 60))  # the gap below the card
    window.document.move_nodes({"n6_4": ((old.x(), old.y()), (old.x(), old.y() + 60))})
    assert patch(old + QPointF(0, 60)) != empty  # the card is drawn where it went
