"""How the scene's items are drawn at the current zoom: caches and the far-zoom overview.

A mixin of :class:`GraphScene` (kept apart from its graph bookkeeping):

- near (the usual): node cards and edges cache their drawing as device pixmaps, so panning
  and dragging only blit;
- while a wheel zoom is under way: one pixmap per item, drawn at the zoom the gesture started
  from, that every step only scales; sharp pixmaps again once the wheel rests;
- far (below 50 % zoom, graphs of 150+ nodes): items stop painting and the overview item
  draws them all in bulk; ports are hidden; the items still select and drag;
- rendering to a file: no caches at all, so PNG and SVG get exact vector drawing.

A mode change brings the items in sight to the new mode at once and leaves the others
"stale": a view syncs the stale items it is about to paint (``sync_drawing_modes``, called
from ``GraphView.paintEvent``). Zooming from the overview into detail, or starting and
ending a wheel gesture, so costs O(items in view), not O(items in the graph). Going far out
updates every item at once (they all come into view and must stop painting).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtWidgets import QGraphicsItem

from .node_item import NodeItem

if TYPE_CHECKING:
    from .scene import GraphScene

    _Base = GraphScene
else:
    _Base = object

FAR_ZOOM = 0.5  # below this view scale, cards are drawn plainly and ports hidden
FAR_MIN_NODES = 150  # smaller graphs paint their items at every zoom (cheap enough)
SYNC_MARGIN = 200.0  # scene px around a view's visible area synced at once
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class DrawingModes(_Base):
    """Cache and far-zoom switching; expects the attributes GraphScene sets up."""

    def view_scale_changed(self) -> None:
        """A view zoomed. Far out, node and edge items stop painting and the overview item
        draws them in bulk; ports are hidden (see overview_item.py)."""
        scale = self._view_scale()
        far = scale < FAR_ZOOM and (self.lazy or len(self._nodes) >= FAR_MIN_NODES)
        if far == self._far:
            return
        self._far = far
        self._zoom_cache_scale = scale
        self._modes_changed(eager=far)
        self._overview.invalidate()
        self._overview.setVisible(far)
        self._overview_marks.setVisible(far)
        if self._edge_layer is not None:  # a big graph's edges with no item, near in
            self._edge_layer.setVisible(not far)

    def set_zooming(self, zooming: bool) -> None:
        """A wheel zoom is under way (True) or over (False).

        While zooming, cards keep one pixmap at their own size that every zoom step just
        scales (ItemCoordinateCache), instead of repainting every visible card at each step;
        when the zoom settles they are painted sharp again at the final scale."""
        if zooming == self._zooming:
            return
        self._zooming = zooming
        self._zoom_cache_scale = self._view_scale()
        self._cache_overview()  # redrawn at every wheel step anyway: no pixmap to redo
        if self.lazy and not zooming:
            self._overview.update()  # a big graph's picture, sharp again at the final zoom
        if not self._far:
            self._modes_changed(eager=False)

    def _cache_overview(self) -> None:
        """The overview keeps its picture as a pixmap (a pan blits it), except while a wheel
        zoom is under way, when rendering to a file and for a big graph (lazy items): a pan
        of one bigger than the view repaints its cache for the bounding rectangle of the L
        the scroll uncovers, i.e. the whole view, while uncached it paints the two strips
        (GraphView.paintEvent), cut to them."""
        cached = self._caching and not self._zooming and not self.lazy
        self._overview.setCacheMode(
            QGraphicsItem.CacheMode.DeviceCoordinateCache
            if cached
            else QGraphicsItem.CacheMode.NoCache
        )

    def _view_scale(self) -> float:
        return max((v.transform().m11() for v in self.views()), default=1.0)

    def apply_cache(self, item: QGraphicsItem, allowed: bool = True) -> None:
        """Give an item the current cache mode. While zooming, its pixmap is drawn at the
        zoom the gesture started from (so it looks as before and costs no more to paint)."""
        mode = self.cache_mode() if allowed else QGraphicsItem.CacheMode.NoCache
        if mode == QGraphicsItem.CacheMode.ItemCoordinateCache:
            r = item.boundingRect()
            k = min(2.0, max(0.25, self._zoom_cache_scale))
            item.setCacheMode(
                mode, QSize(max(1, math.ceil(r.width() * k)), max(1, math.ceil(r.height() * k)))
            )
        elif mode != item.cacheMode():
            item.setCacheMode(mode)

    def cache_mode(self) -> QGraphicsItem.CacheMode:
        """How cards and edges cache their drawing now: none far out, scaled pixmaps while a
        wheel zoom is under way, sharp device pixmaps otherwise (never when rendering to a
        file: see ``set_caching``)."""
        if not self._caching:
            return QGraphicsItem.CacheMode.NoCache
        if self._far:
            return QGraphicsItem.CacheMode.NoCache
        if self._zooming:
            return QGraphicsItem.CacheMode.ItemCoordinateCache
        return QGraphicsItem.CacheMode.DeviceCoordinateCache

    def set_caching(self, enabled: bool) -> None:
        """Pixmap caches on (on screen) or off (painting to PNG/SVG: vectors, exact)."""
        self._caching = enabled
        self._cache_overview()
        self._modes_changed(eager=True)  # rendering paints every item: all of them now

    # ------------------------------------------------------------------ lazy mode changes
    def _modes_changed(self, eager: bool) -> None:
        """Bring items to the current mode: every one (``eager``), or those in sight now and
        the rest when a view paints them."""
        self._stale_modes = set()
        if eager and self._far:  # the common case of opening a big graph: keep it lean
            no_cache = QGraphicsItem.CacheMode.NoCache
            for node in self._nodes.values():
                node.setFlag(_NO_CONTENTS, True)
                node.setCacheMode(no_cache)
                for port in node.ports():
                    port.setVisible(False)
            for edge in self._edges.values():
                edge.setFlag(_NO_CONTENTS, True)
                edge.setCacheMode(no_cache)
            return
        items = [*self._nodes.values(), *self._edges.values()]
        if eager:
            for item in items:
                self._sync_item(item)
            return
        self._stale_modes = set(items)
        for view in self.views():
            visible = view.mapToScene(view.viewport().rect()).boundingRect()
            m = SYNC_MARGIN
            self.sync_drawing_modes(visible.adjusted(-m, -m, m, m))

    def sync_drawing_modes(self, rect: QRectF) -> None:
        """Bring the stale items in ``rect`` (scene coordinates) to the current mode: a view
        calls this before painting ``rect``."""
        stale = self._stale_modes
        if not stale:
            return
        mode = Qt.ItemSelectionMode.IntersectsItemBoundingRect
        for item in self.items(rect, mode):
            if item in stale:
                stale.discard(item)
                self._sync_item(item)

    def forget_drawing_mode(self, item: QGraphicsItem) -> None:
        """An item left the scene: nothing to sync."""
        self._stale_modes.discard(item)

    def _sync_item(self, item: QGraphicsItem) -> None:
        if isinstance(item, NodeItem):
            self._apply_far(item)
        else:
            item.setFlag(_NO_CONTENTS, self._far)
            item.update_cache_mode()

    def _apply_far(self, node: NodeItem) -> None:
        far = self._far
        node.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, far)
        self.apply_cache(node)
        for port in node.ports():
            port.setVisible(not far)
