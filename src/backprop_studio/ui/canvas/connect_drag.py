"""The connection gesture: drag from a port, see a live curve, release on another port.

Dragging works in both directions: from an output to an input, or from an input back to an
output. Releasing over a node's card (not exactly on a port) picks the nearest suitable port
of that node. While dragging, the port under the cursor turns green if the graph would accept
the edge and red if not (``Graph.connect_error`` says why, without trying). On release an
accepted edge becomes the scene's ``connect_requested`` signal; a refused one becomes
``status_message`` with the reason, and nothing changes. The gesture never edits the graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from .curve import Curve
from .node_item import NodeItem
from .port_item import PortItem

if TYPE_CHECKING:
    from .scene import GraphScene

MIN_DRAG = 4.0  # pixels of movement before a press on a port counts as a drag


class ConnectionDrag:
    """One drag in progress, started on ``start``."""

    def __init__(self, scene: GraphScene, start: PortItem, pos: QPointF) -> None:
        self.scene = scene
        self.start = start
        self.press_pos = QPointF(pos)
        self.moved = False
        self.candidate: PortItem | None = None
        self.reason: str | None = None
        self.line = QGraphicsPathItem()
        theme = scene.theme
        pen = QPen(theme.accent, 2.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap)
        self.line.setPen(pen)
        self.line.setZValue(20)
        scene.addItem(self.line)
        start.set_hovered(True)
        self._draw(pos)

    # ------------------------------------------------------------------ resolution
    def resolve(self, pos: QPointF) -> PortItem | None:
        """The port a release at ``pos`` would connect to (or None)."""
        want_output = not self.start.is_output
        for item in self.scene.items(pos):
            if item is self.line:
                continue
            if isinstance(item, PortItem):
                if item.is_output == want_output:
                    return item
                continue
            if isinstance(item, NodeItem):
                if item is self.start.node:  # released on its own card: no target
                    return None
                return _nearest_port(item, pos, want_output)
        return None

    def endpoints(self, other: PortItem) -> tuple[str, str, str]:
        """(source id, target id, port) of the edge between ``start`` and ``other``."""
        if self.start.is_output:
            return self.start.node_id, other.node_id, other.name or ""
        return other.node_id, self.start.node_id, self.start.name or ""

    def check(self, other: PortItem) -> str | None:
        graph = self.scene.graph
        if graph is None:
            return QCoreApplication.translate("Canvas", "there is no graph")
        source, target, port = self.endpoints(other)
        return graph.connect_error(source, target, port)

    # ------------------------------------------------------------------ events
    def move(self, pos: QPointF) -> None:
        if (pos - self.press_pos).manhattanLength() >= MIN_DRAG:
            self.moved = True
        self._draw(pos)
        candidate = self.resolve(pos)
        if candidate is not self.candidate:
            if self.candidate is not None:
                self.candidate.set_drop_state(None)
            self.candidate = candidate
            self.reason = self.check(candidate) if candidate is not None else None
            if candidate is not None:
                candidate.set_drop_state("bad" if self.reason else "ok")

    def finish(self, pos: QPointF) -> tuple[str, str, str] | str | None:
        """The accepted edge (source, target, port), a refusal message, or None (no target)."""
        self.move(pos)
        candidate = self.candidate
        self.cancel()
        if not self.moved:  # a click on a port, not a drag
            return None
        if candidate is None:
            if self.start.is_output:
                return QCoreApplication.translate(
                    "Canvas", "not connected: release on an input port to connect"
                )
            return QCoreApplication.translate(
                "Canvas", "not connected: release on an output port to connect"
            )
        if self.reason:
            return QCoreApplication.translate("Canvas", "cannot connect: %1").replace(
                "%1", self.reason
            )
        return self.endpoints(candidate)

    def cancel(self) -> None:
        if self.candidate is not None:
            self.candidate.set_drop_state(None)
        self.start.set_hovered(False)
        if self.line.scene() is not None:
            self.scene.removeItem(self.line)

    def _draw(self, pos: QPointF) -> None:
        anchor = self.start.anchor()
        p1, p2 = (anchor, pos) if self.start.is_output else (pos, anchor)
        c = Curve.between(p1.x(), p1.y(), p2.x(), p2.y())
        path = QPainterPath(p1)
        path.cubicTo(c.cx1, c.cy1, c.cx2, c.cy2, c.x2, c.y2)
        self.line.setPath(path)


def _nearest_port(node: NodeItem, pos: QPointF, want_output: bool) -> PortItem | None:
    if want_output:
        return node.output
    if not node.inputs:
        return None
    return min(node.inputs.values(), key=lambda p: abs(p.scenePos().y() - pos.y()))
