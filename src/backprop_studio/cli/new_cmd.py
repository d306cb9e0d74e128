"""``backprop-studio new --expression EXPR [--value NAME=V ...] --output F``: a new graph file.

The expression is parsed by core/model/expression.py (nothing is executed): each name becomes a
parameter node (its value from ``--value``, default 1), each number an input, the result the
loss node. A malformed or code-like expression exits with status 2 and one line naming the
column. The kinds of new graph (``--expression``, ...) exclude one another.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.model.errors import BackpropError
from ..core.model.expression import expression_graph, parse_values
from ..core.model.fileio import save_graph


class NewError(BackpropError):
    """A bad option value or an output that cannot be written."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="write a new graph file from an expression",
        description="Write a new .bpgraph file. --expression '(a+b)*(b+1)' makes each name a "
        "parameter, each number an input and the result the loss.",
    )
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--expression", metavar="EXPR", help="arithmetic such as '(a+b)*(b+1)'")
    p.add_argument(
        "--value",
        metavar="NAME=V",
        action="append",
        default=[],
        help="a name's starting value (default 1); repeat for several names",
    )
    p.add_argument("--title", help="the graph's title (default: the expression)")
    p.add_argument("--output", "-o", metavar="F", required=True, help="the .bpgraph file to write")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    values = parse_values(args.value)
    graph = expression_graph(args.expression, values, title=args.title)
    target = Path(args.output)
    if not target.resolve().parent.is_dir():
        raise NewError(f"cannot write {args.output}: folder {target.resolve().parent} is missing")
    if target.is_dir():
        raise NewError(f"cannot write {args.output}: it is a folder")
    try:
        save_graph(graph, target)
    except OSError as exc:
        raise NewError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    names = [n.id for n in graph.nodes() if n.op == "parameter"]
    print(
        f"wrote {args.output}: {len(graph)} nodes, {graph.edge_count()} edges, "
        f"output {graph.loss}" + (f", parameters {', '.join(names)}" if names else "")
    )
    return 0
