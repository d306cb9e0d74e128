"""File handling for a main window: new, open, recent files, examples, save, export, close.

Nothing here ever discards unsaved work: New, Open and Examples replace the window's document
only when it has no unsaved changes, and otherwise open a new window. A file that fails to
load shows the loader's message with every problem listed and leaves the document untouched.

The modal dialogs are module-level functions (``ask_save_changes``, ``show_error``,
``get_open_path``, ``get_save_path``) so tests can replace them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from ... import APP_NAME, ORG_NAME
from ...core.model import fileio
from ...core.model.errors import FileFormatError
from ...core.model.graph import Graph
from ...core.model.stale_temps import remove_stale_temps
from ...resources_path import example_path, list_examples

if TYPE_CHECKING:
    from ..window_api import WindowApi

GRAPH_FILTER = QT_TRANSLATE_NOOP("FileActions", "Backprop Studio graphs (*.bpgraph);;All files (*)")
IMAGE_FILTERS = {"PNG image (*.png)": ".png", "SVG drawing (*.svg)": ".svg"}
MAX_RECENT = 10
START_EXAMPLE = "chain_rule"


# --------------------------------------------------------------------------- dialogs
def ask_save_changes(parent: QWidget, name: str) -> str:
    """Ask what to do with unsaved changes: "save", "discard" or "cancel"."""
    answer = save_changes_box(parent, name).exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def save_changes_box(parent: QWidget | None, name: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(
        QCoreApplication.translate(
            "FileActions", "Save the changes to “%1” before closing?"
        ).replace("%1", name)
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "FileActions", "Your changes will be lost if you don't save them."
        )
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return box


def show_error(parent: QWidget, title: str, text: str, details: list[str] | None = None) -> None:
    """A warning dialog: a one-line message and, below it, every problem found."""
    error_box(parent, title, text, details).exec()


def error_box(
    parent: QWidget | None, title: str, text: str, details: list[str] | None = None
) -> QMessageBox:
    """The dialog :func:`show_error` shows. Everything in it is plain text: messages quote
    file contents (ids, labels, op names), which must never render as rich text (links,
    images loaded from disk)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if details:
        shown = details[:12]
        more = ""
        if len(details) > 12:
            more = "\n" + QCoreApplication.translate(
                "FileActions", "… and %1 more (see Show Details)"
            ).replace("%1", str(len(details) - 12))
        box.setInformativeText("\n".join(f"• {d}" for d in shown) + more)
        if len(details) > 12:
            box.setDetailedText("\n".join(details))
    plain_text_labels(box)
    return box


def plain_text_labels(widget: QWidget) -> None:
    """Show every label inside ``widget`` as plain text, without links."""
    for label in widget.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setOpenExternalLinks(False)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


def get_open_path(parent: QWidget, directory: str) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("FileActions", "Open graph"),
        directory,
        QCoreApplication.translate("FileActions", GRAPH_FILTER),
    )
    return path


def get_save_path(parent: QWidget, caption: str, start: str, filters: str) -> tuple[str, str]:
    return QFileDialog.getSaveFileName(parent, caption, start, filters)


# --------------------------------------------------------------------------- settings
def settings() -> QSettings:
    return QSettings(ORG_NAME, APP_NAME)


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [str(p) for p in (value or []) if p]


def add_recent_file(path: str | Path) -> None:
    path = str(Path(path).resolve())
    files = [p for p in recent_files() if p != path]
    settings().setValue("recent_files", [path, *files][:MAX_RECENT])


def clear_recent_files() -> None:
    settings().setValue("recent_files", [])


def _documents_dir() -> str:
    return QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or str(Path.home())


def slug(title: str) -> str:
    """A file name stem from a title: "The chain rule" -> "the-chain-rule"."""
    text = re.sub(r"[^\w]+", "-", title.strip().lower()).strip("-")
    return text or "untitled"


# --------------------------------------------------------------------------- actions
class FileActions:
    """The File menu's behaviour for one window."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window

    @property
    def document(self):  # noqa: ANN201
        return self.window.document

    def _target_window(self) -> WindowApi:
        """This window if its document can be replaced without losing work, else a new one."""
        if self.document.is_modified():
            return self.window.open_new_window()
        return self.window

    # ----------------------------------------------------------------- open
    def new_document(self) -> None:
        window = self._target_window()
        window.document.new()
        window.set_status(
            QCoreApplication.translate(
                "FileActions", "New graph: drag ops from the palette, or press Tab on the canvas"
            )
        )

    def open_dialog(self) -> bool:
        start = str(self.document.path.parent) if self.document.path else _documents_dir()
        path = get_open_path(self.window, start)
        return bool(path) and self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        """Open a file here (or in a new window if this one has unsaved work); a file that
        does not load shows why and changes nothing. Returns whether it opened."""
        path = Path(path)
        existing = self.window.find_window_for(path)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            existing.set_status(
                QCoreApplication.translate(
                    "FileActions", "%1 is already open in this window"
                ).replace("%1", path.name)
            )
            return True
        if not self._load_into_window(
            path,
            path,
            lambda graph: QCoreApplication.translate("FileActions", "Opened %1").replace(
                "%1", str(path)
            ),
        ):
            return False
        add_recent_file(path)
        return True

    def _load_into_window(
        self, path: str | Path, doc_path: str | Path | None, status: Callable[[Graph], str]
    ) -> bool:
        """Load ``path`` into a window (this one if it may be replaced, else a new one) as a
        document saved at ``doc_path`` (None: untitled); a bad file is reported, nothing lost."""
        try:
            graph = load_for_window(path)
        except FileFormatError as exc:
            self.report_load_error(exc)
            return False
        if doc_path is not None:
            remove_stale_temps(doc_path)  # what a killed save left beside the file
        window = self._target_window()
        window.document.replace_graph(graph, doc_path)
        window.set_status(status(graph))
        window.view_fit_later()
        return True

    def report_load_error(self, exc: FileFormatError) -> None:
        name = Path(exc.path).name if exc.path else "the file"
        details = [p.message for p in exc.problems] or [str(exc).split(": ", 1)[-1]]
        title = QCoreApplication.translate("FileActions", "Could not open graph")
        text = (
            QCoreApplication.translate("FileActions", "Could not open %1:").replace("%1", name)
            + f"\n{exc}"
        )
        show_error(self.window, title, text, details)
        self.window.set_status(
            QCoreApplication.translate("FileActions", "Could not open %1:").replace("%1", name)
            + f" {exc}"
        )

    def open_example(self, path: str | Path) -> bool:
        """Open a shipped example as an untitled copy (Save asks where, the original stays)."""
        return self._load_into_window(
            path,
            None,
            lambda graph: QCoreApplication.translate(
                "FileActions", "Example: %1 (an untitled copy)"
            ).replace("%1", QCoreApplication.translate("Examples", graph.title) or Path(path).stem),
        )

    def open_start_example(self) -> None:
        self.open_example(example_path(START_EXAMPLE))

    @staticmethod
    def examples() -> list[tuple[str, Path]]:
        """(menu text, path) of every shipped example, titled from the file."""
        items = []
        for path in list_examples():
            try:
                title = fileio.load_graph(path).title or path.stem
            except FileFormatError:
                continue
            items.append((title, path))
        return items

    # ----------------------------------------------------------------- save
    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        doc = self.document
        if doc.path is not None:
            start = str(doc.path)
        else:
            start = str(Path(_documents_dir()) / f"{slug(doc.graph.title)}{fileio.FILE_SUFFIX}")
        path, _ = get_save_path(
            self.window,
            QCoreApplication.translate("FileActions", "Save graph as"),
            start,
            QCoreApplication.translate("FileActions", GRAPH_FILTER),
        )
        if not path:
            return False
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(fileio.FILE_SUFFIX)
        return self._save_to(target)

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            show_error(
                self.window,
                QCoreApplication.translate("FileActions", "Could not save"),
                QCoreApplication.translate("FileActions", "Could not save %1:").replace(
                    "%1", path.name
                )
                + f" {reason}",
                [
                    QCoreApplication.translate("FileActions", "Folder: %1").replace(
                        "%1", str(path.parent)
                    ),
                    QCoreApplication.translate("FileActions", "Nothing was changed on disk."),
                ],
            )
            return False
        remove_stale_temps(path)  # what an earlier, killed save left beside the file
        add_recent_file(path)
        return True

    def maybe_save(self) -> bool:
        """Before closing: True when it is fine to go on (saved, discarded, or unmodified)."""
        if not self.document.is_modified():
            return True
        answer = ask_save_changes(self.window, self.document.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    # ----------------------------------------------------------------- export
    def export_image(self) -> bool:
        doc = self.document
        stem = doc.path.stem if doc.path else slug(doc.graph.title)
        start_dir = doc.path.parent if doc.path else Path(_documents_dir())
        path, chosen = get_save_path(
            self.window,
            QCoreApplication.translate("FileActions", "Export image"),
            str(start_dir / f"{stem}.png"),
            ";;".join(IMAGE_FILTERS),
        )
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_suffix(IMAGE_FILTERS.get(chosen, ".png"))
        return self.export_to(target)

    def export_to(self, target: Path) -> bool:
        from ..canvas import render

        try:
            if target.suffix.lower() == ".svg":
                render.render_svg(self.document.graph, target, **self._render_options())
            else:
                render.render_png(self.document.graph, target, **self._render_options())
        except OSError as exc:
            show_error(
                self.window,
                QCoreApplication.translate("FileActions", "Could not export"),
                QCoreApplication.translate("FileActions", "Could not write %1:").replace(
                    "%1", str(target)
                )
                + f" {exc.strerror or exc}",
            )
            return False
        self.window.set_status(
            QCoreApplication.translate("FileActions", "Exported %1").replace("%1", str(target))
        )
        return True

    def _render_options(self) -> dict:
        options: dict = {}
        theme = getattr(self.window.scene, "theme", None)
        if theme is not None:
            options["theme"] = theme
        if self.document.result is not None:
            options["result"] = self.document.result
        if self.document.problems:
            options["problems"] = list(self.document.problems)
        return options


def load_for_window(path: str | Path) -> Graph:
    """Load a file for a window; raises FileFormatError for anything that goes wrong (an
    unexpected error too, so opening a file always ends in a graph or a dialog)."""
    try:
        return fileio.load_graph(path)
    except FileFormatError:
        raise
    except Exception as exc:  # noqa: BLE001  (RecursionError, MemoryError, ...: still a dialog)
        raise FileFormatError(str(path), describe_exception(exc)) from None


def describe_exception(exc: BaseException) -> str:
    """A short line for an unexpected error: the text, else the kind of error."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    kind = type(exc).__name__
    if text:
        return (
            QCoreApplication.translate("FileActions", "could not be read (%1: %2)")
            .replace("%1", kind)
            .replace("%2", text[:200])
        )
    return QCoreApplication.translate("FileActions", "could not be read (%1)").replace("%1", kind)
