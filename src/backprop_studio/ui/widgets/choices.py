"""A combo box's choices as a model: rows of (text, data) filled in one reset.

Filling a ``QComboBox`` with ``addItem`` costs a C++ call, an item and a size change per row
(536,597 of them, 1.9 s, when a 100,000-node graph opens); ``findData`` calls ``data()`` per
row. :class:`ChoiceModel` takes every row at once (one model reset), formats a row's text only
when the combo box shows or reads it, and finds a row by its data in a dict.
:func:`use_choices` puts one on a combo box, sized by a minimum number of characters rather
than by measuring every row (Qt's default measures all of them before the first show).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox

TextOf = Callable[[int], str]  # a row's text from its row number

LIST_POPUP_ROWS = 500  # above, a scrolling list drops down (see use_choices)
_LIST_POPUP = "choices_list_popup"  # the combo box's property: the list popup is on

_TEXT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


class ChoiceModel(QAbstractListModel):
    """Rows of choices: a text (``DisplayRole``) and a data value (``UserRole``, what
    ``QComboBox.currentData`` and ``itemData`` return)."""

    # the number of rows a fill is about to show, emitted before the model changes (a style
    # sheet set while the old, few rows are in place costs little; after, it polishes them all)
    filling = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._data: list[Hashable] = []
        self._text: TextOf = lambda _row: ""
        self._rows: dict[Hashable, int] = {}

    def set_choices(self, data: Sequence[Hashable], text: Sequence[str] | TextOf) -> None:
        """Every row at once: ``data[i]`` with ``text[i]``, or ``text(i)`` formatted when
        asked. The first row of a data value is the one :meth:`row_of` finds."""
        self.filling.emit(len(data))
        self.beginResetModel()
        self._data = list(data)
        self._text = text if callable(text) else text.__getitem__
        n = len(self._data)  # built from the end, so a repeated value keeps its first row
        self._rows = dict(zip(reversed(self._data), range(n - 1, -1, -1), strict=True))
        self.endResetModel()

    def texts_changed(self) -> None:
        """The texts (not the rows) changed: the views fetch the rows they show again."""
        if self._data:
            self.dataChanged.emit(self.index(0), self.index(len(self._data) - 1), list(_TEXT_ROLES))

    def row_of(self, value: Hashable) -> int:
        """The first row whose data is ``value``, -1 if none."""
        return self._rows.get(value, -1)

    def value_at(self, row: int) -> Hashable:
        """The data of ``row`` (None outside the rows)."""
        return self._data[row] if 0 <= row < len(self._data) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._data)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        row = index.row()
        if not 0 <= row < len(self._data):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._data[row]
        if role in _TEXT_ROLES:
            return self._text(row)
        return None


def use_choices(combo: QComboBox, minimum_characters: int) -> ChoiceModel:
    """Give ``combo`` a :class:`ChoiceModel` (owned by the combo box) and size it by
    ``minimum_characters`` instead of by its widest row; returns the model. Above
    :data:`LIST_POPUP_ROWS` rows the box drops down a scrolling list of a few rows instead
    of the style's menu-like popup, which measures every row each time it opens."""
    model = ChoiceModel(combo)
    combo.setModel(model)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(minimum_characters)
    combo.view().setUniformItemSizes(True)  # the list lays out one row size, not every row's
    model.filling.connect(lambda rows: _fit_popup(combo, rows))
    return model


def _fit_popup(combo: QComboBox, rows: int) -> None:
    long_list = rows > LIST_POPUP_ROWS
    if combo.property(_LIST_POPUP) != long_list:
        combo.setProperty(_LIST_POPUP, long_list)
        combo.setStyleSheet("QComboBox { combobox-popup: 0; }" if long_list else "")
