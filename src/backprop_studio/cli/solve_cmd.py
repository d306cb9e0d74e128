"""``backprop-studio solve FILE --parameter ID [--json]``: method 1 of the lesson.

Solves dL/dw = 0 for one parameter (or edge weight) with everything else fixed, where L is
quadratic in it; otherwise says plainly that there is no closed form and lists the stationary
points found numerically. ``--json`` prints the :class:`ClosedFormResult` fields:
``{"parameter", "kind", "current", "current_loss", "closed_form", "value", "loss",
"coefficients", "message", "stationary_points": [{"value", "loss", "kind", "kink"}],
"scan_range"}``.
"""

from __future__ import annotations

import argparse

from ..core.engine.trace import fmt_number
from ..core.model.errors import BackpropError, GraphError
from ..core.training.closed_form import ClosedFormError, solve
from .output import load, print_json, print_table
from .parse_errors import one_line_errors


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "solve",
        help="closed form: solve dL/dw = 0 for one parameter or edge weight",
        description="Solve dL/dw = 0 for one parameter (or edge weight) of FILE, everything "
        "else fixed. Works where L is quadratic in it (w = 4 for the lesson's single weight); "
        "otherwise says so and lists stationary points found numerically.",
    )
    p.add_argument("file")
    p.add_argument(
        "--parameter", required=True, metavar="ID", help="a parameter node id or an edge id"
    )
    p.add_argument(
        "--range",
        type=float,
        nargs=2,
        metavar=("LOW", "HIGH"),
        help="where to look for stationary points when there is no closed form",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)
    one_line_errors(p)


def run(args: argparse.Namespace) -> int:
    graph = load(args.file)
    if args.range is not None and not args.range[0] < args.range[1]:
        raise BackpropError(f"--range needs LOW < HIGH, not {args.range[0]:g} {args.range[1]:g}")
    try:
        result = solve(graph, args.parameter, scan_range=tuple(args.range) if args.range else None)
    except (GraphError, ClosedFormError) as exc:
        raise BackpropError(f"{args.file}: {exc}") from None
    if args.json:
        print_json(result.to_json())
        return 0
    what = "parameter" if result.kind == "node" else "edge weight"
    print(
        f"{args.file}: {what} {result.target} = {fmt_number(result.current)} now, "
        f"L = {fmt_number(result.current_loss)}"
    )
    if result.found or result.scan_range is None:
        print(result.message)
        return 0
    print(result.summary)
    lo, hi = result.scan_range
    where = f"in [{fmt_number(lo)}, {fmt_number(hi)}]"
    if not result.stationary_points:
        print(f"no stationary point found numerically {where}")
        return 0
    print(f"stationary points found numerically {where}:")
    print_table(
        ["kind", result.target, "L"],
        [
            [p.kind + (" (kink)" if p.kink else ""), fmt_number(p.value), fmt_number(p.loss)]
            for p in result.stationary_points
        ],
    )
    return 0
