"""MainWindow: the canvas in the centre, the op palette and the inspector in docks, a status
bar, and menus; it assembles the pieces and delegates (menus in actions.py, files in
file_actions.py, clipboard in clipboard.py, editing in document.py).

``create_main_window(path=None)`` returns a window (not shown, no event loop): with a path it
opens that file (raising FileFormatError if it cannot), without one it shows an untitled copy
of the chain-rule example. Panels of other features plug in through ``PANEL_INSTALLERS``:
dotted names ``"module:function"`` called as ``install(window)``, which may use
``window.add_dock(widget, title, area)``, ``window.menu("run")`` and ``window.action(name)``.
"""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QWidget,
)

from ... import APP_NAME
from ...core.engine.trace import fmt_number
from ...core.model import fileio
from ..canvas.scene import GraphScene
from ..canvas.view import GraphView
from ..document.autosave import Autosaver
from ..document.clipboard import EditActions
from ..document.document import Document
from ..document.file_actions import FileActions, recent_files
from ..panels.inspector import Inspector
from ..panels.op_palette import OpPalette
from . import actions as actions_mod
from . import window_theme, windows
from .view_actions import ViewActions
from .windows import find_window_for, forget_window, open_new_window, open_windows

__all__ = [
    "PANEL_INSTALLERS",
    "MainWindow",
    "create_main_window",
    "find_window_for",
    "forget_window",
    "open_new_window",
    "open_windows",
]

log = logging.getLogger(__name__)

# "module:function" installers of extra panels (stepper, training studio, ...), in order.
# A module that is not there (a feature not built yet) is skipped.
PANEL_INSTALLERS: list[str] = [
    "backprop_studio.ui.stepper.stepper:install_stepper",
    "backprop_studio.ui.training.studio:install_training",
    "backprop_studio.ui.training.timeline:install",
    "backprop_studio.ui.training.step_detail:install",
    "backprop_studio.ui.panels.gradient_check:install",
    "backprop_studio.ui.shell.closed_form_menu:install_closed_form_menu",
    "backprop_studio.ui.shell.canvas_menu:install_canvas_menu",
    "backprop_studio.ui.shell.parameter_naming:install_parameter_naming",
    "backprop_studio.ui.shell.workspaces:install_workspaces",
    "backprop_studio.ui.shell.keyboard:install_keyboard",
    "backprop_studio.ui.shell.presentation:install_presentation",
    "backprop_studio.ui.shell.accessibility:install_accessibility",
]


class MainWindow(QMainWindow):
    """One document in one window."""

    about_to_close = Signal()  # the window accepted a close: panels stop their work

    app_name = APP_NAME

    def __init__(self, document: Document | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.document = document or Document()
        self.document.setParent(self)
        self.named_actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._fit_pending = True

        self.scene = GraphScene(self.document.graph, theme=window_theme.current_theme())
        self.view = GraphView(self.scene, self)
        self.setCentralWidget(self.view)
        self.document.attach_scene(self.scene)

        self.op_palette = OpPalette(theme=self.scene.theme)
        self.op_palette.op_activated.connect(self.add_op_at_center)
        self.add_dock(self.op_palette, self.tr("Ops"), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.inspector = Inspector(self.document)
        self.add_dock(self.inspector, self.tr("Inspector"), Qt.DockWidgetArea.RightDockWidgetArea)
        # a burst of selection changes (deleting many selected nodes) updates the inspector once
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(0)
        self._selection_timer.timeout.connect(self.sync_selection)
        self.scene.selectionChanged.connect(self._selection_timer.start)

        self.file_actions = FileActions(self)
        self.edit_actions = EditActions(self)
        self.view_actions = ViewActions(self)
        actions_mod.build_menus(self)
        self._build_status_bar()
        self.autosaver = Autosaver(self.document)

        self.document.modified_changed.connect(self._update_title)
        self.document.path_changed.connect(self._update_title)
        self.document.graph_replaced.connect(self._on_graph_replaced)
        self.document.status_message.connect(self.set_status)
        self.document.evaluated.connect(self._on_evaluated)
        self.view_actions.sync_checks()
        self._install_panels()
        self._update_title()
        self.setAcceptDrops(True)  # .bpgraph files dropped from a file manager
        self.resize(1280, 800)
        windows.register(self)

    # ----------------------------------------------------------------- assembly
    def add_dock(
        self,
        widget: QWidget,
        title: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QDockWidget:
        """Put ``widget`` in a dock (named ``<widget name>_dock``) listed in View > Panels."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{widget.objectName() or title.lower()}_dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        panels = getattr(self, "panels_menu", None)
        if panels is not None:
            panels.addAction(dock.toggleViewAction())
        else:
            self._pending_dock_actions = [*getattr(self, "_pending_dock_actions", []), dock]
        return dock

    def open_new_window(self, path: str | Path | None = None) -> MainWindow:
        """Another window of the app: an empty graph, or the file at ``path``."""
        return open_new_window(path)

    def find_window_for(self, path: str | Path) -> MainWindow | None:
        """The open window showing this file, if any."""
        return find_window_for(path)

    def action(self, name: str) -> QAction:
        """An action by short name: ``window.action("save")`` is ``action_save``."""
        return self.named_actions[name]

    def menu(self, name: str) -> QMenu:
        """A top-level menu by key: "file", "edit", "view", "run", "help"."""
        return self.menus[name]

    def _install_panels(self) -> None:
        for dock in getattr(self, "_pending_dock_actions", []):
            self.panels_menu.addAction(dock.toggleViewAction())
        self._pending_dock_actions = []
        for dotted in PANEL_INSTALLERS:
            module_name, _, func = dotted.partition(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name and module_name.startswith(exc.name):
                    continue  # that feature is not installed (yet): no panel
                raise
            try:
                getattr(module, func or "install")(self)
            except Exception as exc:  # a broken panel must not take the editor down
                log.exception("panel installer %s failed", dotted)
                self.set_status(
                    self.tr("A panel could not be loaded (%1): %2")
                    .replace("%1", dotted)
                    .replace("%2", str(exc))
                )

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("status_counts")
        self.loss_label = QLabel()
        self.loss_label.setObjectName("status_loss")
        self.loss_label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.counts_label, self.loss_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    # ----------------------------------------------------------------- state display
    def _update_title(self, *_args: object) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified())
        self.setWindowFilePath(str(self.document.path) if self.document.path else "")

    def set_status(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _on_evaluated(self, result: object, problems: list) -> None:
        graph = self.document.graph
        n, m = len(graph), len(graph.edges())
        nodes = (self.tr("%1 node") if n == 1 else self.tr("%1 nodes")).replace("%1", str(n))
        edges = (self.tr("%1 edge") if m == 1 else self.tr("%1 edges")).replace("%1", str(m))
        self.counts_label.setText(f"{nodes} · {edges}")
        if result is not None:
            self.loss_label.setText(f"L = {fmt_number(result.loss)}")
            self.loss_label.setToolTip(
                self.tr("The loss, the value of node %1").replace("%1", result.loss_node)
            )
        elif problems:
            first = problems[0].message
            more = f" (+{len(problems) - 1})" if len(problems) > 1 else ""
            self.loss_label.setText(f"⚠ {_shorten(first, 70)}{more}")
            self.loss_label.setToolTip("\n".join(p.message for p in problems))
        else:
            self.loss_label.setText("")

    def sync_selection(self) -> None:
        """Show the current selection in the inspector now (normally on the next loop turn)."""
        self._selection_timer.stop()
        try:
            nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edge_ids()
        except RuntimeError:  # the scene is being torn down
            return
        self.inspector.show_selection(nodes, edges)

    def _on_graph_replaced(self, _graph: object) -> None:
        self._update_title()
        self.view_fit_later()

    # ----------------------------------------------------------------- view
    def view_fit_later(self) -> None:
        """Fit the graph once the window has its size (now, if it is already shown)."""
        self._fit_pending = True
        if self.isVisible():
            QTimer.singleShot(0, self._fit_if_pending)

    def _fit_if_pending(self) -> None:
        if self._fit_pending:
            self._fit_pending = False
            self.fit_view()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._fit_pending:
            QTimer.singleShot(0, self._fit_if_pending)

    def fit_view(self) -> None:
        self.view_actions.fit_view()

    def add_op_at_center(self, op: str) -> str | None:
        return self.view_actions.add_op_at_center(op)

    # ----------------------------------------------------------------- menus
    def fill_recent_menu(self, menu: QMenu) -> None:
        from ..document.file_actions import clear_recent_files

        menu.clear()
        files = [p for p in recent_files() if Path(p).exists()]
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.file_actions.open_path(p))
        if not files:
            menu.addAction(self.tr("No recent files")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("Clear list"), clear_recent_files).setEnabled(bool(files))

    def show_lesson(self) -> None:
        from .help_dialogs import show_lesson

        show_lesson(self)

    def show_about(self) -> None:
        from .help_dialogs import show_about

        show_about(self)

    def quit_application(self) -> None:
        for window in windows.open_windows():
            if not window.close():
                return
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # ----------------------------------------------------------------- file drops
    @staticmethod
    def _dropped_graphs(event: QDropEvent | QDragEnterEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() == fileio.FILE_SUFFIX]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._dropped_graphs(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if self._dropped_graphs(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """.bpgraph files dropped on the window open (a new window if this one has work)."""
        paths = self._dropped_graphs(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        for path in paths:
            self.file_actions.open_path(path)

    # ----------------------------------------------------------------- closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.file_actions.maybe_save():
            event.ignore()
            return
        presentation = getattr(self, "presentation", None)
        if presentation is not None and presentation.active:  # save the window, not the show
            presentation.leave()
        self.about_to_close.emit()
        self.autosaver.remove()
        window_theme.save_window_state(self)
        windows.forget_window(self)
        event.accept()


def _shorten(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def create_main_window(path: str | Path | None = None, start_example: bool = True) -> MainWindow:
    """The main window (not shown; no event loop). With ``path``: that file (raises
    FileFormatError if it cannot be loaded); without: the chain-rule example, untitled."""
    started = time.perf_counter()
    if path is not None:
        document = Document(fileio.load_graph(path), path)
    else:
        document = Document()
    window = MainWindow(document)
    if path is None and start_example:
        window.file_actions.open_start_example()
        window.set_status(
            QCoreApplication.translate(
                "MainWindow",
                "Welcome! This is the lesson's chain-rule example: try Run ▸ Step, or Help ▸ Lessons",
            )
        )
    log.debug("window ready in %.3f s", time.perf_counter() - started)
    return window


windows.set_window_factory(create_main_window)
