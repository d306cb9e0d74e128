"""The edge layer draws the curves of an array where they run, skips those an item draws,
draws the same pixels whatever part is exposed, and looks like the edge items."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QStyleOptionGraphicsItem

from backprop_studio.ui.canvas import edge_layer
from backprop_studio.ui.canvas.curve import Curve
from backprop_studio.ui.canvas.edge_layer import EdgeLayer, clip_segments, flatten
from backprop_studio.ui.canvas.model_geometry import GraphGeometry
from backprop_studio.ui.canvas.node_item import NodeItem
from backprop_studio.ui.canvas.scene import GraphScene
from backprop_studio.ui.canvas.theme import light_theme

WHITE = QColor("#ffffff")


def three_curves() -> np.ndarray:
    """A straight edge at y = 50, an S curve from (0, 150) to (300, 250), a straight one at
    y = 350."""
    return np.array(
        [
            Curve.between(0, 50, 300, 50),
            Curve.between(0, 150, 300, 250),
            Curve.between(0, 350, 300, 350),
        ],
        dtype=float,
    )


def render(scene: QGraphicsScene, rect: QRectF, antialiased: bool = True) -> QImage:
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(WHITE)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialiased)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def pixels(image: QImage) -> np.ndarray:
    """The image as an (h, w, 4) array of bytes (B, G, R, A)."""
    ptr = image.constBits()
    data = np.frombuffer(ptr, dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()].copy()


def inked(image: QImage) -> np.ndarray:
    """Where something darker than white was drawn: an (h, w) bool array."""
    return pixels(image)[:, :, :3].min(axis=2) < 245


def layer_scene(curves: np.ndarray, by_items: np.ndarray) -> tuple[QGraphicsScene, EdgeLayer]:
    scene = QGraphicsScene()
    layer = EdgeLayer(light_theme())
    layer.set_curves(curves, by_items)
    scene.addItem(layer)
    return scene, layer


VIEW = QRectF(-20, 0, 340, 400)  # scene rect rendered; pixel (x, y) is scene (x - 20, y)


def at(ink: np.ndarray, x: float, y: float, around: int = 1) -> bool:
    """Whether there is ink within ``around`` pixels of scene point (x, y)."""
    px, py = int(round(x - VIEW.left())), int(round(y - VIEW.top()))
    return bool(ink[py - around : py + around + 1, px - around : px + around + 1].any())


def test_edges_are_drawn_where_they_run_and_not_where_items_draw_them(qapp):
    curves = three_curves()
    scene, layer = layer_scene(curves, np.array([False, False, True]))
    ink = inked(render(scene, VIEW))
    for t in (0.1, 0.3, 0.5, 0.7, 0.9):
        assert at(ink, *Curve(*curves[0]).at(t))
        assert at(ink, *Curve(*curves[1]).at(t))
    assert not ink[330:370, :].any()  # the third edge is drawn by an item
    assert not at(ink, 150, 100, around=5)  # between the edges: nothing
    assert not ink[:, :15].any()  # left of every edge: nothing
    # an item now draws the first edge, the third comes back to the layer
    layer.set_drawn_by_items(np.array([True, False, False]))
    ink = inked(render(scene, VIEW))
    assert not ink[40:60, :].any()
    assert at(ink, 150, 350) and at(ink, *Curve(*curves[1]).at(0.5))


def test_the_pen_is_the_idle_edge_of_the_items(qapp):
    curves = three_curves()
    scene, _layer = layer_scene(curves, np.zeros(3, dtype=bool))
    bgr = pixels(render(scene, VIEW))[50 - int(VIEW.top()), 150 - int(VIEW.left()), :3]
    edge = light_theme().edge
    assert tuple(int(v) for v in bgr) == pytest.approx(
        (edge.blue(), edge.green(), edge.red()), abs=3
    )
    ink = inked(render(scene, VIEW))
    column = ink[:, 150 - int(VIEW.left())]
    rows = np.flatnonzero(column[30:70]) + 30
    assert 2 <= len(rows) <= 4  # 1.8 px wide, antialiased: 2 to 4 pixel rows


def test_exposed_rect_draws_the_same_pixels_as_a_full_paint(qapp):
    rng = np.random.default_rng(7)
    starts = rng.uniform(0, 600, size=(150, 2))
    ends = starts + rng.uniform(-300, 900, size=(150, 2))
    curves = np.array([Curve.between(*s, *e) for s, e in zip(starts, ends, strict=True)])
    layer = EdgeLayer(light_theme())
    layer.set_curves(curves, np.zeros(len(curves), dtype=bool))
    full_rect = layer.boundingRect()
    part = QRectF(200, 150, 260, 180)

    def paint(exposed: QRectF) -> np.ndarray:
        image = QImage(int(full_rect.width()), int(full_rect.height()), QImage.Format.Format_ARGB32)
        image.fill(WHITE)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-full_rect.left(), -full_rect.top())
        option = QStyleOptionGraphicsItem()
        option.exposedRect = exposed
        layer.paint(painter, option, None)
        painter.end()
        return pixels(image).astype(int)

    full, partial = paint(full_rect), paint(part)
    x0, y0 = int(part.left() - full_rect.left()), int(part.top() - full_rect.top())
    inside = np.s_[y0 : y0 + int(part.height()), x0 : x0 + int(part.width())]
    assert (full[inside] < 245).any()  # edges do cross the part
    assert np.abs(full[inside] - partial[inside]).max() <= 2  # rounding of the cut ends
    outside = partial.copy()
    outside[y0 - 8 : y0 + int(part.height()) + 8, x0 - 8 : x0 + int(part.width()) + 8] = 255
    assert (outside == 255).all()  # nothing painted away from the exposed part


def test_a_moved_curve_is_drawn_where_it_is_now(qapp):
    curves = three_curves()
    scene, layer = layer_scene(curves, np.zeros(3, dtype=bool))
    layer.update_curves(np.array([0]), np.array([Curve.between(0, 100, 300, 100)]))
    ink = inked(render(scene, VIEW))
    assert not ink[40:60, :].any()
    assert at(ink, 150, 100)
    assert layer.boundingRect().contains(QRectF(0, 100, 300, 250))


def test_forced_aliasing_draws_no_blended_pixels(qapp):
    scene, layer = layer_scene(three_curves(), np.zeros(3, dtype=bool))
    edge = light_theme().edge
    colours = {(edge.blue(), edge.green(), edge.red()), (255, 255, 255)}

    def seen() -> set[tuple[int, int, int]]:
        rgb = pixels(render(scene, VIEW))[:, :, :3].reshape(-1, 3)
        return {tuple(int(v) for v in row) for row in np.unique(rgb, axis=0)}

    assert seen() - colours  # antialiased: blended pixels along the edges
    layer.set_antialiasing(False)
    assert seen() == colours


def test_layer_lies_under_cards_and_items_and_takes_no_clicks(qapp, example):
    graph = example("chain_rule")
    scene = GraphScene(graph, theme=light_theme())
    geometry = GraphGeometry(graph, scene.theme)
    layer = EdgeLayer()
    layer.set_curves(geometry.curves, np.zeros(len(geometry.curves), dtype=bool))
    scene.addItem(layer)
    assert layer.theme() is scene.theme  # the scene's theme when given none
    card = scene.node_item(graph.nodes()[0].id)
    assert isinstance(card, NodeItem)
    assert layer.zValue() < card.zValue() and layer.zValue() < 0
    assert layer.acceptedMouseButtons() == Qt.MouseButton.NoButton
    middle = QPointF(*Curve(*geometry.curves[0]).at(0.5))
    assert layer not in scene.items(middle)  # no shape: never under the mouse
    boxes = layer.boundingRect()
    for row in geometry.curves:
        assert boxes.contains(QPointF(row[0], row[1])) and boxes.contains(QPointF(row[6], row[7]))
    with pytest.raises(ValueError, match="6 curves but 2"):
        layer.set_drawn_by_items(np.zeros(2, dtype=bool))


def test_layer_edges_look_like_item_edges(qapp, example):
    """The layer's drawing of an example's edges matches the items' pixel for pixel within
    a few levels, away from the weight pills (the layer draws none)."""
    graph = example("xor_network")
    scene = GraphScene(graph, theme=light_theme())
    for card in scene.node_items():
        card.setVisible(False)
    rect = scene.cards_rect().adjusted(-30, -30, 30, 30)
    items = pixels(render(scene, rect)).astype(int)
    geometry = GraphGeometry(graph, scene.theme)
    layer = EdgeLayer(scene.theme)
    layer.set_curves(geometry.curves, np.zeros(len(geometry.curves), dtype=bool))
    pills = [e.label_rect().adjusted(-3, -3, 3, 3) for e in scene.edge_items()]
    for edge in scene.edge_items():
        edge.setVisible(False)
    scene.addItem(layer)
    drawn = pixels(render(scene, rect)).astype(int)
    away = np.ones(items.shape[:2], dtype=bool)
    for pill in pills:
        x0, y0 = int(pill.left() - rect.left()), int(pill.top() - rect.top())
        away[max(0, y0) : y0 + int(pill.height()) + 1, max(0, x0) : x0 + int(pill.width()) + 1] = (
            False
        )
    ink = (items[:, :, :3].min(axis=2) < 245) & away
    assert ink.sum() > 2000  # the edges are there
    differ = (np.abs(items - drawn)[:, :, :3].max(axis=2) > 40) & away
    assert differ.sum() <= 0.03 * ink.sum()


def test_flatten_and_clip():
    curve = np.array([Curve.between(0, 0, 100, 800)])
    xs, ys = flatten(curve, 24)
    assert xs.shape == ys.shape == (1, 25)
    assert (xs[0, 0], ys[0, 0], xs[0, -1], ys[0, -1]) == (0, 0, 100, 800)
    for x, y in zip(xs[0], ys[0], strict=True):
        # every point lies on the curve (at the t it was taken at)
        assert (
            min(
                np.hypot(*np.subtract(Curve(*curve[0]).at(t), (x, y)))
                for t in np.linspace(0, 1, 4001)
            )
            < 0.5
        )
    segments = np.array([[-10.0, 5.0, 10.0, 5.0], [20.0, 20.0, 30.0, 30.0], [0, -5, 0, 15]])
    clipped = clip_segments(segments, (0.0, 0.0, 10.0, 10.0))
    assert clipped.tolist() == [[0.0, 5.0, 10.0, 5.0], [0.0, 0.0, 0.0, 10.0]]


def test_a_crowded_view_is_drawn_without_antialiasing(qapp, qtbot, monkeypatch):
    """As the painter says (the view antialiases) unless more edges than the limit cross the
    whole view: then aliased, whichever part of the view is repainted."""
    scene, layer = layer_scene(three_curves(), np.zeros(3, dtype=bool))
    scene.setSceneRect(VIEW)
    view = QGraphicsView(scene)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    qtbot.addWidget(view)
    view.resize(int(VIEW.width()) + 4, int(VIEW.height()) + 4)
    view.show()
    qtbot.waitExposed(view)
    edge = light_theme().edge
    plain = {(edge.blue(), edge.green(), edge.red()), (255, 255, 255)}  # edge, background

    def colours() -> set[tuple[int, int, int]]:
        rgb = pixels(view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32))[
            :, :, :3
        ].reshape(-1, 3)
        return {tuple(int(v) for v in row) for row in np.unique(rgb, axis=0)}

    monkeypatch.setattr(edge_layer, "ANTIALIAS_EDGE_LIMIT", 3)
    assert colours() - plain  # three edges: antialiased
    monkeypatch.setattr(edge_layer, "ANTIALIAS_EDGE_LIMIT", 2)
    assert colours() <= plain  # crowded: aliased


def test_far_out_edges_are_thin_lines(qapp):
    scene, _layer = layer_scene(three_curves(), np.zeros(3, dtype=bool))
    image = QImage(68, 80, QImage.Format.Format_ARGB32)  # a fifth of the size: zoom 20 %
    image.fill(WHITE)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), VIEW)
    painter.end()
    ink = inked(image)
    assert ink[10].any() and not ink[20].any()  # the edge at y = 50, nothing at y = 100
    assert ink[8:13, 34].sum() == 1  # one pixel thick, as the items' cosmetic far lines


@pytest.mark.parametrize("scale", [0.35, 1.0, 2.5, 4.0])
@pytest.mark.parametrize(
    "ends",
    [
        (0, 0, 80, 10_000),  # a tall S between neighbouring columns
        (0, 0, 80, 300),
        (0, 0, 800, 300),  # a wide S
        (0, 0, -800, 500),  # running backwards: a loop
        (0, 0, 3000, -40),
    ],
)
def test_polylines_stay_close_to_the_curves(ends, scale):
    """On screen (zoom ``scale``) the flattened curve is within 0.35 px of the curve."""
    curve = np.array([Curve.between(*ends)])
    count = int(edge_layer.segment_counts(curve, scale)[0])
    xs, ys = flatten(curve, count)
    a = np.stack([xs[0, :-1], ys[0, :-1]], axis=1)
    b = np.stack([xs[0, 1:], ys[0, 1:]], axis=1)
    exact = np.array([Curve(*curve[0]).at(t) for t in np.linspace(0, 1, 3001)])
    ab = b - a
    u = np.einsum("pkd,kd->pk", exact[:, None, :] - a[None], ab) / np.einsum("kd,kd->k", ab, ab)
    nearest = a[None] + np.clip(u, 0, 1)[:, :, None] * ab[None]
    gap = np.linalg.norm(exact[:, None, :] - nearest, axis=2).min(axis=1).max()
    assert gap * scale <= 0.35
