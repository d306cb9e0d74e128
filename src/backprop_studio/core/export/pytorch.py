"""Export a graph as a standalone PyTorch training script (torch and the standard library only).

The script builds the graph as a ``torch.nn.Module`` whose ``forward`` computes every node in
topological order, one readable line per node; trainable parameters and trainable edge weights
are named ``nn.Parameter``s. It trains in float64 with the file's training settings through
``torch.optim`` (whose update rules core/training/optim.py follows), so
``python OUT.py --json`` prints the same ``{"loss_history": [...], "final_loss": x}`` as
``backprop-studio train FILE --json``.

What the script cannot compute the same way without numpy, it is given: the trainer draws the
starting values of random restarts and shuffles mini-batches with numpy's seeded generator;
the export runs that same generator here and writes the results inline (each run's starting
values and the order of the samples for each epoch). Everything else (the data, the values,
the weights) is inline too; nothing is read from the ``.bpgraph`` file.
"""

from __future__ import annotations

import keyword
import math

import numpy as np

from ..model.graph import Edge, Graph, Node
from ..training.holdout import split_rows
from ..training.settings import TrainingSettings

HEADER = '''#!/usr/bin/env python3
"""{title}: a computation graph exported from Backprop Studio as a PyTorch module.

{description}Training: {settings}.
Run it with `python {filename}` (the loss as it falls) or `python {filename} --json`
(the same {{"loss_history": [...], "final_loss": x}} as `backprop-studio train --json`).
Needs only torch; it trains on the CPU in float64, like Backprop Studio.
"""

import argparse
import json
import math

import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)
'''

# Python builtins and names the script itself uses: a node id must not shadow them.
_RESERVED = {
    "torch",
    "nn",
    "F",
    "json",
    "math",
    "argparse",
    "self",
    "batch",
    "model",
    "loss",
    "sum",
    "abs",
    "max",
    "min",
    "input",
    "type",
    "id",
    "print",
    "len",
    "range",
    "list",
    "dict",
    "float",
    "int",
    "str",
}


def _identifier(text: str, taken: set[str]) -> str:
    """A fresh Python identifier close to ``text``."""
    name = "".join(ch if ("a" + ch).isidentifier() and ch.isascii() else "_" for ch in text)
    name = name.strip("_") or "node"  # no leading "__": attributes would be name-mangled
    if name[0].isdigit():
        name = f"n_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _RESERVED:
        name = f"{name}_"
    base, k = name, 2
    while name in taken:
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def _num(x: float) -> str:
    """A float literal that reads back exactly (``repr``); non-finite ones via math."""
    if math.isnan(x):
        return "math.nan"
    if math.isinf(x):
        return "math.inf" if x > 0 else "-math.inf"
    return repr(float(x))


class _Names:
    """Variable names of nodes, attribute names of trainables, keys of the inline data."""

    def __init__(self, graph: Graph) -> None:
        taken: set[str] = set()
        self.var = {n.id: _identifier(n.id, taken) for n in graph.nodes()}
        attrs: set[str] = set()
        trainable_nodes, trainable_edges = graph.trainables()
        self.param = {nid: _identifier(nid, attrs) for nid in trainable_nodes}
        self.weight = {eid: _identifier(f"w_{eid}", attrs) for eid in trainable_edges}
        self.data_key: dict[str, str] = {}
        for node in graph.nodes():
            if node.op == "input" and node.column is not None:
                self.data_key[node.id] = node.column
        keys = set(graph.data)
        for node in graph.nodes():
            if node.op == "input" and node.column is None and isinstance(node.value, list):
                key = node.id
                while key in keys:
                    key = f"{key}_"
                keys.add(key)
                self.data_key[node.id] = key


def _weighted(graph: Graph, names: _Names, edge: Edge) -> str:
    """What an edge carries: ``weight * source`` (just ``source`` for a fixed weight of 1)."""
    source = names.var[edge.source]
    if edge.trainable:
        return f"self.{names.weight[edge.id]} * {source}"
    if edge.weight == 1.0:
        return source
    return f"{_num(edge.weight)} * {source}"


_UNARY = {
    "neg": "-{x}",
    "square": "torch.square({x})",
    "abs": "torch.abs({x})",
    "exp": "torch.exp({x})",
    "log": "torch.log({x})",
    "sin": "torch.sin({x})",
    "cos": "torch.cos({x})",
    "identity": "{x}",
    "tanh": "torch.tanh({x})",
    "sigmoid": "torch.sigmoid({x})",
    "relu": "torch.relu({x})",
    "leaky_relu": "F.leaky_relu({x}, 0.01)",
}


class ExportError(ValueError):
    """An op the exporter does not know (a new op must be added here)."""


def _node_line(graph: Graph, names: _Names, node: Node) -> str:
    """``var = expression  # comment`` computing one node from its inputs."""
    var = names.var[node.id]
    label = f" ({node.label})" if node.label and node.label != node.id else ""
    if node.op == "parameter":
        if node.id in names.param:
            return f"{var} = self.{names.param[node.id]}  # parameter {node.id!r}{label}"
        return f"{var} = torch.tensor({_num(node.value)})  # fixed parameter {node.id!r}{label}"
    if node.op == "input":
        if node.id in names.data_key:
            what = f"data column {node.column!r}" if node.column else "a batch"
            key = names.data_key[node.id]
            return f"{var} = batch[{key!r}]  # input {node.id!r}{label}: {what}"
        return f"{var} = torch.tensor({_num(node.value)})  # input {node.id!r}{label}"
    args = {
        port: [_weighted(graph, names, e) for e in graph.in_edges(node.id, port)]
        for port in node.spec.port_names
    }
    op = node.op
    comment = f"  # {op} {node.id!r}{label}"
    if op == "add":
        return f"{var} = {' + '.join(args['in'])}{comment}"
    if op == "mul":
        return f"{var} = {' * '.join(_paren(a) for a in args['in'])}{comment}"
    if op in ("sub", "div"):
        sign = " - " if op == "sub" else " / "
        return f"{var} = {_paren(args['a'][0])}{sign}{_paren(args['b'][0])}{comment}"
    if op == "pow":
        return f"{var} = torch.pow({args['base'][0]}, {args['exponent'][0]}){comment}"
    if op in _UNARY:
        return f"{var} = {_UNARY[op].format(x=args['x'][0])}{comment}"
    if op == "mse":
        p, t = args["prediction"][0], args["target"][0]
        return f"{var} = torch.mean(({p} - {t}) ** 2){comment}"
    if op == "binary_cross_entropy":
        p, t = args["prediction"][0], args["target"][0]
        # F.binary_cross_entropy's formula (logs clamped at -100), written out so that a
        # prediction outside (0, 1) gives nan (training stops) instead of an exception
        log_p, log_q = (
            f"torch.clamp(torch.log({p}), min=-100)",
            f"torch.clamp(torch.log(1 - {p}), min=-100)",
        )
        return f"{var} = torch.mean(-({t} * {log_p} + (1 - {t}) * {log_q})){comment}"
    if op == "cross_entropy":
        logits, t = args["logits"], args["target"][0]
        # the edges' order is the class order (cross_entropy() is defined below)
        return f"{var} = cross_entropy([{', '.join(logits)}], {t}){comment}"
    raise ExportError(f"node {node.id!r}: the PyTorch export does not know the op {op!r}")


def _paren(text: str) -> str:
    return f"({text})" if " " in text else text


def _sample_plan(settings: TrainingSettings, start: list[float], samples: int | None) -> list[dict]:
    """Each run's starting values and epoch orders, drawn exactly as the Trainer draws them
    (``samples``: the training rows)."""
    b = settings.batch_size
    runs = []
    for k in range(settings.restarts):
        rng = np.random.default_rng(settings.seed + k)
        if k == 0:
            values = list(start)
        else:
            lo, hi = settings.init_range
            values = [float(v) for v in rng.uniform(lo, hi, size=len(start))]
        epochs: list[list[int]] = []
        if b is not None and samples is not None and b < samples:
            pos, size = 0, 0
            for _ in range(settings.iterations):
                if pos >= size:
                    epochs.append([int(i) for i in rng.permutation(samples)])
                    pos, size = 0, samples
                pos += b
        runs.append({"start": values, "epochs": epochs})
    return runs


def _samples(graph: Graph) -> int | None:
    lengths = {graph.batch_length(n) for n in graph.nodes()} - {None}
    return lengths.pop() if lengths else None


def pytorch_script(
    graph: Graph, settings: TrainingSettings | None = None, filename: str = ""
) -> str:
    """The script's text. ``settings`` default to the graph's own training section."""
    settings = settings or TrainingSettings.from_graph(graph)
    problems = graph.problems()
    if problems:
        raise ExportError(f"cannot export a graph that cannot be evaluated: {problems[0]}")
    if not any(graph.trainables()):
        raise ExportError("nothing to train: no parameter and no edge is marked trainable")
    names = _Names(graph)
    order = graph.topological_order()
    loss = graph.loss_node()
    assert loss is not None  # graph.problems() reports a missing loss
    trainable_nodes, trainable_edges = graph.trainables()
    start = [float(graph.node(n).value) for n in trainable_nodes]
    start += [graph.edge(e).weight for e in trainable_edges]
    description = f"{graph.description.strip()}\n\n" if graph.description.strip() else ""
    out = [
        HEADER.format(
            title=(graph.title or "Untitled graph").replace('"""', "'''"),
            description=description.replace('"""', "'''").replace("\\", "\\\\"),
            settings=settings.describe(),
            filename=filename or "this_script.py",
        )
    ]
    out.append(_data_block(graph, names))
    out.append(_settings_block(settings, names, trainable_nodes, trainable_edges))
    samples = _samples(graph)
    split = split_rows(settings.validation_fraction, samples)
    if split.active:
        n_train = int(split.train.size)  # type: ignore[union-attr]
        out[-1] += (
            f"\n# Held-out rows: the last {samples - n_train} of {samples} (validation fraction "
            f"{settings.validation_fraction:g}) are\n# never trained on; their loss is printed at "
            "the end.\n"
            f"HELD_OUT = {{key: values[{n_train}:] for key, values in DATA.items()}}\n"
            f"DATA = {{key: values[:{n_train}] for key, values in DATA.items()}}\n"
        )
        samples = n_train
    else:
        out[-1] += "\nHELD_OUT = None  # no rows are held out\n"
    runs = _sample_plan(settings, start, samples)
    out[-1] += (
        "\n# Backprop Studio draws restarts' starting values and shuffles mini-batches with numpy's\n"
        "# seeded generator; the very same draws, made at export time, so that this script trains\n"
        "# on the same samples in the same order. RUNS[k]: run k's starting values (in the order\n"
        "# of TRAINABLES) and, for mini-batches, the order of the samples in each epoch.\n"
        f"RUNS = {_compact(runs)}\n"
    )
    out.append(_module_block(graph, names, order, loss))
    if any(n.op == "cross_entropy" for n in graph.nodes()):
        out.append(_CROSS_ENTROPY_CODE)
    out.append(_TRAINING_CODE)
    return "\n\n\n".join(part.rstrip("\n") for part in out) + "\n"


def _compact(value: object) -> str:
    text = repr(value)
    # wrap long lines at commas so editors stay usable
    lines, line = [], ""
    for piece in text.split(", "):
        if len(line) + len(piece) > 96 and line:
            lines.append(line + ",")
            line = "    " + piece
        else:
            line = f"{line}, {piece}" if line else piece
    lines.append(line)
    return "\n".join(lines)


def _data_block(graph: Graph, names: _Names) -> str:
    columns: dict[str, list[float]] = {}
    for node in graph.nodes():
        key = names.data_key.get(node.id)
        if key is None:
            continue
        values = graph.data[node.column] if node.column is not None else node.value
        columns[key] = [float(v) for v in values]  # type: ignore[union-attr]
    if not columns:
        return "# The graph has no data set: every input is one number.\nDATA = {}\n"
    lines = ["# The data, inline: one list per data column or batch input.", "DATA = {"]
    for key, values in columns.items():
        lines.append(f"    {key!r}: {_compact([float(v) for v in values])},")
    lines.append("}")
    lines.append("DATA = {key: torch.tensor(values) for key, values in DATA.items()}")
    return "\n".join(lines) + "\n"


def _settings_block(s: TrainingSettings, names: _Names, nodes: list[str], edges: list[str]) -> str:
    trainables = [names.param[n] for n in nodes] + [names.weight[e] for e in edges]
    return (
        "# The file's training settings.\n"
        f"OPTIMIZER = {s.optimizer!r}\n"
        f"LEARNING_RATE = {_num(s.learning_rate)}\n"
        f"MOMENTUM = {_num(s.momentum)}  # SGD and RMSprop; Adam has its own betas\n"
        f"NESTEROV = {s.nesterov!r}\n"
        f"ITERATIONS = {s.iterations}\n"
        f"BATCH_SIZE = {s.batch_size!r}  # None: every sample at every step\n"
        f"TRAINABLES = {trainables!r}\n"
    )


def _module_block(graph: Graph, names: _Names, order: list[str], loss: str) -> str:
    lines = [
        "class GraphModel(nn.Module):",
        f'    """{(graph.title or "The graph").replace(chr(34), chr(39))}: one line per node, '
        'in topological order."""',
        "",
        "    def __init__(self):",
        "        super().__init__()",
    ]
    for node in graph.nodes():
        if node.id in names.param:
            lines.append(
                f"        self.{names.param[node.id]} = nn.Parameter(torch.tensor("
                f"{_num(node.value)}))  # parameter {node.id!r}"
            )
    for edge in graph.edges():
        if edge.id in names.weight:
            lines.append(
                f"        self.{names.weight[edge.id]} = nn.Parameter(torch.tensor("
                f"{_num(edge.weight)}))  # weight of edge {edge.id!r}: "
                f"{edge.source} -> {edge.target}.{edge.port}"
            )
    lines += [
        "",
        "    def forward(self, batch):",
        '        """The loss on ``batch`` (the DATA rows of this step)."""',
    ]
    for nid in order:
        lines.append(f"        {_node_line(graph, names, graph.node(nid))}")
    lines.append(f"        return {names.var[loss]}.mean()  # the objective: {loss!r}")
    return "\n".join(lines) + "\n"


_CROSS_ENTROPY_CODE = '''def cross_entropy(logits, target):
    """The mean over the batch of -ln softmax(logits)[target] (F.cross_entropy); a logit that
    is one number for every sample is broadcast to the batch first."""
    *logits, target = torch.broadcast_tensors(*logits, target)
    return F.cross_entropy(torch.stack(logits, dim=-1), target.long())
'''

_TRAINING_CODE = '''def make_optimizer(model):
    if OPTIMIZER == "sgd":
        return torch.optim.SGD(
            model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM, nesterov=NESTEROV
        )
    if OPTIMIZER == "rmsprop":
        return torch.optim.RMSprop(model.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
    return torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)


def batches(epochs):
    """The rows of each step: every sample (None), or the next BATCH_SIZE of the epoch order."""
    if not epochs:
        while True:
            yield None
    for order in epochs:
        for first in range(0, len(order), BATCH_SIZE):
            yield torch.tensor(order[first : first + BATCH_SIZE])


def select(rows):
    return DATA if rows is None else {key: values[rows] for key, values in DATA.items()}


def values_of(model):
    return [getattr(model, name).detach().clone() for name in TRAINABLES]


def set_values(model, values):
    with torch.no_grad():
        for name, value in zip(TRAINABLES, values):
            getattr(model, name).copy_(torch.as_tensor(value))


def train_run(model, run, report):
    """One run: ITERATIONS updates from run["start"]; returns the loss before each update.
    A run whose loss or values stop being finite ends there with its last finite values."""
    set_values(model, run["start"])
    optimizer = make_optimizer(model)
    losses, previous = [], None
    for step, rows in zip(range(ITERATIONS), batches(run["epochs"])):
        optimizer.zero_grad()
        loss = model(select(rows))
        if not math.isfinite(loss.item()):
            if previous is not None:
                set_values(model, previous)
            break
        losses.append(loss.item())
        loss.backward()
        before = values_of(model)
        optimizer.step()
        if not all(torch.isfinite(v).all() for v in values_of(model)):
            set_values(model, before)
            break
        previous = before
        report(step, loss.item())
    return losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the loss history as JSON")
    args = parser.parse_args()
    model = GraphModel()

    def report(step, loss):
        if not args.json and (step % max(1, ITERATIONS // 20) == 0 or step == ITERATIONS - 1):
            print(f"iteration {step + 1:>6}  loss {loss:.6g}")

    best = None
    for k, run in enumerate(RUNS):
        if len(RUNS) > 1 and not args.json:
            print(f"run {k + 1} of {len(RUNS)}")
        losses = train_run(model, run, report)
        with torch.no_grad():
            final = model(DATA).item()  # the loss on every sample at the run's values
        better = math.isfinite(final) and (best is None or not final >= best[0])
        if best is None or better:  # the lowest finite final loss; the first run if none is
            best = (final, losses, values_of(model))
    final, losses, values = best
    set_values(model, values)

    def number(x):
        return x if math.isfinite(x) else None

    if args.json:
        print(json.dumps({"loss_history": [number(x) for x in losses], "final_loss": number(final)}))
    else:
        print(f"final loss {final:.6g}")
        if HELD_OUT is not None:
            with torch.no_grad():
                print(f"held-out loss {model(HELD_OUT).item():.6g}")
        for name, value in zip(TRAINABLES, values):
            print(f"  {name} = {value.item():.6g}")


if __name__ == "__main__":
    main()
'''
