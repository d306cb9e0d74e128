"""A big graph builds its cards and edges only where a view looks (ui/canvas/lazy_items.py).

The threshold is lowered to 100 nodes so that a 600-node grid is "big": it opens with no
item, the overview draws it far out, a view zoomed in builds the cards it shows (and their
neighbours, so every edge of a card in sight is a real item), anything asked for by id is
built on demand, and edits, undo, the rubber band, Select All and the stepper work on cards
that had no item when they started.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from backprop_studio.core.model.fileio import save_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.model.groups import Group
from backprop_studio.ui.canvas.edge_item import EdgeItem
from backprop_studio.ui.canvas.lazy_items import LazyItems
from backprop_studio.ui.canvas.node_item import NodeItem
from backprop_studio.ui.canvas.scene import GraphScene
from backprop_studio.ui.canvas.view import GraphView
from backprop_studio.ui.shell.main_window import create_main_window

COLS, ROWS, DX, DY = 30, 20, 260.0, 160.0


def grid_graph() -> Graph:
    """Columns of ``add`` nodes, each fed by two nodes of the column before."""
    g = Graph("grid")
    for r in range(ROWS):
        g.add_node(
            Node(f"n0_{r}", "parameter", value=0.1 * r, trainable=True, position=(0, r * DY))
        )
    for c in range(1, COLS):
        for r in range(ROWS):
            g.add_node(Node(f"n{c}_{r}", "add", position=(c * DX, r * DY)))
            for k, src in enumerate((r, (r + 1) % ROWS)):
                g.add_edge(Edge(f"e{c}_{r}_{k}", f"n{c - 1}_{src}", f"n{c}_{r}", "in", weight=0.5))
    # one sink (the loss), fed by the whole last column through one variadic port
    g.add_node(Node("out", "add", position=(COLS * DX, ROWS * DY / 2)))
    for r in range(ROWS):
        g.add_edge(Edge(f"o{r}", f"n{COLS - 1}_{r}", "out", "in"))
    return g


@pytest.fixture
def lazy_threshold(monkeypatch):
    monkeypatch.setattr(LazyItems, "lazy_min_nodes", 100)


@pytest.fixture
def shown(qtbot, lazy_threshold):
    graph = grid_graph()
    scene = GraphScene(graph)
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    return graph, scene, view


def _paint(view: GraphView) -> None:
    view.viewport().repaint()


def _zoom_to(view: GraphView, scene_point: QPointF, zoom: float = 1.0) -> None:
    view.set_zoom(zoom)
    view.centerOn(scene_point)
    _paint(view)


def _check_consistent(graph: Graph, scene: GraphScene) -> None:
    """An edge has an item exactly when both its cards do; rings count the graph's edges."""
    for edge in graph.edges():
        both = scene.existing_node_item(edge.source) and scene.existing_node_item(edge.target)
        assert (scene.existing_edge_item(edge.id) is not None) == bool(both), edge.id
    for item in scene.node_items():
        assert item.output.connected == len(graph.out_edges(item.node_id))
        for name, port in item.inputs.items():
            assert port.connected == len(graph.in_edges(item.node_id, name))


def test_a_big_graph_opens_without_items_and_the_overview_draws_it(qtbot, lazy_threshold):
    scene = GraphScene(grid_graph())
    assert scene.lazy and not scene.node_items() and not scene.edge_items()
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.fit_to_view()
    view.show()
    qtbot.waitExposed(view)
    _paint(view)
    assert scene._far and not scene.node_items()  # far out: nothing built
    image = view.grab().toImage()
    background = scene.theme.background.rgb()
    drawn = sum(
        image.pixel(x, y) != background
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )
    assert drawn > 200  # the overview drew the cards and edges from the model


def test_zooming_in_builds_the_cards_in_view_and_their_neighbours(shown):
    graph, scene, view = shown
    _zoom_to(view, QPointF(10 * DX, 8 * DY))
    built = {item.node_id for item in scene.node_items()}
    visible = view.visible_scene_rect()
    in_view = set(scene.ids_in_rect(visible))
    assert in_view and in_view <= built
    assert len(built) < len(graph) / 2  # far from everything
    for nid in in_view:  # every edge of a card in sight is a real item
        for edge in (*graph.in_edges(nid), *graph.out_edges(nid)):
            assert scene.existing_edge_item(edge.id) is not None
    for item in scene.node_items():
        assert (item.pos().x(), item.pos().y()) == graph.node(item.node_id).position
    _check_consistent(graph, scene)
    # a pan to the far end builds more, the first cards stay
    _zoom_to(view, QPointF(27 * DX, 2 * DY))
    assert built < {item.node_id for item in scene.node_items()}
    _check_consistent(graph, scene)


def test_cards_and_edges_asked_for_by_id_are_built(shown):
    graph, scene, view = shown
    item = scene.node_item("n25_17")
    assert isinstance(item, NodeItem) and item.pos() == QPointF(25 * DX, 17 * DY)
    edge = scene.edge_item("e12_3_1")
    assert isinstance(edge, EdgeItem)
    assert scene.existing_node_item("n11_4") and scene.existing_node_item("n12_3")
    assert scene.node_item("nowhere") is None and scene.edge_item("nothing") is None
    _check_consistent(graph, scene)
    # the item's curve ends where the model says its ports are
    ids, curves = scene.model_curves()
    row = curves[ids.index("e12_3_1")].tolist()
    assert row == pytest.approx(list(edge.curve()))


def test_graph_edits_reach_built_and_unbuilt_cards(shown):
    graph, scene, view = shown
    _zoom_to(view, QPointF(3 * DX, 3 * DY))
    assert scene.existing_node_item("n3_3") is not None
    assert scene.existing_node_item("n28_18") is None
    # an unbuilt card moves: it is built where the graph now has it
    graph.update_node("n28_18", position=(3 * DX + 40, 3 * DY + 70))
    _paint(view)
    moved = scene.existing_node_item("n28_18")
    assert moved is not None and moved.pos() == QPointF(3 * DX + 40, 3 * DY + 70)
    # an edge removed and added between built cards: items and rings follow the graph
    removed = graph.remove_edge("e3_3_0")
    assert scene.existing_edge_item("e3_3_0") is None
    _check_consistent(graph, scene)
    graph.add_edge(removed)
    assert scene.existing_edge_item("e3_3_0") is not None
    # an edge to a card with no item: no item, but the built card's ring counts it
    graph.add_edge(Edge("long", "n3_3", "n29_0", "in"))
    assert scene.existing_edge_item("long") is None
    _check_consistent(graph, scene)
    graph.remove_edge("long")  # ... and no longer counts it once it is gone
    _check_consistent(graph, scene)
    graph.remove_node("n3_3")
    assert scene.existing_node_item("n3_3") is None
    _check_consistent(graph, scene)


def test_rubber_band_far_out_selects_cards_that_had_no_item(shown, qtbot):
    graph, scene, view = shown
    view.fit_to_view()
    _paint(view)
    assert scene._far and len(scene.node_items()) < 100  # those shown before the fit
    a = view.mapFromScene(QPointF(-DX / 2, -DY / 2))
    b = view.mapFromScene(QPointF(2 * DX + DX / 2, 4 * DY + DY / 2))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    for k in range(1, 6):
        step = a + (b - a) * (k / 5)
        qtbot.mouseMove(view.viewport(), QPoint(int(step.x()), int(step.y())))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=b)
    assert set(scene.selected_node_ids()) == {f"n{c}_{r}" for c in range(3) for r in range(5)}


def test_select_all_selects_every_node_and_edge(shown):
    graph, scene, _view = shown
    scene.select_all()
    assert len(scene.selected_node_ids()) == len(graph)
    assert len(scene.selected_edge_ids()) == graph.edge_count()
    _check_consistent(graph, scene)


def test_a_variadic_port_spreads_all_its_edges_built_or_not(shown):
    graph, scene, view = shown
    item = scene.edge_item("o7")  # into "out", shared by 20 edges, the others unbuilt
    assert (item.slot, item.slots) == (7, ROWS)  # sources ordered by height
    ids, curves = scene.model_curves()
    assert curves[ids.index("o7")].tolist() == pytest.approx(list(item.curve()))


def test_groups_frame_unbuilt_cards_and_a_collapsed_group_hides_its_cards(shown):
    graph, scene, view = shown
    graph.add_group(Group("far", "far away", ("n26_10", "n27_10")))
    graph.add_group(Group("shut", "shut", ("n2_2", "n2_3"), collapsed=True))
    frame = scene.groups_layer.frames["far"]
    assert scene.existing_node_item("n26_10") is None  # framed without building its cards
    inner = scene.card_scene_rect("n26_10").united(scene.card_scene_rect("n27_10"))
    assert frame.sceneBoundingRect().contains(inner.adjusted(20, 20, -20, -20))
    _zoom_to(view, QPointF(2 * DX, 2 * DY))
    assert not scene.node_item("n2_2").isVisible() and not scene.node_item("n2_3").isVisible()
    assert scene.node_item("n3_2").isVisible()
    assert not scene.existing_edge_item("e3_2_0").isVisible()  # n2_2 -> n3_2: behind the block
    assert "shut" in scene.groups_layer.blocks


def test_the_stepper_walks_a_big_graph_on_cards_built_for_it(qtbot, tmp_path, lazy_threshold):
    path = tmp_path / "grid.bpgraph"
    save_graph(grid_graph(), path)
    w = create_main_window(path)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitUntil(lambda: w.document.result is not None)
    scene = w.scene
    assert scene.lazy and len(scene.node_items()) < len(w.document.graph) / 2
    assert w.stepper.run_forward() is not None
    assert w.stepper.run_backward() is not None
    w.stepper.step()
    overlay = scene.overlay
    assert overlay is not None and overlay.current_edge
    edge = scene.existing_edge_item(overlay.current_edge)
    assert edge is not None and edge.state == "current"
    assert scene.term_label().isVisible()
    # the walk's marks reach cards built later: a card far from the walk's focus
    far = scene.node_item("n15_10")
    assert far.value.text == scene.display.readings("n15_10")[0].text


def test_a_pan_far_out_shows_what_a_fresh_drawing_shows(shown):
    graph, scene, view = shown
    view.fit_to_view()
    view.set_zoom(0.12)
    view.centerOn(QPointF(12 * DX, 8 * DY))
    _paint(view)
    assert scene._far
    bars = view.horizontalScrollBar(), view.verticalScrollBar()
    for _step in range(6):  # a diagonal pan: every step uncovers an L-shaped strip
        bars[0].setValue(bars[0].value() + 9)
        bars[1].setValue(bars[1].value() + 4)
        _paint(view)
    panned = view.viewport().grab().toImage()
    scene.set_caching(False)  # drawn afresh from the arrays, as to a file: no picture
    view.viewport().update()
    _paint(view)
    fresh = view.viewport().grab().toImage()
    samples = [(x, y) for x in range(0, fresh.width(), 5) for y in range(0, fresh.height(), 5)]
    differing = sum(_far_apart(panned.pixelColor(x, y), fresh.pixelColor(x, y)) for x, y in samples)
    assert differing <= len(samples) * 0.02  # antialiasing apart, the same picture


def _far_apart(a, b) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) > 90
