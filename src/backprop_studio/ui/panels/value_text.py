"""Numbers as the inspector shows and reads them: exact text that parses back to the same
float, and a value field that is one number or, for inputs, a comma-separated batch."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication


def format_exact(x: float) -> str:
    """A number as text that parses back to the same float: 2, 0.1, -1.5e-07."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def format_value_field(value: float | list[float] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(format_exact(v) for v in value)
    return format_exact(value)


def parse_value(text: str, allow_batch: bool) -> float | list[float] | None:
    """Parse a value field: empty -> None, "2" -> 2.0, "1, 2, 3" -> a batch (inputs only).
    Raises ValueError with a readable reason."""
    text = text.strip().strip("[]").strip()
    if not text:
        return None
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    if len(parts) > 1 and not allow_batch:
        raise ValueError(QCoreApplication.translate("ValueText", "a parameter holds one number"))
    numbers = []
    for p in parts:
        try:
            v = float(p)
        except ValueError:
            text = QCoreApplication.translate("ValueText", "%1 is not a number")
            raise ValueError(text.replace("%1", repr(p))) from None
        if not np.isfinite(v):
            text = QCoreApplication.translate("ValueText", "%1 is not a finite number")
            raise ValueError(text.replace("%1", repr(p)))
        numbers.append(v)
    return numbers if len(parts) > 1 else numbers[0]


def parse_number(text: str) -> float:
    v = parse_value(text, allow_batch=False)
    if v is None:
        raise ValueError("enter a number")
    return float(v)  # type: ignore[arg-type]
