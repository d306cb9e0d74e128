"""Shared helpers for the command-line verbs: loading files and printing tables and JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from ..core.model.fileio import load_graph
from ..core.model.graph import Graph


def load(path: str) -> Graph:
    """Load a graph; a FileFormatError propagates to main(), which prints it on one line."""
    return load_graph(path)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """A plain aligned text table."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
