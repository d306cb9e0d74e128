"""Data sets: CSV import (errors name the line and column), export, seeded generators."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.datasets import (
    GENERATORS,
    DataError,
    generate,
    line,
    parse_csv,
    read_csv,
    sine,
    to_csv,
    two_moons,
    write_csv,
    xor,
)


def test_csv_with_header_becomes_columns():
    text = "x,y\n1,2.5\n\n-3e2, 4\n"
    assert parse_csv(text) == {"x": [1.0, -300.0], "y": [2.5, 4.0]}


def test_semicolons_tabs_quotes_and_bom_are_read():
    assert parse_csv("\ufeffa;b\n1;2\n") == {"a": [1.0], "b": [2.0]}
    assert parse_csv("a\tb\n1\t2\n") == {"a": [1.0], "b": [2.0]}
    assert parse_csv('"first x",y\n"1.5",2\n') == {"first x": [1.5], "y": [2.0]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,y\n1,2\n3,abc\n", "data.csv: line 3, column 'y': 'abc' is not a number"),
        ("x,y\n1,2\n\n3\n", "data.csv: line 4 has 1 field, expected 2 (x, y)"),
        ("x,y\n1,2,3\n", "data.csv: line 2 has 3 fields, expected 2 (x, y)"),
        ("x,y\n1,\n", "data.csv: line 2, column 'y': is empty"),
        ("x,y\nnan,1\n", "data.csv: line 2, column 'x': 'nan' is not a finite number"),
        ("", "data.csv: the file is empty (expected a header row naming the columns)"),
        ("\n  \n", "data.csv: the file is empty"),
        ("x,y\n", "data.csv: has a header row (x, y) but no data rows"),
        ("x,x\n1,2\n", "data.csv: line 1: column name 'x' appears twice"),
        ("x,\n1,2\n", "data.csv: line 1, column 2: the column has no name"),
        ("1,2\n3,4\n", "data.csv: line 1: the first row must name the columns"),
    ],
)
def test_csv_errors_name_the_line_and_column(text, message):
    with pytest.raises(DataError) as info:
        parse_csv(text, "data.csv")
    assert str(info.value).startswith(message)


def test_read_csv_from_a_file_and_missing_file(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n1,2\n3,4\n", encoding="utf-8")
    assert read_csv(path) == {"x": [1.0, 3.0], "y": [2.0, 4.0]}
    with pytest.raises(DataError, match=r"nope\.csv: no such file"):
        read_csv(tmp_path / "nope.csv")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00x")
    with pytest.raises(DataError, match="is not a text file"):
        read_csv(tmp_path / "bin.csv")


def test_csv_round_trip_is_exact(tmp_path):
    data = {"x": [0.1, 1 / 3, -2.5e-7], "y": [1e300, 0.0, -1.0]}
    assert parse_csv(to_csv(data)) == data
    write_csv(data, tmp_path / "out.csv")
    assert read_csv(tmp_path / "out.csv") == data
    with pytest.raises(DataError, match=r"different lengths \(x: 1, y: 2\)"):
        to_csv({"x": [1.0], "y": [1.0, 2.0]})


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generators_repeat_with_a_seed_and_differ_with_another(name):
    spec = GENERATORS[name]
    a = generate(name, seed=3)
    b = generate(name, seed=3)
    assert a == b and tuple(a) == spec.columns
    assert len({len(col) for col in a.values()}) == 1
    assert all(math.isfinite(x) for col in a.values() for x in col)
    noisy = {"xor": {"jitter": 0.2}}.get(name, {})
    assert generate(name, seed=3, **noisy) != generate(name, seed=4, **noisy)


def test_line_follows_the_line():
    data = line(n=200, slope=-1.5, intercept=4.0, noise=0.1, seed=1)
    slope, intercept = np.polyfit(data["x"], data["y"], 1)
    assert slope == pytest.approx(-1.5, abs=0.05) and intercept == pytest.approx(4.0, abs=0.05)
    exact = line(n=5, slope=2.0, intercept=1.0, noise=0.0)
    assert exact == {"x": [-2.0, -1.0, 0.0, 1.0, 2.0], "y": [-3.0, -1.0, 1.0, 3.0, 5.0]}


def test_sine_and_xor_values():
    s = sine(n=3, noise=0.0, x_min=0.0, x_max=math.pi)
    assert s["y"] == pytest.approx([0.0, 1.0, 0.0], abs=1e-12)
    assert xor() == {
        "x1": [0.0, 0.0, 1.0, 1.0],
        "x2": [0.0, 1.0, 0.0, 1.0],
        "y": [0.0, 1.0, 1.0, 0.0],
    }
    assert len(xor(repeats=3)["y"]) == 12


def test_two_moons_shape():
    data = two_moons(n=101, noise=0.0, seed=2)
    x1, x2, y = (np.array(data[k]) for k in ("x1", "x2", "y"))
    assert len(y) == 101 and y.sum() == 50
    upper = y == 0
    # without noise the upper moon is the unit half circle, the lower one shifted by (1, 0.5)
    assert np.allclose(x1[upper] ** 2 + x2[upper] ** 2, 1.0)
    assert np.allclose((x1[~upper] - 1) ** 2 + (x2[~upper] - 0.5) ** 2, 1.0)


def test_bad_generator_settings_are_refused():
    with pytest.raises(DataError, match="unknown data generator 'spiral'"):
        generate("spiral")
    with pytest.raises(DataError, match="generator 'line' has no setting 'slopes'"):
        generate("line", slopes=1.0)
    with pytest.raises(DataError, match="points must be a whole number from 1 to 100000"):
        generate("line", n=2.5)
    with pytest.raises(DataError, match="seed must be a whole number"):
        generate("sine", seed=-1)


def test_a_generated_data_set_feeds_a_graph(example):
    graph = example("linear_regression")
    graph.set_meta(data=generate("line", n=7, seed=0))
    plan = compile_plan(graph)
    assert plan.batch_size == 7
