"""Copy and paste of graph fragments, also between windows and processes.

A fragment is a complete ``.bpgraph`` document (the selected nodes and the edges between them,
plus the data columns they read) so anything that reads our files can read the clipboard. It
travels as JSON under the MIME type ``application/x-bpgraph-fragment`` and as plain text; paste
accepts either, and refuses anything else with a clear status message, never a traceback.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QClipboard, QCursor, QGuiApplication

from ...core.model import fileio
from ...core.model.errors import FileFormatError
from ...core.model.graph import Graph


def _tr(text: str) -> str:
    return QCoreApplication.translate("EditActions", text)


if TYPE_CHECKING:
    from ..window_api import WindowApi

FRAGMENT_MIME = "application/x-bpgraph-fragment"
PASTE_STEP = 30.0  # each repeated paste of the same fragment lands this much further


def fragment_of(graph: Graph, node_ids: Iterable[str]) -> Graph:
    """A new Graph holding the given nodes, every edge between two of them, and the data
    columns the nodes read."""
    keep = [nid for nid in dict.fromkeys(node_ids) if graph.has_node(nid)]
    keep_set = set(keep)
    frag = Graph(title=graph.title)
    for node in graph.nodes():
        if node.id in keep_set:
            frag.add_node(node)
    for edge in graph.edges():
        if edge.source in keep_set and edge.target in keep_set:
            frag.add_edge(edge)
    columns = {graph.node(nid).column for nid in keep} - {None}
    frag.data = {c: list(graph.data[c]) for c in sorted(columns) if c in graph.data}
    return frag


def fragment_to_text(fragment: Graph) -> str:
    return fileio.dumps_graph(fragment)


def fragment_from_text(text: str) -> Graph:
    """Parse clipboard text; raises FileFormatError naming the clipboard."""
    return fileio.loads_graph(text, _tr("the clipboard"))


def mime_for(fragment: Graph) -> QMimeData:
    text = fragment_to_text(fragment)
    mime = QMimeData()
    mime.setData(FRAGMENT_MIME, text.encode("utf-8"))
    mime.setText(text)
    return mime


def copy_to_clipboard(fragment: Graph, clipboard: QClipboard | None = None) -> None:
    (clipboard or QGuiApplication.clipboard()).setMimeData(mime_for(fragment))
    _release_at_exit()


_exit_hook = {"registered": False}


def _release_at_exit() -> None:
    """PySide crashes at interpreter exit if the clipboard still holds a QMimeData made in
    Python; hand it back to Qt (clear our own data) while the application is still alive."""
    if not _exit_hook["registered"]:
        _exit_hook["registered"] = True
        atexit.register(release_clipboard)


def release_clipboard() -> None:
    app = QGuiApplication.instance()
    if app is None:
        return
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(FRAGMENT_MIME) or clipboard.ownsClipboard():
        clipboard.clear()


def fragment_from_mime(mime: QMimeData | None) -> Graph:
    """The fragment on a clipboard or in a drop; raises FileFormatError if there is none."""
    if mime is None:
        raise FileFormatError(_tr("the clipboard"), _tr("is empty"))
    if mime.hasFormat(FRAGMENT_MIME):
        raw = bytes(mime.data(FRAGMENT_MIME).data())
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FileFormatError(
                _tr("the clipboard"), _tr("holds a damaged graph fragment")
            ) from None
        return fragment_from_text(text)
    text = mime.text().strip() if mime.hasText() else ""
    if not text.startswith("{"):
        raise FileFormatError(_tr("the clipboard"), _tr("does not hold a Backprop Studio graph"))
    return fragment_from_text(text)


def paste_from_clipboard(clipboard: QClipboard | None = None) -> tuple[Graph, str]:
    """(fragment, its text) from the system clipboard; raises FileFormatError."""
    mime = (clipboard or QGuiApplication.clipboard()).mimeData()
    fragment = fragment_from_mime(mime)
    return fragment, fragment_to_text(fragment)


class PasteOffsets:
    """Successive pastes of the same fragment step down and right, so copies do not stack."""

    def __init__(self) -> None:
        self._last_text: str | None = None
        self._count = 0

    def next(self, text: str) -> tuple[float, float]:
        if text == self._last_text:
            self._count += 1
        else:
            self._last_text, self._count = text, 1
        step = PASTE_STEP * self._count
        return (step, step)


class EditActions:
    """Cut, copy, paste, duplicate, delete and select-all for one window's selection."""

    def __init__(self, window: WindowApi) -> None:
        self.window = window
        self.offsets = PasteOffsets()

    def _selection(self) -> tuple[list[str], list[str]]:
        scene = self.window.scene
        return scene.selected_node_ids(), scene.selected_edge_ids()

    def copy(self) -> bool:
        nodes, _ = self._selection()
        if not nodes:
            self.window.set_status(
                QCoreApplication.translate("EditActions", "Select nodes to copy")
            )
            return False
        fragment = fragment_of(self.window.document.graph, nodes)
        copy_to_clipboard(fragment)
        n = len(fragment)
        self.window.set_status(
            (
                QCoreApplication.translate("EditActions", "Copied %1 node")
                if n == 1
                else QCoreApplication.translate("EditActions", "Copied %1 nodes")
            ).replace("%1", str(n))
        )
        return True

    def cut(self) -> bool:
        if not self.copy():
            return False
        nodes, edges = self._selection()
        self.window.document.delete(nodes, edges)
        return True

    def paste(self) -> list[str]:
        try:
            fragment, text = paste_from_clipboard()
        except FileFormatError as exc:
            self.window.set_status(
                QCoreApplication.translate("EditActions", "Cannot paste: %1").replace(
                    "%1", str(exc)
                )
            )
            return []
        at_cursor = self._cursor_offset(fragment)
        offset = at_cursor if at_cursor is not None else self.offsets.next(text)
        return self._add(fragment, offset, "paste")

    def _cursor_offset(self, fragment: Graph) -> tuple[float, float] | None:
        """The offset that centres the fragment on the mouse, if it is over the canvas."""
        view = self.window.view
        port = view.viewport()
        pos = port.mapFromGlobal(QCursor.pos())
        if not port.rect().contains(pos) or not len(fragment):
            return None
        at = view.mapToScene(pos)
        xs = [n.position[0] for n in fragment.nodes()]
        ys = [n.position[1] for n in fragment.nodes()]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        return (round(at.x() - cx), round(at.y() - cy))

    def duplicate(self) -> list[str]:
        nodes, _ = self._selection()
        if not nodes:
            self.window.set_status(
                QCoreApplication.translate("EditActions", "Select nodes to duplicate")
            )
            return []
        fragment = fragment_of(self.window.document.graph, nodes)
        return self._add(fragment, (PASTE_STEP, PASTE_STEP), "duplicate")

    def _add(self, fragment: Graph, offset: tuple[float, float], verb: str) -> list[str]:
        ids = self.window.document.paste(fragment, offset)
        if ids:
            self.window.scene.select_ids(ids)
            n = len(fragment)
            if verb == "paste":
                text = _tr("Pasted %1 nodes") if n != 1 else _tr("Pasted %1 node")
            else:
                text = _tr("Duplicated %1 nodes") if n != 1 else _tr("Duplicated %1 node")
            self.window.set_status(text.replace("%1", str(n)))
        return ids

    def delete(self) -> bool:
        nodes, edges = self._selection()
        if not nodes and not edges:
            return False
        return self.window.document.delete(nodes, edges)

    def select_all(self) -> None:
        self.window.scene.select_all()
