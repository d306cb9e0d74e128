"""``backprop-studio export FILE --png/--svg``: real pictures without a window, clean errors."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from PySide6.QtGui import QImage

from backprop_studio.cli import main
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.resources_path import example_path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _distinct_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_export_png_writes_a_real_picture(qapp, tmp_path, capsys):
    out = tmp_path / "chain.png"
    assert main(["export", str(example_path("chain_rule")), "--png", str(out)]) == 0
    assert out.read_bytes()[:8] == PNG_MAGIC
    image = QImage(str(out))
    assert not image.isNull()
    # scale 2 by default: about twice the graph's extent (6 cards of 140 px over 3 columns)
    assert image.width() > 2 * 500 and image.height() > 2 * 250
    assert _distinct_colours(image) > 20  # cards, headers, text: not a blank image
    assert "wrote" in capsys.readouterr().out


def test_export_svg_is_valid_svg_with_the_labels_as_text(qapp, tmp_path):
    out = tmp_path / "xor.svg"
    assert main(["export", str(example_path("xor_network")), "--svg", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    texts = "".join(el.text or "" for el in root.iter() if el.tag.endswith("text"))
    for label in ("prediction", "MSE", "tanh", "loss"):
        assert label in texts
    # vectors only: no on-screen pixmap cache was pasted in as a picture
    assert not [el for el in root.iter() if el.tag.endswith("image")]
    from PySide6.QtSvg import QSvgRenderer

    assert QSvgRenderer(str(out)).isValid()


def test_export_both_dark_without_values(qapp, tmp_path):
    png, svg = tmp_path / "a.png", tmp_path / "a.svg"
    code = main(
        [
            "export",
            str(example_path("single_weight")),
            "--png",
            str(png),
            "--svg",
            str(svg),
            "--theme",
            "dark",
            "--scale",
            "1",
            "--no-values",
        ]
    )
    assert code == 0 and png.is_file() and svg.is_file()
    image = QImage(str(png))
    from backprop_studio.ui.canvas.theme import dark_theme

    assert image.pixelColor(2, 2).name() == dark_theme().background.name()


def test_export_of_an_invalid_graph_still_draws_and_says_why(qapp, tmp_path, capsys):
    graph = load_graph(example_path("chain_rule"))
    from backprop_studio.core.model.fileio import save_graph
    from backprop_studio.core.model.graph import Node

    graph.add_node(Node("t", "tanh", position=(600.0, 0.0)))
    src = tmp_path / "broken.bpgraph"
    save_graph(graph, src)
    out = tmp_path / "broken.png"
    assert main(["export", str(src), "--png", str(out)]) == 0
    assert out.is_file()
    err = capsys.readouterr().err
    assert "drawn without values" in err and "'t'" in err


def test_export_errors_are_one_line_and_exit_2(qapp, tmp_path, capsys):
    src = str(example_path("chain_rule"))
    assert main(["export", src]) == 2
    assert "--png" in capsys.readouterr().err
    assert (
        main(["export", str(tmp_path / "missing.bpgraph"), "--png", str(tmp_path / "x.png")]) == 2
    )
    err = capsys.readouterr().err.strip()
    assert "missing.bpgraph" in err and len(err.splitlines()) == 1
    assert main(["export", src, "--png", str(tmp_path / "no" / "dir" / "x.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert "does not exist" in err and len(err.splitlines()) == 1
    bad = tmp_path / "bad.bpgraph"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["export", str(bad), "--svg", str(tmp_path / "x.svg")]) == 2
    assert "bad.bpgraph" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


def test_export_runs_headless_in_a_fresh_process(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    out = tmp_path / "lr.png"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from backprop_studio.cli import main; sys.exit(main())",
            "export",
            str(example_path("linear_regression")),
            "--png",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert "Traceback" not in proc.stderr
