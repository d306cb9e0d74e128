"""``backprop-studio new``: write a new ``.bpgraph`` file, ready to open, check and train.

Two ways to say what to build, one of a mutually exclusive group:

- ``new --expression EXPR [--value NAME=V ...] [--title T] --output F``: the expression is parsed
  by core/model/expression.py (nothing is executed): each name becomes a parameter node (its
  value from ``--value``, default 1), each number an input, the result the loss node. A
  malformed or code-like expression exits with status 2 and one line naming the column.
- ``new --mlp 2,4,1 [--activation tanh] [--classes K] [--seed S] --output F`` builds a whole
  multi-layer perceptron (core/model/build_mlp.py): inputs on data columns x1..xn, a target
  column y, a small generated data set that fits the sizes (XOR for two inputs), the loss (mse,
  or cross_entropy with ``--classes K`` output logits), training settings and a layout;
  ``backprop-studio check F`` passes on it.

An existing F is kept unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.model.build_mlp import ACTIVATIONS, build_mlp, parse_sizes
from ..core.model.errors import BackpropError
from ..core.model.expression import expression_graph, parse_values
from ..core.model.fileio import save_graph
from ..core.model.graph import Graph
from .parse_errors import one_line_errors


class NewError(BackpropError):
    """A bad option value or an output that cannot be written."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="write a new graph file (from an expression, or a network from layer sizes)",
        description="Write a new .bpgraph file. --expression '(a+b)*(b+1)' makes each name a "
        "parameter, each number an input and the result the loss; --mlp 2,4,1 makes a dense "
        "network ready to check and train.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--expression", metavar="EXPR", help="arithmetic such as '(a+b)*(b+1)'")
    what.add_argument(
        "--mlp",
        metavar="SIZES",
        help="layer sizes from inputs to outputs, e.g. 2,4,1 (a dense network)",
    )
    expr = p.add_argument_group("--expression options")
    expr.add_argument(
        "--value",
        metavar="NAME=V",
        action="append",
        default=[],
        help="a name's starting value (default 1); repeat for several names",
    )
    expr.add_argument("--title", help="the graph's title (default: the expression)")
    mlp = p.add_argument_group("--mlp options")
    mlp.add_argument("--activation", choices=ACTIVATIONS, default="tanh", type=str.lower)
    mlp.add_argument(
        "--classes",
        type=int,
        metavar="K",
        help="classify into K classes with cross_entropy (the last size must be K); "
        "without it the loss is mse on one output",
    )
    mlp.add_argument("--seed", type=int, default=0, metavar="S", help="weights and data seed")
    p.add_argument("--output", "-o", metavar="F", required=True, help="the .bpgraph file to write")
    p.add_argument("--force", action="store_true", help="replace F if it exists")
    p.set_defaults(func=run)
    one_line_errors(p)


def run(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if target.is_dir():
        raise NewError(f"cannot write {args.output}: it is a folder")
    if target.exists() and not args.force:
        raise NewError(f"{args.output}: already exists; give --force to replace it")
    if not target.resolve().parent.is_dir():
        raise NewError(f"cannot write {args.output}: folder {target.resolve().parent} is missing")
    if args.mlp is not None:
        graph = _mlp(args)
    else:
        graph = expression_graph(args.expression, parse_values(args.value), title=args.title)
    try:
        save_graph(graph, target)
    except OSError as exc:
        raise NewError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(_summary(args, graph))
    return 0


def _mlp(args: argparse.Namespace) -> Graph:
    if args.seed < 0:
        raise NewError(f"--seed must be at least 0, not {args.seed}")
    return build_mlp(parse_sizes(args.mlp), args.activation, classes=args.classes, seed=args.seed)


def _summary(args: argparse.Namespace, graph: Graph) -> str:
    if args.mlp is not None:
        nodes, edges = graph.trainables()
        rows = len(next(iter(graph.data.values()), []))
        return (
            f"wrote {args.output}: {graph.title}: {len(edges)} trainable weights, "
            f"{len(nodes)} biases, {rows} data rows"
        )
    names = [n.id for n in graph.nodes() if n.op == "parameter"]
    return (
        f"wrote {args.output}: {len(graph)} nodes, {graph.edge_count()} edges, "
        f"output {graph.loss}" + (f", parameters {', '.join(names)}" if names else "")
    )
