"""``backprop-studio eval FILE [--json]``: loss, values, gradients and the chain-rule terms.

A number that is not finite (an overflow, 0 * inf ...) is printed as ``null`` in the JSON,
which then also has ``"warnings"``: one ``{"kind": "node" | "edge", "id", "field": "value" |
"grad"}`` per non-finite value or gradient (and ``{"kind": "loss", ...}`` for the loss). The
text output names them on a ``warning:`` line.
"""

from __future__ import annotations

import argparse
import math
import warnings
from typing import Any

from ..core.engine.floats import evaluate_floats
from ..core.engine.result import Result
from ..core.engine.trace import fmt_number, fmt_value, to_plain
from ..core.lazy import np
from ..core.model.errors import one_line
from ..core.model.graph import Graph
from .output import load, print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="forward and backward pass: values, gradients, chain-rule terms",
        description="Evaluate FILE: the loss, every node's value and gradient, "
        "every edge's weight and gradient, and the chain-rule terms in visit order.",
    )
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run, quiet_numbers=True)  # run silences numpy itself


def non_finite(graph: Graph, result: Result) -> list[dict[str, str]]:
    """What is not a finite number: the loss, node values and gradients, edge gradients."""
    found = []
    if not _finite(result.loss):
        found.append({"kind": "loss", "id": result.loss_node, "field": "value"})
    for n in graph.nodes():
        for field, v in (("value", result.values[n.id]), ("grad", result.grads[n.id])):
            if not _finite(v):
                found.append({"kind": "node", "id": n.id, "field": field})
    for e in graph.edges():
        if not _finite(result.edge_grads[e.id]):
            found.append({"kind": "edge", "id": e.id, "field": "grad"})
    return found


def _finite(v: Any) -> bool:
    """A number (or every number of a batch) is finite; a float is checked without numpy."""
    if isinstance(v, float):
        return math.isfinite(v)
    return bool(np.isfinite(v).all())


def evaluate_file_graph(graph: Graph) -> Result:
    """The pass ``eval`` prints: on floats where the graph allows it, else the plan's."""
    result = evaluate_floats(graph)
    if result is not None:
        return result
    from ..core.engine.plan import evaluate

    return evaluate(graph, record=True)


def warning_line(found: list[dict[str, str]], limit: int = 8) -> str:
    """``warning: not finite: value of p, L; gradient of w (and 3 more)``."""
    parts = []
    for kind, field, title in (
        ("loss", "value", "the loss"),
        ("node", "value", "value of"),
        ("node", "grad", "gradient of"),
        ("edge", "grad", "gradient of edge"),
    ):
        ids = [w["id"] for w in found if w["kind"] == kind and w["field"] == field]
        if ids:
            more = f" (and {len(ids) - limit} more)" if len(ids) > limit else ""
            shown = "" if kind == "loss" else " " + ", ".join(ids[:limit])
            parts.append(f"{title}{shown}{more}")
    return "warning: not a finite number: " + "; ".join(parts)


def eval_json(graph: Graph, result: Result) -> dict:
    out = {
        "loss": result.loss,
        "nodes": {
            nid: {"value": to_plain(result.values[nid]), "grad": to_plain(result.grads[nid])}
            for nid in (n.id for n in graph.nodes())
        },
        "edges": {
            e.id: {"weight": e.weight, "grad": result.edge_grads[e.id]} for e in graph.edges()
        },
        "steps": [t.as_json() for t in result.trace],
    }
    found = non_finite(graph, result)
    if found:
        out["warnings"] = found
    return out


def run(args: argparse.Namespace) -> int:
    # numpy, where it is imported at all, reports an overflow as a RuntimeWarning: the
    # verb reports it itself (null and "warnings"), so the warning text is silenced
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    graph = load(args.file)
    result = evaluate_file_graph(graph)
    if args.json:
        print_json(eval_json(graph, result))
        return 0
    print(f"{graph.title or args.file}")
    print(f"loss ({result.loss_node}) = {fmt_number(result.loss)}")
    found = non_finite(graph, result)
    if found:
        print(one_line(warning_line(found), 2000))
    print()
    print_table(
        ["node", "op", "value", "gradient"],
        [
            [n.id, n.op, fmt_value(result.values[n.id]), fmt_value(result.grads[n.id])]
            for n in graph.nodes()
        ],
    )
    print()
    print_table(
        ["edge", "from", "to", "port", "weight", "gradient"],
        [
            [
                e.id,
                e.source,
                e.target,
                e.port,
                fmt_number(e.weight),
                fmt_number(result.edge_grads[e.id]),
            ]
            for e in graph.edges()
        ],
    )
    print(
        f"\nbackward pass: {result.edges_visited} of {len(graph.edges())} edges visited, each once"
    )
    for t in result.trace:
        print(f"  {t.index + 1:>3}. [{t.edge}] {t.text}")
    return 0
