"""Accessible names and descriptions for every control of a window (screen readers, and
automation that finds controls by name).

Panels name their main controls themselves; :func:`name_widgets` gives every interactive
widget still without a name one taken from what a sighted user reads beside it: a button's
text or action, the form label in front of a field, a label whose buddy it is, a placeholder,
the tooltip; as a last resort the widget's object name in words. The description is the
tooltip (or status tip), else which panel the control is in. The window runs it once its
panels are installed and again whenever it is shown, so late widgets are named too.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

PARTS = ("qt_spinbox_lineedit", "qt_tableview_cornerbutton")
QT_PARTS = {
    "qt_toolbar_ext_button": QT_TRANSLATE_NOOP("Accessibility", "More tools"),
    "qt_menubar_ext_button": QT_TRANSLATE_NOOP("Accessibility", "More menus"),
    "ScrollLeftButton": QT_TRANSLATE_NOOP("Accessibility", "Scroll left"),
    "ScrollRightButton": QT_TRANSLATE_NOOP("Accessibility", "Scroll right"),
}
INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Accessibility", text)


def is_interactive(widget: QWidget) -> bool:
    return isinstance(widget, INTERACTIVE)


def _clean(text: str) -> str:
    text = text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split()).strip(" :…")


def _contains(item, widget: QWidget) -> bool:
    """Whether a layout item holds ``widget`` (itself, inside its widget, or its layout)."""
    if item is None:
        return False
    held = item.widget()
    if held is not None:
        return held is widget or held.isAncestorOf(widget)
    layout = item.layout()
    if layout is not None:
        return any(_contains(layout.itemAt(i), widget) for i in range(layout.count()))
    return False


def _form_label(widget: QWidget) -> str:
    """The label of the form row holding ``widget`` (directly or in a row of fields)."""
    parent = widget.parentWidget()
    while parent is not None:
        layout = parent.layout()
        forms = [layout] if isinstance(layout, QFormLayout) else []
        if layout is not None:
            forms += layout.findChildren(QFormLayout)
        for form in forms:
            for row in range(form.rowCount()):
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if _contains(field, widget) and label is not None:
                    text = label.widget().text() if isinstance(label.widget(), QLabel) else ""
                    if _clean(text):
                        return _clean(text)
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return ""


def _buddy_label(widget: QWidget, labels: list[QLabel]) -> str:
    for label in labels:
        if label.buddy() is widget and _clean(label.text()):
            return _clean(label.text())
    return ""


def _dock_title(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QDockWidget):
            return _clean(parent.windowTitle())
        parent = parent.parentWidget()
    return ""


def _part_name(widget: QWidget) -> str:
    """Scroll bars, headers and a spin box's line edit are named after what they belong to."""
    owner = widget.parentWidget()
    while owner is not None and not is_interactive(owner):
        owner = owner.parentWidget()
    if owner is None:
        return ""
    whose = owner.accessibleName() or derive_name(owner, [])
    if isinstance(widget, QScrollBar):
        if widget.orientation() == Qt.Orientation.Vertical:
            return _tr("{0}: vertical scroll bar").format(whose)
        return _tr("{0}: horizontal scroll bar").format(whose)
    if isinstance(widget, QHeaderView):
        return _tr("{0}: headers").format(whose)
    if isinstance(widget, QLineEdit) and isinstance(owner, QAbstractSpinBox | QComboBox):
        return whose
    if isinstance(widget, QAbstractItemView) and isinstance(owner, QComboBox):
        return _tr("{0}: choices").format(whose)
    if isinstance(widget, QToolButton) and isinstance(owner, QLineEdit):
        return _tr("{0}: clear").format(whose)
    return ""


def _label_before(widget: QWidget) -> str:
    """A label just before the widget in the same row ("Seed [  0 ]")."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if layout is None:
        return ""
    boxes = [layout, *layout.findChildren(QBoxLayout)]
    for box in boxes:
        if not isinstance(box, QBoxLayout):
            continue
        for i in range(1, box.count()):
            if box.itemAt(i).widget() is widget:
                before = box.itemAt(i - 1).widget()
                if isinstance(before, QLabel) and _clean(before.text()):
                    return _clean(before.text())
    return ""


def derive_name(widget: QWidget, labels: list[QLabel]) -> str:
    """The name a control is read by."""
    owner = widget.parentWidget()
    while owner is not None and not is_interactive(owner) and not isinstance(owner, QMainWindow):
        owner = owner.parentWidget()
    in_control = owner is not None and is_interactive(owner)
    if in_control or isinstance(widget, QScrollBar | QHeaderView) or widget.objectName() in PARTS:
        part = _part_name(widget)
        if part:
            return part
    before = _label_before(widget)
    if before:
        return before
    if widget.objectName() in QT_PARTS:
        return _tr(QT_PARTS[widget.objectName()])
    if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
        text = _clean(widget.defaultAction().text())
        if text:
            return text
    if isinstance(widget, QAbstractButton) and _clean(widget.text()):
        return _clean(widget.text())
    for found in (_form_label(widget), _buddy_label(widget, labels)):
        if found:
            return found
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and _clean(placeholder()):
        return _clean(placeholder())
    tip = _clean(widget.toolTip().splitlines()[0]) if widget.toolTip() else ""
    if tip:
        return tip
    if isinstance(widget, QTabBar) and widget.count():
        return _tr("Tabs: {0}").format(", ".join(widget.tabText(i) for i in range(widget.count())))
    name = widget.objectName()
    if name and not name.startswith("qt_"):
        return name.replace("_", " ").strip().capitalize()
    dock = _dock_title(widget)
    kind = type(widget).__name__.lstrip("Q")
    return f"{dock} {kind}".strip() if dock else kind


def derive_description(widget: QWidget) -> str:
    for text in (widget.toolTip(), widget.statusTip(), widget.whatsThis()):
        if text and text.strip():
            return " ".join(text.split())
    dock = _dock_title(widget)
    if dock:
        return _tr("In the {0} panel").format(dock)
    return _tr("In the main window")


def name_widgets(root: QWidget) -> int:
    """Name and describe every interactive widget under ``root`` that has no name yet;
    returns how many were named."""
    widgets = [root, *root.findChildren(QWidget)]
    labels = [w for w in widgets if isinstance(w, QLabel)]
    named = 0
    for widget in widgets:
        if not is_interactive(widget):
            continue
        if not widget.accessibleName():
            widget.setAccessibleName(derive_name(widget, labels))
            named += 1
        if not widget.accessibleDescription():
            widget.setAccessibleDescription(derive_description(widget))
    return named


class _Namer(QObject):
    """Names the window's widgets again when it is shown and when it gains children (the
    tab bars of tabbed docks, panels added later), once per event-loop turn."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(lambda: name_widgets(self.window))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Show, QEvent.Type.ChildAdded):
            self.timer.start()
        return False


def install_accessibility(window: QMainWindow) -> None:
    window.view.setAccessibleName(_tr("Graph canvas"))
    window.view.setAccessibleDescription(
        _tr(
            "The computation graph. Arrow keys select the nearest card, Shift+A adds an op, "
            "C connects the selected card, F2 renames it, Tab moves on"
        )
    )
    name_widgets(window)
    namer = _Namer(window)
    window.accessibility_namer = namer
    window.installEventFilter(namer)
    for dock in window.findChildren(QDockWidget):
        dock.installEventFilter(namer)
