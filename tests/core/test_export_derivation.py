"""The derivation (Markdown and LaTeX): forward values, the loss, every chain-rule term in
visit order, the sum rule where paths meet (2 + 3 = 5 on the lesson's example), the gradients."""

from __future__ import annotations

import pytest

from backprop_studio.cli import main
from backprop_studio.core.engine.plan import evaluate
from backprop_studio.core.export.derivation import derivation, latex_math
from backprop_studio.core.model.errors import GraphError
from backprop_studio.core.model.expression import expression_graph
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.resources_path import example_path


def test_the_chain_rule_derivation_has_every_step_and_the_sum_rule():
    graph = load_graph(example_path("chain_rule"))
    text = derivation(graph, "markdown")
    assert "∂f/∂b = 2 + 3 = 5" in text and "2 + 3 = 5" in text
    assert "c = a + b = 2 + 1 = 3" in text and "f = c × d = 3 × 2 = 6" in text
    assert "**f = 6**" in text
    # every term, in the engine's visit order
    result = evaluate(graph, record=True)
    positions = [text.index(f"edge {t.edge} (") for t in result.trace]
    assert positions == sorted(positions) and len(positions) == graph.edge_count()
    # the sum rule follows the term that completes b, and the gradients close the text
    assert text.index("sum rule: **∂f/∂b = 2 + 3 = 5**") > text.index("edge e3 (")
    gradients = text[text.index("## 4. Gradients") :]
    assert "∂f/∂a = 2" in gradients and "∂f/∂b = 5" in gradients


def test_latex_derivation_is_a_document_with_the_sum_rule_in_math():
    text = derivation(load_graph(example_path("chain_rule")), "latex")
    assert text.startswith(r"\documentclass{article}") and text.rstrip().endswith(r"\end{document}")
    assert r"\partial{}f/\partial{}b = 2 + 3 = 5" in text
    assert text.count(r"\item") == 6 + 6 + 2  # forward nodes, edges, gradients
    assert "∂" not in text and "·" not in text and "−" not in text


def test_latex_math_translates_the_walks_notation():
    assert latex_math("∂L/∂a₁ · w = 0.5 · (−2)") == (
        r"\partial{}L/\partial{}a_{1} \cdot{} w = 0.5 \cdot{} (-2)"
    )
    assert latex_math("prediction_1 = σ(o)") == r"\mathrm{prediction\_1} = \sigma{}(o)"


def test_a_batch_graph_says_which_sample_it_shows():
    text = derivation(load_graph(example_path("xor_network")))
    assert "The data set has 4 samples" in text and "sample 1" in text
    assert "∂L/∂w[e1: x₁ → h₁]" in text  # trainable weights' gradients are listed


def test_cli_writes_markdown_and_latex(tmp_path, capsys):
    md, tex = tmp_path / "d.md", tmp_path / "d.tex"
    chain = str(example_path("chain_rule"))
    assert main(["export", chain, "--markdown", str(md), "--latex", str(tex)]) == 0
    assert "2 + 3 = 5" in md.read_text(encoding="utf-8")
    assert r"\end{document}" in tex.read_text(encoding="utf-8")


def test_a_graph_that_cannot_be_evaluated_is_refused():
    graph = expression_graph("a + b")
    graph.remove_edge(graph.in_edges("add1")[0].id)
    graph.remove_node("a")
    graph.add_node(graph.node("b").__class__("s", "sub"))
    with pytest.raises(GraphError):
        derivation(graph)
