"""The canvas's context menu on a card or an edge, and its in-place rename, for one window.

Right-click on a card: Rename (F2), Connect To… (C), Duplicate (Ctrl+D), Set as Loss,
Trainable (parameters), Delete (Del). On an edge: Edit Weight, Trainable, Delete. Every entry
is an undoable edit through the document; the menu shows the same shortcuts as the keys.
The view's ``rename_requested`` becomes a label change (an empty name gives the id back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from .main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("CanvasMenu", text)


class CanvasMenu:
    """Builds and shows the item menus; renames nodes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.last_menu: QMenu | None = None
        window.view.rename_requested.connect(self.rename)
        window.view.item_menu_requested.connect(self.show_menu)

    def rename(self, node_id: str, text: str) -> bool:
        doc = self.window.document
        if not doc.graph.has_node(node_id):
            return False
        label = "" if text == node_id else text
        if doc.graph.node(node_id).label == label:
            return False
        return doc.set_node_fields(node_id, label=label)

    def build_menu(self, kind: str, ident: str) -> QMenu:
        """The menu for a node or an edge (not shown)."""
        menu = QMenu(self.window)
        menu.setObjectName(f"canvas_{kind}_menu")
        if kind == "node":
            self._node_entries(menu, ident)
        else:
            self._edge_entries(menu, ident)
        self.last_menu = menu
        return menu

    def show_menu(self, kind: str, ident: str, at: QPoint) -> None:
        menu = self.build_menu(kind, ident)
        menu.popup(at)

    def _add(self, menu: QMenu, name: str, text: str, slot, key: str = "") -> QAction:
        action = menu.addAction(text)
        action.setObjectName(f"canvas_menu_{name}")
        if key:
            action.setShortcut(QKeySequence(key))  # shown, and the same key works on the canvas
            action.setShortcutVisibleInContextMenu(True)
        action.triggered.connect(lambda _c=False: slot())
        return action

    def _node_entries(self, menu: QMenu, nid: str) -> None:
        w = self.window
        doc, view = w.document, w.view
        node = doc.graph.node(nid)
        self._add(menu, "rename", _tr("&Rename…"), lambda: view.start_rename(nid), "F2")
        self._add(menu, "connect", _tr("&Connect To…"), view.open_port_chooser, "C")
        self._add(menu, "duplicate", _tr("D&uplicate"), w.edit_actions.duplicate, "Ctrl+D")
        menu.addSeparator()
        loss = self._add(
            menu,
            "set_loss",
            _tr("Set as &Loss"),
            lambda: doc.set_meta(loss=nid, text=_tr("Choose loss node")),
        )
        loss.setCheckable(True)
        loss.setChecked(doc.graph.loss == nid)
        if node.op == "parameter":
            train = self._add(
                menu,
                "trainable",
                _tr("&Trainable"),
                lambda: doc.set_node_fields(nid, trainable=not node.trainable),
            )
            train.setCheckable(True)
            train.setChecked(node.trainable)
        menu.addSeparator()
        self._add(menu, "delete", _tr("&Delete"), w.edit_actions.delete, "Del")

    def _edge_entries(self, menu: QMenu, eid: str) -> None:
        w = self.window
        doc = w.document
        edge = doc.graph.edge(eid)
        self._add(menu, "edit_weight", _tr("Edit &Weight…"), lambda: w.scene.begin_weight_edit(eid))
        train = self._add(
            menu,
            "trainable",
            _tr("&Trainable"),
            lambda: doc.set_edge_fields(eid, trainable=not edge.trainable),
        )
        train.setCheckable(True)
        train.setChecked(edge.trainable)
        menu.addSeparator()
        self._add(menu, "delete", _tr("&Delete"), w.edit_actions.delete, "Del")


def install_canvas_menu(window: MainWindow) -> CanvasMenu:
    menu = CanvasMenu(window)
    window.canvas_menu = menu
    return menu
