"""File > Export > PyTorch Script… and Derivation…, through the menu actions (the save dialog
answered by the test's dialogs fixture)."""

from __future__ import annotations

import ast

import pytest

from backprop_studio.ui.shell.main_window import create_main_window


@pytest.fixture
def window(qtbot):
    w = create_main_window()  # the chain-rule example
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_export_pytorch_from_the_menu(window, dialogs, tmp_path):
    dialogs.save_path = str(tmp_path / "chain")  # no suffix: .py is added
    window.action("export_pytorch").trigger()
    script = (tmp_path / "chain.py").read_text(encoding="utf-8")
    ast.parse(script)
    assert "class GraphModel(nn.Module)" in script and "self.a = nn.Parameter" in script
    assert "Exported" in window.statusBar().currentMessage()


def test_export_derivation_markdown_and_latex(window, dialogs, tmp_path):
    dialogs.save_path = str(tmp_path / "d.md")
    window.action("export_derivation").trigger()
    assert "∂f/∂b = 2 + 3 = 5" in (tmp_path / "d.md").read_text(encoding="utf-8")
    dialogs.save_path = str(tmp_path / "d.tex")
    window.action("export_derivation").trigger()
    assert r"\partial{}f/\partial{}b = 2 + 3 = 5" in (tmp_path / "d.tex").read_text("utf-8")


def test_a_graph_that_cannot_export_shows_one_error_and_writes_nothing(window, dialogs, tmp_path):
    window.document.delete(["c", "d"], [])  # f is left without inputs
    dialogs.save_path = str(tmp_path / "broken.md")
    window.action("export_derivation").trigger()
    assert len(dialogs.errors) == 1 and "'f'" in dialogs.errors[0][1]
    assert not (tmp_path / "broken.md").exists()
