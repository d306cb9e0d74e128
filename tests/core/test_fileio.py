"""The .bpgraph format: round trips, byte stability, atomic saves and clear errors."""

from __future__ import annotations

import json
import os

import pytest

from backprop_studio.core.model.errors import FileFormatError
from backprop_studio.core.model.fileio import dumps_graph, load_graph, loads_graph, save_graph
from backprop_studio.resources_path import list_examples


def doc(**changes):
    base = {
        "format": "backprop-studio",
        "version": 1,
        "title": "t",
        "nodes": [
            {"id": "a", "op": "parameter", "value": 2},
            {"id": "b", "op": "input", "value": [1, 2, 3]},
            {"id": "c", "op": "mul"},
        ],
        "edges": [
            {"id": "e1", "source": "a", "target": "c"},
            {"id": "e2", "source": "b", "target": "c", "port": "in", "weight": 0.5},
        ],
    }
    base.update(changes)
    return json.dumps(base)


def load_error(text: str) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        loads_graph(text, "g.bpgraph")
    assert "\n" not in str(info.value)
    return info.value


@pytest.mark.parametrize("path", list_examples(), ids=lambda p: p.stem)
def test_examples_round_trip_byte_stable(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    graph = load_graph(path)
    assert dumps_graph(graph) == text
    out = tmp_path / "copy.bpgraph"
    save_graph(graph, out)
    assert out.read_bytes() == path.read_bytes()


def test_minimal_document_loads_with_defaults():
    g = loads_graph(doc())
    assert g.node("a").trainable is True  # parameter default
    assert g.node("b").value == [1.0, 2.0, 3.0]
    assert g.edge("e1").port == "in" and g.edge("e1").weight == 1.0
    assert g.loss_node() == "c"


def test_unknown_fields_are_kept():
    text = json.loads(doc())
    text["made_by"] = "another tool"
    text["nodes"][0]["colour"] = "red"
    text["edges"][0]["note"] = "hi"
    g = loads_graph(json.dumps(text))
    again = json.loads(dumps_graph(g))
    assert again["made_by"] == "another tool"
    assert again["nodes"][0]["colour"] == "red"
    assert again["edges"][0]["note"] == "hi"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "broken JSON at line 1"),
        ("[]", "is not a Backprop Studio graph"),
        (json.dumps({"format": "other", "version": 1}), "\"format\" is 'other'"),
        (doc(version=2), "newer Backprop Studio (format version 2"),
        (doc(version="1"), '"version" must be a whole number'),
        (doc(nodes="x"), '"nodes" must be a list'),
        (doc(loss="zz"), "\"loss\" names missing node 'zz'"),
        (
            '{"format": "backprop-studio", "version": 1, "nodes": [{"id": "a", "op": "parameter", '
            '"value": NaN}]}',
            "NaN is not a valid number",
        ),
    ],
)
def test_bad_documents_get_one_clear_line(text, message):
    err = load_error(text)
    assert message in str(err)
    assert str(err).startswith("g.bpgraph: ")


def test_every_problem_is_reported_with_its_culprit():
    text = json.loads(doc())
    text["nodes"].append({"id": "a", "op": "add"})  # duplicate
    text["nodes"].append({"id": "q", "op": "frobnicate"})
    text["nodes"].append({"id": "v", "op": "parameter", "value": "two"})
    text["edges"].append({"id": "e3", "source": "a", "target": "nope"})
    text["edges"].append({"id": "e4", "source": "a", "target": "c", "port": "x"})
    text["edges"].append({"id": "e5", "source": "a", "target": "c", "weight": "heavy"})
    err = load_error(json.dumps(text))
    found = {(p.node, p.edge): p.message for p in err.problems}
    assert "duplicate node id 'a'" in found[("a", None)]
    assert "unknown op 'frobnicate'" in found[("q", None)]
    assert '"value" must be a number' in found[("v", None)]
    assert "target 'nope' is not a node" in found[(None, "e3")]
    assert "no port 'x'" in found[(None, "e4")]
    assert '"weight" must be a number' in found[(None, "e5")]
    assert f"(and {len(err.problems) - 1} more)" in str(err)


def test_cycle_in_file_names_the_nodes():
    text = json.loads(doc())
    text["nodes"].append({"id": "t", "op": "tanh"})
    text["edges"] += [
        {"id": "e3", "source": "c", "target": "t"},
        {"id": "e4", "source": "t", "target": "c"},
    ]
    err = load_error(json.dumps(text))
    assert "cycle" in str(err) and "c -> t -> c" in str(err)


def test_occupied_port_in_file_is_reported():
    text = json.loads(doc())
    text["nodes"].append({"id": "s", "op": "sub"})
    text["edges"] += [
        {"id": "e3", "source": "a", "target": "s", "port": "a"},
        {"id": "e4", "source": "b", "target": "s", "port": "a"},
    ]
    err = load_error(json.dumps(text))
    assert any(p.edge == "e4" and "already has an input" in p.message for p in err.problems)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(FileFormatError, match="no such file"):
        load_graph(tmp_path / "missing.bpgraph")
    with pytest.raises(FileFormatError, match="is a folder"):
        load_graph(tmp_path)
    binary = tmp_path / "bin.bpgraph"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FileFormatError, match="not a text file"):
        load_graph(binary)


def test_save_is_atomic_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "g.bpgraph"
    g = loads_graph(doc())
    save_graph(g, target)
    original = target.read_bytes()
    g.update_node("a", value=5.0)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        save_graph(g, target)
    assert target.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["g.bpgraph"]  # no temporary left behind


def test_format_doc_lists_every_op():
    from pathlib import Path

    from backprop_studio.core.ops import op_names

    doc_text = (Path(__file__).parents[2] / "docs" / "file-format.md").read_text(encoding="utf-8")
    missing = [name for name in op_names() if f"| `{name}` |" not in doc_text]
    assert missing == []
