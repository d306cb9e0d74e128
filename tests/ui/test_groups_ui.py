"""Groups and dense layers in the app: Insert > Dense Layer... and Group are one undo step
each; a collapsed group is one block on the canvas (double-click opens it); undo restores the
document exactly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from training_helpers import action, windows_opened

from backprop_studio.core.model.build_mlp import build_mlp
from backprop_studio.ui.document import structure_actions
from backprop_studio.ui.document.structure_actions import DenseChoice


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot)


def test_insert_dense_layer_is_one_undo_step_with_a_group_per_neuron(window, monkeypatch):
    w = window("chain_rule")
    doc = w.document
    before_text, before_count = doc.dumps(), doc.undo_stack.count()
    monkeypatch.setattr(
        structure_actions, "ask_dense_layer", lambda *_: DenseChoice(3, "relu", seed=4)
    )
    w.scene.select_ids(["a", "b"])
    action(w, "insert_dense_layer").trigger()
    graph = doc.graph
    assert doc.undo_stack.count() == before_count + 1
    assert [g.label for g in graph.groups()] == [f"neuron h1_{j}" for j in (1, 2, 3)]
    for group in graph.groups():
        ops = [graph.node(n).op for n in group.nodes]
        assert ops == ["parameter", "add", "relu"]
        z = group.nodes[1]
        assert {e.source for e in graph.in_edges(z) if e.trainable} == {"a", "b"}
    assert set(w.scene.selected_node_ids()) == {n for g in graph.groups() for n in g.nodes}
    assert len(w.scene.groups_layer.frames) == 3  # open groups: a frame each
    action(w, "undo").trigger()
    assert doc.dumps() == before_text and not graph.groups()
    action(w, "redo").trigger()
    assert len(graph.groups()) == 3


def test_dense_layer_without_a_selection_adds_new_inputs(window, monkeypatch):
    w = window("chain_rule")
    monkeypatch.setattr(
        structure_actions, "ask_dense_layer", lambda *_: DenseChoice(2, "tanh", new_inputs=3)
    )
    w.scene.select_ids([])
    new = w.structure_actions.insert_dense_layer()
    graph = w.document.graph
    inputs = [n for n in new if graph.node(n).op == "input"]
    assert len(inputs) == 3 and len(new) == 3 + 2 * 3
    monkeypatch.setattr(structure_actions, "ask_dense_layer", lambda *_: None)  # cancelled
    count = w.document.undo_stack.count()
    assert w.structure_actions.insert_dense_layer() == []
    assert w.document.undo_stack.count() == count


def test_group_collapse_expand_and_undo_exactly(qtbot, window, monkeypatch):
    w = window("xor_network")
    doc, graph, scene = w.document, w.document.graph, w.scene
    original = doc.dumps()
    monkeypatch.setattr(structure_actions, "ask_group_name", lambda *_: "neuron h1")
    scene.select_ids(["h1", "b1"])
    action(w, "group").trigger()
    (group,) = graph.groups()
    assert group.label == "neuron h1" and set(group.nodes) == {"h1", "b1"}
    assert doc.undo_stack.undoText() == "Group neuron h1"
    grouped = doc.dumps()

    action(w, "toggle_group").trigger()  # collapse
    assert graph.group(group.id).collapsed
    block = scene.groups_layer.blocks[group.id]
    assert block.isVisible() and not scene.node_item("h1").isVisible()
    assert not scene.edge_item(graph.in_edges("h1")[0].id).isVisible()
    assert scene.groups_layer._proxies  # edges crossing the boundary reach the block
    # selecting the block selects the group's nodes
    scene.select_ids(["h1"])
    assert block.isSelected() and set(scene.selected_node_ids()) >= {"h1", "b1"}

    # double-click the block: it opens again (one undo step)
    w.view.centerOn(block)
    qtbot.wait(20)
    where = w.view.mapFromScene(block.scenePos())
    qtbot.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: not graph.group(group.id).collapsed, timeout=3000)
    assert scene.node_item("h1").isVisible() and group.id in scene.groups_layer.frames
    action(w, "undo").trigger()  # collapsed again
    assert graph.group(group.id).collapsed and not scene.node_item("h1").isVisible()
    action(w, "undo").trigger()  # expanded: back to just grouped
    assert doc.dumps() == grouped
    action(w, "undo").trigger()  # no group
    assert doc.dumps() == original and scene.node_item("h1").isVisible()


def test_deleting_a_collapsed_group_and_undo(window, monkeypatch):
    w = window("xor_network")
    doc, graph, scene = w.document, w.document.graph, w.scene
    monkeypatch.setattr(structure_actions, "ask_group_name", lambda *_: "neuron h2")
    scene.select_ids(["h2", "b2"])
    gid = w.structure_actions.group_selection()
    w.structure_actions.toggle_collapsed()
    before = doc.dumps()
    scene.select_ids([])
    scene.groups_layer.blocks[gid].setSelected(True)
    action(w, "delete").trigger()
    assert not graph.has_node("h2") and not graph.has_node("b2")
    action(w, "undo").trigger()
    assert doc.dumps() == before
    assert gid in scene.groups_layer.blocks and not scene.node_item("h2").isVisible()


def test_ungroup_keeps_the_nodes(window, monkeypatch):
    w = window("xor_network")
    monkeypatch.setattr(structure_actions, "ask_group_name", lambda *_: "g")
    w.scene.select_ids(["h1", "b1"])
    w.structure_actions.group_selection()
    w.scene.select_ids(["h1"])
    action(w, "ungroup").trigger()
    assert not w.document.graph.groups() and w.document.graph.has_node("b1")
    assert not w.scene.groups_layer.frames


def test_the_stepper_steps_a_collapsed_group_as_one_term_or_opens_it(window):
    w = window("xor_network")
    w.document.replace_graph(build_mlp([2, 2, 1]), None, modified=True)
    graph = w.document.graph
    total = len(graph.edges())
    (h1,) = [g.id for g in graph.groups() if g.label == "neuron h1"]
    w.structure_actions.set_collapsed(h1, True)
    fold = action(w, "fold_groups")
    assert fold.isChecked() and fold in w.menu("run").actions()
    action(w, "backward").trigger()
    walk = w.stepper.walk
    assert len(walk.trace) == total - 2  # bias -> sum, sum -> tanh: inside the neuron
    entering = [t for t in walk.trace if t.edge in ("w1_1_1", "w1_1_2")]
    assert len(entering) == 2 and all(t.target == "h1_1" for t in entering)
    fold.setChecked(False)  # open the group while stepping
    assert w.stepper.walk is None
    action(w, "backward").trigger()
    assert len(w.stepper.walk.trace) == total
