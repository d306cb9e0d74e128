"""Undoable commands: each edit and its undo, and undo of everything returning the exact
original document (fileio.dumps_graph identical) on every shipped example."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from backprop_studio.core.model.errors import GraphError
from backprop_studio.core.model.fileio import dumps_graph, loads_graph
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.resources_path import list_examples
from backprop_studio.ui.document import commands as cmd


@pytest.fixture
def stack(qapp):
    return QUndoStack()


def push(stack: QUndoStack, command) -> None:
    cmd.push_command(stack, command)


def test_add_node_and_edge_undo_redo(stack, example):
    g = example("chain_rule")
    before = dumps_graph(g)
    node = Node(id="g", op="sin", position=(500, 0))
    push(stack, cmd.AddItemsCommand(g, [node], [Edge("e9", "f", "g", "x")]))
    assert g.has_node("g") and g.edge("e9").target == "g"
    after = dumps_graph(g)
    stack.undo()
    assert dumps_graph(g) == before
    stack.redo()
    assert dumps_graph(g) == after


def test_refused_edit_changes_nothing_and_never_reaches_the_stack(stack, example):
    g = example("chain_rule")
    before = dumps_graph(g)
    # the node is fine, the edge makes a cycle f -> a -> c -> f: the whole command rolls back
    bad = cmd.AddItemsCommand(
        g, [Node("z", "neg")], [Edge("z1", "a", "z", "x"), Edge("z2", "f", "a", "")]
    )
    with pytest.raises(GraphError):
        push(stack, bad)
    assert dumps_graph(g) == before
    assert stack.count() == 0


def test_delete_node_takes_its_edges_and_undo_restores_order_and_loss(stack, example):
    g = example("chain_rule")
    before = dumps_graph(g)
    push(stack, cmd.DeleteCommand(g, ["c", "f"], ["e3"]))
    assert not g.has_node("c") and not g.has_node("f")
    assert {e.id for e in g.edges()} == {"e4"}
    assert g.loss is None  # the loss node went with f
    stack.undo()
    assert dumps_graph(g) == before
    assert g.loss == "f"
    assert [e.id for e in g.in_edges("c")] == ["e1", "e2"]  # variadic order restored


def test_delete_text_counts_what_goes(example):
    g = example("chain_rule")
    c = cmd.DeleteCommand(g, ["b"])
    assert c.text() == "Delete 1 node and 2 edges"
    assert cmd.DeleteCommand(g, [], []).is_empty


def test_move_is_one_step_and_mergeable_nudges_merge(stack, example):
    g = example("chain_rule")
    push(stack, cmd.MoveNodesCommand(g, {"a": ((0, 0), (10, 20)), "b": ((0, 110), (10, 130))}))
    assert g.node("a").position == (10, 20)
    push(stack, cmd.MoveNodesCommand(g, {"a": ((10, 20), (30, 20)), "b": ((10, 130), (30, 130))}))
    assert stack.count() == 2  # two drags are two steps
    for _ in range(3):
        x, y = g.node("c").position
        push(stack, cmd.MoveNodesCommand(g, {"c": ((x, y), (x + 5, y))}, mergeable=True))
    assert stack.count() == 3  # three nudges: one step
    assert g.node("c").position == (205, 55)
    stack.undo()
    assert g.node("c").position == (190, 55)
    stack.undo()
    assert g.node("a").position == (10, 20)


def test_nudge_back_to_start_is_dropped(stack, example):
    g = example("chain_rule")
    push(stack, cmd.MoveNodesCommand(g, {"c": ((190, 55), (200, 55))}, mergeable=True))
    push(stack, cmd.MoveNodesCommand(g, {"c": ((200, 55), (190, 55))}, mergeable=True))
    assert stack.count() == 0


def test_field_edits(stack, example):
    g = example("xor_network")
    before = dumps_graph(g)
    push(stack, cmd.SetNodeFieldsCommand(g, "h1", label="hidden"))
    push(stack, cmd.SetNodeFieldsCommand(g, "x1", column=None, value=[0.0, 1.0, 0.0, 1.0]))
    push(stack, cmd.SetEdgeFieldsCommand(g, "e1", weight=2.5, trainable=False))
    push(stack, cmd.SetValuesCommand(g, {"b1": 0.25}, {"e2": 3.0}))
    push(stack, cmd.SetMetaCommand(g, title="Mine", loss="p"))
    assert g.node("h1").label == "hidden"
    assert g.edge("e1").weight == 2.5 and not g.edge("e1").trainable
    assert g.node("b1").value == 0.25 and g.edge("e2").weight == 3.0
    assert (g.title, g.loss) == ("Mine", "p")
    while stack.canUndo():
        stack.undo()
    assert dumps_graph(g) == before


def test_set_values_restores_a_missing_value(stack):
    g = Graph()
    g.add_node(Node("w", "parameter", trainable=True))
    push(stack, cmd.SetValuesCommand(g, {"w": 3.0}))
    stack.undo()
    assert g.node("w").value is None


def test_paste_gives_fresh_ids_and_brings_missing_data(stack, example):
    xor = example("xor_network")
    target = example("chain_rule")
    before = dumps_graph(target)
    frag = loads_graph(dumps_graph(xor))
    frag.loss = None
    push(stack, cmd.PasteCommand(target, frag, offset=(0, 500)))
    assert target.has_node("x1") and target.data["y"] == xor.data["y"]
    x1 = xor.node("x1").position
    assert target.node("x1").position == (x1[0], x1[1] + 500.0)
    # pasting the same again: every id clashes and is renamed, edges follow their nodes
    push(stack, cmd.PasteCommand(target, frag, offset=(40, 540)))
    assert len(target) == 6 + 2 * len(xor)
    assert len(target.edges()) == 6 + 2 * len(xor.edges())
    assert {e.source for e in target.edges()} <= {n.id for n in target.nodes()}
    stack.undo()
    stack.undo()
    assert dumps_graph(target) == before


def test_remap_keeps_free_ids_and_renames_clashes(example):
    g = example("chain_rule")
    frag = Graph()
    frag.add_node(Node("a", "parameter", value=1.0))
    frag.add_node(Node("q7", "neg"))
    frag.add_edge(Edge("e1", "a", "q7", "x"))
    nodes, edges = cmd.remap_fragment(g, frag, (5, 5))
    assert [n.id for n in nodes] == ["a1", "q7"]
    assert (edges[0].id, edges[0].source, edges[0].target) == ("e7", "a1", "q7")


def test_layout_command_is_one_move(stack, example):
    g = example("chain_rule")
    c = cmd.layout_command(g, {"a": (1, 2), "f": (3, 4), "missing": (0, 0)})
    push(stack, c)
    assert stack.count() == 1 and g.node("f").position == (3, 4)
    assert cmd.layout_command(g, {"a": (1, 2)}) is None


@pytest.mark.parametrize("path", list_examples(), ids=lambda p: p.stem)
def test_undo_everything_returns_the_exact_document(stack, path):
    g = loads_graph(path.read_text(encoding="utf-8"), str(path))
    before = dumps_graph(g)
    nodes = g.nodes()
    first, last = nodes[0], nodes[-1]
    push(stack, cmd.MoveNodesCommand(g, {first.id: (first.position, (999, 999))}))
    push(stack, cmd.SetNodeFieldsCommand(g, first.id, label="renamed"))
    edge = g.edges()[0]
    push(stack, cmd.SetEdgeFieldsCommand(g, edge.id, weight=-4.0, trainable=True))
    push(
        stack,
        cmd.AddItemsCommand(
            g, [Node("zz", "relu", position=(5, 5))], [Edge("ez", last.id, "zz", "x")]
        ),
    )
    middle = nodes[len(nodes) // 2].id
    push(stack, cmd.DeleteCommand(g, [middle, last.id], [g.edges()[-1].id]))
    push(stack, cmd.SetMetaCommand(g, description="changed", data={"q": [1.0]}))
    push(stack, cmd.PasteCommand(g, loads_graph(before, "copy"), (10, 10)))
    after = dumps_graph(g)
    assert after != before
    while stack.canUndo():
        stack.undo()
    assert dumps_graph(g) == before
    while stack.canRedo():
        stack.redo()
    assert dumps_graph(g) == after
