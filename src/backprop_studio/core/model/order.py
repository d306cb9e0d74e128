"""Topological orders of a graph given as integer arrays, ties broken by document order.

Nodes are numbered by their place in the document (0 is the first node), so the order the
Graph promises (every node after all its inputs; among the nodes that are ready, the first
in the document) is the smallest topological order of those numbers. Computing it on
integers (numpy for the bookkeeping, one heap of ints) instead of on node ids keeps compiling
a 100,000-node graph to a fraction of a second; :func:`is_acyclic` answers the loader's
cycle question the same way. No networkx here: this runs on every compile. Given plain lists
(a small graph), the bookkeeping is plain Python and numpy is not imported.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lazy import np

if TYPE_CHECKING:
    from numpy import ndarray

SMALL = 2_000  # below this many pairs, plain lists are quicker than importing numpy


def smallest_order(
    n: int, first: ndarray | Sequence[int], then: ndarray | Sequence[int]
) -> list[int] | None:
    """The smallest ordering of ``0 .. n-1`` in which ``first[k]`` comes before ``then[k]``
    for every k (Kahn's algorithm with a min-heap: O((n + m) log n)), or None if the pairs
    make a cycle. A pair may repeat (two edges between the same nodes)."""
    if isinstance(first, list | tuple):
        if all(map(operator.lt, first, then)):  # the usual file: in topological order already
            return list(range(n))
        if len(first) < SMALL:
            return _smallest_order_lists(n, first, then)
    first = np.asarray(first, dtype=np.intp)
    then = np.asarray(then, dtype=np.intp)
    if not len(first) or bool((first < then).all()):
        return list(range(n))  # the document order is already topological, hence the smallest
    by_first = np.argsort(first, kind="stable")
    successors = then[by_first].tolist()
    starts = np.zeros(n + 1, dtype=np.intp)
    np.cumsum(np.bincount(first, minlength=n), out=starts[1:])
    bounds = starts.tolist()
    pending = np.bincount(then, minlength=n).tolist()
    return _kahn(n, pending, successors, bounds)


def _smallest_order_lists(n: int, first: Sequence[int], then: Sequence[int]) -> list[int] | None:
    """:func:`smallest_order` on plain lists (a small graph: no numpy)."""
    after: list[list[int]] = [[] for _ in range(n)]
    pending = [0] * n
    for a, b in zip(first, then, strict=True):
        after[a].append(b)
        pending[b] += 1
    bounds = [0, *itertools.accumulate(map(len, after))]
    return _kahn(n, pending, list(itertools.chain.from_iterable(after)), bounds)


def _kahn(n: int, pending: list[int], successors: list[int], bounds: list[int]) -> list[int] | None:
    """Kahn's algorithm with a min-heap over the in-degrees ``pending`` (changed in place);
    node i's successors are ``successors[bounds[i] : bounds[i + 1]]``."""
    ready = [i for i, count in enumerate(pending) if count == 0]  # ascending: already a heap
    order: list[int] = []
    append, pop, push = order.append, heapq.heappop, heapq.heappush
    while ready:
        i = pop(ready)
        append(i)
        for j in successors[bounds[i] : bounds[i + 1]]:
            pending[j] -= 1
            if not pending[j]:
                push(ready, j)
    return order if len(order) == n else None


def is_acyclic(n: int, first: ndarray | Sequence[int], then: ndarray | Sequence[int]) -> bool:
    """Whether the pairs ``first[k] -> then[k]`` over ``0 .. n-1`` make no cycle."""
    return smallest_order(n, first, then) is not None
