"""Method 1 of the lesson from the Run menu: solve dL/dw = 0 in closed form, and use the answer.

``action_solve_closed_form`` (Ctrl+K) goes to the Train workspace, brings the training panel's
closed-form box into view, solves for its chosen value and says the answer in the status bar;
``action_use_closed_form`` (Ctrl+Shift+K, enabled when a minimum was found) sets that value as
one undoable edit. The box itself belongs to the training studio (ui/training); these actions
only drive it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QScrollArea, QWidget

from .actions import make_action

if TYPE_CHECKING:
    from .main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClosedFormMenu", text)


def _box(window: MainWindow) -> Any:
    training = getattr(window, "training", None)
    return getattr(getattr(training, "panel", None), "closed_form", None)


def _bring_into_view(window: MainWindow, box: QWidget) -> None:
    spaces = getattr(window, "workspaces", None)
    if spaces is not None:
        spaces.switch("train")
    training = getattr(window, "training", None)
    if training is not None:
        training.raise_panel()
    parent = box.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        parent.ensureWidgetVisible(box, 0, 0)


def solve_closed_form(window: MainWindow) -> object | None:
    """Run > Solve in Closed Form: the answer shown in the box and in the status bar."""
    box = _box(window)
    if box is None:
        window.set_status(_tr("The training studio is not available"))
        return None
    _bring_into_view(window, box)
    result = box.solve()
    window.set_status(box.answer.text().splitlines()[0] if box.answer.text() else "", 15000)
    _sync(window)
    return result


def use_closed_form(window: MainWindow) -> bool:
    """Run > Use the Closed-Form Answer: the solved value set (one undo step)."""
    box = _box(window)
    if box is None or not box.apply():
        window.set_status(_tr("Solve in closed form first (Run ▸ Solve in Closed Form)"))
        _sync(window)
        return False
    r = box.result
    window.set_status(_tr("Set {0} to the closed-form answer").format(r.label or r.target))
    _sync(window)
    return True


def _sync(window: MainWindow) -> None:
    box = _box(window)
    use = window.named_actions.get("use_closed_form")
    if use is None:
        return
    found = box is not None and box.result is not None and box.result.found
    use.setEnabled(bool(found) and not box.apply_button.isHidden())
    if found:
        use.setText(_tr("&Use the Closed-Form Answer ({0})").format(box.apply_button.text()))
    else:
        use.setText(_tr("&Use the Closed-Form Answer"))


def install_closed_form_menu(window: MainWindow) -> None:
    """Add the two entries to the Run menu (after the training entries)."""
    menu = window.menu("run")
    menu.addSeparator()
    solve = make_action(
        window,
        "solve_closed_form",
        _tr("Solve in &Closed Form"),
        lambda: solve_closed_form(window),
        ("Ctrl+K",),
        _tr("Method 1: set dL/dw = 0 and solve for the chosen value, the others fixed"),
    )
    use = make_action(
        window,
        "use_closed_form",
        _tr("&Use the Closed-Form Answer"),
        lambda: use_closed_form(window),
        ("Ctrl+Shift+K",),
        _tr("Set the solved value (one undoable edit)"),
    )
    use.setEnabled(False)
    menu.addActions([solve, use])
    box = _box(window)
    if box is not None:
        box.solved.connect(lambda _r: _sync(window))
        window.document.graph_changed.connect(lambda *_a: _sync(window))
        window.document.graph_replaced.connect(lambda *_a: _sync(window))
