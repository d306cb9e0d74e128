"""``backprop-studio export`` on extreme graphs: far-apart and endless positions give a
bounded picture and a note, never an OverflowError or a multi-gigabyte image (issue 9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from backprop_studio.cli import main
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.resources_path import example_path
from backprop_studio.ui.canvas import render


def moved(tmp_path, position: list[float], name: str = "g.bpgraph") -> str:
    doc = json.loads(example_path("single_weight").read_text(encoding="utf-8"))
    doc["nodes"][1]["position"] = position
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_positions_at_plus_minus_1e308_export_without_overflow(qapp, tmp_path, capsys):
    path = moved(tmp_path, [1e308, -1e308])
    png, svg = tmp_path / "far.png", tmp_path / "far.svg"
    assert main(["export", path, "--png", str(png), "--svg", str(svg)]) == 0
    captured = capsys.readouterr()
    assert not QImage(str(png)).isNull()
    assert svg.stat().st_size > 0
    assert "too far apart to draw" in captured.err and len(captured.err.splitlines()) == 1


def test_a_graph_too_wide_for_the_limits_is_scaled_down_with_a_note(
    qapp, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(render, "MAX_SIDE", 1000)
    monkeypatch.setattr(render, "MAX_PIXELS", 400_000)
    path = moved(tmp_path, [20000.0, 20000.0])
    png = tmp_path / "wide.png"
    assert main(["export", path, "--png", str(png)]) == 0
    image = QImage(str(png))
    assert image.width() <= 1000 and image.height() <= 1000
    assert image.width() * image.height() <= 400_000
    assert image.width() > 500  # scaled to fit, not collapsed
    err = capsys.readouterr().err
    assert "too large for a 2x PNG" in err and "drawn at scale 0.0" in err


def test_the_default_limits_bound_a_20000_px_graph(qapp, tmp_path):
    scene = render.build_scene(load_graph(moved(tmp_path, [20000.0, 20000.0])))
    scale = render.image_scale(scene, 2.0)
    rect = render.content_rect(scene)
    assert 0 < scale < 2.0
    assert rect.width() * scale <= render.MAX_SIDE + 1
    assert rect.width() * rect.height() * scale**2 <= render.MAX_PIXELS * 1.001


def test_a_small_graph_keeps_its_scale(qapp):
    scene = render.build_scene(load_graph(example_path("chain_rule")))
    assert render.image_scale(scene, 2.0) == 2.0


@pytest.mark.parametrize("display", [None, ""])
def test_qt_qpa_platform_set_but_empty_does_not_abort(tmp_path, display):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = ""
    if display is not None:
        env["DISPLAY"] = display
    out = tmp_path / "chain.png"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "backprop_studio",
            "export",
            str(example_path("chain_rule")),
            "--png",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert not QImage(str(out)).isNull()
