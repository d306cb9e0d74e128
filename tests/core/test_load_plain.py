"""A big file is parsed by orjson and built by the bulk path (fileio._loads_plain): the same
graph as the stdlib parser gives, and for a file with any fault exactly the stdlib path's
message (the text is parsed again by it). ``BIG_TEXT`` is lowered so that small documents
take the big files' route."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_graphs import random_graph
from test_bulk_load import FAULTS, assert_same_graph, shuffled_doc, small_doc

from backprop_studio.core.model import fileio
from backprop_studio.core.model.errors import FileFormatError
from backprop_studio.core.model.graph import Graph

orjson = pytest.importorskip("orjson")  # a dependency (pyproject.toml); optional at run time


def load(text: str, route: str) -> Graph:
    """``route``: "plain" (orjson first, as for a big file) or "stdlib" (as for a small one)."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(fileio, "BIG_TEXT", 0 if route == "plain" else 1 << 62)
        return fileio.loads_graph(text, "doc.bpgraph")


def refusal(text: str, route: str) -> FileFormatError:
    with pytest.raises(FileFormatError) as caught:
        load(text, route)
    return caught.value


@settings(max_examples=30, deadline=None)
@given(graph=random_graph(), seed=st.integers(0, 10**6))
def test_a_big_file_is_the_graph_the_stdlib_parser_gives(graph, seed):
    text = json.dumps(shuffled_doc(graph, seed))
    assert_same_graph(load(text, "plain"), load(text, "stdlib"))
    assert fileio.dumps_graph(load(text, "plain")) == fileio.dumps_graph(load(text, "stdlib"))


def test_orjson_parses_a_big_file(monkeypatch):
    calls = []
    real = orjson.loads
    monkeypatch.setattr(orjson, "loads", lambda text: calls.append(len(text)) or real(text))
    text = json.dumps(small_doc())
    graph = load(text, "plain")
    assert calls == [len(text)] and [n.id for n in graph.nodes()] == ["x", "w", "m", "s"]
    assert load(text, "stdlib").nodes() == graph.nodes() and calls == [len(text)]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_in_a_big_file_is_refused_with_the_stdlib_message(fault):
    doc = small_doc()
    FAULTS[fault](doc)
    text = json.dumps(doc)
    plain, stdlib = refusal(text, "plain"), refusal(text, "stdlib")
    assert str(plain) == str(stdlib) and plain.problems == stdlib.problems


TEXT_FAULTS = {
    "broken JSON": '{"format": "backprop-studio", "version": 1, "nodes": [',
    "NaN": '{"format": "backprop-studio", "version": 1, "nodes": [], "x": NaN}',
    "trailing data": '{"format": "backprop-studio", "version": 1, "nodes": []} x',
    "a lone surrogate": '{"format": "backprop-studio", "version": 1, "title": "\\ud800"}',
    "deep nesting": '{"format": "backprop-studio", "version": 1, "x": '
    + "[" * 5000
    + "]" * 5000
    + "}",
    "a control character": '{"format": "backprop-studio\t", "version": 1}',
    "version beyond 64 bits": '{"format": "backprop-studio", "version": 18446744073709551617}',
    "a number beyond the float range": '{"format": "backprop-studio", "version": 1, '
    '"nodes": [{"id": "a", "op": "parameter", "value": 1e400}]}',
    "a list at the top": "[1, 2]",
}


@pytest.mark.parametrize("fault", TEXT_FAULTS)
def test_a_broken_big_text_is_refused_with_the_stdlib_message(fault):
    text = TEXT_FAULTS[fault]
    assert str(refusal(text, "plain")) == str(refusal(text, "stdlib"))


def test_an_integer_beyond_64_bits_loads_as_the_same_float():
    doc = small_doc()
    doc["edges"][0]["weight"] = 2**70
    text = json.dumps(doc)
    assert load(text, "plain").edge("e1").weight == load(text, "stdlib").edge("e1").weight


def test_without_orjson_a_big_file_loads_by_the_stdlib(monkeypatch):
    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson raises ImportError
    text = json.dumps(small_doc())
    assert_same_graph(load(text, "plain"), load(text, "stdlib"))
