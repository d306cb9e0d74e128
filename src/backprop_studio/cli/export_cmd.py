"""``backprop-studio export FILE``: a picture (``--png``, ``--svg``), a PyTorch training script
(``--pytorch OUT.py``) or the derivation for homework and slides (``--markdown OUT.md``,
``--latex OUT.tex``).

The script and the derivation come from core/export (no Qt). The pictures render with the canvas's own drawing code and no window (the offscreen Qt platform is used
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
from ..core.model.fileio import write_text_atomic
from ..core.model.graph import Graph
from .output import load


class ExportError(BackpropError):
    """An output file that cannot be written."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="render a graph to PNG/SVG, or write it as a PyTorch script or a derivation",
        description="Render FILE as a picture, using the same drawing as the canvas (--png, "
        "--svg), write a standalone PyTorch script that trains it like `train` (--pytorch), "
        "or the forward and backward pass worked out step by step (--markdown, --latex). "
        "Give one or more.",
    )
    p.add_argument("file")
    p.add_argument("--png", metavar="OUT.png", help="write a PNG image")
    p.add_argument("--svg", metavar="OUT.svg", help="write an SVG drawing")
    p.add_argument(
        "--pytorch", metavar="OUT.py", help="write a PyTorch script that trains the graph"
    )
    p.add_argument("--markdown", metavar="OUT.md", help="write the derivation as Markdown")
    p.add_argument("--latex", metavar="OUT.tex", help="write the derivation as LaTeX")
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


def export_text(graph: Graph, key: str, source: str, path: str) -> str:
    """The text of one text export (``pytorch``, ``markdown`` or ``latex``) of ``graph``."""
    from ..core.training.settings import TrainingSettings

    try:
        if key == "pytorch":
            from ..core.export.pytorch import pytorch_script

            settings = TrainingSettings.from_graph(graph, source)
            return pytorch_script(graph, settings, Path(path).name)
        from ..core.export.derivation import derivation

        return derivation(graph, "latex" if key == "latex" else "markdown")
    except ValueError as exc:  # an op an exporter does not know
        raise ExportError(f"{source}: {exc}") from None


def _check_target(path: str, kind: str) -> None:
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {kind} {path}: folder {folder} does not exist")
    if Path(path).is_dir():
        raise ExportError(f"cannot write {kind} {path}: it is a folder")


TEXT_KINDS = (("pytorch", "PyTorch script"), ("markdown", "Markdown"), ("latex", "LaTeX"))


def run(args: argparse.Namespace) -> int:
    texts = [(getattr(args, key), kind, key) for key, kind in TEXT_KINDS if getattr(args, key)]
    if not args.png and not args.svg and not texts:
        print(
            "backprop-studio export: give --png, --svg, --pytorch, --markdown or --latex",
            file=sys.stderr,
        )
        return 2
    if not 0.1 <= args.scale <= 16:
        print("backprop-studio export: --scale must be between 0.1 and 16", file=sys.stderr)
        return 2
    graph = load(args.file)
    for path, kind in ((args.png, "PNG"), (args.svg, "SVG"), *((t[0], t[1]) for t in texts)):
        if path:
            _check_target(path, kind)
    for path, kind, key in texts:
        text = export_text(graph, key, args.file, path)
        try:
            write_text_atomic(path, text)
        except OSError as exc:
            raise ExportError(f"cannot write {kind} {path}: {exc.strerror or exc}") from None
        print(f"wrote {path} ({kind}, {text.count(chr(10))} lines)")
    if not args.png and not args.svg:
        return 0

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
