"""Write the classification and overfitting examples (resources/examples), reproducibly.

    .venv/bin/python tools/make_class_examples.py

- three_classes.bpgraph: a 2-4-3 tanh network with cross_entropy on three blobs.
- overfitting.bpgraph: a 1-12-1 tanh network on 12 noisy points of a line, a third of them held
  out (training.validation_fraction): the training loss keeps falling while the held-out loss
  turns and rises, so the two curves part.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from backprop_studio.core.model.build_mlp import build_mlp
from backprop_studio.core.model.datasets import three_blobs
from backprop_studio.core.model.fileio import save_graph

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"


def three_classes() -> None:
    g = build_mlp([2, 4, 3], "tanh", classes=3, seed=1, data=three_blobs(n=60, seed=3))
    g.title = "Three classes (cross-entropy)"
    g.description = (
        "Three clouds of points, classes 0, 1 and 2. Four tanh neurons feed three logits, one "
        "per class (the order of the edges into the loss is the class order), and cross_entropy "
        "turns them into probabilities: loss = mean of -ln softmax(logits)[class]. Train and "
        "watch the accuracy and the decision regions."
    )
    g.training.update(learning_rate=0.05, iterations=300)
    save_graph(g, EXAMPLES / "three_classes.bpgraph")


def overfitting() -> None:
    rng = np.random.default_rng(7)
    x = rng.permutation(np.linspace(-1.0, 1.0, 12))
    y = 1.5 * x + 0.3 * rng.standard_normal(12)
    data = {"x1": [float(v) for v in x], "y": [float(v) for v in y]}
    g = build_mlp([1, 12, 1], "tanh", seed=2, data=data)
    g.title = "Overfitting: a too-flexible model"
    g.description = (
        "Twelve noisy points of a straight line, and a network with 37 trainable values. The "
        "last third of the rows is held out (validation fraction 0.33): training never sees "
        "them. The training loss keeps falling as the network bends through its 8 points; the "
        "held-out loss (dashed) falls, then rises: the model learns the noise."
    )
    g.training.update(learning_rate=0.01, iterations=2000, validation_fraction=0.33)
    save_graph(g, EXAMPLES / "overfitting.bpgraph")


if __name__ == "__main__":
    three_classes()
    overfitting()
