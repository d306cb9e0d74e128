"""The Document: modified flag, save/reopen round trip, bad files, live evaluation, intents."""

from __future__ import annotations

import pytest

from backprop_studio.core.model.errors import FileFormatError
from backprop_studio.core.model.fileio import dumps_graph, load_graph
from backprop_studio.resources_path import example_path
from backprop_studio.ui.document.document import Document


@pytest.fixture
def doc(qapp):
    d = Document(load_graph(example_path("chain_rule")), example_path("chain_rule"))
    yield d
    d.deleteLater()


def test_live_evaluation_follows_edits(qtbot, doc):
    qtbot.waitUntil(lambda: doc.result is not None)  # the first evaluation is scheduled
    result, problems = doc.result, doc.problems
    assert problems == [] and result.loss == 6.0
    assert float(result.grads["a"]) == 2.0 and float(result.grads["b"]) == 5.0
    with qtbot.waitSignal(doc.evaluated) as sig:
        doc.set_node_fields("a", value=3.0)
    assert sig.args[0].loss == 8.0  # c = 4, d = 2
    # a burst of edits is evaluated once
    seen = []
    doc.evaluated.connect(lambda r, p: seen.append(r))
    doc.set_node_fields("a", value=4.0)
    doc.set_node_fields("b", value=2.0)
    qtbot.waitUntil(lambda: len(seen) >= 1)
    qtbot.wait(20)
    assert len(seen) == 1 and seen[0].loss == (4 + 2) * (2 + 1)


def test_invalid_graph_reports_problems(qtbot, doc):
    with qtbot.waitSignal(doc.evaluated) as sig:
        doc.delete([], ["e6"])  # f loses an input: still evaluable (mul of one input)
    with qtbot.waitSignal(doc.evaluated) as sig:
        doc.delete([], ["e5"])  # f has no input at all
    result, problems = sig.args
    assert result is None
    assert any(p.node == "f" and "missing" in p.message for p in problems)
    assert doc.result is None and doc.problems == problems


def test_modified_flag_follows_undo_and_save(qtbot, doc, tmp_path):
    flags = []
    doc.modified_changed.connect(flags.append)
    assert not doc.is_modified()
    doc.set_node_fields("a", label="alpha")
    assert doc.is_modified() and flags == [True]
    doc.undo_stack.undo()
    assert not doc.is_modified() and flags == [True, False]
    doc.undo_stack.redo()
    out = tmp_path / "mine.bpgraph"
    doc.save(out)
    assert not doc.is_modified() and doc.path == out and doc.display_name() == "mine.bpgraph"
    assert dumps_graph(load_graph(out)) == doc.dumps()


def test_save_reopen_identical(qtbot, doc, tmp_path):
    doc.create_node("tanh", (400, 300))
    doc.connect("f", "tanh1", "x")
    doc.move_nodes({"a": ((0, 0), (-20, 15))})
    out = tmp_path / "edited.bpgraph"
    doc.save(out)
    text = out.read_text(encoding="utf-8")
    other = Document()
    other.load(out)
    assert other.dumps() == text == doc.dumps()
    assert other.path == out and not other.is_modified()


def test_bad_file_leaves_the_document_untouched(qtbot, doc, tmp_path):
    bad = tmp_path / "bad.bpgraph"
    bad.write_text(
        '{"format": "backprop-studio", "version": 1, "nodes": [{"id": "a", "op": "nope"}]}'
    )
    doc.set_node_fields("a", value=7.0)
    before, path = doc.dumps(), doc.path
    with pytest.raises(FileFormatError) as err:
        doc.load(bad)
    assert "nope" in str(err.value) and "bad.bpgraph" in str(err.value)
    assert doc.dumps() == before and doc.path == path and doc.is_modified()
    assert doc.undo_stack.count() == 1


def test_intents_become_commands(qtbot, doc):
    messages = []
    doc.status_message.connect(messages.append)
    nid = doc.create_node("parameter", (10, 400))
    assert nid == "w1" and doc.graph.node(nid).trainable and doc.graph.node(nid).value == 1.0
    assert doc.connect(nid, "d", "in") is not None
    assert doc.connect("f", "c", "in") is None  # cycle: refused, with the reason
    assert "cycle" in messages[-1]
    n = doc.undo_stack.count()
    doc.set_edge_weight("e1", 2.0)
    doc.set_edge_weight("e1", 2.0)  # no change: no step
    assert doc.undo_stack.count() == n + 1
    doc.nudge_nodes(["a"], 10, 0)
    doc.nudge_nodes(["a"], 10, 0)
    assert doc.undo_stack.count() == n + 2 and doc.graph.node("a").position == (20.0, 0.0)
    assert doc.set_values({"a": 9.0}, {"e2": 0.5})
    assert doc.graph.node("a").value == 9.0
    assert doc.set_meta(loss="c") and doc.graph.loss == "c"


def test_refused_command_becomes_status_message(qtbot, doc):
    messages = []
    doc.status_message.connect(messages.append)
    assert not doc.set_node_fields("a", value=float("nan"))
    assert "finite" in messages[-1] and doc.undo_stack.count() == 0


def test_new_and_replace_clear_history(qtbot, doc):
    replaced = []
    doc.graph_replaced.connect(replaced.append)
    doc.set_node_fields("a", value=5.0)
    doc.new()
    assert len(doc.graph) == 0 and doc.path is None and not doc.is_modified()
    assert doc.undo_stack.count() == 0 and replaced == [doc.graph]
    doc.replace_graph(load_graph(example_path("xor_network")), None, modified=True)
    assert doc.is_modified() and doc.display_name() == "XOR network (2-2-1)"
