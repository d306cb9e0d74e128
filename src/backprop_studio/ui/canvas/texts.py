"""What a node's two reading rows say: value and gradient, in the compact number format.

A :class:`Reading` is one row of a node: a short dim tag on the left ("value", "grad",
"mean of 4" for a batch) and a number on the right, plus a style the painter maps to colours
and fonts. Scalars use :func:`core.trace.fmt_number`; a batch is summarised as its mean and
its shape, the full values going into the tooltip via :func:`core.trace.fmt_value`. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QCoreApplication

from ...core.engine.trace import fmt_number, fmt_value
from ...core.model.graph import Graph, Node
from ...core.ops import OpSpec
from ...core.walk.text import partial

# styles a painter knows
NORMAL = "normal"  # a value
MUTED = "muted"  # nothing known yet
FINAL = "final"  # a complete gradient
PARTIAL = "partial"  # a partial sum of a gradient (stepper)
PREVIEW = "preview"  # a value training is changing right now


@dataclass(frozen=True)
class Reading:
    """One row of a node: ``tag`` (dim, left), ``text`` (right), ``style``, full ``detail``."""

    tag: str
    text: str
    style: str = NORMAL
    detail: str = ""


EMPTY_VALUE = Reading("value", "–", MUTED)
EMPTY_GRAD = Reading("grad", "–", MUTED)


def summarise(v: object) -> tuple[int | None, str]:
    """(batch size or None, number): ``(None, "3")`` for a scalar, ``(4, "0.25")`` for a
    batch of 4, whose number is its mean."""
    a = np.asarray(v, dtype=float)
    if a.ndim == 0:
        return None, fmt_number(float(a))
    return a.size, fmt_number(float(a.mean())) if a.size else "–"


def value_reading(v: object, style: str = NORMAL) -> Reading:
    """``value 3``, or ``mean of 4  0.25`` for a batch."""
    n, number = summarise(v)
    tag = "value" if n is None else f"mean of {n}"
    return Reading(tag, number, style, fmt_value(np.asarray(v, dtype=float)))


def grad_reading(g: object, style: str = FINAL) -> Reading:
    """``grad 2``, or ``grad mean  0.1`` for a per-sample gradient."""
    n, number = summarise(g)
    tag = "partial" if style == PARTIAL else "grad"
    if n is not None:
        tag += " mean"
    return Reading(tag, number, style, fmt_value(np.asarray(g, dtype=float)))


def shorter_numbers(text: str) -> list[str]:
    """The number in ``text`` with 3, 2 and 1 significant digits, for a card too narrow for
    it (the full number is in the tooltip); nothing when ``text`` is not a number."""
    try:
        x = float(text)
    except ValueError:
        return []
    return [f"{x:.{digits}g}" for digits in (3, 2, 1)]


def text_reading(tag: str, text: str, style: str) -> Reading:
    """A reading from ready-made text (the stepper's overlay gives strings)."""
    return Reading(tag, text, style, text)


def source_reading(node: Node, graph: Graph) -> Reading:
    """The value an input or parameter holds before any evaluation."""
    if node.op == "input" and node.column is not None:
        column = graph.data.get(node.column)
        if column is None:
            detail = QCoreApplication.translate("Canvas", "data column %1").replace(
                "%1", repr(node.column)
            )
            return Reading("column", f"{node.column} ?", MUTED, detail)
        if not column:
            detail = QCoreApplication.translate("Canvas", "data column %1 (empty)").replace(
                "%1", repr(node.column)
            )
            return Reading("column", node.column, MUTED, detail)
        reading = value_reading(column)
        detail = QCoreApplication.translate("Canvas", "data column %1: %2").replace(
            "%1", repr(node.column)
        )
        return replace(reading, detail=detail.replace("%2", reading.detail))
    if node.value is None:
        return Reading("value", "?", MUTED, QCoreApplication.translate("Canvas", "no value yet"))
    return value_reading(node.value)


def node_tooltip(
    title: str,
    spec: OpSpec,
    node_id: str,
    value: Reading,
    grad: Reading,
    extra: str = "",
    error: str | None = None,
    loss_name: str = "",
) -> str:
    """A node card's tooltip (rich text): name, op and formula, full value and gradient,
    ``extra`` lines (the stepper's local derivatives) and the problem, if any. The gradient
    names the real loss node (``∂f/∂b``) when ``loss_name`` is given."""
    lines = [f"<b>{_esc(title)}</b> &nbsp;<i>{_esc(spec.title)}</i> (id {_esc(node_id)})"]
    lines.append(_esc(spec.tooltip()).replace("\n", "<br>"))
    if value.detail:
        lines.append(
            QCoreApplication.translate("Canvas", "value: %1").replace("%1", _esc(value.detail))
        )
    if grad.detail:
        kind = (
            QCoreApplication.translate("Canvas", "partial gradient")
            if grad.style == PARTIAL
            else QCoreApplication.translate("Canvas", "gradient")
        )
        if loss_name:
            kind += f" {partial(loss_name, title)}"
        lines.append(f"{kind}: {_esc(grad.detail)}")
    if extra:
        lines.append(_esc(extra).replace("\n", "<br>"))
    if error:
        lines.append(f"<span style='color:#dc2626'><b>problem:</b> {_esc(error)}</span>")
    return "<br>".join(lines)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
