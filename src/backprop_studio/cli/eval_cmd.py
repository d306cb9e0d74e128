"""``backprop-studio eval FILE [--json]``: loss, values, gradients and the chain-rule terms."""

from __future__ import annotations

import argparse

from ..core.engine.plan import Result, evaluate
from ..core.engine.trace import fmt_number, fmt_value, to_plain
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
    p.set_defaults(func=run)


def eval_json(graph: Graph, result: Result) -> dict:
    return {
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


def run(args: argparse.Namespace) -> int:
    graph = load(args.file)
    result = evaluate(graph, record=True)
    if args.json:
        print_json(eval_json(graph, result))
        return 0
    print(f"{graph.title or args.file}")
    print(f"loss ({result.loss_node}) = {fmt_number(result.loss)}\n")
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
