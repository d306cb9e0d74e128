"""Workspaces: the docks arranged by activity, the canvas first.

Three workspaces, switched by tabs in the toolbar (``workspace_tabs``), by View > Workspace
and by Ctrl+1/2/3 (``action_workspace_build``, ``action_workspace_step``,
``action_workspace_train``):

- **Build**: the op palette and the inspector;
- **Step**: the chain-rule panel and the step toolbar;
- **Train**: the training settings, the loss plot, the landscape and the data table.

By default a workspace's docks sit in one row under the canvas, so the canvas keeps the whole
width of the window (at 1280x800 the examples fit with their card titles 11 px or more). Each
workspace remembers its own layout (``QMainWindow.saveState``, in QSettings under
``workspace/<name>/state``): moving or closing a dock in Build never disturbs Step. A feature
that brings its dock forward (stepping raises the chain rule, training the settings) switches
to the workspace that holds the dock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QSplitter, QTabBar, QToolBar

from . import window_theme

if TYPE_CHECKING:
    from .main_window import MainWindow

STATE_VERSION = 1
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


@dataclass(frozen=True)
class Workspace:
    """One activity: its docks (groups side by side; docks in a group are tabs), their row's
    height, and the toolbars it shows."""

    name: str
    text: str  # menu text, with its mnemonic
    key: str
    groups: tuple[tuple[str, ...], ...]
    ratios: tuple[int, ...]
    height: int  # of the dock row, at most a third of the window
    toolbars: tuple[str, ...]
    tip: str


WORKSPACES: tuple[Workspace, ...] = (
    Workspace(
        "build",
        QT_TRANSLATE_NOOP("Workspaces", "&Build"),
        "Ctrl+1",
        (("op_palette_dock",), ("inspector_dock",)),
        (1, 1),
        250,
        (),
        QT_TRANSLATE_NOOP("Workspaces", "Draw the graph: the op palette and the inspector"),
    ),
    Workspace(
        "step",
        QT_TRANSLATE_NOOP("Workspaces", "&Step"),
        "Ctrl+2",
        (("chain_rule_panel_dock",),),
        (1,),
        250,
        ("stepper_toolbar",),
        QT_TRANSLATE_NOOP("Workspaces", "Step through the passes: the chain-rule terms"),
    ),
    Workspace(
        "train",
        QT_TRANSLATE_NOOP("Workspaces", "&Train"),
        "Ctrl+3",
        (
            ("training_panel_dock",),
            ("loss_plot_dock",),
            ("landscape_plot_dock", "data_table_dock", "decision_plot_dock", "step_detail_dock"),
        ),
        (4, 3, 3),
        270,
        ("training_toolbar",),
        QT_TRANSLATE_NOOP("Workspaces", "Train the parameters: settings, loss, landscape and data"),
    ),
)
NAMES = tuple(w.name for w in WORKSPACES)
TAB_TEXTS = (  # the tabs show the menu texts without their mnemonic
    QT_TRANSLATE_NOOP("Workspaces", "Build"),
    QT_TRANSLATE_NOOP("Workspaces", "Step"),
    QT_TRANSLATE_NOOP("Workspaces", "Train"),
)
ALWAYS_SHOWN_TOOLBARS = ("workspace_toolbar",)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Workspaces", text)


def workspace(name: str) -> Workspace:
    for ws in WORKSPACES:
        if ws.name == name:
            return ws
    raise ValueError(f"unknown workspace {name!r}; one of {', '.join(NAMES)}")


class Workspaces(QObject):
    """The workspace switch of one window: actions, tabs, and each workspace's layout.
    While suspended (presentation mode shows no docks) a switch only changes ``current``."""

    changed = Signal(str)  # the current workspace's name

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.current = ""
        self._applying = False
        self._pending: tuple[str, QDockWidget] | None = None
        self.suspended_from: str | None = None  # the workspace when presentation began
        self.actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for ws in WORKSPACES:
            action = QAction(_tr(ws.text), window)
            action.setObjectName(f"action_workspace_{ws.name}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(ws.key))
            action.setStatusTip(_tr(ws.tip))
            action.setToolTip(f"{_tr(ws.tip)} ({ws.key})")
            action.triggered.connect(lambda _c=False, n=ws.name: self.switch(n))
            group.addAction(action)
            self.actions[ws.name] = action
            window.named_actions[f"workspace_{ws.name}"] = action
        self.tabs = QTabBar()
        self.tabs.setObjectName("workspace_tabs")
        self.tabs.setAccessibleName(_tr("Workspace"))
        self.tabs.setAccessibleDescription(_tr("Choose the activity: build, step or train"))
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for ws in WORKSPACES:
            index = self.tabs.addTab(_tr(ws.text.replace("&", "")))
            self.tabs.setTabToolTip(index, f"{_tr(ws.tip)} ({ws.key})")
        self.tabs.currentChanged.connect(self._on_tab)
        self.toolbar = QToolBar(_tr("Workspaces"))
        self.toolbar.setObjectName("workspace_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(self.tabs)
        window.insertToolBar(window.findChild(QToolBar, "stepper_toolbar"), self.toolbar)
        for dock in self.docks().values():
            dock.visibilityChanged.connect(
                lambda visible, d=dock: self._on_dock_visibility(d, visible)
            )
            dock.dockLocationChanged.connect(lambda area, d=dock: _orient(d, area))
        window.about_to_close.connect(self.save_current)
        for child in window.children():  # the panels' first-show sizers: the layout is ours
            if type(child).__name__.endswith("Sizer"):
                window.removeEventFilter(child)
        window.installEventFilter(self)

    # ----------------------------------------------------------------- queries
    def docks(self) -> dict[str, QDockWidget]:
        found = self.window.findChildren(QDockWidget)
        return {d.objectName(): d for d in found if d.parent() is self.window}

    def owner_of(self, dock_name: str) -> str | None:
        for ws in WORKSPACES:
            if any(dock_name in group for group in ws.groups):
                return ws.name
        return None

    def owner_of_toolbar(self, toolbar_name: str) -> str | None:
        for ws in WORKSPACES:
            if toolbar_name in ws.toolbars:
                return ws.name
        return None

    def reveal(self, dock_name: str | None = None, toolbar_name: str | None = None) -> None:
        """Switch to the workspace that shows this dock or toolbar (a lesson points at it)."""
        owner = self.owner_of(dock_name) if dock_name else None
        owner = owner or (self.owner_of_toolbar(toolbar_name) if toolbar_name else None)
        if owner is not None and owner != self.current:
            self.switch(owner)

    # ----------------------------------------------------------------- switching
    def switch(self, name: str) -> None:
        """Show workspace ``name``: its remembered layout, or its default one."""
        ws = workspace(name)
        if name == self.current:
            self._sync_controls()
            return
        if self.suspended_from is not None:
            self.current = name
            window_theme.save_setting("workspace/current", name)
            self._sync_controls()
            self.changed.emit(name)
            return
        self.save_current()
        self.current = name
        window_theme.save_setting("workspace/current", name)
        was_whole = self._graph_in_view()
        with self._laying_out():
            state = window_theme.load_setting(f"workspace/{name}/state")
            restored = isinstance(state, QByteArray | bytes) and bool(state)
            if restored:  # docks the state does not mention stay hidden
                for dock_name, dock in self.docks().items():
                    if self.owner_of(dock_name) is not None:
                        self._park(dock)
                restored = self.window.restoreState(QByteArray(state), STATE_VERSION)
            if not restored:
                self.apply_default(ws)
            self.toolbar.show()
        self._sync_controls()
        self._hide_stale_tab_bars()
        QTimer.singleShot(0, self._hide_stale_tab_bars)
        if was_whole:  # the canvas changed size: keep the whole graph in view
            QTimer.singleShot(0, self, lambda: self._refit_if_cut())
        self.changed.emit(name)
        self.window.set_status(_tr("Workspace: {0}").format(_tr(ws.text.replace("&", ""))))

    def suspend(self) -> None:
        """Presentation mode: remember the layout, show no dock until :meth:`resume`."""
        self.save_current()
        self.suspended_from = self.current

    def resume(self, state: QByteArray | None) -> None:
        """After presentation mode: the window's layout from before it (``state``), or the
        workspace chosen meanwhile with its own layout."""
        started, self.suspended_from = self.suspended_from, None
        if state is not None:
            self._restore(state)
        if started is not None and started != self.current:
            name, self.current = self.current, ""
            self.switch(name)

    @contextmanager
    def _laying_out(self) -> Iterator[None]:
        """Dock changes made here are ours, not the user's (``_applying``)."""
        self._applying = True
        try:
            yield
        finally:
            self._applying = False

    def _restore(self, state: QByteArray, version: int = 0) -> bool:
        """Put a saved dock layout back; Qt leaves stale tab bars, which are hidden."""
        with self._laying_out():
            restored = self.window.restoreState(state, version)
        self._hide_stale_tab_bars()
        return restored

    def save_current(self) -> None:
        if self.current and self.suspended_from is None:
            key = f"workspace/{self.current}/state"
            window_theme.save_setting(key, self.window.saveState(STATE_VERSION))

    def reset_layout(self) -> None:
        """View > Workspace > Reset Layout: the current workspace's default arrangement."""
        if not self.current:
            return
        with self._laying_out():
            self.apply_default(workspace(self.current))
        self.save_current()

    def apply_default(self, ws: Workspace) -> None:
        window = self.window
        docks = self.docks()
        wanted = {n for group in ws.groups for n in group}
        for name, dock in docks.items():  # out of any tab group: no stale tab bar stays
            if self.owner_of(name) is not None and name not in wanted:
                self._park(dock)
        leads: list[QDockWidget] = []
        ratios: list[int] = []
        for group, ratio in zip(ws.groups, ws.ratios, strict=True):
            present = [docks[n] for n in group if n in docks]
            if not present:
                continue
            lead = present[0]
            for dock in present:
                dock.setFloating(False)
            if not leads:
                window.addDockWidget(BOTTOM, lead)
            else:
                window.splitDockWidget(leads[-1], lead, Qt.Orientation.Horizontal)
            for dock in present[1:]:
                window.tabifyDockWidget(lead, dock)
            for dock in present:
                dock.show()
            lead.raise_()
            leads.append(lead)
            ratios.append(ratio)
        for bar in window.findChildren(QToolBar):
            if bar.parent() is window and bar.objectName() not in ALWAYS_SHOWN_TOOLBARS:
                bar.setVisible(bar.objectName() in ws.toolbars)
        self._size_docks(leads, ratios, ws.height)

    def _graph_in_view(self) -> bool:
        view = self.window.view
        rect = self.window.scene.cards_rect()  # items_rect walks every item: 0.05 s at 10k
        return not rect.isNull() and view.visible_scene_rect().contains(rect)

    def _refit_if_cut(self) -> None:
        if not self._graph_in_view() and self.window.isVisible():
            self.window.fit_view()

    def _hide_stale_tab_bars(self) -> None:
        """Qt leaves the tab bar of a group of hidden docks on screen: hide such bars."""
        shown = {d.windowTitle() for d in self.docks().values() if not d.isHidden()}
        for bar in self.window.findChildren(QTabBar):
            if bar is self.tabs or bar.parent() is not self.window or bar.isHidden():
                continue
            titles = {bar.tabText(i) for i in range(bar.count())}
            if not titles & shown:
                bar.hide()

    def _park(self, dock: QDockWidget) -> None:
        """Hide a dock out of any tab group (a hidden tab leaves its tab bar on screen)."""
        dock.setFloating(False)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()

    def _size_docks(self, leads: list[QDockWidget], ratios: list[int], height: int) -> None:
        if not leads:
            return

        def apply() -> None:
            window = self.window
            try:
                placed = not any(
                    d.isFloating() or d.isHidden() or window.dockWidgetArea(d) != BOTTOM
                    for d in leads
                )
            except RuntimeError:  # the window is closing: its docks are gone
                return
            if not placed:
                return
            rows = min(height, self.window.height() // 3)
            self.window.resizeDocks(leads, [rows] * len(leads), Qt.Orientation.Vertical)
            width = self.window.width()
            total = sum(ratios)
            widths = [width * r // total for r in ratios]
            self.window.resizeDocks(leads, widths, Qt.Orientation.Horizontal)

        apply()
        QTimer.singleShot(0, self, apply)  # once the layout has taken the docks in

    def _sync_controls(self) -> None:
        index = NAMES.index(self.current)
        self.actions[self.current].setChecked(True)
        if self.tabs.currentIndex() != index:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)

    def _on_tab(self, index: int) -> None:
        if 0 <= index < len(NAMES):
            self.switch(NAMES[index])

    def _on_dock_visibility(self, dock: QDockWidget, visible: bool) -> None:
        """A feature brought a dock of another workspace forward: go to that workspace."""
        if not visible or self._applying or not self.current:
            return
        owner = self.owner_of(dock.objectName())
        if self.suspended_from is not None:  # presenting: the dock stays hidden
            dock.hide()
            if owner is not None:
                self.switch(owner)
            return
        if owner is None or owner == self.current:
            return
        self._pending = (owner, dock)
        QTimer.singleShot(0, self._switch_pending)

    def _switch_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        name, dock = pending
        # the current workspace's layout is remembered without the visitor
        with self._laying_out():
            dock.hide()
        self.switch(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # the window's first show: the other panels' own sizers ran; give the docks our sizes
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._first_show))
        return False

    def _first_show(self) -> None:
        """Lay the docks out again at the window's real size: a layout restored while the
        window was still small (it is built before it is resized and shown) keeps its docks'
        share of that size, which made them taller at every launch."""
        if not self.current or self.suspended_from is not None:
            return
        state = window_theme.load_setting(f"workspace/{self.current}/state")
        if not (isinstance(state, QByteArray | bytes) and state):
            self.reset_layout()
            return
        self._restore(QByteArray(state), STATE_VERSION)


def _orient(dock: QDockWidget, area: Qt.DockWidgetArea) -> None:
    """A panel with a splitter (the chain rule: terms and paths) lays it out along its dock:
    side by side under the canvas, one above the other beside it."""
    splitter = getattr(dock.widget(), "splitter", None)
    if isinstance(splitter, QSplitter):
        wide = area in (BOTTOM, Qt.DockWidgetArea.TopDockWidgetArea)
        splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)


def install_workspaces(window: MainWindow) -> Workspaces:
    """Add the workspace tabs, View > Workspace and Ctrl+1/2/3; open the last workspace (the
    training one when the file has training settings, Build the first time)."""
    spaces = Workspaces(window)
    view_menu = window.menu("view")
    menu = QMenu(_tr("&Workspace"), view_menu)
    menu.setObjectName("menu_workspace")
    view_menu.insertMenu(view_menu.actions()[0], menu)
    view_menu.insertSeparator(view_menu.actions()[1])
    menu.addActions(list(spaces.actions.values()))
    menu.addSeparator()
    reset = QAction(_tr("&Reset Layout"), window)
    reset.setObjectName("action_workspace_reset")
    reset.setStatusTip(_tr("Arrange the current workspace's panels as they were at first"))
    reset.triggered.connect(lambda _c=False: spaces.reset_layout())
    window.named_actions["workspace_reset"] = reset
    menu.addAction(reset)
    saved = str(window_theme.load_setting("workspace/current", ""))
    first = saved if saved in NAMES else "build"
    if window.document.graph.training and not saved:
        first = "train"
    spaces.switch(first)
    window.workspaces = spaces
    return spaces
