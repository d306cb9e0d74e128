"""The canvas's keys, kept apart from its drawing and mouse handling (view.py).

A mixin of :class:`~.view.GraphView`: the arrow keys move the selection to the nearest card
in that direction (``keyboard.nearest_in_direction``), Ctrl+arrows nudge the selected cards
(Shift: five times as far), Shift+A or a tapped Space opens the op search, C lists the input
ports the selected node may connect to (``port_chooser``), F2 renames the selected node
(``rename_editor``), F fits, Ctrl+A selects all. Tab is left alone: it moves the focus on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from .keyboard import connect_targets, nearest_in_direction
from .port_chooser import PortChooser
from .rename_editor import RenameEditor

if TYPE_CHECKING:
    from .view import GraphView

    _Base = GraphView
else:
    _Base = object

NUDGE = 10.0
ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


class ViewKeys(_Base):
    """Keyboard handling of the view; expects the attributes GraphView sets up."""

    def _editing(self) -> bool:
        scene = self.graph_scene()
        return scene is not None and scene.weight_editor() is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._editing():
            return super().keyPressEvent(event)
        key, mods = event.key(), event.modifiers()
        shift = Qt.KeyboardModifier.ShiftModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self._space_panned = False
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if key == Qt.Key.Key_A and mods == shift:
            self.open_op_search(self._cursor_scene_pos())
            event.accept()
            return
        if key == Qt.Key.Key_F and not mods:
            self.fit_to_view()
            event.accept()
            return
        if key == Qt.Key.Key_C and not mods and self.open_port_chooser() is not None:
            event.accept()
            return
        if key == Qt.Key.Key_F2 and not mods:
            scene = self.graph_scene()
            ids = scene.selected_node_ids() if scene is not None else []
            if ids:
                self.start_rename(ids[0])
            event.accept()
            return
        if key == Qt.Key.Key_A and mods == ctrl:
            scene = self.graph_scene()
            if scene is not None:
                scene.select_all()
            event.accept()
            return
        if key in ARROWS:
            dx, dy = ARROWS[key]
            if mods & ctrl and self._nudge(dx, dy, mods):
                event.accept()
                return
            if not mods & ctrl and self.move_selection(dx, dy):
                event.accept()
                return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            tapped = not self._space_panned and self._pan_from is None
            if self._pan_from is None:
                self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            if tapped and not self._editing():  # a tap, not a pan: the op search
                self.open_op_search(self._cursor_scene_pos())
            return
        super().keyReleaseEvent(event)

    def move_selection(self, dx: int, dy: int) -> bool:
        """Select the card nearest the selected one in direction (dx, dy); with nothing
        selected, the card nearest the centre of the view. True if the selection moved."""
        scene = self.graph_scene()
        if scene is None:
            return False
        items = scene.node_items()
        if not items:
            return False
        selected = scene.selected_node_ids()
        if selected:
            origin_item = scene.node_item(selected[-1])
            origin = (origin_item.pos().x(), origin_item.pos().y())
            target = nearest_in_direction(
                origin, ((i.node_id, (i.pos().x(), i.pos().y())) for i in items), (dx, dy)
            )
        else:
            c = self.mapToScene(self.viewport().rect().center())
            target = min(
                items, key=lambda i: (i.pos().x() - c.x()) ** 2 + (i.pos().y() - c.y()) ** 2
            ).node_id
        if target is None:
            return False
        scene.select_ids([target])
        self.ensureVisible(scene.node_item(target).sceneBoundingRect(), 40, 40)
        return True

    def _nudge(self, dx: int, dy: int, modifiers: Qt.KeyboardModifier) -> bool:
        scene = self.graph_scene()
        if scene is None or scene.graph is None:
            return False
        ids = scene.selected_node_ids()
        if not ids:
            return False
        step = NUDGE * (5 if modifiers & Qt.KeyboardModifier.ShiftModifier else 1)
        moves = {}
        for nid in ids:
            x, y = scene.graph.node(nid).position
            moves[nid] = ((x, y), (x + dx * step, y + dy * step))
        scene.nodes_moved.emit(moves)
        return True

    # ------------------------------------------------------------------ connect and rename
    def open_port_chooser(self) -> PortChooser | None:
        """C: the list of input ports the one selected node's output may go into."""
        scene = self.graph_scene()
        if scene is None or scene.graph is None:
            return None
        ids = scene.selected_node_ids()
        if len(ids) != 1:
            return None
        source = ids[0]
        targets = connect_targets(scene.graph, source)
        if not targets:
            scene.status_message.emit(
                self.tr(
                    "Nothing {0} can connect to: every input is taken or would make a cycle"
                ).format(scene.graph.node(source).display_name)
            )
            return None
        if self._chooser is None:
            self._chooser = PortChooser(self)
            self._chooser.chosen.connect(self._port_chosen)
        self._chooser.source = source
        item = scene.node_item(source)
        at = self.viewport().mapToGlobal(self.mapFromScene(item.sceneBoundingRect().topRight()))
        self._chooser.open_at(at, scene.graph.node(source).display_name, targets)
        return self._chooser

    def port_chooser(self) -> PortChooser | None:
        return self._chooser

    def _port_chosen(self, target: str, port: str) -> None:
        scene = self.graph_scene()
        if scene is not None and self._chooser is not None:
            scene.connect_requested.emit(self._chooser.source, target, port)
        self.setFocus()

    def start_rename(self, node_id: str) -> RenameEditor | None:
        """F2 or a double-click on a title: edit the node's label in place."""
        scene = self.graph_scene()
        if scene is None or scene.graph is None or not scene.graph.has_node(node_id):
            return None
        if self._renamer is None:
            self._renamer = RenameEditor(self)
            self._renamer.committed.connect(self._renamed)
        item = scene.node_item(node_id)
        rect = item.sceneBoundingRect()
        top_left = self.viewport().mapToGlobal(self.mapFromScene(rect.center()))
        node = scene.graph.node(node_id)
        self._renamer.open_at(top_left, node_id, node.label or node.display_name)
        return self._renamer

    def rename_editor(self) -> RenameEditor | None:
        return self._renamer

    def _renamed(self, node_id: str, text: str) -> None:
        self.rename_requested.emit(node_id, text)
        self.setFocus()
