"""The op palette ("op_palette"): every op of the registry, grouped by category.

Each row shows the op's symbol on a badge in its category colour, its title and its formula;
the tooltip gives the formula and the local derivatives (``OpSpec.tooltip()``). A filter box
narrows the list (by name, title, symbol, formula or alias). Rows are drag sources carrying
the MIME type ``application/x-backprop-op`` (payload: the op name, UTF-8) for the canvas;
double-click or Enter emits :attr:`OpPalette.op_activated` (the window adds the op at the view
centre).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.ops import OpSpec, all_ops
from ..canvas.theme import Theme, system_theme

OP_MIME = "application/x-backprop-op"
OP_ROLE = Qt.ItemDataRole.UserRole + 1
CATEGORY_TITLES = {
    "source": QT_TRANSLATE_NOOP("OpPalette", "Sources"),
    "arithmetic": QT_TRANSLATE_NOOP("OpPalette", "Arithmetic"),
    "activation": QT_TRANSLATE_NOOP("OpPalette", "Activations"),
    "loss": QT_TRANSLATE_NOOP("OpPalette", "Losses"),
}


def op_title(spec: OpSpec) -> str:
    """The op's title in the UI language (the registry's titles are translated as "Ops")."""
    return QCoreApplication.translate("Ops", spec.title)


def search_text(spec: OpSpec) -> str:
    """Everything a filter may match for an op, lower-cased."""
    return " ".join(
        [spec.name, spec.title, op_title(spec), spec.symbol, spec.formula, spec.category]
        + list(spec.aliases)
    ).lower()


class _OpDelegate(QStyledItemDelegate):
    """Paints an op row: coloured symbol badge, title, formula (dimmed)."""

    def __init__(self, palette_widget: OpPalette) -> None:
        super().__init__(palette_widget)
        self._owner = palette_widget

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        base = super().sizeHint(option, index)
        if index.data(OP_ROLE) is None:
            return QSize(base.width(), max(base.height(), option.fontMetrics.height() + 12))
        return QSize(base.width(), max(base.height(), option.fontMetrics.height() * 2 + 10))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        name = index.data(OP_ROLE)
        if name is None:
            self._paint_header(painter, option, index)
            return
        spec = self._owner.spec(name)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = option.widget.style() if option.widget else None
        if style is not None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget
            )
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        theme = self._owner.theme
        color = theme.category_color(spec.name, spec.category)
        badge = QRectF(rect.left() + 6, rect.center().y() - 13, 38, 26)
        painter.setPen(Qt.PenStyle.NoPen)
        fill = QColor(color)
        fill.setAlpha(40 if not theme.dark else 70)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, 6, 6)
        painter.setPen(color if not theme.dark else color.lighter(120))
        sym_font = QFont(option.font)
        sym_font.setBold(True)
        if len(spec.symbol) > 2:
            sym_font.setPointSizeF(max(6.5, sym_font.pointSizeF() * 0.8))
        painter.setFont(sym_font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, spec.symbol)

        group = QPalette.ColorGroup.Normal
        text_color = option.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        dim = QColor(text_color)
        dim.setAlphaF(0.65)
        text_rect = QRect(rect.left() + 52, rect.top() + 3, rect.width() - 56, rect.height() - 6)
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(text_color)
        fm = painter.fontMetrics()
        top = QRect(text_rect.left(), text_rect.top(), text_rect.width(), text_rect.height() // 2)
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            fm.elidedText(op_title(spec), Qt.TextElideMode.ElideRight, top.width()),
        )
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        painter.setPen(dim)
        bottom = QRect(
            text_rect.left(), top.bottom() + 1, text_rect.width(), text_rect.height() // 2
        )
        painter.drawText(
            bottom,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            painter.fontMetrics().elidedText(
                QCoreApplication.translate("Ops", spec.formula),
                Qt.TextElideMode.ElideRight,
                bottom.width(),
            ),
        )
        painter.restore()

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex
    ) -> None:
        painter.save()
        font = QFont(option.font)
        font.setBold(True)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        font.setPointSizeF(option.font.pointSizeF() * 0.85)
        painter.setFont(font)
        color = option.palette.color(QPalette.ColorRole.Text)
        color.setAlphaF(0.6)
        painter.setPen(color)
        rect = option.rect.adjusted(8, 0, -4, -3)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, index.data()
        )
        painter.restore()


class _OpTree(QTreeWidget):
    """The list itself: a drag source of op names."""

    activated_op = Signal(str)

    def mimeTypes(self) -> list[str]:  # noqa: N802  (Qt's name)
        return [OP_MIME]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        names = [it.data(0, OP_ROLE) for it in items if it.data(0, OP_ROLE)]
        if names:
            mime.setData(OP_MIME, names[0].encode("utf-8"))
            mime.setText(names[0])
        return mime

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None and item.data(0, OP_ROLE):
                self.activated_op.emit(item.data(0, OP_ROLE))
                return
        super().keyPressEvent(event)


class OpPalette(QWidget):
    """Every op, grouped by category, filterable; drag one onto the canvas."""

    op_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None, theme: Theme | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("op_palette")
        self.theme = theme or system_theme()
        self._specs = {spec.name: spec for spec in all_ops()}

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("op_palette_filter")
        self.filter_edit.setPlaceholderText(self.tr("Filter ops…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.set_filter)
        self.filter_edit.returnPressed.connect(self._activate_first_visible)

        self.tree = _OpTree(self)
        self.tree.setObjectName("op_palette_list")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(_OpDelegate(self))
        self.tree.setMouseTracking(True)
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        self.tree.activated_op.connect(self.op_activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)
        self._populate()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(230, 520)

    def spec(self, name: str) -> OpSpec:
        return self._specs[name]

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.tree.viewport().update()

    def _populate(self) -> None:
        self._headers: dict[str, QTreeWidgetItem] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        for spec in self._specs.values():
            header = self._headers.get(spec.category)
            if header is None:
                title = CATEGORY_TITLES.get(spec.category, spec.category)
                header = QTreeWidgetItem([QCoreApplication.translate("OpPalette", title)])
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(header)
                self._headers[spec.category] = header
            item = QTreeWidgetItem([op_title(spec)])
            item.setData(0, OP_ROLE, spec.name)
            tip = spec.tooltip()
            if spec.description:
                tip += "\n\n" + QCoreApplication.translate("Ops", spec.description)
            item.setToolTip(
                0, tip + "\n\n" + self.tr("Drag onto the canvas, or double-click to add.")
            )
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            header.addChild(item)
            self._items[spec.name] = item
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)

    def op_names(self, visible_only: bool = False) -> list[str]:
        """The ops listed (in display order), optionally only those the filter shows."""
        return [
            name
            for name, item in self._items.items()
            if not visible_only or not (item.isHidden() or item.parent().isHidden())
        ]

    def item_for(self, op: str) -> QTreeWidgetItem:
        return self._items[op]

    def set_filter(self, text: str) -> None:
        words = text.lower().split()
        for name, item in self._items.items():
            haystack = search_text(self._specs[name])
            item.setHidden(not all(w in haystack for w in words))
        for header in self._headers.values():
            header.setHidden(all(header.child(i).isHidden() for i in range(header.childCount())))
        if self.filter_edit.text() != text:
            self.filter_edit.setText(text)

    def _activate_first_visible(self) -> None:
        visible = self.op_names(visible_only=True)
        if visible:
            self.op_activated.emit(visible[0])

    def _on_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        name = item.data(0, OP_ROLE)
        if name:
            self.op_activated.emit(name)
