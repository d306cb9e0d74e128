"""``backprop-studio train`` and ``solve``: the --json contract, output files, clean errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from backprop_studio.cli import main
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.resources_path import example_path


def train_json(capsys, name: str, *options: str) -> dict:
    assert main(["train", str(example_path(name)), "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def test_train_json_has_exactly_the_contract_shape(capsys):
    out = train_json(capsys, "single_weight")
    assert list(out) == [
        "loss_history",
        "final_loss",
        "parameters",
        "edge_weights",
        "runs",
        "best_run",
        "accuracy",
        "notes",
    ]
    assert out["accuracy"] is None  # mse: not a classification
    assert len(out["loss_history"]) == 60  # the file's iterations
    assert out["loss_history"][0] == 36.0  # loss before update 0
    assert out["final_loss"] == pytest.approx(0.0, abs=1e-18)
    assert out["parameters"] == {"w": pytest.approx(4.0, abs=1e-9)}
    assert out["edge_weights"] == {}
    assert out["runs"] == [{"seed": 0, "final_loss": out["final_loss"]}]
    assert out["best_run"] == 0


def test_options_override_the_file(capsys):
    out = train_json(
        capsys, "xor_network", "--iterations", "7", "--optimizer", "adam", "--learning-rate", "0.1"
    )
    assert len(out["loss_history"]) == 7
    assert set(out["edge_weights"]) == {"e1", "e2", "e4", "e5", "e9", "e10"}
    assert set(out["parameters"]) == {"b1", "b2", "b3"}


def test_restarts_report_every_run_and_the_best(capsys):
    out = train_json(capsys, "two_minima", "--restarts", "4", "--seed", "5")
    assert [r["seed"] for r in out["runs"]] == [5, 6, 7, 8]
    finals = [r["final_loss"] for r in out["runs"]]
    assert out["best_run"] == finals.index(min(finals))
    assert out["final_loss"] == min(finals)


def test_mini_batch_runs_repeat_with_the_seed(capsys):
    opts = ("--batch-size", "2", "--iterations", "30", "--learning-rate", "0.05")
    a = train_json(capsys, "linear_regression", *opts, "--seed", "1")
    b = train_json(capsys, "linear_regression", *opts, "--seed", "1")
    c = train_json(capsys, "linear_regression", *opts, "--seed", "2")
    assert a == b and a["loss_history"] != c["loss_history"]


def test_output_writes_the_trained_graph(tmp_path, capsys):
    out_file = tmp_path / "trained.bpgraph"
    source = example_path("single_weight")
    before = source.read_text(encoding="utf-8")
    assert main(["train", str(source), "--output", str(out_file)]) == 0
    text = capsys.readouterr().out
    assert f"saved the trained graph to {out_file}" in text
    trained = load_graph(out_file)
    assert trained.node("w").value == pytest.approx(4.0, abs=1e-9)
    original = load_graph(source)
    assert trained.training == original.training and trained.title == original.title
    assert source.read_text(encoding="utf-8") == before


def test_readable_report(capsys):
    assert main(["train", str(example_path("two_minima")), "--restarts", "3"]) == 0
    out = capsys.readouterr().out
    assert "sgd, lr 0.05, batch, 150 iterations, 3 restarts in [-2, 2], seed 0" in out
    assert "best" in out and "parameter w" in out
    assert "loss: 1.0097 -> -0.3054 (run 2 of 3)" in out


def test_progress_bar_only_on_a_terminal(capsys, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["train", str(example_path("xor_network")), "--iterations", "500"]) == 0
    drawn = term.getvalue()
    assert "\r[" in drawn and "500/500" in drawn and "#" * 30 in drawn
    assert drawn.endswith("\r\x1b[K")  # the bar is cleared at the end
    monkeypatch.undo()
    assert main(["train", str(example_path("xor_network")), "--iterations", "50"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: no bar


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backprop_studio", *args], capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--iterations", "0"], "iterations must be a whole number from 1 to 100,000,000, not 0"),
        (["--optimizer", "newton"], "argument --optimizer: invalid choice: 'newton'"),
        (["--learning-rate", "fast"], "argument --learning-rate: invalid float value: 'fast'"),
        (["--momentum", "2"], "momentum must be a number from 0 to 1, not 2.0"),
        (["--batch-size", "-1"], "batch size must be a positive whole number, not -1"),
    ],
)
def test_bad_options_exit_2_with_one_line(args, message):
    proc = run_cli("train", str(example_path("single_weight")), *args)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("backprop-studio train: ")
    assert message in lines[0]


def test_bad_files_exit_2_naming_the_file(tmp_path, capsys):
    fixed = tmp_path / "fixed.bpgraph"
    fixed.write_text(
        example_path("single_weight")
        .read_text(encoding="utf-8")
        .replace('"trainable": true', '"trainable": false')
    )
    assert main(["train", str(fixed)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"backprop-studio train: {fixed}: nothing to train: no parameter and no edge is "
        "marked trainable"
    )
    bad = tmp_path / "bad.bpgraph"
    bad.write_text(
        example_path("single_weight")
        .read_text(encoding="utf-8")
        .replace('"learning_rate": 0.02', '"learning_rate": "fast"')
    )
    assert main(["train", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f'backprop-studio train: {bad}: training "learning_rate" must be a number above 0, '
        "not 'fast'"
    )
    assert main(["train", str(tmp_path / "none.bpgraph")]) == 2
    assert "none.bpgraph: no such file" in capsys.readouterr().err
    target = tmp_path / "no" / "such" / "dir.bpgraph"
    assert main(["train", str(example_path("single_weight")), "--output", str(target)]) == 2
    assert "cannot save" in capsys.readouterr().err


def test_solve_json_gives_four(capsys):
    assert main(["solve", str(example_path("single_weight")), "--parameter", "w", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["closed_form"] is True and out["parameter"] == "w" and out["kind"] == "node"
    assert out["value"] == pytest.approx(4.0) and out["loss"] == pytest.approx(0.0, abs=1e-20)
    assert out["coefficients"] == pytest.approx([9.0, -72.0, 144.0])
    assert out["current"] == 2.0 and out["current_loss"] == 36.0


def test_solve_says_plainly_when_there_is_no_closed_form(capsys):
    assert main(["solve", str(example_path("two_minima")), "--parameter", "w"]) == 0
    out = capsys.readouterr().out
    assert "no closed form: L is not a quadratic function of w" in out
    assert "stationary points found numerically in [-3.5, 6.5]:" in out
    assert "minimum  -1.0356  -0.3054" in out
    assert main(["solve", str(example_path("two_minima")), "--parameter", "w", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["closed_form"] is False and out["value"] is None
    assert [p["kind"] for p in out["stationary_points"]] == ["minimum", "maximum", "minimum"]


def test_solve_bad_parameter_exits_2(capsys):
    path = str(example_path("single_weight"))
    assert main(["solve", path, "--parameter", "y"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"backprop-studio solve: {path}: node 'y' is an input node, not a parameter: "
        "choose a parameter or an edge"
    )
    proc = run_cli("solve", path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "backprop-studio solve: the following arguments are required: --parameter "
        "(see backprop-studio solve --help)"
    ]
