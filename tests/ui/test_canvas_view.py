"""GraphView: wheel zoom around the cursor, panning, fit to view, the grid, themes."""

from __future__ import annotations

from canvas_helpers import drag, make_canvas, vp
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from backprop_studio.core.model.graph import Graph
from backprop_studio.ui.canvas import theme as theme_mod
from backprop_studio.ui.canvas.view import MAX_ZOOM, MIN_ZOOM


def _wheel(view, pos: QPoint, delta: int) -> None:
    event = QWheelEvent(
        QPointF(pos),
        QPointF(view.viewport().mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_object_name_and_rendering_hints(qtbot, example):
    scene, view, _ = make_canvas(qtbot, example("chain_rule"))
    assert view.objectName() == "canvas"
    assert view.renderHints() & view.renderHints().Antialiasing


def test_wheel_zooms_around_the_cursor(qtbot, example):
    scene, view, _ = make_canvas(qtbot, example("chain_rule"))
    pos = QPoint(300, 200)
    under = view.mapToScene(pos)
    zoom = view.zoom()
    _wheel(view, pos, 240)
    assert view.zoom() > zoom * 1.2
    after = view.mapToScene(pos)
    assert abs(after.x() - under.x()) < 2 and abs(after.y() - under.y()) < 2
    _wheel(view, pos, -480)
    assert view.zoom() < zoom
    for _ in range(40):
        _wheel(view, pos, 1200)
    assert abs(view.zoom() - MAX_ZOOM) < 1e-6
    for _ in range(80):
        _wheel(view, pos, -1200)
    assert abs(view.zoom() - MIN_ZOOM) < 1e-6


def test_middle_drag_and_space_drag_pan_the_view(qtbot, example):
    scene, view, rec = make_canvas(qtbot, example("chain_rule"))
    center = view.visible_scene_rect().center()
    start = view.mapToScene(QPoint(500, 350))
    drag(qtbot, view, start, view.mapToScene(QPoint(400, 300)), button=Qt.MouseButton.MiddleButton)
    moved = view.visible_scene_rect().center()
    z = view.zoom()
    assert (
        abs((moved.x() - center.x()) * z - 100) < 3 and abs((moved.y() - center.y()) * z - 50) < 3
    )
    # Space + left drag pans as well (instead of a rubber band)
    view.setFocus()
    qtbot.keyPress(view, Qt.Key.Key_Space)
    before = view.visible_scene_rect().center()
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=QPoint(500, 600))
    qtbot.mouseMove(port, QPoint(540, 600))
    qtbot.mouseMove(port, QPoint(560, 600))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=QPoint(560, 600))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    after = view.visible_scene_rect().center()
    assert abs((before.x() - after.x()) * z - 60) < 3
    assert rec.moves == [] and scene.selected_node_ids() == []


def test_fit_to_view_shows_every_node_and_f_key_fits(qtbot, example):
    graph = example("xor_network")
    scene, view, _ = make_canvas(qtbot, graph, size=(900, 600))
    view.set_zoom(3.0)
    view.centerOn(5000, 5000)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F)
    visible = view.visible_scene_rect()
    for item in scene.node_items():
        assert visible.contains(item.sceneBoundingRect().adjusted(20, 20, -20, -20))
    assert view.zoom() <= 1.5


def test_fit_keeps_a_small_graph_readable_in_a_small_view(qtbot, example):
    from backprop_studio.ui.canvas.node_item import DETAIL_LOD

    scene, view, _ = make_canvas(qtbot, example("xor_network"), size=(400, 300))
    view.fit_to_view()
    assert abs(view.zoom() - DETAIL_LOD) < 1e-9  # not below: cards keep their texts
    middle = scene.node_item("o").sceneBoundingRect().center()
    assert view.visible_scene_rect().contains(middle)


def test_fit_on_an_empty_graph_is_harmless(qtbot):
    scene, view, _ = make_canvas(qtbot, Graph())
    view.fit_to_view()
    assert view.zoom() == 1.0


def test_grid_is_drawn_in_the_background(qtbot, example):
    scene, view, _ = make_canvas(qtbot, Graph())
    view.set_zoom(1.0)
    image = view.viewport().grab().toImage()
    colors = {image.pixelColor(x, 200).name() for x in range(0, 300)}
    assert scene.theme.background.name() in colors
    assert scene.theme.grid_minor.name() in colors or scene.theme.grid_major.name() in colors


def test_theme_follows_the_system_palette(qapp, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    hints = QGuiApplication.styleHints()
    monkeypatch.setattr(type(hints), "colorScheme", lambda self: Qt.ColorScheme.Unknown)
    original = QGuiApplication.palette()
    try:
        dark = QPalette(original)
        dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
        QGuiApplication.setPalette(dark)
        assert theme_mod.system_is_dark() and theme_mod.system_theme().dark
        light = QPalette(original)
        light.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))
        QGuiApplication.setPalette(light)
        assert not theme_mod.system_is_dark() and not theme_mod.system_theme().dark
        monkeypatch.setattr(type(hints), "colorScheme", lambda self: Qt.ColorScheme.Dark)
        assert theme_mod.system_theme().name == "dark"
    finally:
        QGuiApplication.setPalette(original)


def test_set_theme_repaints_with_the_new_colours(qtbot, example):
    scene, view, _ = make_canvas(qtbot, example("chain_rule"))
    scene.set_theme(theme_mod.dark_theme())
    view.set_zoom(1.0)
    view.centerOn(5000, 5000)  # empty area: only the background shows
    qtbot.wait(10)
    image = view.viewport().grab().toImage()
    assert image.pixelColor(3, 3).name() in {
        theme_mod.dark_theme().background.name(),
        theme_mod.dark_theme().grid_minor.name(),
        theme_mod.dark_theme().grid_major.name(),
    }


def test_set_theme_repaints_cached_cards(qtbot, example):
    scene, view, _ = make_canvas(qtbot, example("chain_rule"))
    view.set_zoom(1.0)
    view.centerOn(scene.node_item("c").pos())
    qtbot.wait(10)
    p = vp(view, scene.node_item("c").pos() + QPointF(-30, 20))  # inside the card's body

    def body_colour() -> str:
        image = view.viewport().grab().toImage()
        dpr = image.devicePixelRatio()
        return image.pixelColor(int(p.x() * dpr), int(p.y() * dpr)).name()

    assert body_colour() == light_theme_fill()
    scene.set_theme(theme_mod.dark_theme())
    qtbot.wait(10)
    assert body_colour() == theme_mod.dark_theme().node_fill.name()


def light_theme_fill() -> str:
    return theme_mod.light_theme().node_fill.name()


def test_node_card_paints_at_its_position(qtbot, example):
    scene, view, _ = make_canvas(qtbot, example("chain_rule"))
    view.set_zoom(1.0)
    view.centerOn(scene.node_item("c").pos())
    qtbot.wait(10)
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    p = vp(view, scene.node_item("c").pos() + QPointF(-30, 20))  # inside the card's body
    assert image.pixelColor(int(p.x() * dpr), int(p.y() * dpr)).name() == "#ffffff"


def _grid_graph(columns: int = 12, rows: int = 14) -> Graph:
    from backprop_studio.core.model.graph import Edge, Node

    g = Graph()
    for c in range(columns):
        for r in range(rows):
            op = "parameter" if c == 0 else "add"
            value = 1.0 if c == 0 else None
            g.add_node(Node(f"n{c}_{r}", op, value=value, position=(c * 220.0, r * 110.0)))
            if c:
                g.add_edge(Edge(f"e{c}_{r}", f"n{c - 1}_{r}", f"n{c}_{r}", "in"))
    return g


def test_small_graphs_keep_painting_their_items_when_zoomed_out(qtbot, example):
    from PySide6.QtWidgets import QGraphicsItem

    scene, view, _ = make_canvas(qtbot, example("xor_network"))
    view.set_zoom(0.2)
    assert not scene.node_item("h1").flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


def test_far_zoom_draws_big_graphs_in_bulk_and_still_selects(qtbot):
    from PySide6.QtWidgets import QGraphicsItem

    graph = _grid_graph()
    scene, view, rec = make_canvas(qtbot, graph)
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    view.set_zoom(0.2)
    node = scene.node_item("n3_3")
    assert node.flags() & no_contents and scene.edge_item("e3_3").flags() & no_contents
    assert not node.output.isVisible()
    view.centerOn(node.pos())
    qtbot.wait(10)
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    header = vp(view, node.pos() + QPointF(0, -node.rect().height() / 2 + 6))
    colour = image.pixelColor(int(header.x() * dpr), int(header.y() * dpr))
    expected = scene.theme.category_color("add", "arithmetic")
    assert abs(colour.red() - expected.red()) < 30 and abs(colour.green() - expected.green()) < 30
    # rubber band selection works on items that do not paint themselves
    a = scene.node_item("n2_2").pos()
    drag(qtbot, view, a + QPointF(-100, -50), a + QPointF(40, 30))
    assert scene.selected_node_ids() == ["n2_2"]
    view.set_zoom(1.0)
    assert not (node.flags() & no_contents) and node.output.isVisible()
