"""A snapshot (what autosave and the landscape's thread read) saves exactly like its graph.

Every field a file holds must be in the snapshot: a field the Graph gains (groups, say) and the
snapshot lacks makes background work fail or save less than the user has.
"""

from __future__ import annotations

import pytest

from backprop_studio.core.model.fileio import dumps_graph, load_graph
from backprop_studio.core.model.groups import Group
from backprop_studio.core.model.snapshot import take_snapshot
from backprop_studio.resources_path import example_path, list_examples


@pytest.mark.parametrize("path", list_examples(), ids=lambda p: p.stem)
def test_a_snapshot_saves_like_its_graph(path) -> None:
    graph = load_graph(path)
    snap = take_snapshot(graph)
    assert dumps_graph(snap) == dumps_graph(graph)
    assert dumps_graph(snap.to_graph()) == dumps_graph(graph)


def test_a_snapshot_keeps_groups_and_does_not_follow_later_edits() -> None:
    graph = load_graph(example_path("xor_network"))
    graph.add_group(Group("g1", "neuron h1", ("h1", "b1"), collapsed=True))
    snap = take_snapshot(graph)
    before = dumps_graph(graph)
    graph.remove_group("g1")
    assert '"groups"' in dumps_graph(snap)
    assert dumps_graph(snap) == before
    assert [g.id for g in snap.to_graph().groups()] == ["g1"]
