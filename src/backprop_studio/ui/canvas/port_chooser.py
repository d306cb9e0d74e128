"""The keyboard way to connect (C on a selected node): a popup list of the input ports the
node's output may go into (``connect_targets``); Up/Down move, Enter connects, Escape closes.
Choosing emits ``chosen(target_node, port)``; the view turns it into the scene's
``connect_requested``."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from .keyboard import PortTarget

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1


class PortChooser(QFrame):
    """A popup listing connection targets."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("port_chooser")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("port_chooser_title")
        self.list = QListWidget()
        self.list.setObjectName("port_chooser_list")
        self.list.setAccessibleName(self.tr("Connect to"))
        self.list.setAccessibleDescription(
            self.tr("The input ports this node's output may go into")
        )
        self.list.itemActivated.connect(self._choose)
        self.list.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.resize(300, 260)

    def open_at(self, global_pos: QPoint, source_name: str, targets: list[PortTarget]) -> None:
        self.title.setText(self.tr("Connect {0} to:").format(source_name))
        self.list.clear()
        for target in targets:
            item = QListWidgetItem(target.text)
            item.setData(TARGET_ROLE, (target.node, target.port))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.move(global_pos)
        self.show()
        self.raise_()
        self.list.setFocus(Qt.FocusReason.PopupFocusReason)

    def targets(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _choose(self, item: QListWidgetItem) -> None:
        node, port = item.data(TARGET_ROLE)
        self.hide()
        self.chosen.emit(node, port)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (
            obj is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.list.currentItem()
                if item is not None:
                    self._choose(item)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(obj, event)
