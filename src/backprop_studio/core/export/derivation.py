"""The derivation of a graph's gradients, written out for homework and slides (Markdown, LaTeX).

Four parts, every number from one recorded evaluation (the texts are the step-through's own,
core/walk): the forward values node by node (``c = a + b = 2 + 1 = 3``), the loss, every
chain-rule term in the order the backward pass visits the edges (``∂f/∂d · ∂d/∂b = 3 · 1 =
3``) with the sum rule where paths meet (``∂f/∂b = 2 + 3 = 5``), and the final gradients. With
a data set the values shown are those of the first sample, as in the app, and a parameter's
gradient is the sum over the batch.
"""

from __future__ import annotations

import re

from ..engine.trace import fmt_number
from ..model.graph import Graph
from ..walk.steps import Walk
from ..walk.text import num, partial, sym

FORMATS = ("markdown", "latex")


def derivation(graph: Graph, fmt: str = "markdown") -> str:
    """The derivation as Markdown or LaTeX text; GraphError if the graph cannot be evaluated."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown derivation format {fmt!r}; one of {', '.join(FORMATS)}")
    walk = Walk(graph)
    sections = _sections(graph, walk)
    return _markdown(graph, sections) if fmt == "markdown" else _latex(graph, sections)


def _sections(graph: Graph, walk: Walk) -> dict:
    """The derivation's contents as plain text lines, shared by both formats."""
    loss = walk.loss_label
    result = walk.result
    forward = [walk.forward_text(nid) for nid in walk.order]
    backward: list[tuple[str, str, str | None]] = []
    for term in walk.trace:
        u, v = walk.labels[term.source], walk.labels[term.target]
        backward.append(
            (f"edge {term.edge} ({u} → {v})", walk.term_text(term), walk.sum_rule_text(term.index))
        )
    grads = []
    for node in graph.nodes():
        if node.op == "parameter":
            value = num(result.values[node.id], walk.sample)
            grad = num(result.grads[node.id], walk.sample)
            grads.append(f"{partial(loss, node.display_name)} = {grad}   (value {value})")
    for edge in graph.edges():
        if edge.trainable:
            w = f"w[{edge.id}: {walk.labels[edge.source]} → {walk.labels[edge.target]}]"
            grad = num(result.edge_grads[edge.id])
            grads.append(f"∂{sym(loss)}/∂{w} = {grad}   (weight {fmt_number(edge.weight)})")
    sample_note = ""
    if walk.batch_size:
        first = walk.sample_descriptions()[0] if walk.sample_descriptions() else "sample 1"
        sample_note = (
            f"The data set has {walk.batch_size} samples. Values below are those of "
            f"{first.split(':')[0].lower()} ({first.split(':', 1)[-1].strip()}); the loss "
            "averages over every sample, and a parameter's gradient sums over them (Σ batch)."
        )
    return {
        "forward": forward,
        "loss": f"{sym(loss)} = {fmt_number(result.loss)}",
        "loss_node": walk.loss_node,
        "seed": f"{partial(loss, loss)} = 1",
        "backward": backward,
        "grads": grads,
        "sample_note": sample_note,
        "edges": walk.edge_count,
    }


def _markdown(graph: Graph, s: dict) -> str:
    title = graph.title or "Untitled graph"
    out = [f"# Derivation: {title}", ""]
    if graph.description.strip():
        out += [graph.description.strip(), ""]
    if s["sample_note"]:
        out += [f"> {s['sample_note']}", ""]
    out += ["## 1. Forward pass", "", "Each node from its inputs, in topological order:", ""]
    out += [f"{i}. {line}" for i, line in enumerate(s["forward"], 1)]
    out += ["", "## 2. The loss", "", f"The objective is node `{s['loss_node']}`: **{s['loss']}**."]
    out += [
        "",
        "## 3. Backward pass: the chain rule, edge by edge",
        "",
        f"Start at the loss: {s['seed']}. Each of the {s['edges']} edges is visited once, in "
        "this order; a node's gradient is complete when every edge leaving it has been "
        "visited, and where several paths meet their contributions add up (the sum rule).",
        "",
    ]
    for i, (where, term, rule) in enumerate(s["backward"], 1):
        out.append(f"{i}. {where}: {term}")
        if rule is not None:
            out.append(f"   - sum rule: **{rule}**")
    out += ["", "## 4. Gradients", ""]
    out += [f"- {line}" for line in s["grads"]] or ["- (nothing is trainable)"]
    return "\n".join(out) + "\n"


_LATEX_CHARS = {
    "∂": r"\partial{}",
    "·": r"\cdot{}",
    "×": r"\times{}",
    "−": "-",
    "→": r"\to{}",
    "÷": r"\div{}",
    "σ": r"\sigma{}",
    "Σ": r"\Sigma{}",
    "θ": r"\theta{}",
    "…": r"\ldots{}",
    "|": r"\vert{}",
    "²": "^{2}",
    "³": "^{3}",
    "ˣ": "^{x}",
    "⁻": "^{-}",
    "√": r"\sqrt{}",
    "%": r"\%",
    "#": r"\#",
    "&": r"\&",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "\\": r"\backslash{}",
}
_SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_SUB = str.maketrans(_SUBSCRIPT_DIGITS, "0123456789")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")


def latex_math(text: str) -> str:
    """A text of the walk as LaTeX math: words upright, ∂ · × − as commands, x₁ as x_{1}."""
    out = []
    pos = 0
    for m in _WORD.finditer(text):
        out.append(_latex_symbols(text[pos : m.start()]))
        out.append(r"\mathrm{" + m.group().replace("_", r"\_") + "}")
        pos = m.end()
    out.append(_latex_symbols(text[pos:]))
    return "".join(out)


def _latex_symbols(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _SUBSCRIPT_DIGITS:
            j = i
            while j < len(text) and text[j] in _SUBSCRIPT_DIGITS:
                j += 1
            digits = "".join(str(_SUBSCRIPT_DIGITS.index(c)) for c in text[i:j])
            out.append("_{" + digits + "}")
            i = j
            continue
        if text.startswith("  ", i):
            out.append(r"\quad ")
            while i < len(text) and text[i] == " ":
                i += 1
            continue
        out.append(_LATEX_CHARS.get(ch, ch))
        i += 1
    return "".join(out)


_NOTE = re.compile(r"^(.*?)\s+\(([^()]*[A-Za-z]{3,}[^()]*)\)$")


def _math_line(line: str) -> str:
    """``$math$``, with a trailing note in words (``(parameter)``) set as text after it."""
    m = _NOTE.match(line)
    if m is None:
        return f"${latex_math(line)}$"
    note = _latex_text(m.group(2))
    return f"${latex_math(m.group(1))}$ ({note})"


def _latex_text(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$")):
        text = text.replace(a, b)
    for a, b in (("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}")):
        text = text.replace(a, b)
    for a, b in (("−", "$-$"), ("→", r"$\to$"), ("Σ", r"$\Sigma$"), ("·", r"$\cdot$")):
        text = text.replace(a, b)
    return re.sub("[₀-₉]+", lambda m: f"$_{{{m.group().translate(_SUB)}}}$", text)


def _latex(graph: Graph, s: dict) -> str:
    title = _latex_text(graph.title or "Untitled graph")
    out = [
        r"\documentclass{article}",
        r"\usepackage{amsmath}",
        r"\usepackage[T1]{fontenc}",
        r"\begin{document}",
        rf"\section*{{Derivation: {title}}}",
    ]
    if graph.description.strip():
        out.append(_latex_text(graph.description.strip()))
    if s["sample_note"]:
        out.append(r"\paragraph{Data.} " + _latex_text(s["sample_note"]))
    out += [r"\subsection*{1. Forward pass}", r"\begin{enumerate}"]
    out += [rf"  \item {_math_line(line)}" for line in s["forward"]]
    out += [r"\end{enumerate}", r"\subsection*{2. The loss}"]
    out.append(rf"The objective: \[ {latex_math(s['loss'])} \]")
    out += [
        r"\subsection*{3. Backward pass: the chain rule, edge by edge}",
        rf"Start at the loss: ${latex_math(s['seed'])}$. Each edge is visited once, in this "
        r"order; where several paths meet, their contributions add up (the sum rule).",
        r"\begin{enumerate}",
    ]
    for where, term, rule in s["backward"]:
        out.append(rf"  \item {_latex_text(where.split(' (')[0])}: {_math_line(term)}")
        if rule is not None:
            out.append(rf"    \[ \text{{sum rule: }} {latex_math(rule)} \]")
    out += [r"\end{enumerate}", r"\subsection*{4. Gradients}", r"\begin{itemize}"]
    out += [rf"  \item {_math_line(line)}" for line in s["grads"]]
    if not s["grads"]:
        out.append(r"  \item nothing is trainable")
    out += [r"\end{itemize}", r"\end{document}"]
    return "\n".join(out) + "\n"
