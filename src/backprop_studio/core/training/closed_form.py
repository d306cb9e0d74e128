"""Method 1 of the lesson: solve dL/dw = 0 for one parameter or edge weight, others fixed.

The loss as a function of the one chosen value is a :class:`LossSlice`. If that function is a
quadratic ``L(w) = a w^2 + b w + c`` (checked by sampling it at points spread over several
scales and requiring an exact quadratic fit of the values *and* of the engine's derivatives),
then ``dL/dw = 2 a w + b = 0`` gives ``w* = -b / (2a)``, a minimum when ``a > 0``: for the
lesson's single weight, ``L = (12 - 3w)^2 = 9w^2 - 72w + 144`` and ``w* = 4``.

Otherwise the answer says plainly that there is no closed form, and lists the stationary
points found numerically: dL/dw is scanned on a grid, every sign change is refined by
bisection, and each point is classified as a minimum or a maximum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..engine.plan import compile_plan
from ..engine.trace import fmt_number
from ..model.errors import BackpropError
from ..model.fileio import graph_from_dict, graph_to_dict
from ..model.graph import Graph
from ..texts import fill, translate

POINT_KINDS = (
    translate("ClosedForm", "minimum"),
    translate("ClosedForm", "maximum"),
)  # for lupdate

Array = np.ndarray

# Offsets (in units of max(1, |w0|)) where the quadratic test samples the loss: several scales,
# asymmetric so that no symmetric function fits by accident.
_SAMPLE_OFFSETS = np.array([-8.0, -3.0, -1.0, -0.4, 0.0, 0.5, 1.3, 2.9, 7.0])
_FIT_TOLERANCE = 1e-8  # relative: residuals of the fit against the largest |L| sampled
_GRAD_TOLERANCE = 1e-6  # relative: engine derivative against the fitted 2aw + b


class ClosedFormError(BackpropError):
    """The chosen id is not something the closed form can solve for."""


class LossSlice:
    """L and dL/dw as functions of one parameter value or edge weight, all else fixed."""

    def __init__(self, graph: Graph, target: str) -> None:
        self.target, self.kind = resolve_target(graph, target)
        copy = graph_from_dict(graph_to_dict(graph), "<copy>")
        for nid in copy.trainables()[0]:
            copy.update_node(nid, trainable=False)
        for eid in copy.trainables()[1]:
            copy.update_edge(eid, trainable=False)
        if self.kind == "node":
            copy.update_node(target, trainable=True)
            self.label = copy.node(target).display_name
        else:
            copy.update_edge(target, trainable=True)
            self.label = f"weight of {target}"
        self.plan = compile_plan(copy)
        self.current = float(self.plan.theta()[0])
        self.evaluations = 0

    def __call__(self, w: float) -> tuple[float, float]:
        """(L(w), dL/dw(w))."""
        self.evaluations += 1
        loss, grad = self.plan.loss_and_grad(np.array([float(w)]))
        return float(loss), float(grad[0])

    def losses(self, ws: Array) -> tuple[Array, Array]:
        """L and dL/dw at many points (for plots and scans)."""
        pairs = [self(w) for w in np.asarray(ws, dtype=float)]
        return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


@dataclass(frozen=True)
class StationaryPoint:
    """A point where dL/dw changes sign: ``kind`` is ``minimum`` or ``maximum``; ``kink`` says
    dL/dw jumps there instead of passing through 0 (e.g. at a relu's corner)."""

    value: float
    loss: float
    kind: str
    kink: bool = False

    def to_json(self) -> dict:
        return {"value": self.value, "loss": self.loss, "kind": self.kind, "kink": self.kink}


@dataclass(frozen=True)
class ClosedFormResult:
    """The answer for one parameter or edge weight."""

    target: str
    kind: str  # "node" (a parameter) or "edge" (a weight)
    label: str
    current: float
    current_loss: float
    found: bool
    message: str  # the whole answer in one line
    value: float | None = None  # w* when found
    loss: float | None = None  # L(w*) when found
    coefficients: tuple[float, float, float] | None = None  # (a, b, c) when quadratic
    stationary_points: list[StationaryPoint] = field(default_factory=list)
    scan_range: tuple[float, float] | None = None
    summary: str = ""  # the message without the list of stationary points

    def to_json(self) -> dict:
        return {
            "parameter": self.target,
            "kind": self.kind,
            "current": self.current,
            "current_loss": _plain(self.current_loss),
            "closed_form": self.found,
            "value": self.value,
            "loss": _plain(self.loss),
            "coefficients": list(self.coefficients) if self.coefficients else None,
            "message": self.message,
            "stationary_points": [p.to_json() for p in self.stationary_points],
            "scan_range": list(self.scan_range) if self.scan_range else None,
        }


def resolve_target(graph: Graph, target: str) -> tuple[str, str]:
    """("node" | "edge", ...) for an id naming a parameter node or an edge; else a clear error."""
    if graph.has_node(target):
        node = graph.node(target)
        if node.op == "parameter":
            return target, "node"
        if not graph.has_edge(target):
            raise ClosedFormError(
                f"node {target!r} is {_article(node.op)} {node.op} node, not a parameter: "
                f"choose a parameter or an edge"
            )
    if graph.has_edge(target):
        return target, "edge"
    params = [n.id for n in graph.nodes() if n.op == "parameter"]
    hint = f" (parameters: {', '.join(params[:12])}{', ...' if len(params) > 12 else ''})"
    raise ClosedFormError(
        f"there is no parameter or edge {target!r}{hint if params else ' (the graph has no parameters)'}"
    )


def solve(
    graph: Graph,
    target: str,
    *,
    scan_range: tuple[float, float] | None = None,
    scan_points: int = 1201,
) -> ClosedFormResult:
    """Solve dL/dw = 0 for ``target`` (a parameter id or an edge id), the rest fixed."""
    f = LossSlice(graph, target)
    w0 = f.current
    loss0, _ = f(w0)
    base = {
        "target": f.target,
        "kind": f.kind,
        "label": f.label,
        "current": w0,
        "current_loss": loss0,
    }
    name = f.label if f.kind == "node" else f"w({f.target})"
    quad = _fit_quadratic(f, w0)
    if quad is not None:
        a, b, c = quad
        formula = f"L = {_poly(a, b, c, name)}"
        scale = max(abs(a), abs(b), abs(c), 1e-300)
        if abs(a) <= 1e-12 * scale:
            if abs(b) <= 1e-12 * max(abs(c), 1.0):
                msg = fill(
                    translate(
                        "ClosedForm", "L does not depend on %1: every value is as good as any other"
                    ),
                    name,
                )
            else:
                msg = fill(
                    translate(
                        "ClosedForm",
                        "L is linear in %1 (%2): dL/d%1 = %3 is never 0, so there is no minimum",
                    ),
                    name,
                    formula,
                    fmt_number(b),
                )
            return ClosedFormResult(**base, found=False, message=msg, coefficients=(a, b, c))
        w_star = -b / (2 * a)
        loss_star, g_star = f(w_star)
        if np.isfinite(g_star):  # one Newton step on the engine's own derivative
            w_star -= g_star / (2 * a)
            loss_star, g_star = f(w_star)
        derivative = f"dL/d{name} = {_poly(0.0, 2 * a, b, name)}"
        if a < 0:
            msg = fill(
                translate(
                    "ClosedForm",
                    "L is quadratic in %1 (%2) but opens downward: %3 = 0 at %1 = %4 is a maximum, "
                    "so there is no minimum",
                ),
                name,
                formula,
                derivative,
                fmt_number(w_star),
            )
            return ClosedFormResult(
                **base, found=False, message=msg, coefficients=(a, b, c), value=None
            )
        msg = fill(
            translate("ClosedForm", "%1; %2 = 0 gives %3 = %4 (L = %5), a minimum"),
            formula,
            derivative,
            name,
            fmt_number(w_star),
            fmt_number(loss_star),
        )
        return ClosedFormResult(
            **base,
            found=True,
            message=msg,
            value=float(w_star),
            loss=float(loss_star),
            coefficients=(a, b, c),
        )

    lo, hi = scan_range if scan_range is not None else default_scan_range(w0)
    points = stationary_points(f, lo, hi, scan_points)
    if points:
        listed = "; ".join(
            fill(
                translate("ClosedForm", "%1 at %2 = %3 (L = %4)"),
                translate("ClosedForm", p.kind),
                name,
                fmt_number(p.value),
                fmt_number(p.loss),
            )
            + (", " + translate("ClosedForm", "a kink") if p.kink else "")
            for p in points
        )
        found_text = fill(
            translate("ClosedForm", "stationary points found numerically in [%1, %2]: %3"),
            fmt_number(lo),
            fmt_number(hi),
            listed,
        )
    else:
        found_text = fill(
            translate("ClosedForm", "no stationary point found numerically in [%1, %2]"),
            fmt_number(lo),
            fmt_number(hi),
        )
    summary = fill(
        translate(
            "ClosedForm",
            "no closed form: L is not a quadratic function of %1, so dL/d%1 = 0 has no formula "
            "solution (use gradient descent)",
        ),
        name,
    )
    return ClosedFormResult(
        **base,
        found=False,
        message=f"{summary}; {found_text}",
        stationary_points=points,
        scan_range=(lo, hi),
        summary=summary,
    )


def default_scan_range(w0: float) -> tuple[float, float]:
    """Where to look for stationary points around the current value."""
    r = max(5.0, 3.0 * abs(w0))
    return w0 - r, w0 + r


def stationary_points(
    f: LossSlice, lo: float, hi: float, points: int = 1201
) -> list[StationaryPoint]:
    """Sign changes of dL/dw on a grid over [lo, hi], refined by bisection."""
    grid = np.linspace(lo, hi, max(int(points), 3))
    losses, grads = f.losses(grid)
    found: list[StationaryPoint] = []
    for i in range(len(grid) - 1):
        g1, g2 = grads[i], grads[i + 1]
        if not (np.isfinite(g1) and np.isfinite(g2)):
            continue
        if g1 == 0.0 and 0 < i and grads[i - 1] * g2 < 0:
            w, before = float(grid[i]), grads[i - 1]
        elif g1 * g2 < 0:
            w, before = _bisect(f, float(grid[i]), float(grid[i + 1]), g1), g1
        else:
            continue
        loss, _ = f(w)
        kind = "minimum" if before < 0 else "maximum"
        # At a smooth stationary point dL/dw is ~0 just beside it; at a corner it jumps.
        delta = 1e-7 * max(1.0, abs(w))
        beside = min(abs(f(w - delta)[1]), abs(f(w + delta)[1]))
        kink = bool(beside > 1e-3 * max(abs(g1), abs(g2), abs(before)))
        found.append(StationaryPoint(value=w, loss=loss, kind=kind, kink=kink))
    return found


def _bisect(f: LossSlice, a: float, b: float, ga: float) -> float:
    for _ in range(200):
        m = 0.5 * (a + b)
        if m in (a, b):
            break
        gm = f(m)[1]
        if gm == 0.0 or not np.isfinite(gm):
            return m
        if (gm < 0) == (ga < 0):
            a, ga = m, gm
        else:
            b = m
    return 0.5 * (a + b)


def _fit_quadratic(f: LossSlice, w0: float) -> tuple[float, float, float] | None:
    """(a, b, c) if L(w) = a w^2 + b w + c fits the samples and derivatives exactly."""
    s = max(1.0, abs(w0))
    u = _SAMPLE_OFFSETS
    losses, grads = f.losses(w0 + s * u)
    if not (np.all(np.isfinite(losses)) and np.all(np.isfinite(grads))):
        return None
    design = np.stack([u * u, u, np.ones_like(u)], axis=1)
    coef, *_ = np.linalg.lstsq(design, losses, rcond=None)
    resid = losses - design @ coef
    if np.max(np.abs(resid)) > _FIT_TOLERANCE * max(np.max(np.abs(losses)), 1e-300):
        return None
    big_a, big_b, big_c = coef  # in u = (w - w0) / s
    fitted_grads = (2 * big_a * u + big_b) / s
    lscale = max(np.max(np.abs(losses)), 1e-300)
    gscale = max(np.max(np.abs(grads)), np.max(np.abs(fitted_grads)), 1e-6 * lscale / s)
    if np.max(np.abs(grads - fitted_grads)) > _GRAD_TOLERANCE * gscale:
        return None
    a = big_a / (s * s)
    b = big_b / s - 2 * a * w0
    c = big_c - big_b * w0 / s + a * w0 * w0
    return float(a), float(b), float(c)


def _poly(a: float, b: float, c: float, name: str) -> str:
    """``9 w² − 72 w + 144`` (terms that are 0 left out)."""
    terms = []
    for coef, suffix in ((a, f" {name}²"), (b, f" {name}"), (c, "")):
        if abs(coef) < 1e-12 * max(abs(a), abs(b), abs(c), 1e-300):
            continue
        text = fmt_number(abs(coef))
        if suffix and text == "1":
            text = ""
        body = (text + suffix).strip()
        if not terms:
            terms.append(body if coef > 0 else f"−{body}")
        else:
            terms.append(f"+ {body}" if coef > 0 else f"− {body}")
    return " ".join(terms) or "0"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _plain(x: float | None) -> float | None:
    return float(x) if x is not None and np.isfinite(x) else None
