"""File > Export > PyTorch Script… and Derivation…: the document as a training script or as
its derivation worked out in Markdown or LaTeX (core/export does the writing; no Qt there).

The file dialogs and error boxes are file_actions' own, so tests and the app share them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from ...core.export.derivation import derivation
from ...core.export.pytorch import pytorch_script
from ...core.model.errors import BackpropError
from ...core.model.fileio import write_text_atomic
from ...core.training.settings import parse_settings
from . import file_actions

# The window is the main window (ui/shell), typed loosely: rooms do not import the shell.
MainWindow = Any

DERIVATION_FILTERS = {"Markdown (*.md)": ".md", "LaTeX (*.tex)": ".tex"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


def _start(window: MainWindow, suffix: str) -> str:
    doc = window.document
    stem = doc.path.stem if doc.path else file_actions.slug(doc.graph.title)
    folder = doc.path.parent if doc.path else Path(file_actions._documents_dir())
    return str(folder / f"{stem}{suffix}")


def _write(window: MainWindow, target: Path, make_text) -> bool:  # type: ignore[no-untyped-def]
    try:
        text = make_text()
    except (BackpropError, ValueError) as exc:
        file_actions.show_error(window, _tr("Could not export"), str(exc))
        return False
    try:
        write_text_atomic(target, text)
    except OSError as exc:
        file_actions.show_error(
            window,
            _tr("Could not export"),
            _tr("Could not write {path}: {why}").format(path=target, why=exc.strerror or exc),
        )
        return False
    window.set_status(_tr("Exported {path}").format(path=target))
    return True


def export_pytorch(window: MainWindow, path: str | None = None) -> bool:
    """Ask for a .py file and write the PyTorch training script of the document's graph."""
    if path is None:
        path, _ = file_actions.get_save_path(
            window, _tr("Export PyTorch script"), _start(window, ".py"), "Python (*.py)"
        )
    if not path:
        return False
    target = Path(path)
    if target.suffix.lower() != ".py":
        target = target.with_suffix(".py")
    graph = window.document.graph
    settings, _problems = parse_settings(graph.training)
    return _write(window, target, lambda: pytorch_script(graph, settings, target.name))


def export_derivation(window: MainWindow, path: str | None = None) -> bool:
    """Ask for a .md or .tex file and write the derivation of the document's graph."""
    chosen = ""
    if path is None:
        path, chosen = file_actions.get_save_path(
            window,
            _tr("Export derivation"),
            _start(window, ".md"),
            ";;".join(DERIVATION_FILTERS),
        )
    if not path:
        return False
    target = Path(path)
    if target.suffix.lower() not in (".md", ".tex"):
        target = target.with_suffix(DERIVATION_FILTERS.get(chosen, ".md"))
    fmt = "latex" if target.suffix.lower() == ".tex" else "markdown"
    graph = window.document.graph
    return _write(window, target, lambda: derivation(graph, fmt))
