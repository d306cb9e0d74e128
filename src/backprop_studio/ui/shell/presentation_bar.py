"""The slim bar floating over the canvas in presentation mode (``presentation_bar``).

It holds the current workspace's controls as large buttons (Build: fit and zoom; Step: back,
step, play, reset, both passes; Train: train, pause, stop) and, large, the line the room
reads (``presentation_term``): the current step's chain-rule term while stepping, the loss
otherwise. Its texts are 24 px or more; it refreshes a few times a second while shown, so
a running training's loss never sits still on the projector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow

CONTROLS = {
    "build": ("fit_view", "zoom_out", "zoom_in"),
    "step": ("reset_pass", "step_back", "step", "play_pass", "backward"),
    "train": ("train", "pause_training", "stop_training"),
}
TEXT_PX = 26
BUTTON_PX = 22
REFRESH_MS = 200
WIDE = 1400  # px: a term line of the lesson fits on one line at 1920x1080


def large_font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


class PresentationBar(QFrame):
    """The presentation mode's controls and big term line, over the bottom of the canvas."""

    exit_requested = Signal()
    MARGIN = 16

    def __init__(self, window: MainWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("presentation_bar")
        self.setAccessibleName(self.tr("Presentation controls"))
        self.setAccessibleDescription(self.tr("The current activity's controls and its term"))
        self.window = window
        self.workspace = "build"
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._style()
        self.term = QLabel()
        self.term.setObjectName("presentation_term")
        self.term.setAccessibleName(self.tr("Current term"))
        self.term.setFont(large_font(TEXT_PX + 4, bold=True))
        self.term.setWordWrap(True)
        self.term.setTextFormat(Qt.TextFormat.PlainText)
        self.term.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(8)
        self.exit_button = QToolButton()
        self.exit_button.setObjectName("presentation_exit")
        self.exit_button.setText(self.tr("Exit (Esc)"))
        self.exit_button.setAccessibleName(self.tr("Leave presentation mode"))
        self.exit_button.setFont(large_font(BUTTON_PX))
        self.exit_button.clicked.connect(self.exit_requested.emit)
        row = QHBoxLayout()
        row.addLayout(self.buttons)
        row.addStretch(1)
        row.addWidget(self.exit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(6)
        layout.addWidget(self.term)
        layout.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.update_term)

    def show_for(self, workspace: str) -> None:
        """Show the controls of ``workspace``."""
        self.workspace = workspace
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            widget = item.widget()
            if widget is not None:  # gone from the bar now, deleted by the event loop
                widget.hide()
                widget.deleteLater()
        for name in CONTROLS.get(workspace, ()):
            action = self.window.named_actions.get(name)
            if action is None:
                continue
            button = QToolButton()
            button.setObjectName(f"presentation_{name}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIconSize(QSize(28, 28))
            button.setFont(large_font(BUTTON_PX))
            button.setAccessibleName(action.text().replace("&", ""))
            self.buttons.addWidget(button)
        self.update_term()

    def update_term(self) -> None:
        """The big line: the current step while a walk is on, else the loss."""
        text = ""
        stepper = getattr(self.window, "stepper", None)
        walk = getattr(stepper, "walk", None)
        if walk is not None and self.workspace == "step":
            text = walk.explain()
        if not text:
            text = self.window.loss_label.text()
        if text != self.term.text():
            self.term.setText(text)
            self.place()

    def place(self) -> None:
        """At the bottom centre of the canvas, as wide as its contents need."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(parent.width() - 2 * self.MARGIN, max(WIDE, self.sizeHint().width()))
        self.setFixedWidth(max(200, width))
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        self.setFixedHeight(max(self.sizeHint().height(), height))
        x = (parent.width() - self.width()) // 2
        y = parent.height() - self.height() - self.MARGIN
        self.move(max(0, x), max(0, y))

    def _style(self) -> None:
        """Rounded, in the current theme's colours (set again on each show: a style sheet's
        palette() colours are resolved when it is set)."""
        self.setStyleSheet("")
        self.setStyleSheet(
            "#presentation_bar { border-radius: 12px; border: 1px solid palette(mid);"
            " background: palette(window); }"
        )

    def showEvent(self, event: object) -> None:  # noqa: N802
        self._style()
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: object) -> None:  # noqa: N802
        super().hideEvent(event)
        self._timer.stop()
