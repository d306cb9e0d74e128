"""The app icon: every PNG size exists, is what the SVG renders to, shows the graph and the
orange backward edge even at 16 px, and is the window icon set by apply_identity()."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from backprop_studio import APP_ID, APP_NAME, ORG_NAME
from backprop_studio.resources_path import resources_dir
from backprop_studio.ui.shell.identity import ICON_SIZES, app_icon, apply_identity, icon_paths

ROOT = Path(__file__).resolve().parents[2]


def load_render_icons():
    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "packaging" / "render_icons.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def colour_counts(image: QImage) -> dict[str, int]:
    """Opaque pixels by kind: the orange backward edge, the white nodes, the blue tile."""
    counts = {"orange": 0, "white": 0, "blue": 0, "opaque": 0}
    for y in range(image.height()):
        for x in range(image.width()):
            c = QColor(image.pixelColor(x, y))
            if c.alpha() < 200:
                continue
            counts["opaque"] += 1
            r, g, b = c.red(), c.green(), c.blue()
            if r > 200 and 90 < g < 190 and b < 120:
                counts["orange"] += 1
            elif r > 200 and g > 200 and b > 200:
                counts["white"] += 1
            elif b > r + 40:
                counts["blue"] += 1
    return counts


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_exists_with_its_size_and_shows_the_graph(qapp, size):
    image = QImage(str(icon_paths()["png"][size]))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    counts = colour_counts(image)
    area = size * size
    assert counts["opaque"] > 0.7 * area  # the tile fills the icon
    assert counts["blue"] > 0.3 * area
    assert counts["orange"] >= max(3, 0.03 * area)  # the backward edge is visible
    assert counts["white"] >= max(3, 0.02 * area)  # the nodes are visible
    # transparent corners (rounded tile), not a square block
    assert QColor(image.pixelColor(0, 0)).alpha() < 128


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_is_what_the_svg_renders(qapp, size):
    """Editing an SVG without re-running packaging/render_icons.py fails here."""
    module = load_render_icons()
    fresh = module.render(module.svg_for(size), size)
    committed = QImage(str(icon_paths()["png"][size])).convertToFormat(fresh.format())
    total = 0
    for y in range(size):
        for x in range(size):
            a, b = QColor(fresh.pixelColor(x, y)), QColor(committed.pixelColor(x, y))
            total += sum(
                abs(p - q)
                for p, q in zip(a.getRgb(), b.getRgb(), strict=True)  # r, g, b, alpha
            )
    assert total / (size * size * 4) < 2.0  # allow antialiasing differences between Qt builds


def test_small_sizes_use_the_simplified_svg():
    module = load_render_icons()
    assert module.svg_for(16).name == "backprop-studio-small.svg"
    assert module.svg_for(24).name == "backprop-studio-small.svg"
    assert module.svg_for(32).name == "backprop-studio.svg"
    assert module.SIZES == ICON_SIZES


def test_svgs_are_valid_and_self_contained(qapp):
    from PySide6.QtSvg import QSvgRenderer

    for key in ("svg", "small_svg"):
        path = icon_paths()[key]
        text = path.read_text(encoding="utf-8")
        assert "<image" not in text and 'xlink:href="http' not in text  # no external data
        assert QSvgRenderer(str(path)).isValid(), path
    assert (resources_dir() / "icons" / "backprop-studio.svg").is_file()


def test_app_icon_offers_every_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert set(ICON_SIZES) <= sizes
    # the 16 px pixmap is the hand-tuned small rendering, not a downscaled 256
    small = icon.pixmap(16, 16).toImage()
    assert colour_counts(small)["orange"] >= 3


def test_apply_identity_sets_names_desktop_id_and_window_icon(qapp):
    saved = (
        qapp.applicationName(),
        qapp.organizationName(),
        qapp.organizationDomain(),
        qapp.desktopFileName(),
        qapp.applicationVersion(),
        qapp.windowIcon(),
    )
    try:
        apply_identity(qapp)
        assert qapp.applicationName() == APP_NAME
        assert qapp.organizationName() == ORG_NAME
        assert qapp.organizationDomain()
        assert qapp.desktopFileName() == APP_ID
        assert qapp.applicationVersion()
        assert set(ICON_SIZES) <= {s.width() for s in qapp.windowIcon().availableSizes()}
    finally:
        qapp.setApplicationName(saved[0])
        qapp.setOrganizationName(saved[1])
        qapp.setOrganizationDomain(saved[2])
        qapp.setDesktopFileName(saved[3])
        qapp.setApplicationVersion(saved[4])
        qapp.setWindowIcon(saved[5])
