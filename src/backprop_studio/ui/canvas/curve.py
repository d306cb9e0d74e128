"""The edge curve: a cubic Bézier from an output port to an input port, in plain floats
(and, for many edges at once, in numpy arrays: ``curves_between``).

Kept free of Qt objects so that building thousands of edges (and placing their weight pills)
is cheap: QPointF arithmetic from Python costs several microseconds per operation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# How far the control points reach out of the ports: half the horizontal distance, at least
# REACH_MIN; an edge running backwards (target left of source) loops out between BACK_MIN and
# BACK_MAX. ``Curve.between`` (one edge) and ``curves_between`` (arrays) both follow them.
REACH_MIN = 40.0
BACK_MIN = 80.0
BACK_MAX = 200.0


class Curve(NamedTuple):
    """Start, two control points, end."""

    x1: float
    y1: float
    cx1: float
    cy1: float
    cx2: float
    cy2: float
    x2: float
    y2: float

    @classmethod
    def between(cls, x1: float, y1: float, x2: float, y2: float) -> Curve:
        """A left-to-right S curve; an edge running backwards loops out wider."""
        dx = x2 - x1
        half = abs(dx) * 0.5
        reach = max(half, REACH_MIN) if dx >= 0 else max(BACK_MIN, min(half, BACK_MAX))
        return cls(x1, y1, x1 + reach, y1, x2 - reach, y2, x2, y2)

    def at(self, t: float) -> tuple[float, float]:
        s = 1.0 - t
        a, b, c, d = s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t
        return (
            a * self.x1 + b * self.cx1 + c * self.cx2 + d * self.x2,
            a * self.y1 + b * self.cy1 + c * self.cy2 + d * self.y2,
        )

    def tangent(self, t: float) -> tuple[float, float]:
        s = 1.0 - t
        a, b, c = 3 * s * s, 6 * s * t, 3 * t * t
        return (
            a * (self.cx1 - self.x1) + b * (self.cx2 - self.cx1) + c * (self.x2 - self.cx2),
            a * (self.cy1 - self.y1) + b * (self.cy2 - self.cy1) + c * (self.y2 - self.cy2),
        )

    def split(self, t: float) -> tuple[Curve, Curve]:
        """The two halves of the curve at ``t`` (de Casteljau)."""
        x01, y01 = _lerp(self.x1, self.y1, self.cx1, self.cy1, t)
        x12, y12 = _lerp(self.cx1, self.cy1, self.cx2, self.cy2, t)
        x23, y23 = _lerp(self.cx2, self.cy2, self.x2, self.y2, t)
        xa, ya = _lerp(x01, y01, x12, y12, t)
        xb, yb = _lerp(x12, y12, x23, y23, t)
        xm, ym = _lerp(xa, ya, xb, yb, t)
        return (
            Curve(self.x1, self.y1, x01, y01, xa, ya, xm, ym),
            Curve(xm, ym, xb, yb, x23, y23, self.x2, self.y2),
        )

    def pieces(self, n: int) -> list[Curve]:
        """The curve cut into ``n`` consecutive pieces of equal parameter length."""
        out = []
        rest = self
        for k in range(n, 1, -1):
            head, rest = rest.split(1.0 / k)
            out.append(head)
        out.append(rest)
        return out

    def bounds(self) -> tuple[float, float, float, float]:
        """A box holding the curve (its control polygon's box): x0, y0, x1, y1."""
        xs = (self.x1, self.cx1, self.cx2, self.x2)
        ys = (self.y1, self.cy1, self.cy2, self.y2)
        return min(xs), min(ys), max(xs), max(ys)


def _lerp(ax: float, ay: float, bx: float, by: float, t: float) -> tuple[float, float]:
    return ax + (bx - ax) * t, ay + (by - ay) * t


def curves_between(x1: np.ndarray, y1: np.ndarray, x2: np.ndarray, y2: np.ndarray) -> np.ndarray:
    """``Curve.between`` for many edges at once: an (m, 8) array of x1, y1, cx1, cy1, cx2,
    cy2, x2, y2 rows from the ends' coordinate arrays."""
    dx = x2 - x1
    half = np.abs(dx) * 0.5
    reach = np.where(dx >= 0, np.maximum(half, REACH_MIN), np.clip(half, BACK_MIN, BACK_MAX))
    return np.stack([x1, y1, x1 + reach, y1, x2 - reach, y2, x2, y2], axis=1)
