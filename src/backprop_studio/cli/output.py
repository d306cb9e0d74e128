"""Shared helpers for the command-line verbs: loading files and printing tables and JSON."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from ..core.model.fileio import load_graph
from ..core.model.graph import Graph


def load(path: str) -> Graph:
    """Load a graph; a FileFormatError propagates to main(), which prints it on one line."""
    return load_graph(path)


def print_json(data: Any) -> None:
    """Strict JSON on stdout: a NaN or infinity is printed as null (never the bare tokens
    ``NaN`` / ``Infinity``, which JSON does not have)."""
    try:
        json.dumps(data, allow_nan=False)  # the fast (C) encoder finds a NaN or infinity
    except ValueError:
        data = finite_or_null(data)
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def finite_or_null(data: Any) -> Any:
    """``data`` with every non-finite float replaced by None (lists and dicts walked)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite_or_null(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite_or_null(v) for v in data]
    return data


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """A plain aligned text table."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
