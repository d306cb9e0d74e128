"""How a row of the chain-rule list ("chain_rule_terms") is painted.

A row is one chain-rule term: its number in a gutter, then the term's text, word-wrapped to
the list's width. When the term completed the gradient of a node that several edges leave,
the row's :data:`SUM_RULE_ROLE` holds the sum rule (``∂f/∂b = 2 + 3 = 5``), painted under the
term as a second line: bold, after a Σ, in a tinted band in the gradient colour (light and
dark palettes). The row's text stays exactly the term's text.

A row's height depends on its texts and the list's width (:meth:`TermDelegate.sizeHint`,
text sizes cached); the list (term_list.py) asks only for the rows it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

TERM_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1
EDGE_ROLE = Qt.ItemDataRole.UserRole + 2
SUM_RULE_ROLE = Qt.ItemDataRole.UserRole + 3
PAD = 6
GUTTER = 26  # the row number's column, for up to 2 digits; wider for longer lists
SUM_LIGHT = "#b4470f"  # the sum rule's colour: the canvas's gradient orange, readable
SUM_DARK = "#f5a05a"


class TermDelegate(QStyledItemDelegate):
    """A term row: its number in a gutter, the term (wrapped), and under it the sum rule."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._cache: dict[tuple, tuple[QRect, QRect]] = {}  # text sizes: rows repeat a lot
        self.gutter = GUTTER

    def set_row_count(self, rows: int) -> bool:
        """Size the number column for ``rows`` rows (a pass of thousands of terms has
        4-digit numbers); True if it changed (the rows must then be measured again)."""
        digits = len(str(max(rows, 1)))
        width = GUTTER
        if digits > 2:
            width = QFontMetrics(self._view.font()).horizontalAdvance("0" * digits) + 12
        if width == self.gutter:
            return False
        self.gutter = width
        return True

    def _text_width(self, option: QStyleOptionViewItem | None = None) -> int:
        view = self._view
        return max(120, view.viewport().width() - self.gutter - 2 * PAD - 2)

    def _sum_font(self, font: QFont) -> QFont:
        font = QFont(font)
        font.setBold(True)
        return font

    def _blocks(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[QRect, QRect]:
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        return self._measured(option.font, text, index.data(SUM_RULE_ROLE))

    def _measured(self, font: QFont, text: str, rule_text: str | None) -> tuple[QRect, QRect]:
        """The term's and the sum rule's wrapped text rectangles (cached)."""
        width = self._text_width()
        key = (text, rule_text, width, font.key())
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) > 20_000:
                self._cache.clear()
            flags = int(Qt.TextFlag.TextWordWrap)
            term = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), flags, text)
            rule = QRect()
            if rule_text:
                metrics = QFontMetrics(self._sum_font(font))
                rule = metrics.boundingRect(QRect(0, 0, width - 22, 10_000), flags, rule_text)
            cached = self._cache[key] = (term, rule)
        return cached

    def row_size(self, text: str, rule_text: str | None) -> QSize:
        """The size of a row showing ``text`` (and ``rule_text``) at the list's width."""
        term, rule = self._measured(self._view.font(), text, rule_text)
        height = term.height() + 2 * PAD
        if not rule.isNull():
            height += rule.height() + PAD + 4
        return QSize(self._text_width() + self.gutter + 2 * PAD, height)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return self.row_size(
            index.data(Qt.ItemDataRole.DisplayRole) or "", index.data(SUM_RULE_ROLE)
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_color = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = QColor(text_color)
        dim.setAlphaF(0.55)
        rect = option.rect
        term, rule = self._blocks(option, index)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.setPen(dim)
        number = QRect(
            rect.left() + 2, rect.top() + PAD, self.gutter - 6, option.fontMetrics.height()
        )
        painter.drawText(number, int(Qt.AlignmentFlag.AlignRight), f"{index.row() + 1}")
        painter.setPen(text_color)
        left = rect.left() + self.gutter + PAD
        term_rect = QRect(left, rect.top() + PAD, self._text_width(option), term.height())
        painter.drawText(term_rect, flags, index.data(Qt.ItemDataRole.DisplayRole) or "")
        rule_text = index.data(SUM_RULE_ROLE)
        if rule_text:
            dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
            accent = QColor(SUM_DARK if dark else SUM_LIGHT)
            band = QRect(
                left - 2, term_rect.bottom() + PAD, rect.right() - left - 4, rule.height() + 6
            )
            fill = QColor(accent)
            fill.setAlpha(70 if selected else 40)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(band, 4, 4)
            painter.setFont(self._sum_font(option.font))
            painter.setPen(text_color if selected else accent)
            sigma = QRect(band.left() + 4, band.top() + 3, 16, rule.height())
            painter.drawText(sigma, int(Qt.AlignmentFlag.AlignLeft), "Σ")
            body = QRect(band.left() + 20, band.top() + 3, band.width() - 22, rule.height())
            painter.drawText(body, flags, rule_text)
        painter.restore()
