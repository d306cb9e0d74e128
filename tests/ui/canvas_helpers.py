"""Helpers for the canvas tests: a scene + view on a graph, a signal recorder, mouse drags."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QPointF, Qt

from backprop_studio.core.model.graph import Graph
from backprop_studio.ui.canvas.scene import GraphScene
from backprop_studio.ui.canvas.theme import light_theme
from backprop_studio.ui.canvas.view import GraphView


@dataclass
class Recorder:
    """Every intent signal the scene emitted, in order."""

    created: list[tuple[str, QPointF]] = field(default_factory=list)
    connects: list[tuple[str, str, str]] = field(default_factory=list)
    moves: list[dict] = field(default_factory=list)
    weights: list[tuple[str, float]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def attach(self, scene: GraphScene) -> Recorder:
        scene.node_create_requested.connect(lambda op, pos: self.created.append((op, pos)))
        scene.connect_requested.connect(lambda s, t, p: self.connects.append((s, t, p)))
        scene.nodes_moved.connect(self.moves.append)
        scene.edge_weight_edit_requested.connect(lambda e, w: self.weights.append((e, w)))
        scene.status_message.connect(self.messages.append)
        return self


def make_canvas(qtbot, graph: Graph, size: tuple[int, int] = (1000, 700)):
    """A shown view of a scene on ``graph``, fitted; returns (scene, view, recorder)."""
    scene = GraphScene(graph, theme=light_theme())
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.fit_to_view()
    return scene, view, Recorder().attach(scene)


def vp(view: GraphView, point: QPointF) -> QPoint:
    return view.mapFromScene(point)


def drag(qtbot, view: GraphView, start: QPointF, end: QPointF, steps: int = 8, button=None):
    """A mouse drag on the viewport between two scene points."""
    button = button or Qt.MouseButton.LeftButton
    port = view.viewport()
    a, b = vp(view, start), vp(view, end)
    qtbot.mousePress(port, button, pos=a)
    for i in range(1, steps + 1):
        qtbot.mouseMove(port, a + (b - a) * (i / steps))
    qtbot.mouseRelease(port, button, pos=b)
