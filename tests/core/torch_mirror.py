"""The same graph evaluated by PyTorch (float64): the independent oracle for the losses.

:func:`torch_loss_and_grad` walks a :class:`Graph` in topological order and builds the
computation with torch functions (``torch.nn.functional.cross_entropy`` for our
``cross_entropy``, and so on), every edge carrying ``weight * value(source)`` as in the engine;
autograd then gives dL/d(parameter) and dL/dw. Tests compare the engine's values and gradients
with these, and train both with the same optimizer.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from backprop_studio.core.model.graph import Graph

torch.set_default_dtype(torch.float64)


def _binary(fn):
    return lambda args: fn(*torch.broadcast_tensors(args[0], args[1]))


def _cross_entropy(args: list[torch.Tensor]) -> torch.Tensor:
    parts = torch.broadcast_tensors(*args)
    logits = torch.stack(parts[:-1], dim=-1)  # (N, k) or (k,)
    return F.cross_entropy(logits, parts[-1].round().long())


def _product(args: list[torch.Tensor]) -> torch.Tensor:
    out = args[0]
    for a in args[1:]:
        out = out * a
    return out


def _sum(args: list[torch.Tensor]) -> torch.Tensor:
    out = args[0]
    for a in args[1:]:
        out = out + a
    return out


TORCH_OPS = {
    "add": _sum,
    "mul": _product,
    "sub": lambda a: a[0] - a[1],
    "div": lambda a: a[0] / a[1],
    "pow": lambda a: torch.pow(a[0], a[1]),
    "neg": lambda a: -a[0],
    "identity": lambda a: a[0],
    "square": lambda a: a[0] * a[0],
    "exp": lambda a: torch.exp(a[0]),
    "log": lambda a: torch.log(a[0]),
    "sin": lambda a: torch.sin(a[0]),
    "cos": lambda a: torch.cos(a[0]),
    "tanh": lambda a: torch.tanh(a[0]),
    "sigmoid": lambda a: torch.sigmoid(a[0]),
    "relu": lambda a: torch.relu(a[0]),
    "mse": _binary(lambda p, t: F.mse_loss(p, t)),
    "binary_cross_entropy": _binary(lambda p, t: F.binary_cross_entropy(p, t)),
    "cross_entropy": _cross_entropy,
}


class TorchGraph:
    """A graph's trainables as torch leaves, and its loss as a torch function of them."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.order = graph.topological_order()
        self.edges = graph.edges()
        self.params = {
            n.id: torch.tensor(float(n.value), requires_grad=True)
            for n in graph.nodes()
            if n.op == "parameter"
        }
        self.weights = {e.id: torch.tensor(float(e.weight), requires_grad=True) for e in self.edges}

    def leaves(self, trainable: list[tuple[str, str]]) -> list[torch.Tensor]:
        """The torch leaves in the engine's theta order."""
        return [self.params[i] if kind == "node" else self.weights[i] for kind, i in trainable]

    def forward(self) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        g = self.graph
        by_target: dict[str, list] = {nid: [] for nid in self.order}
        for e in self.edges:
            by_target[e.target].append(e)
        values: dict[str, torch.Tensor] = {}
        for nid in self.order:
            node = g.node(nid)
            if node.op == "input":
                raw = g.data[node.column] if node.column is not None else node.value
                values[nid] = torch.tensor(np.asarray(raw, dtype=float))
                continue
            if node.op == "parameter":
                values[nid] = self.params[nid]
                continue
            ports = node.spec.port_names
            ins = sorted(by_target[nid], key=lambda e: ports.index(e.port))  # stable
            args = [self.weights[e.id] * values[e.source] for e in ins]
            values[nid] = TORCH_OPS[node.op](args)
        loss = values[g.loss_node()]
        return (loss if loss.dim() == 0 else loss.mean()), values


def torch_loss_and_grad(graph: Graph) -> tuple[float, dict[str, float], dict[str, float]]:
    """(loss, {parameter id: dL/dp}, {edge id: dL/dw}) computed by PyTorch."""
    tg = TorchGraph(graph)
    loss, _ = tg.forward()
    leaves = list(tg.params.values()) + list(tg.weights.values())
    grads = torch.autograd.grad(loss, leaves, allow_unused=True)
    k = len(tg.params)
    as_float = [0.0 if g is None else float(g) for g in grads]
    return (
        loss.item(),
        dict(zip(tg.params, as_float[:k], strict=True)),
        dict(zip(tg.weights, as_float[k:], strict=True)),
    )
