"""What nodes and edges show: values and gradients after evaluation, problems in red, the
stepper's overlay (current edge highlighted, term box, final vs partial gradients), and the
training preview."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from backprop_studio.core.engine.plan import evaluate
from backprop_studio.core.engine.trace import fmt_number
from backprop_studio.core.model.graph import Node
from backprop_studio.core.walk.overlay import PassOverlay
from backprop_studio.ui.canvas import texts
from backprop_studio.ui.canvas.edge_item import CURRENT, FORWARD_IN, VISITED
from backprop_studio.ui.canvas.node_item import MARK_FORWARD, MARK_RECEIVING, MARK_UPSTREAM
from backprop_studio.ui.canvas.render import scene_to_image
from backprop_studio.ui.canvas.scene import GraphScene
from backprop_studio.ui.canvas.theme import light_theme


def scene_for(graph) -> GraphScene:
    return GraphScene(graph, theme=light_theme())


def test_before_evaluation_sources_show_their_value_others_a_dash(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    assert scene.node_item("a").value.text == "2"
    assert scene.node_item("c").value == texts.EMPTY_VALUE
    assert scene.node_item("c").grad == texts.EMPTY_GRAD


def test_evaluation_shows_values_and_gradients_of_the_lesson(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    result = evaluate(graph)
    scene.set_evaluation(result, [])
    shown = {i.node_id: (i.value.text, i.grad.text) for i in scene.node_items()}
    assert shown["c"] == ("3", "2") and shown["d"] == ("2", "3") and shown["f"] == ("6", "1")
    assert shown["a"][1] == "2" and shown["b"][1] == "5"
    for nid, (value, grad) in shown.items():
        assert value == fmt_number(result.values[nid])
        assert grad == fmt_number(result.grads[nid])
    assert "∂L/∂w = " + fmt_number(result.edge_grads["e1"]) in scene.edge_item("e1").toolTip()
    scene.set_evaluation(None, [])
    assert scene.node_item("c").value == texts.EMPTY_VALUE


def test_batch_values_are_summarised_as_mean_and_size(qapp, example):
    graph = example("linear_regression")
    scene = scene_for(graph)
    result = evaluate(graph)
    scene.set_evaluation(result, [])
    x = scene.node_item("x")
    n = len(graph.data["x"])
    assert x.value.tag == f"mean of {n}"
    assert x.value.text == fmt_number(np.mean(graph.data["x"]))
    assert x.grad.tag == "grad mean"
    assert "n=" in x.value.detail or x.value.detail.startswith("[")
    assert x.value.detail in x.toolTip()


def test_problems_outline_the_faulty_node_with_the_reason(qapp, example):
    graph = example("chain_rule")
    graph.add_node(Node("t", "tanh", position=(600.0, 0.0)))
    scene = scene_for(graph)
    problems = graph.problems()
    scene.set_evaluation(None, problems)
    t = scene.node_item("t")
    reason = next(p.message for p in problems if p.node == "t")
    assert t.error == reason and reason in t.toolTip()
    assert scene.node_item("c").error is None
    graph.add_edge(graph.edge("e1").__class__("e9", "f", "t", "x"))
    scene.set_evaluation(evaluate(graph), graph.problems())
    assert t.error is None and "problem" not in t.toolTip()


def test_problem_on_an_edge_outlines_the_edge(qapp, example):
    from backprop_studio.core.model.errors import Problem

    graph = example("chain_rule")
    scene = scene_for(graph)
    scene.set_evaluation(None, [Problem("edge 'e3' is wrong", edge="e3")])
    assert scene.edge_item("e3").error == "edge 'e3' is wrong"
    assert "edge 'e3' is wrong" in scene.edge_item("e3").toolTip()


def _backward_overlay(result, k: int) -> PassOverlay:
    trace = result.trace
    term = trace[k]
    return PassOverlay(
        direction="backward",
        values={n: fmt_number(v) for n, v in result.values.items()},
        grads={"f": "1", "c": "2", "d": "3", "b": "2"},
        final_grads=frozenset({"f", "c", "d"}),
        partial_grads=frozenset({"b"}),
        current_edge=term.edge,
        upstream_node=term.target,
        receiving_node=term.source,
        edge_label="∂f/∂c · ∂c/∂b = 2 · 1 = 2",
        visited_edges=frozenset(t.edge for t in trace[:k]),
    )


def test_overlay_highlights_the_current_edge_and_marks_its_nodes(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    result = evaluate(graph)
    scene.set_evaluation(result, [])
    k = next(i for i, t in enumerate(result.trace) if t.edge == "e2")  # b -> c
    overlay = _backward_overlay(result, k)
    scene.set_overlay(overlay)
    assert scene.overlay is overlay
    assert scene.edge_item("e2").state == CURRENT
    for t in result.trace[:k]:
        assert scene.edge_item(t.edge).state == VISITED
    for t in result.trace[k + 1 :]:
        assert scene.edge_item(t.edge).state is None
    assert MARK_UPSTREAM in scene.node_item("c").marks
    assert MARK_RECEIVING in scene.node_item("b").marks
    assert scene.node_item("a").marks == frozenset()
    # texts come from the overlay: final and partial gradients in two styles
    assert scene.node_item("c").grad.style == texts.FINAL
    b = scene.node_item("b")
    assert b.grad.style == texts.PARTIAL and b.grad.text == "2" and b.grad.tag == "partial"
    assert scene.node_item("a").grad == texts.EMPTY_GRAD  # not reached yet
    # the term is written next to the edge, in a box that is shown
    label = scene.term_label()
    assert label.isVisible() and label.text == "∂f/∂c · ∂c/∂b = 2 · 1 = 2"
    mid = scene.edge_item("e2").curve_point(0.5)
    assert (label.anchor - mid).manhattanLength() < 1  # its leader line points at the edge
    box = label.box()
    for nid in ("b", "c"):  # and it hides neither number it explains
        card = scene.node_item(nid)
        assert not box.intersects(card.mapRectToScene(card.rect()))
    # the highlight is really painted: the edge's pixels take the backward colour
    image = scene_to_image(scene, scale=1.0)
    color = scene.theme.backward_edge
    assert _colour_near(image, scene, scene.edge_item("e2"), color)
    assert not _colour_near(image, scene, scene.edge_item("e6"), color)
    # clearing the overlay goes back to the evaluation
    scene.set_overlay(None)
    assert scene.edge_item("e2").state is None and not label.isVisible()
    assert scene.node_item("b").grad.text == "5" and scene.node_item("b").marks == frozenset()


def _colour_near(image, scene, edge, color, tol: int = 40) -> bool:
    from backprop_studio.ui.canvas.render import content_rect

    origin = content_rect(scene).topLeft()
    for t in (0.2, 0.3, 0.4, 0.6, 0.7, 0.8):
        p = edge.curve_point(t) - origin
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                c = image.pixelColor(int(p.x()) + dx, int(p.y()) + dy)
                if (
                    abs(c.red() - color.red()) < tol
                    and abs(c.green() - color.green()) < tol
                    and abs(c.blue() - color.blue()) < tol
                ):
                    return True
    return False


def test_current_edge_flows_while_shown(qtbot, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    result = evaluate(graph)
    scene.set_overlay(_backward_overlay(result, 0))
    edge = scene.edge_item(result.trace[0].edge)
    phase = edge.phase
    qtbot.waitUntil(lambda: edge.phase != phase, timeout=1000)
    scene.set_overlay(None)
    assert not scene._flow_timer.isActive()


def test_forward_overlay_marks_the_node_just_computed(qapp, example):
    graph = example("chain_rule")
    scene = scene_for(graph)
    overlay = PassOverlay(
        direction="forward", values={"a": "2", "b": "1", "c": "3"}, current_node="c"
    )
    scene.set_overlay(overlay)
    assert MARK_FORWARD in scene.node_item("c").marks
    assert scene.edge_item("e1").state == FORWARD_IN and scene.edge_item("e2").state == FORWARD_IN
    assert scene.edge_item("e5").state is None
    assert scene.node_item("c").value.text == "3"
    assert scene.node_item("f").value == texts.EMPTY_VALUE


def test_value_preview_shows_training_values_without_touching_the_graph(qapp, example):
    graph = example("xor_network")
    scene = scene_for(graph)
    revision = graph.revision
    scene.set_value_preview({"b1": 0.75}, {"e1": -2.5})
    assert scene.node_item("b1").value.text == "0.75"
    assert scene.node_item("b1").value.style == texts.PREVIEW
    edge = scene.edge_item("e1")
    assert edge.shown_weight == -2.5 and "-2.5" in edge.toolTip()
    scene.set_value_preview({"b1": 0.5}, {})
    assert scene.node_item("b1").value.text == "0.5" and edge.shown_weight == 0.6
    scene.clear_value_preview()
    assert (
        scene.node_item("b1").value.text == "0.1"
        and scene.node_item("b1").value.style == texts.NORMAL
    )
    assert graph.revision == revision


def test_weight_labels_hidden_for_fixed_one_and_marked_when_trainable(qapp, example):
    graph = example("xor_network")
    scene = scene_for(graph)
    assert not scene.edge_item("e3").label_visible()  # fixed weight 1
    assert scene.edge_item("e1").label_visible() and scene.edge_item("e1").trainable
    graph.update_edge("e3", weight=2.0)
    assert scene.edge_item("e3").label_visible()


def test_weight_labels_do_not_overlap(qapp, example):
    graph = example("xor_network")  # e2 and e4 cross exactly at their middles
    scene = scene_for(graph)
    pills = [e.label_rect() for e in scene.edge_items() if e.label_visible()]
    for i, a in enumerate(pills):
        for b in pills[i + 1 :]:
            assert not a.intersects(b)


def test_focus_edge_brings_it_into_view(qtbot, example):
    from canvas_helpers import make_canvas

    scene, view, _ = make_canvas(qtbot, example("xor_network"), size=(400, 300))
    view.set_zoom(2.0)
    view.centerOn(QPointF(-2000, -2000))
    scene.focus_edge("e14")
    visible = view.visible_scene_rect()
    assert visible.contains(scene.edge_item("e14").curve_point(0.5))


def test_a_number_too_wide_for_its_card_loses_digits_not_its_end():
    assert texts.shorter_numbers("0.000891234") == ["0.000891", "0.00089", "0.0009"]
    assert texts.shorter_numbers("-1.23456e-05") == ["-1.23e-05", "-1.2e-05", "-1e-05"]
    assert texts.shorter_numbers("–") == []  # not a number: elided as text


def test_card_numbers_are_drawn_whole(qapp):
    """A batch's gradient mean with many digits on a card: drawn shortened, never with '…'."""
    from backprop_studio.core.model.graph import Graph
    from backprop_studio.ui.canvas.node_item import NodeItem

    drawn: list[str] = []

    class Recorder:
        def __getattr__(self, name):
            return lambda *a, **k: drawn.append(a[-1]) if name == "drawText" else None

    graph = Graph()
    graph.add_node(Node("a", "input", value=[0.000891234, -0.00412345], label="a"))
    scene = GraphScene(graph, theme=light_theme())
    item = scene.node_item("a")
    reading = texts.grad_reading(np.array([0.001782468, 0.0]))
    assert reading.text == fmt_number(0.000891234) == "0.000891"
    from PySide6.QtGui import QFontMetricsF

    tag_w = QFontMetricsF(scene.theme.font("small")).horizontalAdvance("grad mean")
    digits = QFontMetricsF(scene.theme.font("value_bold")).horizontalAdvance
    # a row too narrow for "grad mean" and all the digits, wide enough for three of them
    row = QRectF(0, 0, tag_w + 6 + (digits("0.00089") + digits("0.000891")) / 2, 16)
    NodeItem._paint_reading(item, Recorder(), scene.theme, reading, "grad", row)
    assert drawn[0] == "grad mean"
    number = drawn[1]
    assert number == "0.00089"  # two significant digits: all three do not fit
