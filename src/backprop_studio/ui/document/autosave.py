"""Crash recovery: autosave a modified document to the user's state directory.

While a document has unsaved changes, an :class:`Autosaver` writes it every few seconds
(``fileio.dumps_graph``, atomically) as ``<name>.bpgraph`` in the recovery directory, beside a
small ``<name>.json`` recording the original file's absolute path, the title, the time and the
process id, and holds ``<name>.lock`` (a ``QLockFile``) while the session lives. Saving the
document, or closing it cleanly, removes all three. After a crash or a kill they remain, and
the next start offers them back (:func:`list_recoverable`, :func:`load_recovery`).

The record is not trusted: its ``graph_file`` must be a plain ``recovery-*.bpgraph`` name inside
the recovery folder (anything else is skipped, so Discard never deletes outside it), and a
document counts as abandoned when its lock can be taken: Qt's lock file notices a dead owner
even when its process id now belongs to another program (a bare PID check does not).

The autosave text is built off the UI thread: :meth:`Autosaver.save_now` takes a snapshot of
the graph (``core.model.snapshot``: frozen nodes and edges, cheap) on the UI thread and serialises and
writes it in a background thread; ``save_now(wait=True)`` blocks until written
(Ctrl+C, tests).

The directory is ``$BACKPROP_STUDIO_STATE_DIR`` if set (tests), else on Linux
``$XDG_STATE_HOME/backprop-studio/recovery`` (``~/.local/state/...``), else the platform's
application-data folder (``QStandardPaths.AppLocalDataLocation``) plus ``recovery``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import sys
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QStandardPaths, QTimer

from ...core.model import fileio
from ...core.model.errors import FileFormatError
from ...core.model.graph import Graph
from ...core.model.snapshot import GraphSnapshot, take_snapshot
from ...core.model.stale_temps import remove_stale_temps
from .document import Document

ENV_STATE_DIR = "BACKPROP_STUDIO_STATE_DIR"
META_FORMAT = "backprop-studio-recovery"
DEFAULT_INTERVAL_MS = 5000
HARVEST_MS = 50  # how often the UI thread looks whether a background write has finished
LOCK_SUFFIX = ".lock"
_GRAPH_NAME = re.compile(r"recovery-[A-Za-z0-9_-]+\.bpgraph")

_active: set[Path] = set()  # recovery files written by autosavers alive in this process
_counter = itertools.count(1)
_pool: ThreadPoolExecutor | None = None


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


def _failed(exc: object) -> str:
    return QCoreApplication.translate("autosave", "Autosave failed: %1").replace("%1", str(exc))


def _failed_in(directory: object, reason: str) -> str:
    text = QCoreApplication.translate("autosave", "Autosave to %1 failed: %2")
    return text.replace("%1", str(directory)).replace("%2", reason)


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
        untitled = QCoreApplication.translate("autosave", "Untitled")
        name = Path(self.original_path).name if self.original_path else (self.title or untitled)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        text = QCoreApplication.translate("autosave", "%1 (autosaved %2)")
        return text.replace("%1", name).replace("%2", when)


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
        self.lock_path = self.directory / f"{stem}{LOCK_SUFFIX}"
        self.last_error: str | None = None
        self.ui_seconds = 0.0  # UI-thread time of the last save_now (benchmarks)
        self._written: tuple[int, int] | None = None  # (id(graph), revision) last written
        self._lock: QLockFile | None = None
        self._files = _RecoveryFiles(self.directory, self.graph_path, self.meta_path)
        self._pending: Future[str | None] | None = None
        self._pending_stamp: tuple[int, int] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.save_now(wait=False))
        self._harvest = QTimer(self)
        self._harvest.setInterval(HARVEST_MS)
        self._harvest.timeout.connect(self._collect)
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

    def save_now(self, wait: bool = True) -> bool:
        """Write the document now if it has unsaved changes not yet written; returns whether
        the recovery files are up to date (with ``wait=False``: whether a write is under way
        or nothing was needed). Only a snapshot is taken here; the text is built and written
        by a background thread. A failed write is remembered and said once, never raised."""
        started = time.perf_counter()
        try:
            return self._save(wait)
        finally:
            self.ui_seconds = time.perf_counter() - started

    def _save(self, wait: bool) -> bool:
        self._collect()
        if not self.document.is_modified():
            return False
        graph = self.document.graph
        stamp = (id(graph), graph.revision)
        if self._pending is None and stamp == self._written and self.graph_path.exists():
            return True
        if self._pending is not None and self._pending_stamp == stamp:
            return self._finish(wait)
        if self._pending is not None and not wait:
            return True  # still writing an older state: the next tick writes this one
        self._finish(True)
        path = self.document.path
        meta = {
            "format": META_FORMAT,
            "version": 1,
            "original_path": os.path.abspath(path) if path else None,
            "title": graph.title,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "graph_file": self.graph_path.name,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._take_lock()
        except OSError as exc:
            self._report(_failed_in(self.directory, str(exc.strerror or exc)))
            return False
        snapshot = take_snapshot(graph)
        self._pending_stamp = stamp
        files = self._files  # plain Python: the autosave thread never holds a Qt object
        self._pending = _executor().submit(files.write, snapshot, meta, files.generation)
        self._harvest.start()
        return self._finish(wait)

    def _take_lock(self) -> None:
        if self._lock is not None:
            return
        lock = QLockFile(str(self.lock_path))
        lock.setStaleLockTime(0)  # held as long as the session lives; only a dead owner frees it
        if not lock.tryLock(0):
            raise OSError(f"cannot lock {self.lock_path.name}")
        self._lock = lock

    def _finish(self, wait: bool) -> bool:
        """Wait for the write under way (if ``wait``) and take its outcome."""
        if self._pending is None:
            return self._written is not None
        if wait:
            try:
                self._pending.result()
            except Exception:  # noqa: BLE001  (reported by _collect)
                pass
        self._collect()
        return self._pending is not None or self.last_error is None

    def _collect(self) -> None:
        """In the UI thread: take the outcome of a finished write."""
        future = self._pending
        if future is None or not future.done():
            return
        self._pending = None
        self._harvest.stop()
        try:
            error = future.result()
        except Exception as exc:  # noqa: BLE001  (never raise out of an autosave)
            error = _failed(exc)
        if error:
            self._report(error)
            return
        _active.add(self.graph_path)
        self._written = self._pending_stamp
        self.last_error = None

    def _report(self, error: str) -> None:
        if error != self.last_error:  # say it once, not every few seconds
            self.document.status_message.emit(error)
        self.last_error = error

    def remove(self) -> None:
        """Delete this document's recovery files (after a save or a clean close)."""
        self.timer.stop()
        self._files.remove()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        _active.discard(self.graph_path)
        self._written = None


class _RecoveryFiles:
    """One autosaver's files, written in the autosave thread. Plain Python on purpose: the
    thread's work items hold this, never the Autosaver (a Qt object must not be released
    in a thread that is not its own)."""

    def __init__(self, directory: Path, graph_path: Path, meta_path: Path) -> None:
        self.directory, self.graph_path, self.meta_path = directory, graph_path, meta_path
        self.io = threading.Lock()  # a write and a removal never overlap
        self.generation = 0  # bumped by remove(): a write queued before it is dropped

    def write(self, snapshot: GraphSnapshot, meta: dict, generation: int) -> str | None:
        """In the autosave thread: serialise and write; returns an error text or None."""
        try:
            text = fileio.dumps_graph(snapshot)  # type: ignore[arg-type]
            meta_text = json.dumps(meta, indent=1) + "\n"
        except (ValueError, TypeError, RecursionError) as exc:
            return _failed(exc)
        with self.io:
            if generation != self.generation:
                return None  # removed meanwhile (saved or closed): write nothing
            try:
                remove_stale_temps(self.graph_path, min_age_s=0.0)
                # the record first: a graph file on disk always has its record
                fileio.write_text_atomic(self.meta_path, meta_text)
                fileio.write_text_atomic(self.graph_path, text)
            except (OSError, UnicodeError) as exc:
                reason = getattr(exc, "strerror", None) or exc
                return _failed_in(self.directory, str(reason))
        return None

    def remove(self) -> None:
        with self.io:
            self.generation += 1
            for path in (self.meta_path, self.graph_path):
                with contextlib.suppress(FileNotFoundError, OSError):
                    path.unlink()


def _executor() -> ThreadPoolExecutor:
    """The one autosave thread of the process (writes happen in the order asked)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
    return _pool


def _valid_graph_file(directory: Path, name: object) -> Path | None:
    """The recovery graph a record names, if it is a plain recovery file name in ``directory``
    (never ``../x``, an absolute path or a link elsewhere); else None."""
    if not isinstance(name, str) or not _GRAPH_NAME.fullmatch(name):
        return None
    path = directory / name
    try:
        if path.is_symlink() or path.resolve().parent != directory.resolve():
            return None
    except (OSError, RuntimeError):
        return None
    return path


def _abandoned(meta_path: Path) -> bool:
    """Whether the session that wrote this record has ended: its lock can be taken (a lock
    whose owner died is stale even if its PID now belongs to another process)."""
    lock = QLockFile(str(meta_path.with_suffix(LOCK_SUFFIX)))
    lock.setStaleLockTime(0)
    if not lock.tryLock(0):
        return False
    lock.unlock()  # removes the lock file
    return True


def list_recoverable(directory: Path | None = None) -> list[RecoveryEntry]:
    """Documents left behind by sessions that ended without closing them (newest first).

    Files of a session still running (another window of this process, or another process
    holding the record's lock) are not offered; unreadable or invalid records are skipped."""
    directory = directory or recovery_dir()
    entries = []
    for meta_path in sorted(directory.glob("recovery-*.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            graph_path = _valid_graph_file(directory, meta["graph_file"])
            original = meta.get("original_path") or None
            if original is not None and not isinstance(original, str):
                continue
            entry = RecoveryEntry(
                graph_path=graph_path or directory,
                meta_path=meta_path,
                original_path=original,
                title=str(meta.get("title", "")),
                saved_at=float(meta.get("saved_at", 0.0)),
                pid=int(meta.get("pid", 0)),
            )
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            continue
        if graph_path is None or meta.get("format") != META_FORMAT:
            continue
        if not graph_path.is_file() or graph_path in _active:
            continue
        if not _abandoned(meta_path):
            continue
        entries.append(entry)
    return sorted(entries, key=lambda e: e.saved_at, reverse=True)


def load_recovery(entry: RecoveryEntry) -> Graph:
    """The autosaved graph; raises FileFormatError if the file is damaged."""
    return fileio.load_graph(entry.graph_path)


def discard(entry: RecoveryEntry) -> None:
    """Forget a recovery entry (after it was recovered or declined): its record, its graph
    and its lock, all inside the recovery folder (anything else is left alone)."""
    directory = entry.meta_path.parent
    paths = [entry.meta_path, entry.meta_path.with_suffix(LOCK_SUFFIX)]
    if _valid_graph_file(directory, entry.graph_path.name) == entry.graph_path:
        paths.append(entry.graph_path)
    for path in paths:
        with contextlib.suppress(FileNotFoundError, OSError):
            path.unlink()


def recover_into(document: Document, entry: RecoveryEntry) -> None:
    """Put a recovered graph into ``document``: it keeps the original path (so Save writes
    back there) and counts as modified. Raises FileFormatError if the file is damaged."""
    graph = load_recovery(entry)
    original = entry.original_path
    if original is not None and not os.path.isabs(original):
        # an old record kept the path relative to a folder nobody knows now: keep the work
        # untitled, so Save asks where instead of writing into some other file
        document.replace_graph(graph, None, modified=True)
        document.status_message.emit(
            QCoreApplication.translate(
                "autosave", "Recovered {0} as an untitled document (its folder is unknown)"
            ).format(entry.describe())
        )
        return
    document.replace_graph(graph, original, modified=True)
    document.status_message.emit(
        QCoreApplication.translate("autosave", "Recovered %1").replace("%1", entry.describe())
    )


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
