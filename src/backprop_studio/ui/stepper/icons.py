"""Icons of the stepper's actions, drawn with QPainter (crisp at any size, no image files).

Forward things are blue, backward things gradient-orange (the canvas's colours for values and
gradients); play is green. Each icon is rendered at 16, 24 and 32 px into one QIcon.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

BLUE = QColor("#2f6fde")
ORANGE = QColor("#e2681d")
GREEN = QColor("#16a34a")
GREY = QColor("#6b7280")

Painter = Callable[[QPainter, float], None]


def _triangle(x: float, y: float, w: float, h: float, left: bool = False) -> QPainterPath:
    path = QPainterPath()
    if left:
        path.moveTo(x + w, y)
        path.lineTo(x, y + h / 2)
        path.lineTo(x + w, y + h)
    else:
        path.moveTo(x, y)
        path.lineTo(x + w, y + h / 2)
        path.lineTo(x, y + h)
    path.closeSubpath()
    return path


def _fill(p: QPainter, path: QPainterPath, color: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawPath(path)


def _bar(p: QPainter, x: float, s: float, color: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    p.drawRoundedRect(QRectF(x, 0.2 * s, 0.14 * s, 0.6 * s), 0.03 * s, 0.03 * s)


def _run_forward(p: QPainter, s: float) -> None:
    _fill(p, _triangle(0.1 * s, 0.2 * s, 0.4 * s, 0.6 * s), BLUE)
    _fill(p, _triangle(0.5 * s, 0.2 * s, 0.4 * s, 0.6 * s), BLUE)


def _run_backward(p: QPainter, s: float) -> None:
    _fill(p, _triangle(0.1 * s, 0.2 * s, 0.4 * s, 0.6 * s, left=True), ORANGE)
    _fill(p, _triangle(0.5 * s, 0.2 * s, 0.4 * s, 0.6 * s, left=True), ORANGE)


def _step_forward(p: QPainter, s: float) -> None:
    _fill(p, _triangle(0.16 * s, 0.2 * s, 0.48 * s, 0.6 * s), BLUE)
    _bar(p, 0.7 * s, s, BLUE)


def _step_backward(p: QPainter, s: float) -> None:
    _bar(p, 0.16 * s, s, ORANGE)
    _fill(p, _triangle(0.36 * s, 0.2 * s, 0.48 * s, 0.6 * s, left=True), ORANGE)


def _step(p: QPainter, s: float) -> None:
    """A hop over a point: the debugger's 'step over'."""
    pen = QPen(BLUE, 0.11 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    arc = QPainterPath()
    arc.moveTo(0.14 * s, 0.62 * s)
    arc.cubicTo(0.2 * s, 0.12 * s, 0.8 * s, 0.12 * s, 0.84 * s, 0.52 * s)
    p.drawPath(arc)
    head = QPainterPath()
    head.moveTo(0.68 * s, 0.46 * s)
    head.lineTo(0.92 * s, 0.66 * s)
    head.lineTo(0.98 * s, 0.36 * s)
    head.closeSubpath()
    _fill(p, head, BLUE)
    p.setBrush(GREY)
    p.drawEllipse(QPointF(0.5 * s, 0.8 * s), 0.08 * s, 0.08 * s)


def _step_back(p: QPainter, s: float) -> None:
    """An arrow curling back to the left."""
    pen = QPen(GREY, 0.11 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    arc = QPainterPath()
    arc.moveTo(0.3 * s, 0.38 * s)
    arc.cubicTo(0.95 * s, 0.2 * s, 1.0 * s, 0.85 * s, 0.45 * s, 0.82 * s)
    p.drawPath(arc)
    head = QPainterPath()
    head.moveTo(0.08 * s, 0.4 * s)
    head.lineTo(0.38 * s, 0.16 * s)
    head.lineTo(0.38 * s, 0.62 * s)
    head.closeSubpath()
    _fill(p, head, GREY)


def _reset(p: QPainter, s: float) -> None:
    """A circular arrow."""
    pen = QPen(GREY, 0.1 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(0.18 * s, 0.18 * s, 0.64 * s, 0.64 * s)
    p.drawArc(rect, 100 * 16, 290 * 16)
    angle = math.radians(100)
    tip = QPointF(0.5 * s + 0.32 * s * math.cos(angle), 0.5 * s - 0.32 * s * math.sin(angle))
    head = QPainterPath()
    head.moveTo(tip + QPointF(0.16 * s, 0.0))
    head.lineTo(tip + QPointF(-0.06 * s, -0.15 * s))
    head.lineTo(tip + QPointF(-0.04 * s, 0.15 * s))
    head.closeSubpath()
    _fill(p, head, GREY)


def _play(p: QPainter, s: float) -> None:
    _fill(p, _triangle(0.24 * s, 0.16 * s, 0.6 * s, 0.68 * s), GREEN)


def _pause(p: QPainter, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GREEN)
    for x in (0.24, 0.58):
        p.drawRoundedRect(QRectF(x * s, 0.18 * s, 0.18 * s, 0.64 * s), 0.04 * s, 0.04 * s)


PAINTERS: dict[str, Painter] = {
    "forward": _run_forward,
    "backward": _run_backward,
    "step_forward": _step_forward,
    "step_backward": _step_backward,
    "step": _step,
    "step_back": _step_back,
    "reset_pass": _reset,
    "play": _play,
    "pause": _pause,
}


def stepper_icon(name: str) -> QIcon:
    """The icon of a stepper action by name (see :data:`PAINTERS`)."""
    paint = PAINTERS[name]
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint(painter, float(size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def play_pause_icon() -> QIcon:
    """Play when off, pause when on (for a checkable action)."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        for name, state in (("play", QIcon.State.Off), ("pause", QIcon.State.On)):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            PAINTERS[name](painter, float(size))
            painter.end()
            icon.addPixmap(pixmap, QIcon.Mode.Normal, state)
    return icon
