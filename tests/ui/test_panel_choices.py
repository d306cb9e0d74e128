"""Panel combo boxes on a ChoiceModel (ui/widgets/choices.py): filled in one reset, texts
formatted only when shown, a row found by its data without a scan, the box sized without
measuring every row; the closed-form box, the inspector's loss combo and the landscape's
choices keep listing, choosing and keeping what they did with addItem."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox
from training_helpers import windows_opened

from backprop_studio.ui.training.closed_form_box import solve_targets
from backprop_studio.ui.widgets.choices import LIST_POPUP_ROWS, ChoiceModel, use_choices


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def items(combo: QComboBox) -> list[tuple[str, object]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


# ----------------------------------------------------------------------------- the model
def test_a_combo_on_a_choice_model_reads_texts_and_data_and_finds_rows(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    model = use_choices(combo, 10)
    model.set_choices(["a", "b", "a", None], ["first", "second", "third", "none"])
    assert items(combo) == [("first", "a"), ("second", "b"), ("third", "a"), ("none", None)]
    assert model.row_of("a") == 0 and model.row_of("b") == 1 and model.row_of(None) == 3
    assert model.row_of("zzz") == -1 and model.value_at(7) is None
    combo.setCurrentIndex(model.row_of("b"))
    assert combo.currentData() == "b" and combo.currentText() == "second"
    model.set_choices(["x"], lambda row: f"row {row}")
    assert items(combo) == [("row 0", "x")]


def test_a_big_list_is_neither_formatted_nor_measured_row_by_row(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    model = use_choices(combo, 12)
    asked: list[int] = []

    def text(row: int) -> str:
        asked.append(row)
        return f"node number {row}" + "x" * (row % 7)

    model.set_choices([f"n{i}" for i in range(20_000)], text)
    combo.setCurrentIndex(model.row_of("n19999"))
    combo.show()
    qtbot.waitExposed(combo)
    combo.sizeHint()
    combo.minimumSizeHint()
    assert combo.currentText() == text(19_999)
    # Qt's default (measure every row before the first show) would ask 20,000 times
    assert len(asked) < 100, len(asked)
    assert (
        combo.sizeAdjustPolicy() == QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
    )


def test_a_long_list_drops_down_without_reading_every_row(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    model = use_choices(combo, 12)
    asked: list[int] = []
    model.set_choices(list(range(LIST_POPUP_ROWS * 4)), lambda row: asked.append(row) or f"r{row}")
    combo.show()
    qtbot.waitExposed(combo)
    combo.setCurrentIndex(LIST_POPUP_ROWS * 2)
    asked.clear()
    combo.showPopup()
    QApplication.processEvents()
    assert combo.view().isVisible()
    # the style's menu-like popup would read every row's text (and more) to size itself
    assert len(asked) < LIST_POPUP_ROWS, len(asked)
    combo.hidePopup()
    model.set_choices(list(range(5)), lambda row: f"short {row}")  # short again: the style's popup
    assert combo.styleSheet() == ""


def test_texts_changed_shows_new_texts_without_a_reset(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    model = use_choices(combo, 8)
    names = {"a": "alpha"}
    model.set_choices(["a"], lambda row: names["a"])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    names["a"] = "beta"
    model.texts_changed()
    assert combo.itemText(0) == "beta" and combo.currentText() == "beta" and not resets
    assert isinstance(model, ChoiceModel)


# ----------------------------------------------------------------------------- closed form
def test_the_closed_form_box_lists_the_targets_in_the_order_they_had(window):
    w = window("xor_network")
    graph = w.document.graph
    box = w.training.panel.closed_form
    expected = [
        (n.id, f"{n.display_name} (parameter)") for n in graph.nodes() if n.op == "parameter"
    ]
    expected += [
        (
            e.id,
            f"weight {e.id}: {graph.node(e.source).display_name} → "
            f"{graph.node(e.target).display_name}",
        )
        for e in graph.edges()
        if e.trainable
    ]
    assert solve_targets(graph) == expected
    assert [(d, t) for t, d in items(box.target)] == expected
    assert box.target.currentData() == next(n.id for n in graph.nodes() if n.trainable)


def test_the_closed_form_box_keeps_its_choice_and_refills_only_after_a_change(window):
    w = window("xor_network")
    doc, box = w.document, w.training.panel.closed_form
    resets: list[int] = []
    box.target.model().modelReset.connect(lambda: resets.append(1))
    assert box.select_target("e9") and box.target.currentData() == "e9"
    box.refresh_targets()
    w.training.panel.load_from_graph(doc.graph)  # what opening a file does a second time
    assert not resets  # the graph did not change: nothing refilled
    doc.set_edge_fields("e3", trainable=True)
    QApplication.processEvents()
    ids = [d for _t, d in items(box.target)]
    assert resets and ids.index("e3") == ids.index("e2") + 1  # document order
    assert box.target.currentData() == "e9"  # kept across the refill
    doc.set_edge_fields("e9", trainable=False)
    QApplication.processEvents()
    assert "e9" not in [d for _t, d in items(box.target)]
    assert box.target.currentData() == "b1"  # gone: back to the first trainable parameter
    assert not box.select_target("e9")
    doc.set_node_fields("b1", label="bias")
    QApplication.processEvents()
    assert box.target.itemText(0) == "bias (parameter)"


# ----------------------------------------------------------------------------- inspector
def test_the_loss_combo_lists_every_node_and_follows_the_graph(qtbot, window):
    w = window("chain_rule")
    doc = w.document
    w.scene.select_ids([])
    QApplication.processEvents()
    combo = w.inspector.findChild(QComboBox, "inspector_loss")
    texts = [t for t, _d in items(combo)]
    assert texts[0] == "(automatic: the only output)"
    assert [d for _t, d in items(combo)] == [None, "a", "b", "one", "c", "d", "f"]
    assert texts[3] == "1 (one)" and texts[1] == "a"  # label (id), or the id alone
    assert combo.currentData() == "f"  # the file's loss
    resets: list[int] = []
    combo.model().modelReset.connect(lambda: resets.append(1))
    # choosing in the box sets the loss (one undo step), an undo puts the box back
    combo.setCurrentIndex(combo.findData("d"))
    combo.activated.emit(combo.currentIndex())
    assert doc.graph.loss == "d"
    doc.undo_stack.undo()
    QApplication.processEvents()
    assert doc.graph.loss == "f" and combo.currentData() == "f"
    doc.set_node_fields("c", label="sum")  # a label: the texts, not the rows
    QApplication.processEvents()
    assert combo.itemText(combo.findData("c")) == "sum (c)" and not resets
    new_id = doc.create_node("add", (300.0, 300.0), select=False)
    QApplication.processEvents()
    assert resets and combo.itemData(combo.count() - 1) == new_id
    assert combo.currentData() == "f"
    doc.set_meta(loss=new_id)
    QApplication.processEvents()
    assert combo.currentData() == new_id


def test_the_counts_follow_edits(window):
    w = window("chain_rule")
    doc = w.document
    w.scene.select_ids([])
    QApplication.processEvents()
    counts = w.inspector.findChild(type(w.inspector.counts_label), "inspector_counts")
    assert counts.text().startswith("6 nodes, 6 edges; 2 trainable parameters")
    doc.set_node_fields("a", trainable=False)
    QApplication.processEvents()
    assert counts.text().startswith("6 nodes, 6 edges; 1 trainable parameter,")


# ----------------------------------------------------------------------------- landscape
def test_the_landscape_choices_list_the_trainables(window):
    w = window("xor_network")
    landscape = w.training.landscape
    graph = w.document.graph
    nodes, edges = graph.trainables()
    names = [graph.node(n).display_name for n in nodes] + [f"w({e})" for e in edges]
    assert items(landscape.x_choice) == list(zip(names, nodes + edges, strict=True))
    assert items(landscape.y_choice)[0] == ("— (a curve)", None)
    assert items(landscape.y_choice)[1:] == items(landscape.x_choice)
    landscape.select("e9", "b2")
    assert landscape.selected_ids() == ("e9", "b2")
