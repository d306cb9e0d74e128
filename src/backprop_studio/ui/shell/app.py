"""The launcher: ``run_app(files)`` sets up the QApplication and opens the windows.

- Names, desktop-file id and icon come from ``ui/shell/identity.py`` (``apply_identity``).
- One window per file given; a file that cannot be opened shows the loader's message, and if
  nothing could be opened the window shows the chain-rule example.
- A file opened while the app runs (QFileOpenEvent on macOS, :func:`open_file`) gets its own
  window, unless the only window is the untouched start page; unsaved work is never replaced.
- Documents left behind by a crash are offered back (autosave.py).
- No display, or X11 without the xcb libraries Qt needs: one line naming the problem (and the
  package to install), exit status 2, before Qt is started (display_check.py).
- Ctrl+C in the terminal autosaves unsaved work (recovered on the next start) and quits with
  status 130, without a traceback.
- ``BACKPROP_STUDIO_QUIT_AFTER_MS=N`` quits after N ms, and ``BACKPROP_STUDIO_READY_FILE=path``
  is created once the event loop runs (smoke tests of the installed command).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ... import APP_ID, APP_NAME, ORG_NAME
from ...core.model.errors import FileFormatError
from ..document import autosave, file_actions
from ..document.clipboard import release_clipboard
from . import language, window_theme
from .display_check import EXIT_NO_DISPLAY, display_problem
from .gc_guard import GarbageCollectorGuard
from .main_window import MainWindow, create_main_window
from .windows import find_window_for, forget_window, open_windows

ENV_QUIT_AFTER = "BACKPROP_STUDIO_QUIT_AFTER_MS"
ENV_READY_FILE = "BACKPROP_STUDIO_READY_FILE"  # touched once the event loop runs (tests)
INTERRUPTED = 130


class StudioApplication(QApplication):
    """QApplication that turns the platform's "open this file" requests into a signal."""

    file_open_requested = Signal(str)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            path = event.file() or event.url().toLocalFile()  # type: ignore[attr-defined]
            if path:
                self.file_open_requested.emit(path)
                return True
        return super().event(event)


def _apply_identity(app: QApplication) -> None:
    try:
        from .identity import apply_identity
    except ImportError:  # pragma: no cover  (identity module absent in a partial install)
        app.setApplicationName(APP_NAME)
        app.setOrganizationName(ORG_NAME)
        app.setDesktopFileName(APP_ID)
        return
    apply_identity(app)


def _is_start_page(window: MainWindow) -> bool:
    doc = window.document
    return doc.path is None and not doc.is_modified() and doc.undo_stack.count() == 0


def open_file(path: str | Path) -> MainWindow | None:
    """Open a file handed over by the desktop while running: its own window (or the start
    page's, if that is all there is). A bad file shows why; returns the window or None."""
    path = Path(path)
    existing = find_window_for(path)
    if existing is not None:
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    windows = open_windows()
    if len(windows) == 1 and _is_start_page(windows[0]):
        window = windows[0]
        return window if window.file_actions.open_path(path) else None
    try:
        return _new_window_for(path)
    except FileFormatError as exc:
        parent = windows[0] if windows else None
        _show_load_error(parent, exc)
        return None


def _new_window_for(path: Path) -> MainWindow:
    """A new window showing ``path``; any failure is a FileFormatError (shown as a dialog)."""
    from .windows import open_new_window

    try:
        return open_new_window(path)
    except FileFormatError:
        raise
    except Exception as exc:  # noqa: BLE001  (never exit without a window or a dialog)
        raise FileFormatError(str(path), file_actions.describe_exception(exc)) from None


def _show_load_error(parent: QWidget | None, exc: FileFormatError) -> None:
    name = Path(exc.path).name if exc.path else QCoreApplication.translate("App", "the file")
    details = [p.message for p in exc.problems] or [str(exc)]
    title = QCoreApplication.translate("FileActions", "Could not open graph")
    text = QCoreApplication.translate("FileActions", "Could not open %1:").replace("%1", name)
    file_actions.show_error(parent, title, f"{text}\n{exc}", details)


def open_initial_windows(files: Sequence[str]) -> list[MainWindow]:
    """One window per file that opens; the chain-rule example if none was given or opened."""
    windows: list[MainWindow] = []
    errors: list[FileFormatError] = []
    for name in files:
        path = Path(name)
        existing = find_window_for(path)
        if existing is not None:
            continue
        try:
            window = create_main_window(path)
        except FileFormatError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # noqa: BLE001  (a dialog, never an exit without a window)
            errors.append(FileFormatError(str(path), file_actions.describe_exception(exc)))
            continue
        file_actions.add_recent_file(path)
        windows.append(window)
    if not windows:
        windows.append(create_main_window())
    for i, window in enumerate(windows):
        if i == 0:
            window_theme.restore_window_state(window)
        else:
            window.move(window.pos().x() + 32 * i, window.pos().y() + 32 * i)
        window.show()
    if errors:  # shown once the event loop runs (a quit timer can still end the app)
        QTimer.singleShot(0, lambda: [_show_load_error(windows[0], exc) for exc in errors])
    return windows


def recover_entries(entries: Sequence[autosave.RecoveryEntry]) -> list[MainWindow]:
    """Open each recovered document (in the start page's window if it is untouched, else in a
    new window); its recovery files are replaced by the new window's own autosave."""
    from .windows import open_new_window

    recovered = []
    for entry in entries:
        pristine = [w for w in open_windows() if _is_start_page(w)]
        window = pristine[0] if pristine else open_new_window()
        try:
            autosave.recover_into(window.document, entry)
        except FileFormatError as exc:
            _show_load_error(window, exc)
            continue
        window.autosaver.save_now()
        autosave.discard(entry)
        recovered.append(window)
    return recovered


def ask_recovery(parent: QWidget | None, entries: Sequence[autosave.RecoveryEntry]) -> str:
    """Ask what to do with documents left by a crash: "recover", "discard" or "later"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(
        QCoreApplication.translate("App", "Recover unsaved work — %1").replace("%1", APP_NAME)
    )
    n = len(entries)
    question = (
        QCoreApplication.translate(
            "App", "%1 did not close properly last time. Recover this document?"
        )
        if n == 1
        else QCoreApplication.translate(
            "App", "%1 did not close properly last time. Recover these %2 documents?"
        )
    )
    box.setText(question.replace("%1", APP_NAME).replace("%2", str(n)))
    box.setInformativeText("\n".join(f"• {e.describe()}" for e in entries[:10]))
    file_actions.plain_text_labels(box)  # titles and names come from files: plain text
    recover = box.addButton(
        QCoreApplication.translate("App", "Recover"), QMessageBox.ButtonRole.AcceptRole
    )
    discard = box.addButton(
        QCoreApplication.translate("App", "Discard"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.addButton(
        QCoreApplication.translate("App", "Ask Again Later"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(recover)
    box.exec()
    if box.clickedButton() is recover:
        return "recover"
    if box.clickedButton() is discard:
        return "discard"
    return "later"


def offer_recovery(parent: QWidget | None = None) -> list[MainWindow]:
    entries = autosave.list_recoverable()
    if not entries:
        return []
    answer = ask_recovery(parent, entries)
    if answer == "recover":
        return recover_entries(entries)
    if answer == "discard":
        for entry in entries:
            autosave.discard(entry)
    return []


class _InterruptHandler(QObject):
    """Ctrl+C in the terminal: autosave unsaved work and quit (Python signal handlers run only
    when Python has control; a socket pair wakes the Qt event loop when the signal arrives)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.interrupted = False
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._old_handler = signal.signal(signal.SIGINT, self._on_sigint)

    def _on_sigint(self, _signum: int, _frame: object) -> None:
        self.interrupted = True
        QTimer.singleShot(0, self._quit)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(4096)

    def _quit(self) -> None:
        for window in open_windows():
            window.autosaver.save_now()  # unsaved work comes back on the next start
        self.app.exit(INTERRUPTED)

    def restore(self) -> None:
        signal.set_wakeup_fd(self._old_fd)
        signal.signal(signal.SIGINT, self._old_handler or signal.SIG_DFL)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def _offer_lessons(windows: list[MainWindow]) -> None:
    """On the very first start, offer the lessons in the first window."""
    if windows:
        from ..lessons.player import offer_on_first_start

        QTimer.singleShot(0, lambda: offer_on_first_start(windows[0]))


def run_app(files: Sequence[str] = ()) -> int:
    """Start the app with ``files`` open (the chain-rule example if none); returns the exit
    status when the last window closes."""
    app = QApplication.instance()
    if app is None:
        problem = display_problem()  # before Qt, which would abort with exit 134
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_NO_DISPLAY
        app = StudioApplication(sys.argv[:1] or [APP_NAME])
    _apply_identity(app)
    window_theme.apply_app_palette()
    if isinstance(app, StudioApplication):
        app.file_open_requested.connect(open_file)
    quit_after = os.environ.get(ENV_QUIT_AFTER, "").strip()
    if quit_after.isdigit():
        QTimer.singleShot(int(quit_after), app.quit)
    language.ensure_translators()  # before any window is built
    windows = open_initial_windows(files)
    _offer_lessons(windows)
    QTimer.singleShot(0, lambda: offer_recovery(windows[0] if windows else None))
    handler = _InterruptHandler(app)
    gc_guard = GarbageCollectorGuard(app)  # collect in the GUI thread only
    ready_file = os.environ.get(ENV_READY_FILE)
    if ready_file:
        QTimer.singleShot(0, lambda: Path(ready_file).touch())
    try:
        status = app.exec()
    finally:
        handler.restore()
        gc_guard.stop()
        _shutdown()
    return INTERRUPTED if handler.interrupted else int(status)


def _shutdown() -> None:
    """Tear windows down while Qt is still alive (no crash at interpreter exit)."""
    for window in open_windows():
        window.autosaver.timer.stop()
        window.hide()
        forget_window(window)
        window.deleteLater()
    release_clipboard()
    app = QApplication.instance()
    if app is not None:
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
