"""The Trace: one :class:`ChainTerm` per edge visited by the backward pass.

A term is the chain rule applied along one edge u -> v::

    dL/du += dL/dv * dv/du * w        (contribution = upstream * local * weight)

Where several edges leave u, dL/du is the sum of their contributions (the sum rule); the term
records the partial sum after it and whether it completed u's gradient, so a viewer can show
``dL/db = 2 + 3 = 5`` as it forms. The step-through UI reads terms; it never recomputes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from ..lazy import np


def fmt_number(x: float) -> str:
    """Compact, exact-looking number text: 2, 0.5, -1.25, 3.333, 1.2e-05."""
    x = float(x)
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return "nan" if math.isnan(x) else ("∞" if x > 0 else "−∞")
    if abs(x) >= 1e5 or abs(x) < 1e-3:
        return f"{x:.3g}"
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def fmt_value(v: np.ndarray | float) -> str:
    """A scalar as a number, a short batch in full, a long batch summarised."""
    if isinstance(v, float | int):  # a float engine's number (no numpy needed)
        return fmt_number(v)
    a = np.asarray(v, dtype=float)
    if a.ndim == 0:
        return fmt_number(float(a))
    if a.size <= 4:
        return "[" + ", ".join(fmt_number(x) for x in a) + "]"
    return f"[{fmt_number(a[0])}, {fmt_number(a[1])}, … ] (mean {fmt_number(a.mean())}, n={a.size})"


def to_plain(v: np.ndarray | float) -> float | list[float]:
    """A value as JSON-friendly Python: a float, or a list of floats for a batch."""
    if isinstance(v, float | int):
        return float(v)
    a = np.asarray(v, dtype=float)
    return float(a) if a.ndim == 0 else [float(x) for x in a]


@dataclass(frozen=True)
class ChainTerm:
    """One edge visit of the backward pass."""

    index: int  # position in the visit order
    edge: str
    source: str  # u: receives the contribution
    target: str  # v: its gradient dL/dv is complete when this edge is visited
    port: str
    upstream: np.ndarray  # dL/dv, shape of v's value
    local: np.ndarray  # dv/d(port input), broadcast shape
    weight: float
    contribution: np.ndarray  # added to dL/du, shape of u's value
    weight_grad: float  # dL/dw for this edge (the sum over the batch)
    source_grad: np.ndarray  # dL/du after this term (a partial sum unless completes_source)
    completes_source: bool  # the last edge leaving u: dL/du is final after this term
    labels: tuple[str, str, str] = ("L", "u", "v")  # the loss's, u's and v's display names

    @cached_property
    def text(self) -> str:
        """``dL/da += dL/dc * dc/da = 2 * 1 = 2``, formatted when first read."""
        loss, u, v = self.labels
        return term_text(loss, u, v, self.upstream, self.local, self.weight, self.contribution)

    def as_json(self) -> dict:
        return {
            "edge": self.edge,
            "source": self.source,
            "target": self.target,
            "upstream": to_plain(self.upstream),
            "local": to_plain(self.local),
            "weight": float(self.weight),
            "contribution": to_plain(self.contribution),
            "text": self.text,
        }


def term_text(
    loss: str,
    u: str,
    v: str,
    upstream: np.ndarray,
    local: np.ndarray,
    weight: float,
    contribution: np.ndarray,
) -> str:
    """``dL/da += dL/dc * dc/da = 2 * 1 = 2`` (with ``* w`` when the weight is not 1)."""
    symbolic = f"d{loss}/d{u} += d{loss}/d{v} * d{v}/d{u}"
    numbers = f"{fmt_value(upstream)} * {fmt_value(local)}"
    if weight != 1.0:
        symbolic += " * w"
        numbers += f" * {fmt_number(weight)}"
    return f"{symbolic} = {numbers} = {fmt_value(contribution)}"


def sum_rule_text(loss: str, u: str, contributions: list[np.ndarray], total: np.ndarray) -> str:
    """``df/db = 2 + 3 = 5``: the sum rule for a node several edges leave."""
    parts = " + ".join(fmt_value(c) for c in contributions)
    return f"d{loss}/d{u} = {parts} = {fmt_value(total)}"
