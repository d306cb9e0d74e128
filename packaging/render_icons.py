"""Render the app icon's PNG sizes from its SVGs, and copy the icons into packaging/linux.

The designed icon is ``resources/icons/backprop-studio.svg`` (used from 32 px up); 16 and 24 px
use the simplified ``resources/icons/backprop-studio-small.svg``. Each PNG is rendered with
Qt's own SVG renderer (QSvgRenderer into a QImage), so the PNGs look exactly like the icon the
app draws itself. Outputs (all committed):

- ``resources/icons/png/backprop-studio-<N>.png``: shipped in the wheel (window icon,
  ``backprop-studio install-desktop``);
- ``packaging/linux/icons/hicolor/<N>x<N>/apps/<APP_ID>.png`` and
  ``.../scalable/apps/<APP_ID>.svg``: the same icons laid out for a distribution package.

Run after editing an SVG:  ``python packaging/render_icons.py``  (``--check`` only reports
whether the committed files are up to date, exit status 1 if not).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
MAIN_SVG = ICONS / "backprop-studio.svg"
SMALL_SVG = ICONS / "backprop-studio-small.svg"
PNG_DIR = ICONS / "png"
HICOLOR = ROOT / "packaging" / "linux" / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL_SIZES = (16, 24)
# the small SVG's tile spans x, y = 3..45 of its 48-unit view box; each small size is rendered
# with the view box cropped so the tile spans 1 .. size-1 px, its edges on whole pixels
SMALL_TILE = (3.0, 45.0)
APP_ID = "io.github.backprop_studio.BackpropStudio"


def svg_for(size: int) -> Path:
    """The SVG a size is drawn from: the simplified one at 16 and 24 px."""
    return SMALL_SVG if size in SMALL_SIZES else MAIN_SVG


def png_path(size: int) -> Path:
    return PNG_DIR / f"backprop-studio-{size}.png"


def hicolor_png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def hicolor_svg_path() -> Path:
    return HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"


def render(svg: Path, size: int):  # -> QImage (PySide6 imported lazily)
    """Render ``svg`` into a transparent size x size image, antialiased."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    if svg == SMALL_SVG:
        renderer.setViewBox(small_view_box(size))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def small_view_box(size: int):  # -> QRectF
    """The view box that puts the small SVG's tile exactly on pixels 1 .. size-1."""
    from PySide6.QtCore import QRectF

    lo, hi = SMALL_TILE
    units_per_px = (hi - lo) / (size - 2)
    origin = lo - units_per_px
    return QRectF(origin, origin, size * units_per_px, size * units_per_px)


def _ensure_app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([])


def write_all() -> list[Path]:
    """Render every size into both trees and copy the scalable SVG; returns what was written."""
    _ensure_app()
    written: list[Path] = []
    for size in SIZES:
        image = render(svg_for(size), size)
        for target in (png_path(size), hicolor_png_path(size)):
            target.parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(target), "PNG"):
                raise SystemExit(f"render_icons: could not write {target}")
            written.append(target)
    hicolor_svg_path().parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MAIN_SVG, hicolor_svg_path())
    written.append(hicolor_svg_path())
    return written


def stale_files() -> list[str]:
    """What differs from a fresh render: missing files, copies out of sync, PNGs older than SVGs."""
    problems: list[str] = []
    for size in SIZES:
        png, copy = png_path(size), hicolor_png_path(size)
        for p in (png, copy):
            if not p.is_file():
                problems.append(f"{p.relative_to(ROOT)} is missing")
        if png.is_file() and copy.is_file() and png.read_bytes() != copy.read_bytes():
            problems.append(f"{copy.relative_to(ROOT)} differs from {png.relative_to(ROOT)}")
    svg_copy = hicolor_svg_path()
    if not svg_copy.is_file() or svg_copy.read_bytes() != MAIN_SVG.read_bytes():
        problems.append(f"{svg_copy.relative_to(ROOT)} differs from {MAIN_SVG.relative_to(ROOT)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_files()
        for p in problems:
            print(f"stale: {p}")
        return 1 if problems else 0
    for path in write_all():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
