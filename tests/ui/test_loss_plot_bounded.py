"""The loss plot's curve buffers stay bounded on long runs and draw the same envelope."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from backprop_studio.ui.training.loss_plot import CurveBuffer


def test_a_curve_fed_in_slices_stays_bounded_and_keeps_its_envelope(qtbot):
    rng = np.random.default_rng(3)
    total, limit, width = 65_536, 2_000, 256  # 256 steps per pixel column
    y = np.exp(-np.arange(total) / 9000.0) + 0.2 * rng.random(total)
    y[rng.integers(0, total, 10)] += 2.0
    curve = CurveBuffer(pg.PlotDataItem())
    curve.limit = limit
    start = 0
    while start < total:  # the worker's updates: a few hundred points each
        n = int(rng.integers(50, 700))
        steps = np.arange(start, min(start + n, total), dtype=float)
        curve.put_points(steps, y[steps.astype(int)])
        start += n
        assert curve.n <= limit
    xs, ys = curve.data
    assert np.all(np.diff(xs) > 0) and xs[-1] == total - 1
    np.testing.assert_array_equal(ys, y[xs.astype(int)])
    col_full = np.arange(total) * width // total
    col_kept = xs.astype(int) * width // total
    for reduce in (np.minimum, np.maximum):
        full = np.full(width, np.nan)
        kept = np.full(width, np.nan)
        full[:] = [reduce.reduce(y[col_full == c]) for c in range(width)]
        kept[:] = [reduce.reduce(ys[col_kept == c]) for c in range(width)]
        np.testing.assert_array_equal(kept, full)
    shown_x, shown_y = curve.item.getData()
    assert len(shown_x) == curve.n
    # the final snapshot of a session replaces the curve from its first point
    curve.put_points(np.arange(10, dtype=float), np.ones(10))
    assert curve.n == 10 and list(curve.data[1]) == [1.0] * 10
