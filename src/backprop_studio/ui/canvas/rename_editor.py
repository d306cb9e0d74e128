"""The in-place rename of a node (F2, or a double-click on a card's title): a small popup
line edit over the card; Enter commits (``committed(node_id, text)``), Escape or a click
elsewhere cancels. An empty text restores the node's id as its name."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget


class RenameEditor(QFrame):
    """A popup with one line edit for a node's label."""

    committed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("rename_editor")
        self.node_id = ""
        self.field = QLineEdit()
        self.field.setObjectName("rename_field")
        self.field.setAccessibleName(self.tr("Node name"))
        self.field.setAccessibleDescription(self.tr("Enter renames the node, Escape cancels"))
        self.field.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.field)
        self.setFixedWidth(180)

    def open_at(self, center: QPoint, node_id: str, text: str) -> None:
        self.node_id = node_id
        self.field.setText(text)
        self.field.selectAll()
        self.adjustSize()
        self.move(center - QPoint(self.width() // 2, self.height() // 2))
        self.show()
        self.raise_()
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (
            obj is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.hide()
                self.committed.emit(self.node_id, self.field.text().strip())
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(obj, event)
