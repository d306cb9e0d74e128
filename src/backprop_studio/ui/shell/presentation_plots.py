"""The Train workspace's plots in presentation mode (``presentation_plots``).

While presenting the Train workspace, the loss plot and the loss landscape leave their docks
(which are hidden) for one panel over the top right of the canvas, a tab each, with text and
lines scaled for a classroom (:data:`TEXT_PX` pixels at 1920x1080). Leaving, or switching to
another workspace, puts both back in their docks as they were. The panel can be hidden and
shown again with its button in the presentation bar (``presentation_plots_toggle``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDockWidget, QFrame, QTabWidget, QVBoxLayout, QWidget

from ..training.plot_style import ThemedPlotWidget, set_text_px

if TYPE_CHECKING:
    from .main_window import MainWindow

TEXT_PX = 22  # tick values, axis titles, legend and the panels' own controls
TAB_PX = 24
MIN_WIDTH_SHARE, MAX_WIDTH_SHARE = 0.25, 0.34  # of the canvas's width
HEIGHT_SHARE = 0.40  # of the canvas's height
PLOTS = (
    ("loss_plot_dock", QT_TRANSLATE_NOOP("Presentation", "Loss")),
    ("landscape_plot_dock", QT_TRANSLATE_NOOP("Presentation", "Loss Landscape")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Presentation", text)


class PresentationPlots(QFrame):
    """The loss plot and the landscape, large, in tabs over the canvas's top right."""

    MARGIN = 16

    def __init__(self, window: MainWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("presentation_plots")
        self.setAccessibleName(_tr("Training plots"))
        self.setAccessibleDescription(_tr("The loss plot and the loss landscape, large"))
        self.window = window
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("presentation_plots_tabs")
        self.tabs.tabBar().setStyleSheet(
            f"QTabBar::tab {{ font-size: {TAB_PX}px; padding: 6px 18px; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        # each plot held here -> (its dock, the dock's placeholder meanwhile, its own font)
        self._taken: dict[QWidget, tuple[QDockWidget, QWidget, QFont]] = {}
        self.wanted = True  # the user's choice with the bar's toggle

    @property
    def holding(self) -> bool:
        return bool(self._taken)

    def take(self) -> None:
        """Move the plots here from their docks, scaled up."""
        if self._taken:
            return
        for dock_name, title in PLOTS:
            dock = self.window.findChild(QDockWidget, dock_name)
            plot = dock.widget() if dock is not None else None
            if plot is None:
                continue
            placeholder = QWidget()
            self._taken[plot] = (dock, placeholder, QFont(plot.font()))
            dock.setWidget(placeholder)
            self.tabs.addTab(plot, _tr(title))
            font = QFont(plot.font())
            font.setPixelSize(TEXT_PX)
            plot.setFont(font)
            _scale_plots(plot, TEXT_PX)

    def give_back(self) -> None:
        """Every plot back in its dock, at its normal size."""
        self.tabs.clear()
        for plot, (dock, placeholder, font) in self._taken.items():
            plot.setFont(font)
            _scale_plots(plot, None)
            dock.setWidget(plot)
            placeholder.deleteLater()
        self._taken.clear()

    def show_for(self, workspace: str, presenting: bool) -> None:
        """Shown while presenting the Train workspace (unless the user hid it)."""
        if presenting and workspace == "train":
            self.take()
            self.setVisible(self.wanted)
            self.place()
            self.raise_()
        else:
            self.hide()
            self.give_back()

    def reserved_width(self) -> int:
        """The width of the canvas this panel covers (0 when hidden)."""
        return self.width() + 2 * self.MARGIN if self.isVisible() else 0

    def place(self, graph_width: float = 0.0) -> None:
        """At the top right of the canvas: as wide as the graph (``graph_width`` pixels on
        screen) leaves free, between a quarter and a third of the canvas's width."""
        parent = self.parentWidget()
        if parent is None:
            return
        free = parent.width() - graph_width - 3 * self.MARGIN
        width = min(parent.width() * MAX_WIDTH_SHARE, max(parent.width() * MIN_WIDTH_SHARE, free))
        self.setFixedSize(max(320, int(width)), max(240, int(parent.height() * HEIGHT_SHARE)))
        self.move(parent.width() - self.width() - self.MARGIN, self.MARGIN)

    def showEvent(self, event: object) -> None:  # noqa: N802
        self.setStyleSheet("")
        self.setStyleSheet(
            "#presentation_plots { border-radius: 12px; border: 1px solid palette(mid);"
            " background: palette(window); }"
        )
        super().showEvent(event)


def _scale_plots(panel: QWidget, px: int | None) -> None:
    for themed in panel.findChildren(ThemedPlotWidget):
        set_text_px(themed, px)
