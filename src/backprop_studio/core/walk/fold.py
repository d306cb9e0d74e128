"""Folding collapsed groups: the backward pass with each collapsed group as one term.

A collapsed group (core/model/groups.py) whose edges leave it from exactly one member, its
output o (a neuron: bias, sum, activation -> the activation), can be stepped as one block:
the edges inside it disappear from the walk, and each edge entering it (u -> member m) becomes
one term

    dL/du += dL/do · do/d(arg) · w,   do/d(arg) = (do/dm) · dm/d(arg)

whose combined local derivative do/d(arg) is the sum over the group's inner paths of the
products of their local derivatives and weights (one pass over the recorded inner terms in
visit order: every edge leaving a node is visited before the edges entering it). The
contributions are the recorded ones, so every gradient outside the group is unchanged.
Groups with several outputs are left open.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..engine.trace import ChainTerm
from ..model.graph import Graph


def foldable_outputs(graph: Graph) -> dict[str, str]:
    """{collapsed group id: its single output node} for the groups that can be folded."""
    out = {}
    for group in graph.groups():
        if not group.collapsed:
            continue
        members = set(graph.group_nodes(group.id))
        leaving = {e.source for m in members for e in graph.out_edges(m) if e.target not in members}
        if len(leaving) == 1:
            out[group.id] = leaving.pop()
    return out


def fold_groups(
    graph: Graph, trace: list[ChainTerm], grads: dict[str, np.ndarray]
) -> list[ChainTerm]:
    """The trace with every foldable collapsed group as one term per entering edge,
    re-indexed from 0 (the trace itself when nothing folds)."""
    outputs = foldable_outputs(graph)
    if not outputs:
        return trace
    owner = {m: g for g in outputs for m in graph.group_nodes(g)}
    labels = {n.id: n.display_name for n in graph.nodes()}
    loss = graph.loss_node() or ""
    inner: dict[str, np.ndarray] = {}  # member -> d(output)/d(member)
    for o in outputs.values():
        inner[o] = np.ones_like(np.asarray(grads[o], dtype=float))
    folded: list[ChainTerm] = []
    for term in trace:
        g = owner.get(term.target)
        if g is None:
            folded.append(term)
            continue
        d_target = inner.get(term.target, 0.0)
        if owner.get(term.source) == g:  # inside the group: only feeds the combined derivative
            inner[term.source] = inner.get(term.source, 0.0) + d_target * term.local * term.weight
            continue
        o = outputs[g]
        upstream = np.asarray(grads[o], dtype=float)
        local = np.asarray(d_target * term.local, dtype=float)
        names = (labels.get(loss, loss), labels[term.source], labels[o])
        folded.append(replace(term, target=o, upstream=upstream, local=local, labels=names))
    return [replace(t, index=k) for k, t in enumerate(folded)]
