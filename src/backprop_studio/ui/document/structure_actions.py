"""Insert > Dense Layer..., Group, Ungroup, Collapse / Expand: structure edits of one window,
each one undo step (group_commands.py).

- **Dense Layer...** builds m neurons (core/model/build_mlp.py: bias, sum, activation; Xavier
  or He weights from a seed) reading every selected node, or n new inputs when nothing is
  selected; each neuron is one group ("neuron h1_1").
- **Group** puts the selected nodes in a new group (a name is asked), **Ungroup** removes the
  groups of the selection (the nodes stay), **Collapse / Expand** toggles them.

The dialogs are module functions (:func:`ask_dense_layer`, :func:`ask_group_name`) so tests
can replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...core.model.build_mlp import ACTIVATIONS, dense_layer
from ...core.model.graph import Node
from ...core.model.groups import Group
from .group_commands import (
    AddGroupCommand,
    InsertFragmentCommand,
    RemoveGroupCommand,
    SetGroupFieldsCommand,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QPointF

LAYER_GAP = 340.0  # from the rightmost input to the new layer's sums


def _tr(text: str) -> str:
    return QCoreApplication.translate("StructureActions", text)


@dataclass(frozen=True)
class DenseChoice:
    """What the Dense Layer dialog asks: neurons, activation, seed, new inputs (no selection)."""

    neurons: int = 3
    activation: str = "tanh"
    seed: int = 0
    new_inputs: int = 2


class DenseLayerDialog(QDialog):
    """Neurons, activation, seed (and new inputs when nothing is selected)."""

    def __init__(self, parent: QWidget | None, selected: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Insert Dense Layer"))
        self.neurons = QSpinBox()
        self.neurons.setRange(1, 256)
        self.neurons.setValue(3)
        self.activation = QComboBox()
        for name in ACTIVATIONS:
            self.activation.addItem(name, name)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.inputs = QSpinBox()
        self.inputs.setRange(1, 256)
        self.inputs.setValue(2)
        form = QFormLayout(self)
        if selected:
            text = self.tr("{0} selected nodes").format(selected)
            reads = QLineEdit(text)
            reads.setReadOnly(True)
            form.addRow(self.tr("Inputs"), reads)
        else:
            form.addRow(self.tr("New inputs"), self.inputs)
        form.addRow(self.tr("Neurons"), self.neurons)
        form.addRow(self.tr("Activation"), self.activation)
        form.addRow(self.tr("Seed"), self.seed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> DenseChoice:
        return DenseChoice(
            self.neurons.value(),
            self.activation.currentData(),
            self.seed.value(),
            self.inputs.value(),
        )


def ask_dense_layer(parent: QWidget | None, selected: int) -> DenseChoice | None:
    dialog = DenseLayerDialog(parent, selected)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_group_name(parent: QWidget | None, default: str) -> str | None:
    text, ok = QInputDialog.getText(parent, _tr("Group"), _tr("Name of the group:"), text=default)
    return text.strip() or default if ok else None


class StructureActions:
    """The slots of the Insert menu for one window."""

    def __init__(self, window: Any) -> None:
        self.window = window

    @property
    def graph(self):  # noqa: ANN201
        return self.window.document.graph

    def _selected_nodes(self) -> list[str]:
        return self.window.scene.selected_node_ids()

    def _selected_groups(self) -> list[str]:
        graph = self.graph
        found = dict.fromkeys(g for n in self._selected_nodes() if (g := graph.group_of(n)))
        return list(found)

    # ----------------------------------------------------------------- dense layer
    def insert_dense_layer(self, at: QPointF | None = None) -> list[str]:
        """Ask, then insert; returns the new node ids ([] when cancelled or refused)."""
        graph = self.graph
        inputs = [n for n in self._selected_nodes() if graph.has_node(n)]
        choice = ask_dense_layer(self.window, len(inputs))
        if choice is None:
            return []
        nodes: list[Node] = []
        if not inputs:
            centre = at or self.window.view.mapToScene(self.window.view.viewport().rect().center())
            for k in range(choice.new_inputs):
                nid = graph.new_node_id("x")
                while any(n.id == nid for n in nodes):
                    nid = f"{nid}_"
                y = centre.y() + (k - (choice.new_inputs - 1) / 2) * 110.0
                nodes.append(Node(nid, "input", value=0.0, position=(centre.x() - LAYER_GAP, y)))
            inputs = [n.id for n in nodes]
        positions = [graph.node(n).position for n in inputs if graph.has_node(n)]
        positions += [n.position for n in nodes]
        x = max(p[0] for p in positions) + LAYER_GAP
        y = sum(p[1] for p in positions) / len(positions)
        tag = 1
        while graph.has_node(f"z{tag}_1") or graph.has_group(f"g{tag}_1"):
            tag += 1
        part = dense_layer(
            inputs,
            choice.neurons,
            choice.activation,
            rng=np.random.default_rng(choice.seed),
            taken=lambda i: graph.has_node(i) or graph.has_edge(i) or graph.has_group(i),
            x=x,
            y=y,
            tag=str(tag),
        )
        part.nodes = nodes + part.nodes
        text = _tr("Insert dense layer ({0} × {1})").format(choice.neurons, choice.activation)
        if not self.window.document.push(InsertFragmentCommand(graph, part, text)):
            return []
        new_ids = [n.id for n in part.nodes]
        self.window.scene.select_ids(new_ids)
        return new_ids

    # ----------------------------------------------------------------- groups
    def group_selection(self) -> str | None:
        nodes = self._selected_nodes()
        if not nodes:
            self.window.set_status(_tr("Select the nodes to group"))
            return None
        graph = self.graph
        gid = graph.new_group_id()
        name = ask_group_name(self.window, _tr("group {0}").format(gid[1:]))
        if name is None:
            return None
        ok = self.window.document.push(
            AddGroupCommand(graph, Group(gid, name, tuple(nodes)), _tr("Group {0}").format(name))
        )
        return gid if ok else None

    def ungroup_selection(self) -> bool:
        groups = self._selected_groups()
        if not groups:
            self.window.set_status(_tr("The selection is in no group"))
            return False
        return self._each(groups, lambda g: RemoveGroupCommand(self.graph, g), _tr("Ungroup"))

    def toggle_collapsed(self) -> bool:
        groups = self._selected_groups()
        if not groups:
            self.window.set_status(_tr("The selection is in no group"))
            return False
        collapse = not all(self.graph.group(g).collapsed for g in groups)
        text = _tr("Collapse group") if collapse else _tr("Expand group")
        return self._each(
            groups,
            lambda g: SetGroupFieldsCommand(self.graph, g, text, collapsed=collapse),
            text,
        )

    def set_collapsed(self, group_id: str, collapsed: bool) -> bool:
        """One group (a double-click on its block or frame)."""
        text = _tr("Collapse group") if collapsed else _tr("Expand group")
        return self.window.document.push(
            SetGroupFieldsCommand(self.graph, group_id, text, collapsed=collapsed)
        )

    def _each(self, groups: list[str], make, text: str) -> bool:  # noqa: ANN001
        stack = self.window.document.undo_stack
        if len(groups) == 1:
            return self.window.document.push(make(groups[0]))
        stack.beginMacro(text)
        try:
            return all([self.window.document.push(make(g)) for g in groups])
        finally:
            stack.endMacro()
