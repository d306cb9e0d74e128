"""The faster "does this module use PySide6?" check gives PySide6's own answers."""

from __future__ import annotations

import sys
import types

import shibokensupport.feature as feature  # PySide6's import hook (6.4 and later)

import backprop_studio.core.model.graph  # noqa: F401
import backprop_studio.ui  # noqa: F401  (installs the check)
import backprop_studio.ui.canvas.view  # noqa: F401
from backprop_studio.ui.shell import import_check


def test_installed_once_the_ui_is_imported():
    assert getattr(feature._mod_uses_pyside, "_backprop_studio_fast", False)
    assert import_check.install()  # a second time changes nothing
    assert getattr(feature._mod_uses_pyside, "_backprop_studio_fast", False)


def test_same_answers_as_pysides_own_check(tmp_path):
    asked: list[object] = []

    def original(module):
        asked.append(module)
        return "original"

    check = import_check.fast_check(original)
    uses = tmp_path / "uses.py"
    uses.write_text("from PySide6.QtCore import QObject\n")
    plain = tmp_path / "plain.py"
    plain.write_text("import numpy\n")
    for path, expected in ((uses, True), (plain, False)):
        module = types.ModuleType(path.stem)
        module.__file__ = str(path)
        assert check(module) is expected
    assert check(sys.modules["backprop_studio.ui.canvas.view"]) is True
    assert check(sys.modules["backprop_studio.core.model.graph"]) is False
    assert not asked
    builtin = sys  # no source file: PySide6's own answer
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "deleted.py")
    assert check(builtin) == "original" and check(gone) == "original"
    assert asked == [builtin, gone]
