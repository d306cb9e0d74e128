"""The Walk: stepping forward node by node and backward edge by edge over an engine Result."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.engine.plan import compile_plan, evaluate
from backprop_studio.core.model.errors import GraphError
from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.walk.overlay import PassOverlay
from backprop_studio.core.walk.steps import Walk, WalkState


def test_forward_steps_follow_the_topological_order(example):
    g = example("chain_rule")
    walk = Walk(g)
    order = compile_plan(g).order
    assert walk.overlay() == PassOverlay()
    for k, nid in enumerate(order, start=1):
        assert walk.step_forward()
        ov = walk.overlay()
        assert ov.direction == "forward"
        assert ov.current_node == nid
        assert list(ov.values) == order[:k]
        assert ov.grads == {} and ov.current_edge is None
    assert not walk.step_forward()
    assert walk.overlay().values == {"a": "2", "b": "1", "one": "1", "c": "3", "d": "2", "f": "6"}
    assert walk.forward_text("f") == "f = c × d = 3 × 2 = 6"
    assert walk.forward_text("c") == "c = a + b = 2 + 1 = 3"


def test_backward_steps_are_exactly_the_engine_terms_in_order(example):
    g = example("chain_rule")
    engine_trace = evaluate(g).trace
    walk = Walk(g)
    walk.run_forward()
    for k, term in enumerate(engine_trace, start=1):
        assert walk.step_backward()
        current = walk.current_term
        assert current is not None
        assert (current.edge, current.source, current.target) == (
            term.edge,
            term.source,
            term.target,
        )
        assert float(current.contribution) == float(term.contribution)
        assert [t.edge for t in walk.terms()] == [t.edge for t in engine_trace[:k]]
        ov = walk.overlay()
        assert ov.direction == "backward"
        assert ov.current_edge == term.edge
        assert ov.upstream_node == term.target and ov.receiving_node == term.source
        assert ov.visited_edges == frozenset(t.edge for t in engine_trace[:k])
        assert ov.edge_label == walk.term_texts()[-1]  # no trainable weights here
    assert not walk.step_backward()
    assert walk.backward_done
    texts = walk.term_texts()
    assert texts == [walk.term_text(t) for t in engine_trace]
    # The lesson's numbers in the lesson's notation.
    by_edge = dict(zip([t.edge for t in engine_trace], texts, strict=True))
    assert by_edge["e1"] == "∂f/∂c · ∂c/∂a = 2 · 1 = 2"
    assert by_edge["e2"] == "∂f/∂c · ∂c/∂b = 2 · 1 = 2"
    assert by_edge["e3"] == "∂f/∂d · ∂d/∂b = 3 · 1 = 3"
    # the first terms, into the loss itself: no "∂f/∂f · ∂f/∂c"
    assert by_edge["e5"] == "∂f/∂c = 2"
    assert by_edge["e6"] == "∂f/∂d = 3"
    assert not any("∂f/∂f" in t for t in texts)


def test_df_da_is_2_and_df_db_is_the_sum_2_plus_3(example):
    walk = Walk(example("chain_rule"))
    seen_partial_b = False
    while walk.step():
        ov = walk.overlay()
        if "b" in ov.partial_grads:
            seen_partial_b = True
            assert ov.grads["b"] == "2"
    assert seen_partial_b
    ov = walk.overlay()
    assert ov.grads["a"] == "2" and ov.grads["b"] == "5"
    assert {"a", "b", "c", "d", "f"} <= ov.final_grads and not ov.partial_grads
    rows = walk.rows()
    sums = [r for r in rows if r.kind == "sum"]
    assert [r.text for r in sums] == ["∂f/∂b = 2 + 3 = 5"]
    # The sum row comes right after the term that completed b (the edge b -> d).
    i = rows.index(sums[0])
    assert rows[i - 1].kind == "term" and rows[i - 1].edge == "e3"
    assert [r.text for r in rows if r.kind == "term"] == walk.term_texts()


def test_step_back_returns_exactly_the_previous_state(example):
    walk = Walk(example("xor_network"))
    snapshots = []

    def snap():
        return (walk.state, walk.overlay(), walk.rows(), walk.explain(), walk.cost_text())

    moves = [walk.step_forward] * 3 + [walk.step] * 20 + [lambda: walk.goto_term(2)]
    moves += [walk.run_backward, walk.run_forward, walk.run_backward]
    for move in moves:
        before = snap()
        if move() is not False:
            snapshots.append(before)
    assert len(snapshots) == len(moves)
    for before in reversed(snapshots):
        assert walk.step_back()
        assert snap() == before
    assert not walk.step_back()
    assert walk.overlay() == PassOverlay()


def test_reset_clears_values_gradients_and_history(example):
    walk = Walk(example("chain_rule"))
    walk.run_backward()
    assert walk.rows()
    walk.reset()
    assert walk.state == WalkState(0, 0)
    assert walk.overlay() == PassOverlay()
    assert walk.rows() == [] and walk.terms() == []
    assert not walk.can_step_back
    assert "Edges visited: 0 / 6" in walk.cost_text()


def test_step_backward_from_the_start_completes_the_forward_pass_first(example):
    walk = Walk(example("chain_rule"))
    assert walk.step_backward()
    assert walk.forward_done and walk.state.backward == 1
    assert walk.step_back()
    assert walk.state == WalkState(0, 0)


def test_path_expansion_of_b_sums_the_two_paths(example):
    walk = Walk(example("chain_rule"))
    walk.run_backward()
    exp = walk.path_expansion(node="b")
    assert exp.path_count == 2 and not exp.truncated
    assert exp.symbolic == ["∂f/∂c·∂c/∂b", "∂f/∂d·∂d/∂b"]
    assert exp.numeric == ["2·1", "3·1"]
    assert exp.text.splitlines()[0] == "∂f/∂b = ∂f/∂c·∂c/∂b + ∂f/∂d·∂d/∂b"
    assert exp.text.splitlines()[1].strip() == "= 2·1 + 3·1"
    assert exp.text.splitlines()[2].strip() == "= 5"
    assert sum(float(v) for v in exp.path_values) == 5.0
    short = walk.path_expansion(node="b", limit=1)
    assert short.truncated and len(short.symbolic) == 1
    assert "1 of 2 paths shown" in short.text and "∂f/∂b = 5" in short.text


@pytest.mark.parametrize("name", ["chain_rule", "linear_regression", "xor_network"])
def test_path_sums_equal_the_engine_gradients(example, name):
    g = example(name)
    walk = Walk(g)
    walk.run_backward()
    r = evaluate(g)
    for nid in walk.order:
        exp = walk.path_expansion(node=nid, limit=1000)
        assert not exp.truncated
        if not exp.path_values:
            assert np.allclose(r.grads[nid], 0.0)
            continue
        total = sum(exp.path_values[1:], exp.path_values[0])
        if np.ndim(r.grads[nid]) == 0:
            total = np.sum(total)
        assert np.allclose(total, r.grads[nid]), nid
    for e in g.edges():
        exp = walk.path_expansion(edge=e.id, limit=1000)
        total = np.sum(sum(exp.path_values[1:], exp.path_values[0]))
        assert np.isclose(total, r.edge_grads[e.id]), e.id


def _ladder(layers: int) -> Graph:
    """x feeds two nodes, each layer's two nodes feed both of the next: 2^layers paths to L."""
    g = Graph()
    g.add_node(Node("x", "parameter", value=0.5))
    previous = ["x"]
    for k in range(layers):
        current = [f"a{k}", f"b{k}"]
        for nid in current:
            g.add_node(Node(nid, "add"))
            for src in previous:
                g.add_edge(Edge(g.new_edge_id(), src, nid, "in", weight=0.5))
        previous = current
    g.add_node(Node("L", "mul"))
    for src in previous:
        g.add_edge(Edge(g.new_edge_id(), src, "L", "in"))
    return g


def test_path_expansion_is_truncated_with_an_exact_count():
    g = _ladder(6)
    walk = Walk(g, path_limit=5)
    walk.run_backward()
    exp = walk.path_expansion(node="x")
    assert exp.path_count == 2**6 and len(exp.symbolic) == 5 and exp.truncated
    assert f"5 of {2**6} paths shown" in exp.text
    full = walk.path_expansion(node="x", limit=10_000)
    assert np.isclose(sum(float(v) for v in full.path_values), float(evaluate(g).grads["x"]))


def test_weight_factor_is_shown_when_the_weight_is_not_1(example):
    walk = Walk(example("xor_network"))
    walk.run_backward()
    text = {t.edge: walk.term_text(t) for t in walk.trace}
    assert text["e9"].startswith("∂L/∂o · ∂o/∂a₁ · w = ")
    assert " · 0.9 = " in text["e9"]
    assert "; ∂L/∂w = " in text["e9"]  # trainable weight: its gradient, summed over the batch
    walk.goto_term(next(t.index for t in walk.trace if t.edge == "e9"))
    assert walk.overlay().edge_label == text["e9"].split(";")[0]  # the canvas: product only
    assert text["e12"].startswith("∂L/∂prediction · ∂prediction/∂o = ")
    assert " · w" not in text["e12"]


def test_batch_terms_show_the_selected_sample_and_the_batch_sum(example):
    g = example("linear_regression")
    r = evaluate(g)
    walk = Walk(g)
    walk.run_backward()
    assert walk.batch_size == 8 and walk.sample == 0
    term = next(t for t in walk.trace if t.edge == "e4")  # b -> prediction: b is a scalar
    for s in (0, 3, 7):
        walk.set_sample(s)
        upstream = float(r.grads["p"][s])
        text = walk.term_text(term)
        expected_up = f"{upstream:.4f}".rstrip("0").rstrip(".").replace("-", "−")
        assert text.startswith(f"∂L/∂prediction · ∂prediction/∂b = {expected_up} · 1 = ")
        batch_sum = f"{float(r.grads['b']):.4f}".rstrip("0").replace("-", "−")
        assert text.endswith(f"(Σ batch = {batch_sum})")
        assert walk.overlay().values["x"] == f"{g.data['x'][s]:g}"
        assert walk.overlay().grads["b"] == batch_sum  # a parameter: the batch sum
    with pytest.raises(ValueError, match="sample must be 0 to 7"):
        walk.set_sample(8)


def test_local_derivative_text_uses_the_op_formula_and_current_numbers(example):
    walk = Walk(example("chain_rule"))
    assert walk.local_derivative_text("f").splitlines()[:2] == [
        "f: Multiply",
        "Multiply: in₁ × in₂ × …",
    ]
    walk.run_backward()
    lines = walk.local_derivative_text("f").splitlines()
    assert lines[0] == "f = c × d = 3 × 2 = 6"
    assert "∂f/∂c = product of the other inputs = 2" in lines
    assert "∂f/∂d = product of the other inputs = 3" in lines
    assert "∂f/∂b = 5 (final)" in walk.local_derivative_text("b")


def test_cost_counts_edges_visited_against_edges_in_the_graph(example):
    walk = Walk(example("chain_rule"))
    walk.run_forward()
    for _ in range(3):
        walk.step_backward()
    assert walk.cost_text().startswith("Edges visited: 3 / 6")
    walk.run_backward()
    assert walk.cost_text().startswith("Edges visited: 6 / 6 (engine: 6")
    assert "forward" in walk.cost_text() and "backward" in walk.cost_text()


def test_walking_never_changes_the_graph(example):
    g = example("xor_network")
    before = (g.revision, [n for n in g.nodes()], [e for e in g.edges()])
    walk = Walk(g)
    walk.run_backward()
    walk.set_sample(2)
    walk.path_expansion(node="x1")
    walk.step_back()
    walk.reset()
    assert (g.revision, g.nodes(), g.edges()) == before


def test_an_invalid_graph_is_refused_naming_the_node(example):
    g = example("chain_rule")
    g.add_node(Node("z", "sub"))
    g.add_edge(Edge("ez", "a", "z", "a"))  # port b of z left unconnected
    with pytest.raises(GraphError) as info:
        Walk(g)
    assert any(p.node == "z" for p in info.value.problems)
    assert "'z'" in str(info.value)


def test_the_overlay_carries_the_completed_sum_rules(example):
    walk = Walk(example("chain_rule"))
    seen = []
    while walk.step():
        ov = walk.overlay()
        if ov.direction == "backward":
            seen.append(dict(ov.sum_rules))
    assert seen[0] == {}
    assert seen[-1] == {"b": "∂f/∂b = 2 + 3 = 5"}
    first = next(i for i, s in enumerate(seen) if s)
    assert walk.trace[first].source == "b" and walk.trace[first].completes_source


def test_sum_rules_are_written_when_read_and_compared_by_their_keys(example):
    from backprop_studio.core.walk.overlay import changed_keys

    walk = Walk(example("chain_rule"))
    overlays = []
    while walk.step():
        overlays.append(walk.overlay())
    last = overlays[-1].sum_rules
    assert walk._sum_texts == {} or all(t is None for t in walk._sum_texts.values())
    assert last["b"] == "∂f/∂b = 2 + 3 = 5"  # written now, on reading
    assert any(t is not None for t in walk._sum_texts.values())
    before = next(o.sum_rules for o in overlays if o.direction == "backward")
    assert changed_keys(before, last) == {"b"}
    assert changed_keys(last, last) == set()
    # beside a plain dict, every key may have changed (comparing would write every text)
    assert changed_keys({"a": "other"}, last) == {"a", "b"}
    assert changed_keys({"b": "x"}, {"b": "x", "c": "y"}) == {"c"}  # two dicts: by text
