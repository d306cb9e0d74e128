"""Gradient check: the engine's gradients against central finite differences.

For every trainable parameter and trainable edge weight (or, with ``everything=True``, every
parameter and every edge weight) the check nudges the value by ``±h`` and compares

    numeric = (L(θ + h) − L(θ − h)) / 2h        with h = eps · max(1, |θ|)

with the engine's analytic dL/dθ. The relative error of one item is

    |analytic − numeric| / max(|analytic|, |numeric|, floor),   floor = 1e-4 · max(1, |L|)

The floor stops gradients that are zero up to rounding (finite differences of a loss of size
L carry an error around 1e-16 · L / h) from counting as 100 % wrong; a real mistake on a
gradient larger than the floor shows up in full. The report gives every item's row and the
worst relative error; ``backprop-studio check`` turns it into an exit status.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..model.errors import BackpropError
from ..model.fileio import graph_from_dict, graph_to_dict
from ..model.graph import Graph
from .plan import Plan, compile_plan

DEFAULT_EPS = 1e-5
DEFAULT_TOLERANCE = 1e-4
FLOOR = 1e-4


@dataclass(frozen=True)
class CheckRow:
    """One checked item: a parameter node or an edge weight."""

    kind: str  # "parameter" or "edge"
    id: str
    value: float
    trainable: bool
    analytic: float
    numeric: float
    absolute_error: float
    relative_error: float

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "value": self.value,
            "trainable": self.trainable,
            "analytic": self.analytic,
            "numeric": self.numeric,
            "absolute_error": self.absolute_error,
            "relative_error": self.relative_error,
        }


@dataclass
class GradCheckReport:
    """Every row, the loss, and the worst relative error (nan counts as the worst)."""

    loss: float
    eps: float
    engine: str
    rows: list[CheckRow] = field(default_factory=list)

    @property
    def worst(self) -> CheckRow | None:
        if not self.rows:
            return None
        return max(
            self.rows, key=lambda r: math.inf if math.isnan(r.relative_error) else r.relative_error
        )

    @property
    def worst_relative_error(self) -> float:
        worst = self.worst
        return 0.0 if worst is None else worst.relative_error

    def passed(self, tolerance: float = DEFAULT_TOLERANCE) -> bool:
        """True when every item's relative error is at most ``tolerance`` (none is nan)."""
        return all(r.relative_error <= tolerance for r in self.rows)


class GradCheckError(BackpropError):
    """The check cannot run (e.g. the loss is not a finite number at the current values)."""


def relative_error(analytic: float, numeric: float, loss: float) -> float:
    """|a − n| / max(|a|, |n|, 1e-4 · max(1, |L|)); nan if either is nan or infinite."""
    if not (math.isfinite(analytic) and math.isfinite(numeric)):
        return math.nan
    floor = FLOOR * max(1.0, abs(loss))
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric), floor)


def gradient_check(
    graph: Graph,
    *,
    everything: bool = False,
    eps: float = DEFAULT_EPS,
    path: str = "auto",
) -> GradCheckReport:
    """Check the gradients of the graph as it is (its current values and weights).

    ``everything``: also parameters and edge weights that are not trainable. ``path``: which
    engine computes the analytic gradients and the nudged losses (see ``compile_plan``)."""
    if not eps > 0:
        raise ValueError("eps must be positive")
    trainable_nodes, trainable_edges = graph.trainables()
    trainable = {("parameter", n) for n in trainable_nodes} | {("edge", e) for e in trainable_edges}
    if everything:
        graph = _all_trainable(graph)
    plan = compile_plan(graph, path)
    theta = plan.theta()
    loss, analytic = plan.loss_and_grad(theta)
    if not math.isfinite(loss):
        raise GradCheckError(
            f"the loss ({plan.loss_node}) is {loss} at the current values, so there is no "
            "gradient to check"
        )
    report = GradCheckReport(loss=float(loss), eps=eps, engine=plan.path)
    kinds = ["parameter" if kind == "node" else "edge" for kind, _ in plan.trainable_ids]
    for k, ((_, item), kind) in enumerate(zip(plan.trainable_ids, kinds, strict=True)):
        numeric = _central_difference(plan, theta, k, eps)
        a = float(analytic[k])
        report.rows.append(
            CheckRow(
                kind=kind,
                id=item,
                value=float(theta[k]),
                trainable=(kind, item) in trainable,
                analytic=a,
                numeric=numeric,
                absolute_error=abs(a - numeric),
                relative_error=relative_error(a, numeric, loss),
            )
        )
    return report


def _central_difference(plan: Plan, theta: np.ndarray, k: int, eps: float) -> float:
    h = eps * max(1.0, abs(float(theta[k])))
    up, down = theta.copy(), theta.copy()
    up[k] += h
    down[k] -= h
    h2 = up[k] - down[k]  # the step actually taken, after rounding
    return (plan.run(up, backward=False).loss - plan.run(down, backward=False).loss) / h2


def _all_trainable(graph: Graph) -> Graph:
    """A copy of the graph with every parameter and every edge weight trainable (but the
    edges into a label port, a class index, which no finite difference can move)."""
    copy = graph_from_dict(graph_to_dict(graph))
    for node in copy.nodes():
        if node.op == "parameter" and not node.trainable:
            copy.update_node(node.id, trainable=True)
    for edge in copy.edges():
        port = copy.node(edge.target).spec.port(edge.port)
        if not edge.trainable and not (port is not None and port.label):
            copy.update_edge(edge.id, trainable=True)
    return copy
