"""A walk over the compact trace (numbers computed when read, per-term columns) shows exactly
what a walk over the reference engine's eagerly recorded terms shows, at every state."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from random_graphs import random_graph

from backprop_studio.core.engine.compact_trace import CompactTrace
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.walk.steps import Walk

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _walks(graph, path: str = "vectorized") -> tuple[Walk, Walk]:
    fast, reference = compile_plan(graph, path), compile_plan(graph, "reference")
    lazy = Walk(graph, result=fast.run(record=True), plan=fast)
    eager = Walk(graph, result=reference.run(record=True), plan=reference)
    assert isinstance(lazy.trace, CompactTrace) and not isinstance(eager.trace, CompactTrace)
    return lazy, eager


def _same_state(lazy: Walk, eager: Walk) -> None:
    assert lazy.overlay() == eager.overlay()
    assert lazy.rows() == eager.rows()
    if lazy.phase in ("backward", "done"):  # (the forward text quotes each engine's loss)
        assert lazy.explain() == eager.explain()
    assert lazy.applied == eager.applied
    a, b = lazy.current_term, eager.current_term
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert (a.index, a.edge, a.source) == (b.index, b.edge, b.source)


@SETTINGS
@given(graph=random_graph(batch=None))
def test_every_step_shows_what_the_eager_walk_shows(graph):
    for path in ("scalar", "vectorized"):
        _step_through(*_walks(graph, path))


def _step_through(lazy: Walk, eager: Walk) -> None:
    _same_state(lazy, eager)
    while lazy.step():
        assert eager.step()
        _same_state(lazy, eager)
    assert not eager.step()
    for k in (0, lazy.backward_total // 2, lazy.backward_total - 1):
        if k >= 0 and lazy.backward_total:
            lazy.goto_term(k)
            eager.goto_term(k)
            _same_state(lazy, eager)
    lazy.step_back()
    eager.step_back()
    _same_state(lazy, eager)


@SETTINGS
@given(graph=random_graph(batch=3))
def test_jumps_on_a_batch_show_what_the_eager_walk_shows(graph):
    lazy, eager = _walks(graph)
    lazy.run_forward()
    eager.run_forward()
    _same_state(lazy, eager)
    lazy.run_backward()
    eager.run_backward()
    _same_state(lazy, eager)
    lazy.set_sample(2)
    eager.set_sample(2)
    _same_state(lazy, eager)
    assert [lazy.sum_rule_text(k) for k in range(lazy.backward_total)] == [
        eager.sum_rule_text(k) for k in range(eager.backward_total)
    ]


def test_run_forward_leaves_the_terms_uncomputed(example):
    """Run > Forward needs values only: the trace's numbers wait until a term is read."""
    g = example("chain_rule")
    plan = compile_plan(g, "scalar")
    walk = Walk(g, result=plan.run(record=True), plan=plan)
    walk.run_forward()
    walk.overlay()
    walk.explain()
    assert walk.trace._numbers is None
    walk.step()
    assert walk.overlay().grads == {"f": "1", "c": "2"}
    assert walk.trace._numbers is not None


@SETTINGS
@given(graph=random_graph(batch=None))
def test_path_counts_before_any_expansion_are_the_path_index_counts(graph):
    lazy, _eager = _walks(graph, "scalar")
    early = lazy._path_counts()  # from the plan, no path index yet
    default = lazy.default_path_subject()
    assert lazy._path_index is None
    assert early == lazy._paths.count  # the index built now counts the same
    assert lazy.default_path_subject() == default
