"""Random graph builders for benchmarks (and anyone who needs a big graph).

Two shapes, both built only from ops that Karpathy's micrograd also has (add, mul, sub, neg,
relu, square = ``x ** 2``), so the very same graph can be timed in both engines:

- :func:`layered_graph`: ``n_nodes`` nodes in ``layers`` layers (layer 0 holds the sources),
  each node reading ~2 edges from the previous layer (sometimes from an older one). Every node
  nobody reads feeds one final ``add``, compared with a target by ``mse``: the loss depends on
  every node, so every edge carries a gradient. Edge weights keep every value in [-1, 1].
- :func:`chain_graph`: ``n_nodes`` nodes in a single line (one edge each), the deep narrow
  extreme.

``batch=None`` gives scalar inputs; ``batch=64`` gives every input a batch of 64 samples.

``ops="pow"`` adds ``pow`` nodes whose exponent is a constant input (2 or 3, or 1 on the
chain) over bases that are negative about half the time (micrograd has ``x ** c`` too);
``ops="all"`` uses every elementwise op of the registry (div, pow, exp, log, tanh, sigmoid, sin,
cos, abs, leaky_relu, identity too), the unbounded ones wrapped so values stay in [-1, 1]:
``tanh(exp(x))``, ``tanh(log(sigmoid(x)))``, ``tanh(a / sigmoid(b))``.
"""

from __future__ import annotations

import random

from backprop_studio.core.model.graph import Edge, Graph, Node

# (op, number of inputs, probability); mean in-degree ~1.95 edges per node
LAYER_OPS: tuple[tuple[str, int, float], ...] = (
    ("add", 2, 0.12),
    ("add", 3, 0.12),
    ("add", 4, 0.06),
    ("mul", 2, 0.20),
    ("sub", 2, 0.15),
    ("relu", 1, 0.15),
    ("square", 1, 0.10),
    ("neg", 1, 0.10),
)
POW_OPS: tuple[tuple[str, int, float], ...] = (
    ("add", 2, 0.10),
    ("add", 3, 0.10),
    ("add", 4, 0.05),
    ("mul", 2, 0.15),
    ("sub", 2, 0.15),
    ("relu", 1, 0.10),
    ("square", 1, 0.05),
    ("neg", 1, 0.10),
    ("pow", 1, 0.20),
)
ALL_OPS: tuple[tuple[str, int, float], ...] = (
    ("add", 2, 0.08),
    ("add", 3, 0.06),
    ("mul", 2, 0.08),
    ("sub", 2, 0.07),
    ("div", 2, 0.06),
    ("pow", 1, 0.08),
    ("relu", 1, 0.05),
    ("square", 1, 0.04),
    ("neg", 1, 0.04),
    ("exp", 1, 0.06),
    ("log", 1, 0.06),
    ("tanh", 1, 0.06),
    ("sigmoid", 1, 0.06),
    ("sin", 1, 0.04),
    ("cos", 1, 0.04),
    ("abs", 1, 0.04),
    ("leaky_relu", 1, 0.04),
    ("identity", 1, 0.04),
)
OP_SETS = {"micrograd": LAYER_OPS, "pow": POW_OPS, "all": ALL_OPS}
PORTS = {"sub": ("a", "b"), "div": ("a", "b")}


class _Builder:
    """Adds nodes and edges with fresh ids, in an order the Graph accepts cheaply."""

    def __init__(self, title: str, rng: random.Random) -> None:
        self.graph = Graph(title=title)
        self.rng = rng
        self.n_edges = 0

    def node(self, nid: str, op: str, **kw) -> str:
        self.graph.add_node(Node(nid, op, **kw))
        return nid

    def edge(self, source: str, target: str, port: str, weight: float, trainable: bool) -> None:
        self.n_edges += 1
        self.graph.add_edge(
            Edge(f"e{self.n_edges}", source, target, port, weight=weight, trainable=trainable)
        )

    def source_value(self, batch: int | None) -> float | list[float]:
        if batch is None:
            return round(self.rng.uniform(-1, 1), 6)
        return [round(self.rng.uniform(-1, 1), 6) for _ in range(batch)]

    def pow_node(self, nid: str, src: str, exponent: str) -> str:
        """``src ^ exponent`` (a constant input node): the base is negative half the time."""
        self.node(nid, "pow")
        self.edge(src, nid, "base", 1.0, trainable=False)
        self.edge(exponent, nid, "exponent", 1.0, trainable=False)
        return nid

    def unary(self, nid: str, op: str, src: str, weight: float = 1.0) -> str:
        self.node(nid, op)
        self.edge(src, nid, "x", weight, trainable=False)
        return nid

    def wrapped(self, nid: str, op: str, sources: list[str]) -> str:
        """exp, log and div kept in [-1, 1]: tanh(exp(x)), tanh(log(sigmoid(x))),
        tanh(a / sigmoid(b)). Returns the outer node."""
        if op == "exp":
            inner = self.unary(f"{nid}_exp", "exp", sources[0])
        elif op == "log":
            inner = self.unary(f"{nid}_log", "log", self.unary(f"{nid}_s", "sigmoid", sources[0]))
        else:  # div
            inner = self.node(f"{nid}_div", "div")
            self.edge(sources[0], inner, "a", 1.0, trainable=False)
            self.edge(self.unary(f"{nid}_s", "sigmoid", sources[1]), inner, "b", 1.0, False)
        return self.unary(nid, "tanh", inner)


def _pick_op(rng: random.Random, ops: tuple[tuple[str, int, float], ...]) -> tuple[str, int]:
    r = rng.random()
    for op, arity, p in ops:
        if r < p:
            return op, arity
        r -= p
    return ops[-1][0], ops[-1][1]


def layered_graph(
    n_nodes: int,
    *,
    batch: int | None = None,
    layers: int = 100,
    seed: int = 0,
    ops: str = "micrograd",
) -> Graph:
    """A random layered graph of about ``n_nodes`` nodes (~2 edges per node), loss ``L``;
    ``ops`` one of :data:`OP_SETS` (wrapped ops add a node or two each)."""
    rng = random.Random(seed)
    op_set = OP_SETS[ops]
    b = _Builder(f"layered {n_nodes} nodes, batch {batch}, {ops} ops", rng)
    if ops != "micrograd":
        b.node("two", "input", value=2.0)
        b.node("three", "input", value=3.0)
    layers = max(2, min(layers, n_nodes // 4))
    width = max(2, round((n_nodes - 3) / layers))
    previous: list[str] = []
    for k in range(width):  # layer 0: half inputs, half trainable parameters
        if k % 2 == 0:
            previous.append(b.node(f"x{k}", "input", value=b.source_value(batch)))
        else:
            value = round(rng.uniform(-1, 1), 6)
            previous.append(b.node(f"p{k}", "parameter", value=value, trainable=True))
    every = list(previous)
    read: set[str] = set()
    for layer in range(1, layers):
        current: list[str] = []
        for k in range(width):
            op, arity = _pick_op(rng, op_set)
            nid = f"n{layer}_{k}"
            sources = []
            for _ in range(2 if op == "div" else arity):
                pool = previous if rng.random() < 0.85 else every
                sources.append(rng.choice(pool))
            read.update(sources)
            if op == "pow":
                b.pow_node(nid, sources[0], rng.choice(("two", "three")))
                current.append(nid)
                continue
            if op in ("exp", "log", "div"):
                current.append(b.wrapped(nid, op, sources))
                continue
            b.node(nid, op)
            for port_i, src in enumerate(sources):
                if op == "add":
                    weight = round(rng.uniform(-1, 1) / arity, 6)
                    b.edge(src, nid, "in", weight, trainable=True)
                elif op == "mul":
                    b.edge(src, nid, "in", 1.0, trainable=False)
                elif op == "sub":
                    b.edge(src, nid, PORTS[op][port_i], 0.5, trainable=False)
                else:
                    b.edge(src, nid, "x", 1.0, trainable=False)
            current.append(nid)
        every.extend(current)
        previous = current
    unread = [nid for nid in every if nid not in read]
    out = b.node("out", "add")
    for nid in unread:
        b.edge(nid, out, "in", round(1.0 / len(unread), 9), trainable=False)
    target = b.node("y", "input", value=b.source_value(batch))
    loss = b.node("L", "mse")
    b.edge(out, loss, "prediction", 1.0, trainable=False)
    b.edge(target, loss, "target", 1.0, trainable=False)
    b.graph.set_meta(loss=loss)
    return b.graph


CHAIN_OPS = ("add", "neg", "neg", "relu")
CHAIN_POW_OPS = ("add", "neg", "pow", "neg", "relu")  # pow(x, 1) of a negative x


def chain_graph(
    n_nodes: int, *, batch: int | None = None, seed: int = 0, ops: str = "micrograd"
) -> Graph:
    """``n_nodes`` nodes in one line: input -> op -> op -> ... -> mse(last, target) = ``L``.

    The ops cycle through add (one input, trainable weight near 1), neg, neg and relu; values
    stay positive and near 1, so nothing dies or overflows over 10k steps. ``ops="pow"``
    puts ``pow(x, 1)`` of a negative x between the two negs."""
    rng = random.Random(seed)
    b = _Builder(f"chain {n_nodes} nodes, batch {batch}, {ops} ops", rng)
    cycle = CHAIN_OPS if ops == "micrograd" else CHAIN_POW_OPS
    if ops != "micrograd":
        b.node("one", "input", value=1.0)
    value = 0.9 if batch is None else [round(rng.uniform(0.8, 1.0), 6) for _ in range(batch)]
    prev = b.node("x", "input", value=value)
    for k in range(max(1, n_nodes - 3)):
        op = cycle[k % len(cycle)]
        if op == "pow":
            prev = b.pow_node(f"n{k}", prev, "one")
            continue
        nid = b.node(f"n{k}", op)
        if op == "add":
            b.edge(prev, nid, "in", round(rng.uniform(0.97, 1.03), 6), trainable=True)
        else:
            b.edge(prev, nid, "x", 1.0, trainable=False)
        prev = nid
    target = b.node("y", "input", value=0.5)
    loss = b.node("L", "mse")
    b.edge(prev, loss, "prediction", 1.0, trainable=False)
    b.edge(target, loss, "target", 1.0, trainable=False)
    b.graph.set_meta(loss=loss)
    return b.graph
