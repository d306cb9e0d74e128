"""The op search popup (Shift+A or a Space tap, double-click or right-click on the canvas
background).

A small popup with a search field over a list of every op in the core registry
(``core.ops.all_ops()``): each row shows the op's symbol in its category colour, its title,
its formula and its name; the tooltip gives the formula and the derivative
(``OpSpec.tooltip()``). Typing filters (every word must match the name, title, symbol,
formula, category or an alias; prefix matches first), Up/Down move, Enter or a click chooses,
Escape closes. Choosing emits ``op_chosen(name)``; the view turns it into the scene's
``node_create_requested`` at the point where the popup was opened. Typing an expression such
as ``(a+b)*(b+1)`` puts an "Insert expression" row on top; choosing it emits
``expression_chosen(text)``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ...core.model.expression import ExpressionError, parse_expression
from ...core.ops import OpSpec, all_ops, get_op
from .theme import Theme, system_theme

OP_ROLE = Qt.ItemDataRole.UserRole + 1
EXPRESSION_ROLE = Qt.ItemDataRole.UserRole + 2
_EXPRESSION_MARKS = set("+-*/^()0123456789")


def typed_expression(text: str) -> bool:
    """Whether the search text is an expression (it has an operator, a bracket or a number
    and parses), as opposed to words to search ops by."""
    if not _EXPRESSION_MARKS & set(text):
        return False
    try:
        parse_expression(text)
    except ExpressionError:
        return False
    return True


def search_ops(query: str, ops: list[OpSpec] | None = None) -> list[OpSpec]:
    """Ops matching every word of ``query``, best first (registry order otherwise)."""
    ops = all_ops() if ops is None else ops
    words = query.lower().split()
    if not words:
        return list(ops)
    scored = []
    for index, spec in enumerate(ops):
        hay = " ".join(
            [spec.name, spec.title, spec.symbol, spec.formula, spec.category, *spec.aliases]
        ).lower()
        if not all(w in hay for w in words):
            continue
        first = words[0]
        names = [spec.name.lower(), spec.title.lower(), *(a.lower() for a in spec.aliases)]
        if first in names or first == spec.symbol.lower():
            rank = 0
        elif any(n.startswith(first) for n in names):
            rank = 1
        else:
            rank = 2
        scored.append((rank, index, spec))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [s for _, _, s in scored]


class _OpDelegate(QStyledItemDelegate):
    """Paints a row: symbol badge, title and formula, op name on the right."""

    def __init__(self, popup: OpSearchPopup) -> None:
        super().__init__(popup)
        self.popup = popup

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        fm = QFontMetricsF(option.font)
        return QSize(300, int(fm.height() * 2 + 12))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        spec = get_op(index.data(OP_ROLE))
        if spec is None:
            return super().paint(painter, option, index)
        theme: Theme = self.popup.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            fill = QColor(theme.accent)
            fill.setAlpha(55 if theme.dark else 38)
            painter.fillRect(rect, fill)
        color = theme.category_color(spec.name, spec.category)
        font = QFontMetricsF(option.font)
        badge_w = max(34.0, font.horizontalAdvance(spec.symbol) + 12)
        badge = QRectF(rect.left() + 8, rect.center().y() - 11, badge_w, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(badge, 5, 5)
        bold = option.font
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#ffffff") if not theme.dark else QColor("#111317"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, spec.symbol)
        text_left = badge.right() + 10
        line_h = font.height()
        top = QRectF(text_left, rect.top() + 5, rect.right() - text_left - 8, line_h)
        bottom = top.translated(0, line_h + 1)
        painter.setPen(theme.text)
        painter.drawText(
            top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, spec.title
        )
        normal = option.font
        normal.setBold(False)
        painter.setFont(normal)
        painter.setPen(theme.text_dim)
        painter.drawText(
            top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, spec.name
        )
        formula = font.elidedText(spec.formula, Qt.TextElideMode.ElideRight, bottom.width())
        painter.drawText(
            bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, formula
        )
        painter.restore()


class OpSearchPopup(QFrame):
    """The searchable op list; ``op_chosen(name)`` when the user picks one."""

    op_chosen = Signal(str)
    expression_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("op_search")
        self.theme = theme or system_theme()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.field = QLineEdit(self)
        self.field.setObjectName("op_search_field")
        self.field.setPlaceholderText(self.tr("Search ops: add, tanh, mse, …"))
        self.field.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("op_search_list")
        self.list.setItemDelegate(_OpDelegate(self))
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.resize(340, 420)
        self.field.textChanged.connect(self._filter)
        self.field.installEventFilter(self)
        self.list.itemClicked.connect(self._choose_item)
        self._fill(all_ops())

    def _fill(self, specs: list[OpSpec]) -> None:
        self.list.clear()
        for spec in specs:
            item = QListWidgetItem(f"{spec.symbol}  {spec.title}")
            item.setData(OP_ROLE, spec.name)
            item.setToolTip(spec.tooltip())
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _filter(self, text: str) -> None:
        self._fill(search_ops(text))
        if typed_expression(text):
            label = self.tr("Insert expression  {text}").format(text=text.strip())
            item = QListWidgetItem(f"ƒ  {label}")
            item.setData(EXPRESSION_ROLE, text)
            item.setToolTip(self.tr("Add the graph of this expression: one node per name"))
            self.list.insertItem(0, item)
            self.list.setCurrentRow(0)

    def visible_ops(self) -> list[str]:
        """Names of the ops currently listed, top to bottom."""
        return [
            self.list.item(i).data(OP_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).data(OP_ROLE)
        ]

    def offers_expression(self) -> bool:
        """Whether the top row is "Insert expression"."""
        return self.list.count() > 0 and self.list.item(0).data(EXPRESSION_ROLE) is not None

    def open_at(self, global_pos: QPoint, theme: Theme | None = None) -> None:
        """Show the popup with its top-left corner near ``global_pos``, search field focused."""
        if theme is not None:
            self.theme = theme
        self._apply_palette()
        self.field.clear()
        self._fill(all_ops())
        screen = self.screen().availableGeometry() if self.screen() else None
        pos = QPoint(global_pos)
        if screen is not None:
            pos.setX(min(pos.x(), screen.right() - self.width()))
            pos.setY(min(pos.y(), screen.bottom() - self.height()))
        self.move(pos)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)

    def _apply_palette(self) -> None:
        """Colours from the canvas theme, so the rows' text always contrasts with the list."""
        t = self.theme
        palette = QPalette(self.palette())
        white = QColor("#ffffff")
        for role, color in (
            (QPalette.ColorRole.Window, t.node_fill),
            (QPalette.ColorRole.Base, t.node_fill),
            (QPalette.ColorRole.AlternateBase, t.background),
            (QPalette.ColorRole.Button, t.node_fill),
            (QPalette.ColorRole.Text, t.text),
            (QPalette.ColorRole.WindowText, t.text),
            (QPalette.ColorRole.ButtonText, t.text),
            (QPalette.ColorRole.PlaceholderText, t.text_dim),
            (QPalette.ColorRole.Highlight, t.accent),
            (QPalette.ColorRole.HighlightedText, white),
            (QPalette.ColorRole.Mid, t.node_border),
            (QPalette.ColorRole.Dark, t.node_border),
        ):
            palette.setColor(role, color)
        for widget in (self, self.field, self.list, self.list.viewport()):
            widget.setPalette(palette)
        self.list.viewport().setAutoFillBackground(True)

    def choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose_item(item)

    def _choose_item(self, item: QListWidgetItem) -> None:
        expression = item.data(EXPRESSION_ROLE)
        name = item.data(OP_ROLE)
        self.hide()
        if expression is not None:
            self.expression_chosen.emit(expression)
        else:
            self.op_chosen.emit(name)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (
            obj is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5}.get(key, -5)
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(obj, event)
