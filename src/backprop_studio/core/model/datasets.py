"""Data sets: CSV import/export and seeded generators for quick experiments.

A data set is what a graph's ``data`` field holds: ``{column name: [numbers]}``, every column
the same length; ``input`` nodes read a column by name.

CSV: the header row names the columns; each following row holds one number per column
(comma-separated; a file using semicolons or tabs throughout is read too). Blank lines are
skipped. Errors name the file, the line and the column: a field that is not a number, a row
with the wrong number of fields, an empty file, a header without rows, a repeated column name.

Generators (each seeded, so the same seed gives the same data): ``line`` (y = slope x +
intercept + noise), ``sine``, ``xor`` (the four corners, optionally jittered), ``two_moons``,
``circles``, ``spirals`` and ``three_blobs`` (three classes, for cross_entropy).

A labelled CSV (:func:`read_labelled_csv`) may hold a column of class names (``setosa``,
``versicolor``...): a column whose every field is text becomes class indices 0, 1, ... in order
of first appearance. :data:`GENERATORS` describes them (title, parameters with defaults and bounds)
so a dialog can be built from it.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import BackpropError, short_repr
from .fileio import write_text_atomic
from .graph_rules import is_finite_number

Columns = dict[str, list[float]]


class DataError(BackpropError):
    """A data file or data set that cannot be used; names the file, line and column."""


# --------------------------------------------------------------------------- CSV
def read_csv(path: str | os.PathLike[str]) -> Columns:
    """Read a CSV file with a header row; raises DataError naming the line and column."""
    return parse_csv(_read_text(path), str(path))


def _read_text(path: str | os.PathLike[str]) -> str:
    name = str(path)
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{name}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise DataError(f"{name}: is not a text file (not UTF-8)") from None
    except OSError as exc:
        raise DataError(f"{name}: {exc.strerror or exc}") from None


def parse_csv(text: str, source: str = "<csv>") -> Columns:
    """Parse CSV text (header row first); ``source`` names it in error messages."""
    return _parse(text, source, labels=False)[0]


def read_labelled_csv(path: str | os.PathLike[str]) -> tuple[Columns, dict[str, list[str]]]:
    """Like :func:`read_csv`, but a column whose every field is text (not a number) is a
    label column: its names become class indices 0, 1, ... in order of first appearance.
    Returns the columns and, per label column, the class names in index order."""
    return _parse(_read_text(path), str(path), labels=True)


def parse_labelled_csv(text: str, source: str = "<csv>") -> tuple[Columns, dict[str, list[str]]]:
    """Parse CSV text with label columns (see :func:`read_labelled_csv`)."""
    return _parse(text, source, labels=True)


def _parse(text: str, source: str, labels: bool) -> tuple[Columns, dict[str, list[str]]]:
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise DataError(f"{source}: the file is empty (expected a header row naming the columns)")
    delimiter = _delimiter(lines[first])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    header: list[str] | None = None
    columns: list[list[tuple[int, str]]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(field.strip() for field in row):
                continue
            if header is None:
                header = _header(row, line, source)
                columns = [[] for _ in header]
                continue
            if len(row) != len(header):
                raise DataError(
                    f"{source}: line {line} has {len(row)} field{'s' if len(row) != 1 else ''}, "
                    f"expected {len(header)} ({', '.join(header)})"
                )
            for col, field in enumerate(row):
                columns[col].append((line, field))
    except csv.Error as exc:
        raise DataError(f"{source}: line {reader.line_num}: {exc}") from None
    assert header is not None
    if not columns[0]:
        raise DataError(f"{source}: has a header row ({', '.join(header)}) but no data rows")
    out: Columns = {}
    classes: dict[str, list[str]] = {}
    for name, fields in zip(header, columns, strict=True):
        texts = [f.strip() for _, f in fields]
        if labels and all(t and not _is_number_text(t) for t in texts):
            names = list(dict.fromkeys(texts))  # order of first appearance
            index = {n: float(k) for k, n in enumerate(names)}
            out[name] = [index[t] for t in texts]
            classes[name] = names
        else:
            out[name] = [_number(f, line, name, source) for line, f in fields]
    return out, classes


def _delimiter(header_line: str) -> str:
    if "," in header_line:
        return ","
    for d in (";", "\t"):
        if d in header_line:
            return d
    return ","


def _header(row: list[str], line: int, source: str) -> list[str]:
    names = [field.strip() for field in row]
    for k, name in enumerate(names):
        if not name:
            raise DataError(f"{source}: line {line}, column {k + 1}: the column has no name")
        if _is_number_text(name):
            raise DataError(
                f"{source}: line {line}: the first row must name the columns, "
                f"but column {k + 1} is the number {name}"
            )
        if name in names[:k]:
            raise DataError(f"{source}: line {line}: column name {name!r} appears twice")
    return names


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(field: str, line: int, column: str, source: str) -> float:
    text = field.strip()
    try:
        value = float(text)
    except ValueError:
        what = "is empty" if not text else f"{text!r} is not a number"
        raise DataError(f"{source}: line {line}, column {column!r}: {what}") from None
    if not math.isfinite(value):
        raise DataError(
            f"{source}: line {line}, column {column!r}: {text!r} is not a finite number"
        )
    return value


def to_csv(columns: Columns) -> str:
    """CSV text with a header row (numbers written exactly, shortest form)."""
    check_columns(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = list(columns)
    writer.writerow(names)
    for row in zip(*(columns[n] for n in names), strict=True):
        writer.writerow([repr(float(x)) for x in row])
    return out.getvalue()


def write_csv(columns: Columns, path: str | os.PathLike[str]) -> None:
    """Save a data set as CSV (atomically)."""
    write_text_atomic(path, to_csv(columns))


def check_columns(columns: Columns) -> None:
    """Raise DataError unless every column is a list of finite numbers of one common length."""
    if not columns:
        raise DataError("the data set has no columns")
    lengths = {name: len(col) for name, col in columns.items()}
    if len(set(lengths.values())) > 1:
        sizes = ", ".join(f"{k}: {v}" for k, v in lengths.items())
        raise DataError(f"data columns have different lengths ({sizes})")
    for name, col in columns.items():
        for i, x in enumerate(col):
            if not is_finite_number(x):
                raise DataError(
                    f"data column {short_repr(name)}, row {i + 1}: {short_repr(x)} is not a "
                    f"finite number"
                )


# --------------------------------------------------------------------------- generators
@dataclass(frozen=True)
class GeneratorParam:
    """One setting of a generator, with what a form needs to edit it."""

    name: str
    title: str
    default: float
    minimum: float
    maximum: float
    integer: bool = False


@dataclass(frozen=True)
class GeneratorSpec:
    """A data-set generator: ``make(seed=..., **params)`` returns the columns."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    params: tuple[GeneratorParam, ...]
    make: Callable[..., Columns]


def line(
    n: int = 20,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 0.5,
    x_min: float = -2.0,
    x_max: float = 2.0,
    seed: int = 0,
) -> Columns:
    """Points on y = slope * x + intercept plus Gaussian noise, x evenly spread."""
    rng = _rng(seed)
    x = np.linspace(x_min, x_max, _count(n))
    y = slope * x + intercept + noise * rng.standard_normal(x.size)
    return _columns(x=x, y=y)


def sine(
    n: int = 40,
    amplitude: float = 1.0,
    frequency: float = 1.0,
    noise: float = 0.1,
    x_min: float = -math.pi,
    x_max: float = math.pi,
    seed: int = 0,
) -> Columns:
    """y = amplitude * sin(frequency * x) plus Gaussian noise."""
    rng = _rng(seed)
    x = np.linspace(x_min, x_max, _count(n))
    y = amplitude * np.sin(frequency * x) + noise * rng.standard_normal(x.size)
    return _columns(x=x, y=y)


def xor(repeats: int = 1, jitter: float = 0.0, seed: int = 0) -> Columns:
    """The four XOR cases (x1, x2 in {0, 1}; y = x1 xor x2), each ``repeats`` times, the
    inputs moved by uniform noise of size ``jitter``."""
    rng = _rng(seed)
    base = np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    rows = np.tile(base, (_count(repeats), 1))
    rows[:, :2] += jitter * rng.uniform(-1.0, 1.0, size=(rows.shape[0], 2))
    return _columns(x1=rows[:, 0], x2=rows[:, 1], y=rows[:, 2])


def two_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> Columns:
    """Two interleaving half circles (as scikit-learn's make_moons): class 0 on the upper
    moon, class 1 on the lower one, points shuffled, Gaussian noise added."""
    rng = _rng(seed)
    n = _count(n)
    n_upper = n // 2 + n % 2
    n_lower = n // 2
    t_upper = np.linspace(0.0, math.pi, n_upper)
    t_lower = np.linspace(0.0, math.pi, n_lower)
    x1 = np.concatenate([np.cos(t_upper), 1.0 - np.cos(t_lower)])
    x2 = np.concatenate([np.sin(t_upper), 0.5 - np.sin(t_lower)])
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    x1 = x1 + noise * rng.standard_normal(n)
    x2 = x2 + noise * rng.standard_normal(n)
    order = rng.permutation(n)
    return _columns(x1=x1[order], x2=x2[order], y=y[order])


def circles(n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> Columns:
    """Two concentric circles (as scikit-learn's make_circles): class 0 on the outer circle
    (radius 1), class 1 on the inner one (radius ``factor``), shuffled, Gaussian noise added."""
    rng = _rng(seed)
    n = _count(n)
    n_outer = n // 2 + n % 2
    t_outer = np.linspace(0.0, 2 * math.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0.0, 2 * math.pi, n - n_outer, endpoint=False)
    x1 = np.concatenate([np.cos(t_outer), factor * np.cos(t_inner)])
    x2 = np.concatenate([np.sin(t_outer), factor * np.sin(t_inner)])
    y = np.concatenate([np.zeros(n_outer), np.ones(n - n_outer)])
    return _shuffled(
        rng, x1 + noise * rng.standard_normal(n), x2 + noise * rng.standard_normal(n), y
    )


def spirals(n: int = 100, noise: float = 0.05, turns: float = 1.5, seed: int = 0) -> Columns:
    """Two interleaved spirals around the origin, classes 0 and 1 (half a turn apart), each
    winding ``turns`` times out to radius 1; shuffled, Gaussian noise added."""
    rng = _rng(seed)
    n = _count(n)
    n0 = n // 2 + n % 2
    parts = []
    for k, m in enumerate((n0, n - n0)):
        r = np.linspace(0.1, 1.0, m)
        t = 2 * math.pi * turns * r + k * math.pi
        parts.append((r * np.cos(t), r * np.sin(t), np.full(m, float(k))))
    x1, x2, y = (np.concatenate([p[i] for p in parts]) for i in range(3))
    return _shuffled(
        rng, x1 + noise * rng.standard_normal(n), x2 + noise * rng.standard_normal(n), y
    )


BLOB_CENTRES = ((-1.0, -0.6), (1.0, -0.6), (0.0, 1.1))


def three_blobs(n: int = 90, spread: float = 0.35, seed: int = 0) -> Columns:
    """Three round Gaussian clouds (classes 0, 1, 2) at the corners of a triangle, standard
    deviation ``spread``; shuffled."""
    rng = _rng(seed)
    n = _count(n)
    sizes = [n // 3 + (1 if k < n % 3 else 0) for k in range(3)]
    x1 = np.concatenate([np.full(m, c[0]) for m, c in zip(sizes, BLOB_CENTRES, strict=True)])
    x2 = np.concatenate([np.full(m, c[1]) for m, c in zip(sizes, BLOB_CENTRES, strict=True)])
    y = np.concatenate([np.full(m, float(k)) for k, m in enumerate(sizes)])
    return _shuffled(
        rng, x1 + spread * rng.standard_normal(n), x2 + spread * rng.standard_normal(n), y
    )


def _shuffled(rng: np.random.Generator, x1: np.ndarray, x2: np.ndarray, y: np.ndarray) -> Columns:
    order = rng.permutation(y.size)
    return _columns(x1=x1[order], x2=x2[order], y=y[order])


def _rng(seed: int) -> np.random.Generator:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise DataError(f"seed must be a whole number of at least 0, not {seed!r}")
    return np.random.default_rng(seed)


def _count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DataError(f"the number of points must be a whole number of at least 1, not {n!r}")
    return n


def _columns(**arrays: np.ndarray) -> Columns:
    return {name: [float(v) for v in a] for name, a in arrays.items()}


GENERATORS: dict[str, GeneratorSpec] = {
    spec.name: spec
    for spec in (
        GeneratorSpec(
            "line",
            "Line with noise",
            "y = slope · x + intercept + noise: linear regression",
            ("x", "y"),
            (
                GeneratorParam("n", "Points", 20, 1, 100_000, integer=True),
                GeneratorParam("slope", "Slope", 2.0, -1e6, 1e6),
                GeneratorParam("intercept", "Intercept", 1.0, -1e6, 1e6),
                GeneratorParam("noise", "Noise (std. dev.)", 0.5, 0.0, 1e6),
                GeneratorParam("x_min", "x from", -2.0, -1e6, 1e6),
                GeneratorParam("x_max", "x to", 2.0, -1e6, 1e6),
            ),
            line,
        ),
        GeneratorSpec(
            "sine",
            "Sine wave",
            "y = amplitude · sin(frequency · x) + noise: a curve a small network can fit",
            ("x", "y"),
            (
                GeneratorParam("n", "Points", 40, 1, 100_000, integer=True),
                GeneratorParam("amplitude", "Amplitude", 1.0, -1e6, 1e6),
                GeneratorParam("frequency", "Frequency", 1.0, -1e6, 1e6),
                GeneratorParam("noise", "Noise (std. dev.)", 0.1, 0.0, 1e6),
                GeneratorParam("x_min", "x from", -math.pi, -1e6, 1e6),
                GeneratorParam("x_max", "x to", math.pi, -1e6, 1e6),
            ),
            sine,
        ),
        GeneratorSpec(
            "xor",
            "XOR",
            "the four cases of exclusive or: not separable by one line",
            ("x1", "x2", "y"),
            (
                GeneratorParam("repeats", "Copies of each case", 1, 1, 25_000, integer=True),
                GeneratorParam("jitter", "Jitter", 0.0, 0.0, 1.0),
            ),
            xor,
        ),
        GeneratorSpec(
            "two_moons",
            "Two moons",
            "two interleaving half circles, classes 0 and 1",
            ("x1", "x2", "y"),
            (
                GeneratorParam("n", "Points", 100, 1, 100_000, integer=True),
                GeneratorParam("noise", "Noise (std. dev.)", 0.1, 0.0, 10.0),
            ),
            two_moons,
        ),
        GeneratorSpec(
            "circles",
            "Circles",
            "a ring around a disc, classes 0 (outer) and 1 (inner)",
            ("x1", "x2", "y"),
            (
                GeneratorParam("n", "Points", 100, 1, 100_000, integer=True),
                GeneratorParam("noise", "Noise (std. dev.)", 0.05, 0.0, 10.0),
                GeneratorParam("factor", "Inner radius", 0.5, 0.01, 0.99),
            ),
            circles,
        ),
        GeneratorSpec(
            "spirals",
            "Two spirals",
            "two interleaved spirals, classes 0 and 1: hard for a small network",
            ("x1", "x2", "y"),
            (
                GeneratorParam("n", "Points", 100, 1, 100_000, integer=True),
                GeneratorParam("noise", "Noise (std. dev.)", 0.05, 0.0, 10.0),
                GeneratorParam("turns", "Turns", 1.5, 0.25, 5.0),
            ),
            spirals,
        ),
        GeneratorSpec(
            "three_blobs",
            "Three blobs",
            "three round clouds, classes 0, 1 and 2 (for cross_entropy)",
            ("x1", "x2", "y"),
            (
                GeneratorParam("n", "Points", 90, 1, 100_000, integer=True),
                GeneratorParam("spread", "Spread (std. dev.)", 0.35, 0.0, 10.0),
            ),
            three_blobs,
        ),
    )
}


def generate(name: str, seed: int = 0, **params: float) -> Columns:
    """Run a generator by name with some of its parameters (the rest at their defaults)."""
    spec = GENERATORS.get(name)
    if spec is None:
        raise DataError(f"unknown data generator {name!r}; choose one of {', '.join(GENERATORS)}")
    known = {p.name: p for p in spec.params}
    for key, value in params.items():
        p = known.get(key)
        if p is None:
            raise DataError(
                f"generator {name!r} has no setting {key!r}; its settings are {', '.join(known)}"
            )
        ok = is_finite_number(value)
        if not ok or not p.minimum <= value <= p.maximum or p.integer and value != int(value):
            kind = "a whole number" if p.integer else "a number"
            raise DataError(
                f"{p.title.lower()} must be {kind} from {p.minimum:g} to {p.maximum:g}, not {value!r}"
            )
        if p.integer:
            params[key] = int(value)
    return spec.make(seed=seed, **params)
