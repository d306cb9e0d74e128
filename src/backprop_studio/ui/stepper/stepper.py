"""The stepper: step through the forward and backward pass of the open graph.

:class:`Stepper` owns a :class:`~backprop_studio.core.walk.steps.Walk` (built on the first step
from the document's graph), the actions that move it, a play timer, and keeps the canvas
(``scene.set_overlay``), the chain-rule panel and the nodes' tooltips in step with it.

Actions (object names are a contract) and keys, the usual debugger ones:

=========================  ===========  ==============================================
``action_backward``        F5           run both passes: every value and gradient
``action_forward``         Ctrl+F5      the forward pass: every value at once
``action_step``            F10          one step: forward until done, then backward
``action_step_back``       Shift+F10    undo the last step (any move, exactly)
``action_step_forward``    F11          the next node, in topological order
``action_step_backward``   Shift+F11    the next edge, in the engine's visit order
``action_play_pass``       F8           play/pause: step automatically (panel speed)
``action_reset_pass``      Shift+F5     clear the walk's values and gradients; pressed
                                        again, back to the live evaluation
=========================  ===========  ==============================================

Stepping never changes the document or its undo stack. Any change of the graph's numbers or
structure (every Graph event except a node being moved) drops the walk and clears the
overlay; a graph that cannot be evaluated gives a status-bar message naming the problem.
:func:`install_stepper` plugs all of this into the main window (``PANEL_INSTALLERS``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from ...core.engine.plan import Result
from ...core.model.errors import GraphError
from ...core.model.graph import Graph, GraphEvent
from ...core.walk.overlay import PassOverlay
from ...core.walk.steps import Walk
from .chain_rule_panel import ChainRulePanel
from .icons import play_pause_icon, stepper_icon

# name, menu text, short text (toolbar), keys, tip
ACTION_SPECS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    (
        "reset_pass",
        QT_TRANSLATE_NOOP("Stepper", "&Reset"),
        QT_TRANSLATE_NOOP("Stepper", "Reset"),
        ("Shift+F5",),
        QT_TRANSLATE_NOOP("Stepper", "Clear the walk's values and gradients"),
    ),
    (
        "step_back",
        QT_TRANSLATE_NOOP("Stepper", "Step B&ack"),
        QT_TRANSLATE_NOOP("Stepper", "Back"),
        ("Shift+F10",),
        QT_TRANSLATE_NOOP("Stepper", "Undo the last step"),
    ),
    (
        "play_pass",
        QT_TRANSLATE_NOOP("Stepper", "&Play"),
        QT_TRANSLATE_NOOP("Stepper", "Play"),
        ("F8",),
        QT_TRANSLATE_NOOP("Stepper", "Step automatically (speed in the chain-rule panel)"),
    ),
    (
        "step",
        QT_TRANSLATE_NOOP("Stepper", "&Step"),
        QT_TRANSLATE_NOOP("Stepper", "Step"),
        ("F10",),
        QT_TRANSLATE_NOOP("Stepper", "Next node forward, then next edge backward"),
    ),
    (
        "step_forward",
        QT_TRANSLATE_NOOP("Stepper", "Step F&orward"),
        QT_TRANSLATE_NOOP("Stepper", "Node"),
        ("F11",),
        QT_TRANSLATE_NOOP("Stepper", "Compute the next node (topological order)"),
    ),
    (
        "step_backward",
        QT_TRANSLATE_NOOP("Stepper", "Step Bac&kward"),
        QT_TRANSLATE_NOOP("Stepper", "Edge"),
        ("Shift+F11",),
        QT_TRANSLATE_NOOP(
            "Stepper", "Apply the next chain-rule term: one edge of the backward pass"
        ),
    ),
    (
        "forward",
        QT_TRANSLATE_NOOP("Stepper", "&Forward Pass"),
        QT_TRANSLATE_NOOP("Stepper", "Forward"),
        ("Ctrl+F5",),
        QT_TRANSLATE_NOOP("Stepper", "Compute every node's value at once"),
    ),
    (
        "backward",
        QT_TRANSLATE_NOOP("Stepper", "&Backward Pass"),
        QT_TRANSLATE_NOOP("Stepper", "Backward"),
        ("F5",),
        QT_TRANSLATE_NOOP("Stepper", "Run both passes: every gradient at once"),
    ),
)
LAYOUT_ONLY = {"position"}
LIVE_TOOLTIP_MS = 400  # while training: tooltips' numbers refreshed at most this often
LIVE_TOOLTIP_LIMIT = 500  # nodes; above this, tooltips get numbers only during a walk  # node changes that alter no number: the walk survives them


class Stepper(QObject):
    """Moves a Walk over the document's graph and shows it on the canvas and the panel."""

    walk_changed = Signal()  # after every state change (and when the walk is dropped)

    def __init__(
        self,
        document: Any,
        scene: Any,
        panel: ChainRulePanel,
        owner: QWidget,
        status: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(owner)
        self.document = document
        self.scene = scene
        self.panel = panel
        self._status = status or (lambda _message: None)
        self.walk: Walk | None = None
        self._tips_shown: tuple[Walk, int | None, PassOverlay] | None = None
        self.actions: dict[str, QAction] = {}
        for name, text, short, keys, tip in ACTION_SPECS:
            text, short, tip = (
                QCoreApplication.translate("Stepper", t) for t in (text, short, tip)
            )
            action = QAction(text, owner)
            action.setObjectName(f"action_{name}")
            action.setIconText(short)
            action.setShortcuts([QKeySequence(k) for k in keys])
            shortcut = " / ".join(keys)
            action.setToolTip(f"{tip} ({shortcut})")
            action.setStatusTip(tip)
            action.setIcon(play_pause_icon() if name == "play_pass" else stepper_icon(name))
            self.actions[name] = action
        fold = QAction(
            QCoreApplication.translate("Stepper", "Step Collapsed &Groups as One Term"), owner
        )
        fold.setObjectName("action_fold_groups")
        fold.setCheckable(True)
        fold.setChecked(True)
        fold.setStatusTip(
            QCoreApplication.translate(
                "Stepper",
                "A collapsed group is one chain-rule term (its combined local derivative); "
                "off: step through its inside",
            )
        )
        fold.toggled.connect(lambda _on: self.drop_walk(""))
        self.actions["fold_groups"] = fold
        play = self.actions["play_pass"]
        play.setCheckable(True)
        play.toggled.connect(self._on_play_toggled)
        moves: dict[str, Callable[[], object]] = {
            "reset_pass": self.reset,
            "step_back": self.step_back,
            "step": self.step,
            "step_forward": self.step_forward,
            "step_backward": self.step_backward,
            "forward": self.run_forward,
            "backward": self.run_backward,
        }
        for name, slot in moves.items():
            self.actions[name].triggered.connect(lambda _checked=False, s=slot: s())

        # While training shows live values, the tooltips' local derivatives follow at most
        # every LIVE_TOOLTIP_MS (a Walk per update would cost more than the canvas redraw).
        self._live_tips = QTimer(self)
        self._live_tips.setSingleShot(True)
        self._live_tips.setInterval(LIVE_TOOLTIP_MS)
        self._live_tips.timeout.connect(
            lambda: self._on_evaluated(self.document.result, self.document.problems, True)
        )
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._set_interval(panel.steps_per_second)

        panel.set_actions([self.actions[n] for n in ("reset_pass", "step_back", "play_pass")])
        panel.set_actions([self.actions[n] for n in ("step", "step_forward", "step_backward")])
        panel.set_actions([self.actions[n] for n in ("forward", "backward")])
        panel.term_activated.connect(self.goto_term)
        panel.sample_selected.connect(self.set_sample)
        panel.speed_changed.connect(self._set_interval)
        document.graph_changed.connect(self._on_graph_event)
        document.graph_replaced.connect(self._on_graph_replaced)
        document.evaluated.connect(self._on_evaluated)
        scene.selectionChanged.connect(self._on_selection)
        self._update_actions()

    # ----------------------------------------------------------------- the walk
    def _ensure_walk(self) -> Walk | None:
        if self.walk is not None:
            return self.walk
        graph: Graph = self.document.graph
        try:
            fold = self.actions["fold_groups"].isChecked()
            result = self._recorded_result()
            plan = getattr(self.document, "plan", None) if result is not None else None
            self.walk = Walk(graph, result=result, plan=plan, fold_groups=fold)
        except GraphError as exc:
            problems = exc.problems or []
            more = ""
            if len(problems) > 1:
                more = self.tr(" (and %1 more problems)").replace("%1", str(len(problems) - 1))
            message = self.tr("Cannot step through the graph: %1").replace("%1", f"{exc}{more}")
            self._status(message)
            self.panel.show_walk(None, message)
            return None
        except (ArithmeticError, ValueError) as exc:  # numeric trouble: report, never crash
            message = self.tr("Cannot step through the graph: evaluation failed: %1").replace(
                "%1", str(exc)
            )
            self._status(message)
            self.panel.show_walk(None, message)
            return None
        self._raise_panel()
        return self.walk

    def _raise_panel(self) -> None:
        """A new walk brings the chain-rule panel to the front (its dock may be a tab)."""
        dock = self.panel.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.show()
            dock.raise_()

    def _move(self, move: Callable[[Walk], bool]) -> bool:
        walk = self._ensure_walk()
        if walk is None:
            self._stop_play()
            return False
        moved = move(walk)
        self._apply()
        return moved

    def step(self) -> bool:
        return self._move(Walk.step)

    def step_forward(self) -> bool:
        return self._move(Walk.step_forward)

    def step_backward(self) -> bool:
        return self._move(Walk.step_backward)

    def run_forward(self) -> bool:
        return self._move(Walk.run_forward)

    def run_backward(self) -> bool:
        return self._move(Walk.run_backward)

    def step_back(self) -> bool:
        if self.walk is None:
            return False
        return self._move(Walk.step_back)

    def goto_term(self, index: int) -> bool:
        """Show the walk right after term ``index`` and bring its edge into view."""
        walk = self.walk
        if walk is None or not 0 <= index < walk.backward_total:
            return False
        moved = self._move(lambda w: w.goto_term(index))
        self.scene.focus_edge(walk.trace[index].edge)
        return moved

    def reset(self) -> None:
        """Clear the walk's values and gradients; if already clear, leave the stepper."""
        self._stop_play()
        if self.walk is None:
            self.scene.set_overlay(None)
            return
        if self.walk.phase == "idle" and not self.walk.can_step_back:
            self.drop_walk("")
            self._status(self.tr("Back to the live evaluation"))
            return
        self.walk.reset()
        self._apply()

    def set_sample(self, sample: int) -> None:
        if self.walk is not None and self.walk.batch_size and sample != self.walk.sample:
            self.walk.set_sample(sample)
            self._apply(focus=False)

    def drop_walk(self, message: str) -> None:
        """Forget the walk (the graph changed): overlay cleared, panel emptied."""
        self._stop_play()
        had_walk = self.walk is not None
        self.walk = None
        self.scene.set_overlay(None)
        self._clear_tooltips()
        self.panel.show_walk(None, message)
        self._update_actions()
        if had_walk:
            if message:
                self._status(message)
            self.walk_changed.emit()
            self._on_evaluated(self.document.result, self.document.problems)

    # ----------------------------------------------------------------- display
    def _apply(self, focus: bool = True) -> None:
        walk = self.walk
        if walk is None:
            return
        overlay = walk.overlay()
        self.scene.set_overlay(overlay)
        self.panel.show_walk(walk)
        self._set_tooltips(walk, overlay)
        if focus and overlay.current_edge:
            self.scene.focus_edge(overlay.current_edge)
        elif focus and overlay.current_node:
            item = self.scene.node_item(overlay.current_node)
            if item is not None:
                for view in self.scene.views():
                    view.ensureVisible(item, 40, 40)
        self._update_actions()
        self.walk_changed.emit()

    def _set_tooltips(self, walk: Walk, overlay: PassOverlay | None = None) -> None:
        """Tooltips of the nodes whose numbers changed since the last state shown (every
        node after a jump to another walk or sample): a step stays cheap on big graphs."""
        last = self._tips_shown
        if len(walk.order) > LIVE_TOOLTIP_LIMIT:  # a big graph: texts made when a tip shows
            if last is None or last[0] is not walk:
                self._tips_shown = (walk, None, None)

                def tip(nid: str):
                    return partial(walk.local_derivative_text, nid, True)

                # cards a big graph builds later (lazy_items.py) take their tip from here
                self.scene.new_card_tooltip = tip
                for nid in walk.order:
                    item = self.scene.existing_node_item(nid)
                    if item is not None:
                        item.set_extra_tooltip(tip(nid))
            return
        overlay = overlay or walk.overlay()
        only = None
        if last is not None and last[0] is walk and last[1] == walk.sample:
            only = _changed_nodes(last[2], overlay)
        self._tips_shown = (walk, walk.sample, overlay)
        for nid, text in walk.local_derivative_texts(brief=True, only=only).items():
            item = self.scene.existing_node_item(nid)
            if item is not None and hasattr(item, "set_extra_tooltip"):
                item.set_extra_tooltip(text)

    def _clear_tooltips(self) -> None:
        self._tips_shown = None
        self.scene.new_card_tooltip = None
        if hasattr(self.scene, "node_items"):
            for item in self.scene.node_items():
                if hasattr(item, "set_extra_tooltip"):
                    item.set_extra_tooltip("")

    def _on_evaluated(self, result: Result | None, _problems: list, now: bool = False) -> None:
        """Without a walk, tooltips give the local derivatives at the live evaluation."""
        if self.walk is not None:
            return
        if not now and getattr(self.document, "is_live", False):
            if not self._live_tips.isActive():
                self._live_tips.start()
            return
        self._live_tips.stop()
        if result is None or len(self.document.graph) > LIVE_TOOLTIP_LIMIT:
            self._clear_tooltips()
            return
        try:
            live = Walk(self.document.graph, result=self._recorded_result())
        except (GraphError, ArithmeticError, ValueError):
            self._clear_tooltips()
            return
        live.run_backward()
        self._set_tooltips(live)

    def _recorded_result(self) -> Result | None:
        """The document's live evaluation with its trace (recorded on first request), so a
        walk does not evaluate the graph again; None: the Walk evaluates it itself."""
        recorded = getattr(self.document, "recorded_result", None)
        return recorded() if recorded is not None else None

    def _update_actions(self) -> None:
        walk = self.walk
        a = self.actions
        a["step_back"].setEnabled(walk is not None and walk.can_step_back)
        done = walk is not None and walk.backward_done
        a["step"].setEnabled(not done)
        a["step_backward"].setEnabled(not done)
        a["step_forward"].setEnabled(walk is None or not walk.forward_done)

    # ----------------------------------------------------------------- play
    def _set_interval(self, steps_per_second: float) -> None:
        self.timer.setInterval(max(20, int(round(1000 / steps_per_second))))

    def _on_play_toggled(self, on: bool) -> None:
        if not on:
            self.timer.stop()
            self.actions["play_pass"].setText("&Play")
            return
        walk = self._ensure_walk()
        if walk is None:
            self._stop_play()
            return
        if walk.backward_done:  # play again from the start
            walk.reset()
            self._apply()
        self.actions["play_pass"].setText("&Pause")
        self.timer.start()

    def _tick(self) -> None:
        if not self.step() or (self.walk is not None and self.walk.backward_done):
            self._stop_play()

    def _stop_play(self) -> None:
        self.timer.stop()
        play = self.actions["play_pass"]
        if play.isChecked():
            play.blockSignals(True)
            play.setChecked(False)
            play.blockSignals(False)
            play.setText("&Play")

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    # ----------------------------------------------------------------- graph changes
    def _on_graph_event(self, event: GraphEvent) -> None:
        if self.walk is None:
            return
        if event.kind == "node_changed" and set(event.keys) <= LAYOUT_ONLY:
            return
        self.drop_walk(
            self.tr("The graph changed, so the walk was reset. Step again to start over.")
        )

    def _on_graph_replaced(self, _graph: Graph) -> None:
        self.drop_walk("")

    def _on_selection(self) -> None:
        if self.walk is None:
            return
        try:
            nodes = self.scene.selected_node_ids()
            edges = self.scene.selected_edge_ids()
        except RuntimeError:  # the scene is being torn down with its window
            return
        if len(nodes) == 1 and not edges:
            self.panel.set_path_subject("node", nodes[0])
        elif len(edges) == 1 and not nodes:
            self.panel.set_path_subject("edge", edges[0])


def _changed_nodes(old: PassOverlay, new: PassOverlay) -> set[str]:
    """Nodes whose value, gradient or gradient state differ between two overlays."""
    changed = set()
    for nid in set(old.values) | set(new.values) | set(old.grads) | set(new.grads):
        if (
            old.values.get(nid) != new.values.get(nid)
            or old.grads.get(nid) != new.grads.get(nid)
            or (nid in old.final_grads) != (nid in new.final_grads)
        ):
            changed.add(nid)
    return changed


class _DockSizer(QObject):
    """Shares the dock column's height once, when the window is first shown (docks cannot
    be sized before the window has its layout)."""

    def __init__(self, window: Any, docks: list[QDockWidget], ratio: list[int]) -> None:
        super().__init__(window)
        self._window, self._docks, self._ratio = window, docks, ratio

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._apply)
        return False

    def _apply(self) -> None:
        from PySide6.QtCore import Qt

        height = sum(d.height() for d in self._docks)
        total = sum(self._ratio)
        sizes = [max(120, height * r // total) for r in self._ratio]
        self._window.resizeDocks(self._docks, sizes, Qt.Orientation.Vertical)


def install_stepper(window: Any) -> Stepper:
    """Add the chain-rule panel, the Run menu entries and the step toolbar to the window."""
    from PySide6.QtCore import Qt

    panel = ChainRulePanel()

    def status(message: str) -> None:
        if hasattr(window, "set_status"):
            window.set_status(message)
        else:
            window.statusBar().showMessage(message, 8000)

    stepper = Stepper(window.document, window.scene, panel, window, status)
    dock = window.add_dock(
        panel,
        QCoreApplication.translate("Docks", "Chain Rule"),
        Qt.DockWidgetArea.RightDockWidgetArea,
    )
    others = [
        d
        for d in window.findChildren(QDockWidget)
        if d is not dock and window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea
    ]
    if others and dock is not None:  # the terms need the height more than the inspector
        sizer = _DockSizer(window, [others[0], dock], [3, 5])
        window.installEventFilter(sizer)
    menu = window.menu("run")
    a = stepper.actions
    for group in (
        ("forward", "backward"),
        ("step", "step_forward", "step_backward", "step_back"),
        ("play_pass", "reset_pass"),
        ("fold_groups",),
    ):
        if not menu.isEmpty():
            menu.addSeparator()
        menu.addActions([a[n] for n in group])
    toolbar = window.addToolBar(QCoreApplication.translate("Docks", "Step Through"))
    toolbar.setObjectName("stepper_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for group in (("forward", "backward"), ("step", "step_back", "play_pass", "reset_pass")):
        if toolbar.actions():
            toolbar.addSeparator()
        toolbar.addActions([a[n] for n in group])
    for attribute in ("named_actions", "actions"):  # window.action(name) finds them
        registry = getattr(window, attribute, None)
        if isinstance(registry, dict):
            for name, action in a.items():
                registry.setdefault(name, action)
    window.stepper = stepper
    return stepper
