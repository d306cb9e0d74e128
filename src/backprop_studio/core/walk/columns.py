"""TermColumns: what a walk reads of every term at each step, without building the terms.

A step late in a pass of 20,000 terms must not build 20,000 :class:`ChainTerm` objects to
know which edges were visited and which gradients are final. This keeps each term's edge,
source and completion flag in plain lists, and reads a term's contribution and source
gradient from a :class:`~backprop_studio.core.engine.compact_trace.CompactTrace`'s arrays
(or from the recorded terms of any other trace, e.g. a folded one). Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..engine.compact_trace import CompactTrace
from ..engine.trace import ChainTerm


class TermColumns:
    """Per term of a trace: ``edges[k]``, ``sources[k]``, ``completes[k]``, and on demand
    :meth:`contribution` and :meth:`source_grad`."""

    def __init__(self, trace: Sequence[ChainTerm]) -> None:
        self._trace = trace
        if isinstance(trace, CompactTrace):
            self._compact: CompactTrace | None = trace
            self.edges, self.sources, self.completes = trace.columns()
        else:
            self._compact = None
            self.edges = [t.edge for t in trace]
            self.sources = [t.source for t in trace]
            self.completes = [t.completes_source for t in trace]

    def contribution(self, k: int) -> np.ndarray:
        """What term ``k`` adds to its source's gradient."""
        if self._compact is not None:
            return self._compact.contribution_of(k)
        return self._trace[k].contribution

    def source_grad(self, k: int) -> np.ndarray:
        """Term ``k``'s source gradient after it (a partial sum unless it completes it)."""
        if self._compact is not None:
            return self._compact.source_grad_of(k)
        return self._trace[k].source_grad

    def last_per_source(self, count: int) -> dict[str, int]:
        """Source node id -> the last of the first ``count`` terms it receives."""
        return {u: k for k, u in enumerate(self.sources[:count])}
