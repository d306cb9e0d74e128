"""The training panel ("training_panel"): settings, Train / Pause / Step / Stop, progress,
the runs of the last session, and the closed-form solver.

Settings (object names ``training_<field>``): optimizer (sgd / rmsprop / adam), learning rate,
momentum (and Nesterov, for sgd), batch mode (full batch / mini-batch of a size /
stochastic), iterations, random restarts with their initialisation range, seed. They start
from the file's ``training`` section (reloaded when that section changes or another file is
opened; a field the file gets wrong is named in a note and left at its default) and are read
with :meth:`TrainingPanel.settings` when Train is pressed.

Below: the transport buttons (the training actions), a progress bar and line
(``training_progress``, ``training_status``), the final loss (``training_final_loss``), a
table of the session's runs (``training_runs``: seed, final loss, where each run ended, so
local and global minima are told apart) and the :class:`ClosedFormBox`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.engine.trace import fmt_number
from ...core.model.graph import Graph
from ...core.training.optim import OPTIMIZER_TITLES, OPTIMIZERS
from ...core.training.settings import TrainingSettings, clamp_settings, parse_settings
from .closed_form_box import ClosedFormBox
from .controller import TrainingSession, TrainingUpdate, describe_progress
from .run_colors import run_color

BATCH_MODES = (
    ("batch", QT_TRANSLATE_NOOP("TrainingPanel", "Full batch")),
    ("mini-batch", QT_TRANSLATE_NOOP("TrainingPanel", "Mini-batch")),
    ("stochastic", QT_TRANSLATE_NOOP("TrainingPanel", "Stochastic")),
)
MAX_VALUES_SHOWN = 3  # the runs table lists where each run ended for up to this many values


class NumberSpin(QDoubleSpinBox):
    """A spin box showing numbers the short way (0.05, 1e-05), stepping by factors of ~2."""

    def __init__(self, low: float, high: float, value: float, log_steps: bool = False) -> None:
        super().__init__()
        self.setDecimals(10)
        self.setRange(low, high)
        self.setValue(value)
        self._log_steps = log_steps
        if not log_steps:
            self.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.setKeyboardTracking(False)
        self.setAccelerated(True)

    def textFromValue(self, value: float) -> str:  # noqa: N802  (Qt's name)
        return fmt_number(value) if value else "0"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text.replace("−", "-").replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):  # noqa: ANN201
        from PySide6.QtGui import QValidator

        stripped = text.replace("−", "-").replace(",", ".").strip()
        if stripped in ("", "-", ".", "-.") or stripped.lower().endswith(("e", "e-", "e+")):
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(stripped)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802
        if not self._log_steps:
            super().stepBy(steps)
            return
        value = self.value() or self.minimum()
        for _ in range(abs(steps)):
            value = _next_nice(value, up=steps > 0)
        self.setValue(min(max(value, self.minimum()), self.maximum()))


def _next_nice(value: float, up: bool) -> float:
    """The next of 1, 2, 5 x 10^k above or below ``value``."""
    import math

    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    if up:
        return min((c for c in candidates if c > value * 1.0000001), default=value)
    return max((c for c in candidates if c < value / 1.0000001), default=value)


class TrainingPanel(QWidget):
    """See the module docstring."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_panel")
        self.document = document
        self._session_ids: list[tuple[str, str]] = []
        self._samples: int | None = None

        self.optimizer = QComboBox()
        for name in OPTIMIZERS:
            title = OPTIMIZER_TITLES[name]
            self.optimizer.addItem(QCoreApplication.translate("Optimizers", title), name)
        self.learning_rate = NumberSpin(1e-6, 100.0, 0.01, log_steps=True)
        self.learning_rate.setToolTip(
            self.tr("The factor on the gradient: w ← w − learning rate · dL/dw")
        )
        self.momentum = NumberSpin(0.0, 0.999, 0.0)
        self.momentum.setSingleStep(0.1)
        self.momentum.setToolTip(
            self.tr("How much of the previous step is kept (0 = plain descent)")
        )
        self.nesterov = QCheckBox(self.tr("Nesterov"))
        self.nesterov.setToolTip(self.tr("Look-ahead momentum (sgd only)"))
        self.batch_mode = QComboBox()
        for key, text in BATCH_MODES:
            self.batch_mode.addItem(self.tr(text), key)
        self.batch_mode.setToolTip(
            self.tr(
                "Full batch: every sample each step. Mini-batch: a random subset each step, "
                "reshuffled each epoch. Stochastic: one sample each step."
            )
        )
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 1_000_000)
        self.batch_size.setValue(16)
        self.batch_size.setPrefix(self.tr("size "))
        self.samples_note = QLabel()
        self.samples_note.setObjectName("training_samples")
        self.samples_note.setStyleSheet("color: palette(mid);")
        self.samples_note.setWordWrap(True)
        self.iterations = QSpinBox()
        self.iterations.setRange(1, 100_000_000)
        self.iterations.setGroupSeparatorShown(True)
        self.restarts = QSpinBox()
        self.restarts.setRange(1, 1000)
        self.restarts.setToolTip(
            self.tr("Runs: the first from the current values, the others random")
        )
        self.init_low = NumberSpin(-1e6, 1e6, -1.0)
        self.init_high = NumberSpin(-1e6, 1e6, 1.0)
        self.init_from = QLabel(self.tr("from"))
        for spin in (self.init_low, self.init_high):
            spin.setToolTip(self.tr("Where the random restarts draw their starting values"))
        self.validation_fraction = QDoubleSpinBox()
        self.validation_fraction.setRange(0.0, 0.9)
        self.validation_fraction.setSingleStep(0.05)
        self.validation_fraction.setDecimals(2)
        self.validation_fraction.setSpecialValueText(self.tr("none"))
        self.validation_fraction.setToolTip(
            self.tr(
                "Share of the data rows held out of training (the last rows, in file order); "
                "their loss is drawn dashed beside the training loss"
            )
        )
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setToolTip(self.tr("The same seed repeats a run exactly"))
        self.train_from = QComboBox()
        self.train_from.setObjectName("training_train_from")
        self.train_from.addItem(self.tr("Values before the first run"), "first")
        self.train_from.addItem(self.tr("Current values"), "current")
        self.train_from.setAccessibleName(self.tr("Train from"))
        self.train_from.setToolTip(
            self.tr(
                "Values before the first run: every run of a comparison starts in the same "
                "place (Clear on the loss plot starts a new comparison). Current values: "
                "continue from where the last run ended."
            )
        )
        self.settings_note = QLabel()
        self.settings_note.setObjectName("training_settings_note")
        self.settings_note.setWordWrap(True)
        self.settings_note.setStyleSheet("color: #c0392b;")
        self.settings_note.setVisible(False)
        names = (
            "optimizer learning_rate momentum nesterov batch_mode batch_size iterations "
            "restarts init_low init_high seed validation_fraction"
        )
        for name in names.split():
            getattr(self, name).setObjectName(f"training_{name}")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Optimizer"), self.optimizer)
        form.addRow(self.tr("Learning rate"), self.learning_rate)
        form.addRow(self.tr("Momentum"), _row(self.momentum, self.nesterov))
        form.addRow(self.tr("Batch"), _row(self.batch_mode, self.batch_size))
        form.addRow("", self.samples_note)
        form.addRow(
            self.tr("Iterations"), _row(self.iterations, QLabel(self.tr("Seed")), self.seed)
        )
        form.addRow(
            self.tr("Restarts"),
            _row(
                self.restarts, self.init_from, self.init_low, QLabel(self.tr("to")), self.init_high
            ),
        )
        form.addRow(self.tr("Held out"), self.validation_fraction)
        form.addRow(self.tr("Train from"), self.train_from)
        settings_box = QGroupBox(self.tr("Settings"))
        settings_layout = QVBoxLayout(settings_box)
        settings_layout.addLayout(form)
        settings_layout.addWidget(self.settings_note)

        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        self.progress = QProgressBar()
        self.progress.setObjectName("training_progress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.status = QLabel(self.tr("Ready to train."))
        self.status.setObjectName("training_status")
        self.status.setWordWrap(True)
        self.final_loss = QLabel()
        self.final_loss.setObjectName("training_final_loss")
        self.final_loss.setWordWrap(True)
        self.final_loss.setTextFormat(Qt.TextFormat.RichText)
        self.runs_table = QTreeWidget()
        self.runs_table.setObjectName("training_runs")
        self.runs_table.setHeaderLabels(
            [self.tr("Run"), self.tr("Seed"), self.tr("Final loss"), self.tr("Ended at")]
        )
        self.runs_table.setRootIsDecorated(False)
        self.runs_table.setUniformRowHeights(True)
        self.runs_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.runs_table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.runs_table.header().setStretchLastSection(True)
        self.runs_table.setMaximumHeight(150)
        self.runs_table.setVisible(False)
        run_box = QGroupBox(self.tr("Run"))
        run_layout = QVBoxLayout(run_box)
        run_layout.addLayout(self.buttons)
        run_layout.addWidget(self.progress)
        run_layout.addWidget(self.status)
        run_layout.addWidget(self.final_loss)
        run_layout.addWidget(self.runs_table)

        self.closed_form = ClosedFormBox(document)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(settings_box)
        column.addWidget(run_box)
        column.addWidget(self.closed_form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.optimizer.currentIndexChanged.connect(self._sync_enabled)
        self.momentum.valueChanged.connect(self._sync_enabled)
        self.batch_mode.currentIndexChanged.connect(self._sync_enabled)
        self.restarts.valueChanged.connect(self._sync_enabled)
        self.init_low.valueChanged.connect(self._keep_range_ordered)
        self.init_high.valueChanged.connect(self._keep_range_ordered)
        self.load_from_graph(document.graph)

    # ----------------------------------------------------------------- settings
    def settings(self) -> TrainingSettings:
        """The settings the widgets show."""
        mode = self.batch_mode.currentData()
        batch = None if mode == "batch" else 1 if mode == "stochastic" else self.batch_size.value()
        optimizer = self.optimizer.currentData()
        momentum = self.momentum.value() if optimizer != "adam" else 0.0
        return TrainingSettings(
            optimizer=optimizer,
            learning_rate=self.learning_rate.value(),
            momentum=momentum,
            batch_size=batch,
            iterations=self.iterations.value(),
            seed=self.seed.value(),
            restarts=self.restarts.value(),
            init_range=(self.init_low.value(), self.init_high.value()),
            nesterov=bool(self.nesterov.isChecked() and optimizer == "sgd" and momentum > 0),
            validation_fraction=round(self.validation_fraction.value(), 2),
        )

    def set_settings(self, s: TrainingSettings) -> None:
        """Show ``s`` in the widgets."""
        self.optimizer.setCurrentIndex(max(0, self.optimizer.findData(s.optimizer)))
        self.learning_rate.setValue(s.learning_rate)
        self.momentum.setValue(min(s.momentum, self.momentum.maximum()))
        self.nesterov.setChecked(s.nesterov)
        self.batch_mode.setCurrentIndex(self.batch_mode.findData(s.batch_mode))
        if s.batch_size is not None and s.batch_size > 1:
            self.batch_size.setValue(s.batch_size)
        self.iterations.setValue(s.iterations)
        self.restarts.setValue(s.restarts)
        self.init_low.setValue(s.init_range[0])
        self.init_high.setValue(s.init_range[1])
        self.seed.setValue(s.seed)
        self.validation_fraction.setValue(s.validation_fraction)
        self._sync_enabled()

    def load_from_graph(self, graph: Graph) -> None:
        """Defaults from the graph's ``training`` section; what was wrong in it, or out of the
        panel's ranges (and so changed), is said in a note: nothing is adjusted silently."""
        settings, problems = parse_settings(graph.training)
        settings, clamped = clamp_settings(settings)
        notes = problems + clamped
        self.set_settings(settings)
        if notes:
            more = (
                self.tr(" (and %1 more)").replace("%1", str(len(notes) - 1))
                if len(notes) > 1
                else ""
            )
            self.settings_note.setText(
                self.tr("The file's training settings: %1%2; the panel shows what will be used.")
                .replace("%1", notes[0])
                .replace("%2", more)
            )
        self.settings_note.setToolTip("\n".join(notes))  # every one of them
        self.settings_note.setVisible(bool(notes))
        self.update_samples(graph)
        self.closed_form.refresh_targets()

    def update_samples(self, graph: Graph) -> None:
        self._samples = samples = data_samples(graph)
        if samples is None:
            text = self.tr("No data set: every step uses the whole graph.")
        else:
            text = (
                self.tr("%1 samples in the data set")
                if samples != 1
                else self.tr("%1 sample in the data set")
            ).replace("%1", str(samples))
        self.samples_note.setText(text)
        self._sync_batch_note()
        if samples:
            self.batch_size.setMaximum(max(1, samples))

    def _sync_enabled(self) -> None:
        optimizer = self.optimizer.currentData()
        self.momentum.setEnabled(optimizer != "adam")
        self.momentum.setToolTip(
            self.tr("Adam has its own momentum (β₁ = 0.9): this setting is not used")
            if optimizer == "adam"
            else self.tr("How much of the previous step is kept (0 = plain descent)")
        )
        self.nesterov.setEnabled(optimizer == "sgd" and self.momentum.value() > 0)
        self.batch_size.setVisible(self.batch_mode.currentData() == "mini-batch")
        self._sync_batch_note()
        several = self.restarts.value() > 1
        self.init_low.setEnabled(several)
        self.init_high.setEnabled(several)
        self.init_from.setEnabled(several)

    def _sync_batch_note(self) -> None:
        """Mini-batch and stochastic need data samples: without them say so, in warning
        colours, instead of silently running full batch."""
        samples = getattr(self, "_samples", None)
        mode = self.batch_mode.currentData()
        if samples is None and mode != "batch":
            self.samples_note.setText(
                self.tr(
                    "No data set: {0} needs data samples to pick from, so every step uses "
                    "the whole graph (the same as full batch). Add data in the Data panel."
                ).format(self.batch_mode.currentText().lower())
            )
            self.samples_note.setStyleSheet("color: #c2410c;")
        elif samples is None:
            self.samples_note.setText("No data set: every step uses the whole graph.")
            self.samples_note.setStyleSheet("color: palette(mid);")
        else:
            self.samples_note.setStyleSheet("color: palette(mid);")

    def _keep_range_ordered(self) -> None:
        if self.init_low.value() >= self.init_high.value():
            sender = self.sender()
            if sender is self.init_low:
                self.init_high.setValue(self.init_low.value() + 1.0)
            else:
                self.init_low.setValue(self.init_high.value() - 1.0)

    def set_settings_enabled(self, enabled: bool) -> None:
        for widget in (
            self.optimizer, self.learning_rate, self.momentum, self.nesterov, self.batch_mode,
            self.batch_size, self.iterations, self.restarts, self.init_low, self.init_high,
            self.seed, self.train_from,
        ):  # fmt: skip
            widget.setEnabled(enabled)
        if enabled:
            self._sync_enabled()

    # ----------------------------------------------------------------- transport
    def set_actions(self, actions: list[QAction]) -> None:
        """Buttons for the training actions (they follow the actions' state)."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIconSize(QSize(16, 16))
            button.setObjectName(f"{action.objectName()}_button")
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    # ----------------------------------------------------------------- sessions
    def show_started(self, session: TrainingSession) -> None:
        self._session_ids = list(session.trainable_ids)
        self.progress.setValue(0)
        self.status.setText(self.tr("Training: %1").replace("%1", session.settings.describe()))
        self.final_loss.setText("")
        self.runs_table.clear()
        self.runs_table.setVisible(False)

    def show_update(self, update: TrainingUpdate) -> None:
        p = update.progress
        self.progress.setValue(int(round(1000 * p.fraction)))
        self.status.setText(describe_progress(p))

    def show_finished(self, session: TrainingSession) -> None:
        result = session.result
        if result is None:
            self.status.setText(session.message)
            self.final_loss.setText("")
            return
        self.progress.setValue(1000 if session.outcome == "done" else self.progress.value())
        best = result.best
        words = {"done": self.tr("Finished"), "stopped": self.tr("Stopped")}
        words["discarded"] = self.tr("Discarded")
        line = self.tr("%1 after %2 of %3 iterations (%4).")
        self.status.setText(
            line.replace("%1", words.get(session.outcome, self.tr("Ended")))
            .replace("%2", str(best.updates))
            .replace("%3", str(best.iterations))
            .replace("%4", session.label)
        )
        nan = self.tr("not a number")
        loss = fmt_number(result.final_loss) if result.final_loss is not None else nan
        text = self.tr("Final loss %1").replace("%1", f"<b>{loss}</b>")
        if len(result.runs) > 1:
            best_of = self.tr("(the best of %1 runs: run %2)")
            text += " " + best_of.replace("%1", str(len(result.runs))).replace(
                "%2", str(result.best_run + 1)
            )
        text += _classification_text(self, result)
        if session.outcome == "discarded":
            text += "<br>" + self.tr("Not applied: the graph was edited.")
        notes = [r.message for r in result.runs if r.message and r.status != "stopped"]
        if notes:
            text += "<br>" + "<br>".join(notes[:3])
        self.final_loss.setText(text)
        self._fill_runs(session)

    def _fill_runs(self, session: TrainingSession) -> None:
        result = session.result
        assert result is not None
        self.runs_table.clear()
        if len(result.runs) < 2:
            self.runs_table.setVisible(False)
            return
        ids = result.trainable_ids
        names = [_value_name(self.document.graph, kind, i) for kind, i in ids]
        for k, (run, loss) in enumerate(zip(result.runs, result.final_losses, strict=True)):
            ended = ""
            if len(ids) <= MAX_VALUES_SHOWN:
                ended = ", ".join(
                    f"{n} = {fmt_number(v)}" for n, v in zip(names, run.theta, strict=False)
                )
            loss_text = fmt_number(loss) if loss is not None else "—"
            if run.note:
                loss_text += f" ({run.note})"
            item = QTreeWidgetItem([f"{k + 1}", str(run.seed), loss_text, ended])
            item.setForeground(0, QBrush(run_color(session.color_base + k)))
            if k == result.best_run:
                font = item.font(0)
                font.setBold(True)
                for col in range(4):
                    item.setFont(col, font)
                item.setText(0, f"{k + 1} ★")
            self.runs_table.addTopLevelItem(item)
        self.runs_table.setVisible(True)


def _classification_text(widget: QWidget, result: Any) -> str:
    """Held-out loss and accuracy lines for the final-loss label ("" when neither applies)."""
    text = ""
    if result.validation and result.final_validation_loss is not None:
        held = fmt_number(result.final_validation_loss)
        text += "<br>" + QCoreApplication.translate(
            "TrainingPanel", "Held-out loss <b>{0}</b>"
        ).format(held)
    if result.accuracy is not None:
        text += "<br>" + QCoreApplication.translate(
            "TrainingPanel", "Accuracy <b>{0:.1%}</b>"
        ).format(result.accuracy)
        if result.validation_accuracy is not None:
            text += " " + QCoreApplication.translate("TrainingPanel", "(held out: {0:.1%})").format(
                result.validation_accuracy
            )
    return text


def data_samples(graph: Graph) -> int | None:
    """How many samples the graph's inputs read (None: no data column, no list value)."""
    for node in graph.nodes():
        if node.op != "input":
            continue
        if node.column is not None and node.column in graph.data:
            return len(graph.data[node.column])
        if isinstance(node.value, list):
            return len(node.value)
    return None


def _value_name(graph: Graph, kind: str, item_id: str) -> str:
    if kind == "node" and graph.has_node(item_id):
        return graph.node(item_id).display_name
    return f"w({item_id})"


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QAbstractSpinBox | QComboBox) else 0)
    return box
