"""The data table ("data_table"): view and edit the graph's data columns.

The table (``data_table_view``) shows one column per data column, one row per sample. Every
change is one undoable edit of the graph's ``data`` field (``Document.set_meta``): editing a
cell, adding or deleting rows, importing a CSV file (the header row names the columns; a
column of text labels becomes class indices 0, 1, ... in order of first appearance, and the
status bar says which is which; an error names the file, line and column in a message box and
changes nothing), or generating a data set (line with noise, sine, XOR, two moons, circles,
spirals, three blobs; see ``GenerateDialog``). A CSV export writes
the columns back out.

For a classification loss (binary_cross_entropy, cross_entropy) a last, read-only column
``predicted`` shows the model's predicted class per sample at the document's current values
(red where it differs from the target), following every evaluation.

For graphs with one input column and one target column, a plot beside the table
(:class:`PredictionPlot`) shows the data and the model's current prediction curve, live while
training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.trace import fmt_number
from ...core.model.datasets import (
    DataError,
    check_columns,
    generate,
    read_labelled_csv,
    write_csv,
)
from ...core.training.classify import Classification, classification_from_values
from ..document import file_actions
from .data_generate import GenerateDialog
from .prediction_plot import PredictionPlot

Index = QModelIndex | QPersistentModelIndex


class DataModel(QAbstractTableModel):
    """The graph's data columns as a table; edits go to the document as undoable commands."""

    def __init__(self, document: Any) -> None:
        super().__init__()
        self.document = document
        self.columns: list[str] = []
        self.rows = 0
        self.classes: Classification | None = None  # the "predicted" column, when it applies
        self.refresh()

    def set_evaluation(self, result: Any) -> None:
        """The predicted class per sample from the document's evaluation (or none)."""
        classes = None
        if result is not None:
            classes = classification_from_values(self.document.graph, result.values)
            if classes is not None and classes.predicted.size not in (1, self.rows):
                classes = None
        had = self.classes is not None
        if had != (classes is not None):
            self.beginResetModel()
            self.classes = classes
            self.endResetModel()
        elif classes is not None and self.rows:
            self.classes = classes
            col = len(self.columns)
            self.dataChanged.emit(self.index(0, col), self.index(self.rows - 1, col))

    def is_predicted_column(self, column: int) -> bool:
        return self.classes is not None and column == len(self.columns)

    def _predicted_data(self, row: int, role: int) -> Any:
        assert self.classes is not None
        k = min(row, self.classes.predicted.size - 1)
        predicted, target = int(self.classes.predicted[k]), int(self.classes.target[k])
        if role == Qt.ItemDataRole.DisplayRole:
            return str(predicted)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and predicted != target:
            return QBrush(QColor("#d62728"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if predicted == target:
                text = QCoreApplication.translate(
                    "DataModel", "row {row}: predicted class {p}, the target: right"
                )
            else:
                text = QCoreApplication.translate(
                    "DataModel", "row {row}: predicted class {p}, the target is {t}: wrong"
                )
            return text.format(row=row + 1, p=predicted, t=target)
        return None

    def refresh(self) -> None:
        """Follow the graph's data: same shape -> the cells change; else a reset."""
        data = self.document.graph.data or {}
        columns = list(data)
        rows = max((len(v) for v in data.values()), default=0)
        if columns == self.columns and rows == self.rows:
            if rows and columns:  # keeps an open editor (a reset would close it mid-commit)
                self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(columns) - 1))
            return
        self.beginResetModel()
        self.columns, self.rows = columns, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid():
            return 0
        return len(self.columns) + (1 if self.classes is not None else 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if self.is_predicted_column(index.column()):
            return self._predicted_data(index.row(), role)
        column = self.document.graph.data.get(self.columns[index.column()], [])
        if index.row() >= len(column):
            return None
        value = column[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt_number(value)
        if role == Qt.ItemDataRole.EditRole:
            return repr(float(value))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                QCoreApplication.translate("DataModel", "%1, row %2: %3")
                .replace("%1", self.columns[index.column()])
                .replace("%2", str(index.row() + 1))
                .replace("%3", repr(value))
            )
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if self.is_predicted_column(section):
                return QCoreApplication.translate("DataModel", "predicted")
            return self.columns[section] if section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_predicted_column(index.column()):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if self.is_predicted_column(index.column()):
            return False
        name = self.columns[index.column()]
        try:
            number = float(str(value).replace("−", "-").replace(",", ".").strip())
        except ValueError:
            self.document.status_message.emit(
                QCoreApplication.translate("DataModel", "%1, row %2: %3 is not a number")
                .replace("%1", name)
                .replace("%2", str(index.row() + 1))
                .replace("%3", repr(value))
            )
            return False
        if number != number or number in (float("inf"), float("-inf")):
            self.document.status_message.emit(
                QCoreApplication.translate("DataModel", "%1, row %2: must be a finite number")
                .replace("%1", name)
                .replace("%2", str(index.row() + 1))
            )
            return False
        data = {k: list(v) for k, v in self.document.graph.data.items()}
        if data[name][index.row()] == number:
            return False
        data[name][index.row()] = number
        text = QCoreApplication.translate("DataModel", "Edit data %1, row %2")
        text = text.replace("%1", name).replace("%2", str(index.row() + 1))
        return self.document.set_meta(text=text, data=data)


class DataTable(QWidget):
    """See the module docstring."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("data_table")
        self.document = document
        self.model = DataModel(document)
        self.view = QTableView()
        self.view.setObjectName("data_table_view")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setMinimumSectionSize(56)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.summary = QLabel()
        self.summary.setObjectName("data_table_summary")
        self.summary.setStyleSheet("color: palette(mid);")
        self.summary.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 2, 6, 0)
        buttons.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, tip, slot in (
            ("import", self.tr("Import…"), self.tr("Replace the data with a CSV file's columns"),
             self.import_dialog),
            ("generate", self.tr("Generate…"), self.tr("A data set for quick experiments: line "
             "with noise, sine, XOR, two moons, circles, spirals, three blobs"), self.generate_dialog),
            ("add_row", self.tr("Add Row"), self.tr("Append a row (a copy of the last one)"),
             self.add_row),
            ("delete_rows", self.tr("Delete"), self.tr("Delete the selected rows"),
             self.delete_selected_rows),
            ("export", self.tr("Export…"), self.tr("Save the columns as a CSV file"),
             self.export_dialog),
        ):  # fmt: skip
            button = QToolButton()
            button.setText(text)
            button.setObjectName(f"data_table_{name}")
            button.setToolTip(tip)
            button.setAutoRaise(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
            buttons.addWidget(button)
        buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(2)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.summary)
        self.prediction = PredictionPlot(document)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.prediction)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(170)
        self.splitter.setSizes([210, 300])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        document.graph_changed.connect(self._on_graph_event)
        document.graph_replaced.connect(lambda _g: self.refresh())
        document.evaluated.connect(lambda result, _problems: self.model.set_evaluation(result))
        self.refresh()

    # ----------------------------------------------------------------- state
    def refresh(self) -> None:
        self.model.refresh()
        self.model.set_evaluation(self.document.result)
        data = self.document.graph.data or {}
        rows = self.model.rows
        if data:
            names = ", ".join(data)
            text = self.tr("%1 rows · columns %2") if rows != 1 else self.tr("%1 row · columns %2")
            self.summary.setText(text.replace("%1", str(rows)).replace("%2", names))
        else:
            self.summary.setText(self.tr("No data set: import a CSV file or generate one."))
        self.buttons["add_row"].setEnabled(bool(data))
        self.buttons["delete_rows"].setEnabled(bool(data) and rows > 0)
        self.buttons["export"].setEnabled(bool(data))

    def _on_graph_event(self, event: Any) -> None:
        if event.kind == "meta_changed" and "data" in event.keys:
            self.refresh()

    # ----------------------------------------------------------------- edits
    def set_columns(self, columns: dict[str, list[float]], text: str) -> bool:
        """Replace the data set (one undo step); says which inputs lost their column."""
        data = {k: [float(x) for x in v] for k, v in columns.items()}
        if not self.document.set_meta(text=text, data=data):
            return False
        graph = self.document.graph
        lost = [
            self.tr("node %1 reads column %2")
            .replace("%1", repr(n.id))
            .replace("%2", repr(n.column))
            for n in graph.nodes()
            if n.op == "input" and n.column is not None and n.column not in data
        ]
        if lost:
            self.document.status_message.emit(
                self.tr("%1: %2, which the new data does not have")
                .replace("%1", text)
                .replace("%2", "; ".join(lost[:3]))
            )
        return True

    def import_csv(self, path: str | Path) -> bool:
        """Replace the data with a CSV file's columns; errors shown in a message box."""
        try:
            columns, classes = read_labelled_csv(path)
            check_columns(columns)
        except DataError as exc:
            file_actions.show_error(
                self,
                self.tr("Import CSV"),
                self.tr("Cannot import %1").replace("%1", Path(path).name),
                [str(exc)],
            )
            return False
        if not self.set_columns(columns, self.tr("Import %1").replace("%1", Path(path).name)):
            return False
        for name, names in classes.items():  # a label column: say which class is which
            mapping = ", ".join(f"{label} = {k}" for k, label in enumerate(names))
            text = QCoreApplication.translate("DataTable", "Column {0} read as classes: {1}")
            self.document.status_message.emit(text.format(name, mapping))
        return True

    def generate_data(self, name: str, seed: int = 0, **params: float) -> bool:
        try:
            columns = generate(name, seed=seed, **params)
        except DataError as exc:
            file_actions.show_error(self, self.tr("Generate data"), str(exc))
            return False
        return self.set_columns(columns, self.tr("Generate data (%1)").replace("%1", name))

    def add_row(self) -> bool:
        data = {k: list(v) for k, v in self.document.graph.data.items()}
        if not data:
            return False
        for column in data.values():
            column.append(column[-1] if column else 0.0)
        return self.document.set_meta(text=self.tr("Add a data row"), data=data)

    def delete_rows(self, rows: list[int]) -> bool:
        data = {k: list(v) for k, v in self.document.graph.data.items()}
        drop = {r for r in rows if 0 <= r < self.model.rows}
        if not data or not drop:
            return False
        if len(drop) >= self.model.rows:
            self.document.status_message.emit(self.tr("A data set needs at least one row"))
            return False
        data = {k: [x for i, x in enumerate(v) if i not in drop] for k, v in data.items()}
        n = len(drop)
        text = self.tr("Delete %1 data rows") if n != 1 else self.tr("Delete %1 data row")
        return self.document.set_meta(text=text.replace("%1", str(n)), data=data)

    def delete_selected_rows(self) -> bool:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows:
            rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        return self.delete_rows(rows)

    # ----------------------------------------------------------------- dialogs
    def import_dialog(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import CSV"),
            "",
            self.tr("CSV files (*.csv *.tsv *.txt);;All files (*)"),
        )
        return bool(path) and self.import_csv(path)

    def export_dialog(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export CSV"), "data.csv", self.tr("CSV files (*.csv)")
        )
        if not path:
            return False
        try:
            write_csv(self.document.graph.data, path)
        except (OSError, DataError) as exc:
            file_actions.show_error(
                self,
                self.tr("Export CSV"),
                self.tr("Cannot write %1").replace("%1", Path(path).name),
                [str(exc)],
            )
            return False
        self.document.status_message.emit(
            self.tr("Exported the data to %1").replace("%1", Path(path).name)
        )
        return True

    def generate_dialog(self) -> bool:
        dialog = GenerateDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        name, seed, params = dialog.choice()
        return self.generate_data(name, seed, **params)

    # ----------------------------------------------------------------- training
    def begin_session(self, session: Any) -> None:
        self.prediction.begin_session(session)

    def add_update(self, update: Any) -> None:
        if self.isVisible():
            self.prediction.add_update(update)

    def finish_session(self, session: Any) -> None:
        self.prediction.finish_session(session)
