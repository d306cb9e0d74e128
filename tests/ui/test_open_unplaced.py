"""A file written without positions (every node at 0, 0) opens laid out and unmodified.

Other tools write graphs without ``position`` fields; such a file used to open with every
card stacked on one point. It now opens laid out in columns by the fast layered layout, with
no undo step and the document unmodified (nothing was edited by the user). A drawn file keeps
its positions.
"""

from __future__ import annotations

import json

from backprop_studio.core.layout.layered import is_unplaced, layered_positions
from backprop_studio.core.model.fileio import dumps_graph, load_graph
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.canvas.layout import fast_layout, place_unplaced


def _write_without_positions(tmp_path, name: str = "xor_network"):
    data = json.loads(dumps_graph(load_graph(example_path(name))))
    for node in data["nodes"]:
        node.pop("position", None)
    path = tmp_path / "no_positions.bpgraph"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _assert_laid_out(graph) -> None:
    positions = [n.position for n in graph.nodes()]
    assert len(set(positions)) == len(positions)  # no two cards on one point
    for e in graph.edges():  # columns left to right: every edge goes right
        assert graph.node(e.source).position[0] < graph.node(e.target).position[0]


def test_window_opened_with_the_file_lays_it_out_unmodified(qtbot, tmp_path):
    path = _write_without_positions(tmp_path)
    assert is_unplaced(load_graph(path))
    w = create_main_window(path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.document.result is not None)
    _assert_laid_out(w.document.graph)
    assert not w.document.is_modified() and w.document.undo_stack.count() == 0
    assert not w.isWindowModified()
    # the canvas shows the cards where the graph says
    for node in w.document.graph.nodes():
        item = w.scene.node_item(node.id)
        assert (item.pos().x(), item.pos().y()) == node.position


def test_file_open_lays_out_unmodified_and_a_drawn_file_keeps_its_positions(qtbot, tmp_path):
    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    assert w.file_actions.open_path(_write_without_positions(tmp_path, "chain_rule"))
    _assert_laid_out(w.document.graph)
    assert not w.document.is_modified() and w.document.undo_stack.count() == 0
    drawn = load_graph(example_path("xor_network"))
    assert w.file_actions.open_path(example_path("xor_network"))
    assert {n.id: n.position for n in w.document.graph.nodes()} == {
        n.id: n.position for n in drawn.nodes()
    }


def test_layered_positions_are_columns_without_overlap():
    graph = load_graph(example_path("xor_network"))
    positions = layered_positions(graph, lambda node: (100.0, 40.0), 80.0, 20.0)
    by_column: dict[float, list[float]] = {}
    for x, y in positions.values():
        by_column.setdefault(x, []).append(y)
    for ys in by_column.values():
        ys.sort()
        assert all(b - a >= 60.0 for a, b in zip(ys, ys[1:], strict=False))  # 40 + gap 20
    for e in graph.edges():
        assert positions[e.source][0] < positions[e.target][0]
    assert not is_unplaced(graph)


def test_placing_tells_listeners_about_every_node_moved_to_the_fast_layout(tmp_path):
    graph = load_graph(_write_without_positions(tmp_path))
    events = []
    graph.subscribe(events.append)
    assert place_unplaced(graph)
    assert sorted(e.id for e in events) == sorted(n.id for n in graph.nodes())
    assert {(e.kind, e.keys) for e in events} == {("node_changed", ("position",))}
    expected = fast_layout(load_graph(_write_without_positions(tmp_path)))
    assert {n.id: n.position for n in graph.nodes()} == expected
    _assert_laid_out(graph)
    assert not place_unplaced(graph)  # placed: nothing more to do
