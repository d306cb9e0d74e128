"""Classification read-outs: the predicted class of each sample and the accuracy.

They exist for the classification losses only:

- ``binary_cross_entropy``: the prediction p (what reaches its ``prediction`` port) is a
  probability; the predicted class is 1 where p >= 0.5, else 0, and the true class is 1 where
  the target >= 0.5.
- ``cross_entropy``: the predicted class is the index of the largest logit (edge order = class
  order; the lowest index on a tie), the true class is the target (a class index).

For any other loss :func:`classification` returns None. Values are read from one forward pass
of the plan (``theta`` and ``rows`` as in :meth:`Plan.run`), the edge weights into the loss
included, so the read-out is the one the loss saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine.plan import Plan
from ..model.graph import Graph
from ..ops.losses import predicted_class

Array = np.ndarray
CLASSIFICATION_LOSSES = ("binary_cross_entropy", "cross_entropy")


@dataclass(frozen=True)
class Classification:
    """Per sample: the predicted and the true class; and the share predicted right."""

    predicted: Array  # int, one per sample (a 1-element array without a batch)
    target: Array  # int (-1 where the target is not a valid class)

    @property
    def correct(self) -> Array:
        return self.predicted == self.target

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.correct)) if self.predicted.size else float("nan")


def is_classification(plan: Plan) -> bool:
    """True when the plan's loss is a classification loss."""
    return plan.specs[plan.loss_index].name in CLASSIFICATION_LOSSES


def classification(
    plan: Plan, theta: Array | None = None, rows: Array | None = None
) -> Classification | None:
    """The predicted and true classes at ``theta`` (default: the plan's values), or None when
    the loss does not classify."""
    if not is_classification(plan):
        return None
    values = plan.run(theta, rows, backward=False).values
    weights = plan.weights.copy()
    if theta is not None:
        for eid, w in plan.theta_dicts(np.asarray(theta, dtype=float))[1].items():
            weights[plan.edge_index[eid]] = w
    ins = plan.inputs[plan.loss_index]
    args = [weights[ie.index] * np.asarray(values[plan.order[ie.source]]) for ie in ins]
    return _classes(plan.specs[plan.loss_index].name, args)


def classification_from_values(graph: Graph, values: dict[str, Any]) -> Classification | None:
    """The same read-out from an evaluation's node values (e.g. the document's live result)."""
    loss = graph.loss_node()
    if loss is None or not graph.has_node(loss):
        return None
    op = graph.node(loss).op
    if op not in CLASSIFICATION_LOSSES:
        return None
    ports = graph.node(loss).spec.port_names
    edges = sorted(graph.in_edges(loss), key=lambda e: ports.index(e.port))  # stable
    try:
        args = [e.weight * np.asarray(values[e.source], dtype=float) for e in edges]
    except KeyError:
        return None
    return _classes(op, args)


def _classes(op: str, args: list[Array]) -> Classification:
    args = [np.atleast_1d(a) for a in np.broadcast_arrays(*args)]
    if op == "binary_cross_entropy":
        predicted = (args[0] >= 0.5).astype(int)
        target = (args[1] >= 0.5).astype(int)
    else:
        predicted = predicted_class(args[:-1])
        t = args[-1]
        valid = (np.rint(t) == t) & (t >= 0) & (t < len(args) - 1)
        target = np.where(valid, np.rint(t), -1).astype(int)
    return Classification(predicted=np.asarray(predicted), target=np.asarray(target))


def accuracy(plan: Plan, theta: Array | None = None, rows: Array | None = None) -> float | None:
    """The share of samples whose predicted class is the true one (None: no classification)."""
    found = classification(plan, theta, rows)
    return None if found is None else found.accuracy
