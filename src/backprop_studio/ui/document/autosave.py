"""Crash recovery: autosave a modified document to the user's state directory.

While a document has unsaved changes, an :class:`Autosaver` writes it every few seconds
(``fileio.dumps_graph``, atomically) as ``<name>.bpgraph`` in the recovery directory, beside a
small ``<name>.json`` recording the original file path, the title, the time and the process id.
Saving the document, or closing it cleanly, removes both files. After a crash or a kill they
remain, and the next start offers them back (:func:`list_recoverable`, :func:`load_recovery`).

The directory is ``$BACKPROP_STUDIO_STATE_DIR`` if set (tests), else on Linux
``$XDG_STATE_HOME/backprop-studio/recovery`` (``~/.local/state/...``), else the platform's
application-data folder (``QStandardPaths.AppLocalDataLocation``) plus ``recovery``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from ...core.model import fileio
from ...core.model.errors import FileFormatError
from ...core.model.graph import Graph
from .document import Document

ENV_STATE_DIR = "BACKPROP_STUDIO_STATE_DIR"
META_FORMAT = "backprop-studio-recovery"
DEFAULT_INTERVAL_MS = 5000

_active: set[Path] = set()  # recovery files written by autosavers alive in this process
_counter = itertools.count(1)


def recovery_dir() -> Path:
    """Where recovery files go (created on first write)."""
    override = os.environ.get(ENV_STATE_DIR)
    if override:
        return Path(override) / "recovery"
    if sys.platform.startswith("linux") or os.environ.get("XDG_STATE_HOME"):
        base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        return Path(base) / "backprop-studio" / "recovery"
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(location or Path.home() / ".backprop-studio") / "recovery"


@dataclass(frozen=True)
class RecoveryEntry:
    """One document left behind by a session that did not close cleanly."""

    graph_path: Path
    meta_path: Path
    original_path: str | None
    title: str
    saved_at: float
    pid: int

    def describe(self) -> str:
        name = Path(self.original_path).name if self.original_path else (self.title or "Untitled")
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        return f"{name} (autosaved {when})"


class Autosaver(QObject):
    """Writes ``document`` to the recovery directory while it has unsaved changes."""

    def __init__(
        self,
        document: Document,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        directory: Path | None = None,
    ) -> None:
        super().__init__(document)
        self.document = document
        self.directory = directory or recovery_dir()
        stem = f"recovery-{os.getpid()}-{next(_counter)}-{uuid.uuid4().hex[:8]}"
        self.graph_path = self.directory / f"{stem}{fileio.FILE_SUFFIX}"
        self.meta_path = self.directory / f"{stem}.json"
        self.last_error: str | None = None
        self._written: tuple[int, int] | None = None  # (id(graph), revision) last written
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        document.modified_changed.connect(self._on_modified_changed)
        document.graph_replaced.connect(lambda _g: self._on_modified_changed(False))
        if document.is_modified():
            self.timer.start()

    def _on_modified_changed(self, modified: bool) -> None:
        if self.document.is_modified():
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
            self.remove()

    def save_now(self) -> bool:
        """Write the document now if it has unsaved changes not yet written; returns whether
        the recovery files are up to date. A failed write is remembered, never raised."""
        if not self.document.is_modified():
            return False
        graph = self.document.graph
        stamp = (id(graph), graph.revision)
        if stamp == self._written and self.graph_path.exists():
            return True
        meta = {
            "format": META_FORMAT,
            "version": 1,
            "original_path": str(self.document.path) if self.document.path else None,
            "title": graph.title,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "graph_file": self.graph_path.name,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fileio.write_text_atomic(self.graph_path, self.document.dumps())
            fileio.write_text_atomic(self.meta_path, json.dumps(meta, indent=1) + "\n")
        except OSError as exc:
            error = f"Autosave to {self.directory} failed: {exc.strerror or exc}"
            if error != self.last_error:  # say it once, not every few seconds
                self.document.status_message.emit(error)
            self.last_error = error
            return False
        _active.add(self.graph_path)
        self._written = stamp
        self.last_error = None
        return True

    def remove(self) -> None:
        """Delete this document's recovery files (after a save or a clean close)."""
        self.timer.stop()
        for path in (self.meta_path, self.graph_path):
            with contextlib.suppress(FileNotFoundError, OSError):
                path.unlink()
        _active.discard(self.graph_path)
        self._written = None


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would signal the process there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def list_recoverable(directory: Path | None = None) -> list[RecoveryEntry]:
    """Documents left behind by sessions that ended without closing them (newest first).

    Files of a session still running (another window of this process, or another live
    process) are not offered; unreadable leftovers are skipped."""
    directory = directory or recovery_dir()
    entries = []
    for meta_path in sorted(directory.glob("recovery-*.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            graph_path = directory / str(meta["graph_file"])
            pid = int(meta.get("pid", 0))
            entry = RecoveryEntry(
                graph_path=graph_path,
                meta_path=meta_path,
                original_path=meta.get("original_path") or None,
                title=str(meta.get("title", "")),
                saved_at=float(meta.get("saved_at", 0.0)),
                pid=pid,
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if meta.get("format") != META_FORMAT or not graph_path.exists():
            continue
        if graph_path in _active:
            continue
        if pid != os.getpid() and _pid_alive(pid):
            continue
        entries.append(entry)
    return sorted(entries, key=lambda e: e.saved_at, reverse=True)


def load_recovery(entry: RecoveryEntry) -> Graph:
    """The autosaved graph; raises FileFormatError if the file is damaged."""
    return fileio.load_graph(entry.graph_path)


def discard(entry: RecoveryEntry) -> None:
    """Forget a recovery entry (after it was recovered or declined)."""
    for path in (entry.meta_path, entry.graph_path):
        with contextlib.suppress(FileNotFoundError, OSError):
            path.unlink()


def recover_into(document: Document, entry: RecoveryEntry) -> None:
    """Put a recovered graph into ``document``: it keeps the original path (so Save writes
    back there) and counts as modified. Raises FileFormatError if the file is damaged."""
    graph = load_recovery(entry)
    document.replace_graph(graph, entry.original_path, modified=True)
    document.status_message.emit(f"Recovered {entry.describe()}")


__all__ = [
    "Autosaver",
    "FileFormatError",
    "RecoveryEntry",
    "discard",
    "list_recoverable",
    "load_recovery",
    "recover_into",
    "recovery_dir",
]
