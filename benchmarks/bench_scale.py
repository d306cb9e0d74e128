"""Issue 12's targets, each printed beside its figure: a 10k-node graph as a user meets it.

Graphs from benchmarks/graphs.py (random layered graphs, ~2 edges per node) written as
``.bpgraph`` files WITHOUT positions (every node at 0, 0), as other tools write them, and
opened in the real main window (offscreen, 1280x800, every panel installed). Measured:

- the fast layered layout alone, and opening the file in a window (load, lay out, build,
  show, first evaluation, first paint), the document's modified flag, the process's peak RSS;
- View > Auto-Arrange end to end (layout, one undoable move, the canvas updated);
- Run > Forward and Run > Backward (the stepper's actions), and the first Step, each split
  into the canvas taking the overlay, the event loop after it (painting) and the rest (the
  walk, its lazy trace and the chain-rule panel's lazy list);
- recording the chain-rule trace: the compact trace from the fast pass against the
  reference engine's eager one, and its bytes per term;
- ``backprop-studio eval`` of a small file and the launch of the window with an example
  (fresh processes, wall clock);
- pan, zoom and a drag of 100 selected cards (real mouse and wheel events on the canvas, each
  followed by the paint it causes), and the undo of Auto-Arrange;
- with ``--big``: loading a 100k-node file and compiling it; with ``--big-window``: opening a
  100k-node file in the window (CPU time and peak RSS; several GB and minutes today).

CPU time of this process (``time.process_time``) unless said; the machine's 2 cores are
shared with other jobs, so wall clock swings. Nothing is asserted. Put the printed table in
docs/benchmarks.md ("Scale").

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_scale.py [--nodes 10000] [--big]
[--big-window]``
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from graphs import layered_graph  # noqa: E402

from backprop_studio.core.engine.plan import compile_plan  # noqa: E402
from backprop_studio.core.model.fileio import load_graph, save_graph  # noqa: E402

ROWS: list[tuple[str, str, str, bool | None]] = []  # (target, figure, note, met)


def row(target: str, figure: str, met: bool | None, note: str = "") -> None:
    ROWS.append((target, figure, note, met))
    verdict = "—" if met is None else ("met" if met else "NOT met")
    print(f"| {target} | {figure} | {verdict} | {note} |", file=sys.stderr, flush=True)


def cpu(fn) -> tuple[float, object]:
    start = time.process_time()
    out = fn()
    return time.process_time() - start, out


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def engine_rows(path: Path, n: int) -> None:
    graph = load_graph(path)
    plan = compile_plan(graph)
    compact_s, result = cpu(lambda: plan.run(record=True))
    trace = result.trace
    numbers_s, _ = cpu(lambda: trace[len(trace) - 1].source_grad)  # the first number read
    eager_plan = compile_plan(graph, "reference")
    eager_s, _ = cpu(lambda: eager_plan.run(record=True))
    per_term = trace.nbytes() / len(trace) if hasattr(trace, "nbytes") else float("nan")
    row(
        f"trace recorded compactly, ≤ 100 bytes per term ({n:,} nodes)",
        f"{compact_s + numbers_s:.2f} s (eager reference: {eager_s:.2f} s), {per_term:.0f} B/term",
        per_term <= 100,
        f"{len(trace):,} terms, path {plan.path}; the pass and the visit order "
        f"{compact_s:.2f} s, the terms' numbers {numbers_s:.2f} s when first read",
    )


def window_rows(path: Path, n: int, arrange: bool = True) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from backprop_studio.ui.shell.gc_guard import GarbageCollectorGuard

    # as the app runs (ui/shell/app.py): no automatic collection, a timer collects when idle
    guard = GarbageCollectorGuard(app)  # noqa: F841  (kept alive for the window's life)
    from backprop_studio.core.layout.layered import layered_positions
    from backprop_studio.ui.canvas.layout import _default_size
    from backprop_studio.ui.shell.main_window import create_main_window

    graph = load_graph(path)
    layout_s, _ = cpu(lambda: layered_positions(graph, _default_size))
    row(f"fast layered layout ≤ 0.3 s at {n:,} nodes", f"{layout_s:.2f} s", layout_s <= 0.3)

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def open_window():
        w = create_main_window(path)
        w.resize(1280, 800)
        w.show()
        settle()
        return w

    wall = time.perf_counter()
    open_s, window = cpu(open_window)
    wall = time.perf_counter() - wall
    modified = window.document.is_modified()
    row(
        f"{n:,}-node file without positions opens laid out, shown ≤ 2 s, unmodified",
        f"{open_s:.1f} s CPU ({wall:.1f} s wall), modified: {modified}",
        open_s <= 2 and not modified,
    )
    row(f"RSS ≤ 400 MB at {n:,} nodes", f"{rss_mb():.0f} MB peak", rss_mb() <= 400)

    stepper = window.stepper
    split = _Split(window)
    fwd_s, _ = cpu(lambda: (stepper.run_forward(), split.settle(settle)))
    fwd_note = split.note(fwd_s)
    bwd_s, _ = cpu(lambda: (stepper.run_backward(), split.settle(settle)))
    bwd_note = split.note(bwd_s)
    row(f"Run > Forward ≤ 0.2 s at {n:,} nodes", f"{fwd_s:.2f} s", fwd_s <= 0.2, fwd_note)
    row(f"Run > Backward ≤ 0.2 s at {n:,} nodes", f"{bwd_s:.2f} s", bwd_s <= 0.2, bwd_note)
    stepper.reset()
    stepper.reset()
    window.document.evaluate_now()
    settle()
    split.note(0.0)  # start the first step's split afresh
    step_s, _ = cpu(lambda: (stepper.step(), split.settle(settle)))
    step_note = split.note(step_s)
    later_s, _ = cpu(lambda: (stepper.step(), settle()))
    row(
        f"first Step ≤ 0.3 s at {n:,} nodes",
        f"{step_s:.2f} s",
        step_s <= 0.3,
        f"{step_note}; the next step {later_s * 1e3:.0f} ms",
    )
    stepper.reset()
    stepper.reset()

    canvas_rows(window, n, settle)

    if arrange:
        # from a layout other than the one the file opened with (columns mirrored), so that
        # Auto-Arrange really moves every node
        document = window.document
        mirrored = {n.id: (-n.position[0], n.position[1]) for n in document.graph.nodes()}
        document.apply_layout(mirrored)
        settle()
        gc.collect()
        arrange_s, _ = cpu(lambda: (window.view_actions.auto_layout(), settle()))
        undo_s, _ = cpu(lambda: (document.undo_stack.undo(), settle()))
        row(
            f"Auto-Arrange ≤ 1 s end to end at {n:,} nodes",
            f"{arrange_s:.1f} s (its undo {undo_s:.1f} s)",
            arrange_s <= 1,
            "layout, one undo step, canvas updated and painted",
        )
    window.document.set_modified(False)
    window.close()


class _Split:
    """Where a stepper action's CPU time goes: the canvas taking the walk's overlay
    (``scene.set_overlay``), the event loop afterwards (painting, mostly the canvas), and the
    rest (the walk, the chain-rule panel, the nodes' tooltips, walk_changed's listeners)."""

    def __init__(self, window) -> None:
        self.canvas = self.events = 0.0
        scene = window.scene
        original = scene.set_overlay

        def timed(overlay) -> None:
            start = time.process_time()
            try:
                original(overlay)
            finally:
                self.canvas += time.process_time() - start

        scene.set_overlay = timed

    def settle(self, settle) -> None:
        start = time.process_time()
        settle()
        self.events += time.process_time() - start

    def note(self, total: float) -> str:
        rest = total - self.canvas - self.events
        text = (
            f"canvas overlay {self.canvas:.2f} s, event loop (painting) {self.events:.2f} s, "
            f"the rest (walk, chain-rule panel, tooltips, signals) {rest:.2f} s"
        )
        self.canvas = self.events = 0.0
        return text


def canvas_rows(window, n: int, settle) -> None:
    """Pan, zoom and a drag of 100 selected cards, driven with real mouse events on the
    canvas, each move followed by the repaint it causes (ms of CPU per mouse move)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    gc.collect()  # the walk's garbage: not the canvas's to collect inside a timed loop
    view, scene = window.view, window.scene
    port = view.viewport()
    left, middle = Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton
    none = Qt.KeyboardModifier.NoModifier

    app = QApplication.instance()

    def per_move(moves: int, fn) -> float:
        """CPU ms per event, each followed by the paint it asked for (a scroll repaints
        only the strip it uncovered, a zoom the whole view)."""
        start = time.process_time()
        for i in range(moves):
            fn(i)
            app.processEvents()
        return (time.process_time() - start) / moves * 1000

    # a drag of 100 selected cards, at the zoom where cards show their texts
    # 100 neighbouring cards in the middle of the graph (chosen from the model: a big graph
    # builds its cards only where a view looks, and the selection builds these)
    nodes = sorted(window.document.graph.nodes(), key=lambda n: (n.position[0], n.position[1]))
    chosen = [n.id for n in nodes[len(nodes) // 2 : len(nodes) // 2 + 100]]
    scene.select_ids(chosen)
    middle_cards = [scene.node_item(nid) for nid in chosen]
    grabbed = middle_cards[0]
    view.set_zoom(1.0)
    view.centerOn(grabbed.pos())
    settle()
    at = view.mapFromScene(grabbed.pos() + QPointF(10, grabbed.rect().top() + 8))
    QTest.mousePress(port, left, none, at)
    drag_ms = per_move(15, lambda i: QTest.mouseMove(port, at + QPoint(4 * (i + 1), 2 * (i + 1))))
    release_s, _ = cpu(
        lambda: (QTest.mouseRelease(port, left, none, at + QPoint(120, 60)), settle())
    )
    row(
        f"drag of 100 selected cards ≤ 16 ms per mouse move at {n:,} nodes",
        f"{drag_ms:.1f} ms (release, one undo step: {release_s:.2f} s)",
        drag_ms <= 16,
        "zoom 100 %",
    )
    scene.select_ids([])
    settle()

    # pan (middle-button drag) at 100 % and zoomed out to the whole graph
    def pan(zoom: float) -> float:
        view.set_zoom(zoom)
        settle()
        centre = port.rect().center()
        QTest.mousePress(port, middle, none, centre)
        ms = per_move(
            15, lambda i: QTest.mouseMove(port, centre + QPoint(-7 * (i + 1), 3 * (i + 1)))
        )
        QTest.mouseRelease(port, middle, none, centre)
        return ms

    near_ms = pan(1.0)
    view.fit_to_view()
    settle()
    far_zoom = view.zoom()
    far_ms = pan(far_zoom)
    row(
        f"pan ≤ 16 ms per mouse move at {n:,} nodes",
        f"{near_ms:.1f} ms at 100 %, {far_ms:.1f} ms at {far_zoom:.0%} (fitted)",
        max(near_ms, far_ms) <= 16,
    )

    # zoom: wheel steps around the cursor, from the whole graph in to 100 % and out again
    from PySide6.QtCore import QPointF as _P
    from PySide6.QtGui import QWheelEvent

    def wheel(delta: int) -> None:
        pos = _P(port.rect().center())
        event = QWheelEvent(
            pos,
            _P(port.mapToGlobal(pos.toPoint())),
            QPoint(),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            none,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        view.wheelEvent(event)

    view.fit_to_view()
    settle()
    steps = max(1, math.ceil(math.log(1 / view.zoom()) / math.log(1.0015**120)))
    zoom_in_ms = per_move(steps, lambda i: wheel(120))
    near_zoom = view.zoom()
    zoom_out_ms = per_move(steps, lambda i: wheel(-120))
    view._zoom_settled()
    settle()
    row(
        f"zoom ≤ 16 ms per wheel step at {n:,} nodes",
        f"{zoom_in_ms:.1f} ms in, {zoom_out_ms:.1f} ms out (from the fitted view: "
        f"{far_zoom:.0%} to {near_zoom:.0%} and back in {steps} steps)",
        max(zoom_in_ms, zoom_out_ms) <= 16,
    )
    view.fit_to_view()
    settle()


def process_rows() -> None:
    from backprop_studio.resources_path import example_path

    example = str(example_path("chain_rule"))

    def child(command: list[str]) -> tuple[float, float]:
        """Best of 3 (CPU seconds of the child process, wall seconds)."""
        best_cpu = best_wall = float("inf")
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            best_wall = min(best_wall, time.perf_counter() - wall)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            best_cpu = min(best_cpu, used)
        return best_cpu, best_wall

    eval_cpu, eval_wall = child([sys.executable, "-m", "backprop_studio", "eval", example])
    bare_cpu, _ = child([sys.executable, "-c", "pass"])
    numpy_cpu, _ = child([sys.executable, "-c", "import numpy"])
    row(
        "`eval` of a small file ≤ 0.2 s",
        f"{eval_cpu:.2f} s CPU ({eval_wall:.2f} s wall; bare interpreter {bare_cpu:.2f} s CPU, "
        f"`import numpy` alone {numpy_cpu:.2f} s CPU)",
        eval_cpu <= 0.2,
        "best of 3; neither numpy nor networkx is imported (a small graph without a batch is "
        "evaluated on floats: core/engine/floats.py)",
    )


def big_rows(tmp: Path) -> None:
    """Load and compile a 100k-node file without positions: the micrograd ops (the figures
    of earlier sessions) and every op of the registry (``ops="all"``: pow over negative
    bases, exp, log, div ...). Beside each load, the JSON parse alone."""
    for ops in ("micrograd", "all"):
        graph = layered_graph(100_000, ops=ops)
        path = tmp / f"big_{ops}.bpgraph"
        save_graph(graph, path)
        del graph
        size_mb = path.stat().st_size / 2**20
        parse = parse_alone(path)
        load_s, graph = cpu(lambda path=path: load_graph(path))
        compile_s, plan = cpu(lambda graph=graph: compile_plan(graph))
        nodes, edges = len(graph), graph.edge_count()
        note = f"{ops} ops: {nodes:,} nodes, {edges:,} edges, {size_mb:.0f} MB file"
        row("load 100k nodes ≤ 1 s", f"{load_s:.2f} s CPU ({parse})", load_s <= 1, note)
        row(
            "compile 100k nodes ≤ 1 s",
            f"{compile_s:.2f} s CPU",
            compile_s <= 1,
            f"{ops} ops, path {plan.path}",
        )
        del graph, plan
    row("100k nodes loaded and compiled under 2 GB", f"{rss_mb():.0f} MB peak", rss_mb() < 2048)


def parse_alone(path: Path) -> str:
    """CPU seconds of the JSON parse alone: the stdlib's, and orjson's (the loader's for a
    big file) where it is installed."""
    import json

    text = path.read_text(encoding="utf-8")
    figures = [f"`json.loads` alone {cpu(lambda: json.loads(text))[0]:.2f} s"]
    try:
        import orjson
    except ImportError:
        return figures[0]
    figures.append(f"`orjson.loads` {cpu(lambda: orjson.loads(text))[0]:.2f} s")
    return ", ".join(figures)


def big_window_rows(tmp: Path, n: int = 100_000) -> None:
    """Open a 100k-node file without positions in the window (far zoom: the overview draws
    the graph) and report the CPU time to the first paint and the peak RSS."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from backprop_studio.ui.shell.gc_guard import GarbageCollectorGuard
    from backprop_studio.ui.shell.main_window import create_main_window

    # as the app runs (ui/shell/app.py): no automatic collection, a timer collects when idle
    guard = GarbageCollectorGuard(app)  # noqa: F841  (kept alive for the window's life)
    path = tmp / "big_unplaced.bpgraph"
    save_graph(layered_graph(n), path)

    def open_window():
        w = create_main_window(path)
        w.resize(1280, 800)
        w.show()
        for _ in range(3):
            app.processEvents()
        return w

    open_s, window = cpu(open_window)
    row(
        f"{n:,}-node file opens ≤ 15 s with level-of-detail drawing",
        f"{open_s:.1f} s CPU, zoom {window.view.zoom():.0%}",
        open_s <= 15,
    )
    row(f"RSS < 2 GB at {n:,} nodes", f"{rss_mb():.0f} MB peak", rss_mb() < 2048)
    window.document.set_modified(False)
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--big", action="store_true", help="also load and compile 100k nodes")
    parser.add_argument("--no-window", action="store_true")
    parser.add_argument("--no-arrange", action="store_true", help="leave out Auto-Arrange")
    parser.add_argument(
        "--big-window", action="store_true", help="also open a 100k-node file in the window"
    )
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "unplaced.bpgraph"
    save_graph(layered_graph(args.nodes), path)  # graphs.py gives no positions: all at 0, 0
    print("| target | measured | | note |\n|---|---|---|---|", file=sys.stderr)
    engine_rows(path, args.nodes)
    if not args.no_window:
        window_rows(path, args.nodes, arrange=not args.no_arrange)
    process_rows()
    if args.big:
        big_rows(tmp)
    if args.big_window:
        big_window_rows(tmp)
    print(f"Load average at the end: {os.getloadavg()[0]:.1f} (2 cores).\n")
    print("| target | measured | | note |\n|---|---|---|---|")
    for target, figure, note, met in ROWS:
        verdict = "—" if met is None else ("met" if met else "**not met**")
        print(f"| {target} | {figure} | {verdict} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
