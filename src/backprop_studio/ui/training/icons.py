"""Icons of the training actions, drawn with QPainter (no image files).

Train is a green ball rolling down a valley (gradient descent), pause two bars, one
iteration a bar and a small triangle, stop a red square, reset weights the ball back at
the top of the valley. Rendered at 16, 24 and 32 px.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

GREEN = QColor("#16a34a")
BLUE = QColor("#2f6fde")
RED = QColor("#dc2626")
GREY = QColor("#6b7280")


def _train(p: QPainter, s: float) -> None:
    valley = QPainterPath(QPointF(0.08 * s, 0.18 * s))
    valley.cubicTo(
        QPointF(0.3 * s, 0.95 * s), QPointF(0.7 * s, 0.95 * s), QPointF(0.92 * s, 0.3 * s)
    )
    p.setPen(QPen(BLUE, max(1.2, 0.09 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(valley)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GREEN)
    p.drawEllipse(QPointF(0.3 * s, 0.42 * s), 0.15 * s, 0.15 * s)


def _pause(p: QPainter, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GREY)
    for x in (0.24, 0.58):
        p.drawRoundedRect(QRectF(x * s, 0.18 * s, 0.18 * s, 0.64 * s), 0.04 * s, 0.04 * s)


def _step(p: QPainter, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GREEN)
    path = QPainterPath(QPointF(0.2 * s, 0.2 * s))
    path.lineTo(QPointF(0.66 * s, 0.5 * s))
    path.lineTo(QPointF(0.2 * s, 0.8 * s))
    path.closeSubpath()
    p.drawPath(path)
    p.drawRoundedRect(QRectF(0.68 * s, 0.2 * s, 0.14 * s, 0.6 * s), 0.03 * s, 0.03 * s)


def _stop(p: QPainter, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RED)
    p.drawRoundedRect(QRectF(0.2 * s, 0.2 * s, 0.6 * s, 0.6 * s), 0.08 * s, 0.08 * s)


def _reset_weights(p: QPainter, s: float) -> None:
    """A ball back at the top of the valley, an arrow curving back to it."""
    valley = QPainterPath(QPointF(0.08 * s, 0.3 * s))
    valley.cubicTo(
        QPointF(0.3 * s, 0.98 * s), QPointF(0.7 * s, 0.98 * s), QPointF(0.92 * s, 0.3 * s)
    )
    p.setPen(QPen(BLUE, max(1.2, 0.09 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(valley)
    arrow = QPainterPath(QPointF(0.62 * s, 0.55 * s))
    arrow.quadTo(QPointF(0.5 * s, 0.08 * s), QPointF(0.24 * s, 0.22 * s))
    p.setPen(QPen(GREY, max(1.0, 0.07 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawPath(arrow)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(GREEN)
    p.drawEllipse(QPointF(0.16 * s, 0.36 * s), 0.12 * s, 0.12 * s)


PAINTERS: dict[str, Callable[[QPainter, float], None]] = {
    "train": _train,
    "pause_training": _pause,
    "step_training": _step,
    "stop_training": _stop,
    "reset_weights": _reset_weights,
}


def training_icon(name: str) -> QIcon:
    """The icon of a training action by name (see :data:`PAINTERS`)."""
    icon = QIcon()
    painter_fn = PAINTERS[name]
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter_fn(p, float(size))
        p.end()
        icon.addPixmap(pixmap)
    return icon
