"""The chain-rule list as a lazy model: the lesson's rows exactly as before, and a pass of
thousands of terms listed, jumped into and finished with the right gradients."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from test_editing_scale import layered

from backprop_studio.core.engine.plan import evaluate
from backprop_studio.core.model.fileio import save_graph
from backprop_studio.core.walk.text import num
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.stepper.chain_rule_delegate import EDGE_ROLE, SUM_RULE_ROLE
from backprop_studio.ui.stepper.term_list import PIXEL_SCROLL_ROWS, TermView

LESSON_ROWS = [  # what the list showed before it became a model (screenshot of the lesson)
    ("∂f/∂c = 2", None),
    ("∂f/∂d = 3", None),
    ("∂f/∂c · ∂c/∂a = 2 · 1 = 2", None),
    ("∂f/∂c · ∂c/∂b = 2 · 1 = 2", None),
    ("∂f/∂d · ∂d/∂b = 3 · 1 = 3", "∂f/∂b = 2 + 3 = 5"),
    ("∂f/∂d · ∂d/∂1 = 3 · 1 = 3", None),
]


@pytest.fixture
def open_window(qtbot, tmp_path):
    made = []

    def make(graph_or_example):
        if isinstance(graph_or_example, str):
            path = example_path(graph_or_example)
        else:
            path = tmp_path / "graph.bpgraph"
            save_graph(graph_or_example, path)
        w = create_main_window(path)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        qtbot.waitExposed(w)
        w.document.evaluate_now()
        w.named_actions["workspace_step"].trigger()
        qtbot.wait(10)
        made.append(w)
        return w

    yield make
    for w in made:
        w.document.set_modified(False)


def shown(terms: TermView, role=Qt.ItemDataRole.DisplayRole) -> list:
    model = terms.model()
    return [model.index(i, 0).data(role) for i in range(model.rowCount())]


def visible_rows(terms: TermView) -> list[int]:
    rows, y = [], 1
    while y < terms.viewport().height():
        index = terms.indexAt(QPoint(10, y))
        if not index.isValid():
            break
        rows.append(index.row())
        y = terms.visualRect(index).bottom() + 2
    return rows


def test_the_lesson_lists_the_same_rows_as_before(open_window):
    w = open_window("chain_rule")
    terms = w.stepper.panel.terms
    w.stepper.run_backward()
    assert list(zip(shown(terms), shown(terms, SUM_RULE_ROLE), strict=True)) == LESSON_ROWS
    assert shown(terms, EDGE_ROLE) == [t.edge for t in w.stepper.walk.trace]
    tip = terms.model().index(4, 0).data(Qt.ItemDataRole.ToolTipRole)
    edge = w.stepper.walk.trace[4].edge
    assert tip == f"Edge {edge}: ∂f/∂d · ∂d/∂b = 3 · 1 = 3\nSum rule: ∂f/∂b = 2 + 3 = 5"
    assert terms.current_row() == 5 and 5 in visible_rows(terms)
    assert terms.accessibleName() == "Chain-rule terms"
    for k in range(4, -1, -1):  # back to earlier terms: rows dropped from the end
        w.stepper.goto_term(k)
        assert (
            list(zip(shown(terms), shown(terms, SUM_RULE_ROLE), strict=True))
            == (LESSON_ROWS[: k + 1])
        )
        assert terms.current_row() == k


def test_run_backward_on_a_big_graph_ends_with_the_engines_gradients(open_window):
    graph = layered(40, 30)
    w = open_window(graph)
    stepper, terms = w.stepper, w.stepper.panel.terms
    stepper.run_forward()
    assert terms.count() == 0
    stepper.run_backward()
    walk = stepper.walk
    assert walk.backward_done and walk.state.backward == walk.backward_total
    assert walk.backward_total > PIXEL_SCROLL_ROWS  # a list that scrolls by row
    assert terms.count() == walk.backward_total
    assert terms.current_row() == walk.backward_total - 1
    assert walk.backward_total - 1 in visible_rows(terms)  # scrolled to the end
    grads = evaluate(graph).grads
    overlay = w.scene.overlay
    assert overlay.grads == {nid: num(g, None) for nid, g in grads.items()}
    assert overlay.final_grads == set(grads) and not overlay.partial_grads
    for row in visible_rows(terms):
        assert terms.model().index(row, 0).data() == walk.term_text(walk.trace[row])
    assert len(walk._texts) < 300  # only the rows shown were formatted


def test_selecting_a_row_of_a_big_list_jumps_the_walk_there(open_window, qtbot):
    w = open_window(layered(40, 30))
    stepper, terms = w.stepper, w.stepper.panel.terms
    stepper.run_backward()
    walk = stepper.walk
    target = terms.model().index(1500, 0)
    terms.scrollTo(target, TermView.ScrollHint.PositionAtCenter)
    rect = terms.visualRect(target)
    qtbot.mouseClick(terms.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert walk.state.backward == 1501
    assert w.scene.overlay.current_edge == walk.trace[1500].edge
    assert terms.count() == 1501 and terms.current_row() == 1500
    assert 1500 in visible_rows(terms)
    terms.setFocus()
    qtbot.keyClick(terms, Qt.Key.Key_Up)  # the row above: one term earlier
    assert walk.state.backward == 1500 and terms.current_row() == 1499
    qtbot.keyClick(terms, Qt.Key.Key_Right)  # Right steps (the window's term keys)
    assert walk.state.backward == 1501 and terms.count() == 1501
    stepper.run_backward()
    assert terms.count() == walk.backward_total
