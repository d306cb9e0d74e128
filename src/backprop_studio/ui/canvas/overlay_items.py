"""The stepper's term box: the current chain-rule term written beside its edge.

A rounded box (``∂f/∂c · ∂c/∂a = 2 · 1 = 2``) near the current edge's middle, joined to the
edge by a short leader line, drawn on top of everything else. Among a few candidate spots
around the edge it takes the one covering the least of the node cards and weight pills
nearby, so the numbers it explains stay visible. Long terms (batches) wrap onto a few lines.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .theme import Theme

PAD_X = 9.0
PAD_Y = 5.0
GAP = 16.0  # from the anchor to the nearest side of the box
MAX_WIDTH = 380.0
_FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


def _overlap(a: QRectF, b: QRectF) -> float:
    r = a.intersected(b)
    return 0.0 if r.isEmpty() else r.width() * r.height()


def place_box(
    width: float, height: float, anchor: QPointF, obstacles: list[tuple[QRectF, float]]
) -> QRectF:
    """The candidate box around ``anchor`` covering the least (weighted) of ``obstacles``."""
    best: tuple[float, QRectF] | None = None
    for distance in (GAP, GAP + 30, GAP + 70, GAP + 120):
        for dx, dy in ((0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1), (1, 0), (-1, 0)):
            if dx == 0:
                center = QPointF(anchor.x(), anchor.y() + dy * (height / 2 + distance))
            elif dy == 0:
                center = QPointF(anchor.x() + dx * (width / 2 + distance), anchor.y())
            else:
                center = anchor + QPointF(
                    dx * (width / 2 + distance * 0.5), dy * (height / 2 + distance)
                )
            rect = QRectF(center.x() - width / 2, center.y() - height / 2, width, height)
            covered = sum(_overlap(rect, o) * w for o, w in obstacles)
            if covered == 0 and distance == GAP and dx == 0:
                return rect  # directly above or below and clear: the natural spot
            score = covered + distance * 4 + (abs(dx) + abs(dy) - 1) * 40
            if best is None or score < best[0]:
                best = (score, rect)
    assert best is not None
    return best[1]


class TermLabelItem(QGraphicsItem):
    """A readable box of text joined to ``anchor`` by a leader line."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.text = ""
        self.anchor = QPointF()
        self.anchor_rect: QRectF | None = None
        self._box = QRectF()
        self._bounds = QRectF()
        self.setZValue(30)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_content(
        self,
        text: str,
        anchor: QPointF,
        theme: Theme,
        obstacles: list[tuple[QRectF, float]] | None = None,
        anchor_rect: QRectF | None = None,
    ) -> None:
        """Show ``text`` near ``anchor``, avoiding ``obstacles`` (rectangle, importance).
        With ``anchor_rect`` (the edge's weight pill) the leader line stops at its border."""
        self.prepareGeometryChange()
        self.text = text
        self.anchor = QPointF(anchor)
        self.anchor_rect = QRectF(anchor_rect) if anchor_rect is not None else None
        self.theme = theme
        fm = QFontMetricsF(theme.font("overlay"))
        one_line = fm.horizontalAdvance(text)
        inner = min(one_line + 1, MAX_WIDTH)
        text_rect = fm.boundingRect(QRectF(0, 0, inner, 1000), _FLAGS, text)
        w = max(inner, text_rect.width()) + 2 * PAD_X
        h = text_rect.height() + 2 * PAD_Y
        self._box = place_box(w, h, anchor, obstacles or [])
        if self.anchor_rect is not None:  # end the leader on the pill's border, facing the box
            c = self._box.center()
            a = self.anchor_rect
            self.anchor = QPointF(
                min(max(c.x(), a.left()), a.right()), min(max(c.y(), a.top()), a.bottom())
            )
        self._bounds = self._box.united(QRectF(self.anchor, self.anchor)).adjusted(-6, -6, 6, 6)
        self.setToolTip(text)
        self.update()

    def box(self) -> QRectF:
        return QRectF(self._box)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if not self.text:
            return
        theme = self.theme
        box = self._box
        # leader line from the nearest point of the box to the edge, with a dot on the edge
        near = QPointF(
            min(max(self.anchor.x(), box.left() + 8), box.right() - 8),
            min(max(self.anchor.y(), box.top()), box.bottom()),
        )
        painter.setPen(QPen(theme.backward_edge, 1.6))
        painter.drawLine(near, self.anchor)
        if self.anchor_rect is None:
            painter.setBrush(theme.backward_edge)
            painter.drawEllipse(self.anchor, 3.2, 3.2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.node_shadow)
        painter.drawRoundedRect(box.translated(0, 2), 6, 6)
        painter.setBrush(theme.overlay_box_fill)
        painter.setPen(QPen(theme.backward_edge, 1.6))
        painter.drawRoundedRect(box, 6, 6)
        painter.setFont(theme.font("overlay"))
        painter.setPen(theme.overlay_box_text)
        painter.drawText(box.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y), _FLAGS, self.text)
