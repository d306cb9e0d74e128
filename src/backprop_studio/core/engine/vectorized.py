"""The level-grouped vectorized engine: wide graphs and batches, recording off.

Compile (once per plan): give every node a row of a 2-D array ``V`` (rows x batch columns),
sources first, then the other nodes grouped by (topological level, op, number of inputs), each
group a contiguous block of rows. Nodes of one level never read each other, so a whole level
is computed at once: its edges are laid out group by group, port by port, and a group's
arguments are a (inputs, nodes, batch) view of the level's edge block.

Forward, per level: one gather of the source rows of all its edges, one multiply by the edge
weights, then one op call per group writing its block of output rows. Backward, level by level
from the deepest: every group writes upstream x local derivative for its edges into the
level's edge block (:mod:`.kernels`); then, for the whole level, one product gives the
edge-weight gradients, one multiply the contributions, and one sorted segment sum adds them to
their source rows (a source read by several edges gets the sum, never an overwrite). Every
edge is visited exactly once.

Scalars in a batch graph occupy a full row with the same value in every column. Their
gradient row is a set of per-column parts whose sum is dL/d(node): for a scalar feeding a
batch that sum is exactly "the sum over the batch" of the reference engine. The loss row is
seeded with 1/B per column (the mean over the batch, or a scalar loss split B ways); a
reducing op (mse, binary cross-entropy) first sums its upstream row to the true scalar, and
its local derivatives, computed per column, already carry the 1/B of the mean.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass

import numpy as np

from .choose import grouped_nodes
from .compiled import CompiledGraph, FastPass
from .kernels import Kernel, kernel_for

Array = np.ndarray
SCATTER_MATRIX_MAX = 4096  # largest one-hot matrix (targets x edges) used to sum a level


@dataclass
class _Group:
    """Nodes of one level with the same op and number of inputs: rows start..stop of V."""

    kernel: Kernel
    start: int
    stop: int
    arity: int
    first_edge: int  # its edges in the level's edge block: arity x nodes of them
    last_edge: int


@dataclass
class _Level:
    """One topological level: its groups, its edges, and how gradients reach the sources."""

    groups: list[_Group]
    src: Array  # source row of each edge of the level
    edges: Array  # edge index (plan order) of each edge of the level
    first: int  # the level's edges in the pass's (all edges x batch) buffers: first..last
    last: int
    # Adding contributions to source rows: numpy's ``G[rows] += c`` keeps only one of repeated
    # rows, so repeated sources are summed first. Without a batch (one column) by
    # ``np.bincount`` over ``inverse`` (each edge's index into ``targets``, its distinct
    # source rows); with a batch, on a small level by a one-hot (targets x edges) matrix
    # product ``scatter @ c``, on a large one in rounds of edges with distinct sources,
    # ``G[rows] += c[positions]`` per round (None: one round, all edges in order).
    targets: Array
    inverse: Array
    scatter: Array | None
    rounds: list[tuple[Array, Array]] | None


class _Workspace:
    """Buffers reused from pass to pass (allocating and first touching 100 MB costs more than
    computing in it). One per thread and batch width."""

    def __init__(self, engine: VectorizedEngine, width: int) -> None:
        self.V = np.empty((engine.n, width))
        self.G = np.empty((engine.n, width))
        self.gathered = np.empty((engine.n_edges, width))  # source values of every edge
        self.args = np.empty((engine.n_edges, width))  # ... times the edge weights
        self.through = np.empty((engine.widest_level, width))  # one level's upstream x local
        # each group's (inputs, nodes, batch) views of its level's args and through blocks
        self.blocks: list[list[tuple[Array, Array]]] = []
        for level in engine.levels:
            args = self.args[level.first : level.last]
            views = []
            for g in level.groups:
                shape = (g.arity, g.stop - g.start, width)
                views.append(
                    (
                        args[g.first_edge : g.last_edge].reshape(shape),
                        self.through[g.first_edge : g.last_edge].reshape(shape),
                    )
                )
            self.blocks.append(views)


class VectorizedEngine:
    """Runs a compiled :class:`~backprop_studio.core.engine.plan.Plan` level by level in numpy."""

    name = "vectorized"

    def __init__(self, plan: CompiledGraph, levels: list[int]) -> None:
        n = len(plan.order)
        self.n = n
        scalar_src = [int(i) for i in plan.scalar_sources]
        batch_src = [int(i) for i in plan.batch_sources]

        flat = plan.flat_inputs
        keyed, bounds = grouped_nodes(plan, levels)  # computed nodes by (level, op, arity), index
        self.row_of = np.empty(n, dtype=np.intp)  # plan index -> row of V
        self.row_of[np.concatenate([np.array(scalar_src + batch_src, dtype=np.intp), keyed])] = (
            np.arange(n)
        )
        self.n_scalar = len(scalar_src)
        self.n_batch = len(batch_src)
        self.loss_row = int(self.row_of[plan.loss_index])
        self.is_batch = _batch_nodes(plan, batch_src)
        # each group's inputs gathered from the plan's flat input arrays, port by port
        source_rows = self.row_of[flat.sources]  # the row of V each input is read from

        self.levels: list[_Level] = []
        n_level_edges = 0
        row = self.n_scalar + self.n_batch
        groups: list[_Group] = []
        src: list[Array] = []
        edges: list[Array] = []
        width = 0  # inputs of the level so far
        current = -1  # the level being laid out
        for start, stop in itertools.pairwise(bounds):
            members = keyed[start:stop]
            first = int(members[0])
            level, spec = levels[first], plan.specs[first]
            arity = int(flat.starts[first + 1] - flat.starts[first])
            if groups and level != current:
                self.levels.append(_level(groups, _joined(src), _joined(edges), n_level_edges))
                n_level_edges += width
                groups, src, edges, width = [], [], [], 0
            current = level
            needed = None
            if spec.name == "pow":
                exponents = flat.edges[flat.starts[members] + 1]
                needed = plan.edge_needs_grad[exponents]
            kernel = kernel_for(spec, needed)
            last = width + arity * len(members)
            groups.append(_Group(kernel, row, row + len(members), arity, width, last))
            at = flat.starts[members]
            for port in range(arity):  # port-major: a (arity, nodes) block
                src.append(source_rows[at + port])
                edges.append(flat.edges[at + port])
            width = last
            row += len(members)
        if groups:
            self.levels.append(_level(groups, _joined(src), _joined(edges), n_level_edges))
            n_level_edges += width
        self.n_edges = n_level_edges
        # every edge of every level, in level order (one gather of the weights per pass)
        self.level_edges = np.concatenate([lv.edges for lv in self.levels] or [np.zeros(0, int)])
        self.widest_level = max((len(lv.src) for lv in self.levels), default=0)
        self._local = threading.local()

    # ----------------------------------------------------------------- passes
    def _workspace(self, width: int) -> _Workspace:
        spaces: dict[int, _Workspace] = self._local.__dict__.setdefault("spaces", {})
        if width not in spaces:
            if len(spaces) >= 2:  # e.g. full mini-batches and a shorter last one
                spaces.clear()
            spaces[width] = _Workspace(self, width)
        return spaces[width]

    def run(
        self,
        weights: Array,
        scalar_values: Array,
        batch_values: Array | None,
        backward: bool,
        keep: bool = True,
    ) -> FastPass:
        """One pass. ``batch_values``: (batch inputs, B) rows in plan order, or None.
        ``keep=False`` computes node values and gradients in reused buffers: only the loss,
        the edge gradients and ``scalar_grads`` may be read, before the next pass."""
        t0 = time.perf_counter()
        width = 1 if batch_values is None else batch_values.shape[1]
        ws = self._workspace(width)
        V = np.empty((self.n, width)) if keep else ws.V
        V[: self.n_scalar] = scalar_values[:, None]
        if batch_values is not None:
            V[self.n_scalar : self.n_scalar + self.n_batch] = batch_values
        level_weights = weights[self.level_edges][:, None]
        for level, blocks in zip(self.levels, ws.blocks, strict=True):
            w = level_weights[level.first : level.last]
            gathered = ws.gathered[level.first : level.last]
            np.take(V, level.src, axis=0, out=gathered)
            np.multiply(gathered, w, out=ws.args[level.first : level.last])
            for g, (args, _) in zip(level.groups, blocks, strict=True):
                g.kernel.forward(args, V[g.start : g.stop])
        loss = float(V[self.loss_row].mean())
        t1 = time.perf_counter()
        if not backward:
            return self._pass(loss, V, None, None, t1 - t0, 0.0)

        G = np.zeros((self.n, width)) if keep else ws.G
        if not keep:
            G.fill(0.0)
        G[self.loss_row] = 1.0 / width
        level_edge_grads = np.empty(self.n_edges)  # in level order, scattered at the end
        G0 = G[:, 0]  # the only column without a batch
        for level, blocks in zip(reversed(self.levels), reversed(ws.blocks), strict=True):
            w = level_weights[level.first : level.last]
            edge_grad = level_edge_grads[level.first : level.last]
            gathered = ws.gathered[level.first : level.last]
            through = ws.through[: len(level.src)]  # upstream x local derivative, per edge
            for g, (args, through_block) in zip(level.groups, blocks, strict=True):
                g.kernel.through(args, V[g.start : g.stop], G[g.start : g.stop], through_block)
            if width == 1:
                np.multiply(through[:, 0], gathered[:, 0], out=edge_grad)
            else:
                np.einsum("eb,eb->e", through, gathered, out=edge_grad)
            through *= w  # now the contribution of each edge to its source
            if width == 1:
                sums = np.bincount(level.inverse, through[:, 0], len(level.targets))
                G0[level.targets] += sums
            elif level.rounds is None:
                G[level.src] += through
            elif level.scatter is not None:
                G[level.targets] += level.scatter @ through
            else:
                for positions, rows in level.rounds:
                    G[rows] += through[positions]
        edge_grads = np.zeros(len(weights))
        edge_grads[self.level_edges] = level_edge_grads
        t2 = time.perf_counter()
        return self._pass(loss, V, G, edge_grads, t1 - t0, t2 - t1)

    def _pass(
        self,
        loss: float,
        V: Array,
        G: Array | None,
        edge_grads: Array | None,
        forward_seconds: float,
        backward_seconds: float,
    ) -> FastPass:
        row_of, is_batch = self.row_of, self.is_batch

        def values() -> list:
            rows = V[row_of]
            return [r if b else r[0] for r, b in zip(rows, is_batch, strict=True)]

        def grads() -> list:
            assert G is not None
            rows = G[row_of]
            sums = rows.sum(axis=1)
            return [r if b else s for r, s, b in zip(rows, sums, is_batch, strict=True)]

        def scalar_grads(plan_indices: Array) -> Array:
            assert G is not None
            return G[row_of[plan_indices]].sum(axis=1)

        return FastPass(
            loss=loss,
            edge_grads=edge_grads,
            edges_visited=self.n_edges if G is not None else 0,
            forward_seconds=forward_seconds,
            backward_seconds=backward_seconds,
            values_in_order=values,
            grads_in_order=grads if G is not None else None,
            scalar_grads=scalar_grads if G is not None else None,
        )


def _batch_nodes(plan: CompiledGraph, batch_src: list[int]) -> list[bool]:
    """Which nodes hold a batch: reached from a batch input through non-reducing ops."""
    is_batch = [False] * len(plan.order)
    if not batch_src:
        return is_batch
    for i in batch_src:
        is_batch[i] = True
    for i, ins in enumerate(plan.inputs):  # plan order is topological
        if ins and not plan.specs[i].reduces:
            is_batch[i] = any(is_batch[ie.source] for ie in ins)
    return is_batch


def _joined(parts: list[Array]) -> Array:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)


def _level(groups: list[_Group], src: Array, edges: Array, first: int) -> _Level:
    sources = np.array(src, dtype=np.intp)
    edge_array = np.array(edges, dtype=np.intp)
    # how many earlier edges of the level share each edge's source
    by_source = np.argsort(sources, kind="stable")
    ordered = sources[by_source]
    run_start = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(src) else ordered
    run_of = np.cumsum(np.r_[False, ordered[1:] != ordered[:-1]]) if len(src) else ordered
    occurrence = np.empty(len(src), dtype=np.intp)
    occurrence[by_source] = np.arange(len(src)) - run_start[run_of]
    targets, inverse = np.unique(sources, return_inverse=True)
    n_rounds = int(occurrence.max()) + 1 if len(src) else 1
    rounds = None
    if n_rounds > 1:
        rounds = []
        for r in range(n_rounds):
            positions = np.flatnonzero(occurrence == r)
            rounds.append((positions, sources[positions]))
    scatter = None
    if rounds is not None and len(targets) * len(sources) <= SCATTER_MATRIX_MAX:
        scatter = np.zeros((len(targets), len(sources)))
        scatter[inverse, np.arange(len(sources))] = 1.0
    last = first + len(sources)
    return _Level(groups, sources, edge_array, first, last, targets, inverse, scatter, rounds)
