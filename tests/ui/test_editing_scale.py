"""What the large-graph speed-ups must not change: coalesced refreshes still refresh, a lazy
trace still gives the stepper the same terms, incremental display updates end where a full
refresh would, lazily built tooltips and drawing modes appear when they are needed."""

from __future__ import annotations

import random

import pytest
from canvas_helpers import make_canvas
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QToolTip

from backprop_studio.core.engine.plan import evaluate
from backprop_studio.core.model.fileio import dumps_graph, save_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.canvas.node_item import NodeItem
from backprop_studio.ui.document.document import Document
from backprop_studio.ui.stepper.chain_rule_delegate import SUM_RULE_ROLE


def layered(columns: int = 12, rows: int = 10, seed: int = 3) -> Graph:
    """Parameters in the first column, then add/mul nodes reading two nodes of the column
    before (the one beside it and another); the last column summed into ``loss`` (no loss
    field: the only sink is the loss)."""
    rng = random.Random(seed)
    g = Graph(title="layered")
    for c in range(columns):
        for r in range(rows):
            nid, pos = f"n{c}_{r}", (c * 220.0, r * 110.0)
            if c == 0:
                g.add_node(Node(nid, "parameter", value=rng.uniform(-1, 1), position=pos))
                continue
            g.add_node(Node(nid, rng.choice(["add", "mul"]), position=pos))
            other = rng.choice([i for i in range(rows) if i != r])
            for k, src in enumerate((r, other)):  # every node feeds the next column
                g.add_edge(Edge(f"e{c}_{r}_{k}", f"n{c - 1}_{src}", nid, "in", weight=0.5))
    g.add_node(Node("loss", "add", position=(columns * 220.0, 0.0)))
    for r in range(rows):
        g.add_edge(Edge(f"l{r}", f"n{columns - 1}_{r}", "loss", "in"))
    return g


def node_state(scene) -> dict:
    """Everything the display pushes into node and edge items."""
    nodes = {
        i.node_id: (i.value, i.grad, i.error, i.marks, i.is_loss, i.toolTip())
        for i in scene.node_items()
    }
    edges = {
        e.edge_id: (e.state, e.error, e.preview_weight, e.grad_text, e.toolTip())
        for e in scene.edge_items()
    }
    return {"nodes": nodes, "edges": edges}


def assert_display_is_complete(scene) -> None:
    """The items show exactly what a refresh of every item would show."""
    before = node_state(scene)
    scene.display.refresh_all()
    assert node_state(scene) == before


@pytest.fixture
def window(qtbot, tmp_path):
    made = []

    def make(graph_or_example):
        if isinstance(graph_or_example, Graph):
            path = tmp_path / "graph.bpgraph"
            save_graph(graph_or_example, path)
        else:
            path = example_path(graph_or_example)
        w = create_main_window(path)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        w.document.evaluate_now()
        made.append(w)
        return w

    yield make
    for w in made:
        w.document.set_modified(False)


# ----------------------------------------------------------------------------- document
def test_graph_edited_gathers_the_events_of_one_edit(qapp):
    doc = Document(layered(4, 4))
    each, batches = [], []
    doc.graph_changed.connect(each.append)
    doc.graph_edited.connect(batches.append)
    doc.delete(["n1_0", "n1_1", "n2_3"])  # one undo step: its events in one batch, at once
    assert len(batches) == 1 and batches[0] == each
    assert {e.kind for e in each} == {"edge_removed", "node_removed"}
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    assert len(batches) == 3 and len(batches[1]) == len(batches[2]) == len(batches[0])
    doc.replace_graph(layered(3, 3))  # pending events of the old graph are dropped
    doc.graph.update_node("n0_0", label="a")  # outside the undo stack: once per loop turn
    assert len(batches) == 3
    QApplication.processEvents()
    assert [e.kind for e in batches[-1]] == ["node_changed"]


def test_live_evaluation_skips_the_trace_and_records_it_on_request(qapp, example):
    doc = Document(example("chain_rule"))
    result = doc.evaluate_now()
    assert result is not None and result.trace == []
    recorded = doc.recorded_result()
    reference = evaluate(doc.graph)
    assert [(t.edge, t.text) for t in recorded.trace] == [(t.edge, t.text) for t in reference.trace]
    assert doc.recorded_result() is recorded  # kept until the next evaluation
    doc.set_edge_weight("e1", 3.0)  # waits for the event loop...
    again = doc.recorded_result()  # ...but a recorded result is never stale
    assert again is not recorded
    assert again.loss == pytest.approx(evaluate(doc.graph).loss)
    assert [t.weight for t in again.trace if t.edge == "e1"] == [3.0]


def test_recorded_result_of_a_graph_that_cannot_run_is_none(qapp):
    g = Graph()
    g.add_node(Node("a", "add"))
    doc = Document(g)
    assert doc.evaluate_now() is None and doc.problems
    assert doc.recorded_result() is None


# ----------------------------------------------------------------------------- scene
def test_loss_marker_follows_node_and_edge_events(qtbot):
    g = layered(3, 3)
    scene, _view, _ = make_canvas(qtbot, g)

    def marked():
        return [i.node_id for i in scene.node_items() if i.is_loss]

    assert marked() == ["loss"]
    g.add_node(Node("extra", "neg", position=(0, 500)))  # two sinks: no loss node
    assert marked() == []
    g.add_edge(Edge("ex", "loss", "extra", "x"))  # one sink again, the new node
    assert marked() == ["extra"]
    g.remove_edge("ex")
    assert marked() == []
    g.remove_node("extra")
    assert marked() == ["loss"]
    g.set_meta(loss="n2_1")
    assert marked() == ["n2_1"]
    assert_display_is_complete(scene)


def test_big_delete_undo_redo_keeps_items_and_display_in_step(window):
    w = window(layered(12, 10))
    doc, scene = w.document, w.scene
    before = dumps_graph(doc.graph)
    doomed = [n.id for n in doc.graph.nodes()[:60]]
    scene.select_ids(doomed)
    w.action("delete").trigger()
    QApplication.processEvents()
    doc.evaluate_now()
    assert {i.node_id for i in scene.node_items()} == {n.id for n in doc.graph.nodes()}
    assert {i.edge_id for i in scene.edge_items()} == {e.id for e in doc.graph.edges()}
    assert doc.result is None and doc.problems  # inputs are gone: red outlines
    assert any(i.error for i in scene.node_items())
    assert_display_is_complete(scene)
    w.action("undo").trigger()
    doc.evaluate_now()
    assert dumps_graph(doc.graph) == before
    assert len(scene.node_items()) == len(doc.graph) and doc.result is not None
    assert not any(i.error for i in scene.node_items())
    assert_display_is_complete(scene)
    w.action("redo").trigger()
    doc.evaluate_now()
    assert len(scene.node_items()) == len(doc.graph) == 121 - 60
    assert_display_is_complete(scene)


def test_stepper_overlay_updates_end_where_a_full_refresh_would(window):
    w = window("xor_network")
    stepper, scene = w.stepper, w.scene
    moves = [stepper.step] * 5 + [stepper.run_forward] + [stepper.step] * 6
    moves += [stepper.step_back, stepper.step_back, stepper.step_forward, stepper.run_backward]
    moves += [lambda: stepper.goto_term(3), stepper.step_back, stepper.reset]
    for move in moves:
        move()
        assert_display_is_complete(scene)
    walk = stepper.walk
    assert walk is not None and walk.result is w.document.recorded_result()
    expected = evaluate(w.document.graph).trace
    assert [(t.edge, t.contribution.tolist()) for t in walk.trace] == [
        (t.edge, t.contribution.tolist()) for t in expected
    ]
    stepper.reset()  # back to the live evaluation
    assert scene.overlay is None
    assert_display_is_complete(scene)


def test_term_rows_grow_and_shrink_like_a_fresh_list(window):
    w = window("xor_network")
    stepper, panel = w.stepper, w.stepper.panel
    terms = panel.terms

    def shown():
        model = terms.model()
        return [
            (model.index(i, 0).data(), model.index(i, 0).data(SUM_RULE_ROLE))
            for i in range(terms.count())
        ]

    def fresh():
        walk = stepper.walk
        rows, out = walk.rows(), []
        for row in rows:
            if row.kind == "term":
                out.append((row.text, None))
            else:
                out[-1] = (out[-1][0], row.text)
        return out

    stepper.run_forward()
    while stepper.step_backward() and not stepper.walk.backward_done:
        assert shown() == fresh()
    assert any(rule for _text, rule in shown())  # sum rules among them
    stepper.goto_term(6)
    stepper.step_back()
    stepper.step_back()
    assert shown() == fresh() and terms.count() == stepper.walk.state.backward
    stepper.run_backward()
    assert shown() == fresh() and terms.count() == stepper.walk.backward_total
    stepper.goto_term(1)
    assert shown() == fresh() and terms.count() == 2
    stepper.set_sample(2)  # other numbers: every row rewritten
    assert shown() == fresh()
    assert terms.current_row() == terms.count() - 1


def test_term_rows_are_measured_again_when_the_list_widens(window, qtbot):
    w = window("xor_network")
    w.stepper.run_backward()
    terms = w.stepper.panel.terms

    def sizes() -> list:
        return [terms.sizeHintForIndex(terms.model().index(i, 0)) for i in range(terms.count())]

    def tallest() -> int:
        return max(size.height() for size in sizes())

    wrapped = tallest()
    dock = w.stepper.panel.parentWidget()
    dock.raise_()
    w.resizeDocks([dock], [700], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: tallest() < wrapped)  # long terms fit on one line now
    widths = {size.width() for size in sizes()}
    assert len(widths) == 1
    assert abs(widths.pop() - terms.viewport().width()) < 40


# ----------------------------------------------------------------------------- lazy drawing
def test_tooltips_are_built_when_hovered(qtbot, example):
    graph = example("chain_rule")
    scene, view, _ = make_canvas(qtbot, graph)
    scene.set_evaluation(evaluate(graph), [])
    item = scene.node_item("c")
    assert item._tooltip_stale  # nothing built yet
    point = view.mapFromScene(item.pos())
    QApplication.sendEvent(
        view.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)),
    )
    assert "value: 3" in QToolTip.text() and "gradient ∂f/∂c: 2" in QToolTip.text()
    QToolTip.hideText()
    graph.update_node("a", value=5.0)
    scene.set_evaluation(evaluate(graph), [])
    assert "value: 6" in item.toolTip()  # toolTip() builds it too


def test_items_left_stale_by_a_zoom_are_synced_before_they_are_painted(qtbot):
    graph = layered(20, 12)
    scene, view, _ = make_canvas(qtbot, graph)
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    view.set_zoom(0.2)  # far: every item stops painting at once
    assert all(i.flags() & no_contents for i in scene.node_items())
    near, far_away = scene.node_item("n0_0"), scene.node_item("n19_11")
    view.centerOn(near.pos())
    view.set_zoom(1.0)
    assert not near.flags() & no_contents and near.output.isVisible()
    assert far_away.flags() & no_contents  # out of sight: not touched yet
    view.centerOn(far_away.pos())
    view.viewport().grab()  # painting it brings it up to date first
    assert not far_away.flags() & no_contents and far_away.output.isVisible()
    assert far_away.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache


def test_overview_polylines_follow_moved_nodes(qtbot):
    graph = layered(20, 12)
    scene, view, _ = make_canvas(qtbot, graph)
    view.set_zoom(0.2)
    view.viewport().grab()
    edge = scene.edge_item("e5_3_0")
    first = [row[:2] for row in edge.overview_rows]
    x, y = graph.node(edge.target.node_id).position
    graph.update_node(edge.target.node_id, position=(x + 40, y + 90))
    view.viewport().grab()
    rows = edge.overview_rows
    assert rows is not None and [row[:2] for row in rows] != first
    curve = edge.curve()
    ends = [*rows[0][:2], *rows[-1][2:]]
    assert ends == pytest.approx([curve.x1, curve.y1, curve.x2, curve.y2])
    assert isinstance(edge.target, NodeItem)


def test_row_numbers_of_long_passes_fit_their_column(window):
    """Row 1000 of a long pass must not lose its first digit (the column was 2 digits)."""
    from backprop_studio.ui.stepper.chain_rule_delegate import GUTTER

    w = window(layered(12, 10))
    stepper, panel = w.stepper, w.stepper.panel
    stepper.run_backward()
    count = panel.terms.count()
    assert count == stepper.walk.backward_total > 100
    metrics = panel.terms.fontMetrics()
    assert metrics.horizontalAdvance(str(count)) <= panel.delegate.gutter - 8
    stepper.goto_term(5)  # back to one digit: the column narrows again
    assert panel.delegate.gutter == GUTTER
    stepper.run_backward()
    assert metrics.horizontalAdvance(str(count)) <= panel.delegate.gutter - 8
