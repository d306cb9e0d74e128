"""The inspector ("inspector"): view and edit what is selected on the canvas.

- One node: id, op (formula and local derivatives), label, value (a number; for inputs a
  comma-separated batch), data column (inputs), trainable (parameters), the current value and
  gradient from the live evaluation, and "use as loss".
- One edge: its ends, weight, trainable, the value it carries and dL/dw.
- Nothing (or several items): the graph's title, description, loss node, counts, the current
  loss, and the problems that stop evaluation.

Every edit is one undoable command through the Document; a value that does not parse is
refused with the reason under the field, and the document is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.trace import fmt_number, fmt_value
from ...core.model.errors import GraphError
from ...core.model.graph import Graph
from ..document.document import Document
from ..document.group_commands import ReorderEdgeCommand
from ..widgets.choices import use_choices
from .value_text import format_exact, format_value_field, parse_number, parse_value

__all__ = ["Inspector", "format_exact", "format_value_field", "parse_number", "parse_value"]

NO_COLUMN = QT_TRANSLATE_NOOP("Inspector", "(none: use the value)")
AUTO_LOSS = QT_TRANSLATE_NOOP("Inspector", "(automatic: the only output)")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def _info(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #d33;")
    label.hide()
    return label


def _form() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    form = QFormLayout()
    outer.addLayout(form)
    outer.addStretch(1)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setContentsMargins(10, 10, 10, 10)
    form.setVerticalSpacing(7)
    return page, form


class Inspector(QWidget):
    """Edits the selected node or edge, or the graph itself; every edit is one command."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.document = document
        self.node_id: str | None = None
        self.edge_id: str | None = None
        self._selection_count = 0
        self._updating = False

        self.stack = QStackedWidget(self)
        self._build_graph_page()
        self._build_node_page()
        self._build_edge_page()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        # a burst of graph events (a paste, a large delete) refreshes once
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        document.graph_changed.connect(self._schedule_refresh)
        document.graph_replaced.connect(self._on_graph_replaced)
        document.evaluated.connect(self._schedule_refresh)
        self.refresh()

    def _schedule_refresh(self, *_args: object) -> None:
        self._refresh_timer.start()

    def _on_graph_replaced(self, _graph: object) -> None:
        self.show_selection([], [])

    # ----------------------------------------------------------------- pages
    def _build_graph_page(self) -> None:
        page, form = _form()
        self.graph_heading = _heading("<b>" + self.tr("Graph") + "</b>")
        form.addRow(self.graph_heading)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("inspector_title")
        self.title_edit.editingFinished.connect(self._commit_title)
        form.addRow(self.tr("Title"), self.title_edit)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("inspector_description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(54)
        self.description_edit.setMaximumHeight(96)
        self.description_edit.installEventFilter(self)
        form.addRow(self.tr("Description"), self.description_edit)
        self.loss_combo = QComboBox()
        self.loss_combo.setObjectName("inspector_loss")
        self._loss_choices = use_choices(self.loss_combo, 16)
        # what the loss combo and the counts show: (graph, its structure revision / revision)
        self._loss_filled: tuple[Graph, int] | None = None
        self._counts_filled: tuple[Graph, int] | None = None
        self.loss_combo.activated.connect(self._commit_loss)
        form.addRow(self.tr("Loss node"), self.loss_combo)
        self.counts_label = _info("inspector_counts")
        form.addRow(self.tr("Contents"), self.counts_label)
        self.loss_value_label = _info("inspector_loss_value")
        form.addRow(self.tr("Loss L"), self.loss_value_label)
        self.problems_label = _info("inspector_problems")
        self.problems_label.setStyleSheet("color: #d33;")
        form.addRow(self.problems_label)
        self.selection_label = _info("inspector_selection")
        form.addRow(self.selection_label)
        self.graph_page = page
        self.stack.addWidget(page)

    def _build_node_page(self) -> None:
        page, form = _form()
        self.node_heading = _heading("")
        form.addRow(self.node_heading)
        self.node_id_label = _info("inspector_node_id")
        form.addRow(self.tr("Id"), self.node_id_label)
        self.op_label = _info("inspector_op")
        self.op_label.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.tr("Op"), self.op_label)
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("inspector_label")
        self.label_edit.setPlaceholderText(self.tr("(shows the id)"))
        self.label_edit.editingFinished.connect(self._commit_label)
        form.addRow(self.tr("Label"), self.label_edit)
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("inspector_value")
        self.value_edit.editingFinished.connect(self._commit_value)
        form.addRow(self.tr("Value"), self.value_edit)
        self.value_error = _error_label("inspector_value_error")
        form.addRow(self.value_error)
        self.column_combo = QComboBox()
        self.column_combo.setObjectName("inspector_column")
        self.column_combo.activated.connect(self._commit_column)
        form.addRow(self.tr("Data column"), self.column_combo)
        self.trainable_check = QCheckBox(self.tr("changed by training"))
        self.trainable_check.setObjectName("inspector_trainable")
        self.trainable_check.toggled.connect(self._commit_trainable)
        form.addRow(self.tr("Trainable"), self.trainable_check)
        self.current_value_label = _info("inspector_current_value")
        form.addRow(self.tr("Value now"), self.current_value_label)
        self.gradient_label = _info("inspector_gradient")
        form.addRow(self.tr("Gradient"), self.gradient_label)
        self.node_problem_label = _info("inspector_node_problem")
        self.node_problem_label.setStyleSheet("color: #d33;")
        form.addRow(self.node_problem_label)
        self.inputs_label = _info("inspector_inputs")
        self.inputs_label.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.tr("Inputs"), self.inputs_label)
        self.loss_check = QCheckBox(self.tr("use as the loss (objective)"))
        self.loss_check.setObjectName("inspector_use_as_loss")
        self.loss_check.toggled.connect(self._commit_use_as_loss)
        form.addRow("", self.loss_check)
        self.node_form = form
        self.node_page = page
        self.stack.addWidget(page)

    def _build_edge_page(self) -> None:
        page, form = _form()
        self.edge_heading = _heading("")
        form.addRow(self.edge_heading)
        self.weight_edit = QLineEdit()
        self.weight_edit.setObjectName("inspector_weight")
        self.weight_edit.editingFinished.connect(self._commit_weight)
        form.addRow(self.tr("Weight"), self.weight_edit)
        self.weight_error = _error_label("inspector_weight_error")
        form.addRow(self.weight_error)
        self.edge_trainable_check = QCheckBox(self.tr("changed by training"))
        self.edge_trainable_check.setObjectName("inspector_edge_trainable")
        self.edge_trainable_check.toggled.connect(self._commit_edge_trainable)
        form.addRow(self.tr("Trainable"), self.edge_trainable_check)
        self.order_row = _EdgeOrderRow(self)
        form.addRow(self.tr("Order"), self.order_row)
        self.edge_form = form
        self.carries_label = _info("inspector_edge_carries")
        form.addRow(self.tr("Carries"), self.carries_label)
        self.edge_gradient_label = _info("inspector_edge_gradient")
        form.addRow(self.tr("∂L/∂w"), self.edge_gradient_label)
        self.edge_page = page
        self.stack.addWidget(page)

    # ----------------------------------------------------------------- selection
    def show_selection(self, node_ids: Iterable[str], edge_ids: Iterable[str]) -> None:
        nodes, edges = list(node_ids), list(edge_ids)
        self._selection_count = len(nodes) + len(edges)
        self.node_id = nodes[0] if len(nodes) == 1 and not edges else None
        self.edge_id = edges[0] if len(edges) == 1 and not nodes else None
        for error in (self.value_error, self.weight_error):
            error.hide()
        self.refresh()

    def refresh(self) -> None:
        self._refresh_timer.stop()
        graph = self.document.graph
        if self.node_id is not None and not graph.has_node(self.node_id):
            self.node_id = None
        if self.edge_id is not None and not graph.has_edge(self.edge_id):
            self.edge_id = None
        self._updating = True
        try:
            if self.node_id is not None:
                self._fill_node(graph, self.node_id)
                self.stack.setCurrentWidget(self.node_page)
            elif self.edge_id is not None:
                self._fill_edge(graph, self.edge_id)
                self.stack.setCurrentWidget(self.edge_page)
            else:
                self._fill_graph(graph)
                self.stack.setCurrentWidget(self.graph_page)
        finally:
            self._updating = False

    def _set_text(self, edit: QLineEdit, text: str) -> None:
        if not edit.hasFocus() and edit.text() != text:
            edit.setText(text)
            edit.setCursorPosition(0)

    def _fill_graph(self, graph: Graph) -> None:
        self._set_text(self.title_edit, graph.title)
        if not self.description_edit.hasFocus():
            if self.description_edit.toPlainText() != graph.description:
                self.description_edit.setPlainText(graph.description)
        self._fill_loss_choices(graph)
        if not _same(self._counts_filled, graph, graph.revision):
            self._counts_filled = (graph, graph.revision)
            self.counts_label.setText(self._counts_text(graph))
        result, problems = self.document.result, self.document.problems
        if result is not None:
            node = self.tr("node %1").replace("%1", result.loss_node)
            self.loss_value_label.setText(f"{fmt_number(result.loss)}  ({node})")
        else:
            self.loss_value_label.setText("—")
        if problems:
            shown = [p.message for p in problems[:4]]
            more = ""
            if len(problems) > 4:
                more = "\n" + self.tr("… and %1 more").replace("%1", str(len(problems) - 4))
            self.problems_label.setText(self.tr("Cannot evaluate:\n• ") + "\n• ".join(shown) + more)
            self.problems_label.show()
        else:
            self.problems_label.hide()
        if self._selection_count > 1:
            text = self.tr("%1 items selected.").replace("%1", str(self._selection_count))
            self.selection_label.setText(text)
            self.selection_label.show()
        else:
            self.selection_label.hide()

    def _fill_loss_choices(self, graph: Graph) -> None:
        """The loss combo: "automatic", then every node (refilled when nodes came or went;
        the texts are read from the graph when shown, so a new label needs no refill)."""
        model = self._loss_choices
        if not _same(self._loss_filled, graph, graph.structure_revision):
            self._loss_filled = (graph, graph.structure_revision)
            ids: list[str | None] = [None]
            ids += [n.id for n in graph.nodes()]
            model.set_choices(ids, lambda row: _loss_text(graph, ids[row]))
        else:
            model.texts_changed()
        index = model.row_of(graph.loss) if graph.loss else 0
        self.loss_combo.setCurrentIndex(max(index, 0))

    def _counts_text(self, graph: Graph) -> str:
        params, weights = graph.trainables()
        n_nodes, n_edges = len(graph), graph.edge_count()
        nodes = (self.tr("%1 node") if n_nodes == 1 else self.tr("%1 nodes")).replace(
            "%1", str(n_nodes)
        )
        edges = (self.tr("%1 edge") if n_edges == 1 else self.tr("%1 edges")).replace(
            "%1", str(n_edges)
        )
        n_params, n_weights = len(params), len(weights)
        p_text = (
            self.tr("%1 trainable parameter")
            if n_params == 1
            else self.tr("%1 trainable parameters")
        )
        w_text = (
            self.tr("%1 trainable weight") if n_weights == 1 else self.tr("%1 trainable weights")
        )
        rows = len(next(iter(graph.data.values()))) if graph.data else 0
        return (
            f"{nodes}, {edges}; {p_text.replace('%1', str(n_params))}, "
            f"{w_text.replace('%1', str(n_weights))}"
            + ("; " + self.tr("%1 data rows").replace("%1", str(rows)) if graph.data else "")
        )

    def _fill_node(self, graph: Graph, nid: str) -> None:
        node = graph.node(nid)
        spec = node.spec
        title = QCoreApplication.translate("Ops", spec.title)
        self.node_heading.setText(f"<b>{_esc(node.display_name)}</b> · {_esc(title)}")
        self.node_id_label.setText(nid)
        derivs = "<br>".join(f"∂/∂{_esc(p)} = {_esc(t)}" for p, t in spec.derivatives.items())
        self.op_label.setText(
            f"{_esc(spec.name)}: {_esc(spec.formula)}" + (f"<br><i>{derivs}</i>" if derivs else "")
        )
        self._set_text(self.label_edit, node.label)
        has_value = spec.has_value
        is_input = node.op == "input"
        self._row_visible(self.value_edit, has_value)
        self.value_edit.setEnabled(not (is_input and node.column is not None))
        self.value_edit.setPlaceholderText(
            "numbers, comma-separated (a batch)" if is_input else "a number"
        )
        self._set_text(self.value_edit, format_value_field(node.value))
        self._row_visible(self.column_combo, is_input)
        if is_input:
            self.column_combo.clear()
            self.column_combo.addItem(QCoreApplication.translate("Inspector", NO_COLUMN), None)
            for col in graph.data:
                self.column_combo.addItem(col, col)
            if node.column is not None and self.column_combo.findData(node.column) < 0:
                missing = self.tr("%1 (missing)").replace("%1", node.column)
                self.column_combo.addItem(missing, node.column)
            self.column_combo.setCurrentIndex(max(self.column_combo.findData(node.column), 0))
            self.column_combo.setEnabled(bool(graph.data) or node.column is not None)
        self._row_visible(self.trainable_check, node.op == "parameter")
        self.trainable_check.setChecked(node.trainable)
        result = self.document.result
        if result is not None and nid in result.values:
            self.current_value_label.setText(fmt_value(result.values[nid]))
            grad = result.grads.get(nid)
            self.gradient_label.setText(
                f"∂L/∂{node.display_name} = {fmt_value(grad)}" if grad is not None else "—"
            )
        else:
            self.current_value_label.setText(self.tr("— (the graph cannot be evaluated)"))
            self.gradient_label.setText("—")
        reasons = [p.message for p in self.document.problems if p.node == nid]
        self.node_problem_label.setText("\n".join(f"⚠ {r}" for r in reasons))
        self._row_visible(self.node_problem_label, bool(reasons))
        self._row_visible(self.inputs_label, bool(spec.ports))
        self.inputs_label.setText(self._inputs_text(graph, nid))
        self.loss_check.setChecked(graph.loss == nid)

    def _inputs_text(self, graph: Graph, nid: str) -> str:
        lines = []
        for port in graph.node(nid).spec.ports:
            edges = graph.in_edges(nid, port.name)
            sources = [
                (f"{k}: " if port.name == "logits" else "")
                + _esc(graph.node(e.source).display_name)
                + ("" if e.weight == 1 and not e.trainable else f" × {fmt_number(e.weight)}")
                for k, e in enumerate(edges)
            ]
            lines.append(
                f"{_esc(port.name)} ← "
                + (", ".join(sources) if sources else "<i>not connected</i>")
            )
        return "<br>".join(lines)

    def _fill_edge(self, graph: Graph, eid: str) -> None:
        edge = graph.edge(eid)
        src, tgt = graph.node(edge.source), graph.node(edge.target)
        self.edge_heading.setText(
            f"<b>Edge {_esc(eid)}</b>: {_esc(src.display_name)} → "
            f"{_esc(tgt.display_name)}.{_esc(edge.port)}"
        )
        self._set_text(self.weight_edit, format_exact(edge.weight))
        self.edge_trainable_check.setChecked(edge.trainable)
        self.edge_form.setRowVisible(self.order_row, self.order_row.show_edge(graph, eid))
        result = self.document.result
        if result is not None and edge.source in result.values:
            carried = result.values[edge.source] * edge.weight
            self.carries_label.setText(
                f"{fmt_number(edge.weight)} × {fmt_value(result.values[edge.source])} = "
                f"{fmt_value(carried)}"
            )
            g = result.edge_grads.get(eid)
            self.edge_gradient_label.setText(fmt_number(g) if g is not None else "—")
        else:
            self.carries_label.setText("—")
            self.edge_gradient_label.setText("—")

    def _row_visible(self, field: QWidget, visible: bool) -> None:
        self.node_form.setRowVisible(field, visible)

    # ----------------------------------------------------------------- commits
    def _commit_title(self) -> None:
        if not self._updating:
            self.document.set_meta(title=self.title_edit.text().strip(), text="Edit title")

    def _commit_description(self) -> None:
        if not self._updating:
            self.document.set_meta(
                description=self.description_edit.toPlainText().strip(), text="Edit description"
            )

    def _commit_loss(self, index: int) -> None:
        if not self._updating:
            self.document.set_meta(loss=self.loss_combo.itemData(index), text="Choose loss node")

    def _commit_label(self) -> None:
        if not self._updating and self.node_id is not None:
            self.document.set_node_fields(self.node_id, label=self.label_edit.text().strip())

    def _commit_value(self) -> None:
        if self._updating or self.node_id is None:
            return
        node = self.document.graph.node(self.node_id)
        try:
            value = parse_value(self.value_edit.text(), allow_batch=node.op == "input")
        except ValueError as exc:
            self._show_error(self.value_error, f"Not changed: {exc}.")
            return
        self.value_error.hide()
        if value != node.value:
            if not self.document.set_node_fields(self.node_id, value=value):
                self._show_error(self.value_error, "Not changed: the graph refused this value.")

    def _commit_column(self, index: int) -> None:
        if not self._updating and self.node_id is not None:
            self.document.set_node_fields(self.node_id, column=self.column_combo.itemData(index))

    def _commit_trainable(self, checked: bool) -> None:
        if not self._updating and self.node_id is not None:
            self.document.set_node_fields(self.node_id, trainable=checked)

    def _commit_use_as_loss(self, checked: bool) -> None:
        if self._updating or self.node_id is None:
            return
        graph = self.document.graph
        if checked:
            self.document.set_meta(loss=self.node_id, text=f"Use {self.node_id} as the loss")
        elif graph.loss == self.node_id:
            self.document.set_meta(loss=None, text="Automatic loss node")

    def _commit_weight(self) -> None:
        if self._updating or self.edge_id is None:
            return
        try:
            weight = parse_number(self.weight_edit.text())
        except ValueError as exc:
            self._show_error(self.weight_error, f"Not changed: {exc}.")
            return
        self.weight_error.hide()
        try:
            self.document.set_edge_weight(self.edge_id, weight)
        except GraphError as exc:  # pragma: no cover  (the Document reports refusals itself)
            self._show_error(self.weight_error, str(exc))

    def _commit_edge_trainable(self, checked: bool) -> None:
        if not self._updating and self.edge_id is not None:
            self.document.set_edge_fields(self.edge_id, trainable=checked)

    def _show_error(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.description_edit and event.type() == QEvent.Type.FocusOut:
            self._commit_description()
        return super().eventFilter(watched, event)


def _same(filled: tuple[Graph, int] | None, graph: Graph, revision: int) -> bool:
    return filled is not None and filled[0] is graph and filled[1] == revision


def _loss_text(graph: Graph, node_id: str | None) -> str:
    """A row of the loss combo: the automatic choice, or a node as ``label (id)``."""
    if node_id is None:
        return QCoreApplication.translate("Inspector", AUTO_LOSS)
    if not graph.has_node(node_id):  # removed since the fill; refilled after the edit
        return node_id
    label = graph.node(node_id).label
    return node_id if not label or label == node_id else f"{label} ({node_id})"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _EdgeOrderRow(QWidget):
    """For an edge into a variadic port: its place (the class index for logits) and buttons
    that move it earlier or later (one undo step each, ReorderEdgeCommand)."""

    def __init__(self, inspector: Inspector) -> None:
        super().__init__()
        self.inspector = inspector
        self.edge_id: str | None = None
        self.label = QLabel()
        self.label.setObjectName("inspector_edge_order")
        self.earlier = QToolButton()
        self.earlier.setText("◀")
        self.earlier.setObjectName("inspector_edge_earlier")
        self.earlier.setToolTip(self.tr("Move this edge earlier (a lower class index)"))
        self.later = QToolButton()
        self.later.setText("▶")
        self.later.setObjectName("inspector_edge_later")
        self.later.setToolTip(self.tr("Move this edge later (a higher class index)"))
        self.earlier.clicked.connect(lambda: self._move(-1))
        self.later.clicked.connect(lambda: self._move(1))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.earlier)
        row.addWidget(self.later)

    def show_edge(self, graph: Graph, eid: str) -> bool:
        """Fill the row for ``eid``; False when the edge's port takes one edge only."""
        edge = graph.edge(eid)
        port = graph.node(edge.target).spec.port(edge.port)
        self.edge_id = eid
        if port is None or not port.variadic:
            return False
        siblings = [e.id for e in graph.in_edges(edge.target, edge.port)]
        k = siblings.index(eid)
        if edge.port == "logits":
            text = self.tr("class {0} of {1}").format(k, len(siblings))
        else:
            text = self.tr("input {0} of {1}").format(k + 1, len(siblings))
        self.label.setText(text)
        self.earlier.setEnabled(k > 0)
        self.later.setEnabled(k < len(siblings) - 1)
        return True

    def _move(self, step: int) -> None:
        if self.edge_id is None:
            return
        document = self.inspector.document
        try:
            command = ReorderEdgeCommand(document.graph, self.edge_id, step)
        except GraphError as exc:
            document.status_message.emit(str(exc))
            return
        document.push(command)
