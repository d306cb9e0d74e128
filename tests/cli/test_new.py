"""``backprop-studio new --expression``: the file it writes evaluates to the expression's
value and gradients; code-like input exits 2 with one line and writes nothing."""

from __future__ import annotations

import json

import pytest

from backprop_studio.cli import main


def test_new_expression_then_eval_gives_value_and_every_gradient(tmp_path, capsys):
    out = tmp_path / "lesson.bpgraph"
    assert main(["new", "--expression", "(a+b)*(b+1)", "--value", "a=2", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert main(["eval", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["loss"] == 6.0
    assert data["nodes"]["a"] == {"value": 2.0, "grad": 2.0}
    assert data["nodes"]["b"] == {"value": 1.0, "grad": 5.0}
    assert [s["contribution"] for s in data["steps"] if s["source"] == "b"] == [2.0, 3.0]


@pytest.mark.parametrize(
    "expr", ["__import__('os').system('true')", "a.b", "a[0]", "lambda x: x", "'text'", "a +"]
)
def test_code_like_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, expr):
    out = tmp_path / "x.bpgraph"
    assert main(["new", "--expression", expr, "--output", str(out)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "column" in lines[0] and lines[0].startswith("backprop-studio new")
    assert captured.out == ""
    assert not out.exists()


@pytest.mark.parametrize("value", ["a", "a=x", "=2", "a=inf", "zz=1"])
def test_bad_values_exit_2_with_one_line(tmp_path, capsys, value):
    out = tmp_path / "x.bpgraph"
    assert main(["new", "--expression", "a*2", "--value", value, "-o", str(out)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not out.exists()


def test_new_needs_an_expression(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["new", "-o", str(tmp_path / "x.bpgraph")])
    assert info.value.code == 2
    assert "--expression" in capsys.readouterr().err
