"""Shared look of the training plots (loss, landscape, data): colours and a themed PlotWidget.

The plots follow the application palette (light or dark) instead of pyqtgraph's black
default, use antialiased lines, and share one palette of distinct run colours so run *k* of
a session has the same colour on the loss plot and on the landscape.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsItem, QLabel, QStackedWidget, QWidget

CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
AXIS_TITLE_SIZE, LEGEND_TEXT_SIZE = "9pt", "8pt"  # outside presentation mode


def palette_colors(widget: QWidget | None = None) -> tuple[QColor, QColor]:
    """(background, foreground) from the widget's (or the application's) palette."""
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)


def is_dark(widget: QWidget | None = None) -> bool:
    background, _ = palette_colors(widget)
    return background.lightnessF() < 0.5


class ThemedPlotWidget(pg.PlotWidget):
    """A PlotWidget coloured like the application, re-coloured when the palette changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_px: int | None = None  # presentation mode's text size (None: normal)
        self.setAntialiasing(True)
        # Axes are redrawn from a pixmap unless their range changed: a live plot repaints
        # its data many times a second and must not pay for the axes each time.
        for name in ("left", "bottom", "right", "top"):
            self.getPlotItem().getAxis(name).setCacheMode(CACHE)
        self.apply_palette()

    @property
    def line_scale(self) -> float:
        """Line widths: twice as wide in presentation mode."""
        return 2.0 if self.text_px else 1.0

    def apply_palette(self) -> None:
        background, foreground = palette_colors(self)
        self.setBackground(background)
        grid = QColor(foreground)
        grid.setAlphaF(0.6)
        item = self.getPlotItem()
        for name in ("left", "bottom", "right", "top"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(grid))
            axis.setTextPen(pg.mkPen(foreground))
        item.titleLabel.setAttr("color", foreground.name())
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.enableAutoSIPrefix(False)
            axis.label.setDefaultTextColor(foreground)
        legend = item.legend
        if legend is not None:
            style_legend(legend, self)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.getPlotItem() is not None:
            self.apply_palette()


def add_legend(plot: pg.PlotWidget, offset: tuple[float, float]) -> pg.LegendItem:
    """A compact legend in the palette's colours on a translucent background."""
    legend = plot.addLegend(offset=offset, labelTextSize=LEGEND_TEXT_SIZE, verSpacing=-4)
    legend.setCacheMode(CACHE)
    style_legend(legend, plot)
    return legend


def style_legend(legend: pg.LegendItem, widget: QWidget) -> None:
    background, foreground = palette_colors(widget)
    fill = QColor(background)
    fill.setAlphaF(0.8)
    edge = QColor(foreground)
    edge.setAlphaF(0.25)
    legend.setBrush(pg.mkBrush(fill))
    legend.setPen(pg.mkPen(edge))
    legend.setLabelTextColor(foreground)


def set_text_px(plot: ThemedPlotWidget, px: int | None) -> None:
    """Presentation mode: tick values, axis titles and notes ``px`` pixels high (the legend,
    which shares the plot's room, 80% of it) and lines twice as wide; ``None`` puts the
    normal sizes back."""
    before = plot.line_scale
    plot.text_px = px
    scale = plot.line_scale
    item = plot.getPlotItem()
    font = None
    if px:
        font = QFont()
        font.setPixelSize(px)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setTickFont(font)
        axis.labelStyle["font-size"] = f"{px}px" if px else AXIS_TITLE_SIZE
        axis._updateLabel()
        axis.update()
    legend = item.legend
    if legend is not None:
        legend.setLabelTextSize(
            f"{round(px * 0.8)}px" if px else LEGEND_TEXT_SIZE
        )  # beside the data
        entries = [(sample.item, label.text) for sample, label in legend.items]
        legend.clear()  # added again: the rows take the new size (and give back the old)
        for entry, text in entries:
            legend.addItem(entry, text)
    for child in item.items:
        if isinstance(child, pg.TextItem):
            child.setFont(font if font is not None else QFont())
    for data in item.listDataItems():
        pen = data.opts.get("pen")
        if isinstance(pen, pg.QtGui.QPen):
            pen = pg.QtGui.QPen(pen)
            pen.setWidthF(pen.widthF() / before * scale)
            data.setPen(pen)


def set_axis_labels(plot: pg.PlotWidget, bottom: str, left: str) -> None:
    """Axis titles in the palette's text colour."""
    _, foreground = palette_colors(plot)
    px = getattr(plot, "text_px", None)
    style = {"color": foreground.name(), "font-size": f"{px}px" if px else AXIS_TITLE_SIZE}
    plot.setLabel("bottom", bottom, **style)
    plot.setLabel("left", left, **style)


def plot_or_note(stack: QStackedWidget, plot: QWidget, text: str) -> QLabel:
    """Fill ``stack`` with ``plot`` and a centred note (``text``) shown instead of it when the
    plot does not apply to the graph; returns the note."""
    note = QLabel(text)
    note.setWordWrap(True)
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setStyleSheet("color: palette(mid); padding: 12px;")
    stack.addWidget(plot)
    stack.addWidget(note)
    return note
