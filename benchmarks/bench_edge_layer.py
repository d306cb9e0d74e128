"""Edges drawn from arrays: the model's geometry and the edge layer on a 10k-node graph.

On the layered graph of ``graphs.layered_graph`` (10,003 nodes, 20,409 edges by default)
placed by the fast layered layout (Auto-Arrange's above 1,500 nodes), measures and prints
(CPU time of the process, milliseconds; median of the repeats):

- ``GraphGeometry``: building every card box and edge curve from the graph; a move of 100
  nodes (a drag step) and of every node (Auto-Arrange);
- ``EdgeLayer.set_curves`` on all curves;
- painting a 1280x800 exposed rectangle at 100 % zoom in the middle of the graph (the one the
  issue names: ~1,400 long edges cross it) into an image, with antialiasing on and off:
  the layer's way (the segments as one ``QPainterPath`` built by ``pyqtgraph.arrayToQPath``),
  the same segments through ``drawLines`` on a ``QPolygonF`` written from numpy and on a list
  of ``QLineF``, and, for comparison, one Bézier path stroked per edge (what the
  edge items do);
- the numpy part alone (choosing, flattening and clipping the segments);
- the layer alone in a 1280x800 view at 100 %: a full repaint, and pan steps through the
  event loop (horizontal, and diagonal: Qt then repaints the bounding rectangle of an L).

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_edge_layer.py [--nodes 10000]``.
The machine may be shared: compare figures of one run. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from graphs import layered_graph  # noqa: E402
from pyqtgraph.functions import create_qpolygonf, ndarray_from_qpolygonf  # noqa: E402
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPen  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
)

from backprop_studio.ui.canvas.edge_layer import (  # noqa: E402
    ANTIALIAS_EDGE_LIMIT,
    EDGE_WIDTH,
    PAD,
    EdgeLayer,
    visible_segments,
)
from backprop_studio.ui.canvas.layout import fast_layout  # noqa: E402
from backprop_studio.ui.canvas.model_geometry import GraphGeometry  # noqa: E402
from backprop_studio.ui.canvas.theme import light_theme  # noqa: E402

VIEW_W, VIEW_H = 1280, 800


def cpu_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    theme = light_theme()

    graph = layered_graph(args.nodes)
    for nid, position in fast_layout(graph).items():
        graph.update_node(nid, position=position)
    print(f"graph: {len(graph.nodes())} nodes, {graph.edge_count()} edges (CPU ms, median)")

    geometry = GraphGeometry(graph, theme)
    print(f"GraphGeometry build            {cpu_ms(lambda: GraphGeometry(graph, theme), 3):8.1f}")
    half = len(geometry.node_ids) // 2
    some = zip(
        geometry.node_ids[half : half + 100],
        geometry.centres[half : half + 100].tolist(),
        strict=True,
    )
    step = {nid: (x + 8.0, y + 3.0) for nid, (x, y) in some}
    print(f"move_nodes, 100 nodes          {cpu_ms(lambda: geometry.move_nodes(step), 20):8.2f}")
    arranged = {nid: (x * 1.05, y * 0.95) for nid, (x, y) in fast_layout(graph).items()}
    print(f"move_nodes, every node         {cpu_ms(lambda: geometry.move_nodes(arranged), 5):8.1f}")
    geometry = GraphGeometry(graph, theme)

    layer = EdgeLayer(theme)
    curves, none = geometry.curves, np.zeros(len(geometry.curves), dtype=bool)
    print(
        f"EdgeLayer.set_curves, all      {cpu_ms(lambda: layer.set_curves(curves, none), 9):8.2f}"
    )

    centre = np.median(geometry.centres, axis=0)
    exposed = QRectF(centre[0] - VIEW_W / 2, centre[1] - VIEW_H / 2, VIEW_W, VIEW_H)
    grown = exposed.adjusted(-PAD, -PAD, PAD, PAD)
    rows = layer.rows_in(grown)
    rect = (grown.left(), grown.top(), grown.right(), grown.bottom())
    pieces = visible_segments(curves[rows], rect)
    print(f"edges crossing the 1280x800 rect: {len(rows)}, segments drawn: {len(pieces)}")

    def numpy_part() -> None:
        visible_segments(curves[layer.rows_in(grown)], rect)

    print(f"numpy part (choose, flatten, clip) {cpu_ms(numpy_part, args.repeat):6.2f}")

    image = QImage(VIEW_W, VIEW_H, QImage.Format.Format_ARGB32_Premultiplied)
    option = QStyleOptionGraphicsItem()
    option.exposedRect = exposed
    pen = QPen(theme.edge, EDGE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap)
    round_pen = QPen(theme.edge, EDGE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)

    def painted(draw: Callable[[QPainter], None], antialiased: bool) -> Callable[[], None]:
        def run() -> None:
            image.fill(theme.background)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)
            painter.translate(-exposed.left(), -exposed.top())
            painter.setClipRect(exposed)
            draw(painter)
            painter.end()

        return run

    def layer_paint(painter: QPainter) -> None:
        layer.paint(painter, option, None)

    def qlinef_list(painter: QPainter) -> None:
        segs = visible_segments(curves[layer.rows_in(grown)], rect)
        painter.setPen(pen)
        painter.drawLines([QLineF(*row) for row in segs.tolist()])

    def qpolygon(painter: QPainter) -> None:
        segs = visible_segments(curves[layer.rows_in(grown)], rect)
        lines = create_qpolygonf(2 * len(segs))
        ndarray_from_qpolygonf(lines)[:] = segs.reshape(-1, 2)
        painter.setPen(pen)
        painter.drawLines(lines)

    def bezier_each(painter: QPainter) -> None:
        painter.setPen(round_pen)
        for c in curves[rows].tolist():
            path = QPainterPath(QPointF(c[0], c[1]))
            path.cubicTo(c[2], c[3], c[4], c[5], c[6], c[7])
            painter.drawPath(path)

    ways = (
        ("EdgeLayer.paint (arrayToQPath, drawPath)", layer_paint, True),
        ("QPolygonF of pairs, drawLines", qpolygon, True),
        ("list of QLineF, drawLines", qlinef_list, True),
        ("a Bezier path per edge (as items)", bezier_each, False),
    )
    # round robin: every way sees the same load; median and best of the rounds
    times: dict[tuple[str, bool], list[float]] = {}
    for round_ in range(args.repeat):
        for name, draw, every_round in ways:
            if not every_round and round_ >= 3:
                continue
            for antialiased in (True, False):
                layer.set_antialiasing(antialiased)
                spent = cpu_ms(painted(draw, antialiased), 1)
                times.setdefault((name, antialiased), []).append(spent)
    print(f"{'paint of the 1280x800 rect':38s} {'antialiased':>16s} {'aliased':>16s}")
    print(f"{'':38s} {'median   best':>16s} {'median   best':>16s}")
    for name, _draw, _every in ways:
        cells = [times[(name, aa)] for aa in (True, False)]
        text = "".join(f"{statistics.median(c):9.1f}{min(c):7.1f}" for c in cells)
        print(f"{name:38s} {text}")
    layer.set_antialiasing(None)
    view_rows(app, layer, centre)
    del app


def view_rows(app: QApplication, layer: EdgeLayer, centre: np.ndarray) -> None:
    """The layer alone in a 1280x800 view at 100 % (the canvas's render hints and update
    mode), antialiasing as the layer chooses it: a full repaint and pan steps through the
    event loop (the view scrolls its pixels and repaints what the scroll uncovered)."""
    scene = QGraphicsScene()
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    scene.addItem(layer)
    scene.setSceneRect(layer.boundingRect())
    view = QGraphicsView(scene)
    view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
    view.setOptimizationFlags(
        QGraphicsView.OptimizationFlag.DontSavePainterState
        | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
    )
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.resize(VIEW_W, VIEW_H)
    view.show()
    view.centerOn(float(centre[0]), float(centre[1]))
    app.processEvents()
    port = view.viewport()
    visible = view.mapToScene(port.rect()).boundingRect()
    crossing = len(layer.rows_in(visible))
    print(f"in a {VIEW_W}x{VIEW_H} view: {crossing} edges cross it, so antialiasing is ", end="")
    print("off" if crossing > ANTIALIAS_EDGE_LIMIT else "on")
    print(f"view: full repaint (grab)          {cpu_ms(port.grab, 9):6.1f}")
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()
    for name, dx, dy in (("horizontal", 24, 0), ("diagonal", 24, 16)):

        def step(dx: int = dx, dy: int = dy) -> None:
            h.setValue(h.value() + dx)
            v.setValue(v.value() + dy)
            app.processEvents()

        print(f"view: pan step, {name:10s}         {cpu_ms(step, 20):6.1f}")
    view.grab().save("/tmp/bench_edge_layer_view.png")
    print("the view's picture: /tmp/bench_edge_layer_view.png")
    scene.removeItem(layer)
    view.close()


if __name__ == "__main__":
    main()
