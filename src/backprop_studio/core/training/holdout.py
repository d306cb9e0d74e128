"""Held-out data: which rows train and which are only measured.

With ``validation_fraction`` f and n samples, the last ``round(f * n)`` rows (Python's
``round``), in file order, are held out: training never sees them, and every update records
the held-out loss with the weights *before* that update (so ``validation_losses[i]`` pairs with
``losses[i]``). At least one row must stay for training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.errors import BackpropError

Array = np.ndarray


class HoldoutError(BackpropError):
    """A held-out share that leaves nothing to train on."""


@dataclass(frozen=True)
class Split:
    """The training rows and the held-out rows (None = no split: every row trains)."""

    train: Array | None
    held_out: Array | None

    @property
    def active(self) -> bool:
        return self.held_out is not None


def held_out_count(fraction: float, samples: int) -> int:
    """round(fraction x samples)."""
    return int(round(fraction * samples))


def split_rows(fraction: float, samples: int | None) -> Split:
    """The split for ``samples`` rows (None: the graph has no batch, nothing to hold out)."""
    if not fraction or samples is None:
        return Split(None, None)
    m = held_out_count(fraction, samples)
    if m == 0:
        return Split(None, None)
    if m >= samples:
        raise HoldoutError(
            f"validation fraction {fraction:g} holds out all {samples} samples; "
            "at least one must stay for training"
        )
    return Split(np.arange(samples - m), np.arange(samples - m, samples))
