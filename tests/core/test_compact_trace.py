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

from backprop_studio.core.engine.compact_trace import CompactTrace, _running_sums
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.walk.columns import TermColumns

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


@SETTINGS
@given(graph=random_graph(batch=None))
def test_numbers_read_later_are_those_of_the_pass_that_made_the_trace(graph):
    """The numbers are computed when first read: a later pass over the same plan (other
    weights, other buffers) must not change them."""
    plan = compile_plan(graph)
    lazy = plan.run(record=True).trace
    eager = compile_plan(graph, "reference").run(record=True).trace
    if plan.weights.size:
        theta = plan.theta()
        plan.run(theta=theta + 1.0)  # the fast path reuses its buffers
        plan.weights[:] = plan.weights + 0.5
    assert_same_terms(lazy, eager)


def test_running_sums_add_each_sources_terms_in_visit_order():
    rng = np.random.default_rng(5)
    src = rng.integers(0, 7, size=200).astype(np.int32)
    contribution = rng.normal(size=(200, 3)) * 10.0 ** rng.integers(-8, 8, size=(200, 1))
    expected = np.empty_like(contribution)
    running: dict[int, np.ndarray] = {}
    for k, u in enumerate(src.tolist()):  # the reference's arithmetic, term by term
        running[u] = contribution[k] if u not in running else running[u] + contribution[k]
        expected[k] = running[u]
    assert np.array_equal(_running_sums(src, contribution), expected)  # bit for bit
    assert _running_sums(src[:0], contribution[:0]).shape == (0, 3)


@SETTINGS
@given(graph=random_graph(batch=None))
def test_term_columns_match_the_terms(graph):
    """What a walk reads per step without building terms equals the terms' own fields."""
    for trace in (
        compile_plan(graph).run(record=True).trace,
        compile_plan(graph, "reference").run(record=True).trace,
    ):
        columns = TermColumns(trace)
        assert columns.edges == [t.edge for t in trace]
        assert columns.sources == [t.source for t in trace]
        assert columns.completes == [t.completes_source for t in trace]
        for k, term in enumerate(trace):
            assert _close(columns.contribution(k), term.contribution)
            assert _close(columns.source_grad(k), term.source_grad)
            assert np.shape(columns.source_grad(k)) == np.shape(term.source_grad)
