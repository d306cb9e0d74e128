"""The stepper through the real main window: actions, keys, the chain-rule panel, the canvas."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QTextBrowser, QWidget

from backprop_studio.core.engine.plan import evaluate
from backprop_studio.core.walk.steps import Walk
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.canvas.edge_item import CURRENT, VISITED
from backprop_studio.ui.stepper.chain_rule_delegate import SUM_RULE_ROLE, TERM_INDEX_ROLE
from backprop_studio.ui.stepper.term_list import TermView


@pytest.fixture
def open_window(qtbot):
    windows = []

    def make(name: str):
        window = create_main_window(example_path(name))
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        window.document.evaluate_now()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.document.set_modified(False)  # no "save changes?" on close


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, f"action_{name}")
    assert found is not None, name
    return found


def term_list(window) -> TermView:
    panel = window.findChild(QWidget, "chain_rule_panel")
    assert panel is not None
    found = panel.findChild(TermView, "chain_rule_terms")
    assert found is not None
    return found


def row_data(terms: TermView, row: int, role=Qt.ItemDataRole.DisplayRole):
    return terms.model().index(row, 0).data(role)


def rows(window) -> list[str]:
    terms = term_list(window)
    return [row_data(terms, i) for i in range(terms.count())]


def expected_texts(graph) -> list[str]:
    """The engine's terms, in its visit order, in the lesson's notation."""
    walk = Walk(graph)
    return [walk.term_text(t) for t in evaluate(graph).trace]


def test_stepping_backward_lists_the_engine_terms_in_order(open_window):
    window = open_window("chain_rule")
    graph = window.document.graph
    trace = evaluate(graph).trace
    expected = expected_texts(graph)
    action(window, "forward").trigger()
    assert rows(window) == []
    for k, term in enumerate(trace, start=1):
        action(window, "step_backward").trigger()
        assert rows(window) == expected[:k]
        terms = term_list(window)
        assert terms.current_row() == k - 1
        assert terms.selectionModel().isSelected(terms.currentIndex())
        overlay = window.scene.overlay
        assert overlay.current_edge == term.edge
        assert window.scene.edge_item(term.edge).state == CURRENT
        for earlier in trace[: k - 1]:
            assert window.scene.edge_item(earlier.edge).state == VISITED
    assert rows(window) == expected
    assert expected[2] == "∂f/∂c · ∂c/∂a = 2 · 1 = 2"
    overlay = window.scene.overlay
    assert overlay.grads["a"] == "2" and overlay.grads["b"] == "5"
    # the sum rule is attached to the row of the term that completed b
    terms = term_list(window)
    rules = {
        row_data(terms, i, TERM_INDEX_ROLE): row_data(terms, i, SUM_RULE_ROLE)
        for i in range(terms.count())
        if row_data(terms, i, SUM_RULE_ROLE)
    }
    completing = next(t.index for t in trace if t.source == "b" and t.completes_source)
    assert rules == {completing: "∂f/∂b = 2 + 3 = 5"}
    assert trace[completing].edge == "e3"


def test_step_back_returns_to_the_previous_state(open_window):
    window = open_window("chain_rule")
    for _ in range(8):  # 6 nodes forward, then 2 edges backward
        action(window, "step").trigger()
    before_rows, before_overlay = rows(window), window.scene.overlay
    action(window, "step").trigger()
    assert len(rows(window)) == 3
    action(window, "step_back").trigger()
    assert rows(window) == before_rows
    assert window.scene.overlay == before_overlay
    assert term_list(window).current_row() == 1
    # back through the forward pass to the very start
    for _ in range(8):
        action(window, "step_back").trigger()
    assert window.scene.overlay.values == {}
    assert not action(window, "step_back").isEnabled()


def test_forward_steps_mark_one_node_at_a_time(open_window):
    window = open_window("chain_rule")
    action(window, "step_forward").trigger()
    order = window.stepper.walk.order
    for k in range(1, len(order) + 1):
        overlay = window.scene.overlay
        assert overlay.direction == "forward" and overlay.current_node == order[k - 1]
        assert set(overlay.values) == set(order[:k])
        if k < len(order):
            action(window, "step_forward").trigger()
    assert not action(window, "step_forward").isEnabled()
    assert "f = c × d = 3 × 2 = 6" in window.findChild(QWidget, "chain_rule_step").text()


def test_reset_clears(open_window):
    window = open_window("chain_rule")
    action(window, "backward").trigger()
    assert len(rows(window)) == 6
    action(window, "reset_pass").trigger()
    assert rows(window) == []
    overlay = window.scene.overlay
    assert overlay is not None and overlay.values == {} and overlay.grads == {}
    assert overlay.current_edge is None
    assert all(item.state is None for item in window.scene.edge_items())
    action(window, "reset_pass").trigger()  # again: back to the live evaluation
    assert window.scene.overlay is None and window.stepper.walk is None


def test_editing_the_graph_mid_walk_resets_the_walk(open_window):
    window = open_window("chain_rule")
    for _ in range(9):
        action(window, "step").trigger()
    assert window.scene.overlay is not None
    window.document.set_edge_weight("e1", 2.0)  # an undoable command on the document
    assert window.stepper.walk is None
    assert window.scene.overlay is None
    assert rows(window) == []
    assert "reset" in window.statusBar().currentMessage()
    # stepping again walks the edited graph
    action(window, "backward").trigger()
    assert rows(window) == expected_texts(window.document.graph)
    assert window.scene.overlay.grads["a"] == "4"  # dc/da now carries the weight 2
    # moving a node changes no number: the walk stays
    window.document.move_nodes({"a": ((0.0, 0.0), (10.0, 20.0))})
    assert window.stepper.walk is not None and len(rows(window)) == 6


def test_stepping_never_touches_the_document_or_the_undo_stack(open_window):
    window = open_window("xor_network")
    stack = window.document.undo_stack
    graph = window.document.graph
    before = (stack.count(), stack.index(), stack.isClean(), graph.revision)
    for name in ("step", "step", "step_forward", "backward", "step_back", "forward"):
        action(window, name).trigger()
    action(window, "reset_pass").trigger()
    assert (stack.count(), stack.index(), stack.isClean(), graph.revision) == before
    assert not window.document.is_modified()


def test_clicking_a_term_jumps_to_that_edge(open_window, qtbot):
    window = open_window("chain_rule")
    action(window, "backward").trigger()
    terms = term_list(window)
    trace = window.stepper.walk.trace
    rect = terms.visualRect(terms.model().index(2, 0))
    qtbot.mouseClick(terms.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.scene.overlay.current_edge == trace[2].edge
    assert terms.count() == 3 and terms.current_row() == 2
    action(window, "step_back").trigger()  # back to where the person was
    assert terms.count() == 6


def test_debugger_keys(open_window, qtbot):
    window = open_window("chain_rule")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    assert window.stepper.walk is not None and window.stepper.walk.state.forward == 1
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    assert len(rows(window)) == 6
    qtbot.keyClick(window.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert window.stepper.walk.state.forward == 1 and rows(window) == []


def test_play_steps_automatically_until_the_pass_is_done(open_window, qtbot):
    window = open_window("chain_rule")
    panel = window.findChild(QWidget, "chain_rule_panel")
    panel.speed.setValue(panel.speed.maximum())
    play = action(window, "play_pass")
    play.trigger()
    assert play.isChecked() and window.stepper.playing
    qtbot.waitUntil(lambda: window.stepper.walk.backward_done, timeout=5000)
    qtbot.waitUntil(lambda: not play.isChecked(), timeout=2000)
    assert rows(window) == expected_texts(window.document.graph)


def test_an_invalid_graph_gives_a_status_message(open_window):
    window = open_window("chain_rule")
    nid = window.document.create_node("sub", (500.0, 300.0))
    action(window, "step").trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("Cannot step through the graph")
    assert repr(nid) in message
    assert window.stepper.walk is None and window.scene.overlay is None


def test_batch_sample_selector(open_window):
    window = open_window("linear_regression")
    graph = window.document.graph
    action(window, "backward").trigger()
    combo = window.findChild(QComboBox, "chain_rule_sample")
    assert combo.isVisible() and combo.count() == 8
    combo.setCurrentIndex(3)
    walk = window.stepper.walk
    assert walk.sample == 3
    reference = Walk(graph)
    reference.set_sample(3)
    assert rows(window) == [reference.term_text(t) for t in evaluate(graph).trace]
    assert window.scene.overlay.values["x"] == f"{graph.data['x'][3]:g}"
    assert any("(Σ batch = " in text for text in rows(window))


def test_tooltips_and_path_expansion(open_window):
    window = open_window("chain_rule")
    action(window, "backward").trigger()
    tip = window.scene.node_item("f").toolTip()
    assert "∂f/∂c = product of the other inputs = 2" in tip
    panel = window.findChild(QWidget, "chain_rule_panel")
    view = window.findChild(QTextBrowser, "chain_rule_paths")
    assert panel.paths_text.splitlines()[0] == "∂f/∂b = ∂f/∂c·∂c/∂b + ∂f/∂d·∂d/∂b"
    assert "2·\u200b1 + 3·\u200b1" in view.toPlainText()  # shown as a table
    window.scene.select_ids(["a"])
    assert panel.paths_text.splitlines()[0] == "∂f/∂a = ∂f/∂c·∂c/∂a"
    cost = window.findChild(QWidget, "chain_rule_cost").text()
    assert cost.startswith("Edges visited: 6 / 6")


def test_stepping_brings_the_chain_rule_panel_to_the_front(open_window):
    window = open_window("xor_network")
    panel = window.findChild(QWidget, "chain_rule_panel")
    dock = panel.parentWidget()
    dock.hide()
    assert not panel.isVisible()
    action(window, "step").trigger()
    assert panel.isVisible()


def test_tooltips_give_local_derivatives_at_the_live_evaluation_without_a_walk(open_window):
    window = open_window("chain_rule")
    assert window.stepper.walk is None
    tip = window.scene.node_item("f").toolTip()
    assert "∂f/∂c = product of the other inputs = 2" in tip
    window.document.set_node_fields("a", value=5.0)  # c = 6: df/dd is now 6
    window.document.evaluate_now()
    assert "∂f/∂d = product of the other inputs = 6" in window.scene.node_item("f").toolTip()


def test_big_graph_tooltips_follow_the_walk(qtbot, tmp_path):
    """Above LIVE_TOOLTIP_LIMIT nodes the tooltips are written when shown, from the walk's
    current state: after Forward a node tells its value, after Backward its gradient."""
    from backprop_studio.core.model.fileio import save_graph
    from backprop_studio.core.model.graph import Edge, Graph, Node
    from backprop_studio.ui.stepper.stepper import LIVE_TOOLTIP_LIMIT

    g = Graph(title="long chain")
    g.add_node(Node("x", "parameter", value=0.5, trainable=True))
    prev = "x"
    for k in range(LIVE_TOOLTIP_LIMIT + 10):
        g.add_node(Node(f"n{k}", "add"))
        g.add_edge(Edge(f"e{k}", prev, f"n{k}", "in", weight=1.0))
        prev = f"n{k}"
    path = tmp_path / "chain.bpgraph"
    save_graph(g, path)
    window = create_main_window(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.document.result is not None)
    item = window.scene.node_item("n3")
    action(window, "forward").trigger()
    assert "n3 = n2 = 0.5" in item.toolTip() and "(final)" not in item.toolTip()
    action(window, "backward").trigger()
    walk = window.stepper.walk
    assert walk.local_derivative_text("n3", True).replace("\n", "<br>") in item.toolTip()
    assert "∂n509/∂n3 = 1 (final)" in item.toolTip()
