"""The core must never import Qt: it runs and is tested without a display."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import backprop_studio.core as core


def test_core_modules_do_not_import_qt():
    root = Path(core.__file__).parent
    modules = sorted(
        "backprop_studio.core." + ".".join(p.relative_to(root).with_suffix("").parts)
        for p in root.rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'PyQt5', "
        "'PyQt6', 'shiboken6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert len(modules) >= 8
