"""The loss history stays bounded on long runs (a million points, then the envelope) while
the picture a peak-downsampling plot draws from it stays the same."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.training.run_history import LossHistory, peak_decimate


def _curve(n: int, seed: int = 0) -> np.ndarray:
    """A noisy falling loss with a few spikes, like SGD on mini-batches."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    y = 5.0 * np.exp(-t / (n / 5)) + 0.3 * rng.random(n)
    y[rng.integers(0, n, 20)] += 3.0
    return y


def _columns(steps: np.ndarray, values: np.ndarray, total: int, width: int):
    """What a plot ``width`` pixels wide draws with peak downsampling: min and max per column."""
    col = (np.asarray(steps) * width // total).astype(int)
    lo = np.full(width, np.inf)
    hi = np.full(width, -np.inf)
    np.minimum.at(lo, col, values)
    np.maximum.at(hi, col, values)
    return lo, hi


def test_a_long_history_is_bounded_and_draws_the_same(tmp_path):
    limit, total = 10_000, 163_840  # 128 steps per bucket: a 1280 px plot's columns
    y = _curve(total)
    history = LossHistory(limit=limit)
    for v in y:
        history.append(float(v))
    assert len(history) == total  # every value counted...
    assert history.kept <= limit  # ...but at most `limit` kept
    assert history._state[0].nbytes <= 8 * limit and history._state[2].nbytes <= 8 * limit
    steps, values = history.steps, history.values
    assert np.all(np.diff(steps) > 0) and steps[-1] == total - 1
    np.testing.assert_array_equal(values, y[steps.astype(int)])  # real points, not averages
    for width in (320, 640, 1280):  # the loss plot's width in pixels
        full = _columns(np.arange(total), y, total, width)
        kept = _columns(steps, values, total, width)
        np.testing.assert_array_equal(kept[0], full[0])
        np.testing.assert_array_equal(kept[1], full[1])
    assert values.min() == y.min() and values.max() == y.max()


def test_a_short_history_keeps_every_value():
    history = LossHistory(capacity=4, limit=1000)
    for v in range(600):
        history.append(float(v))
    history.pop()
    assert len(history) == history.kept == 599
    np.testing.assert_array_equal(history.values, np.arange(599.0))
    np.testing.assert_array_equal(history.steps, np.arange(599.0))
    s, v = history.points_since(590)
    np.testing.assert_array_equal(s, np.arange(590.0, 599.0))
    with pytest.raises(ValueError):
        history.values[0] = 1.0  # read-only snapshot


def test_peak_decimate_keeps_each_buckets_extremes_in_order():
    steps = np.arange(10.0)
    values = np.array([3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0, 7.0, 8.0])
    s, v = peak_decimate(steps, values, 4)
    np.testing.assert_array_equal(s, [1.0, 2.0, 5.0, 6.0, 8.0, 9.0])
    np.testing.assert_array_equal(v, [1.0, 4.0, 9.0, 2.0, 7.0, 8.0])
    flat_s, flat_v = peak_decimate(np.arange(4.0), np.full(4, 2.0), 4)
    assert list(flat_v) == [2.0]  # lowest == highest: once
    # thinning again with a bigger bucket: the same as thinning once
    a = peak_decimate(*peak_decimate(steps, values, 2), 4)
    np.testing.assert_array_equal(a[1], v)
