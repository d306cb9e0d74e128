"""Hostile .bpgraph files: each is refused with one short FileFormatError line naming the
node or field, before anything else can fail (issue 9, the loader)."""

from __future__ import annotations

import json
import os
import threading

import pytest

from backprop_studio.core.model.errors import FileFormatError, one_line
from backprop_studio.core.model.fileio import (
    MAX_FILE_BYTES,
    check_openable,
    dumps_graph,
    load_graph,
    loads_graph,
    save_graph,
)
from backprop_studio.core.model.graph import Graph, Node
from backprop_studio.core.model.graph_rules import is_finite_number
from backprop_studio.resources_path import example_path

HUGE = 10**400  # a JSON integer literal beyond the float range


def single_weight() -> dict:
    return json.loads(example_path("single_weight").read_text(encoding="utf-8"))


def refused(text: str) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        loads_graph(text, "g.bpgraph")
    message = str(info.value)
    assert "\n" not in message and len(message) < 600, message
    return info.value


# ----------------------------------------------------------------- numbers too large for a float
@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("node 'w'", lambda d: d["nodes"][1].update(value=HUGE)),
        ("node 'x'", lambda d: d["nodes"][0].update(value=[1, HUGE])),
        ("node 'w'", lambda d: d["nodes"][1].update(position=[HUGE, 0])),
        ("edge 'e1'", lambda d: d["edges"][0].update(weight=-HUGE)),
        ("data column 'x'", lambda d: d.update(data={"x": [1.0, HUGE]})),
    ],
)
def test_an_integer_too_large_for_a_float_is_a_format_error_naming_it(where, change):
    doc = single_weight()
    change(doc)
    err = refused(json.dumps(doc))
    assert where in str(err)
    assert "401-digit whole number" in str(err)


def test_is_finite_number_does_not_overflow():
    assert not is_finite_number(HUGE)
    assert not is_finite_number(True)
    assert is_finite_number(2**60) and is_finite_number(-1e308)


def test_graph_refuses_a_huge_integer_value_with_a_graph_error():
    graph = Graph()
    with pytest.raises(Exception) as info:
        graph.add_node(Node(id="w", op="parameter", value=HUGE))
    assert type(info.value).__name__ == "GraphError"
    assert "node 'w'" in str(info.value)


def test_a_number_beyond_the_float_range_written_as_1e999_is_refused_in_unknown_fields():
    doc = single_weight()
    doc["nodes"][1]["note"] = [1, 2]
    text = json.dumps(doc).replace('"note": [1, 2]', '"note": [1, 1e999]')
    assert "node 'w'" in str(refused(text))
    text = json.dumps(doc).replace('"value": 2.0', '"value": 1e999')
    assert "node 'w'" in str(refused(text))


# ----------------------------------------------------------------- nesting
def test_json_nested_far_too_deep_is_a_format_error_not_a_recursion_error():
    text = '{"format": "backprop-studio", "version": 1, "x": ' + "[" * 5000 + "]" * 5000 + "}"
    assert "nested too deeply" in str(refused(text))


def test_an_unknown_field_nested_deeper_than_the_limit_is_refused():
    doc = single_weight()
    inner: list = []
    doc["nodes"][0]["deep"] = inner
    for _ in range(200):  # loads in json, but the document could not be written back safely
        inner.append([])
        inner = inner[0]
    err = refused(json.dumps(doc))
    assert "node 'x'" in str(err) and "nested" in str(err)


# ----------------------------------------------------------------- lone surrogates
@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('"id": "w"', '"id": "w\\ud800"', "node #2"),
        ('"label": "prediction"', '"label": "p\\udfff"', "node 'p'"),
        ('"title": "The single weight"', '"title": "\\ud83d"', '"title"'),
        ('"optimizer": "sgd"', '"optimizer": "\\udc00"', '"training"'),
        ('"id": "e1"', '"id": "\\ud800"', "edge #1"),
    ],
)
def test_a_lone_surrogate_is_refused_at_load_naming_where(old, new, where):
    text = json.dumps(single_weight())
    assert old in text
    err = refused(text.replace(old, new))
    assert where in str(err) and "surrogate" in str(err)
    str(err).encode("utf-8")  # the message itself can be printed


def test_a_lone_surrogate_in_an_unknown_field_or_key_is_refused():
    doc = single_weight()
    text = json.dumps(doc).replace('"loss": "L"', '"loss": "L", "\\ud800": 1')
    assert "surrogate" in str(refused(text))
    text = json.dumps(doc).replace('"loss": "L"', '"loss": "L", "note": ["\\ud800"]')
    assert "surrogate" in str(refused(text))


def test_a_proper_surrogate_pair_loads_and_saves(tmp_path):
    text = json.dumps(single_weight()).replace('"label": "prediction"', '"label": "\\ud83d\\ude00"')
    graph = loads_graph(text)
    assert graph.node("p").label == "😀"
    save_graph(graph, tmp_path / "ok.bpgraph")
    assert load_graph(tmp_path / "ok.bpgraph").node("p").label == "😀"


def test_every_loaded_document_can_be_saved(tmp_path):
    text = json.dumps(single_weight()).replace('"label": "x"', '"label": "x\\u0000\\n\\u2028"')
    graph = loads_graph(text)
    save_graph(graph, tmp_path / "g.bpgraph")
    assert load_graph(tmp_path / "g.bpgraph").node("x").label == "x\x00\n\u2028"


# ----------------------------------------------------------------- byte order mark
def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.bpgraph"
    path.write_bytes(b"\xef\xbb\xbf" + example_path("single_weight").read_bytes())
    graph = load_graph(path)
    assert graph.loss == "L"
    assert dumps_graph(graph) == example_path("single_weight").read_text(encoding="utf-8")


# ----------------------------------------------------------------- special and huge files
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.bpgraph"
    os.mkfifo(fifo)
    outcome: list = []

    def load() -> None:
        try:
            load_graph(fifo)
        except FileFormatError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the reader so the test run can end
        with open(fifo, "w"):
            pass
        worker.join(5)
        pytest.fail("loading a named pipe blocked")
    assert outcome and "named pipe" in outcome[0] and "pipe.bpgraph" in outcome[0]


def test_a_device_is_refused_before_reading():
    with pytest.raises(FileFormatError, match="/dev/zero: is a device, not a regular file"):
        load_graph("/dev/zero")
    with pytest.raises(FileFormatError, match="is a device"):
        check_openable("/dev/null")


def test_a_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a.bpgraph").symlink_to(tmp_path / "b.bpgraph")
    (tmp_path / "b.bpgraph").symlink_to(tmp_path / "a.bpgraph")
    with pytest.raises(FileFormatError, match="symlink loop"):
        load_graph(tmp_path / "a.bpgraph")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.bpgraph"
    with open(path, "wb") as fh:  # sparse: no disk space used, nothing read
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(FileFormatError, match="too large"):
        check_openable(path)
    with pytest.raises(FileFormatError, match="too large"):
        load_graph(path)


def test_check_openable_accepts_a_regular_file_and_names_a_missing_one(tmp_path):
    assert check_openable(example_path("chain_rule")).st_size > 0
    with pytest.raises(FileFormatError, match="no such file"):
        check_openable(tmp_path / "missing.bpgraph")
    with pytest.raises(FileFormatError, match="is a folder"):
        check_openable(tmp_path)


# ----------------------------------------------------------------- bounded, single lines
def test_a_long_id_gives_a_short_message():
    doc = single_weight()
    doc["nodes"][1]["op"] = "nope"
    doc["nodes"][1]["id"] = "w" * 100_000
    err = refused(json.dumps(doc))
    assert "unknown op 'nope'" in str(err) and "more)" in str(err)


def test_a_huge_wrong_value_gives_a_short_message():
    doc = {"format": "backprop-studio", "version": 1, "nodes": [list(range(1_000_000))]}
    err = refused(json.dumps(doc))
    assert "node #1 must be an object, not [0, 1, 2, 3, ...]" in str(err)
    doc = {"format": "backprop-studio", "version": 1, "nodes": [], "title": [0] * 10**6}
    assert '"title" must be text, not [0, 0, 0, 0, ...]' in str(refused(json.dumps(doc)))


def test_many_faulty_nodes_give_one_short_line_counting_the_rest():
    nodes = [{"id": f"n{i}", "op": "nope"} for i in range(200_000)]
    err = refused(json.dumps({"format": "backprop-studio", "version": 1, "nodes": nodes}))
    assert str(err).endswith(f"(and {len(err.problems) - 1} more)")
    assert len(err.problems) >= 200_000


def test_a_long_cycle_is_named_briefly():
    nodes = [{"id": f"n{i}", "op": "tanh"} for i in range(5000)]
    edges = [
        {"id": f"e{i}", "source": f"n{i}", "target": f"n{(i + 1) % 5000}"} for i in range(5000)
    ]
    doc = {"format": "backprop-studio", "version": 1, "nodes": nodes, "edges": edges}
    err = refused(json.dumps(doc))
    assert "cycle" in str(err) and "more" in str(err)


def test_a_file_name_with_a_newline_stays_one_line(tmp_path):
    path = tmp_path / "two\nlines.bpgraph"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        load_graph(path)
    assert "\n" not in str(info.value) and "two\\nlines.bpgraph" in str(info.value)


def test_one_line_escapes_and_elides_keeping_the_end():
    text = one_line("a\nb\r\t\x1b" + "x" * 10_000 + " (and 9 more)", 100)
    assert len(text) == 100 and text.startswith("a\\nb\\r\\t\\x1b") and text.endswith("9 more)")
    assert one_line("bad \udc80 name") == "bad \\udc80 name"
