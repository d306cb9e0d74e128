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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from ..document.export_actions import export_derivation, export_pytorch
from ..panels.expression_dialog import insert_typed_expression, new_from_expression

if TYPE_CHECKING:
    from ..window_api import WindowApi

Key = QKeySequence.StandardKey


MENUS = (
    ("file", QT_TRANSLATE_NOOP("Actions", "&File")),
    ("edit", QT_TRANSLATE_NOOP("Actions", "&Edit")),
    ("view", QT_TRANSLATE_NOOP("Actions", "&View")),
    ("insert", QT_TRANSLATE_NOOP("Actions", "&Insert")),
    ("run", QT_TRANSLATE_NOOP("Actions", "&Run")),
    ("help", QT_TRANSLATE_NOOP("Actions", "&Help")),
)
THEMES = (
    ("system", QT_TRANSLATE_NOOP("Actions", "Follow the &system")),
    ("light", QT_TRANSLATE_NOOP("Actions", "&Light")),
    ("dark", QT_TRANSLATE_NOOP("Actions", "&Dark")),
)


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
    window: WindowApi,
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


def build_menus(window: WindowApi) -> None:
    """Create every menu and action of ``window`` (fills ``menus`` and ``named_actions``)."""
    bar = window.menuBar()
    for key, title in MENUS:
        menu = bar.addMenu(QCoreApplication.translate("Actions", title))
        menu.setObjectName(f"menu_{key}")
        window.menus[key] = menu
    _file_menu(window, window.menus["file"])
    _edit_menu(window, window.menus["edit"])
    _view_menu(window, window.menus["view"])
    _insert_menu(window, window.menus["insert"])
    _help_menu(window, window.menus["help"])


def _file_menu(w: WindowApi, menu: QMenu) -> None:
    files = w.file_actions
    menu.addAction(
        make_action(
            w,
            "new",
            QCoreApplication.translate("Actions", "&New"),
            files.new_document,
            (Key.New,),
            QCoreApplication.translate("Actions", "Start an empty graph"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "open",
            QCoreApplication.translate("Actions", "&Open…"),
            files.open_dialog,
            (Key.Open,),
            QCoreApplication.translate("Actions", "Open a .bpgraph file"),
        )
    )
    recent = menu.addMenu(QCoreApplication.translate("Actions", "Open &Recent"))
    recent.setObjectName("menu_recent")
    recent.aboutToShow.connect(lambda: w.fill_recent_menu(recent))
    examples = menu.addMenu(QCoreApplication.translate("Actions", "E&xamples"))
    examples.setObjectName("menu_examples")
    for title, path in files.examples():
        stem = path.stem
        action = make_action(
            w,
            f"example_{stem}",
            QCoreApplication.translate("Examples", title),
            lambda p=path: files.open_example(p),
            tip=QCoreApplication.translate("Actions", "Open the example “%1”").replace("%1", title),
        )
        examples.addAction(action)
    menu.addAction(
        make_action(
            w,
            "open_lesson",
            QCoreApplication.translate("Actions", "Open &Lesson…"),
            lambda: _lessons().open_lesson_file(w),
            tip=QCoreApplication.translate(
                "Actions", "Open a lesson file written by a teacher (.lesson)"
            ),
        )
    )
    menu.addSeparator()
    menu.addAction(
        make_action(
            w,
            "save",
            QCoreApplication.translate("Actions", "&Save"),
            files.save,
            (Key.Save,),
            QCoreApplication.translate("Actions", "Save the graph"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "save_as",
            QCoreApplication.translate("Actions", "Save &As…"),
            files.save_as,
            (Key.SaveAs, "Ctrl+Shift+S"),
            QCoreApplication.translate("Actions", "Save under a new name"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "export_image",
            QCoreApplication.translate("Actions", "&Export Image…"),
            files.export_image,
            ("Ctrl+E",),
            QCoreApplication.translate("Actions", "Export the whole graph as PNG or SVG"),
        )
    )
    exports = menu.addMenu(QCoreApplication.translate("Actions", "Expor&t"))
    exports.setObjectName("menu_export")
    exports.addAction(
        make_action(
            w,
            "export_pytorch",
            QCoreApplication.translate("Actions", "&PyTorch Script…"),
            lambda: export_pytorch(w),
            tip=QCoreApplication.translate(
                "Actions", "A standalone Python script that trains this graph with PyTorch"
            ),
        )
    )
    exports.addAction(
        make_action(
            w,
            "export_derivation",
            QCoreApplication.translate("Actions", "&Derivation…"),
            lambda: export_derivation(w),
            tip=QCoreApplication.translate(
                "Actions", "Every forward value and chain-rule term, as Markdown or LaTeX"
            ),
        )
    )
    menu.addSeparator()
    menu.addAction(
        make_action(
            w,
            "close_window",
            QCoreApplication.translate("Actions", "&Close Window"),
            w.close,
            (Key.Close,),
        )
    )
    quit_action = make_action(
        w,
        "quit",
        QCoreApplication.translate("Actions", "&Quit"),
        w.quit_application,
        (Key.Quit, "Ctrl+Q"),
        QCoreApplication.translate("Actions", "Close every window and quit"),
    )
    menu.addAction(quit_action)


def _edit_menu(w: WindowApi, menu: QMenu) -> None:
    stack = w.document.undo_stack
    undo = stack.createUndoAction(w, QCoreApplication.translate("Actions", "&Undo"))
    undo.setObjectName("action_undo")
    undo.setShortcuts(_keys(Key.Undo))
    redo = stack.createRedoAction(w, QCoreApplication.translate("Actions", "&Redo"))
    redo.setObjectName("action_redo")
    redo.setShortcuts(_keys(Key.Redo, "Ctrl+Shift+Z"))
    w.named_actions["undo"], w.named_actions["redo"] = undo, redo
    menu.addAction(undo)
    menu.addAction(redo)
    menu.addSeparator()
    clip = w.edit_actions
    menu.addAction(
        make_action(
            w,
            "cut",
            QCoreApplication.translate("Actions", "Cu&t"),
            clip.cut,
            (Key.Cut,),
            QCoreApplication.translate("Actions", "Cut the selected nodes"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "copy",
            QCoreApplication.translate("Actions", "&Copy"),
            clip.copy,
            (Key.Copy,),
            QCoreApplication.translate("Actions", "Copy the selected nodes"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "paste",
            QCoreApplication.translate("Actions", "&Paste"),
            clip.paste,
            (Key.Paste,),
            QCoreApplication.translate("Actions", "Paste nodes from the clipboard"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "duplicate",
            QCoreApplication.translate("Actions", "D&uplicate"),
            clip.duplicate,
            ("Ctrl+D",),
            QCoreApplication.translate("Actions", "Duplicate the selected nodes"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "delete",
            QCoreApplication.translate("Actions", "&Delete"),
            clip.delete,
            (Key.Delete, "Backspace"),
            QCoreApplication.translate("Actions", "Delete the selection (and its edges)"),
        )
    )
    menu.addSeparator()
    menu.addAction(
        make_action(
            w,
            "select_all",
            QCoreApplication.translate("Actions", "Select &All"),
            clip.select_all,
            (Key.SelectAll,),
        )
    )
    menu.addAction(
        make_action(
            w,
            "new_from_expression",
            QCoreApplication.translate("Actions", "New from E&xpression…"),
            lambda: new_from_expression(w),
            ("Ctrl+Shift+E",),
            QCoreApplication.translate(
                "Actions", "Type a formula such as (a+b)*(b+1) and get its graph"
            ),
        )
    )
    w.view.expression_insert_requested.connect(
        lambda text, pos: insert_typed_expression(w, text, pos)
    )
    menu.addSeparator()
    menu.addAction(
        make_action(
            w,
            "history",
            QCoreApplication.translate("Actions", "&History"),
            w.view_actions.show_history,
            ("Ctrl+H",),
            QCoreApplication.translate("Actions", "Show every edit, click one to go back to it"),
        )
    )


def _view_menu(w: WindowApi, menu: QMenu) -> None:
    menu.addAction(
        make_action(
            w,
            "fit_view",
            QCoreApplication.translate("Actions", "&Fit to Window"),
            w.view_actions.fit_view,
            ("F",),
            QCoreApplication.translate("Actions", "Show the whole graph"),
        )
    )
    menu.addAction(
        make_action(
            w,
            "zoom_in",
            QCoreApplication.translate("Actions", "Zoom &In"),
            w.view_actions.zoom_in,
            (Key.ZoomIn, "Ctrl+="),
        )
    )
    menu.addAction(
        make_action(
            w,
            "zoom_out",
            QCoreApplication.translate("Actions", "Zoom &Out"),
            w.view_actions.zoom_out,
            (Key.ZoomOut,),
        )
    )
    menu.addAction(
        make_action(
            w,
            "zoom_reset",
            QCoreApplication.translate("Actions", "&Actual Size"),
            w.view_actions.zoom_reset,
            ("Ctrl+0",),
        )
    )
    menu.addSeparator()
    snap = make_action(
        w,
        "snap_to_grid",
        QCoreApplication.translate("Actions", "&Snap to Grid"),
        w.view_actions.set_snap_to_grid,
        ("Ctrl+G",),
        QCoreApplication.translate("Actions", "Drop moved nodes on grid points"),
        True,
    )
    menu.addAction(snap)
    menu.addAction(
        make_action(
            w,
            "edge_gradients",
            QCoreApplication.translate("Actions", "&Edge Gradients"),
            w.scene.display.set_edge_grads_shown,
            ("Ctrl+Alt+G",),
            QCoreApplication.translate(
                "Actions",
                "Write each edge's weight gradient (∂L/∂w) on the canvas, below its weight",
            ),
            True,
        )
    )
    menu.addAction(
        make_action(
            w,
            "auto_layout",
            QCoreApplication.translate("Actions", "Auto-&Arrange"),
            w.view_actions.auto_layout,
            ("Ctrl+L",),
            QCoreApplication.translate("Actions", "Arrange the nodes in layers, left to right"),
        )
    )
    menu.addSeparator()
    theme_menu = menu.addMenu(QCoreApplication.translate("Actions", "&Theme"))
    theme_menu.setObjectName("menu_theme")
    group = QActionGroup(w)
    group.setExclusive(True)
    for name, text in THEMES:
        action = make_action(
            w,
            f"theme_{name}",
            QCoreApplication.translate("Actions", text),
            lambda n=name: w.view_actions.choose_theme(n),
            checkable=False,
        )
        action.setCheckable(True)
        group.addAction(action)
        theme_menu.addAction(action)
    _language_menu(w, menu)
    w.panels_menu = menu.addMenu(QCoreApplication.translate("Actions", "&Panels"))
    w.panels_menu.setObjectName("menu_panels")


def _insert_menu(w: WindowApi, menu: QMenu) -> None:
    """Dense layers and groups (ui/document/structure_actions.py), each one undo step."""
    from ..document.structure_actions import StructureActions

    s = w.structure_actions = StructureActions(w)  # type: ignore[attr-defined]
    w.scene.group_toggle_requested.connect(s.set_collapsed)
    menu.addAction(
        make_action(
            w,
            "insert_dense_layer",
            QCoreApplication.translate("Actions", "&Dense Layer…"),
            s.insert_dense_layer,
            ("Ctrl+Shift+L",),
            QCoreApplication.translate(
                "Actions", "Neurons reading the selected nodes (or new inputs), one group each"
            ),
        )
    )
    menu.addSeparator()
    for name, text, slot, key, tip in (
        (
            "group",
            QT_TRANSLATE_NOOP("Actions", "&Group"),
            s.group_selection,
            "Ctrl+Shift+G",
            QT_TRANSLATE_NOOP("Actions", "Put the selected nodes in a group"),
        ),
        (
            "ungroup",
            QT_TRANSLATE_NOOP("Actions", "&Ungroup"),
            s.ungroup_selection,
            "Ctrl+Shift+U",
            QT_TRANSLATE_NOOP("Actions", "Dissolve the groups"),
        ),
        (
            "toggle_group",
            QT_TRANSLATE_NOOP("Actions", "&Collapse / Expand Group"),
            s.toggle_collapsed,
            "Ctrl+Shift+O",
            QT_TRANSLATE_NOOP("Actions", "Show a group as one block, or open it"),
        ),
    ):
        menu.addAction(
            make_action(
                w,
                name,
                QCoreApplication.translate("Actions", text),
                slot,
                (key,),
                QCoreApplication.translate("Actions", tip),
            )
        )


def _language_menu(w: WindowApi, menu: QMenu) -> None:
    """View > Language: English, 中文 (each named in its own language), remembered."""
    from . import language

    sub = menu.addMenu(QCoreApplication.translate("Actions", "&Language"))
    sub.setObjectName("menu_language")
    group = QActionGroup(w)
    group.setExclusive(True)
    current = language.current_language()
    for code, name in language.LANGUAGES:
        action = make_action(w, f"language_{code}", name, lambda c=code: language.choose(w, c))
        action.setCheckable(True)
        action.setChecked(code == current)
        group.addAction(action)
        sub.addAction(action)


def _lessons():  # noqa: ANN202  (the lesson player, imported when first used)
    from ..lessons import player

    return player


def _help_menu(w: WindowApi, menu: QMenu) -> None:
    menu.addAction(
        make_action(
            w,
            "lessons",
            QCoreApplication.translate("Actions", "&Lessons"),
            lambda: _lessons().show_lessons(w),
            ("Ctrl+F1",),
            QCoreApplication.translate(
                "Actions", "Guided lessons: open a graph, look, predict, then see"
            ),
        )
    )
    menu.addAction(
        make_action(
            w,
            "lesson",
            QCoreApplication.translate("Actions", "The &Lesson"),
            w.show_lesson,
            (Key.HelpContents,),
            QCoreApplication.translate("Actions", "What back-propagation is, step by step"),
        )
    )
    menu.addSeparator()
    menu.addAction(
        make_action(
            w,
            "about",
            QCoreApplication.translate("Actions", "&About %1").replace("%1", w.app_name),
            w.show_about,
        )
    )
