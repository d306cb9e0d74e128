"""The PyTorch export: the script of every example, and of graphs using every op, every
optimizer, mini-batches and restarts, trains under torch exactly like our Trainer
(``train --json``) to 1e-6; it needs torch and the standard library only."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
from torch_runner import TorchRunner

from backprop_studio.core.export.pytorch import ExportError, pytorch_script
from backprop_studio.core.model.expression import expression_graph
from backprop_studio.core.model.fileio import load_graph
from backprop_studio.core.model.graph import Edge, Node
from backprop_studio.core.ops import all_ops
from backprop_studio.core.training.settings import TrainingSettings
from backprop_studio.core.training.trainer import train
from backprop_studio.resources_path import example_path, examples_dir

EXAMPLES = sorted(p.stem for p in examples_dir().glob("*.bpgraph"))


@pytest.fixture(scope="module")
def torch_runner():
    runner = TorchRunner()
    yield runner
    runner.close()


def test_the_script_runs_on_its_own_and_prints_the_loss(tmp_path):
    path = tmp_path / "single_weight.py"
    graph = load_graph(example_path("single_weight"))
    path.write_text(pytorch_script(graph, filename=path.name), encoding="utf-8")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "iteration      1  loss 36" in done.stdout and "final loss" in done.stdout
    done = subprocess.run(
        [sys.executable, str(path), "--json"], capture_output=True, text=True, timeout=300
    )
    got = json.loads(done.stdout)
    assert got["loss_history"][0] == 36.0  # the lesson's loss, at w = 2


def assert_trains_like_the_trainer(runner, tmp_path, graph, settings=None):
    settings = settings or TrainingSettings.from_graph(graph)
    expected = train(graph, settings).to_json()
    path = tmp_path / "model.py"
    path.write_text(pytorch_script(graph, settings, path.name), encoding="utf-8")
    got = runner.run(str(path))
    assert set(got) == {"loss_history", "final_loss"}
    assert len(got["loss_history"]) == len(expected["loss_history"])
    assert got["loss_history"] == pytest.approx(expected["loss_history"], abs=1e-6, rel=1e-6)
    assert got["final_loss"] == pytest.approx(expected["final_loss"], abs=1e-6, rel=1e-6)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_trains_under_torch_like_train(torch_runner, tmp_path, name):
    assert_trains_like_the_trainer(torch_runner, tmp_path, load_graph(example_path(name)))


def test_the_script_imports_only_torch_and_the_standard_library():
    tree = ast.parse(pytorch_script(load_graph(example_path("xor_network"))))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported <= {"argparse", "json", "math", "torch"}
    text = pytorch_script(load_graph(example_path("xor_network")))
    assert "class GraphModel(nn.Module)" in text
    assert "self.w_e1 = nn.Parameter(torch.tensor(0.6))" in text
    assert "torch.optim.SGD" in text and "'x1': [0.0, 0.0, 1.0, 1.0]" in text


def every_op_graph():
    """sigmoid of a sum of every one-input op of a weighted parameter, a pow, a div and a
    sub, fed to a BCE loss against a data column, and a cross-entropy over two logits (the
    prediction and a parameter) against a class column: every op of the registry at once."""
    unary = [s.name for s in all_ops() if s.port_names == ("x",)]
    text = " + ".join(f"{op}(0.3*w + b)" for op in unary if op != "log")
    text = f"sigmoid(({text} + log(w*w + 1) + (b + 2)^w - w/(b + 3)) / 10)"
    graph = expression_graph(text, {"w": 0.7, "b": -0.2})
    prediction = graph.loss
    graph.set_meta(loss=None, data={"t": [0.0, 1.0, 1.0, 0.0, 1.0], "c": [0.0, 1.0, 1.0, 0.0, 1.0]})
    graph.add_node(Node("t", "input", column="t"))
    graph.add_node(Node("bce", "binary_cross_entropy"))
    graph.add_edge(Edge("p_e", prediction, "bce", "prediction", weight=0.9, trainable=True))
    graph.add_edge(Edge("t_e", "t", "bce", "target"))
    graph.add_node(Node("m", "mse"))
    graph.add_edge(Edge("m1", "bce", "m", "prediction"))
    graph.add_edge(Edge("m2", "b", "m", "target"))
    graph.add_node(Node("c", "input", column="c"))
    graph.add_node(Node("ce", "cross_entropy"))
    graph.add_edge(Edge("l0", prediction, "ce", "logits", weight=2.0, trainable=True))
    graph.add_edge(Edge("l1", "b", "ce", "logits"))
    graph.add_edge(Edge("c_e", "c", "ce", "target"))
    graph.add_node(Node("total", "add"))
    graph.add_edge(Edge("s1", "m", "total", "in"))
    graph.add_edge(Edge("s2", "ce", "total", "in"))
    graph.set_meta(loss="total")
    used = {n.op for n in graph.nodes()}
    assert used >= {s.name for s in all_ops()}, {s.name for s in all_ops()} - used
    return graph


@pytest.mark.parametrize(
    "settings",
    [
        TrainingSettings("sgd", 0.05, momentum=0.9, nesterov=True, batch_size=2, iterations=40),
        TrainingSettings("rmsprop", 0.01, momentum=0.5, batch_size=1, iterations=30, seed=3),
        TrainingSettings("adam", 0.05, iterations=30, restarts=3, seed=7),
    ],
    ids=["sgd-nesterov-minibatch", "rmsprop-stochastic", "adam-restarts"],
)
def test_every_op_and_optimizer_trains_like_the_trainer(torch_runner, tmp_path, settings):
    assert_trains_like_the_trainer(torch_runner, tmp_path, every_op_graph(), settings)


def test_minibatches_and_restarts_follow_the_trainers_seeded_order(torch_runner, tmp_path):
    graph = load_graph(example_path("linear_regression"))  # 8 samples: batches of 3 do not divide
    settings = TrainingSettings("sgd", 0.03, momentum=0.5, batch_size=3, iterations=50, restarts=2)
    assert_trains_like_the_trainer(torch_runner, tmp_path, graph, settings)


def test_graphs_that_cannot_train_are_refused_clearly():
    graph = expression_graph("a + 1")
    graph.update_node("a", trainable=False)
    with pytest.raises(ExportError, match="nothing to train"):
        pytorch_script(graph)
    graph = expression_graph("a * 2")
    graph.remove_edge(graph.in_edges("mul1")[0].id)
    graph.add_node(Node("s", "sub"))
    with pytest.raises(ExportError, match="cannot be evaluated"):
        pytorch_script(graph)


def test_odd_node_ids_become_python_names(torch_runner, tmp_path):
    graph = expression_graph("class_ * 2 + self + x1", {"class_": 0.5, "self": 1.5})
    for old, new in (("class_", "class"), ("self", "ñ"), ("x1", "x₁")):
        node = graph.node(old)
        graph.add_node(Node(new, "parameter", value=node.value, trainable=True))
        for e in graph.out_edges(old):
            graph.remove_edge(e.id)
            graph.add_edge(Edge(e.id, new, e.target, e.port))
        graph.remove_node(old)
    assert_trains_like_the_trainer(torch_runner, tmp_path, graph, TrainingSettings(iterations=5))
