"""The chain-rule list ("chain_rule_terms"): a lazy model over a walk's terms, and its view.

Row *i* is term *i* of the walk (the engine's visit order); the rows are the terms applied so
far. :class:`TermModel` holds no text: ``data()`` asks the walk for a row's term text
(``Walk.term_text``), its sum rule (``Walk.sum_rule_text``, in :data:`SUM_RULE_ROLE`), its
edge and its tooltip when the view paints or reads that row, so a pass of 20,000 terms costs
what the visible rows cost. A step appends or removes rows at the end (``rowsInserted`` /
``rowsRemoved``); another walk or sample resets the model.

:class:`TermView` is a one-column ``QTreeView`` without header or branches: it looks like a
list, and unlike ``QListView`` it measures row heights (wrapped text) only for the rows it
shows. Long lists scroll by row (``ScrollPerItem``: the scroll range needs no height of an
unseen row); lists of up to :data:`PIXEL_SCROLL_ROWS` rows scroll by pixel as before.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from ...core.walk.steps import Walk
from .chain_rule_delegate import EDGE_ROLE, SUM_RULE_ROLE, TERM_INDEX_ROLE

PIXEL_SCROLL_ROWS = 2000  # longer lists scroll by row: no row is measured before it shows

AnyIndex = QModelIndex | QPersistentModelIndex


class TermModel(QAbstractListModel):
    """The terms a walk has applied so far, one row each, texts read from the walk."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.walk: Walk | None = None
        self._sample: int | None = None
        self._count = 0

    def rowCount(self, parent: AnyIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else self._count

    def show(self, walk: Walk | None, count: int) -> None:
        """Show the first ``count`` terms of ``walk``: rows added or dropped at the end
        while the walk and its sample stay the same, else the model is reset."""
        count = count if walk is not None else 0
        same = walk is self.walk and (walk is None or walk.sample == self._sample)
        if not same or count < self._count // 2:
            self.beginResetModel()
            self.walk, self._sample, self._count = walk, walk.sample if walk else None, count
            self.endResetModel()
        elif count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:
            self.beginRemoveRows(QModelIndex(), count, self._count - 1)
            self._count = count
            self.endRemoveRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        walk, row = self.walk, index.row()
        if walk is None or not 0 <= row < self._count or index.column() != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return walk.term_text(walk.trace[row])
        if role == SUM_RULE_ROLE:
            return walk.sum_rule_text(row)
        if role == TERM_INDEX_ROLE:
            return row
        if role == EDGE_ROLE:
            return walk.trace[row].edge
        if role == Qt.ItemDataRole.ToolTipRole:
            text = walk.term_text(walk.trace[row])
            tip = (
                QCoreApplication.translate("ChainRulePanel", "Edge %1: %2")
                .replace("%1", str(walk.trace[row].edge))
                .replace("%2", text)
            )
            rule = walk.sum_rule_text(row)
            if rule:
                tip += "\n" + QCoreApplication.translate("ChainRulePanel", "Sum rule: %1").replace(
                    "%1", rule
                )
            return tip
        return None


class TermView(QTreeView):
    """A list of wrapped rows that measures only the rows it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setExpandsOnDoubleClick(False)
        self.setIndentation(0)
        self.setUniformRowHeights(False)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.header().setStretchLastSection(True)

    def count(self) -> int:
        """The number of rows (terms applied so far)."""
        model = self.model()
        return model.rowCount() if model is not None else 0

    def current_row(self) -> int:
        """The selected term's row, -1 if none."""
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def set_scroll_mode_for(self, rows: int) -> None:
        """Scroll by pixel up to :data:`PIXEL_SCROLL_ROWS` rows, by row beyond. Call it while
        the list holds the fewer rows (before rows are added, after they are removed): a
        switch with many rows in pixel mode would measure them all."""
        mode = (
            QAbstractItemView.ScrollMode.ScrollPerPixel
            if rows <= PIXEL_SCROLL_ROWS
            else QAbstractItemView.ScrollMode.ScrollPerItem
        )
        if self.verticalScrollMode() != mode:
            self.setVerticalScrollMode(mode)

    def remeasure(self) -> None:
        """Forget every row's height (the width or the font changed): measured again as the
        rows show."""
        self.scheduleDelayedItemsLayout()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """No type-ahead: every row starts with ∂, and a search would format every row."""
