"""Classification costs: a cross_entropy pass on each engine path, and one refresh of the
decision regions (an 80 x 80 grid). Prints CPU times (time.process_time) and ratios.

    .venv/bin/python benchmarks/bench_classify.py
"""

from __future__ import annotations

import time

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.build_mlp import build_mlp
from backprop_studio.core.model.datasets import three_blobs
from backprop_studio.core.training.trainer import Trainer
from backprop_studio.ui.training.decision_compute import build_grid, decision_setup


def cpu(fn, repeat: int) -> float:
    """CPU seconds per call, best of three rounds."""
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for _ in range(repeat):
            fn()
        best = min(best, (time.process_time() - t0) / repeat)
    return best


def main() -> None:
    graph = build_mlp([2, 16, 3], classes=3, data=three_blobs(n=1000))
    times = {}
    for path in ("reference", "vectorized"):
        plan = compile_plan(graph, path)
        theta = plan.theta()
        times[path] = cpu(lambda p=plan, t=theta: p.loss_and_grad(t), 20)
        print(f"2-16-3 cross_entropy, 1000 samples, {path:10s}: {times[path] * 1e3:7.2f} ms/pass")
    print(f"  vectorized / reference: {times['vectorized'] / times['reference']:.2f}")
    small = build_mlp([2, 4, 3], classes=3, data=three_blobs(n=60))
    t0 = time.process_time()
    Trainer(small).run_all()
    per = (time.process_time() - t0) / 500
    print(f"2-4-3 three blobs (60 rows): {per * 1e3:.3f} ms per training iteration")
    grid = build_grid(small, decision_setup(small))
    print(f"decision regions, 80 x 80 grid: {cpu(grid.predict, 10) * 1e3:.2f} ms per refresh")


if __name__ == "__main__":
    main()
