"""The file fuzzer in the suite: 2,000 seeded mutations of the shipped examples, each refused
with a FileFormatError or loaded, and every loaded one round-trips, saves, evaluates, trains
3 iterations, checks its gradients and exports through the CLI's own verbs without any other
exception (tools/fuzz_files.py holds the mutations; it runs 20,000+ cases on its own)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from backprop_studio.resources_path import example_path

CASES = 2000
SEED = 20260901  # fixed: a failure here reproduces with tools/fuzz_files.py --seed SEED


def _load_fuzzer():
    path = Path(__file__).resolve().parents[2] / "tools" / "fuzz_files.py"
    spec = importlib.util.spec_from_file_location("fuzz_files", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_files"] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzzer()


def test_two_thousand_mutated_files_are_refused_cleanly_or_work(qapp):
    counts = fuzz.run_cases(CASES, SEED)
    assert counts.other == 0, "\n".join(counts.failures[:10])
    assert counts.refused + counts.loaded == CASES
    # the mutations reach both outcomes: many files are damaged, many still load
    assert counts.refused > CASES // 5 and counts.loaded > CASES // 5


def test_cases_are_reproducible_from_the_seed():
    assert fuzz.case_bytes(SEED, 17) == fuzz.case_bytes(SEED, 17)
    assert fuzz.case_bytes(SEED, 17) != fuzz.case_bytes(SEED + 1, 17)


def test_the_mutations_cover_the_promised_kinds():
    texts = [fuzz.case_bytes(SEED, k) for k in range(CASES)]
    joined = b"\n".join(texts)
    for marker in (
        b"\\ud800",  # lone surrogates
        b"1" + b"0" * 309,  # an integer beyond the float range
        b"[" * 1000,  # nesting beyond the decoder's limit
        b"Infinity",  # non-finite tokens
        b'"id": "dup", "op": "add", "id"',  # duplicate keys
        b"\xef\xbb\xbf",  # a byte order mark
        b"extra_",  # unknown fields
    ):
        assert marker in joined, marker
    assert any(len(t) > 100_000 for t in texts)  # big batches
    assert sum(1 for t in texts if b'"position"' not in t) > 0  # missing fields


def test_check_file_tells_refused_from_loaded(tmp_path, qapp):
    bad = tmp_path / "bad.bpgraph"
    bad.write_text(json.dumps({"format": "backprop-studio", "version": 1, "nodes": 3}))
    assert fuzz.check_file(bad, tmp_path) == "refused"
    good = tmp_path / "good.bpgraph"
    good.write_bytes(example_path("xor_network").read_bytes())
    assert fuzz.check_file(good, tmp_path, 1) == "loaded"
    assert (tmp_path / "x.png").stat().st_size > 0


def test_check_file_reports_a_verb_that_breaks_its_promise(tmp_path, monkeypatch, qapp):
    good = tmp_path / "good.bpgraph"
    good.write_bytes(example_path("single_weight").read_bytes())

    def broken(argv):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(fuzz, "cli", broken)
    with pytest.raises(ZeroDivisionError):
        fuzz.check_file(good, tmp_path)
