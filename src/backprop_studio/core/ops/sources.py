"""Source ops: ``input`` (a number, a batch, or a data-set column) and ``parameter``."""

from __future__ import annotations

from .spec import OpSpec, register

INPUT = register(
    OpSpec(
        name="input",
        title="Input",
        category="source",
        symbol="x",
        formula="a number, a batch of numbers, or a data column",
        derivatives={},
        has_value=True,
        description="Feeds a value into the graph: a number, a list (a batch) or a data column.",
    )
)

PARAMETER = register(
    OpSpec(
        name="parameter",
        title="Parameter",
        category="source",
        symbol="θ",
        formula="a scalar the training adjusts",
        derivatives={},
        has_value=True,
        trainable_default=True,
        description="A scalar weight, trainable by default.",
    )
)
