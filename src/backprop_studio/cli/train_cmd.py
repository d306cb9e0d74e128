"""``backprop-studio train FILE [options]``: gradient descent from the command line.

Settings come from the file's ``training`` section; options override them. On a terminal a
progress bar runs on stderr. The result: the final loss and the trained values (a table), or
with ``--json`` exactly ``{"loss_history": [...], "final_loss": x, "parameters": {id: v},
"edge_weights": {id: w}, "runs": [{"seed": s, "final_loss": x}], "best_run": k,
"accuracy": a, "notes": [...]}`` where ``loss_history[i]`` is the best run's loss before update i,
``accuracy`` the share of training samples classified right (null unless the loss is
binary_cross_entropy or cross_entropy), and ``notes`` sentences on the session (a batch size
that covers every sample, a run that diverged and was rolled back to its last finite values, a
loss that grew), the same notes the text output prints. With held-out rows
(``--validation-fraction F`` or the file's ``training.validation_fraction``) it adds
``"validation_loss_history"`` (the held-out loss with the values before update i, as long as
``loss_history``), ``"final_validation_loss"`` and ``"validation_accuracy"``. ``--output``
saves the graph with the best run's values (atomically).
"""

from __future__ import annotations

import argparse
import sys
import time

from ..core.engine.trace import fmt_number
from ..core.model.errors import BackpropError, GraphError
from ..core.model.fileio import save_graph
from ..core.model.graph import Graph
from ..core.training.optim import OPTIMIZERS
from ..core.training.trainer import (
    DIVERGED,
    Trainer,
    TrainingError,
    TrainingProgress,
    TrainingResult,
    TrainingSettings,
)
from .output import load, print_json, print_table
from .parse_errors import one_line_errors


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        help="train the trainable parameters and weights by gradient descent",
        description="Train FILE's trainable parameters and edge weights. Settings default to "
        "the file's training section; the options below override them.",
    )
    p.add_argument("file")
    p.add_argument("--iterations", type=int, metavar="N", help="updates per run")
    p.add_argument("--learning-rate", type=float, metavar="LR", help="step size")
    p.add_argument("--optimizer", choices=OPTIMIZERS, type=str.lower)
    p.add_argument("--momentum", type=float, metavar="M", help="0 to 1 (sgd, rmsprop)")
    p.add_argument(
        "--batch-size",
        type=int,
        metavar="B",
        help="0 = full batch, 1 = stochastic, B = mini-batches of B samples",
    )
    p.add_argument("--seed", type=int, metavar="S", help="random seed (run k uses S + k)")
    p.add_argument("--restarts", type=int, metavar="R", help="number of runs")
    p.add_argument(
        "--init-range",
        type=float,
        nargs=2,
        metavar=("LOW", "HIGH"),
        help="where restarts draw their starting values",
    )
    p.add_argument(
        "--validation-fraction",
        type=float,
        metavar="F",
        help="hold out the last round(F x n) rows (0 <= F < 1) and report their loss",
    )
    p.add_argument("--output", metavar="OUT.bpgraph", help="save the trained graph here")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)
    one_line_errors(p)


def settings_from_args(args: argparse.Namespace, base: TrainingSettings) -> TrainingSettings:
    return base.with_changes(
        optimizer=args.optimizer,
        learning_rate=args.learning_rate,
        momentum=args.momentum,
        batch_size=args.batch_size,
        iterations=args.iterations,
        seed=args.seed,
        restarts=args.restarts,
        init_range=args.init_range,
        validation_fraction=args.validation_fraction,
    )


def run(args: argparse.Namespace) -> int:
    graph = load(args.file)
    settings = settings_from_args(args, TrainingSettings.from_graph(graph, args.file))
    try:
        trainer = Trainer(graph, settings)
    except (GraphError, TrainingError) as exc:
        raise BackpropError(f"{args.file}: {exc}") from None
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    started = time.perf_counter()
    try:
        result = trainer.run_all(bar.update if bar else None, chunk=_chunk(settings))
    except KeyboardInterrupt:
        trainer.stop()
        result = trainer.result()
        if bar:
            bar.finish()
        print("backprop-studio train: interrupted; keeping what was reached", file=sys.stderr)
    else:
        if bar:
            bar.finish()
    seconds = time.perf_counter() - started
    if args.output:
        result.apply_to(graph)
        try:
            save_graph(graph, args.output)
        except OSError as exc:
            raise BackpropError(f"{args.output}: cannot save: {exc.strerror or exc}") from None
    if args.json:
        notes = session_notes(result)
        for note in notes:
            print(f"backprop-studio train: note: {note}", file=sys.stderr)
        print_json({**result.to_json(), "notes": notes})
        return 0
    _print_report(args, graph, trainer, result, seconds)
    return 0


def session_notes(result: TrainingResult) -> list[str]:
    """The session's notes, then each run's (divergence and rollback, a loss that grew)."""
    notes = list(result.notes)
    several = len(result.runs) > 1
    for run in result.runs:
        if not run.message:
            continue
        text = run.message
        if run.status == DIVERGED:
            text += (
                f"; kept the values after {run.updates} updates (the last with a finite loss)"
                if run.updates
                else "; nothing was trained"
            )
        notes.append(f"run {run.index + 1}: {text}" if several else text)
    return notes


def _chunk(settings: TrainingSettings) -> int:
    return max(1, min(200, settings.iterations // 50 or 1))


def _print_report(
    args: argparse.Namespace, graph: Graph, trainer: Trainer, result: TrainingResult, seconds: float
) -> None:
    s = trainer.settings
    print(f"trained {args.file}: {s.describe()}")
    for note in result.notes:
        print(f"note: {note}")
    if len(result.runs) > 1:
        print()
        print_table(
            ["run", "seed", "start loss", "final loss", "iterations", "note"],
            [
                [
                    str(r.index + 1),
                    str(r.seed),
                    fmt_number(r.losses[0]) if len(r.losses) else "-",
                    _loss_text(x),
                    str(r.updates),
                    ", ".join(x for x in ("best" if k == result.best_run else "", r.note) if x),
                ]
                for k, (r, x) in enumerate(zip(result.runs, result.final_losses, strict=True))
            ],
        )
    best = result.best
    if best.message:
        print(f"note: {best.message}")
    print()
    print_table(
        ["trainable", "start", "trained"],
        [
            [_trainable_name(graph, kind, tid), fmt_number(start), fmt_number(value)]
            for (kind, tid), start, value in zip(
                result.trainable_ids, best.start, best.theta, strict=True
            )
        ],
    )
    print()
    start = fmt_number(best.losses[0]) if len(best.losses) else "-"
    which = f" (run {result.best_run + 1} of {len(result.runs)})" if len(result.runs) > 1 else ""
    print(f"loss: {start} -> {_loss_text(result.final_loss)}{which}")
    if result.validation:
        held = best.validation_losses
        first = fmt_number(held[0]) if len(held) else "-"
        print(f"held-out loss: {first} -> {_loss_text(result.final_validation_loss)}")
    if result.accuracy is not None:
        line = f"accuracy: {result.accuracy:.1%}"
        if result.validation_accuracy is not None:
            line += f" (held out: {result.validation_accuracy:.1%})"
        print(line)
    total = sum(r.updates for r in result.runs)
    if seconds > 0 and total:
        print(f"{total} updates in {seconds:.2f} s ({total / seconds:,.0f} per second)")
    if args.output:
        print(f"saved the trained graph to {args.output}")


def _trainable_name(graph: Graph, kind: str, tid: str) -> str:
    if kind == "node":
        return f"parameter {tid}"
    edge = graph.edge(tid)
    return f"weight {tid} ({edge.source} -> {edge.target})"


def _loss_text(x: float | None) -> str:
    return "not a number" if x is None or x != x else fmt_number(x)


class ProgressBar:
    """A one-line progress bar redrawn in place (only used when stderr is a terminal)."""

    def __init__(self, stream, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._last = 0.0

    def update(self, p: TrainingProgress) -> None:
        now = time.monotonic()
        if now - self._last < 0.05 and p.done < p.total:
            return
        self._last = now
        filled = int(round(self.width * p.fraction))
        bar = "#" * filled + "-" * (self.width - filled)
        run = f" run {p.run + 1}/{p.runs}" if p.runs > 1 else ""
        loss = f"  loss {fmt_number(p.loss)}" if p.loss is not None else ""
        self.stream.write(f"\r[{bar}] {p.done}/{p.total}{run}{loss}\x1b[K")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()
