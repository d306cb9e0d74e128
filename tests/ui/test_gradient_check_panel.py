"""Run > Check Gradients: the table of analytic vs finite-difference gradients, the worst
highlighted on the canvas, a relu sitting at 0 explained."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidget

from backprop_studio.core.model.expression import expression_graph
from backprop_studio.ui.shell.main_window import create_main_window


@pytest.fixture
def window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def halos(window):
    return [i for i in window.scene.items() if i.data(0) == "gradient_check_halo"]


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_check_gradients_on_the_chain_rule_example(qtbot, window):
    window.action("check_gradients").trigger()
    table = window.findChild(QTableWidget, "gradient_check")
    assert table is not None and table.isVisible()
    rows = table_rows(table)
    assert [r[0] for r in rows] == ["parameter a", "parameter b"]
    assert [r[2] for r in rows] == ["2", "5"]  # analytic
    assert all(float(r[3]) == pytest.approx(float(r[2]), rel=1e-6) for r in rows)
    assert "agree" in window.gradient_check.summary.text()
    assert len(halos(window)) == 1  # the worst item is marked on the canvas


def test_a_relu_at_its_kink_is_explained_and_marked(qtbot, window, tmp_path):
    graph = expression_graph("relu(a - 1) + b*a", {"a": 1, "b": 1})
    window.document.replace_graph(graph)
    window.fit_view()
    window.action("check_gradients").trigger()
    panel = window.gradient_check
    rows = {r[0]: r for r in table_rows(panel.table)}
    a = rows["parameter a"]
    assert float(a[2]) == pytest.approx(1.0) and float(a[3]) == pytest.approx(1.5)
    assert "relu" in a[5] and "no derivative" in a[5]
    assert rows["parameter b"][5] == "agrees"
    assert "1 of 2 gradients disagree" in panel.summary.text()
    assert panel.halo_id == "a" and len(halos(window)) == 1
    qtbot.wait(50)
    window.grab().save("/tmp/shots/expression/gradient_check_window.png")
    # editing the value off the kink and checking again: all agree, still one halo
    window.document.set_node_fields("a", value=2.0)
    panel.again.click()
    assert "agree" in panel.summary.text() and len(halos(window)) == 1


def test_closing_the_check_removes_the_halo(qtbot, window):
    window.action("check_gradients").trigger()
    assert len(halos(window)) == 1
    window.gradient_check.window().close()
    assert halos(window) == []
