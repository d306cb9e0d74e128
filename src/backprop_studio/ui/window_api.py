"""The main window's interface, as the rooms that serve it see it.

The shell's action modules (``shell/actions.py``, ``shell/view_actions.py``) and the document's
window-facing helpers (``document/file_actions.py``, ``document/clipboard.py``) are given the
window they act on; they program against :class:`WindowApi`, never against
``shell/main_window.py``, so the arrows run one way: ``main_window`` imports them, they import
this protocol. It declares what they use and imports nothing at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QWidget

    from .canvas.scene import GraphScene
    from .canvas.view import GraphView
    from .document.clipboard import EditActions
    from .document.document import Document
    from .document.file_actions import FileActions
    from .panels.op_palette import OpPalette


class WindowApi(Protocol):
    """One document in one window: what its menus and helpers may use."""

    app_name: str
    document: Document
    scene: GraphScene
    view: GraphView
    op_palette: OpPalette
    file_actions: FileActions
    edit_actions: EditActions
    view_actions: Any  # shell.view_actions.ViewActions (the shell's own type)
    named_actions: dict[str, QAction]
    menus: dict[str, QMenu]
    panels_menu: QMenu

    def set_status(self, text: str, timeout_ms: int = 8000) -> None: ...
    def view_fit_later(self) -> None: ...
    def add_dock(self, widget: QWidget, title: str, area: Any) -> QDockWidget: ...
    def action(self, name: str) -> QAction: ...
    def menu(self, name: str) -> QMenu: ...
    def fill_recent_menu(self, menu: QMenu) -> None: ...
    def show_lesson(self) -> None: ...
    def show_about(self) -> None: ...
    def quit_application(self) -> None: ...
    def menuBar(self) -> QMenuBar: ...  # noqa: N802  (Qt's name)
    def close(self) -> bool: ...
    def raise_(self) -> None: ...
    def activateWindow(self) -> None: ...  # noqa: N802  (Qt's name)

    # other windows of the application
    def open_new_window(self, path: str | Path | None = None) -> WindowApi: ...
    def find_window_for(self, path: str | Path) -> WindowApi | None: ...
