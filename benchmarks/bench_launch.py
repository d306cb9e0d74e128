"""Launch to a shown window with an example, in fresh processes (issue 12: 1.0 s or less).

Each run is a new interpreter that builds the main window on the chain-rule example the way
``backprop-studio`` does at launch (``open_initial_windows``), shows it and lets it paint;
it reports its CPU time and the wall clock from its start. Best of ``--runs``. Compared:

- as shipped;
- with PySide6's own "does this module use PySide6?" check (``inspect.getsource`` of every
  module imported after PySide6), which ``ui/shell/import_check.py`` replaces.

Children get compiled bytecode like an installed app (PYTHONDONTWRITEBYTECODE is dropped
for them and a warm-up run writes the caches); settings go to a temporary folder. The
machine's 2 cores may be shared: CPU time is the figure to trust.

Run: ``python benchmarks/bench_launch.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

CHILD = r"""
import time
t0 = time.perf_counter()
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import PySide6.QtCore, shibokensupport.feature as feature
if sys.argv[1] == "pyside-check":
    feature._mod_uses_pyside._backprop_studio_fast = True  # import_check leaves it alone
import backprop_studio.ui
check, spent = feature._mod_uses_pyside, [0.0]
def timed(module):
    start = time.perf_counter()
    try:
        return check(module)
    finally:
        spent[0] += time.perf_counter() - start
feature._mod_uses_pyside = timed
from PySide6.QtWidgets import QApplication
app = QApplication([])
from backprop_studio.ui.shell.app import open_initial_windows
window = open_initial_windows([])[0]
for _ in range(3):
    app.processEvents()
print(json.dumps({"cpu": time.process_time(), "wall": time.perf_counter() - t0, "check": spent[0],
                  "pyqtgraph": "pyqtgraph" in sys.modules, "modules": len(sys.modules)}))
window.document.set_modified(False)
"""


def run(variant: str, env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, variant], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    env["QT_QPA_PLATFORM"] = "offscreen"
    run("shipped", env)  # warm-up: bytecode caches written, settings created
    print(
        "| launch to a shown window (chain_rule) | CPU s (best) | wall s (best) | of it, the"
        " PySide6 module check s | modules |"
    )
    print("|---|---:|---:|---:|---:|")
    for variant, name in (("shipped", "as shipped"), ("pyside-check", "PySide6's own check")):
        results = [run(variant, env) for _ in range(args.runs)]
        cpu = min(r["cpu"] for r in results)
        wall = min(r["wall"] for r in results)
        check = min(r["check"] for r in results)
        print(f"| {name} | {cpu:.2f} | {wall:.2f} | {check:.3f} | {results[0]['modules']} |")
    print(f"\nTarget: 1.0 s or less. Load average {os.getloadavg()[0]:.1f} (2 cores).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
