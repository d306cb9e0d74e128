"""Where the shipped resources (example graphs, icons) are, installed or in a checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    return Path(str(files("backprop_studio.resources")))


def examples_dir() -> Path:
    return resources_dir() / "examples"


def example_path(name: str) -> Path:
    """An example graph by stem, e.g. ``chain_rule``."""
    return examples_dir() / f"{name}.bpgraph"


def list_examples() -> list[Path]:
    return sorted(examples_dir().glob("*.bpgraph"))
