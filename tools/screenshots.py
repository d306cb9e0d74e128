"""Render the README / AppStream screenshots of the main window (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUT_DIR]

- ``screenshot-editor.png``: the chain-rule example in the light theme, node b selected (the
  inspector shows df/db = 5);
- ``screenshot-xor.png``: the XOR network after training with its own settings, dark theme.

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
from PySide6.QtWidgets import QApplication

SIZE = (1440, 900)


def settle(app: QApplication, turns: int = 10) -> None:
    for _ in range(turns):
        app.processEvents()
        time.sleep(0.02)


def main(out_dir: Path) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bps-shots-"))
    os.environ["BACKPROP_STUDIO_STATE_DIR"] = str(scratch / "state")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(scratch))
    app = QApplication.instance() or QApplication([])
    from backprop_studio.resources_path import example_path
    from backprop_studio.ui.shell import window_theme
    from backprop_studio.ui.shell.identity import apply_identity
    from backprop_studio.ui.shell.main_window import create_main_window

    apply_identity(app)

    def window_with(example: str, theme: str):
        window_theme.set_theme_name(theme)
        window = create_main_window()
        window.file_actions.open_example(example_path(example))
        window.resize(*SIZE)
        window.show()
        settle(app)
        window.fit_view()
        settle(app)
        return window

    window = window_with("chain_rule", "light")
    window.scene.select_ids(["b"])
    settle(app)
    window.grab().save(str(out_dir / "screenshot-editor.png"))
    window.document.set_modified(False)
    window.close()

    window = window_with("xor_network", "dark")
    train = window.findChild(QAction, "action_train")
    if train is not None:
        train.trigger()
        deadline = time.monotonic() + 120
        settle(app, 5)
        while not train.isEnabled() and time.monotonic() < deadline:
            settle(app, 5)
        settle(app, 20)
    window.scene.select_ids(["h1"])
    settle(app)
    window.grab().save(str(out_dir / "screenshot-xor.png"))
    window.document.set_modified(False)
    window.close()
    window_theme.set_theme_name("system")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "docs")
    main(target)
    print(f"wrote {target / 'screenshot-editor.png'} and {target / 'screenshot-xor.png'}")
