"""Training speed: iterations per second of the Trainer, without any UI.

Cases: the XOR network (resources/examples/xor_network.bpgraph, 13 nodes, 4 samples) with each
optimizer and batch mode, and a random layered graph of 1,000 nodes (benchmarks/graphs.py,
~2 edges per node, trainable parameters and add-edge weights) with scalar inputs and with a
batch of 64 samples (full batch and mini-batches of 16). Each case is timed ``--repeats`` times
for about ``--seconds`` of CPU time each (process time, so that other work on a shared machine
disturbs the figures less) and the best rate is kept; beside it, the raw rate of
``Plan.loss_and_grad`` alone, so the Trainer's own overhead (optimizer, history, trajectory,
batch sampling) shows.

Run: ``python benchmarks/bench_training.py`` (prints a Markdown table for docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graphs import layered_graph  # noqa: E402

from backprop_studio.core.engine.plan import compile_plan  # noqa: E402
from backprop_studio.core.model.fileio import load_graph  # noqa: E402
from backprop_studio.core.model.graph import Graph  # noqa: E402
from backprop_studio.core.training.trainer import Trainer, TrainingSettings  # noqa: E402
from backprop_studio.resources_path import example_path  # noqa: E402


def trainer_rate(graph: Graph, settings: TrainingSettings, seconds: float) -> tuple[float, str]:
    """Updates per second over about ``seconds`` of training (one long run)."""
    trainer = Trainer(graph, settings.with_changes(iterations=10**8))
    deadline = time.process_time() + seconds
    start = time.process_time()
    while time.process_time() < deadline and not trainer.finished:
        trainer.run_iterations(20)
    elapsed = time.process_time() - start
    run = trainer.runs[0]
    note = run.status if run.status == "diverged" else ""
    return run.updates / elapsed, note


def raw_rate(graph: Graph, rows: int | None, seconds: float) -> float:
    """loss_and_grad calls per second on the same graph (the engine alone)."""
    plan = compile_plan(graph)
    theta = plan.theta()
    picked = None if rows is None else np.arange(rows)
    n = 0
    deadline = time.process_time() + seconds
    start = time.process_time()
    while time.process_time() < deadline:
        for _ in range(20):
            plan.loss_and_grad(theta, picked)
        n += 20
    return n / (time.process_time() - start)


def cases() -> list[tuple[str, Graph, TrainingSettings, int | None]]:
    xor = load_graph(example_path("xor_network"))
    base = TrainingSettings.from_graph(xor)
    big = layered_graph(1000, seed=0)
    big_batch = layered_graph(1000, batch=64, seed=0)
    slow = TrainingSettings(learning_rate=1e-3)
    return [
        ("XOR, sgd + momentum 0.9, full batch (4)", xor, base, None),
        ("XOR, sgd, stochastic (1)", xor, base.with_changes(momentum=0.0, batch_size=1), 1),
        ("XOR, sgd, mini-batch of 2", xor, base.with_changes(momentum=0.0, batch_size=2), 2),
        (
            "XOR, rmsprop, full batch",
            xor,
            base.with_changes(optimizer="rmsprop", momentum=0.0),
            None,
        ),
        (
            "XOR, adam, full batch",
            xor,
            base.with_changes(optimizer="adam", learning_rate=0.05),
            None,
        ),
        ("1,000-node layered, scalar, sgd", big, slow, None),
        ("1,000-node layered, batch 64, sgd full batch", big_batch, slow, None),
        (
            "1,000-node layered, batch 64, sgd mini-batch 16",
            big_batch,
            slow.with_changes(batch_size=16),
            16,
        ),
        (
            "1,000-node layered, batch 64, adam full batch",
            big_batch,
            slow.with_changes(optimizer="adam"),
            None,
        ),
    ]


def overhead_us(graph: Graph, settings: TrainingSettings, seconds: float) -> float:
    """The Trainer's own cost per update: the same loop with an engine that costs nothing."""
    trainer = Trainer(graph, settings.with_changes(iterations=10**8))
    grad = np.full(len(trainer.trainable_ids), 1e-6)
    trainer.plan.loss_and_grad = lambda theta, rows=None: (0.5, grad)  # type: ignore[method-assign]
    n = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        trainer.run_iterations(200)
        n += 200
    return (time.process_time() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    parser.add_argument("--repeats", type=int, default=3, help="measurements per case (best kept)")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print()
    print("| case | trainables | Trainer it/s | loss_and_grad alone /s |")
    print("| --- | ---: | ---: | ---: |")
    all_cases = cases()
    for name, graph, settings, rows in all_cases:
        trainables = len(compile_plan(graph).trainable_ids)
        rate, note = max(trainer_rate(graph, settings, args.seconds) for _ in range(args.repeats))
        raw = max(raw_rate(graph, rows, args.seconds) for _ in range(args.repeats))
        label = f"{name} ({note})" if note else name
        print(f"| {label} | {trainables} | {rate:,.0f} | {raw:,.0f} |")
        sys.stdout.flush()
    print()
    print("Trainer's own cost per update (engine replaced by a stub that costs nothing):")
    print()
    print("| optimizer, batch mode | 9 trainables (XOR) | 764 trainables (1,000 nodes) |")
    print("| --- | ---: | ---: |")
    xor, big = all_cases[0][1], all_cases[6][1]
    for opt in ("sgd", "rmsprop", "adam"):
        for batch in (None, 2):
            s = TrainingSettings(optimizer=opt, momentum=0.0 if opt == "adam" else 0.9)
            s = s.with_changes(batch_size=batch)
            cost = [
                min(overhead_us(g, s, args.seconds / 2) for _ in range(args.repeats))
                for g in (xor, big)
            ]
            mode = "full batch" if batch is None else f"mini-batch {batch}"
            momentum = "" if opt == "adam" else " + momentum"
            print(f"| {opt}{momentum}, {mode} | {cost[0]:.1f} us | {cost[1]:.1f} us |")


if __name__ == "__main__":
    main()
