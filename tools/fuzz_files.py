"""Mutation fuzzer for .bpgraph files: every mutated example is refused cleanly or works.

    QT_QPA_PLATFORM=offscreen python tools/fuzz_files.py [--cases 20000] [--seed 0]

Each case takes one shipped example and applies one to three seeded mutations (wrong types,
huge and non-finite numbers, deep nesting, unicode including lone surrogates, duplicate keys,
missing and extra fields, broken structure, big batches, byte-level damage). The case's file
must then either be refused by the loader with a :class:`FileFormatError` ("refused"), or load
("loaded") and then round-trip byte for byte, save, and run through the command line's own
verbs (``eval --json``, ``train --iterations 3 --json``, ``check --json``, ``export --png
--svg``), each ending with its exit status (0, 1 for a failed check, or 2 with one line on
stderr) and strict JSON, never another exception ("other"). Prints the counts and the first
few "other" cases with their seeds; exits 1 if there was any. ``tests/core/test_fuzz_files.py``
runs 2,000 cases of this in the suite.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from backprop_studio.cli import main as cli  # noqa: E402
from backprop_studio.core.model.errors import FileFormatError  # noqa: E402
from backprop_studio.core.model.fileio import dumps_graph, load_graph, loads_graph  # noqa: E402
from backprop_studio.core.ops import op_names  # noqa: E402
from backprop_studio.resources_path import list_examples  # noqa: E402

HUGE_NUMBERS: list[Any] = [
    10**309,
    -(10**400),
    10**4000,
    2**63,
    2**1024,
    1e308,
    -1e308,
    5e-324,
    1.7976931348623157e308,
    0,
    -0.0,
]
DEEP_MARK = "@@deep-"
NON_FINITE_TOKENS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]
ODD_TEXT = [
    "\ud800",
    "\udfff",
    "a\ud83d",
    "\ud83d\ude00",
    "",
    " ",
    "\x00",
    "line\nbreak",
    "\u202eevil",
    "e\u0301\u0301\u0301",
    "名前",
    "x" * 10_000,
    "<b>bold</b>",
    "../../etc/passwd",
    "\ufeff",
]
ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    "text",
    0,
    -1,
    1.5,
    [],
    {},
    [1, 2],
    [[1]],
    {"a": 1},
    10**400,
    "\ud800",
]


# ----------------------------------------------------------------- mutations
def _objects(doc: Any) -> list[dict]:
    """Every JSON object in the document (nodes, edges, the top level, data, training)."""
    found: list[dict] = []
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _records(doc: dict, key: str) -> list[dict]:
    items = doc.get(key)
    return [r for r in items if isinstance(r, dict)] if isinstance(items, list) else []


def m_type(doc: dict, rng: random.Random) -> None:
    """A field of some object gets a value of another type."""
    target = rng.choice(_objects(doc))
    if target:
        target[rng.choice(list(target))] = rng.choice(ODD_VALUES)


def m_huge(doc: dict, rng: random.Random) -> None:
    """A number (value, weight, position, data, training setting) becomes huge or tiny."""
    number = rng.choice(HUGE_NUMBERS)
    nodes, edges = _records(doc, "nodes"), _records(doc, "edges")
    choice = rng.randrange(5)
    if choice == 0 and nodes:
        rng.choice(nodes)["value"] = number
    elif choice == 1 and edges:
        rng.choice(edges)["weight"] = number
    elif choice == 2 and nodes:
        rng.choice(nodes)["position"] = [number, rng.choice(HUGE_NUMBERS)]
    elif choice == 3 and isinstance(doc.get("data"), dict) and doc["data"]:
        col = doc["data"][rng.choice(list(doc["data"]))]
        if isinstance(col, list) and col:
            col[rng.randrange(len(col))] = number
    else:
        training = doc.setdefault("training", {})
        if isinstance(training, dict):
            key = rng.choice(
                ["learning_rate", "momentum", "batch_size", "iterations", "restarts", "seed"]
            )
            training[key] = rng.choice([number, 2_000_000_000, 10**12, -5, 0.5])
        if isinstance(training, dict) and rng.random() < 0.3:
            training["init_range"] = [-number if isinstance(number, int) else -1.0, number]


def m_nest(doc: dict, rng: random.Random) -> None:
    """An unknown field nested deep (sometimes far beyond any decoder's limit)."""
    depth = rng.choice([5, 50, 70, 500, 990, 1200, 20_000])
    value: Any = rng.choice([1, "x", None])
    if depth > 500:  # too deep for json.dumps: spliced in as text by mutate()
        value = f"{DEEP_MARK}{depth}"
    else:
        for _ in range(depth):
            value = [value] if rng.random() < 0.5 else {"k": value}
    target = rng.choice([doc, *_records(doc, "nodes"), *_records(doc, "edges")])
    target[f"deep{depth}"] = value


def m_unicode(doc: dict, rng: random.Random) -> None:
    """An id, label, title, column or key gets odd unicode (surrogates, controls, long)."""
    text = rng.choice(ODD_TEXT)
    nodes, edges = _records(doc, "nodes"), _records(doc, "edges")
    choice = rng.randrange(6)
    if choice == 0 and nodes:
        node = rng.choice(nodes)
        old = node.get("id")
        node["id"] = text
        for e in edges:  # keep the edges pointing at it
            for end in ("source", "target"):
                if e.get(end) == old:
                    e[end] = text
        if doc.get("loss") == old:
            doc["loss"] = text
    elif choice == 1 and nodes:
        rng.choice(nodes)["label"] = text
    elif choice == 2:
        doc[rng.choice(["title", "description"])] = text
    elif choice == 3 and edges:
        rng.choice(edges)["id"] = text
    elif choice == 4 and isinstance(doc.get("data"), dict) and doc["data"]:
        old = rng.choice(list(doc["data"]))
        doc["data"][text] = doc["data"].pop(old)
        for n in nodes:
            if n.get("column") == old:
                n["column"] = text
    else:
        rng.choice([doc, *nodes])[text] = rng.choice(ODD_VALUES)


def m_missing(doc: dict, rng: random.Random) -> None:
    """A field is left out."""
    target = rng.choice([doc, *_records(doc, "nodes"), *_records(doc, "edges")])
    if target:
        del target[rng.choice(list(target))]


def m_extra(doc: dict, rng: random.Random) -> None:
    """An unknown field is added (kept and written back)."""
    target = rng.choice([doc, *_records(doc, "nodes"), *_records(doc, "edges")])
    target[f"extra_{rng.randrange(1000)}"] = rng.choice(
        [*ODD_VALUES[:12], {"nested": [1, {"b": None}]}]
    )


def m_structure(doc: dict, rng: random.Random) -> None:
    """Graph-level damage: duplicate or dropped nodes, cycles, unknown ops and ports, loss."""
    nodes, edges = _records(doc, "nodes"), _records(doc, "edges")
    choice = rng.randrange(7)
    if choice == 0 and nodes:
        doc["nodes"].append(dict(rng.choice(nodes)))  # a duplicate id
    elif choice == 1 and nodes:
        doc["nodes"].remove(rng.choice(nodes))  # dangling edges
    elif choice == 2 and len(nodes) > 1:
        a, b = rng.sample(nodes, 2)
        edges_list = doc.setdefault("edges", [])
        if isinstance(edges_list, list):
            edges_list += [
                {"id": "loop1", "source": a.get("id"), "target": b.get("id")},
                {"id": "loop2", "source": b.get("id"), "target": a.get("id")},
            ]
    elif choice == 3 and nodes:
        rng.choice(nodes)["op"] = rng.choice([*op_names(), "nope", ""])
    elif choice == 4 and edges:
        rng.choice(edges)["port"] = rng.choice(["in", "x", "a", "b", "prediction", "zz", ""])
    elif choice == 5:
        doc["loss"] = rng.choice([None, "missing", *(n.get("id") for n in nodes)])
    elif edges:
        doc["edges"].remove(rng.choice(edges))


def m_batch(doc: dict, rng: random.Random) -> None:
    """Big, uneven or empty batches (data columns or input values)."""
    size = rng.choice([0, 1, 2, 3, 50]) if rng.random() < 0.9 else rng.choice([1000, 5000])
    nodes = _records(doc, "nodes")
    data = doc.get("data")
    if isinstance(data, dict) and data and rng.random() < 0.7:
        names = list(data)
        uneven = rng.random() < 0.2
        for k, name in enumerate(names):
            n = size + (k if uneven else 0)
            data[name] = [rng.random() * 4 - 2 for _ in range(n)]
    else:
        inputs = [n for n in nodes if n.get("op") == "input"]
        if inputs:
            rng.choice(inputs)["value"] = [rng.random() * 4 - 2 for _ in range(size)]


MUTATIONS: list[Callable[[dict, random.Random], None]] = [
    m_type,
    m_huge,
    m_nest,
    m_unicode,
    m_missing,
    m_extra,
    m_structure,
    m_batch,
]


def _encode(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=True)  # lone surrogates become \\udxxx escapes


def _text_damage(text: str, rng: random.Random) -> str:
    """Mutations JSON objects cannot express: tokens, duplicate keys, truncation."""
    choice = rng.randrange(4)
    if choice == 0:  # a non-finite token where a number was
        for key in ('"value": ', '"weight": ', '"learning_rate": ', '"position": ['):
            at = text.find(key)
            if at >= 0 and rng.random() < 0.6:
                start = at + len(key)
                end = start
                while end < len(text) and text[end] in "-+.0123456789eE":
                    end += 1
                if end > start:
                    return text[:start] + rng.choice(NON_FINITE_TOKENS) + text[end:]
        return text
    if choice == 1:  # a duplicate key inside a node
        at = text.find('{"id": ')
        if at >= 0:
            return f'{text[: at + 1]}"id": "dup", "op": "add", {text[at + 1 :]}'
        return text
    if choice == 2:  # a truncated file
        return text[: rng.randrange(len(text) + 1)]
    return "\ufeff" + text  # a byte order mark


def _byte_damage(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]


def mutate(base: dict, rng: random.Random) -> bytes:
    """One fuzz case: a mutated copy of ``base`` as the bytes of a file."""
    doc = json.loads(json.dumps(base))
    for _ in range(rng.randint(1, 3)):
        rng.choice(MUTATIONS)(doc, rng)
    text = _encode(doc)
    while (at := text.find(f'"{DEEP_MARK}')) >= 0:
        end = text.index('"', at + 1)
        depth = int(text[at + 1 + len(DEEP_MARK) : end])
        opener = rng.choice(["[", '{"k": '])
        closer = "]" if opener == "[" else "}"
        text = f"{text[:at]}{opener * depth}0{closer * depth}{text[end + 1 :]}"
    if rng.random() < 0.25:
        text = _text_damage(text, rng)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.03:
        data = _byte_damage(data, rng)
    return data


# ----------------------------------------------------------------- checking one case
@dataclass
class Counts:
    refused: int = 0
    loaded: int = 0
    other: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.refused + self.loaded + self.other


class Unexpected(AssertionError):
    """A case that was neither refused cleanly nor handled (the fuzzer's finding)."""


def _verb(args: list[str], allowed: tuple[int, ...]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        code = cli(args)
    if caught:
        raise Unexpected(f"{args[0]} warned: {caught[0].category.__name__}: {caught[0].message}")
    stray = [line for line in err.getvalue().splitlines() if not line.startswith("backprop-")]
    if stray:
        raise Unexpected(f"{args[0]} wrote more than its own lines on stderr: {stray[0][:200]}")
    if code not in allowed:
        raise Unexpected(f"{args[0]} exited {code}: {err.getvalue()[:300]}")
    if code == 2 and len(err.getvalue().splitlines()) != 1:
        raise Unexpected(f"{args[0]} exited 2 without exactly one line: {err.getvalue()[:300]}")
    if code != 2 and "--json" in args:
        json.loads(out.getvalue(), parse_constant=_bare_constant)
    return out.getvalue()


def _bare_constant(name: str) -> Any:
    raise Unexpected(f"the JSON output holds a bare {name}")


def check_file(path: Path, work: Path, k: int = 0) -> str:
    """``refused`` or ``loaded``; raises for anything else (see the module docstring). Case
    ``k`` picks the export format (PNG and SVG in turn) and every fourth also runs the text
    ``eval`` (to keep 2,000 cases within a minute)."""
    try:
        graph = load_graph(path)
    except FileFormatError as exc:
        if "\n" in str(exc) or len(str(exc)) > 1000:
            raise Unexpected(f"a refusal that is not one short line: {str(exc)[:300]!r}") from None
        return "refused"
    text = dumps_graph(graph)
    text.encode("utf-8")  # every loaded document can be saved
    again = loads_graph(text, "round trip")
    if dumps_graph(again) != text:
        raise Unexpected("the document does not round-trip byte for byte")
    saved = work / "saved.bpgraph"
    saved.write_text(text, encoding="utf-8")
    if dumps_graph(load_graph(saved)) != text:
        raise Unexpected("the saved file does not load back the same")
    name = str(saved)
    _verb(["eval", name, "--json"], (0, 2))
    if k % 4 == 0:
        _verb(["eval", name], (0, 2))
    _verb(["train", name, "--iterations", "3", "--restarts", "1", "--json"], (0, 2))
    _verb(["check", name, "--json"], (0, 1, 2))
    picture = (
        ["--png", str(work / "x.png"), "--scale", "0.25"]
        if k % 2
        else ["--svg", str(work / "x.svg")]
    )
    _verb(["export", name, *picture], (0, 2))
    return "loaded"


def bases() -> list[tuple[str, dict]]:
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in list_examples()]


def run_cases(cases: int, seed: int = 0, on_case: Callable[[int], None] | None = None) -> Counts:
    """Run ``cases`` seeded cases; case k is reproducible from (seed, k) alone."""
    counts = Counts()
    examples = bases()
    with tempfile.TemporaryDirectory(prefix="bpfuzz-") as tmp:
        work = Path(tmp)
        path = work / "case.bpgraph"
        for k in range(cases):
            rng = random.Random(f"{seed}:{k}")
            name, base = examples[k % len(examples)]
            path.write_bytes(mutate(base, rng))
            try:
                outcome = check_file(path, work, k)
            except Exception as exc:  # noqa: BLE001  (the point: nothing else may escape)
                counts.other += 1
                where = traceback.extract_tb(exc.__traceback__)[-1]
                counts.failures.append(
                    f"case {k} (seed {seed}, {name}): {type(exc).__name__}: "
                    f"{str(exc)[:200]} at {Path(where.filename).name}:{where.lineno}"
                )
            else:
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            if on_case is not None:
                on_case(k)
    return counts


def case_bytes(seed: int, k: int) -> bytes:
    """The file of case ``k`` of a run with ``seed`` (to reproduce a failure)."""
    examples = bases()
    return mutate(examples[k % len(examples)][1], random.Random(f"{seed}:{k}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", metavar="CASE", type=int, help="write case CASE to stdout")
    args = parser.parse_args(argv)
    if args.save is not None:
        sys.stdout.buffer.write(case_bytes(args.seed, args.save))
        return 0
    started, cpu = time.perf_counter(), time.process_time()
    counts = run_cases(args.cases, args.seed)
    print(
        f"{counts.total} cases (seed {args.seed}): refused {counts.refused} / loaded "
        f"{counts.loaded} / other {counts.other}  "
        f"({time.perf_counter() - started:.0f} s wall, {time.process_time() - cpu:.0f} s CPU)"
    )
    for line in counts.failures[:20]:
        print(f"  {line}")
    return 1 if counts.other else 0


if __name__ == "__main__":
    sys.exit(main())
