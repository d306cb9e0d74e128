"""Edit > New from Expression…: type ``(a+b)*(b+1)``, see its value and gradients, insert it.

The dialog (object name ``expression_dialog``) parses as you type (core/model/expression.py,
nothing executed): a malformed expression shows its reason and a caret under the bad
character and disables OK; a good one previews its value and every name's gradient. OK adds
the graph as one undo step (ui/document/expression_insert.py). The op search offers the same
for an expression typed into it (``insert_typed_expression``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.plan import evaluate
from ...core.engine.trace import fmt_number
from ...core.model.errors import BackpropError
from ...core.model.expression import ExpressionError, expression_graph, parse_values
from ..document.expression_insert import insert_expression

# The window is the main window (ui/shell), typed loosely: rooms do not import the shell.
MainWindow = Any


class ExpressionDialog(QDialog):
    """An expression field, a values field, a live preview or error, OK and Cancel."""

    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("expression_dialog")
        self.setWindowTitle(self.tr("New from Expression"))
        self.field = QLineEdit(text, self)
        self.field.setObjectName("expression_field")
        self.field.setPlaceholderText(self.tr("e.g. (a+b)*(b+1) or tanh(w*x + b)"))
        self.values_field = QLineEdit(self)
        self.values_field.setObjectName("expression_values")
        self.values_field.setPlaceholderText(self.tr("a=2, b=1 (names not given start at 1)"))
        self.message = QLabel(self)
        self.message.setObjectName("expression_message")
        self.message.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(64)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Expression:"), self.field)
        form.addRow(self.tr("&Values:"), self.values_field)
        hint = QLabel(
            self.tr(
                "+ − × ÷ with * and /, powers with ^ or **, parentheses, numbers and functions "
                "such as sin, exp, log, tanh, sigmoid, relu. Each name becomes a parameter."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, 260)
        self.field.textChanged.connect(self.refresh)
        self.values_field.textChanged.connect(self.refresh)
        self.refresh()

    def values(self) -> dict[str, float]:
        items = [s for s in self.values_field.text().replace(";", ",").split(",") if s.strip()]
        return parse_values(items)

    def refresh(self) -> None:
        """Parse and evaluate what is typed; show the preview or the fault."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        text = self.field.text()
        if not text.strip():
            self.message.setText(self.tr("Type an expression."))
            ok.setEnabled(False)
            return
        try:
            graph = expression_graph(text, self.values())
        except ExpressionError as exc:
            self.message.setText(f"{exc.pointer()}\n{exc.reason}")
            ok.setEnabled(False)
            return
        except BackpropError as exc:
            self.message.setText(str(exc))
            ok.setEnabled(False)
            return
        ok.setEnabled(True)
        counts = self.tr("{n} nodes, {e} edges").format(n=len(graph), e=graph.edge_count())
        try:
            result = evaluate(graph, record=False)
        except BackpropError as exc:
            self.message.setText(f"{counts}\n{exc}")
            return
        names = [n.id for n in graph.nodes() if n.op == "parameter"]
        grads = ", ".join(f"∂f/∂{n} = {fmt_number(float(result.grads[n]))}" for n in names)
        self.message.setText(
            f"{counts}\n" + self.tr("value = {v}").format(v=fmt_number(result.loss)) + f"\n{grads}"
        )


def new_from_expression(window: MainWindow, text: str = "") -> bool:
    """Ask for an expression and add its graph (one undo step); False if cancelled."""
    dialog = ExpressionDialog(window, text)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return _insert(window, dialog.field.text(), dialog.values(), None)


def insert_typed_expression(window: MainWindow, text: str, pos: QPointF) -> bool:
    """The op search's "insert expression": add the graph at ``pos`` (names start at 1)."""
    return _insert(window, text, {}, pos)


def _insert(window: MainWindow, text: str, values: dict, pos: QPointF | None) -> bool:
    if pos is None:
        center = window.view.mapToScene(window.view.viewport().rect().center())
        pos = QPointF(center.x() - 200, center.y() - 100)
    try:
        command = insert_expression(window.document, text, values, (pos.x(), pos.y()))
    except BackpropError as exc:
        window.set_status(str(exc))
        return False
    if command is None:
        return False
    window.scene.select_ids([n.id for n in command.nodes])
    renamed = ", ".join(f"{a} → {b}" for a, b in command.renamed.items())
    note = QCoreApplication.translate("ExpressionDialog", "Inserted {text}").format(
        text=text.strip()
    )
    if renamed:
        note += " " + QCoreApplication.translate(
            "ExpressionDialog", "(names already taken: {r})"
        ).format(r=renamed)
    window.set_status(note)
    window.view_fit_later()
    return True
