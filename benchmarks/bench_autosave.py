"""Autosave of a big document: how long the UI thread is held.

Builds a layered graph of about 100,000 nodes (benchmarks/graphs.py), puts it in a Document
with an Autosaver (no window) and modifies it, then measures one autosave three ways, each
as the CPU time of the calling (UI) thread (``time.thread_time``) and wall-clock time:

- before: what the autosave did until now, all on the UI thread (``Document.dumps`` and the
  atomic writes of the graph and its record);
- after, UI thread: ``Autosaver.save_now(wait=False)``, which only takes a snapshot
  (``core.model.snapshot``) and hands it to the autosave thread;
- after, until written: the same plus waiting for the background write (for comparison).

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_autosave.py [--nodes N]``. The
machine's cores are shared: the thread-CPU column is the steadier one. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graphs import layered_graph  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402

from backprop_studio.core.model import fileio  # noqa: E402
from backprop_studio.ui.document import autosave  # noqa: E402
from backprop_studio.ui.document.document import Document  # noqa: E402


def timed(fn) -> tuple[float, float]:
    cpu, wall = time.thread_time(), time.perf_counter()
    fn()
    return 1000 * (time.thread_time() - cpu), 1000 * (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=100_000)
    args = parser.parse_args()
    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841
    graph = layered_graph(args.nodes)
    with tempfile.TemporaryDirectory() as tmp:
        doc = Document(graph)
        saver = autosave.Autosaver(doc, directory=Path(tmp) / "recovery")
        first = graph.nodes()[0].id
        doc.set_node_fields(first, label="edited")
        saver.directory.mkdir(parents=True)

        def before() -> None:
            fileio.write_text_atomic(Path(tmp) / "old.bpgraph", doc.dumps())
            fileio.write_text_atomic(Path(tmp) / "old.json", json.dumps({"pid": 1}))

        rows = [("before: dumps + write on the UI thread", *timed(before))]
        rows.append(
            ("after: save_now(wait=False), UI thread", *timed(lambda: saver.save_now(False)))
        )
        saver.save_now(wait=True)
        doc.set_node_fields(first, label="edited again")
        rows.append(("after: save_now(wait=True), until written", *timed(saver.save_now)))
        saver.remove()
    print(f"autosave of {len(graph.nodes()):,} nodes, {len(graph.edges()):,} edges")
    print(f"{'':46} {'thread CPU ms':>14} {'wall ms':>9}")
    for name, cpu, wall in rows:
        print(f"{name:46} {cpu:14.0f} {wall:9.0f}")


if __name__ == "__main__":
    main()
