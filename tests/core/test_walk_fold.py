"""Stepping a collapsed group as one term: the combined local derivative, unchanged
contributions, and groups that cannot fold."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.build_mlp import build_mlp
from backprop_studio.core.walk.fold import fold_groups, foldable_outputs
from backprop_studio.core.walk.steps import Walk


def net(collapse: str = "neuron h1"):
    g = build_mlp([2, 2, 1], seed=3)
    for group in g.groups():
        g.update_group(group.id, collapsed=group.label == collapse)
    return g


def test_a_collapsed_neuron_is_one_term_per_entering_edge():
    g = net()
    full = Walk(g)
    folded = Walk(g, fold_groups=True)
    # neuron h1: bias -> z, z -> h inside; x1 -> z and x2 -> z enter
    inner = {"e_b1_1", "e_z1_1"}
    assert len(folded.trace) == len(full.trace) - len(inner)
    assert inner.isdisjoint(t.edge for t in folded.trace)
    assert [t.index for t in folded.trace] == list(range(len(folded.trace)))
    result = compile_plan(g).run()
    h = np.asarray(result.values["h1_1"])
    for edge in ("w1_1_1", "w1_1_2"):
        term = next(t for t in folded.trace if t.edge == edge)
        original = next(t for t in full.trace if t.edge == edge)
        assert term.target == "h1_1"  # the neuron's output
        np.testing.assert_allclose(term.local, 1 - h * h)  # tanh'(z) * dz/d(arg) = 1 - h^2
        np.testing.assert_allclose(term.upstream, result.grads["h1_1"])
        np.testing.assert_allclose(term.upstream * term.local * term.weight, original.contribution)
        np.testing.assert_array_equal(term.contribution, original.contribution)
        assert "h1_1" in term.text
    folded.run_backward()
    assert folded.backward_done


def test_groups_that_are_open_or_have_two_outputs_stay_as_they_are():
    g = net(collapse="")
    assert foldable_outputs(g) == {}
    result = compile_plan(g).run(record=True)
    assert fold_groups(g, result.trace, result.grads) is result.trace
    g.update_group(g.groups()[0].id, collapsed=True)
    assert list(foldable_outputs(g).values()) == ["h1_1"]
    # the whole hidden layer in one group: two outputs (h1_1, h1_2) -> not folded
    g2 = build_mlp([2, 2, 1])
    ids = [grp.id for grp in g2.groups()[:2]]
    members = [m for i in ids for m in g2.group(i).nodes]
    for i in ids:
        g2.remove_group(i)
    from backprop_studio.core.model.groups import Group

    g2.add_group(Group("layer", "hidden layer", tuple(members), collapsed=True))
    assert foldable_outputs(g2) == {}
    with pytest.raises(KeyError):
        foldable_outputs(g2)["layer"]
