"""Engine speed: forward and backward time per edge, recording off, beside micrograd.

Graphs (benchmarks/graphs.py): random layered graphs of 1k, 10k and 100k nodes (100 layers,
~2 edges per node) with scalar inputs and with a batch of 64 samples, and a 10k-node chain.
They use only ops micrograd also has, so Karpathy's micrograd (the ``bench`` extra) runs the
very same graphs: every edge becomes ``Value(weight) * value(source)``; micrograd builds its
graph while computing, so its "forward" includes building it. micrograd has no batches: a
batch of 64 is 64 scalar passes; we time ``--micrograd-samples`` of them and multiply (said
in the table). micrograd is timed as it runs by default (Python's cycle collector on) and
with the collector off, which spares it most of its forward time. The loss and the
gradients of both engines are compared as a sanity check.

For our engine, per case: the path the plan picked (``auto``), the other fast path where it
applies (the vectorized one when the plan picked the reference), and the reference engine
(one pass). Times are CPU time of this process
(``time.process_time``, so other work on a shared machine disturbs them less), the best of
``--repeats`` measurements (each long enough, >= 0.2 s, to average out timer noise); forward =
``run(backward=False)``, backward = ``run()`` minus forward.
``loss_and_grad`` (what training calls) is timed on its own too. Nothing here is asserted.

Run: ``python benchmarks/bench_engine.py`` (about 5 minutes; ``--quick`` skips 100k) and put
the printed Markdown in docs/benchmarks.md ("Engine").
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graphs import chain_graph, layered_graph  # noqa: E402

from backprop_studio.core.engine.plan import Plan, compile_plan  # noqa: E402
from backprop_studio.core.model.graph import Graph  # noqa: E402


@dataclass
class Timing:
    forward: float  # seconds per pass
    backward: float

    @property
    def total(self) -> float:
        return self.forward + self.backward


def per_pass(fns: list, repeats: int, min_seconds: float = 0.2) -> list[float]:
    """CPU seconds per call of each function: calls are batched to at least ``min_seconds``
    so short passes are not lost in timer noise, the functions take turns (so a busy moment
    of the machine hits them alike), and each keeps its best of ``repeats`` batches."""
    calls = []
    for fn in fns:
        start = time.process_time()
        fn()
        calls.append(max(1, int(min_seconds / max(time.process_time() - start, 1e-6))))
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            start = time.process_time()
            for _ in range(calls[k]):
                fn()
            best[k] = min(best[k], (time.process_time() - start) / calls[k])
    return best


def time_plan(plan: Plan, repeats: int) -> tuple[Timing, float]:
    """Best forward and forward+backward of ``run()``, and of ``loss_and_grad``."""
    theta = plan.theta()
    forward, both, lg = per_pass(
        [
            lambda: plan.run(backward=False),
            lambda: plan.run(),
            lambda: plan.loss_and_grad(theta),
        ],
        repeats,
    )
    return Timing(forward, max(both - forward, 0.0)), lg


# ----------------------------------------------------------------------------- micrograd
def micrograd_pass(graph: Graph, sample: int) -> tuple[float, float, float, dict[str, float]]:
    """(forward seconds, backward seconds, loss, {parameter id: grad}) for one sample."""
    from micrograd.engine import Value

    order = graph.topological_order()
    nodes = {n.id: n for n in graph.nodes()}
    inputs: dict[str, list] = {}
    for nid in order:
        ports = nodes[nid].spec.port_names
        edges = sorted(graph.in_edges(nid), key=lambda e, p=ports: p.index(e.port))
        inputs[nid] = [(e.weight, e.source) for e in edges]
    constant = {n.id: n.value for n in nodes.values() if n.op == "input"}

    def build() -> dict:
        val: dict = {}
        for nid in order:
            n = nodes[nid]
            if n.op in ("input", "parameter"):
                val[nid] = Value(n.value[sample] if isinstance(n.value, list) else n.value)
                continue
            args = [Value(w) * val[src] for w, src in inputs[nid]]  # ports in order
            op = n.op
            if op == "add":
                out = args[0]
                for a in args[1:]:
                    out = out + a
            elif op == "mul":
                out = args[0] * args[1]
            elif op == "relu":
                out = args[0].relu()
            elif op in ("sub", "mse"):  # ports (a, b) and (prediction, target)
                out = args[0] - args[1]
                if op == "mse":
                    out = out**2
            elif op == "neg":
                out = -args[0]
            elif op == "square":
                out = args[0] ** 2
            elif op == "pow":  # a constant exponent (micrograd's x ** c)
                (w_base, _), (w_exp, exponent) = inputs[nid]
                out = args[0] ** (w_exp * constant[exponent])
            else:
                raise ValueError(f"micrograd has no {op}")
            val[nid] = out
        return val

    t0 = time.process_time()
    val = build()
    t1 = time.process_time()
    val[graph.loss].backward()
    t2 = time.process_time()
    grads = {nid: v.grad for nid, v in val.items() if nodes[nid].op == "parameter"}
    return t1 - t0, t2 - t1, val[graph.loss].data, grads


def micrograd_can_run(graph: Graph) -> bool:
    """micrograd has add, mul, sub, neg, relu and ``x ** constant``, nothing else."""
    ok = {"input", "parameter", "add", "mul", "sub", "neg", "relu", "square", "mse", "pow"}
    return all(n.op in ok for n in graph.nodes())


def time_micrograd(
    graph: Graph, batch: int | None, samples: int, collect: bool
) -> tuple[Timing, str, float]:
    """Per-pass timing (a batch: ``samples`` measured, scaled to the batch), a note, and the
    worst gap between micrograd's parameter gradients and ours (a sanity check).
    ``collect=False`` switches Python's cycle collector off while micrograd runs: each of its
    nodes holds a closure that refers back to it, so the collector keeps rescanning them."""
    measured = 1 if batch is None else min(samples, batch)
    forward = backward = 0.0
    for s in range(measured):
        gc.collect()
        if not collect:
            gc.disable()
        try:
            f, b, loss, grads = micrograd_pass(graph, s)
        finally:
            gc.enable()
        forward, backward = forward + f, backward + b
    gc.collect()
    scale = 1 if batch is None else batch / measured
    note = "" if batch is None else f"{measured} of {batch} samples timed, x{scale:g}"
    gap = 0.0
    if batch is None:  # same numbers as our engine? (a batch would need all samples)
        ours = compile_plan(graph).run()
        gap = abs(loss - ours.loss) / max(1.0, abs(ours.loss))
        for nid, g in grads.items():
            gap = max(gap, abs(g - float(ours.grads[nid])) / max(1.0, abs(g)))
    return Timing(forward * scale, backward * scale), note, gap


# ----------------------------------------------------------------------------- the table
CASES = [  # (shape, nodes, batch, ops: see graphs.OP_SETS)
    ("layered", 1_000, None, "micrograd"),
    ("layered", 1_000, 64, "micrograd"),
    ("layered", 10_000, None, "micrograd"),
    ("layered", 10_000, 64, "micrograd"),
    ("layered", 100_000, None, "micrograd"),
    ("layered", 100_000, 64, "micrograd"),
    ("chain", 10_000, None, "micrograd"),
    ("chain", 10_000, 64, "micrograd"),
    ("layered", 1_000, None, "pow"),
    ("layered", 10_000, None, "pow"),
    ("chain", 10_000, None, "pow"),
    ("layered", 1_000, None, "all"),
    ("layered", 10_000, None, "all"),
    ("layered", 10_000, 64, "all"),
    ("chain", 10_000, 64, "pow"),
]


def model_us(plan: Plan) -> float:
    """The cost model's estimate (µs) for the path the plan runs."""
    shape = plan.shape
    return {
        "vectorized": shape.vectorized_us,
        "scalar": shape.scalar_us,
        "reference": shape.reference_us,
    }[plan.path]()


def us(seconds: float, edges: int) -> str:
    per = seconds / edges * 1e6
    return f"{per:.3f}" if per < 10 else f"{per:.1f}" if per < 100 else f"{per:,.0f}"


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores (shared with other work), Python "
        f"{platform.python_version()}, numpy {np.__version__}, {platform.system()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the 100k graphs")
    parser.add_argument("--no-micrograd", action="store_true")
    parser.add_argument("--micrograd-samples", type=int, default=2, metavar="N")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--only", default="", help="only cases whose ops contain this")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(1_000_000)  # micrograd's backward recurses along the chain

    ours_rows, compare_rows = [], []
    model_ratios: list[float] = []
    ahead: list[float] = []  # micrograd (collector off) / ours
    for shape, size, batch, ops in CASES:
        if args.quick and size > 10_000:
            continue
        if args.only and args.only not in ops:
            continue
        build = layered_graph if shape == "layered" else chain_graph
        graph = build(size, batch=batch, ops=ops)
        n_edges = len(graph.edges())
        start = time.process_time()
        plan = compile_plan(graph)
        compile_s = time.process_time() - start
        timing, lg = time_plan(plan, args.repeats)
        name = f"{shape} {size // 1000}k" + ("" if ops == "micrograd" else f", {ops} ops")
        b = "—" if batch is None else str(batch)
        ratio = timing.backward / timing.forward if timing.forward else float("nan")
        estimate = model_us(plan)
        model_ratios.append(estimate / (timing.total * 1e6))
        ours_rows.append(
            f"| {name} | {len(graph)} | {n_edges} | {b} | {plan.path} "
            f"| {plan.shape.mean_width:.0f} | {us(timing.forward, n_edges)} "
            f"| {us(timing.backward, n_edges)} | **{us(timing.total, n_edges)}** "
            f"| {ratio:.2f} | {us(lg, n_edges)} | {compile_s:.1f} "
            f"| {estimate / 1000:.2f} / {timing.total * 1000:.2f} = {model_ratios[-1]:.2f} "
            f"| {plan.fallback or '—'} |"
        )
        print(ours_rows[-1], file=sys.stderr, flush=True)

        # the paths the plan did not pick
        others = [p for p in ("vectorized", "scalar") if p != plan.path]
        if batch is not None:
            others = [p for p in others if p != "scalar"]
        other_text = "—"
        for other in others:
            other_timing, _ = time_plan(compile_plan(graph, other), max(1, args.repeats // 2))
            other_text = f"{us(other_timing.total, n_edges)} ({other})"
        ref_text = "(ours)" if plan.path == "reference" else "—"
        if not args.no_reference and plan.path != "reference":
            ref_plan = compile_plan(graph, "reference")
            forward, both = per_pass(
                [lambda p=ref_plan: p.run(backward=False), lambda p=ref_plan: p.run()], 1, 0.0
            )
            ref_text = us(both, n_edges)
            del ref_plan

        mg_text, mg_off_text, speedup, note = "—", "—", "—", ""
        if not args.no_micrograd and micrograd_can_run(graph):
            mg, note, gap = time_micrograd(graph, batch, args.micrograd_samples, True)
            mg_off, _, _ = time_micrograd(graph, batch, args.micrograd_samples, False)
            mg_text = " + ".join([us(mg.forward, n_edges), us(mg.backward, n_edges)])
            mg_text += f" = {us(mg.total, n_edges)}"
            mg_off_text = us(mg_off.total, n_edges)
            speedup = f"{mg.total / timing.total:,.1f}x / {mg_off.total / timing.total:,.1f}x"
            ahead.append(mg_off.total / timing.total)
            if batch is None:
                note = f"same loss and grads (rel. gap {gap:.0e})"
        compare_rows.append(
            f"| {name} | {b} | {us(timing.total, n_edges)} ({plan.path}) | {other_text} "
            f"| {ref_text} | {mg_text} | {mg_off_text} | {speedup} | {note} |"
        )
        print(compare_rows[-1], file=sys.stderr, flush=True)
        del graph, plan
        gc.collect()

    print(f"Machine: {machine()}.\n")
    print("Our engine, recording off (µs per edge; a batch of 64 counts each edge once):\n")
    print(
        "| graph | nodes | edges | batch | path | nodes/level | forward | backward "
        "| fwd+bwd | bwd/fwd | loss_and_grad | compile s | model / measured ms | fallback |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(ours_rows))
    worst = max(model_ratios + [1 / r for r in model_ratios], default=1.0)
    print(
        f"\nTarget: cost model within 2x of the measured pass: worst {worst:.2f}x "
        f"({'met' if worst <= 2 else 'NOT met'})."
    )
    print("\nBeside the path not picked, the reference engine and micrograd (µs per edge):\n")
    print(
        "| graph | batch | ours (path) | other path | reference | micrograd fwd + bwd "
        "| micrograd, GC off | micrograd / ours (GC on / off) | note |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(compare_rows))
    if ahead:
        print(
            f"\nTarget: ahead of micrograd on every graph it can run: slowest margin "
            f"{min(ahead):.1f}x with its collector off ({'met' if min(ahead) > 1 else 'NOT met'})."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
