"""The command line on hostile input: exit 2 and one short line, or a clean success with
strict JSON (issue 9, the loader and the command line)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from backprop_studio.cli import main
from backprop_studio.core.model.fileio import load_graph, loads_graph
from backprop_studio.core.training.settings import (
    MAX_RESTARTS,
    PANEL_RANGES,
    TrainingSettings,
    clamp_settings,
    parse_settings,
)
from backprop_studio.resources_path import example_path


def write(tmp_path, name: str, doc: dict | str) -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def example_doc(name: str) -> dict:
    return json.loads(example_path(name).read_text(encoding="utf-8"))


def one_error_line(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert len(lines[0]) < 1000
    return lines[0]


def run_cli(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backprop_studio", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
    )


# ----------------------------------------------------------------- refused files, one line each
@pytest.mark.parametrize("verb", ["eval", "check", "train", "export"])
def test_a_huge_integer_exits_2_naming_the_node(tmp_path, capsys, verb):
    doc = example_doc("single_weight")
    doc["nodes"][1]["value"] = 10**400
    path = write(tmp_path, "big.bpgraph", doc)
    extra = ["--png", str(tmp_path / "x.png")] if verb == "export" else []
    line = one_error_line(capsys, [verb, path, *extra])
    assert line.startswith(f"backprop-studio {verb}: {path}: node 'w'")


def test_a_huge_learning_rate_in_the_file_exits_2_naming_the_setting(tmp_path, capsys):
    doc = example_doc("single_weight")
    doc["training"]["learning_rate"] = 10**400
    line = one_error_line(capsys, ["train", write(tmp_path, "lr.bpgraph", doc)])
    assert 'training "learning_rate" must be a number above 0' in line


def test_deep_json_exits_2(tmp_path, capsys):
    text = "[" * 100_000 + "]" * 100_000
    line = one_error_line(capsys, ["eval", write(tmp_path, "deep.bpgraph", text)])
    assert "nested too deeply" in line


def test_a_lone_surrogate_exits_2_and_never_reaches_a_save(tmp_path, capsys):
    text = json.dumps(example_doc("single_weight")).replace('"id": "w"', '"id": "\\ud800"')
    path = write(tmp_path, "s.bpgraph", text)
    out = tmp_path / "out.bpgraph"
    line = one_error_line(capsys, ["train", path, "--output", str(out)])
    assert "node #2" in line and "surrogate" in line
    assert not out.exists()


def test_a_named_pipe_exits_2_at_once(tmp_path):
    fifo = tmp_path / "pipe.bpgraph"
    os.mkfifo(fifo)
    proc = run_cli("eval", str(fifo), timeout=30)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip() == f"backprop-studio eval: {fifo}: is a named pipe, not a regular file"
    )


def test_dev_zero_exits_2_at_once():
    proc = run_cli("check", "/dev/zero", timeout=30)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip() == "backprop-studio check: /dev/zero: is a device, not a regular file"
    )


def test_a_byte_order_mark_is_accepted(tmp_path, capsys):
    path = tmp_path / "bom.bpgraph"
    path.write_bytes(b"\xef\xbb\xbf" + example_path("single_weight").read_bytes())
    assert main(["eval", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["loss"] == 36.0


def test_a_file_name_with_a_newline_gives_one_line(tmp_path, capsys):
    path = write(tmp_path, "two\nlines.bpgraph", "{")
    line = one_error_line(capsys, ["eval", path])
    assert "two\\nlines.bpgraph: broken JSON" in line


def test_a_long_id_gives_a_bounded_line(tmp_path, capsys):
    doc = example_doc("single_weight")
    doc["nodes"][1]["id"] = "w" * 100_000
    doc["nodes"][1]["op"] = "nope"
    line = one_error_line(capsys, ["eval", write(tmp_path, "long.bpgraph", doc)])
    assert "unknown op 'nope'" in line and line.endswith("more)")


def test_an_empty_data_column_exits_2_naming_the_column(tmp_path, capsys):
    doc = example_doc("linear_regression")
    doc["data"] = {name: [] for name in doc["data"]}
    path = write(tmp_path, "empty.bpgraph", doc)
    for verb in ("eval", "train", "check"):
        line = one_error_line(capsys, [verb, path])
        assert line.startswith(f"backprop-studio {verb}: {path}: ")
        assert "data column 'x', which is empty" in line


def test_graph_problems_name_an_empty_column():
    doc = example_doc("linear_regression")
    doc["data"]["x"] = doc["data"]["y"] = []
    graph = loads_graph(json.dumps(doc))
    found = {p.node: p.message for p in graph.problems()}
    assert "which is empty" in found["x"] and "'y'" in found["y"]


# ----------------------------------------------------------------- bounded settings
def test_two_billion_restarts_in_the_file_exit_2_at_once(tmp_path):
    doc = example_doc("single_weight")
    doc["training"]["restarts"] = 2_000_000_000
    proc = run_cli("train", write(tmp_path, "r.bpgraph", doc), timeout=30)
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    assert 'training "restarts" is limited to 1,000' in proc.stderr


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--restarts", "2000000000"], "restarts must be a whole number from 1 to 1,000"),
        (["--iterations", "1" + "0" * 12], "iterations must be a whole number from 1 to"),
        (["--seed", "1" + "0" * 30], "seed must be a whole number from 0 to 2**63 - 1"),
    ],
)
def test_unbounded_options_exit_2(capsys, option, message):
    line = one_error_line(capsys, ["train", str(example_path("single_weight")), *option])
    assert message in line


def test_the_lenient_parse_clamps_and_says_so():
    settings, problems = parse_settings({"restarts": 2_000_000_000, "iterations": 10**12})
    assert settings.restarts == MAX_RESTARTS and settings.iterations == 100_000_000
    assert problems == [
        'training "iterations" is limited to 100,000,000 (the file asks for 1000000000000)',
        'training "restarts" is limited to 1,000 (the file asks for 2000000000)',
    ]


def test_clamp_settings_fits_the_panel_and_reports_each_change():
    wild = TrainingSettings(
        learning_rate=1e300, momentum=0.9999, seed=3_000_000_000, init_range=(-1e9, 5.0)
    )
    fitted, notes = clamp_settings(wild)
    assert fitted.learning_rate == PANEL_RANGES["learning_rate"][1]
    assert fitted.momentum == 0.999 and fitted.seed == 2_000_000_000
    assert fitted.init_range == (-1e6, 5.0)
    assert notes == [
        "learning rate 1e+300 is more than the panel allows: 100 used",
        "momentum 0.9999 is more than the panel allows: 0.999 used",
        "seed 3,000,000,000 is more than the panel allows: 2,000,000,000 used",
        "initialisation range [-1e+09, 5] is wider than the panel allows: [-1e+06, 5] used",
    ]
    assert clamp_settings(TrainingSettings()) == (TrainingSettings(), [])
    tiny, notes = clamp_settings(TrainingSettings(learning_rate=1e-9))
    assert tiny.learning_rate == 1e-6 and notes == [
        "learning rate 1e-09 is less than the panel allows: 1e-06 used"
    ]


# ----------------------------------------------------------------- non-finite results
def overflowing(tmp_path) -> str:
    doc = example_doc("single_weight")
    doc["nodes"][1]["value"] = 1e308  # w * x overflows to infinity
    return write(tmp_path, "inf.bpgraph", doc)


def test_eval_json_prints_null_for_non_finite_numbers_and_warns(tmp_path, capsys):
    assert main(["eval", overflowing(tmp_path), "--json"]) == 0
    text = capsys.readouterr().out
    assert "Infinity" not in text and "NaN" not in text
    out = json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name}"))
    assert out["loss"] is None and out["nodes"]["p"]["value"] is None
    assert out["nodes"]["w"]["value"] == 1e308
    warned = {(w["kind"], w["id"], w["field"]) for w in out["warnings"]}
    assert ("loss", "L", "value") in warned and ("node", "p", "value") in warned
    assert ("node", "w", "grad") in warned and ("edge", "e1", "grad") in warned
    assert ("node", "x", "value") not in warned


def test_eval_json_has_no_warnings_when_everything_is_finite(capsys):
    assert main(["eval", str(example_path("chain_rule")), "--json"]) == 0
    assert "warnings" not in json.loads(capsys.readouterr().out)


def test_eval_text_says_what_is_not_finite(tmp_path, capsys):
    assert main(["eval", overflowing(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    warning = next(line for line in lines if line.startswith("warning:"))
    assert "the loss" in warning and "value of p, L" in warning


def test_check_on_an_infinite_loss_exits_2_naming_the_file(tmp_path, capsys):
    path = overflowing(tmp_path)
    line = one_error_line(capsys, ["check", path, "--json"])
    assert line.startswith(f"backprop-studio check: {path}: the loss (L) is inf")


def test_train_json_gains_notes_on_divergence_and_batches(tmp_path, capsys):
    doc = example_doc("single_weight")
    doc["training"].update(learning_rate=5.0, batch_size=4, iterations=500)
    assert main(["train", write(tmp_path, "div.bpgraph", doc), "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["notes"][0] == "batch size 4 uses every sample: the graph has no data batch"
    assert out["notes"][1].startswith("diverged at iteration ")
    assert "kept the values after" in out["notes"][1]
    assert math.isfinite(out["final_loss"])
    assert "note: diverged" in captured.err


def test_train_json_notes_are_empty_on_a_clean_run(capsys):
    assert main(["train", str(example_path("single_weight")), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == []


def test_a_loaded_file_trains_and_saves(tmp_path, capsys):
    out = tmp_path / "t.bpgraph"
    assert main(["train", str(example_path("chain_rule")), "--output", str(out)]) == 0
    assert load_graph(out).node("a").value != 2.0


def test_an_overflow_over_a_batch_prints_no_numpy_warning(tmp_path):
    doc = example_doc("linear_regression")
    doc["data"]["x"] = [1e308] * len(doc["data"]["x"])
    path = write(tmp_path, "over.bpgraph", doc)
    for verb in ("eval", "check"):
        proc = run_cli(verb, path, "--json")
        assert "RuntimeWarning" not in proc.stderr and proc.stderr == "", proc.stderr
        json.loads(proc.stdout, parse_constant=lambda name: pytest.fail(f"bare {name}"))
