"""Test set-up shared by every test: Qt runs offscreen, examples are easy to reach."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from backprop_studio.core.fileio import load_graph  # noqa: E402
from backprop_studio.resources_path import example_path  # noqa: E402


@pytest.fixture
def example():
    """Load a shipped example graph by name: ``example("chain_rule")``."""
    return lambda name: load_graph(example_path(name))
