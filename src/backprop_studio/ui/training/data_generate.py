"""The "Generate data" dialog: pick a generator (line with noise, sine, XOR, two moons), set
its parameters and a seed. Built from ``core.datasets.GENERATORS``, so a new generator shows
up here without UI code. ``choice()`` returns ``(name, seed, {param: value})``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.model.datasets import GENERATORS, GeneratorSpec
from .panel import NumberSpin


class GenerateDialog(QDialog):
    """Choose and configure a data-set generator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Generate Data"))
        self.setObjectName("generate_data_dialog")
        self.generator = QComboBox()
        self.generator.setObjectName("generate_data_generator")
        for spec in GENERATORS.values():
            self.generator.addItem(QCoreApplication.translate("Datasets", spec.title), spec.name)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.columns = QLabel()
        self.columns.setStyleSheet("color: palette(mid);")
        self.form = QFormLayout()
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setObjectName("generate_data_seed")
        self.fields: dict[str, QSpinBox | NumberSpin] = {}
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Replace the Data"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QFormLayout()
        top.addRow(self.tr("Data set"), self.generator)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.description)
        layout.addWidget(self.columns)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.generator.currentIndexChanged.connect(self._build_fields)
        self._build_fields()
        self.setMinimumWidth(360)

    def spec(self) -> GeneratorSpec:
        return GENERATORS[self.generator.currentData()]

    def _build_fields(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setObjectName("generate_data_seed")
        spec = self.spec()
        description = QCoreApplication.translate("Datasets", spec.description)
        sentence = description[:1].upper() + description[1:]
        self.description.setText(self.tr("%1.").replace("%1", sentence))
        columns = self.tr("Columns: %1 (the data set is replaced)")
        self.columns.setText(columns.replace("%1", ", ".join(spec.columns)))
        self.fields = {}
        for p in spec.params:
            if p.integer:
                field: QSpinBox | NumberSpin = QSpinBox()
                field.setRange(int(p.minimum), int(p.maximum))
                field.setValue(int(p.default))
            else:
                field = NumberSpin(p.minimum, p.maximum, p.default)
            field.setObjectName(f"generate_data_{p.name}")
            self.fields[p.name] = field
            self.form.addRow(QCoreApplication.translate("Datasets", p.title), field)
        self.form.addRow(self.tr("Seed"), self.seed)

    def choice(self) -> tuple[str, int, dict[str, float]]:
        spec = self.spec()
        params = {name: field.value() for name, field in self.fields.items()}
        return spec.name, self.seed.value(), params
