"""The window's keyboard: panes, step keys that no desktop takes, and menus that show them.

- F6 / Shift+F6 (``action_next_pane``, ``action_previous_pane``, View menu): the focus moves
  to the next or previous pane: the canvas, then each visible dock, left to right and top to
  bottom;
- the step keys have letters beside the function keys (F10 and F11 are taken by many desktops
  and need Fn on laptops): N steps (``action_step``), B steps back (``action_step_back``);
  with the chain-rule list focused, Right steps and Left steps back (Up/Down pick a term);
- Edit menu entries for the canvas's own keys: Add Node… (Shift+A), Rename (F2),
  Connect To… (C);
- every menu entry shows every shortcut of its action ("Undo  Ctrl+Z, Ctrl+Y" ...), not only
  the first, kept as actions rename themselves (the undo entry's text follows the stack).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QWidget

from .actions import make_action

if TYPE_CHECKING:
    from .main_window import MainWindow

STEP_LETTERS = {"step": "N", "step_back": "B"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Keyboard", text)


def panes(window: MainWindow) -> list[QWidget]:
    """The canvas, then the visible docks (by position: left to right, top to bottom)."""
    docks = [
        d
        for d in window.findChildren(QDockWidget)
        if d.isVisible() and not d.visibleRegion().isEmpty() and d.widget() is not None
    ]
    docks.sort(key=lambda d: (d.mapTo(window, d.rect().topLeft()).y() // 40, d.x()))
    return [window.view, *docks]


def _focus_target(pane: QWidget) -> QWidget | None:
    if not isinstance(pane, QDockWidget):
        return pane
    content = pane.widget()
    candidates = [content, *content.findChildren(QWidget)]
    for widget in candidates:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not widget.visibleRegion().isEmpty()
        ):
            return widget
    return None


def cycle_pane(window: MainWindow, step: int) -> QWidget | None:
    """Move the focus to the next (1) or previous (-1) pane; returns the focused widget."""
    order = panes(window)
    focus = QApplication.focusWidget()
    current = 0
    for i, pane in enumerate(order):
        if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
            current = i
            break
    else:
        current = -1 if step > 0 else 0
    for k in range(1, len(order) + 1):
        pane = order[(current + k * step) % len(order)]
        target = _focus_target(pane)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(pane, QDockWidget):
                pane.raise_()
            return target
    return None


class _ShortcutText(QObject):
    """Keeps "text<TAB>every shortcut" on its parent action (it dies with the action)."""

    def __init__(self, action: QAction, keys: str) -> None:
        super().__init__(action)
        self.action, self.keys = action, keys
        action.changed.connect(self.apply)
        self.apply()

    def apply(self) -> None:
        action = self.action
        try:
            text = action.text()
        except RuntimeError:  # the action is being destroyed (with its undo stack)
            return
        base = text.split("\t")[0]
        wanted = f"{base}\t{self.keys}"
        if text != wanted:
            if action.iconText().split("\t")[0] == base.replace("&", ""):
                action.setIconText(base.replace("&", ""))
            action.setText(wanted)


def show_every_shortcut(action: QAction) -> None:
    """Let the menu entry show all of the action's shortcuts (after a tab in its text)."""
    if len(action.shortcuts()) < 2 or action.findChild(_ShortcutText) is not None:
        return
    keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
    _ShortcutText(action, keys)


class _TermKeys(QObject):
    """Right/Left on the chain-rule list step and step back."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if not event.modifiers():
                name = {Qt.Key.Key_Right: "step", Qt.Key.Key_Left: "step_back"}.get(event.key())
                action = self.window.named_actions.get(name or "")
                if action is not None and action.isEnabled():
                    action.trigger()
                    return True
        return False


def install_keyboard(window: MainWindow) -> None:
    """Add the pane keys, the step letters, the canvas entries and full shortcut texts."""
    actions = window.named_actions
    for name, letter in STEP_LETTERS.items():
        action = actions.get(name)
        if action is not None:
            action.setShortcuts([*action.shortcuts(), QKeySequence(letter)])
            shown = ", ".join(s.toString() for s in action.shortcuts())
            action.setToolTip(f"{action.statusTip()} ({shown})")
    panel = getattr(getattr(window, "stepper", None), "panel", None)
    terms = getattr(panel, "terms", None)
    if terms is not None:
        filter_ = _TermKeys(window)
        terms.installEventFilter(filter_)
        terms.setAccessibleDescription(_tr("Up and Down pick a term; Right steps, Left steps back"))

    view_menu = window.menu("view")
    view_menu.addSeparator()
    view_menu.addAction(
        make_action(
            window,
            "next_pane",
            _tr("Next &Pane"),
            lambda: cycle_pane(window, 1),
            ("F6",),
            _tr("Move the focus to the next panel"),
        )
    )
    view_menu.addAction(
        make_action(
            window,
            "previous_pane",
            _tr("Pre&vious Pane"),
            lambda: cycle_pane(window, -1),
            ("Shift+F6",),
            _tr("Move the focus to the previous panel"),
        )
    )
    edit_menu = window.menu("edit")
    view = window.view
    canvas_entries = (
        make_action(
            window,
            "add_node",
            _tr("Add &Node…"),
            lambda: view.open_op_search(view._cursor_scene_pos()),
            ("Shift+A",),
            _tr("Search the ops and add one at the cursor (also Space on the canvas)"),
        ),
        make_action(window, "rename", _tr("Re&name…"), _rename_selected(window), ("F2",)),
        make_action(
            window,
            "connect",
            _tr("C&onnect To…"),
            view.open_port_chooser,
            ("C",),
            _tr("Connect the selected node's output to an input chosen from a list"),
        ),
    )
    for action in canvas_entries:  # the canvas handles the keys itself when it has focus
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        view.addAction(action)
    first = edit_menu.actions()[0] if edit_menu.actions() else None
    for action in canvas_entries:
        edit_menu.insertAction(first, action)
    if first is not None:
        edit_menu.insertSeparator(first)
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            show_every_shortcut(action)


def _rename_selected(window: MainWindow):
    def rename() -> None:
        ids = window.scene.selected_node_ids()
        if ids:
            window.view.start_rename(ids[0])
        else:
            window.set_status(_tr("Select a node to rename it"))

    return rename
