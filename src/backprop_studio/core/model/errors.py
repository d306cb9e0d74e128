"""Error types of the core: every error names the node, edge or file at fault.

Messages are one line of bounded length: :func:`one_line` escapes line breaks, other control
characters and lone surrogates (a file name with a newline stays one line, and any message can
be printed or written as UTF-8) and shortens the middle of long text, keeping the end (where an
"(and N more)" sits). :func:`short_repr` shows a value from a file in a few dozen characters.
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass

MAX_MESSAGE = 400  # characters in one error line (before the program's name)
MAX_PATH = 160  # characters of a file name shown in a message

_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029)})

_SURROGATE = re.compile("[\ud800-\udfff]")

_REPR = reprlib.Repr()
_REPR.maxstring = 40
_REPR.maxother = 40
_REPR.maxlong = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4
_REPR.maxlevel = 2


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` as one printable line of at most ``limit`` characters (middle elided)."""
    text = str(text)
    if len(text) > 2 * limit:  # cut before escaping: a message may be megabytes long
        text = f"{text[:limit]}…{text[-limit:]}"
    text = text.translate(_CONTROL)
    if _SURROGATE.search(text):  # lone surrogates cannot be encoded
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if len(text) > limit:
        keep = max(1, limit - 1)
        head = keep - keep // 3
        text = f"{text[:head]}…{text[len(text) - (keep - head) :]}"
    return text


def short_repr(value: object, limit: int = 60) -> str:
    """A value from a file in at most ``limit`` characters (huge numbers, long lists, text)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"a {digits}-digit whole number"
    try:
        text = _REPR.repr(value)
    except (ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return one_line(text, limit)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a graph or a file, and where it is."""

    message: str
    node: str | None = None
    edge: str | None = None

    def __post_init__(self) -> None:
        if len(self.message) > MAX_MESSAGE or "\n" in self.message:
            object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        return self.message


class BackpropError(Exception):
    """Base class of every error Backprop Studio raises on purpose."""


class GraphError(BackpropError):
    """An edit or an evaluation the graph refuses; names the node or edge at fault."""

    def __init__(
        self,
        message: str,
        *,
        node: str | None = None,
        edge: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(one_line(message))
        self.node = node
        self.edge = edge
        self.problems = problems if problems is not None else [Problem(message, node, edge)]


class FileFormatError(BackpropError):
    """A file that cannot be loaded; the message is one line naming the file and the fault."""

    def __init__(self, path: str, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(f"{one_line(path, MAX_PATH)}: {one_line(message)}")
        self.path = path
        self.problems = problems or []
