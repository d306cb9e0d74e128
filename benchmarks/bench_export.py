"""Expressions and exports: parsing a long expression into a graph, writing the PyTorch script
and the derivation, and the exported script's training against ``train`` on the same graph.

Prints CPU times (``time.process_time``; the script's child process by ``os.times``), steadier
than wall time on a shared machine. Nothing is asserted.

Run: ``python benchmarks/bench_export.py [--terms 300] [--no-torch]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from backprop_studio.core.export.derivation import derivation
from backprop_studio.core.export.pytorch import pytorch_script
from backprop_studio.core.model.expression import expression_graph
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.training.trainer import train
from backprop_studio.resources_path import example_path


def cpu(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=300)
    parser.add_argument("--no-torch", action="store_true")
    args = parser.parse_args()
    text = " + ".join(f"tanh(w{i % 40} * {i % 7 + 1} - b{i % 13})^2" for i in range(args.terms))
    graph = expression_graph(text)
    print(f"expression: {len(text)} characters, {len(graph)} nodes, {graph.edge_count()} edges")
    print(f"  parse + build + layout       {cpu(lambda: expression_graph(text)) * 1e3:8.1f} ms")
    xor = load_graph(example_path("xor_network"))
    print(f"  pytorch_script (that graph)  {cpu(lambda: pytorch_script(graph)) * 1e3:8.1f} ms")
    print(f"  pytorch_script (xor)         {cpu(lambda: pytorch_script(xor)) * 1e3:8.1f} ms")
    print(f"  derivation markdown (xor)    {cpu(lambda: derivation(xor)) * 1e3:8.1f} ms")
    print(f"  train xor (2000 iterations)  {cpu(lambda: train(xor), 3) * 1e3:8.1f} ms")
    if args.no_torch:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "xor.py"
        path.write_text(pytorch_script(xor, filename=path.name), encoding="utf-8")
        before = os.times()
        subprocess.run([sys.executable, str(path), "--json"], check=True, capture_output=True)
        after = os.times()
        child = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        print(f"  the exported xor script under torch (incl. import) {child * 1e3:8.1f} ms CPU")


if __name__ == "__main__":
    main()
