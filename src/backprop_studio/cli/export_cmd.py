"""``backprop-studio export FILE --png OUT.png`` / ``--svg OUT.svg``: a picture of a graph.

Renders with the canvas's own drawing code and no window (the offscreen Qt platform is used
when there is no display). By default the picture shows each node's value and gradient when
the graph can be evaluated; ``--no-values`` draws the bare graph. A graph that cannot be
evaluated is still drawn, its faulty nodes outlined in red, with a note on stderr. A graph
too large for the picture limits (16,384 px a side, 64 megapixels) is scaled down, with a note
on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.model.errors import MAX_PATH, BackpropError, GraphError, one_line
from .output import load


class ExportError(BackpropError):
    """An output file that cannot be written."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="render a graph to PNG and/or SVG without a window",
        description="Render FILE as a picture, using the same drawing as the canvas. "
        "Give --png, --svg or both.",
    )
    p.add_argument("file")
    p.add_argument("--png", metavar="OUT.png", help="write a PNG image")
    p.add_argument("--svg", metavar="OUT.svg", help="write an SVG drawing")
    p.add_argument(
        "--theme", choices=("light", "dark"), default="light", help="colours (default: light)"
    )
    p.add_argument(
        "--scale",
        type=float,
        default=2.0,
        help="PNG pixels per canvas pixel (default 2: sharp on slides and high-DPI screens)",
    )
    p.add_argument("--no-values", action="store_true", help="do not evaluate: draw the graph only")
    p.set_defaults(func=run)


def _check_target(path: str, kind: str) -> None:
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {kind} {path}: folder {folder} does not exist")
    if Path(path).is_dir():
        raise ExportError(f"cannot write {kind} {path}: it is a folder")


def run(args: argparse.Namespace) -> int:
    if not args.png and not args.svg:
        print("backprop-studio export: give --png OUT.png and/or --svg OUT.svg", file=sys.stderr)
        return 2
    if not 0.1 <= args.scale <= 16:
        print("backprop-studio export: --scale must be between 0.1 and 16", file=sys.stderr)
        return 2
    graph = load(args.file)
    for path, kind in ((args.png, "PNG"), (args.svg, "SVG")):
        if path:
            _check_target(path, kind)

    from ..core.engine.plan import evaluate

    result, problems = None, []
    if not args.no_values:
        problems = graph.problems()
        if not problems:
            try:
                result = evaluate(graph, record=False)
            except GraphError as exc:
                problems = exc.problems
        if problems:
            print(
                f"backprop-studio export: {one_line(args.file, MAX_PATH)}: drawn without "
                f"values: {problems[0]}",
                file=sys.stderr,
            )

    from ..ui.canvas.render import (
        MAX_PIXELS,
        MAX_SIDE,
        build_scene,
        image_scale,
        save_scene_png,
        save_scene_svg,
    )

    scene = build_scene(graph, result, problems, theme=args.theme)
    used = image_scale(scene, args.scale) if args.png else args.scale
    if used < args.scale:
        if used > 0:
            what = f"drawn at scale {used:.3g} instead of {args.scale:g}"
        else:
            what = "its positions are too far apart to draw: the picture is blank"
        print(
            f"backprop-studio export: {one_line(args.file, MAX_PATH)}: the graph is too large "
            f"for a {args.scale:g}x PNG (limit {MAX_SIDE:,} px a side, "
            f"{MAX_PIXELS // 1_000_000} megapixels): {what}",
            file=sys.stderr,
        )
    try:
        if args.png:
            size = save_scene_png(scene, args.png, args.scale)
            print(f"wrote {args.png} ({size.width()}×{size.height()} px)")
        if args.svg:
            size = save_scene_svg(scene, args.svg, graph.title, graph.description)
            print(f"wrote {args.svg} ({size.width()}×{size.height()})")
    except OSError as exc:
        raise ExportError(str(exc)) from None
    return 0
