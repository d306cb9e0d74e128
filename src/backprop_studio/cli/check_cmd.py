"""``backprop-studio check FILE [--json]``: the engine's gradients against finite differences.

Exit status: 0 when the worst relative error is at most ``--tolerance``, 1 when it is not,
2 when the file cannot be loaded or evaluated. With ``--json``::

    {"passed": true, "tolerance": 1e-4, "eps": 1e-5, "engine": "scalar", "loss": 36.0,
     "worst_relative_error": 3e-11, "worst": {"kind": "parameter", "id": "w"} | null,
     "items": [{"kind": "parameter" | "edge", "id": "w", "value": 2.0, "trainable": true,
                "analytic": -36.0, "numeric": -36.0000000002, "absolute_error": 2e-10,
                "relative_error": 5e-12}]}
"""

from __future__ import annotations

import argparse

from ..core.engine.choose import PATHS
from ..core.engine.gradcheck import DEFAULT_EPS, DEFAULT_TOLERANCE, GradCheckReport, gradient_check
from ..core.engine.trace import fmt_number
from .output import load, print_json, print_table


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="gradient check: the engine's gradients against finite differences",
        description="Compare dL/d(theta) from the engine with central finite differences for "
        "every trainable parameter and trainable edge weight of FILE. Exit status 0 when the "
        "worst relative error is at most the tolerance, 1 when it is not, 2 on bad input.",
    )
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--tolerance",
        type=_positive,
        default=DEFAULT_TOLERANCE,
        metavar="TOL",
        help=f"largest relative error that passes (default {DEFAULT_TOLERANCE:g})",
    )
    p.add_argument(
        "--eps",
        type=_positive,
        default=DEFAULT_EPS,
        help=f"finite-difference step, times max(1, |value|) (default {DEFAULT_EPS:g})",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="check every parameter and every edge weight, trainable or not",
    )
    p.add_argument(
        "--engine",
        choices=PATHS,
        default="auto",
        help="engine for the passes (default: the one the app picks for this graph)",
    )
    p.set_defaults(func=run)


def check_json(report: GradCheckReport, tolerance: float) -> dict:
    worst = report.worst
    return {
        "passed": report.passed(tolerance),
        "tolerance": tolerance,
        "eps": report.eps,
        "engine": report.engine,
        "loss": report.loss,
        "worst_relative_error": report.worst_relative_error,
        "worst": None if worst is None else {"kind": worst.kind, "id": worst.id},
        "items": [r.as_json() for r in report.rows],
    }


def run(args: argparse.Namespace) -> int:
    graph = load(args.file)
    report = gradient_check(graph, everything=args.all, eps=args.eps, path=args.engine)
    passed = report.passed(args.tolerance)
    if args.json:
        print_json(check_json(report, args.tolerance))
        return 0 if passed else 1
    print(f"{graph.title or args.file}")
    print(f"loss = {fmt_number(report.loss)}   engine: {report.engine}   step: {args.eps:g}\n")
    if not report.rows:
        print(
            "nothing to check: no trainable parameter or edge weight "
            "(--all checks every parameter and edge weight)"
        )
        return 0
    print_table(
        ["kind", "id", "value", "analytic", "numeric", "rel. error", "result"],
        [
            [
                r.kind + ("" if r.trainable else " (fixed)"),
                r.id,
                fmt_number(r.value),
                f"{r.analytic:.10g}",
                f"{r.numeric:.10g}",
                f"{r.relative_error:.2e}",
                "ok" if r.relative_error <= args.tolerance else "FAIL",
            ]
            for r in report.rows
        ],
    )
    worst = report.worst
    assert worst is not None
    verdict = "passed" if passed else "FAILED"
    print(
        f"\nworst relative error: {report.worst_relative_error:.2e} ({worst.kind} {worst.id}); "
        f"tolerance {args.tolerance:g}: {verdict} ({len(report.rows)} checked)"
    )
    return 0 if passed else 1
