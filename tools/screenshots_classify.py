"""Render the classification screenshots of the main window (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/screenshots_classify.py [OUT_DIR]

- ``screenshot-decision-regions.png``: the three-class example after training, the decision
  regions beside the loss plot (light theme);
- ``screenshot-groups.png``: a 2-4-1 network (``new --mlp 2,4,1``) with its neurons collapsed
  into group blocks, one neuron open (light theme).

Settings and recovery files go to a temporary folder, so the user's own are left alone.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget

SIZE = (1440, 900)


def settle(app: QApplication, turns: int = 10) -> None:
    for _ in range(turns):
        app.processEvents()
        time.sleep(0.02)


def train(app: QApplication, window) -> None:
    action = window.findChild(QAction, "action_train")
    action.trigger()
    deadline = time.monotonic() + 120
    settle(app, 5)
    while not action.isEnabled() and time.monotonic() < deadline:
        settle(app, 5)
    settle(app, 20)


def main(out_dir: Path, only: str = "") -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bps-shots-"))
    os.environ["BACKPROP_STUDIO_STATE_DIR"] = str(scratch / "state")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(scratch))
    app = QApplication.instance() or QApplication([])
    from backprop_studio.resources_path import example_path
    from backprop_studio.ui.shell import window_theme
    from backprop_studio.ui.shell.identity import apply_identity
    from backprop_studio.ui.shell.main_window import create_main_window

    apply_identity(app)
    window_theme.set_theme_name("light")

    def window_on(path: Path):
        window = create_main_window()
        window.file_actions.open_example(path)
        window.resize(*SIZE)
        window.show()
        settle(app)
        window.fit_view()
        settle(app)
        return window

    if only in ("", "decision"):
        window = window_on(example_path("three_classes"))
        window.findChild(QDockWidget, "decision_plot_dock").raise_()
        train(app, window)
        window.grab().save(str(out_dir / "screenshot-decision-regions.png"))
        window.document.set_modified(False)
        window.close()

    if only in ("", "groups"):
        from backprop_studio.core.model.build_mlp import build_mlp
        from backprop_studio.core.model.fileio import save_graph

        path = scratch / "mlp-2-4-1.bpgraph"
        graph = build_mlp([2, 4, 1])
        for group in graph.groups():
            graph.update_group(group.id, collapsed=group.label != "neuron h2")
        save_graph(graph, path)
        window = window_on(path)
        window.findChild(QDockWidget, "decision_plot_dock").raise_()
        train(app, window)
        window.fit_view()
        settle(app)
        window.grab().save(str(out_dir / "screenshot-groups.png"))
        window.document.set_modified(False)
        window.close()
    window_theme.set_theme_name("system")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "docs")
    main(target, sys.argv[2] if len(sys.argv) > 2 else "")
    print(f"wrote screenshots to {target}")
