"""Render a graph to PNG or SVG without a window, with the canvas's own items.

Used by File > Export image and by ``backprop-studio export``. A fresh :class:`GraphScene`
is built for the graph (optionally showing an evaluation Result, problems or a stepper
overlay), its items are painted on a plain background in the chosen theme, and the picture is
cropped to the graph plus a margin. PNGs are drawn at ``scale`` times the canvas's size (2 by
default, crisp on slides); SVGs are vector (QtSvg's QSvgGenerator, part of
PySide6-Essentials).

Pictures are bounded: a PNG is scaled down to at most :data:`MAX_SIDE` pixels a side and
:data:`MAX_PIXELS` in all (nodes at (0, 0) and (20000, 20000) would otherwise ask for a
6.5 GB image), an SVG to :data:`MAX_SVG_SIDE`; :func:`image_scale` says what scale is used,
so callers can say so. A graph spread over +-1e308 still draws (as a tiny picture).

A QApplication is needed to lay out text; :func:`ensure_app` creates one on the offscreen
platform when there is no display (``QT_QPA_PLATFORM`` set but empty counts as unset).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from ...core.engine.plan import Result
from ...core.model.errors import Problem
from ...core.model.graph import Graph
from ...core.walk.overlay import PassOverlay
from .scene import GraphScene
from .theme import Theme, theme_by_name

MARGIN = 28.0
MAX_SIDE = 16_384  # pixels on either side of a PNG
MAX_PIXELS = 64_000_000  # pixels in a PNG (256 MB while painting)
MAX_SVG_SIDE = 65_536  # pixels on either side of an SVG's page


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    app = QApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset, or set but empty (Qt aborts on "")
        os.environ.pop("QT_QPA_PLATFORM", None)
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication(["backprop-studio"])


def build_scene(
    graph: Graph,
    result: Result | None = None,
    problems: Iterable[Problem] = (),
    overlay: PassOverlay | None = None,
    theme: Theme | str = "light",
) -> GraphScene:
    """A scene showing ``graph`` (and its evaluation / overlay), ready to paint."""
    ensure_app()
    if isinstance(theme, str):
        theme = theme_by_name(theme)
    scene = GraphScene(graph, theme=theme, lazy=False)
    scene.set_caching(False)  # draw vectors, not the on-screen pixmap caches
    if result is not None or problems:
        scene.set_evaluation(result, list(problems))
    if overlay is not None:
        scene.set_overlay(overlay)
    return scene


def content_rect(scene: GraphScene) -> QRectF:
    """The area worth drawing: every node, edge and the term box, plus a margin."""
    rect = QRectF()
    for item in [*scene.node_items(), *scene.edge_items()]:
        rect = rect.united(item.sceneBoundingRect())
    label = scene.term_label()
    if label.isVisible():
        rect = rect.united(label.sceneBoundingRect())
    if rect.isNull():
        rect = QRectF(-100, -60, 200, 120)
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _paint(scene: GraphScene, painter: QPainter, source: QRectF, target: QRectF) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.fillRect(target, scene.theme.background)
    selected = scene.selectedItems()
    for item in selected:  # an exported picture shows no selection
        item.setSelected(False)
    try:
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        for item in selected:
            item.setSelected(True)


def fitted_scale(source: QRectF, scale: float, max_side: float, max_pixels: float) -> float:
    """``scale``, or less so that ``source`` drawn at it fits the bounds (0 if it is endless)."""
    w, h = max(source.width(), 1.0), max(source.height(), 1.0)
    if not (math.isfinite(w) and math.isfinite(h)):
        return 0.0
    return min(scale, max_side / w, max_side / h, math.sqrt(max_pixels / (w * h)))


def _pixels(length: float, scale: float, most: int) -> int:
    """Whole pixels for ``length`` at ``scale``, rounded down: rounding both sides up could
    take the image past the pixel limit the scale was fitted to."""
    scaled = length * scale
    return max(1, min(most, math.floor(scaled + 1e-6))) if math.isfinite(scaled) else 1


def image_scale(scene: GraphScene, scale: float = 2.0) -> float:
    """The scale a PNG of the scene is drawn at: ``scale``, or less for a very large graph."""
    return fitted_scale(content_rect(scene), scale, MAX_SIDE, MAX_PIXELS)


def scene_to_image(scene: GraphScene, scale: float = 2.0) -> QImage:
    """Paint the scene's content into an image ``scale`` times its size (less when that would
    exceed :data:`MAX_SIDE` or :data:`MAX_PIXELS`; see :func:`image_scale`)."""
    source = content_rect(scene)
    scale = fitted_scale(source, scale, MAX_SIDE, MAX_PIXELS)
    size = QSize(
        _pixels(source.width(), scale, MAX_SIDE), _pixels(source.height(), scale, MAX_SIDE)
    )
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(scene.theme.background)
    painter = QPainter(image)
    try:
        _paint(scene, painter, source, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    # tell image viewers the picture is `scale` times 96 dpi (after painting: fonts are pixels)
    dots_per_meter = max(1, round(96 * scale / 0.0254))
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    return image


def save_scene_png(scene: GraphScene, path: str | os.PathLike[str], scale: float = 2.0) -> QSize:
    """Write the scene as a PNG; returns the image size. Raises OSError on failure."""
    image = scene_to_image(scene, scale)
    if not image.save(str(path), "PNG"):
        text = QCoreApplication.translate(
            "Render", "%1: could not write the PNG (is the folder there and writable?)"
        )
        raise OSError(text.replace("%1", str(path)))
    return image.size()


def save_scene_svg(
    scene: GraphScene, path: str | os.PathLike[str], title: str = "", description: str = ""
) -> QSize:
    """Write the scene as an SVG; returns its size in pixels. Raises OSError on failure."""
    from PySide6.QtSvg import QSvgGenerator

    target_dir = Path(path).resolve().parent
    if not target_dir.is_dir():
        text = QCoreApplication.translate(
            "Render", "%1: could not write the SVG (folder %2 does not exist)"
        )
        raise OSError(text.replace("%1", str(path)).replace("%2", str(target_dir)))
    source = content_rect(scene)
    fit = fitted_scale(source, 1.0, MAX_SVG_SIDE, float(MAX_SVG_SIDE) ** 2)
    size = QSize(
        _pixels(source.width(), fit, MAX_SVG_SIDE), _pixels(source.height(), fit, MAX_SVG_SIDE)
    )
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(96)
    generator.setTitle(title or "Backprop Studio graph")
    generator.setDescription(description or "Rendered by Backprop Studio")
    painter = QPainter()
    if not painter.begin(generator):
        text = QCoreApplication.translate(
            "Render", "%1: could not write the SVG (is the folder writable?)"
        )
        raise OSError(text.replace("%1", str(path)))
    try:
        _paint(scene, painter, source, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        text = QCoreApplication.translate("Render", "%1: could not write the SVG")
        raise OSError(text.replace("%1", str(path)))
    return size


def render_png(
    graph: Graph,
    path: str | os.PathLike[str],
    *,
    result: Result | None = None,
    problems: Iterable[Problem] = (),
    overlay: PassOverlay | None = None,
    theme: Theme | str = "light",
    scale: float = 2.0,
) -> QSize:
    """Render ``graph`` to a PNG file; returns the image size."""
    scene = build_scene(graph, result, problems, overlay, theme)
    return save_scene_png(scene, path, scale)


def render_svg(
    graph: Graph,
    path: str | os.PathLike[str],
    *,
    result: Result | None = None,
    problems: Iterable[Problem] = (),
    overlay: PassOverlay | None = None,
    theme: Theme | str = "light",
) -> QSize:
    """Render ``graph`` to an SVG file; returns its size in pixels."""
    scene = build_scene(graph, result, problems, overlay, theme)
    return save_scene_svg(scene, path, graph.title, graph.description)
