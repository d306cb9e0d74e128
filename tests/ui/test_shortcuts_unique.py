"""Every keyboard shortcut of the main window does one thing.

Several features add actions to the same window (menus, the stepper, the training studio,
workspaces, lessons, groups, expressions); two actions sharing a key make Qt fire neither
("ambiguous shortcut"), so a clash is a bug a user meets as a key that does nothing.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence

from backprop_studio.ui import create_main_window


def test_no_two_actions_of_the_window_share_a_shortcut(qtbot) -> None:
    window = create_main_window()
    qtbot.addWidget(window)
    owners: dict[str, set[str]] = defaultdict(set)
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if key:
                owners[key].add(action.objectName() or action.text())
    clashes = {key: sorted(names) for key, names in owners.items() if len(names) > 1}
    assert not clashes, clashes
    window.close()
