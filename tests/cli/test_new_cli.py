"""``backprop-studio new --mlp``: whole networks that load, pass ``check`` and train."""

from __future__ import annotations

import json

import pytest

from backprop_studio.cli import main
from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.fileio import load_graph


def new(tmp_path, *options: str, name: str = "net.bpgraph") -> str:
    out = str(tmp_path / name)
    assert main(["new", *options, "--output", out]) == 0
    return out


def test_a_2_4_1_network_has_12_weights_5_biases_and_passes_check(tmp_path, capsys):
    path = new(tmp_path, "--mlp", "2,4,1", "--activation", "tanh")
    assert "12 trainable weights, 5 biases, 4 data rows" in capsys.readouterr().out
    g = load_graph(path)
    nodes, edges = g.trainables()
    assert len(edges) == 12 and len(nodes) == 5
    assert all(g.node(n).op == "parameter" and g.node(n).value == 0.0 for n in nodes)
    assert g.data == {"x1": [0.0, 0.0, 1.0, 1.0], "x2": [0.0, 1.0, 0.0, 1.0], "y": [0, 1, 1, 0]}
    assert [g.node(f"x{i}").column for i in (1, 2)] == ["x1", "x2"]
    assert g.node(g.loss_node()).op == "mse"
    assert [grp.label for grp in g.groups()] == [f"neuron h{j}" for j in range(1, 5)] + ["output"]
    assert not g.problems()
    assert main(["check", path]) == 0
    capsys.readouterr()
    # it trains: XOR is learned
    assert main(["train", path, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["final_loss"] < 0.01 * out["loss_history"][0]


def test_cross_entropy_networks_with_classes(tmp_path, capsys):
    path = new(tmp_path, "--mlp", "2,5,3", "--classes", "3", "--activation", "relu")
    g = load_graph(path)
    assert g.node("L").op == "cross_entropy"
    logits = [e.source for e in g.in_edges("L", "logits")]
    assert len(logits) == 3 and set(g.data["y"]) == {0.0, 1.0, 2.0}
    assert main(["check", path]) == 0
    deep = new(tmp_path, "--mlp", "3,4,4,2", "--classes", "2", name="deep.bpgraph")
    assert main(["check", deep]) == 0
    assert compile_plan(load_graph(deep)).batch_size == 24


def test_the_same_seed_gives_the_same_file(tmp_path):
    a = new(tmp_path, "--mlp", "2,3,1", "--seed", "5", name="a.bpgraph")
    b = new(tmp_path, "--mlp", "2,3,1", "--seed", "5", name="b.bpgraph")
    c = new(tmp_path, "--mlp", "2,3,1", "--seed", "6", name="c.bpgraph")
    text = open(a, encoding="utf-8").read()
    assert text == open(b, encoding="utf-8").read() != open(c, encoding="utf-8").read()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--mlp", "2,x,1"], "whole numbers separated by commas"),
        (["--mlp", "2"], "at least two layer sizes"),
        (["--mlp", "2,0,1"], "at least one unit"),
        (["--mlp", "2,4,2"], "an mse network has one output, not 2"),
        (["--mlp", "2,4,1", "--classes", "3"], "--classes 3 needs an output layer of 3"),
        (["--mlp", "2,4,1", "--activation", "swish"], "invalid choice"),
    ],
)
def test_bad_sizes_give_one_clear_line(tmp_path, capsys, options, message):
    out = tmp_path / "x.bpgraph"
    assert _exit_code(["new", *options, "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_existing_file_is_kept_without_force(tmp_path, capsys):
    path = tmp_path / "mine.bpgraph"
    path.write_text("precious", encoding="utf-8")
    assert main(["new", "--mlp", "2,2,1", "--output", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "precious"
    assert main(["new", "--mlp", "2,2,1", "--output", str(path), "--force"]) == 0
    assert load_graph(path).title.startswith("MLP 2,2,1")


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's own errors
        return int(exc.code)
