"""Many edges drawn by one item from an array of curves: the edges that have no item.

A big graph creates items only for the cards in and near the view; the edges without an item
are drawn here, from the (m, 8) curves of :mod:`model_geometry` (x1, y1, cx1, cy1, cx2, cy2,
x2, y2 rows), and a mask says which rows an :class:`EdgeItem` draws instead (they are skipped).
An idle edge looks as an item draws it: the theme's edge colour, 1.8 px wide (a one-pixel
cosmetic line far out).

Why it is fast: stroking a long antialiased Bézier costs 150-500 µs in ``drawPath`` even when
clipped (``docs/benchmarks.md``), and a view of a 10k-node layered graph is crossed by ~1,400
of them. Here a paint keeps the curves whose box meets the exposed rectangle, flattens them in
numpy (points spaced more densely towards the ends, where an edge bends; more of them for
wide curves and close up: within ~0.3 px of the curve), keeps the segments
in that rectangle, clips them to it and strokes them as ONE path of separate lines, built from
the arrays by ``bulk_path.segments_path`` (faster than ``drawLines`` on a ``QPolygonF`` or a
list of ``QLineF``: ``benchmarks/bench_edge_layer.py``). Square caps, not round: Qt's raster
engine rasterises wide solid lines with flat or square caps directly, ~10 times faster than
stroking round-capped ones, and the caps overlap at the joints, so a polyline shows no gaps.

Antialiasing follows the painter (the view's render hint) unless more than
``ANTIALIAS_EDGE_LIMIT`` edges cross the visible area: antialiased wide lines cost about 4
times more than aliased ones, and a view that crowded is a mass of lines anyway
(``benchmarks/bench_edge_layer.py``). The choice depends on the whole view, not the exposed
part, so that the strips a scroll repaints all look the same. Painting without a widget
(``QGraphicsScene.render`` to an image or a printer, or into an item cache) follows the
painter alone: an exported picture is antialiased. ``set_antialiasing`` forces either. Leave
the layer uncached: Qt paints a device cache without the widget (so antialiased), and a
diagonal pan then costs more than painting the uncovered strips directly.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .bulk_path import segments_path
from .theme import Theme, light_theme

EDGE_WIDTH = 1.8  # an idle edge's pen, as EdgeItem paints it
FAR_LOD = 0.35  # below this zoom, edges are one-pixel cosmetic lines (as EdgeItem's)
EDGE_LAYER_Z = -0.25  # below the edge items (0) and the cards (1), above the overview (-1)
ANTIALIAS_EDGE_LIMIT = 500  # more edges than this across the view: drawn without antialiasing
PAD = 4.0  # scene px around the exposed rectangle (the pen's half width and caps)
_EMPTY = QRectF()
_NO_SHAPE = QPainterPath()


def _spacing(segments: int) -> np.ndarray:
    """Bernstein weights (4, segments + 1) of curve parameters spaced as Chebyshev nodes:
    denser at the ends, where an edge between ports bends (24 segments of a 10,000 px tall
    edge stay within 0.25 px of the curve)."""
    t = (1.0 - np.cos(np.pi * np.linspace(0.0, 1.0, segments + 1))) / 2.0
    s = 1.0 - t
    return np.stack([s**3, 3 * s * s * t, 3 * s * t * t, t**3])


_WEIGHTS = {n: _spacing(n) for n in (12, 24, 48, 96)}


def curve_boxes(curves: np.ndarray) -> np.ndarray:
    """Each curve's box (its control polygon's): an (m, 4) array of x0, y0, x1, y1."""
    xs, ys = curves[:, 0::2], curves[:, 1::2]
    return np.stack([xs.min(axis=1), ys.min(axis=1), xs.max(axis=1), ys.max(axis=1)], axis=1)


def flatten(curves: np.ndarray, segments: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """Points along each curve: two (k, segments + 1) arrays, xs and ys."""
    weights = _WEIGHTS.get(segments)
    if weights is None:
        weights = _spacing(segments)
    return curves[:, 0::2] @ weights, curves[:, 1::2] @ weights


def clip_segments(segments: np.ndarray, rect: tuple[float, float, float, float]) -> np.ndarray:
    """The (k, 4) segments x1, y1, x2, y2 cut to ``rect`` (x0, y0, x1, y1), those outside
    dropped (Liang-Barsky)."""
    xa, ya, xb, yb = segments.T
    dx, dy = xb - xa, yb - ya
    x0, y0, x1, y1 = rect
    lo = np.zeros(len(segments))
    hi = np.ones(len(segments))
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, xa - x0), (dx, x1 - xa), (-dy, ya - y0), (dy, y1 - ya)):
            r = q / p
            lo = np.where(p < 0, np.maximum(lo, r), lo)
            hi = np.where(p > 0, np.minimum(hi, r), hi)
            hi = np.where((p == 0) & (q < 0), -1.0, hi)  # parallel to this side, outside it
    keep = lo <= hi
    lo, hi = lo[keep], hi[keep]
    xa, ya, dx, dy = xa[keep], ya[keep], dx[keep], dy[keep]
    return np.stack([xa + lo * dx, ya + lo * dy, xa + hi * dx, ya + hi * dy], axis=1)


def segment_counts(curves: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """How many segments each curve is flattened into at zoom ``scale``, for the polyline to
    stay within ~0.3 px of the curve: more for wide curves (a long S, a backward loop) and
    close up; a tall narrow S keeps its bends within its 40 px reach."""
    xs = curves[:, 0::2]
    size = np.maximum(xs.max(axis=1) - xs.min(axis=1), 300.0) * scale
    return np.select([size <= 150, size <= 400, size <= 1600], [12, 24, 48], 96)


def visible_segments(
    curves: np.ndarray, rect: tuple[float, float, float, float], scale: float = 1.0
) -> np.ndarray:
    """The curves flattened (``segment_counts``), keeping the pieces that cross ``rect``
    (x0, y0, x1, y1), cut to it: a (k, 4) array of x1, y1, x2, y2."""
    counts = segment_counts(curves, scale)
    parts = []
    for count in np.unique(counts).tolist():
        xs, ys = flatten(curves[counts == count], count)
        ax, ay, bx, by = xs[:, :-1], ys[:, :-1], xs[:, 1:], ys[:, 1:]
        x0, y0, x1, y1 = rect
        inside = (np.minimum(ax, bx) <= x1) & (np.maximum(ax, bx) >= x0)
        inside &= (np.minimum(ay, by) <= y1) & (np.maximum(ay, by) >= y0)
        k, i = np.nonzero(inside)
        parts.append(np.stack([ax[k, i], ay[k, i], bx[k, i], by[k, i]], axis=1))
    pieces = np.concatenate(parts) if parts else np.zeros((0, 4))
    return clip_segments(pieces, rect)


class EdgeLayer(QGraphicsItem):
    """Draws the edges of a curves array that no item draws. Sits at the scene's origin
    (item coordinates are scene coordinates); takes no mouse button and has no shape, so
    clicks, hovers and ``itemAt`` go to what lies under it."""

    def __init__(self, theme: Theme | None = None) -> None:
        super().__init__()
        self._theme = theme
        self._curves = np.zeros((0, 8))
        self._boxes = np.zeros((0, 4))
        self._by_items = np.zeros(0, dtype=bool)
        self._rect = _EMPTY
        self._antialiasing: bool | None = None
        self.setZValue(EDGE_LAYER_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect

    # ------------------------------------------------------------------ data
    def set_curves(self, curves: np.ndarray, drawn_by_items: np.ndarray) -> None:
        """Draw these (m, 8) curves except the rows where ``drawn_by_items`` (m bools) is
        true. The curves are kept, not copied: they may be ``GraphGeometry.curves`` itself;
        after changing rows of it (``move_nodes``) call ``update_curves`` with those rows."""
        curves = np.asarray(curves, dtype=float).reshape(-1, 8)
        mask = np.asarray(drawn_by_items, dtype=bool).reshape(-1)
        if len(mask) != len(curves):
            raise ValueError(f"{len(curves)} curves but {len(mask)} drawn-by-items flags")
        self.prepareGeometryChange()
        self._curves, self._by_items = curves, mask
        self._boxes = curve_boxes(curves)
        self._rect = self._measure()
        self.update()

    def set_drawn_by_items(self, drawn_by_items: np.ndarray) -> None:
        """Which rows an item draws now (items were created or dropped)."""
        mask = np.asarray(drawn_by_items, dtype=bool).reshape(-1)
        if len(mask) != len(self._curves):
            raise ValueError(f"{len(self._curves)} curves but {len(mask)} drawn-by-items flags")
        changed = np.flatnonzero(mask != self._by_items)
        self._by_items = mask
        self._update_rows(changed)

    def update_curves(self, rows: np.ndarray, curves: np.ndarray) -> None:
        """The curves at ``rows`` changed (nodes moved): store them and repaint only where
        they were and are now."""
        rows = np.asarray(rows, dtype=np.intp)
        if not len(rows):
            return
        self._update_rows(rows)  # where they were
        self._curves[rows] = curves
        self._boxes[rows] = curve_boxes(self._curves[rows])
        rect = self._measure()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self._update_rows(rows)  # where they are

    def _update_rows(self, rows: np.ndarray) -> None:
        if len(rows):
            b = self._boxes[rows]
            x0, y0 = b[:, 0].min() - PAD, b[:, 1].min() - PAD
            self.update(QRectF(x0, y0, b[:, 2].max() + PAD - x0, b[:, 3].max() + PAD - y0))

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def theme(self) -> Theme:
        if self._theme is not None:
            return self._theme
        theme = getattr(self.scene(), "theme", None)
        if theme is None:
            theme = self._theme = light_theme()
        return theme

    def set_antialiasing(self, antialiasing: bool | None) -> None:
        """Force antialiasing on or off; None: as the painter, unless the view is crowded."""
        self._antialiasing = antialiasing
        self.update()

    # ------------------------------------------------------------------ geometry
    def _measure(self) -> QRectF:
        if not len(self._boxes):
            return _EMPTY
        b = self._boxes
        x0, y0 = b[:, 0].min() - PAD, b[:, 1].min() - PAD
        return QRectF(x0, y0, b[:, 2].max() + PAD - x0, b[:, 3].max() + PAD - y0)

    def boundingRect(self) -> QRectF:  # noqa: N802  (Qt's name)
        return self._rect

    def shape(self) -> QPainterPath:
        return _NO_SHAPE  # never under the mouse

    def _on_screen(self) -> QWidget | None:
        """The viewport this layer is painted on (Qt passes no widget to a scene item's
        paint from a view), or None when the scene renders to a file (no caching then)."""
        scene = self.scene()
        if scene is None or not getattr(scene, "_caching", True) or not scene.views():
            return None
        return scene.views()[0].viewport()

    def rows_in(self, rect: QRectF) -> np.ndarray:
        """Rows of the curves this layer draws whose box meets ``rect``."""
        b = self._boxes
        hit = (b[:, 0] <= rect.right()) & (b[:, 2] >= rect.left())
        hit &= (b[:, 1] <= rect.bottom()) & (b[:, 3] >= rect.top())
        return np.flatnonzero(hit & ~self._by_items)

    # ------------------------------------------------------------------ painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        exposed = option.exposedRect.adjusted(-PAD, -PAD, PAD, PAD)
        rows = self.rows_in(exposed)
        if not len(rows):
            return
        transform = painter.worldTransform()
        lod = option.levelOfDetailFromTransform(transform)
        rect = (exposed.left(), exposed.top(), exposed.right(), exposed.bottom())
        pieces = visible_segments(self._curves[rows], rect, lod)
        if not len(pieces):
            return
        path = segments_path(pieces)
        theme = self.theme()
        if lod < FAR_LOD:
            pen = QPen(theme.edge, 1.0)
            pen.setCosmetic(True)
        else:
            pen = QPen(theme.edge, EDGE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap)
        painter.save()
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        aa = self._antialiasing
        if aa is None:
            aa = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
            widget = widget or self._on_screen()
            if aa and widget is not None:
                seen, ok = transform.inverted()
                visible = seen.mapRect(QRectF(widget.rect())) if ok else exposed
                aa = len(self.rows_in(visible)) <= ANTIALIAS_EDGE_LIMIT
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, aa)
        painter.drawPath(path)
        painter.restore()
