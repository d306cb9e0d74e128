"""A file whose training settings exceed the panel's limits: the panel says what it changed.

The command line refuses such settings (tests/cli/test_cli_hardening.py); the app opens the
file and clamps them, and says so in the settings note instead of adjusting silently.
"""

from __future__ import annotations

from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.model.graph import Graph
from backprop_studio.resources_path import example_path
from backprop_studio.ui.document.document import Document
from backprop_studio.ui.training.panel import TrainingPanel


def test_settings_beyond_the_panel_ranges_are_clamped_and_named(qtbot) -> None:
    graph = load_graph(example_path("single_weight"))
    graph.training = {**graph.training, "restarts": 2_000_000_000, "iterations": 10**12}
    panel = TrainingPanel(Document(Graph()))
    qtbot.addWidget(panel)
    panel.load_from_graph(graph)
    assert panel.restarts.value() == 1000
    assert panel.iterations.value() == 100_000_000
    note = panel.settings_note
    assert not note.isHidden()
    assert "100,000,000" in note.text() and "(and 1 more)" in note.text()
    assert "restarts" in note.toolTip() and "1,000" in note.toolTip()


def test_settings_within_the_ranges_show_no_note(qtbot) -> None:
    panel = TrainingPanel(Document(Graph()))
    qtbot.addWidget(panel)
    panel.load_from_graph(load_graph(example_path("single_weight")))
    assert panel.settings_note.isHidden()
