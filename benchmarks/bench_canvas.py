"""Canvas benchmark: a 2,000-node / 4,000-edge graph on the real scene and view (offscreen).

Measures, and prints as a table (times in milliseconds):

- building the scene (every node and edge item, weight pills placed);
- fitting the view and the first full repaint;
- a repaint at each of several zoom levels (``grab()`` paints the whole viewport);
- a repaint after each pan step: a full one (``grab()``, an upper bound) and the one the
  event loop really does (the view scrolls its pixels and paints the uncovered strip);
- a mouse drag of one node (press, 20 moves, release), and of 100 selected nodes, with a full
  repaint or the event loop's repaint after each move;
- a small graph change (one label) and a full evaluation shown on every node.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_canvas.py [--nodes 2000] [--wall]``
(CPU time of the process by default: steadier than wall time on a shared machine).
Figures go in docs/benchmarks.md ("Canvas"); nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backprop_studio.core.engine.plan import evaluate  # noqa: E402
from backprop_studio.core.model.graph import Edge, Graph, Node  # noqa: E402
from backprop_studio.ui.canvas.scene import GraphScene  # noqa: E402
from backprop_studio.ui.canvas.theme import light_theme  # noqa: E402
from backprop_studio.ui.canvas.view import GraphView  # noqa: E402


def layered_graph(nodes: int, per_layer: int = 50, seed: int = 0, reach: int = 3) -> Graph:
    """Layers of ``per_layer`` nodes, each non-source node taking 2 edges from the layer
    before (every node feeds at least one), the last layer summed into the loss: about
    2 edges per node, e.g. 2,000 nodes and ~4,000 edges. Sources are picked within ``reach``
    rows of the node (as in a drawn or auto-arranged graph); ``reach=0`` picks anywhere in the
    layer (a worst case: thousands of long crossing edges)."""
    rng = random.Random(seed)
    g = Graph(title=f"bench {nodes}")
    layers: list[list[str]] = []
    made = 0
    while made < nodes - 1:
        k = len(layers)
        layer = []
        for i in range(min(per_layer, nodes - 1 - made)):
            nid = f"n{k}_{i}"
            pos = (k * 220.0, i * 110.0)
            if k == 0:
                g.add_node(
                    Node(nid, "parameter", value=rng.uniform(-1, 1), trainable=True, position=pos)
                )
            else:
                g.add_node(Node(nid, rng.choice(["add", "mul"]), position=pos))
            layer.append(nid)
            made += 1
        layers.append(layer)
    e = 0
    for k in range(1, len(layers)):
        prev = layers[k - 1]
        unused = set(prev)
        for i, nid in enumerate(layers[k]):
            near = prev if not reach else prev[max(0, i - reach) : i + reach + 1]
            fresh = [p for p in near if p in unused]
            first = rng.choice(fresh or near)
            unused.discard(first)
            second = rng.choice([p for p in near if p != first] or [p for p in prev if p != first])
            for s in (first, second):
                e += 1
                w = 1.0 if e % 4 else round(rng.uniform(-1, 1), 2)
                g.add_edge(Edge(f"e{e}", s, nid, "in", weight=w, trainable=e % 8 == 0))
        for s in sorted(unused):  # make sure every node is used
            row = prev.index(s)
            e += 1
            target = layers[k][min(row, len(layers[k]) - 1)]
            g.add_edge(Edge(f"e{e}", s, target, "in"))
    g.add_node(Node("loss", "add", position=(len(layers) * 220.0, 0.0)))
    for nid in layers[-1]:
        e += 1
        g.add_edge(Edge(f"e{e}", nid, "loss", "in"))
    g.set_meta(loss="loss")
    return g


# CPU time of this process: on a machine whose cores are shared with other jobs, wall time
# mostly measures the waiting. ``--wall`` switches to wall-clock time.
CLOCK = time.process_time


def timed(fn, repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = CLOCK()
        fn()
        out.append((CLOCK() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument(
        "--reach",
        type=int,
        default=3,
        help="sources within this many rows (0: anywhere in the layer, a worst case)",
    )
    parser.add_argument("--wall", action="store_true", help="wall-clock instead of CPU time")
    args = parser.parse_args()
    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter
    app = QApplication.instance() or QApplication([])
    graph = layered_graph(args.nodes, reach=args.reach)
    print(f"graph: {len(graph)} nodes, {len(graph.edges())} edges")
    rows: list[tuple[str, str]] = []

    scene_holder: dict = {}

    def build() -> None:
        scene_holder["scene"] = GraphScene(graph, theme=light_theme())

    rows.append(("build scene (all items)", f"{timed(build)[0]:.0f}"))
    scene: GraphScene = scene_holder["scene"]
    view = GraphView(scene)
    view.resize(1400, 900)
    view.show()
    QTest.qWaitForWindowExposed(view)

    def fit_and_paint() -> None:
        view.fit_to_view()
        view.viewport().grab()

    rows.append(("fit to view + first full repaint", f"{timed(fit_and_paint)[0]:.0f}"))

    frames = []
    for zoom in (0.1, 0.2, 0.35, 0.5, 0.8, 1.0, 1.5):
        view.set_zoom(zoom)
        frames.append((zoom, timed(lambda: view.viewport().grab(), 3)))
    for zoom, times in frames:
        rows.append((f"repaint at zoom {zoom:g}", f"{statistics.median(times):.1f}"))

    # a wheel sweep from far out to close in: real wheel events (+10 % each), each followed
    # by the event loop's repaint; then the repaint when the wheel stops (cards made sharp)
    view.set_zoom(0.1)
    view.centerOn(QPointF(2000, 2000))
    app.processEvents()
    center = view.viewport().rect().center()
    steps = []
    while view.zoom() < 1.5:

        def step() -> None:
            wheel = QWheelEvent(
                QPointF(center),
                QPointF(view.viewport().mapToGlobal(center)),
                QPoint(0, 0),
                QPoint(0, 64),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            )
            QApplication.sendEvent(view.viewport(), wheel)
            app.processEvents()

        steps.extend(timed(step))
    rows.append(
        (
            f"wheel zoom step 0.1x -> 1.5x, event loop (median of {len(steps)})",
            f"{statistics.median(steps):.1f}",
        )
    )
    rows.append(("  slowest wheel step", f"{max(steps):.1f}"))
    settle = timed(lambda: (view._zoom_settle.timeout.emit(), app.processEvents()))[0]
    rows.append(("  repaint sharp when the wheel stops", f"{settle:.1f}"))

    view.set_zoom(1.0)
    view.centerOn(QPointF(2000, 2000))
    pans = []
    for _ in range(10):

        def pan() -> None:
            h = view.horizontalScrollBar()
            h.setValue(h.value() + 120)
            view.viewport().grab()

        pans.extend(timed(pan))
    rows.append(
        ("pan step + full repaint at zoom 1 (median of 10)", f"{statistics.median(pans):.1f}")
    )
    # what a user sees: the view scrolls its pixels and repaints only the uncovered strip
    live = []
    for _ in range(10):

        def live_pan() -> None:
            h = view.horizontalScrollBar()
            h.setValue(h.value() + 40)
            app.processEvents()

        live.extend(timed(live_pan))
    rows.append(
        ("pan step of 40 px, event-loop repaint (median of 10)", f"{statistics.median(live):.1f}")
    )

    # drag one node with the mouse, repainting after every move
    item = scene.node_item("n5_5")
    view.centerOn(item.pos())
    vp = view.viewport()
    moves_seen = []
    scene.nodes_moved.connect(moves_seen.append)

    def drag(points: int = 20, full: bool = True) -> list[float]:
        start = view.mapFromScene(item.pos() + QPointF(0, -20))
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        per = []
        for i in range(1, points + 1):
            t0 = CLOCK()
            QTest.mouseMove(vp, start + QPoint(4 * i, 2 * i))
            if full:
                vp.grab()
            else:
                app.processEvents()
            per.append((CLOCK() - t0) * 1000)
        QTest.mouseRelease(
            vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(80, 40)
        )
        return per

    per = drag()
    rows.append(("drag 1 node: per mouse move + full repaint", f"{statistics.median(per):.1f}"))
    per = drag(full=False)
    rows.append(
        ("drag 1 node: per mouse move, event-loop repaint", f"{statistics.median(per):.1f}")
    )
    ids = [f"n5_{i}" for i in range(50)] + [f"n6_{i}" for i in range(50)]
    scene.select_ids(ids)
    view.set_zoom(0.5)
    view.centerOn(item.pos())
    per = drag()
    rows.append(
        ("drag 100 selected nodes: per move + full repaint", f"{statistics.median(per):.1f}")
    )
    per = drag(full=False)
    rows.append(
        ("drag 100 selected nodes: per move, event-loop repaint", f"{statistics.median(per):.1f}")
    )
    assert len(moves_seen) == 4, moves_seen  # one nodes_moved per drag

    small = timed(lambda: graph.update_node("n7_7", label="renamed"), 5)
    rows.append(("one label change (graph event -> item)", f"{statistics.median(small):.2f}"))
    result = evaluate(graph, record=False)
    rows.append(
        (
            "show an evaluation on every node",
            f"{timed(lambda: scene.set_evaluation(result, []))[0]:.0f}",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  ms")
    print(f"{'-' * width}  ------")
    for name, ms in rows:
        print(f"{name.ljust(width)}  {ms}")
    app.processEvents()


if __name__ == "__main__":
    main()
