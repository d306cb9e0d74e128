"""Editing at scale: a 2,000-node / ~4,000-edge graph edited in the real main window.

Builds the canvas benchmark's layered graph (benchmarks/bench_canvas.py: 2,000 nodes in layers
of 50, ~4,000 edges, positions laid out, loss ``loss``), saves it as a ``.bpgraph`` file and
opens it with ``backprop_studio.ui.create_main_window(path)`` (every panel installed: canvas,
inspector, stepper, training studio), offscreen at 1280x800. Then, each measured until the
event loop is idle again (live evaluation and every panel's refresh done):

- importing the app's modules (once per process, before the first window);
- open: load + window built + shown + first evaluation shown + first paint;
- delete 1,000 selected nodes (Del), undo (Ctrl+Z), redo;
- drag 100 selected nodes with the mouse (press, 20 moves, release: one undo step);
- the stepper: the first step (records the trace, builds the walk), a forward step, a
  backward step (one chain-rule term on the canvas and in the panel) early and late in the
  pass, a step back;
- wheel-zoom steps from the overview into detail, and pan steps (event-loop repaints).

Each figure is given as CPU time of the process and wall-clock time (ms). The machine's two
cores are shared, so the CPU column is the steadier one.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_editing.py``
``--profile PHASE`` (open, delete, undo, redo, drag, step, zoom) prints the cProfile top
functions of that phase. ``--coalesce-training`` moves the training studio's and the loss
landscape's graph-event handlers from ``Document.graph_changed`` (one call per event) to
``Document.graph_edited`` (once per event-loop turn, each distinct kind of event once): what
those panels cost once they coalesce their whole-graph refills. Figures go in docs/benchmarks.md ("Editing at scale"); nothing here
is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_canvas import layered_graph  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backprop_studio.core.model.fileio import save_graph  # noqa: E402

PHASES = ("open", "delete", "undo", "redo", "drag", "step", "zoom")


class Clock:
    """CPU and wall time of one measured piece of work (ms), optionally profiled."""

    def __init__(self, profile: str | None) -> None:
        self.profile = profile
        self.rows: list[tuple[str, float, float]] = []

    def measure(self, name: str, fn: Callable[[], object], phase: str = "") -> tuple[float, float]:
        profiler = cProfile.Profile() if phase and phase == self.profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler is not None:
            profiler.enable()
        fn()
        if profiler is not None:
            profiler.disable()
        cpu_ms = (time.process_time() - cpu) * 1000
        wall_ms = (time.perf_counter() - wall) * 1000
        self.rows.append((name, cpu_ms, wall_ms))
        if profiler is not None:
            print(f"\n--- profile of {name} ---")
            stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
            stats.print_stats(35)
            stats.sort_stats("tottime").print_stats(20)
        return cpu_ms, wall_ms

    def add(self, name: str, samples: list[tuple[float, float]]) -> None:
        """A row giving the median of several (cpu, wall) samples."""
        self.rows.append(
            (
                name,
                statistics.median(s[0] for s in samples),
                statistics.median(s[1] for s in samples),
            )
        )

    def table(self) -> str:
        width = max(len(r[0]) for r in self.rows)
        lines = [
            f"| {'measure'.ljust(width)} | CPU ms | wall ms |",
            f"| {'-' * width} | -----: | ------: |",
        ]
        for name, cpu, wall in self.rows:
            lines.append(f"| {name.ljust(width)} | {cpu:6.0f} | {wall:7.0f} |")
        return "\n".join(lines)


def settle(app: QApplication, window) -> None:
    """Run the event loop until the live evaluation and every 0-ms refresh are done."""
    document = window.document
    for _ in range(200):
        app.processEvents()
        if not document._eval_timer.isActive():
            break
    for _ in range(3):
        app.processEvents()


def wheel(view, steps: int = 1) -> None:
    center = view.viewport().rect().center()
    event = QWheelEvent(
        QPointF(center),
        QPointF(view.viewport().mapToGlobal(center)),
        QPoint(0, 0),
        QPoint(0, 64 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--delete", type=int, default=1000, help="nodes deleted at once")
    parser.add_argument("--profile", choices=PHASES, help="print a cProfile of this phase")
    parser.add_argument(
        "--coalesce-training",
        action="store_true",
        help="run the training panels' graph-event handlers once per event-loop turn",
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from backprop_studio.ui import create_main_window

    graph = layered_graph(args.nodes)
    n_edges = len(graph.edges())
    tmp = Path(tempfile.mkdtemp(prefix="bench_editing_"))
    os.environ["XDG_STATE_HOME"] = str(tmp / "state")  # autosave files stay in the temp folder
    path = tmp / "big.bpgraph"
    save_graph(graph, path)
    print(f"graph: {len(graph)} nodes, {n_edges} edges ({path.stat().st_size // 1024} KiB)")
    del graph
    clock = Clock(args.profile)
    holder: dict = {}

    def imports() -> None:  # a fresh process imports the panels' modules on the first window
        from backprop_studio.ui.shell import main_window

        for dotted in main_window.PANEL_INSTALLERS:
            importlib.import_module(dotted.partition(":")[0])

    clock.measure("import the app's modules (once per process)", imports, "open")

    def open_window() -> None:
        window = create_main_window(path)
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window)
        settle(app, window)
        window.view.viewport().grab()
        holder["window"] = window

    clock.measure("open: load, build, show, evaluate, paint", open_window, "open")
    window = holder["window"]
    document, scene, view = window.document, window.scene, window.view
    if args.coalesce_training:
        coalesce_training_handlers(window)
    assert document.result is not None, document.problems

    # ------------------------------------------------------------------ delete, undo, redo
    doomed = [n.id for n in document.graph.nodes()[: args.delete]]
    scene.select_ids(doomed)
    settle(app, window)
    delete = window.action("delete")
    undo, redo = window.action("undo"), window.action("redo")
    before = document.dumps()

    def run(action) -> Callable[[], None]:
        return lambda: (action.trigger(), settle(app, window))

    clock.measure(f"delete {len(doomed)} selected nodes (+ their edges)", run(delete), "delete")
    check(len(document.graph) == args.nodes - len(doomed), "the nodes were deleted")
    clock.measure("undo the delete", run(undo), "undo")
    check(document.dumps() == before, "undo restored the exact document")
    clock.measure("redo the delete", run(redo), "redo")
    clock.measure("undo again", run(undo), "")
    check(document.result is not None, "the graph evaluates after undo")

    # ------------------------------------------------------------------ drag 100 nodes
    ids = [f"n5_{i}" for i in range(50)] + [f"n6_{i}" for i in range(50)]
    scene.select_ids(ids)
    view.set_zoom(0.6)
    item = scene.node_item("n5_20")
    view.centerOn(item.pos())
    settle(app, window)
    vp = view.viewport()
    per_move: list[tuple[float, float]] = []

    def drag() -> None:
        start = view.mapFromScene(item.pos() + QPointF(0, -20))
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, 21):
            cpu, wall = time.process_time(), time.perf_counter()
            QTest.mouseMove(vp, start + QPoint(4 * i, 2 * i))
            app.processEvents()
            per_move.append(
                ((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)
            )
        QTest.mouseRelease(
            vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(80, 40)
        )
        settle(app, window)

    steps_before = document.undo_stack.index()
    clock.measure("drag 100 nodes: press, 20 moves, release, settle", drag, "drag")
    clock.add("  per mouse move (median, event-loop repaint)", per_move)
    check(document.undo_stack.index() == steps_before + 1, "the drag made one undo step")

    # ------------------------------------------------------------------ stepper
    stepper = window.stepper
    scene.select_ids([])
    view.set_zoom(1.0)
    settle(app, window)
    samples: dict[str, list[tuple[float, float]]] = {}

    def stepping() -> None:
        step = lambda: (stepper.step(), app.processEvents())  # noqa: E731
        samples["first"] = [clock_one(step)]
        samples["forward"] = [
            clock_one(lambda: (stepper.step_forward(), app.processEvents())) for _ in range(10)
        ]
        stepper.run_forward()
        app.processEvents()
        samples["backward"] = [
            clock_one(lambda: (stepper.step_backward(), app.processEvents())) for _ in range(10)
        ]
        walk = stepper.walk
        stepper.goto_term(walk.backward_total - 12)
        app.processEvents()
        samples["late"] = [
            clock_one(lambda: (stepper.step_backward(), app.processEvents())) for _ in range(10)
        ]
        samples["back"] = [
            clock_one(lambda: (stepper.step_back(), app.processEvents())) for _ in range(5)
        ]

    clock.measure("stepper: all the steps below", stepping, "step")
    clock.rows.pop()
    clock.add("stepper: first step (records the trace, builds the walk)", samples["first"])
    clock.add("stepper: forward step, one node (median of 10)", samples["forward"])
    clock.add("stepper: backward step, early in the pass (median of 10)", samples["backward"])
    clock.add("stepper: backward step, late in the pass (median of 10)", samples["late"])
    clock.add("stepper: step back (median of 5)", samples["back"])
    stepper.reset()
    stepper.reset()
    settle(app, window)

    # ------------------------------------------------------------------ zoom and pan
    view.set_zoom(0.1)
    view.centerOn(QPointF(2000, 2000))
    settle(app, window)
    zooms: list[tuple[float, float]] = []

    def zoom_in() -> None:
        while view.zoom() < 1.5:
            zooms.append(clock_one(lambda: (wheel(view), app.processEvents())))

    clock.measure("wheel zoom 0.1x -> 1.5x (all steps)", zoom_in, "zoom")
    clock.add(f"  wheel step (median of {len(zooms)})", zooms)
    clock.rows.append(("  slowest wheel step", *max(zooms)))
    clock.measure(
        "  repaint sharp when the wheel stops",
        lambda: (view._zoom_settle.timeout.emit(), app.processEvents()),
    )
    pans = []
    for _ in range(10):

        def pan() -> None:
            h = view.horizontalScrollBar()
            h.setValue(h.value() + 40)
            app.processEvents()

        pans.append(clock_one(pan))
    clock.add("pan step of 40 px at zoom 1.5 (median of 10)", pans)

    print()
    print(clock.table())
    window.document.set_modified(False)
    window.close()
    app.processEvents()


def coalesce_training_handlers(window) -> None:
    """Kept for the flag: the training panels now follow Document.graph_edited themselves
    (once per edit), which is what this used to simulate."""
    print("note: the training panels already refresh once per edit", file=sys.stderr)


def check(ok: bool, what: str) -> None:
    """Say (without stopping) when a measured action did not do what it should."""
    if not ok:
        print(f"WARNING: not true that {what}", file=sys.stderr)


def clock_one(fn: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


if __name__ == "__main__":
    main()
