"""Training settings: what the training dock edits, the CLI overrides and the file stores.

A :class:`TrainingSettings` reads the ``training`` section of a ``.bpgraph`` file::

    "training": {"optimizer": "sgd", "learning_rate": 0.01, "momentum": 0.0,
                 "batch_size": null, "iterations": 100, "seed": 0, "restarts": 1}

plus optional fields of our own, kept by the file format like any unknown field:
``"init_range": [low, high]`` (where random restarts draw their starting values),
``"nesterov": true`` and ``"validation_fraction": f`` (0 <= f < 1: the last round(f x n) rows
of the data, in file order, are held out of training and measured beside it; see
holdout.py). Missing fields take the defaults below; a field of the wrong type is
reported with its name and the file, never guessed.

Batch modes: ``batch_size`` null or 0 = full batch (every sample, every step); B = mini-batch
of B samples, reshuffled each epoch; 1 = stochastic (one sample per step).

Bounds: at most :data:`MAX_ITERATIONS` updates per run and :data:`MAX_RESTARTS` runs (every
run is set up front), seeds and batch sizes below 2**63. The lenient :func:`parse_settings`
(the app) clamps a count over its bound and says so; the strict paths (the CLI) refuse it.
:func:`clamp_settings` fits settings into the ranges the training panel offers
(:data:`PANEL_RANGES`) and lists what it changed, so the app can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from ..model.errors import BackpropError, short_repr
from ..model.graph import Graph
from ..model.graph_rules import is_finite_number
from .optim import OPTIMIZERS

MAX_ITERATIONS = 100_000_000  # updates per run
MAX_RESTARTS = 1000  # runs per session
MAX_WHOLE = 2**63 - 1  # seeds and batch sizes

# (low, high) of each setting in the training panel; clamp_settings fits settings into these
PANEL_RANGES: dict[str, tuple[float, float]] = {
    "learning_rate": (1e-6, 100.0),
    "momentum": (0.0, 0.999),
    "batch_size": (1, 1_000_000),
    "iterations": (1, MAX_ITERATIONS),
    "restarts": (1, MAX_RESTARTS),
    "seed": (0, 2_000_000_000),
    "init_range": (-1e6, 1e6),
}
_TITLES = {
    "learning_rate": "learning rate",
    "batch_size": "batch size",
    "init_range": "initialisation range",
}


class SettingsError(BackpropError):
    """A training setting that cannot be used; the message names the setting (and file)."""


@dataclass(frozen=True)
class TrainingSettings:
    """Everything one training session needs besides the graph."""

    optimizer: str = "sgd"
    learning_rate: float = 0.01
    momentum: float = 0.0
    batch_size: int | None = None
    iterations: int = 100
    seed: int = 0
    restarts: int = 1
    init_range: tuple[float, float] = (-1.0, 1.0)
    nesterov: bool = False
    validation_fraction: float = 0.0

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise SettingsError(problems[0])

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_dict(cls, section: Any, source: str = "") -> TrainingSettings:
        """Settings from a file's ``training`` section; raises SettingsError naming the field."""
        settings, problems = parse_settings(section)
        if problems:
            where = f"{source}: " if source else ""
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise SettingsError(f"{where}{problems[0]}{more}")
        return settings

    @classmethod
    def from_graph(cls, graph: Graph, source: str = "") -> TrainingSettings:
        """Settings from the graph's ``training`` section (defaults where it says nothing)."""
        return cls.from_dict(graph.training, source)

    def with_changes(self, **changes: Any) -> TrainingSettings:
        """A copy with some settings changed; ``None`` values are ignored (CLI overrides)."""
        given = {k: v for k, v in changes.items() if v is not None}
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            raise SettingsError(f"unknown training setting(s): {', '.join(sorted(unknown))}")
        if "optimizer" in given:
            given["optimizer"] = str(given["optimizer"]).strip().lower()
        if "init_range" in given:
            try:
                given["init_range"] = tuple(float(x) for x in given["init_range"])
            except (TypeError, ValueError, OverflowError):
                raise SettingsError(
                    f"initialisation range must be two numbers, not "
                    f"{short_repr(given['init_range'])}"
                ) from None
        if given.get("batch_size") == 0:
            given["batch_size"] = None
        return replace(self, **given)

    def to_dict(self) -> dict[str, Any]:
        """The ``training`` section to store in a file (the optional fields only if not default)."""
        out: dict[str, Any] = {
            "optimizer": self.optimizer,
            "learning_rate": self.learning_rate,
            "momentum": self.momentum,
            "batch_size": self.batch_size,
            "iterations": self.iterations,
            "seed": self.seed,
            "restarts": self.restarts,
        }
        if self.init_range != TrainingSettings.init_range:
            out["init_range"] = list(self.init_range)
        if self.nesterov:
            out["nesterov"] = True
        if self.validation_fraction:
            out["validation_fraction"] = self.validation_fraction
        return out

    @property
    def batch_mode(self) -> str:
        """``batch``, ``mini-batch`` or ``stochastic``."""
        if self.batch_size is None:
            return "batch"
        return "stochastic" if self.batch_size == 1 else "mini-batch"

    def describe(self) -> str:
        """One line for status bars and the CLI: ``sgd, lr 0.02, momentum 0.9, batch, 60 it``."""
        parts = [self.optimizer, f"lr {self.learning_rate:g}"]
        if self.optimizer != "adam" and self.momentum:
            parts.append(f"momentum {self.momentum:g}" + (" (Nesterov)" if self.nesterov else ""))
        mode = self.batch_mode
        parts.append(mode if self.batch_size in (None, 1) else f"{mode} of {self.batch_size}")
        parts.append(f"{self.iterations} iterations")
        if self.restarts > 1:
            parts.append(
                f"{self.restarts} restarts in [{self.init_range[0]:g}, {self.init_range[1]:g}]"
            )
        if self.validation_fraction:
            parts.append(f"{self.validation_fraction:.0%} held out")
        parts.append(f"seed {self.seed}")
        return ", ".join(parts)


def parse_settings(section: Any) -> tuple[TrainingSettings, list[str]]:
    """Lenient parse: settings with defaults where a field is missing or wrong, and the list
    of problems found (each naming the field). The UI uses this to load what it can."""
    if section is None:
        section = {}
    if not isinstance(section, dict):
        return TrainingSettings(), [f'"training" must be an object, not {section!r}']
    values: dict[str, Any] = {}
    problems: list[str] = []

    def bad(key: str, what: str) -> None:
        problems.append(f'training "{key}" must be {what}, not {short_repr(section[key])}')

    if "optimizer" in section:
        name = section["optimizer"]
        if isinstance(name, str) and name.strip().lower() in OPTIMIZERS:
            values["optimizer"] = name.strip().lower()
        else:
            bad("optimizer", f"one of {', '.join(OPTIMIZERS)}")
    for key, what, check in (
        ("learning_rate", "a number above 0", lambda x: _is_number(x) and x > 0),
        ("momentum", "a number from 0 to 1", lambda x: _is_number(x) and 0 <= x <= 1),
    ):
        if key in section:
            if check(section[key]):
                values[key] = float(section[key])
            else:
                bad(key, what)
    if "batch_size" in section:
        b = section["batch_size"]
        if b is None or b == 0 and _is_int(b):
            values["batch_size"] = None
        elif _is_int(b) and 0 < b <= MAX_WHOLE:
            values["batch_size"] = b
        else:
            bad("batch_size", "null, 0 (full batch) or a positive whole number")
    for key, most in (("iterations", MAX_ITERATIONS), ("restarts", MAX_RESTARTS)):
        if key in section:
            n = section[key]
            if _is_int(n) and 1 <= n <= most:
                values[key] = n
            elif _is_int(n) and n > most:
                values[key] = most
                problems.append(
                    f'training "{key}" is limited to {most:,} (the file asks for {short_repr(n)})'
                )
            else:
                bad(key, "a whole number of at least 1")
    if "seed" in section:
        if _is_int(section["seed"]) and 0 <= section["seed"] <= MAX_WHOLE:
            values["seed"] = section["seed"]
        else:
            bad("seed", "a whole number of at least 0")
    if "init_range" in section:
        r = section["init_range"]
        if isinstance(r, list) and len(r) == 2 and all(_is_number(x) for x in r) and r[0] < r[1]:
            values["init_range"] = (float(r[0]), float(r[1]))
        else:
            bad("init_range", "[low, high] with low < high")
    if "validation_fraction" in section:
        f = section["validation_fraction"]
        if _is_number(f) and 0 <= f < 1:
            values["validation_fraction"] = float(f)
        else:
            bad("validation_fraction", "a number from 0 up to (not including) 1")
    if "nesterov" in section:
        if isinstance(section["nesterov"], bool):
            values["nesterov"] = section["nesterov"]
        else:
            bad("nesterov", "true or false")
    try:
        return TrainingSettings(**values), problems
    except SettingsError as exc:  # a combination that cannot work (Nesterov without momentum)
        values.pop("nesterov", None)
        return TrainingSettings(**values), [*problems, str(exc)]


def _problems(s: TrainingSettings) -> list[str]:
    found = []
    if s.optimizer not in OPTIMIZERS:
        found.append(
            f"optimizer must be one of {', '.join(OPTIMIZERS)}, not {short_repr(s.optimizer)}"
        )
    if not (_is_number(s.learning_rate) and s.learning_rate > 0):
        found.append(f"learning rate must be a number above 0, not {short_repr(s.learning_rate)}")
    if not (_is_number(s.momentum) and 0 <= s.momentum <= 1):
        found.append(f"momentum must be a number from 0 to 1, not {short_repr(s.momentum)}")
    if s.batch_size is not None and not (_is_int(s.batch_size) and 1 <= s.batch_size <= MAX_WHOLE):
        found.append(f"batch size must be a positive whole number, not {short_repr(s.batch_size)}")
    if not (_is_int(s.iterations) and 1 <= s.iterations <= MAX_ITERATIONS):
        found.append(
            f"iterations must be a whole number from 1 to {MAX_ITERATIONS:,}, "
            f"not {short_repr(s.iterations)}"
        )
    if not (_is_int(s.restarts) and 1 <= s.restarts <= MAX_RESTARTS):
        found.append(
            f"restarts must be a whole number from 1 to {MAX_RESTARTS:,}, "
            f"not {short_repr(s.restarts)}"
        )
    if not (_is_int(s.seed) and 0 <= s.seed <= MAX_WHOLE):
        found.append(f"seed must be a whole number from 0 to 2**63 - 1, not {short_repr(s.seed)}")
    r = s.init_range
    if not (len(r) == 2 and all(_is_number(x) for x in r) and r[0] < r[1]):
        found.append(
            f"initialisation range must be (low, high) with low < high, not {short_repr(r)}"
        )
    f = s.validation_fraction
    if not (_is_number(f) and 0 <= f < 1):
        found.append(
            f"validation fraction must be a number from 0 up to 1 (not 1), not {short_repr(f)}"
        )
    if s.nesterov and (s.optimizer != "sgd" or not s.momentum):
        found.append("Nesterov momentum needs the sgd optimizer and a momentum above 0")
    return found


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return is_finite_number(x)


def clamp_settings(settings: TrainingSettings) -> tuple[TrainingSettings, list[str]]:
    """``settings`` fitted into :data:`PANEL_RANGES`, and one sentence per setting changed
    (``restarts 5000 is more than the panel allows: 1,000 used``) for the app to show."""
    changes: dict[str, Any] = {}
    notes: list[str] = []
    for key, (low, high) in PANEL_RANGES.items():
        value = getattr(settings, key)
        if value is None:
            continue
        title = _TITLES.get(key, key)
        if key == "init_range":
            fitted = (min(max(value[0], low), high - 1.0), max(min(value[1], high), low + 1.0))
            if fitted != tuple(value):
                changes[key] = fitted
                notes.append(
                    f"{title} [{value[0]:g}, {value[1]:g}] is wider than the panel allows: "
                    f"[{fitted[0]:g}, {fitted[1]:g}] used"
                )
            continue
        kind = int if isinstance(value, int) else float
        if value > high:
            changes[key] = kind(high)
            notes.append(
                f"{title} {_show(value)} is more than the panel allows: {_show(kind(high))} used"
            )
        elif value < low:
            changes[key] = kind(low)
            notes.append(
                f"{title} {_show(value)} is less than the panel allows: {_show(kind(low))} used"
            )
    if not changes:
        return settings, []
    if "momentum" in changes and not changes["momentum"]:
        changes["nesterov"] = False
    return replace(settings, **changes), notes


def _show(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"
