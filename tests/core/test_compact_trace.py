"""The compact trace (arrays, from a fast pass) gives the reference engine's terms.

The reference records every ChainTerm as it visits the edge; the fast paths compute the same
terms in bulk from the final values and gradients. Same order, same edges, same numbers (nan
included), same sum-rule bookkeeping, on random graphs with and without a batch and on the
lesson's example.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from random_graphs import random_graph
from test_engine_paths import _close

from backprop_studio.core.engine.compact_trace import CompactTrace
from backprop_studio.core.engine.plan import compile_plan

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIELDS = ("upstream", "local", "contribution", "source_grad")


def assert_same_terms(lazy, eager) -> None:
    assert len(lazy) == len(eager)
    for a, b in zip(lazy, eager, strict=True):
        assert (a.index, a.edge, a.source, a.target, a.port) == (
            b.index,
            b.edge,
            b.source,
            b.target,
            b.port,
        )
        assert a.completes_source == b.completes_source and a.labels == b.labels
        assert a.weight == b.weight
        for name in FIELDS:
            x, y = getattr(a, name), getattr(b, name)
            assert np.shape(x) == np.shape(y), (name, a.edge)
            assert _close(x, y), (name, a.edge, x, y)
        assert _close(a.weight_grad, b.weight_grad), ("weight_grad", a.edge)


def _both(graph, path: str):
    lazy = compile_plan(graph, path).run(record=True)
    eager = compile_plan(graph, "reference").run(record=True)
    return lazy, eager


@SETTINGS
@given(graph=random_graph(batch=None))
def test_compact_trace_matches_the_reference_without_a_batch(graph):
    for path in ("scalar", "vectorized"):
        lazy, eager = _both(graph, path)
        assert isinstance(lazy.trace, CompactTrace)
        assert_same_terms(lazy.trace, eager.trace)


@SETTINGS
@given(graph=random_graph(batch=4))
def test_compact_trace_matches_the_reference_with_a_batch(graph):
    lazy, eager = _both(graph, "vectorized")
    assert isinstance(lazy.trace, CompactTrace)
    assert_same_terms(lazy.trace, eager.trace)


def test_lesson_terms_and_texts(example):
    """The lesson's numbers: df/db = 2 + 3 = 5, the same term texts, 100 bytes a term or less."""
    g = example("chain_rule")
    lazy, eager = _both(g, "scalar")
    assert_same_terms(lazy.trace, eager.trace)
    assert [t.text for t in lazy.trace] == [t.text for t in eager.trace]
    assert [t.text for t in lazy.trace[1:3]] == [t.text for t in eager.trace[1:3]]
    assert lazy.trace[-1].text == eager.trace[-1].text
    assert lazy.trace.nbytes() <= 100 * len(lazy.trace)
    k = lazy.trace.index_of_edge(eager.trace[2].edge)
    assert lazy.trace[k].edge == eager.trace[2].edge
