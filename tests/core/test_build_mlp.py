"""Dense layers and whole networks: initialisation, ids, groups, data that fits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_studio.core.model.build_mlp import (
    BuildError,
    build_mlp,
    dense_layer,
    init_weights,
    mlp_data,
)


def test_xavier_for_tanh_and_he_for_relu():
    rng = np.random.default_rng(0)
    w = init_weights("tanh", 200, 100, rng)
    limit = math.sqrt(6 / 300)
    assert w.shape == (100, 200) and np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.99 * limit  # uniform up to the limit
    he = init_weights("relu", 200, 100, rng)
    assert he.std() == pytest.approx(math.sqrt(2 / 200), rel=0.03)


def test_a_dense_layer_is_one_group_per_neuron_with_fresh_ids():
    taken = {"b1_1", "z1_1"}
    part = dense_layer(
        ["a", "b", "c"], 2, "sigmoid", rng=np.random.default_rng(1), taken=taken.__contains__
    )
    ids = [n.id for n in part.nodes]
    assert ids == ["b1_1.2", "z1_1.2", "h1_1", "b1_2", "z1_2", "h1_2"]
    assert [g.nodes for g in part.groups] == [
        ("b1_1.2", "z1_1.2", "h1_1"),
        ("b1_2", "z1_2", "h1_2"),
    ]
    assert part.outputs == ["h1_1", "h1_2"]
    trainable = [e for e in part.edges if e.trainable]
    assert len(trainable) == 6 and {e.source for e in trainable} == {"a", "b", "c"}
    assert all(e.weight == 1.0 for e in part.edges if not e.trainable)
    with pytest.raises(BuildError, match="unknown activation 'swish'"):
        dense_layer(["a"], 1, "swish", rng=np.random.default_rng(), taken=lambda _: False)


def test_networks_evaluate_and_their_data_fits_the_sizes():
    for sizes, classes in (([1, 3, 1], None), ([4, 3, 1], None), ([2, 3, 2], 2), ([5, 2, 4], 4)):
        g = build_mlp(sizes, classes=classes)
        assert not g.problems(), sizes
        assert set(g.data) == {f"x{i + 1}" for i in range(sizes[0])} | {"y"}
        if classes:
            assert set(g.data["y"]) <= set(map(float, range(classes)))
    assert mlp_data(2, 3)["y"].count(2.0) == 20  # three blobs of 20
