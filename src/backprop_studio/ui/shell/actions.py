"""The main window's menus and actions: File, Edit, View, Run, Help.

Object names of actions are a contract for tests and automation (see docs/architecture.md):
``action_new``, ``action_open``, ``action_save``, ``action_save_as``, ``action_export_image``,
``action_undo``, ``action_redo``, ``action_delete``, ``action_fit_view``,
``action_auto_layout``; the others are named ``action_<what>`` in the same style. Shortcuts
are the platform's standard keys (QKeySequence.StandardKey) plus Ctrl+Shift+Z for redo, Del
(and Backspace) for delete, F for fit. The Run menu starts empty: the stepper and the
training studio fill it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from .main_window import MainWindow

Key = QKeySequence.StandardKey
MENUS = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("view", "&View"),
    ("run", "&Run"),
    ("help", "&Help"),
)
THEMES = (("system", "Follow the &system"), ("light", "&Light"), ("dark", "&Dark"))


def _keys(*keys: Key | str) -> list[QKeySequence]:
    """Shortcut list without duplicates (a standard key may already include a literal one)."""
    seen: list[QKeySequence] = []
    for key in keys:
        bindings = QKeySequence.keyBindings(key) if isinstance(key, Key) else [QKeySequence(key)]
        for seq in bindings:
            if not seq.isEmpty() and seq not in seen:
                seen.append(seq)
    return seen


def make_action(
    window: MainWindow,
    name: str,
    text: str,
    slot: Callable[[], object] | None = None,
    keys: tuple[Key | str, ...] = (),
    tip: str = "",
    checkable: bool = False,
) -> QAction:
    """An action owned by the window, named ``action_<name>``, kept in ``window.named_actions``."""
    action = QAction(text, window)
    action.setObjectName(f"action_{name}")
    if keys:
        action.setShortcuts(_keys(*keys))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    if slot is not None:
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
    window.named_actions[name] = action
    return action


def build_menus(window: MainWindow) -> None:
    """Create every menu and action of ``window`` (fills ``menus`` and ``named_actions``)."""
    bar = window.menuBar()
    for key, title in MENUS:
        menu = bar.addMenu(title)
        menu.setObjectName(f"menu_{key}")
        window.menus[key] = menu
    _file_menu(window, window.menus["file"])
    _edit_menu(window, window.menus["edit"])
    _view_menu(window, window.menus["view"])
    _help_menu(window, window.menus["help"])


def _file_menu(w: MainWindow, menu: QMenu) -> None:
    files = w.file_actions
    menu.addAction(
        make_action(w, "new", "&New", files.new_document, (Key.New,), "Start an empty graph")
    )
    menu.addAction(
        make_action(w, "open", "&Open…", files.open_dialog, (Key.Open,), "Open a .bpgraph file")
    )
    recent = menu.addMenu("Open &Recent")
    recent.setObjectName("menu_recent")
    recent.aboutToShow.connect(lambda: w.fill_recent_menu(recent))
    examples = menu.addMenu("E&xamples")
    examples.setObjectName("menu_examples")
    for title, path in files.examples():
        stem = path.stem
        action = make_action(
            w,
            f"example_{stem}",
            title,
            lambda p=path: files.open_example(p),
            tip=f"Open the example “{title}”",
        )
        examples.addAction(action)
    menu.addAction(
        make_action(
            w,
            "open_lesson",
            "Open &Lesson…",
            lambda: _lessons().open_lesson_file(w),
            tip="Open a lesson file written by a teacher (.lesson)",
        )
    )
    menu.addSeparator()
    menu.addAction(make_action(w, "save", "&Save", files.save, (Key.Save,), "Save the graph"))
    menu.addAction(
        make_action(
            w,
            "save_as",
            "Save &As…",
            files.save_as,
            (Key.SaveAs, "Ctrl+Shift+S"),
            "Save under a new name",
        )
    )
    menu.addAction(
        make_action(
            w,
            "export_image",
            "&Export Image…",
            files.export_image,
            ("Ctrl+E",),
            "Export the whole graph as PNG or SVG",
        )
    )
    menu.addSeparator()
    menu.addAction(make_action(w, "close_window", "&Close Window", w.close, (Key.Close,)))
    quit_action = make_action(
        w, "quit", "&Quit", w.quit_application, (Key.Quit, "Ctrl+Q"), "Close every window and quit"
    )
    menu.addAction(quit_action)


def _edit_menu(w: MainWindow, menu: QMenu) -> None:
    stack = w.document.undo_stack
    undo = stack.createUndoAction(w, "&Undo")
    undo.setObjectName("action_undo")
    undo.setShortcuts(_keys(Key.Undo))
    redo = stack.createRedoAction(w, "&Redo")
    redo.setObjectName("action_redo")
    redo.setShortcuts(_keys(Key.Redo, "Ctrl+Shift+Z"))
    w.named_actions["undo"], w.named_actions["redo"] = undo, redo
    menu.addAction(undo)
    menu.addAction(redo)
    menu.addSeparator()
    clip = w.edit_actions
    menu.addAction(make_action(w, "cut", "Cu&t", clip.cut, (Key.Cut,), "Cut the selected nodes"))
    menu.addAction(
        make_action(w, "copy", "&Copy", clip.copy, (Key.Copy,), "Copy the selected nodes")
    )
    menu.addAction(
        make_action(
            w, "paste", "&Paste", clip.paste, (Key.Paste,), "Paste nodes from the clipboard"
        )
    )
    menu.addAction(
        make_action(
            w,
            "duplicate",
            "D&uplicate",
            clip.duplicate,
            ("Ctrl+D",),
            "Duplicate the selected nodes",
        )
    )
    menu.addAction(
        make_action(
            w,
            "delete",
            "&Delete",
            clip.delete,
            (Key.Delete, "Backspace"),
            "Delete the selection (and its edges)",
        )
    )
    menu.addSeparator()
    menu.addAction(make_action(w, "select_all", "Select &All", clip.select_all, (Key.SelectAll,)))
    menu.addSeparator()
    menu.addAction(
        make_action(
            w,
            "history",
            "&History",
            w.view_actions.show_history,
            ("Ctrl+H",),
            "Show every edit, click one to go back to it",
        )
    )


def _view_menu(w: MainWindow, menu: QMenu) -> None:
    menu.addAction(
        make_action(
            w, "fit_view", "&Fit to Window", w.view_actions.fit_view, ("F",), "Show the whole graph"
        )
    )
    menu.addAction(
        make_action(w, "zoom_in", "Zoom &In", w.view_actions.zoom_in, (Key.ZoomIn, "Ctrl+="))
    )
    menu.addAction(make_action(w, "zoom_out", "Zoom &Out", w.view_actions.zoom_out, (Key.ZoomOut,)))
    menu.addAction(
        make_action(w, "zoom_reset", "&Actual Size", w.view_actions.zoom_reset, ("Ctrl+0",))
    )
    menu.addSeparator()
    snap = make_action(
        w,
        "snap_to_grid",
        "&Snap to Grid",
        w.view_actions.set_snap_to_grid,
        ("Ctrl+G",),
        "Drop moved nodes on grid points",
        True,
    )
    menu.addAction(snap)
    menu.addAction(
        make_action(
            w,
            "auto_layout",
            "Auto-&Arrange",
            w.view_actions.auto_layout,
            ("Ctrl+L",),
            "Arrange the nodes in layers, left to right",
        )
    )
    menu.addSeparator()
    theme_menu = menu.addMenu("&Theme")
    theme_menu.setObjectName("menu_theme")
    group = QActionGroup(w)
    group.setExclusive(True)
    for name, text in THEMES:
        action = make_action(
            w, f"theme_{name}", text, lambda n=name: w.view_actions.choose_theme(n), checkable=False
        )
        action.setCheckable(True)
        group.addAction(action)
        theme_menu.addAction(action)
    w.panels_menu = menu.addMenu("&Panels")
    w.panels_menu.setObjectName("menu_panels")


def _lessons():  # noqa: ANN202  (the lesson player, imported when first used)
    from ..lessons import player

    return player


def _help_menu(w: MainWindow, menu: QMenu) -> None:
    menu.addAction(
        make_action(
            w,
            "lessons",
            "&Lessons",
            lambda: _lessons().show_lessons(w),
            ("Ctrl+Shift+L",),
            "Guided lessons: open a graph, look, predict, then see",
        )
    )
    menu.addAction(
        make_action(
            w,
            "lesson",
            "The &Lesson",
            w.show_lesson,
            (Key.HelpContents,),
            "What back-propagation is, step by step",
        )
    )
    menu.addSeparator()
    menu.addAction(make_action(w, "about", f"&About {w.app_name}", w.show_about))
