"""The Graph's rules for single values: fresh ids, finite weights, node values.

Kept apart from graph.py (the Graph itself) so that module stays short; graph.py imports
these under their old private names. Invalid input raises :class:`GraphError` naming the
node or edge at fault.
"""

from __future__ import annotations

import itertools
import math
import sys
from typing import TYPE_CHECKING, Any

from ..ops import get_op
from ..texts import fill, translate
from .errors import GraphError, short_repr

if TYPE_CHECKING:
    from .graph import Node


def fresh_id(prefix: str, taken: dict[str, Any]) -> str:
    """The first of ``prefix1``, ``prefix2``, ... not in ``taken``."""
    for i in itertools.count(1):
        candidate = f"{prefix}{i}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


_LARGEST = sys.float_info.max


def is_finite_number(x: Any) -> bool:
    """A finite int or float (not a bool); a whole number too large for a float is not."""
    kind = type(x)
    if kind is float:  # the common cases first: this runs for every number of a file
        return math.isfinite(x)
    if kind is int:
        return -_LARGEST <= x <= _LARGEST  # exact comparison, no conversion
    if isinstance(x, bool) or not isinstance(x, int | float):
        return False
    try:
        return math.isfinite(x)
    except OverflowError:  # an int beyond the float range (1e309 written as digits)
        return False


def check_weight(edge_id: str, weight: float) -> None:
    """An edge weight must be a finite number."""
    if not is_finite_number(weight):
        raise GraphError(
            fill(
                translate("Graph", "edge %1: weight must be a finite number, not %2"),
                short_repr(edge_id),
                short_repr(weight),
            ),
            edge=edge_id,
        )


def check_value(node: Node) -> None:
    """Values must be finite numbers (a list of them for an input batch)."""
    v = node.value
    if v is None:
        return
    spec = get_op(node.op)
    if spec is not None and not spec.has_value:
        text = translate("Graph", "node %1 (%2) does not take a value")
        raise GraphError(fill(text, repr(node.id), node.op), node=node.id)
    items = v if isinstance(v, list) else [v]
    if isinstance(v, list) and node.op != "input":
        text = translate("Graph", "node %1: a parameter value must be one number")
        raise GraphError(fill(text, repr(node.id)), node=node.id)
    if isinstance(v, list) and not v:
        text = translate("Graph", "node %1: a batch needs at least one value")
        raise GraphError(fill(text, repr(node.id)), node=node.id)
    for x in items:
        if not is_finite_number(x):
            raise GraphError(
                fill(
                    translate("Graph", "node %1: value must be a finite number, not %2"),
                    short_repr(node.id),
                    short_repr(x),
                ),
                node=node.id,
            )
