"""Operation registry: import this package to get every op registered."""

from . import arithmetic, losses, sources, unary  # noqa: F401  (registration side effects)
from .spec import OpSpec, PortSpec, all_ops, get_op, op_names, register

__all__ = ["OpSpec", "PortSpec", "all_ops", "get_op", "op_names", "register"]
