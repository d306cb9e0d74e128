"""The training studio in the main window: actions, Run menu entries, toolbar and docks.

:func:`install_training` (listed in ``main_window.PANEL_INSTALLERS``) builds a
:class:`~backprop_studio.ui.training.controller.TrainingController` for the window's document
and plugs in:

- actions (object names are a contract): ``action_train`` (Ctrl+T; Resume when paused),
  ``action_pause_training`` (Ctrl+Alt+P, checkable), ``action_step_training`` (Ctrl+I, one
  iteration), ``action_stop_training`` (Ctrl+Shift+T), in the Run menu and a "Training"
  toolbar, and as buttons in the training panel;
- docks: the training panel ("training_panel") tabified with the chain-rule panel on the
  right (raised when training starts or a file with a ``training`` section is opened), the
  loss plot ("loss_plot") at the bottom, and beside it the loss landscape
  ("landscape_plot"), the data table ("data_table") and the decision regions
  ("decision_plot"), tabified.

The window's bottom-right corner belongs to the right dock column, so the bottom plots share
the width left of it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from ...core.engine.trace import fmt_number
from .controller import IDLE, PAUSED, RUNNING, TrainingController
from .data_table import DataTable
from .decision_plot import DecisionPlot
from .icons import training_icon
from .landscape_plot import LandscapePlot
from .loss_plot import LossPlot
from .panel import TrainingPanel

# name, menu text, toolbar text, keys, tip
ACTION_SPECS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    (
        "train",
        QT_TRANSLATE_NOOP("Training", "&Train"),
        QT_TRANSLATE_NOOP("Training", "Train"),
        ("Ctrl+T",),
        QT_TRANSLATE_NOOP("Training", "Train with the panel's settings (gradient descent)"),
    ),
    (
        "pause_training",
        QT_TRANSLATE_NOOP("Training", "&Pause Training"),
        QT_TRANSLATE_NOOP("Training", "Pause"),
        ("Ctrl+Alt+P",),
        QT_TRANSLATE_NOOP("Training", "Pause or resume training"),
    ),
    (
        "step_training",
        QT_TRANSLATE_NOOP("Training", "Train One &Iteration"),
        QT_TRANSLATE_NOOP("Training", "Step"),
        ("Ctrl+I",),
        QT_TRANSLATE_NOOP(
            "Training", "One iteration of gradient descent (Stop applies the values)"
        ),
    ),
    (
        "stop_training",
        QT_TRANSLATE_NOOP("Training", "St&op Training"),
        QT_TRANSLATE_NOOP("Training", "Stop"),
        ("Ctrl+Shift+T",),
        QT_TRANSLATE_NOOP("Training", "Stop now and keep the values reached (one undoable edit)"),
    ),
    (
        "reset_weights",
        QT_TRANSLATE_NOOP("Training", "&Reset Weights"),
        QT_TRANSLATE_NOOP("Training", "Reset"),
        ("Ctrl+Shift+R",),
        QT_TRANSLATE_NOOP(
            "Training",
            "Put the trainables back to the values before the first run (one undoable edit)",
        ),
    ),
)
BOTTOM_HEIGHT = 270


class TrainingStudio(QObject):
    """Wires the controller, the actions and the panels of one window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        document = window.document
        self.controller = TrainingController(document, window.scene, self)
        self.panel = TrainingPanel(document)
        self.loss_plot = LossPlot()
        self.landscape: LandscapePlot | None = None
        self.data_table: DataTable | None = None
        self.decision: DecisionPlot | None = None
        self.actions: dict[str, QAction] = {}
        for name, text, short, keys, tip in ACTION_SPECS:
            text, short, tip = (
                QCoreApplication.translate("Training", t) for t in (text, short, tip)
            )
            action = QAction(training_icon(name), text, window)
            action.setObjectName(f"action_{name}")
            action.setIconText(short)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setToolTip(f"{tip} ({' / '.join(keys)})")
            action.setStatusTip(tip)
            self.actions[name] = action
        a = self.actions
        a["pause_training"].setCheckable(True)
        a["train"].triggered.connect(self.train)
        a["pause_training"].toggled.connect(self.controller.set_paused)
        a["step_training"].triggered.connect(self.step)
        a["stop_training"].triggered.connect(self.controller.stop)
        a["reset_weights"].triggered.connect(self.controller.reset_weights)
        self.panel.set_actions([a[n] for n in ("train", "pause_training", "step_training")])
        self.panel.set_actions([a["stop_training"], a["reset_weights"]])
        self.loss_plot.clear_button.clicked.connect(self.controller.forget_origin)

        c = self.controller
        c.state_changed.connect(self._on_state)
        c.session_started.connect(self._on_started)
        c.session_updated.connect(self._on_update)
        c.session_finished.connect(self._on_finished)
        c.status_message.connect(self._status)
        c.live_loss.connect(self._on_live_loss)
        document.graph_replaced.connect(self._on_graph_replaced)
        # Whole-graph refills once per edit (Document.graph_edited), once per kind of change:
        # deleting 1,000 nodes is thousands of events.
        document.graph_edited.connect(self._on_graph_events)
        if hasattr(window, "about_to_close"):
            window.about_to_close.connect(self.controller.shutdown)
        self._on_state(IDLE)

    # ----------------------------------------------------------------- actions
    def train(self) -> bool:
        if self.controller.state == PAUSED:
            self.controller.resume()
            return True
        self.controller.train_from = self.panel.train_from.currentData()
        ok = self.controller.train(self.panel.settings())
        if ok:
            self.raise_panel()
        return ok

    def step(self) -> bool:
        if self.controller.state == IDLE:
            self.controller.train_from = self.panel.train_from.currentData()
        ok = self.controller.step(self.panel.settings())
        if ok:
            self.raise_panel()
        return ok

    def raise_panel(self) -> None:
        dock = self.panel.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.show()
            dock.raise_()

    def _status(self, text: str) -> None:
        if hasattr(self.window, "set_status"):
            self.window.set_status(text)

    def _on_live_loss(self, loss: float, loss_node: str) -> None:
        """The status bar's loss at the iteration on screen (also when the canvas is too slow
        to redraw live and only the loss is kept live)."""
        label = getattr(self.window, "loss_label", None)
        if label is not None:
            label.setText(f"L = {fmt_number(loss)}")
            label.setToolTip(self.tr("The loss, the value of node {0}").format(loss_node))

    def _on_state(self, state: str) -> None:
        a = self.actions
        busy = state != IDLE
        a["train"].setEnabled(state in (IDLE, PAUSED))
        paused = state == PAUSED
        resume = QCoreApplication.translate("Training", "&Resume Training")
        a["train"].setText(resume if paused else QCoreApplication.translate("Training", "&Train"))
        short = QCoreApplication.translate("Training", "Resume")
        a["train"].setIconText(short if paused else QCoreApplication.translate("Training", "Train"))
        a["pause_training"].setEnabled(state in (RUNNING, PAUSED))
        pause = a["pause_training"]
        pause.blockSignals(True)
        pause.setChecked(state == PAUSED)
        pause.blockSignals(False)
        a["step_training"].setEnabled(state in (IDLE, PAUSED))
        a["stop_training"].setEnabled(state in (RUNNING, PAUSED))
        a["reset_weights"].setEnabled(not busy)
        self.panel.set_settings_enabled(not busy)

    # ----------------------------------------------------------------- sessions
    def _on_started(self, session: Any) -> None:
        self.panel.show_started(session)
        self.loss_plot.begin_session(session)
        for view in (self.landscape, self.data_table, self.decision):
            if view is not None and hasattr(view, "begin_session"):
                view.begin_session(session)

    def _on_update(self, update: Any) -> None:
        self.panel.show_update(update)
        self.loss_plot.add_update(update)
        for view in (self.landscape, self.data_table, self.decision):
            if view is not None and hasattr(view, "add_update"):
                view.add_update(update)

    def _on_finished(self, session: Any) -> None:
        self.panel.show_finished(session)
        self.loss_plot.finish_session(session)
        for view in (self.landscape, self.data_table, self.decision):
            if view is not None and hasattr(view, "finish_session"):
                view.finish_session(session)

    # ----------------------------------------------------------------- document
    def _on_graph_replaced(self, graph: Any) -> None:
        self.panel.load_from_graph(graph)
        if graph.training:
            self.raise_panel()

    def _on_graph_events(self, events: list[Any]) -> None:
        for event in {(e.kind, e.keys): e for e in events}.values():
            self._on_graph_event(event)

    def _on_graph_event(self, event: Any) -> None:
        if event.kind == "meta_changed" and "training" in event.keys:
            if not self.controller.busy:
                self.panel.load_from_graph(self.window.document.graph)
        elif event.kind == "meta_changed" and "data" in event.keys:
            self.panel.update_samples(self.window.document.graph)
        if event.kind in ("node_added", "node_removed", "edge_added", "edge_removed") or (
            event.kind in ("node_changed", "edge_changed") and "trainable" in event.keys
        ):
            self.panel.closed_form.refresh_targets()
        layout_only = event.kind == "node_changed" and set(event.keys) <= {"position", "label"}
        meta_only = event.kind == "meta_changed" and set(event.keys) <= {"title", "description"}
        if not (layout_only or meta_only):
            self.panel.closed_form.mark_stale()


class _BottomSizer(QObject):
    """Gives the bottom docks their height once the window is first shown."""

    def __init__(self, window: Any, docks: list[QDockWidget]) -> None:
        super().__init__(window)
        self._window, self._docks = window, docks

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self.apply)
        return False

    def apply(self) -> None:
        window = self._window
        docks = [d for d in self._docks if d is not None]
        if not docks:
            return
        height = max(BOTTOM_HEIGHT, window.height() // 3)
        window.resizeDocks(docks[:1], [height], Qt.Orientation.Vertical)
        if len(docks) > 1:
            window.resizeDocks(docks[:2], [1, 1], Qt.Orientation.Horizontal)


def install_training(window: Any) -> TrainingStudio:
    """Add the training studio's docks, actions, menu entries and toolbar to ``window``."""
    studio = TrainingStudio(window)
    right = Qt.DockWidgetArea.RightDockWidgetArea
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    window.setCorner(Qt.Corner.BottomRightCorner, right)

    panel_dock = window.add_dock(
        studio.panel, QCoreApplication.translate("Docks", "Training"), right
    )
    chain = window.findChild(QDockWidget, "chain_rule_panel_dock")
    if chain is not None:
        window.tabifyDockWidget(chain, panel_dock)
        chain.raise_()
    loss_dock = window.add_dock(
        studio.loss_plot, QCoreApplication.translate("Docks", "Loss"), bottom
    )
    studio.landscape = LandscapePlot(window.document)
    studio.data_table = DataTable(window.document)
    studio.decision = DecisionPlot(window.document)
    side_docks = [
        window.add_dock(
            studio.landscape, QCoreApplication.translate("Docks", "Loss Landscape"), bottom
        ),
        window.add_dock(studio.data_table, QCoreApplication.translate("Docks", "Data"), bottom),
        window.add_dock(
            studio.decision,
            QCoreApplication.translate("Docks", "Decision Regions"),
            bottom,
        ),
    ]
    studio.loss_plot.clear_button.clicked.connect(studio.landscape.clear_paths)
    if side_docks:
        window.splitDockWidget(loss_dock, side_docks[0], Qt.Orientation.Horizontal)
        for dock in side_docks[1:]:
            window.tabifyDockWidget(side_docks[0], dock)
        side_docks[0].raise_()
    sizer = _BottomSizer(window, [loss_dock, *side_docks[:1]])
    window.installEventFilter(sizer)
    if window.isVisible():
        sizer.apply()

    menu = window.menu("run")
    a = studio.actions
    if not menu.isEmpty():
        menu.addSeparator()
    menu.addActions([a[n] for n in ("train", "pause_training", "step_training", "stop_training")])
    menu.addAction(a["reset_weights"])
    toolbar = window.addToolBar(QCoreApplication.translate("Docks", "Training"))
    toolbar.setObjectName("training_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([a[n] for n in ("train", "pause_training", "stop_training")])
    registry = getattr(window, "named_actions", None)
    if isinstance(registry, dict):
        for name, action in a.items():
            registry.setdefault(name, action)
    if window.document.graph.training:
        studio.raise_panel()
    window.training = studio
    return studio
