"""The chain-rule panel ("chain_rule_panel"): the terms of a stepped backward pass.

What it shows, top to bottom:

- what the last step did (``Walk.explain()``) and how far the walk is (nodes, edges);
- the transport buttons (the stepper's actions) and the play speed (``chain_rule_speed``);
- a sample selector (``chain_rule_sample``) when the graph has a batch: terms then show that
  sample, parameters and weights the sum over the batch;
- the list ``chain_rule_terms``: **one row per term applied so far, in the engine's visit
  order; each row's text is exactly the term's text** (``Walk.term_text``), the current
  (last) term is the selected row. Where a term completes the gradient of a node that several
  edges leave, its row also carries the **sum rule** (``∂f/∂b = 2 + 3 = 5``) in
  :data:`SUM_RULE_ROLE`; the delegate paints it as a second line in a tinted band, bold,
  after a Σ, so the sum rule is visually distinct while row *i* stays term *i*;
- the cost (``chain_rule_cost``): edges visited / edges in the graph, and the pass's time;
- the path expansion (``chain_rule_paths``) for the node or weight chosen in
  ``chain_rule_path_subject`` (or selected on the canvas), once the backward pass is done.

The panel only displays a :class:`~backprop_studio.core.walk.steps.Walk`; choices the person makes
come out as signals (``term_activated``, ``sample_selected``, ``speed_changed``) for the
stepper to act on.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.walk.steps import Walk
from .chain_rule_delegate import TERM_INDEX_ROLE, TermDelegate
from .subjects import SubjectModel
from .term_list import PIXEL_SCROLL_ROWS, TermModel, TermView

SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0)  # steps per second
DEFAULT_SPEED_INDEX = 3
EMPTY_LIST_HINT = QT_TRANSLATE_NOOP(
    "ChainRulePanel", "The chain-rule terms appear here, one per edge, as the backward pass runs."
)
IDLE_HINT = QT_TRANSLATE_NOOP(
    "ChainRulePanel",
    "Step (F10) computes one node at a time in topological order, then walks the backward "
    "pass one edge at a time. F5 runs both passes at once.",
)


class ChainRulePanel(QWidget):
    """Displays a Walk: terms (with sum rules), cost, sample selector, path expansion."""

    term_activated = Signal(int)  # a person chose a term row: the term's index
    sample_selected = Signal(int)  # a batch sample (0-based)
    speed_changed = Signal(float)  # steps per second for play
    path_subject_changed = Signal(str, str)  # ("node" | "edge", id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chain_rule_panel")
        self._dimmed: list[QLabel] = []
        self.walk: Walk | None = None
        self._updating = False
        self._subject: tuple[str, str] | None = None
        self._subject_walk: Walk | None = None

        self.step_label = QLabel(self.tr(IDLE_HINT))
        self.step_label.setObjectName("chain_rule_step")
        self.step_label.setWordWrap(True)
        self.step_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.step_label.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("chain_rule_progress")
        self._dim(self.progress_label)

        self.transport = QHBoxLayout()
        self.transport.setSpacing(2)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setObjectName("chain_rule_speed")
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setValue(DEFAULT_SPEED_INDEX)
        self.speed.setPageStep(1)
        self.speed.setFixedWidth(90)
        self.speed.setToolTip(self.tr("Play speed (steps per second)"))
        self.speed_label = QLabel()
        self._dim(self.speed_label)
        self.speed.valueChanged.connect(self._on_speed)
        self._on_speed(self.speed.value(), emit=False)
        transport_row = QHBoxLayout()
        transport_row.addLayout(self.transport)
        transport_row.addStretch(1)
        transport_row.addWidget(self.speed)
        transport_row.addWidget(self.speed_label)

        self.sample_combo = QComboBox()
        self.sample_combo.setObjectName("chain_rule_sample")
        self.sample_combo.setToolTip(
            "Which sample of the batch the terms show; parameters and weights add up the batch"
        )
        self.sample_combo.currentIndexChanged.connect(self._on_sample)
        self.sample_row = QWidget()
        row = QHBoxLayout(self.sample_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Batch:")))
        row.addWidget(self.sample_combo, 1)
        self.sample_row.hide()

        self.terms = TermView()
        self.terms.setObjectName("chain_rule_terms")
        self.terms.setAccessibleName("Chain-rule terms")
        self.term_model = TermModel(self.terms)
        self.terms.setModel(self.term_model)
        self.delegate = TermDelegate(self.terms)
        self.terms.setItemDelegate(self.delegate)
        self._rows_width = -1  # the list width the rows' heights were measured at
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(0)
        self._resize_timer.timeout.connect(self._measure_rows)
        self.terms.setAlternatingRowColors(True)
        self.terms.setToolTip(self.tr("Click a term to show the walk at that edge"))
        self.terms.clicked.connect(self._on_index_clicked)
        self.terms.selectionModel().currentRowChanged.connect(self._on_row_changed)

        self.cost_label = QLabel("")
        self.cost_label.setObjectName("chain_rule_cost")
        self.cost_label.setWordWrap(True)
        self._dim(self.cost_label)

        self.path_combo = QComboBox()
        self.path_combo.setObjectName("chain_rule_path_subject")
        self.path_combo.setToolTip(
            self.tr("The node or edge weight whose gradient is expanded into paths")
        )
        self.subjects = SubjectModel(self.path_combo)
        self.path_combo.setModel(self.subjects)
        self.path_combo.view().setUniformItemSizes(True)  # a popup of 30,000 rows measures one
        self.path_combo.currentIndexChanged.connect(self._on_path_subject)
        self.paths_view = QTextBrowser()
        self.paths_view.setObjectName("chain_rule_paths")
        self.paths_view.setFrameShape(QFrame.Shape.StyledPanel)
        self.paths_view.setOpenLinks(False)
        self.paths_text = ""  # the expansion as plain text (see Walk.path_expansion)
        paths_box = QWidget()
        paths_layout = QVBoxLayout(paths_box)
        paths_layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        title = QLabel(self.tr("<b>All paths to the loss</b> for"))
        head.addWidget(title)
        head.addWidget(self.path_combo, 1)
        paths_layout.addLayout(head)
        paths_layout.addWidget(self.paths_view)

        terms_box = QWidget()
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.setContentsMargins(0, 0, 0, 0)
        terms_layout.addWidget(self.terms, 1)
        terms_layout.addWidget(self.cost_label)
        self.empty_label = QLabel(self.tr(EMPTY_LIST_HINT))
        self.empty_label.setObjectName("chain_rule_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._dim(self.empty_label)
        self.empty_label.setParent(self.terms.viewport())
        self.terms.viewport().installEventFilter(self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(terms_box)
        splitter.addWidget(paths_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 140])
        self.splitter = splitter
        self._grown_for: Walk | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.step_label)
        layout.addWidget(self.progress_label)
        layout.addLayout(transport_row)
        layout.addWidget(self.sample_row)
        layout.addWidget(splitter, 1)
        self.show_walk(None)

    # ----------------------------------------------------------------- set-up
    def _dim(self, label: QLabel) -> None:
        """Secondary text: the window text colour, softened (redone when the palette
        changes, e.g. a switch to the dark theme)."""
        if label not in self._dimmed:
            self._dimmed.append(label)
        pal = QPalette(self.palette())
        color = pal.color(QPalette.ColorRole.WindowText)
        color.setAlphaF(0.7)
        pal.setColor(QPalette.ColorRole.WindowText, color)
        label.setPalette(pal)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for label in self._dimmed:
                self._dim(label)
            if self.walk is not None:
                self.show_walk(self.walk)  # the path table's note colour
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "delegate"):
            self._resize_timer.start()  # rows wrap differently in another font

    def set_actions(self, actions: Sequence[QAction]) -> None:
        """Transport buttons for the stepper's actions (reset, step back, play, step, ...)."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setAutoRaise(True)
            self.transport.addWidget(button)

    @property
    def steps_per_second(self) -> float:
        return SPEEDS[self.speed.value()]

    def _on_speed(self, value: int, emit: bool = True) -> None:
        speed = SPEEDS[value]
        self.speed_label.setText(self.tr("%1 steps/s").replace("%1", f"{speed:g}"))
        if emit:
            self.speed_changed.emit(speed)

    # ----------------------------------------------------------------- display
    def show_walk(self, walk: Walk | None, message: str = "") -> None:
        """Show a walk's current state, or nothing (with a message saying why)."""
        self.walk = walk
        self._updating = True
        try:
            if walk is None:
                self.term_model.show(None, 0)
                self.terms.set_scroll_mode_for(0)
                self.step_label.setText(message or self.tr(IDLE_HINT))
                self.progress_label.setText("")
                self.cost_label.setText("")
                self.sample_row.hide()
                self._fill_subjects(None)
                self._set_paths_text("", [], [])
                self._place_empty_label()
                return
            self.step_label.setText(walk.explain() or message or self.tr(IDLE_HINT))
            self.progress_label.setText(self._progress(walk))
            self.cost_label.setText(walk.cost_text())
            self._show_samples(walk)
            self._show_rows(walk)
            self._show_paths(walk)
            self._place_empty_label()
        finally:
            self._updating = False

    def _progress(self, walk: Walk) -> str:
        f, b = walk.state.forward, walk.state.backward if walk.forward_done else 0
        phase = {
            "idle": self.tr("Ready"),
            "forward": self.tr("Forward pass"),
            "forward_done": self.tr("Forward pass done"),
            "backward": self.tr("Backward pass"),
            "done": self.tr("Backward pass done"),
        }[walk.phase]
        nodes = (
            self.tr("nodes %1 / %2").replace("%1", str(f)).replace("%2", str(walk.forward_total))
        )
        edges = (
            self.tr("edges %1 / %2").replace("%1", str(b)).replace("%2", str(walk.backward_total))
        )
        loss = self.tr("loss node %1").replace("%1", walk.loss_label)
        return f"{phase}  ·  {nodes}  ·  {edges}  ·  {loss}"

    def _show_samples(self, walk: Walk) -> None:
        labels = walk.sample_descriptions()
        self.sample_row.setVisible(bool(labels))
        current = [self.sample_combo.itemText(i) for i in range(self.sample_combo.count())]
        if current != labels:
            self.sample_combo.clear()
            self.sample_combo.addItems(labels)
        if walk.sample is not None and self.sample_combo.currentIndex() != walk.sample:
            self.sample_combo.setCurrentIndex(walk.sample)

    def _show_rows(self, walk: Walk) -> None:
        """Row i is term i, its texts read from the walk when the row shows (model in
        term_list.py): a step appends or drops rows at the end, another walk or sample
        resets the list; the current (last) term is selected and scrolled to."""
        count = walk.applied
        if self.delegate.set_row_count(count):
            self.terms.remeasure()  # a wider number column: every row's text is narrower
        if count > PIXEL_SCROLL_ROWS:
            self.terms.set_scroll_mode_for(count)  # before the rows come: none is measured
        self.term_model.show(walk, count)
        self.terms.set_scroll_mode_for(count)
        self._rows_width = self.terms.viewport().width()
        if count:
            last = self.term_model.index(count - 1)
            self.terms.scrollTo(last)  # first: a current row far below the top is costly
            self.terms.setCurrentIndex(last)
        else:
            self.terms.setCurrentIndex(self.term_model.index(-1))

    def _show_paths(self, walk: Walk) -> None:
        if self._subject_walk is not walk:
            self._fill_subjects(walk)
        if not walk.backward_done:
            hint = self.tr(
                "Once the backward pass is done (F5), the chosen gradient appears here as a sum "
                "over all paths to the loss of the products of local derivatives."
            )
            self._set_paths_text(hint, [], [hint])
            return
        kind, ident = self._subject or walk.default_path_subject()
        expansion = walk.path_expansion(**{kind: ident})
        self._set_paths_text(expansion.text, expansion.equation, expansion.notes, expansion.subject)
        if self._grown_for is not walk:  # the pass just finished: give the paths some room
            self._grown_for = walk
            sizes = self.splitter.sizes()
            total = sum(sizes)
            if total and sizes[1] < 0.4 * total:
                self.splitter.setSizes([int(total * 0.55), total - int(total * 0.55)])
                QTimer.singleShot(0, self._scroll_to_current)

    def _scroll_to_current(self) -> None:
        index = self.terms.currentIndex()
        if index.isValid():
            self.terms.scrollTo(index)

    def _set_paths_text(
        self,
        text: str,
        equation: Sequence[tuple[str, str]],
        notes: Sequence[str],
        subject: str = "",
    ) -> None:
        """Show an expansion as a table (left side, sign, right side) that wraps cleanly."""
        self.paths_text = text
        dim = self.palette().color(QPalette.ColorRole.WindowText)
        dim.setAlphaF(0.65)
        rows = []
        for i, (op, rhs) in enumerate(equation):
            left = f"<b>{html.escape(subject)}</b>" if i == 0 else ""
            body = html.escape(rhs).replace("·", "·\u200b")  # may break after a factor
            rows.append(
                f"<tr><td style='white-space:nowrap'>{left}</td>"
                f"<td align='center' style='padding: 0 4px'>{op}</td><td>{body}</td></tr>"
            )
        table = f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>" if rows else ""
        paras = "".join(
            f"<p style='color:{dim.name(QColor.NameFormat.HexArgb)}'>{html.escape(n)}</p>"
            for n in notes
        )
        self.paths_view.setHtml(table + paras)

    def _place_empty_label(self) -> None:
        viewport = self.terms.viewport()
        self.empty_label.setGeometry(viewport.rect().adjusted(16, 0, -16, 0))
        self.empty_label.setVisible(self.terms.count() == 0)

    def _measure_rows(self) -> None:
        """Rows wrap: at another width or font their heights are measured again (the
        rows shown now, the others when they show)."""
        self._rows_width = self.terms.viewport().width()
        self.terms.remeasure()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.terms.viewport() and event.type() == QEvent.Type.Resize:
            self._place_empty_label()
            if self.terms.count() and self.terms.viewport().width() != self._rows_width:
                self._resize_timer.start()  # once per event-loop turn, however many resizes
        return super().eventFilter(watched, event)

    def _fill_subjects(self, walk: Walk | None) -> None:
        self._subject_walk = walk
        keep = self._subject
        self.subjects.set_walk(walk)
        if walk is None:
            return
        policy = (  # thousands of subjects: the combo box's width never measures them all
            QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow
            if self.subjects.rowCount() <= PIXEL_SCROLL_ROWS
            else QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        if self.path_combo.sizeAdjustPolicy() != policy:
            self.path_combo.setMinimumContentsLength(24)
            self.path_combo.setSizeAdjustPolicy(policy)
        if keep is None or self.subjects.row_of(keep) < 0:
            keep = walk.default_path_subject()
        self._subject = keep
        self.path_combo.setCurrentIndex(self.subjects.row_of(keep))

    def set_path_subject(self, kind: str, ident: str) -> bool:
        """Choose the node or edge weight to expand (e.g. from the canvas selection)."""
        row = self.subjects.row_of((kind, ident))
        if row >= 0:
            self.path_combo.setCurrentIndex(row)
        return row >= 0

    # ----------------------------------------------------------------- choices
    def _on_index_clicked(self, index: QModelIndex) -> None:
        if not self._updating and index.isValid():
            self.term_activated.emit(int(index.data(TERM_INDEX_ROLE)))

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._updating and current.isValid():
            self.term_activated.emit(int(current.data(TERM_INDEX_ROLE)))

    def _on_sample(self, index: int) -> None:
        if not self._updating and index >= 0:
            self.sample_selected.emit(index)

    def _on_path_subject(self, index: int) -> None:
        data = self.subjects.subject(index)
        if data is None:
            return
        self._subject = data
        if not self._updating and self.walk is not None:
            self._show_paths(self.walk)
            self.path_subject_changed.emit(*self._subject)
