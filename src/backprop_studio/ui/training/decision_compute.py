"""What the decision-region plot computes, without Qt: the model's prediction over the input
plane.

It applies to a graph whose prediction reads **exactly two data columns** (the loss node's
ports other than ``target``, traced back to ``input`` nodes on data columns). A grid of
``GRID`` x ``GRID`` points spanning the data (plus a margin) replaces those two columns in a
copy of the graph (the other columns are zeros), compiled once per graph revision; each
refresh is one forward pass of that copy at the given trainable values ``theta``:

- for ``cross_entropy`` and ``binary_cross_entropy`` the predicted class per grid point
  (the classification read-out of core/training/classify.py);
- for any other loss the predicted value (what reaches the loss's ``prediction`` port).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core.engine.plan import Plan, compile_plan
from ...core.model.errors import BackpropError
from ...core.model.fileio import graph_from_dict, graph_to_dict
from ...core.model.graph import Graph
from ...core.training.classify import classification, is_classification

GRID = 80
MARGIN = 0.15  # of the data's extent, on every side

Array = np.ndarray


@dataclass(frozen=True)
class DecisionSetup:
    """The two input columns (x, y of the plane) and the target column, if any."""

    x_column: str
    y_column: str
    target_column: str | None


def decision_setup(graph: Graph) -> DecisionSetup | None:
    """The setup for ``graph``, or None when its prediction does not read two data columns."""
    loss = graph.loss_node()
    if loss is None or not graph.has_node(loss):
        return None
    target_column = None
    starts = []
    for e in graph.in_edges(loss):
        if e.port == "target":
            source = graph.node(e.source)
            if source.op == "input" and source.column in graph.data:
                target_column = source.column
        else:
            starts.append(e.source)
    columns: set[str] = set()
    for nid in graph.upstream(starts):  # the starts and their ancestors, one walk
        node = graph.node(nid)
        if node.op == "input" and node.column is not None:
            columns.add(node.column)
    if len(columns) != 2 or any(c not in graph.data or c == target_column for c in columns):
        return None
    first, second = sorted(columns)  # x1 across, x2 up
    return DecisionSetup(first, second, target_column)


@dataclass
class DecisionGrid:
    """The plane's grid and the compiled copy of the graph that evaluates it."""

    setup: DecisionSetup
    xs: Array  # GRID values across
    ys: Array  # GRID values up
    plan: Plan

    @property
    def classifies(self) -> bool:
        return is_classification(self.plan)

    def predict(self, theta: Array | None = None) -> Array:
        """(GRID, GRID) predictions, axis 0 across (x), axis 1 up (y): a class index per
        point for a classification loss, else the predicted value."""
        if self.classifies:
            found = classification(self.plan, theta)
            assert found is not None
            out = found.predicted.astype(float)
        else:
            result = self.plan.run(theta, backward=False)
            ins = self.plan.inputs[self.plan.loss_index]
            weights = self.plan.weights.copy()
            if theta is not None:
                for eid, w in self.plan.theta_dicts(np.asarray(theta, dtype=float))[1].items():
                    weights[self.plan.edge_index[eid]] = w
            first = next(ie for ie in ins if ie.port == "prediction")
            value = np.asarray(result.values[self.plan.order[first.source]], dtype=float)
            out = weights[first.index] * value
        return np.broadcast_to(out, (self.xs.size * self.ys.size,)).reshape(
            self.xs.size, self.ys.size
        )


def build_grid(graph: Graph, setup: DecisionSetup, size: int = GRID) -> DecisionGrid | None:
    """The grid over the data's extent and the compiled copy (None if it cannot compile)."""
    x = np.asarray(graph.data[setup.x_column], dtype=float)
    y = np.asarray(graph.data[setup.y_column], dtype=float)
    xs, ys = _span(x, size), _span(y, size)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    raw = graph_to_dict(graph)
    raw.pop("groups", None)
    n = gx.size
    raw["data"] = {name: [0.0] * n for name in graph.data}
    raw["data"][setup.x_column] = gx.ravel().tolist()
    raw["data"][setup.y_column] = gy.ravel().tolist()
    try:
        plan = compile_plan(graph_from_dict(raw, "<decision regions>"))
    except BackpropError:
        return None
    return DecisionGrid(setup, xs, ys, plan)


def _span(values: Array, size: int) -> Array:
    lo, hi = (float(values.min()), float(values.max())) if values.size else (-1.0, 1.0)
    pad = MARGIN * (hi - lo) if hi > lo else 1.0
    return np.linspace(lo - pad, hi + pad, size)
