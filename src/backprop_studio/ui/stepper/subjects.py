"""The path expansion's subjects ("chain_rule_path_subject"): a lazy model of a walk's nodes
and edge weights.

One row per node (topological order: ``node b``) and then per edge (document order:
``weight of edge e1 (a → c)``), the row's data ``("node" | "edge", id)``. Labels are
formatted only for the rows a combo box shows or reads, so a walk over 10,000 nodes and
20,000 edges fills the combo box in no time; :meth:`SubjectModel.row_of` finds a subject's
row without a scan.
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

from ...core.walk.steps import Walk

Subject = tuple[str, str]  # ("node" | "edge", id)


class SubjectModel(QAbstractListModel):
    """Every node, then every edge weight, of a walk."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.walk: Walk | None = None
        self._subjects: list[Subject] = []
        self._rows: dict[Subject, int] = {}
        self._ends: dict[str, tuple[str, str]] = {}

    def set_walk(self, walk: Walk | None) -> None:
        self.beginResetModel()
        self.walk = walk
        if walk is None:
            self._subjects, self._ends = [], {}
        else:
            self._ends = walk.edge_ends()
            self._subjects = [("node", n) for n in walk.order] + [("edge", e) for e in self._ends]
        self._rows = {s: i for i, s in enumerate(self._subjects)}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._subjects)

    def row_of(self, subject: Subject) -> int:
        """The row of a subject, -1 if the walk has none such."""
        return self._rows.get(subject, -1)

    def subject(self, row: int) -> Subject | None:
        return self._subjects[row] if 0 <= row < len(self._subjects) else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        subject = self.subject(index.row())
        walk = self.walk
        if subject is None or walk is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return subject
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        kind, ident = subject
        if kind == "node":
            return QCoreApplication.translate("ChainRulePanel", "node %1").replace(
                "%1", walk.labels[ident]
            )
        src, dst = self._ends[ident]
        return (
            QCoreApplication.translate("ChainRulePanel", "weight of edge %1 (%2 → %3)")
            .replace("%1", ident)
            .replace("%2", walk.labels[src])
            .replace("%3", walk.labels[dst])
        )
