"""The canvas: a QGraphicsScene that mirrors a Graph and a QGraphicsView to edit it.

``GraphScene`` follows the Graph's events and turns gestures into intent signals (it never
edits the graph); ``GraphView`` (object name ``canvas``) adds zoom, pan, fit, drops and the
op search. ``render`` draws a graph to PNG or SVG without a window.
"""

from __future__ import annotations

from .scene import GraphScene
from .view import OP_MIME, GraphView

__all__ = ["OP_MIME", "GraphScene", "GraphView"]
