"""The colours of training runs, shared by the panel's run list and the plots.

Kept apart from plot_style.py so that the training panel, built with the window, does not
import pyqtgraph (0.3-0.6 s): the plots import it when their docks are first shown.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# Distinct colours (matplotlib's tab10), readable on light and dark backgrounds.
RUN_COLORS: tuple[str, ...] = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def run_color(k: int) -> QColor:
    """The colour of run ``k`` (cycling)."""
    return QColor(RUN_COLORS[k % len(RUN_COLORS)])
