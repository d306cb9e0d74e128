"""The classification generators (circles, spirals, three blobs) and CSV files with a label
column."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.model.datasets import (
    BLOB_CENTRES,
    DataError,
    circles,
    parse_labelled_csv,
    read_labelled_csv,
    spirals,
    three_blobs,
)


def _arrays(data):
    return (np.array(data[k]) for k in ("x1", "x2", "y"))


def test_circles_put_class_one_inside():
    x1, x2, y = _arrays(circles(n=101, noise=0.0, factor=0.3, seed=1))
    r = np.hypot(x1, x2)
    assert len(y) == 101 and set(y) == {0.0, 1.0} and y.sum() == 50
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_spirals_are_half_a_turn_apart():
    x1, x2, y = _arrays(spirals(n=40, noise=0.0, turns=1.0, seed=0))
    assert y.sum() == 20
    r = np.hypot(x1, x2)
    assert r.min() == pytest.approx(0.1) and r.max() == pytest.approx(1.0)
    # the point of class 1 at radius r is the point of class 0 at radius r turned by pi
    a = sorted(zip(r[y == 0], x1[y == 0], x2[y == 0], strict=True))
    b = sorted(zip(r[y == 1], x1[y == 1], x2[y == 1], strict=True))
    for (_, ax, ay), (_, bx, by) in zip(a, b, strict=True):
        assert (bx, by) == pytest.approx((-ax, -ay), abs=1e-12)


def test_three_blobs_have_three_classes_around_their_centres():
    x1, x2, y = _arrays(three_blobs(n=301, spread=0.1, seed=4))
    assert sorted(np.bincount(y.astype(int)).tolist()) == [100, 100, 101]
    for k, (cx, cy) in enumerate(BLOB_CENTRES):
        assert np.mean(x1[y == k]) == pytest.approx(cx, abs=0.05)
        assert np.mean(x2[y == k]) == pytest.approx(cy, abs=0.05)


def test_a_text_column_becomes_class_indices_in_order_of_appearance(tmp_path):
    text = "x1,x2,species\n1,2,setosa\n3,4,virginica\n5,6,setosa\n7,8,versicolor\n"
    columns, classes = parse_labelled_csv(text, "iris.csv")
    assert columns == {
        "x1": [1.0, 3.0, 5.0, 7.0],
        "x2": [2.0, 4.0, 6.0, 8.0],
        "species": [0.0, 1.0, 0.0, 2.0],
    }
    assert classes == {"species": ["setosa", "virginica", "versicolor"]}
    path = tmp_path / "iris.csv"
    path.write_text(text, encoding="utf-8")
    assert read_labelled_csv(path) == (columns, classes)


def test_a_column_mixing_numbers_and_text_is_still_an_error():
    with pytest.raises(DataError, match=r"f.csv: line 3, column 'x': 'oops' is not a number"):
        parse_labelled_csv("x,y\n1,a\noops,b\n", "f.csv")
    with pytest.raises(DataError, match="no such file"):
        read_labelled_csv("/nonexistent/file.csv")
