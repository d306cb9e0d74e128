"""The package's layout: rooms by capability, an import contract, no old module paths.

The contract itself lives in pyproject.toml (``[tool.importlinter]``); this test runs it so the
README's test command checks it too, and names the offending import when it breaks.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Module paths of the first release, moved into rooms (issue 15); none may come back as a shim.
OLD_MODULES = [
    *(
        f"backprop_studio.core.{name}"
        for name in (
            "graph graph_rules fileio errors datasets engine_fast engine_kernels engine_result "
            "engine_scalar engine_vectorized trace gradcheck walk_paths walk_text overlay "
            "training_settings optim run_history closed_form"
        ).split()
    ),
    *(
        f"backprop_studio.ui.{name}"
        for name in (
            "main_window actions view_actions windows window_theme help_dialogs identity app "
            "gc_guard commands clipboard file_actions autosave stepper_icons training_studio "
            "training_controller training_worker training_icons"
        ).split()
    ),
    *(
        f"backprop_studio.ui.panels.{name}"
        for name in (
            "chain_rule_panel chain_rule_delegate training_panel loss_plot landscape_plot "
            "landscape_compute closed_form_box prediction_plot plot_style data_table data_generate"
        ).split()
    ),
    "backprop_studio.desktop_install",
    "backprop_studio.desktop_mimeapps",
]


@pytest.mark.parametrize("name", OLD_MODULES)
def test_old_module_paths_are_gone(name: str) -> None:
    assert importlib.util.find_spec(name) is None, f"{name} is back (no re-export shims)"


def test_rooms_that_were_modules_are_packages() -> None:
    # core.engine, core.walk, core.training, ui.document and ui.stepper were modules before
    for name in (
        "backprop_studio.core.engine",
        "backprop_studio.core.walk",
        "backprop_studio.core.training",
        "backprop_studio.ui.document",
        "backprop_studio.ui.stepper",
    ):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.submodule_search_locations, name


def _lint_imports() -> list[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a test extra: pip install -e '.[test]'"
    return [exe, "--no-cache"]


def test_import_contract_is_kept() -> None:
    run = subprocess.run(_lint_imports(), cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_import_contract_names_a_core_module_that_imports_qt(tmp_path: Path) -> None:
    # A throwaway copy of the package with one core module importing PySide6 breaks the
    # contract, and the report names the module and the import.
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    errors = tmp_path / "src/backprop_studio/core/model/errors.py"
    errors.write_text(errors.read_text() + "\nfrom PySide6.QtCore import QObject  # noqa\n")
    env = {"PYTHONPATH": str(tmp_path / "src"), "PATH": str(Path(sys.executable).parent)}
    run = subprocess.run(_lint_imports(), cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.returncode != 0
    assert "backprop_studio.core is not allowed to import PySide6" in run.stdout
    assert "backprop_studio.core.model.errors -> PySide6" in run.stdout


def test_no_import_circles_between_rooms() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools/room_graph.py")], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "circle" not in run.stdout
