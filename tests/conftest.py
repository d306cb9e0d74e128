"""Test set-up shared by every test: Qt runs offscreen, examples are easy to reach."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# CI runs the same examples every time (a failure there is reproducible); locally hypothesis
# explores new random examples on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from backprop_studio.core.model.fileio import load_graph  # noqa: E402
from backprop_studio.resources_path import example_path  # noqa: E402


@pytest.fixture
def example():
    """Load a shipped example graph by name: ``example("chain_rule")``."""
    return lambda name: load_graph(example_path(name))
