"""The panels' share of opening a big graph (issue 12): what grew with per-node Python work.

A random layered graph (benchmarks/graphs.py, ~2 edges per node) written WITHOUT positions is
opened in the main window (offscreen, 1280x800, three event-loop turns after show); then, on
that window:

- the open itself (CPU time of ``create_main_window`` + show + 3 ``processEvents``);
- ``place_unplaced`` on a fresh copy (the fast layout and ``Graph.set_positions``);
- ``decision_setup`` (the decision plot's walk from the loss);
- refilling the closed-form box's targets and the inspector's loss combo (forced: neither
  refills when the graph has not changed) and the landscape's choices;
- opening the loss combo's and the closed-form box's popups.

CPU time of this process (``time.process_time``); the machine is shared, so figures swing.
Nothing is asserted.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_panels.py [--nodes 10000]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from graphs import layered_graph  # noqa: E402

from backprop_studio.core.model.fileio import load_graph, save_graph  # noqa: E402


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication, QComboBox

    from backprop_studio.ui import create_main_window
    from backprop_studio.ui.canvas.layout import place_unplaced
    from backprop_studio.ui.training.decision_compute import decision_setup

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "layered.bpgraph"
        save_graph(layered_graph(args.nodes), path)
        window = None

        def open_window() -> None:
            nonlocal window
            window = create_main_window(path)
            window.resize(1280, 800)
            window.show()
            for _ in range(3):
                app.processEvents()

        rows = [("open in the window (create + show + 3 event turns)", cpu(open_window))]
        fresh = load_graph(path)
        rows.append(
            ("place_unplaced (fast layout + set_positions)", cpu(lambda: place_unplaced(fresh)))
        )
    graph = window.document.graph
    rows.append(("decision_setup", cpu(lambda: decision_setup(graph))))
    box = window.training.panel.closed_form
    box._filled = None  # force a refill
    rows.append(
        (f"closed-form targets refilled ({box.target.count():,})", cpu(box.refresh_targets))
    )
    inspector = window.inspector
    window.scene.select_ids([])
    app.processEvents()
    inspector._loss_filled = inspector._counts_filled = None
    loss = inspector.findChild(QComboBox, "inspector_loss")
    rows.append(
        (f"inspector graph page refilled ({loss.count():,} loss rows)", cpu(inspector.refresh))
    )
    landscape = window.training.landscape
    rows.append(("landscape choices refilled", cpu(landscape._fill_choices)))
    for name, combo in (("loss combo", loss), ("closed-form box", box.target)):
        rows.append(
            (f"{name} popup opened", cpu(lambda c=combo: (c.showPopup(), app.processEvents())))
        )
        combo.hidePopup()
    print(f"| {len(graph):,} nodes, {graph.edge_count():,} edges | CPU s |")
    print("|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
