"""What a decoded .bpgraph document may hold so that it can always be saved again.

JSON allows things a document must not keep: a lone surrogate escape (``"\\ud800"``) is legal
JSON but cannot be written as UTF-8, ``1e999`` decodes to infinity (which JSON cannot write
back), and unknown fields may nest deeply enough to overflow a writer. The loader asks
:func:`text_fault` about every text it keeps and :func:`plain_fault` about every unknown field
(kept verbatim and written back), and refuses the file naming the node or field at fault.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .errors import short_repr

MAX_NESTING = 64  # levels of lists and objects inside one unknown field

_SURROGATE = re.compile("[\ud800-\udfff]")


def text_fault(text: str) -> str | None:
    """Why ``text`` cannot be saved (a lone surrogate), or None."""
    if text.isascii():  # O(1) in CPython: the common case needs no search
        return None
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return f"contains a lone surrogate (\\u{ord(found.group()):04x}), which is not valid Unicode"


def plain_fault(value: Any, depth: int = 0) -> str | None:
    """Why an unknown field's value cannot be written back unchanged, or None."""
    if isinstance(value, str):
        return text_fault(value)
    if isinstance(value, float):
        return None if math.isfinite(value) else f"holds {value!r}, which JSON cannot store"
    if isinstance(value, list | dict):
        if depth >= MAX_NESTING:
            return f"is nested more than {MAX_NESTING} levels deep"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and (fault := text_fault(key)):
                return f"has a key that {fault}"
            if fault := plain_fault(item, depth + 1):
                return fault
    return None


def fields_fault(fields: dict[str, Any]) -> str | None:
    """The first unsaveable unknown field of an object, as ``field "name" ...``, or None."""
    for key, value in fields.items():
        if fault := text_fault(key) or plain_fault(value):
            return f"field {short_repr(key)} {fault}"
    return None
