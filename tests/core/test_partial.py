"""Partial evaluation: what an incomplete graph can already compute, and why the rest cannot."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.engine.partial import evaluate_partial
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.errors import GraphError
from backprop_studio.core.model.graph import Edge, Node


def _with_stray(graph, loss_field: bool = True):
    graph.add_node(Node(id="stray", op="mul", position=(500.0, 0.0)))
    if not loss_field:
        graph.set_meta(loss=None)
    return graph


@pytest.mark.parametrize("loss_field", [True, False])
def test_an_unconnected_extra_node_keeps_the_lesson_numbers(example, loss_field):
    g = _with_stray(example("chain_rule"), loss_field)
    with pytest.raises(GraphError, match="stray"):  # the whole graph stays refused
        compile_plan(g)
    p = evaluate_partial(g)
    assert p.loss_node == "f" and p.loss == 6.0
    values = {k: float(v) for k, v in p.result.values.items()}
    assert (values["c"], values["d"], values["f"]) == (3.0, 2.0, 6.0)
    assert float(p.result.grads["a"]) == 2.0
    assert float(p.result.grads["b"]) == 5.0
    assert "stray" not in p.result.values
    assert "missing any input" in p.reasons["stray"]
    assert any(q.node == "stray" for q in p.problems)
    assert not p.complete


def test_nodes_waiting_for_an_incomplete_node_say_so(example):
    g = example("chain_rule")
    g.remove_edge("e6")  # f = c * (nothing from d): f still computes with c alone ...
    g.remove_edge("e4")  # ... d = b + (one missing)? no: add is variadic, so d = b
    g.add_node(Node(id="h", op="sub", position=(300.0, 300.0)))  # needs both ports
    g.add_edge(Edge(id="eh", source="d", target="h", port="a"))
    g.add_node(Node(id="k", op="mul", position=(400.0, 300.0)))
    g.add_edge(Edge(id="ek", source="h", target="k", port="in"))
    p = evaluate_partial(g)
    assert "port 'b'" in p.reasons["h"]
    assert "waits for" in p.reasons["k"] and "'h'" in p.reasons["k"]
    assert "h" not in p.result.values and "k" not in p.result.values
    assert p.loss_node == "f"
    assert float(p.result.values["f"]) == 3.0  # c alone: a + b
    # d is computable but leads to no loss: a value, gradient 0, named as extra
    assert float(p.result.values["d"]) == 1.0
    assert float(p.result.grads["d"]) == 0.0
    assert "does not lead to the loss" in p.extra["d"]
    assert "d" not in p.reasons and not any(q.node == "d" for q in p.problems)
    assert any(q.node == "d" for q in p.outlines())


def test_gradients_of_the_computable_part_match_finite_differences(example):
    g = _with_stray(example("xor_network"))
    p = evaluate_partial(g)
    assert p.loss_node == g.loss
    full = compile_plan(example("xor_network")).run()
    assert p.loss == pytest.approx(full.loss)
    plan = p.plan
    theta = plan.theta()
    grad = plan.grad_vector(p.result)
    h = 1e-6
    for k in range(len(theta)):
        up, down = theta.copy(), theta.copy()
        up[k] += h
        down[k] -= h
        numeric = (plan.run(up, backward=False).loss - plan.run(down, backward=False).loss) / (
            2 * h
        )
        assert grad[k] == pytest.approx(numeric, rel=1e-4, abs=1e-6)


def test_without_a_loss_the_computable_nodes_still_get_values(example):
    g = example("chain_rule")
    g.add_node(Node(id="g2", op="add", position=(500.0, 0.0)))
    g.add_edge(Edge(id="eg", source="a", target="g2", port="in"))
    g.set_meta(loss=None)  # two sinks, f and g2, both computable: no loss chosen
    p = evaluate_partial(g)
    assert p.loss_node is None and p.loss is None
    assert float(p.result.values["f"]) == 6.0 and float(p.result.values["g2"]) == 2.0
    assert not p.result.grads
    assert any("name the loss" in q.message for q in p.problems)


def test_a_complete_graph_is_simply_evaluated(example):
    p = evaluate_partial(example("single_weight"))
    assert p.complete and p.reasons == {} and p.extra == {}
    assert p.loss == 36.0 and float(p.result.grads["w"]) == -36.0


def test_a_complete_graph_names_its_extra_nodes(example):
    g = example("chain_rule")
    g.add_node(Node(id="g2", op="add", position=(500.0, 0.0)))
    g.add_edge(Edge(id="eg", source="a", target="g2", port="in"))
    p = evaluate_partial(g)  # the loss field names f: complete, g2 is extra
    assert p.complete and p.loss == 6.0
    assert set(p.extra) == {"g2"}


def test_nothing_computable(example):
    g = example("chain_rule")
    for nid in ("a", "b", "one"):
        g.update_node(nid, value=None)
    p = evaluate_partial(g)
    assert p.loss is None
    assert set(p.reasons) == {"a", "b", "one", "c", "d", "f"}
    assert np.all([q.node is not None for q in p.problems])


def test_the_outline_reasons_go_through_the_ui_translation(example):
    from backprop_studio.core import texts

    g = example("chain_rule")
    g.add_node(Node(id="g2", op="add", position=(500.0, 0.0)))
    g.add_edge(Edge(id="eg", source="a", target="g2", port="in"))
    texts.set_translator(lambda context, text: f"[{context}] {text.upper()}")
    try:
        extra = evaluate_partial(g).extra["g2"]
    finally:
        texts.set_translator(None)
    assert extra == "[Partial] NODE 'g2' DOES NOT LEAD TO THE LOSS 'f' (ITS GRADIENT IS 0)"
    assert evaluate_partial(g).extra["g2"].startswith("node 'g2' does not lead")  # English again
