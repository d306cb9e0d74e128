"""The inline weight editor: a small line edit over an edge's weight pill.

Opened by double-clicking an edge. Enter (or clicking elsewhere) commits: the text is parsed
as a number (a decimal comma is accepted) and, if it is a finite number different from the
current weight, the editor reports it through ``on_commit(edge_id, weight)``; the scene turns
that into its ``edge_weight_edit_requested`` signal. Escape cancels. Text that is not a
number is refused through ``on_refuse(message)`` and nothing changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGraphicsProxyWidget, QLineEdit

from ...core.engine.trace import fmt_number


def parse_weight(text: str) -> float | None:
    """A finite float from user text (``0,5`` and ``0.5`` both work), else None."""
    text = text.strip().replace(",", ".").replace("−", "-")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _Keys(QObject):
    """Catches Enter/Escape/focus-out on the line edit."""

    def __init__(self, editor: WeightEditor) -> None:
        super().__init__()
        self.editor = editor

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.editor.commit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.editor.close()
                return True
        elif event.type() == QEvent.Type.FocusOut:
            self.editor.commit()
        return False


class WeightEditor:
    """One open editor over one edge."""

    def __init__(
        self,
        edge_id: str,
        weight: float,
        center: QPointF,
        on_commit: Callable[[str, float], None],
        on_refuse: Callable[[str], None],
        on_close: Callable[[], None],
    ) -> None:
        self.edge_id = edge_id
        self.weight = weight
        self._on_commit = on_commit
        self._on_refuse = on_refuse
        self._on_close = on_close
        self._done = False
        self.line_edit = QLineEdit(fmt_number(weight))
        self.line_edit.setObjectName("edge_weight_editor")
        self.line_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line_edit.setFixedWidth(76)
        self.line_edit.setToolTip(
            QCoreApplication.translate(
                "Canvas", "weight of edge %1: Enter to apply, Esc to cancel"
            ).replace("%1", edge_id)
        )
        self.line_edit.selectAll()
        self.proxy = QGraphicsProxyWidget()
        self.proxy.setWidget(self.line_edit)
        self.proxy.setZValue(10)
        size = self.line_edit.sizeHint()
        self.proxy.setPos(center - QPointF(76 / 2, size.height() / 2))
        self._keys = _Keys(self)
        self.line_edit.installEventFilter(self._keys)

    def focus(self) -> None:
        self.line_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.line_edit.selectAll()

    def commit(self) -> None:
        if self._done:
            return
        value = parse_weight(self.line_edit.text())
        if value is None:
            text = self.line_edit.text()
            self.close()
            self._on_refuse(
                QCoreApplication.translate(
                    "Canvas", "edge %1: %2 is not a number; weight unchanged"
                )
                .replace("%1", self.edge_id)
                .replace("%2", repr(text))
            )
            return
        self.close()
        if value != self.weight:
            self._on_commit(self.edge_id, value)

    def close(self) -> None:
        if self._done:
            return
        self._done = True
        self.line_edit.removeEventFilter(self._keys)
        scene = self.proxy.scene()
        if scene is not None:
            scene.removeItem(self.proxy)
        self.proxy.deleteLater()
        self._on_close()
