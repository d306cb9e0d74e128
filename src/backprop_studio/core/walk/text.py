"""Texts of a stepped walk: chain-rule terms, sum rules, forward steps and local derivatives.

Everything here is a pure function of numbers the engine already computed (a
:class:`~backprop_studio.core.engine.trace.ChainTerm`, node values); nothing is recomputed. Texts use
the lesson's notation with node labels::

    ∂f/∂c = 2                                       an edge into the loss (no ∂f/∂f = 1)
    ∂f/∂c · ∂c/∂a = 2 · 1 = 2                       one edge (a term)
    ∂L/∂o · ∂o/∂a₁ · w = 0.12 · 1 · 0.9 = 0.108     the edge's weight is not 1
    ∂f/∂b = 2 + 3 = 5                               the sum rule, where several edges leave b

Batch values are shown for one selected sample; where the receiving node is a scalar (a
parameter) the term adds the sum over the batch, shown as ``(Σ batch = …)``. A trainable
edge's weight gradient, always a batch sum, is appended as ``; ∂L/∂w = …``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..engine.trace import ChainTerm, fmt_number, fmt_value
from ..ops import OpSpec
from ..texts import fill, translate

Array = np.ndarray

MINUS = "−"
INFIX = {"add": " + ", "mul": " × ", "sub": " − ", "div": " / ", "pow": " ^ "}


@lru_cache(maxsize=65536)
def sym(label: str) -> str:
    """A label as a symbol: bare when it is a plain name (``a₁``), else in parentheses."""
    plain = label and all(ch.isalnum() or ch in "_'′" for ch in label)
    return label if plain else f"({label})"


def partial(numerator: str, denominator: str) -> str:
    """``∂f/∂c`` from two labels."""
    return f"∂{sym(numerator)}/∂{sym(denominator)}"


def pick(a: Array | float, sample: int | None) -> Array:
    """The selected sample of a batch value; a scalar as it is."""
    arr = np.asarray(a, dtype=float)
    if arr.ndim == 1 and sample is not None and 0 <= sample < arr.size:
        return arr[sample]
    return arr


def num(a: Array | float, sample: int | None = None) -> str:
    """A value (its selected sample) as text, with a true minus sign: ``−0.28``."""
    if isinstance(a, float) or (isinstance(a, np.ndarray) and a.ndim == 0):
        text = fmt_number(float(a))  # the common case, without a new array
    else:
        text = fmt_value(pick(a, sample))
    return text.replace("-", MINUS) if "-" in text else text


def number(x: float) -> str:
    """A scalar as text, with a true minus sign."""
    return fmt_number(x).replace("-", MINUS)


def factor(text: str) -> str:
    """A number inside a product: negatives in parentheses, ``2 · (−0.7)``."""
    return f"({text})" if text.startswith(MINUS) else text


def product(texts: Sequence[str], sep: str = " · ") -> str:
    """Factors joined by ``·``; every factor after the first bracketed when negative."""
    if not texts:
        return "1"
    return sep.join([texts[0], *(factor(t) for t in texts[1:])])


def signed_sum(values: Sequence[str]) -> str:
    """``2 + 3`` or ``2 − 0.5``: a sum written the way one would by hand."""
    out = ""
    for i, text in enumerate(values):
        negative = text.startswith(MINUS)
        body = text[1:] if negative else text
        if i == 0:
            out = ("−" if negative else "") + body
        else:
            out += (" − " if negative else " + ") + body
    return out or "0"


def is_batch(a: Array | float) -> bool:
    return np.asarray(a).ndim == 1


def term_display_text(
    term: ChainTerm,
    labels: dict[str, str],
    loss: str,
    sample: int | None,
    *,
    trainable: bool = False,
) -> str:
    """One edge visit: ``∂L/∂v · ∂v/∂u [· w] = upstream · local [· w] = contribution``."""
    u, v = labels[term.source], labels[term.target]
    symbolic = [partial(loss, v), partial(v, u)]
    numbers = [num(term.upstream, sample), num(term.local, sample)]
    if v == loss and np.all(np.asarray(term.upstream) == 1.0):
        # an edge into the loss itself: ∂f/∂f = 1 says nothing, ∂f/∂c = 2 says it all
        symbolic, numbers = symbolic[1:], numbers[1:]
    if term.weight != 1.0:
        symbolic.append("w")
        numbers.append(number(term.weight))
    through_batch = is_batch(term.upstream) or is_batch(term.local)
    if is_batch(term.contribution) or not through_batch:
        result = num(term.contribution, sample)
        tail = ""
    else:  # a scalar receives the sum over the batch of the per-sample products
        piece = pick(term.upstream, sample) * pick(term.local, sample) * term.weight
        result = num(piece)
        tail = " (" + fill(translate("Walk", "Σ batch = %1"), num(term.contribution)) + ")"
    shown = product(numbers)
    if shown == result and not tail:  # one factor: ∂f/∂c = 2, not ∂f/∂c = 2 = 2
        text = f"{' · '.join(symbolic)} = {result}"
    else:
        text = f"{' · '.join(symbolic)} = {shown} = {result}{tail}"
    if trainable:
        batch_note = " (" + translate("Walk", "Σ batch") + ")" if through_batch else ""
        text += f"; ∂{sym(loss)}/∂w = {number(term.weight_grad)}{batch_note}"
    return text


def sum_rule_display_text(
    loss: str, u: str, contributions: Sequence[Array], total: Array, sample: int | None
) -> str:
    """``∂f/∂b = 2 + 3 = 5``: contributions in the order they arrived."""
    parts = signed_sum([num(c, sample) for c in contributions])
    return f"{partial(loss, u)} = {parts} = {num(total, sample)}"


def source_text(label: str, op: str, value: Array, column: str | None, sample: int | None) -> str:
    """A source node's forward step: ``a = 2 (parameter)``."""
    if op == "parameter":
        kind = translate("Walk", "parameter")
    elif column is not None:
        kind = fill(translate("Walk", "data column %1"), repr(column))
    else:
        kind = translate("Walk", "input")
    if is_batch(value) and sample is not None:
        kind += ", " + fill(
            translate("Walk", "sample %1 of %2"), sample + 1, np.asarray(value).size
        )
    return f"{sym(label)} = {num(value, sample)} ({kind})"


def forward_display_text(
    label: str,
    spec: OpSpec,
    inputs: Sequence[tuple[str, float, Array]],
    value: Array,
    sample: int | None,
) -> str:
    """A computed node's forward step, e.g. ``c = a + b = 2 + 1 = 3`` or
    ``a₁ = tanh(h₁) = tanh(0.1) = 0.0997``. ``inputs`` are (label, weight, value) per edge."""
    sym_args, num_args, negative = [], [], []
    for in_label, weight, in_value in inputs:
        value_text = num(in_value, sample)
        s, n = sym(in_label), value_text
        # In a sum a negative weight reads as a subtraction: 0.6·x₁ − 0.7·x₂.
        flip = spec.name == "add" and weight < 0 and len(sym_args) > 0
        w = abs(weight) if flip else weight
        if w != 1.0:
            s = f"{number(w)}·{s}"
            n = f"{number(w)}·{factor(value_text)}"
        elif spec.name in INFIX and len(num_args) > 0:
            n = factor(value_text)
        sym_args.append(s)
        num_args.append(n)
        negative.append(flip)
    if spec.name == "add":
        symbolic, numeric = sym_args[0], num_args[0]
        for s, n, flip in zip(sym_args[1:], num_args[1:], negative[1:], strict=True):
            joiner = " − " if flip else " + "
            symbolic, numeric = symbolic + joiner + s, numeric + joiner + n
    elif spec.name in INFIX:
        joiner = INFIX[spec.name]
        symbolic, numeric = joiner.join(sym_args), joiner.join(num_args)
    elif spec.name == "neg":
        symbolic, numeric = f"−{sym_args[0]}", f"−{factor(num_args[0])}"
    else:
        symbolic = f"{spec.name}({', '.join(sym_args)})"
        numeric = f"{spec.name}({', '.join(num_args)})"
    return f"{sym(label)} = {symbolic} = {numeric} = {num(value, sample)}"


def local_derivative_lines(
    label: str,
    spec: OpSpec,
    inputs: Sequence[tuple[str, str, Array | None]],
    sample: int | None,
) -> list[str]:
    """One line per input edge: ``∂f/∂c = product of the other inputs = 2``.

    ``inputs`` are (input label, port, local derivative or None when not yet known)."""
    lines = []
    for in_label, port, local in inputs:
        formula = spec.derivatives.get(port, "?")
        line = f"{partial(label, in_label)} = {formula}"
        if local is not None:
            value = num(local, sample)
            if value != formula:
                line += f" = {value}"
        lines.append(line)
    return lines
