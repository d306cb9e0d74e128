"""Build networks from layer sizes: one dense layer (Insert > Dense Layer...) or a whole
multi-layer perceptron (``backprop-studio new --mlp 2,4,1``).

A neuron is three nodes: a trainable bias ``parameter`` b, an ``add`` z that sums the bias
(edge weight 1) and its weighted inputs (trainable edge weights), and the activation a = f(z)
(none on the output layer of a whole network: the output is z itself, a value for ``mse`` or
a logit for ``cross_entropy``). Each neuron is one group ("neuron h1"), so the canvas can
collapse it into one block. Weights are drawn from a seeded generator: Xavier (Glorot)
uniform, limit sqrt(6 / (fan_in + fan_out)), for tanh, sigmoid and identity; He normal, standard
deviation sqrt(2 / fan_in), for relu and leaky_relu. Biases start at 0.

:func:`build_mlp` adds what a trainable file needs: inputs on data columns x1..xn, a target
column y, a small data set that fits the sizes (see :func:`mlp_data`), the loss (``mse`` with one
output, or ``cross_entropy`` with ``classes`` = the output size), training settings and
positions (layers left to right). For 2,4,1 that is 12 trainable weights and 5 biases.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import datasets
from .errors import BackpropError
from .graph import Edge, Graph, Node
from .groups import Group

ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu", "identity")
HE_ACTIVATIONS = ("relu", "leaky_relu")
LAYER_DX = 500.0  # from one layer's sums to the next layer's sums
ACT_DX = 180.0  # from a sum to its activation
NEURON_DY = 180.0  # from one neuron to the next in a layer
BIAS_DY = 42.0  # the bias sits above its sum, the sum this far below the neuron's centre
BIAS_DX = 120.0  # ... and this far to the left of it


class BuildError(BackpropError):
    """Sizes, an activation or a class count that cannot make a network."""


@dataclass
class Fragment:
    """Nodes, edges and groups to add to a graph, in this order; ``outputs`` are the ids of
    the layer's outputs (the activations, or the sums when there is no activation)."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def extend(self, other: Fragment) -> None:
        self.nodes += other.nodes
        self.edges += other.edges
        self.groups += other.groups


def init_weights(
    activation: str | None, fan_in: int, fan_out: int, rng: np.random.Generator
) -> np.ndarray:
    """A (fan_out, fan_in) weight matrix: He normal for relu-like, else Xavier uniform."""
    if activation in HE_ACTIVATIONS:
        return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_out, fan_in))


def dense_layer(
    inputs: Sequence[str],
    width: int,
    activation: str | None,
    *,
    rng: np.random.Generator,
    taken: Callable[[str], bool],
    x: float = 0.0,
    y: float = 0.0,
    tag: str = "1",
    names: Sequence[str] | None = None,
) -> Fragment:
    """``width`` neurons reading every node of ``inputs``; ids ``b{tag}_{j}``, ``z{tag}_{j}``,
    ``h{tag}_{j}`` (made unique against ``taken``), sums at x, neurons centred on y.
    ``names`` labels each neuron's group (default ``neuron h{tag}_{j}``)."""
    if width < 1:
        raise BuildError(f"a layer needs at least one neuron, not {width}")
    if not inputs:
        raise BuildError("a layer needs at least one input")
    if activation is not None and activation not in ACTIVATIONS:
        raise BuildError(f"unknown activation {activation!r}; one of {', '.join(ACTIVATIONS)}")
    used: set[str] = set()

    def fresh(base: str) -> str:
        candidate, k = base, 1
        while taken(candidate) or candidate in used:
            k += 1
            candidate = f"{base}.{k}"
        used.add(candidate)
        return candidate

    w = init_weights(activation, len(inputs), width, rng)
    out = Fragment()
    for j in range(width):
        cy = y + (j - (width - 1) / 2) * NEURON_DY
        b, z = fresh(f"b{tag}_{j + 1}"), fresh(f"z{tag}_{j + 1}")
        members = [b, z]
        out.nodes.append(
            Node(b, "parameter", value=0.0, trainable=True, position=(x - BIAS_DX, cy - BIAS_DY))
        )
        out.nodes.append(Node(z, "add", position=(x, cy + BIAS_DY)))
        out.edges.append(Edge(fresh(f"e_{b}"), b, z, "in"))
        for i, source in enumerate(inputs):
            weight = float(w[j, i])
            out.edges.append(
                Edge(fresh(f"w{tag}_{j + 1}_{i + 1}"), source, z, "in", weight, trainable=True)
            )
        result = z
        if activation is not None:
            h = fresh(f"h{tag}_{j + 1}")
            out.nodes.append(Node(h, activation, position=(x + ACT_DX, cy + BIAS_DY)))
            out.edges.append(Edge(fresh(f"e_{z}"), z, h, "x"))
            members.append(h)
            result = h
        label = names[j] if names is not None else f"neuron h{tag}_{j + 1}"
        out.groups.append(Group(fresh(f"g{tag}_{j + 1}"), label, tuple(members)))
        out.outputs.append(result)
    return out


def parse_sizes(text: str) -> list[int]:
    """``"2,4,1"`` -> [2, 4, 1]; raises BuildError with the reason."""
    try:
        sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise BuildError(
            f"layer sizes must be whole numbers separated by commas, not {text!r}"
        ) from None
    if len(sizes) < 2:
        raise BuildError(f"give at least two layer sizes (inputs and outputs), not {text!r}")
    if any(s < 1 for s in sizes):
        raise BuildError(f"every layer needs at least one unit, not {text!r}")
    return sizes


def build_mlp(
    sizes: Sequence[int],
    activation: str = "tanh",
    *,
    classes: int | None = None,
    seed: int = 0,
    data: dict[str, list[float]] | None = None,
) -> Graph:
    """A whole trainable network; see the module docstring. ``data`` replaces the generated
    data set (columns x1..xn and y)."""
    sizes = list(sizes)
    if len(sizes) < 2 or any(int(s) != s or s < 1 for s in sizes):
        raise BuildError(f"layer sizes must be at least two whole numbers >= 1, not {sizes}")
    if activation not in ACTIVATIONS:
        raise BuildError(f"unknown activation {activation!r}; one of {', '.join(ACTIVATIONS)}")
    n_in, n_out = sizes[0], sizes[-1]
    if classes is None and n_out != 1:
        raise BuildError(
            f"an mse network has one output, not {n_out}; give the number of classes "
            f"(--classes {n_out}) for cross_entropy"
        )
    if classes is not None and (classes < 2 or classes != n_out):
        raise BuildError(
            f"--classes {classes} needs an output layer of {classes} units (at least 2), "
            f"not {n_out}"
        )
    shape = ",".join(str(s) for s in sizes)
    loss_name = "cross_entropy" if classes else "mse"
    g = Graph(
        title=f"MLP {shape} ({activation}, {loss_name})",
        description=f"A {shape} multi-layer perceptron with {activation} activations and the "
        f"{loss_name} loss, built by backprop-studio new --mlp.",
    )
    g.data = data if data is not None else mlp_data(n_in, classes, seed)
    rng = np.random.default_rng(seed)
    layer_inputs = []
    for i in range(n_in):
        nid = f"x{i + 1}"
        g.add_node(Node(nid, "input", column=nid, position=(0.0, (i - (n_in - 1) / 2) * 120.0)))
        layer_inputs.append(nid)
    x = LAYER_DX * 0.6
    layers = len(sizes) - 1
    for layer in range(1, layers + 1):
        last = layer == layers
        names = None
        if last:
            names = [f"class {j}" if classes else "output" for j in range(n_out)]
        elif layers == 2:  # one hidden layer: h1, h2, ...
            names = [f"neuron h{j + 1}" for j in range(sizes[layer])]
        part = dense_layer(
            layer_inputs,
            sizes[layer],
            None if last else activation,
            rng=rng,
            taken=g.has_node,
            x=x,
            tag="o" if last else str(layer),
            names=names,
        )
        _add(g, part)
        layer_inputs = part.outputs
        x += LAYER_DX
    x -= LAYER_DX * 0.35
    g.add_node(Node("y", "input", column="y", position=(x, 190.0 + 90.0 * n_out / 2)))
    g.add_node(Node("L", loss_name, label="L", position=(x + 200.0, 0.0)))
    port = "logits" if classes else "prediction"
    for j, out in enumerate(layer_inputs):
        g.add_edge(Edge(f"e_out{j + 1}", out, "L", port))
    g.add_edge(Edge("e_target", "y", "L", "target"))
    g.set_meta(loss="L")
    g.training = {
        "optimizer": "adam",
        "learning_rate": 0.05,
        "momentum": 0.0,
        "batch_size": None,
        "iterations": 500,
        "seed": seed,
        "restarts": 1,
    }
    return g


def _add(graph: Graph, part: Fragment) -> None:
    for n in part.nodes:
        graph.add_node(n)
    for e in part.edges:
        graph.add_edge(e)
    for grp in part.groups:
        graph.add_group(grp)


def mlp_data(n_inputs: int, classes: int | None, seed: int = 0) -> dict[str, list[float]]:
    """A small data set for an n-input network, columns x1..xn and y: XOR for two inputs
    (mse, or two classes), three blobs for two inputs and three classes, a sine for one
    input; otherwise seeded points in [-1, 1]^n with y = sin(x1 + ... + xn), or the class of
    the largest of ``classes`` fixed random projections."""
    if n_inputs == 2 and classes in (None, 2):
        return datasets.xor()
    if n_inputs == 2 and classes == 3:
        return datasets.three_blobs(n=60, seed=seed)
    if n_inputs == 1 and classes is None:
        s = datasets.sine(n=20, noise=0.05, seed=seed)
        return {"x1": s["x"], "y": s["y"]}
    rng = np.random.default_rng(seed)
    rows = 12 * (classes or 2) if classes else 32
    x = rng.uniform(-1.0, 1.0, size=(rows, n_inputs))
    if classes is None:
        y = np.sin(x.sum(axis=1))
    else:
        y = np.argmax(x @ rng.normal(size=(n_inputs, classes)), axis=1).astype(float)
    columns = {f"x{i + 1}": [float(v) for v in x[:, i]] for i in range(n_inputs)}
    columns["y"] = [float(v) for v in y]
    return columns
