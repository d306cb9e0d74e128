"""``backprop-studio new``: write a new ``.bpgraph`` file, ready to open, check and train.

``new --mlp 2,4,1 [--activation tanh] [--classes K] [--seed S] --output F`` builds a whole
multi-layer perceptron (core/model/build_mlp.py): inputs on data columns x1..xn, a target
column y, a small generated data set that fits the sizes (XOR for two inputs), the loss (mse,
or cross_entropy with ``--classes K`` output logits), training settings and a layout;
``backprop-studio check F`` passes on it. The way the network is described (``--mlp``, and other
ways beside it) is one choice of a mutually exclusive group. An existing F is kept unless
``--force`` is given.
"""

from __future__ import annotations

import argparse
import os

from ..core.model.build_mlp import ACTIVATIONS, build_mlp, parse_sizes
from ..core.model.errors import BackpropError
from ..core.model.fileio import save_graph
from ..core.model.graph import Graph
from .parse_errors import one_line_errors


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="write a new graph file (a whole network from layer sizes)",
        description="Write a new .bpgraph file: a network ready to check and train.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--mlp",
        metavar="SIZES",
        help="layer sizes from inputs to outputs, e.g. 2,4,1 (a dense network)",
    )
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
    p.add_argument("--output", required=True, metavar="F", help="the file to write")
    p.add_argument("--force", action="store_true", help="replace F if it exists")
    p.set_defaults(func=run)
    one_line_errors(p)


def run(args: argparse.Namespace) -> int:
    if os.path.exists(args.output) and not args.force:
        raise BackpropError(f"{args.output}: already exists; give --force to replace it")
    if args.mlp is not None:
        graph = _mlp(args)
    else:  # pragma: no cover  (argparse requires one of the group)
        raise BackpropError("say what to build (--mlp SIZES)")
    try:
        save_graph(graph, args.output)
    except OSError as exc:
        raise BackpropError(f"{args.output}: cannot save: {exc.strerror or exc}") from None
    nodes, edges = graph.trainables()
    rows = len(next(iter(graph.data.values()), []))
    print(
        f"wrote {args.output}: {graph.title}: {len(edges)} trainable weights, "
        f"{len(nodes)} biases, {rows} data rows"
    )
    return 0


def _mlp(args: argparse.Namespace) -> Graph:
    if args.seed < 0:
        raise BackpropError(f"--seed must be at least 0, not {args.seed}")
    return build_mlp(parse_sizes(args.mlp), args.activation, classes=args.classes, seed=args.seed)
