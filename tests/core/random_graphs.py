"""Hypothesis strategies for random computation graphs (engine and gradient-check tests).

A drawn graph has inputs (a batch of samples or scalars), trainable parameters, up to
``max_nodes`` op nodes each reading earlier nodes (repeats allowed: ``x * x``), weighted edges
(some trainable), and an ``mse`` loss against a target (or, with ``plain_loss``, the last op
node itself, averaged over the batch). Ports with a restricted domain (log's x, div's b, pow's
base, binary cross-entropy's prediction and target) read a fresh ``sigmoid`` node, which keeps
them in (0, 1) for any input in range; cross_entropy's target reads a fresh input holding valid
class indices (edge weight 1).
"""

from __future__ import annotations

from hypothesis import strategies as st

from backprop_studio.core.model.graph import Edge, Graph, Node
from backprop_studio.core.ops import all_ops

COMPUTE_OPS = tuple(s.name for s in all_ops() if s.ports)
SMOOTH_OPS = ("add", "mul", "sub", "neg", "identity", "square", "tanh", "sigmoid", "sin", "cos")
DOMAIN_OPS = ("log", "div", "pow", "binary_cross_entropy")
KINK_OPS = ("relu", "leaky_relu", "abs")
# (op, port) pairs whose input must stay in (0, 1)
GUARDED = {
    ("log", "x"),
    ("div", "b"),
    ("pow", "base"),
    ("binary_cross_entropy", "prediction"),
    ("binary_cross_entropy", "target"),
}

values = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False)
weights = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False)


@st.composite
def random_graph(
    draw: st.DrawFn,
    *,
    ops: tuple[str, ...] = COMPUTE_OPS,
    batch: int | None = None,
    max_nodes: int = 8,
    plain_loss: bool | None = None,
) -> Graph:
    """A valid random graph; ``batch`` samples per input (None: every input a scalar)."""
    from backprop_studio.core.ops import get_op

    g = Graph(title="random")
    count = {"e": 0}

    def edge(src: str, dst: str, port: str, weight: float = 1.0, trainable: bool = False) -> None:
        count["e"] += 1
        g.add_edge(Edge(f"e{count['e']}", src, dst, port, weight=weight, trainable=trainable))

    def input_value(scalar: bool) -> float | list[float]:
        if batch is None or scalar:
            return draw(values)
        return draw(st.lists(values, min_size=batch, max_size=batch))

    def class_index(classes: int) -> float | list[float]:
        index = st.integers(0, classes - 1).map(float)
        if batch is None:
            return draw(index)
        return draw(st.lists(index, min_size=batch, max_size=batch))

    nodes: list[str] = []
    for k in range(draw(st.integers(1, 3))):
        scalar = draw(st.booleans()) if k > 0 else False  # a scalar input beside a batch
        g.add_node(Node(f"x{k}", "input", value=input_value(scalar)))
        nodes.append(f"x{k}")
    for k in range(draw(st.integers(1, 3))):
        g.add_node(Node(f"p{k}", "parameter", value=draw(values), trainable=draw(st.booleans())))
        nodes.append(f"p{k}")

    n_ops = draw(st.integers(1, max_nodes))
    guards = 0
    for k in range(n_ops):
        op = draw(st.sampled_from(ops))
        spec = get_op(op)
        assert spec is not None
        nid = f"n{k}"
        g.add_node(Node(nid, op))
        for port in spec.ports:
            arity = draw(st.integers(1, 4)) if port.variadic else 1
            for _ in range(arity):
                src = draw(st.sampled_from(nodes))
                if (op, port.name) == ("cross_entropy", "target"):
                    classes = len(g.in_edges(nid, "logits"))
                    guards += 1
                    label = f"c{guards}"
                    g.add_node(Node(label, "input", value=class_index(classes)))
                    edge(label, nid, port.name)
                elif (op, port.name) in GUARDED:
                    guards += 1
                    guard = f"s{guards}"
                    g.add_node(Node(guard, "sigmoid"))
                    edge(src, guard, "x", draw(weights))
                    edge(guard, nid, port.name)
                else:
                    edge(src, nid, port.name, draw(weights), draw(st.booleans()))
        nodes.append(nid)

    last = nodes[-1]
    if plain_loss if plain_loss is not None else draw(st.booleans()):
        g.set_meta(loss=last)
        return g
    g.add_node(Node("y", "input", value=input_value(False)))
    g.add_node(Node("L", "mse"))
    edge(last, "L", "prediction", draw(weights), draw(st.booleans()))
    edge("y", "L", "target")
    g.set_meta(loss="L")
    return g
