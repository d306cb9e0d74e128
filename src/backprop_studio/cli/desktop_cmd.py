"""``backprop-studio install-desktop [--uninstall] [--user|--system]``: put Backprop Studio in
the desktop's application menu and make it open .bpgraph files (or take that away again)."""

from __future__ import annotations

import argparse

from ..desktop.install import (
    DESKTOP_ID,
    MIME_TYPE,
    find_launcher,
    install,
    system_target,
    uninstall,
    user_target,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "install-desktop",
        help="add the app to the desktop menu and open .bpgraph files with it",
        description="Install the menu entry, icons, AppStream data and the .bpgraph file type "
        "into the XDG data folders, make Backprop Studio the default for .bpgraph files (per "
        "user) and refresh the desktop caches. Running it again is harmless; --uninstall "
        "removes exactly what it added.",
    )
    p.add_argument("--uninstall", action="store_true", help="remove what an earlier install added")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument(
        "--user",
        dest="scope",
        action="store_const",
        const="user",
        help="for you only, in $XDG_DATA_HOME (~/.local/share); the default",
    )
    scope.add_argument(
        "--system",
        dest="scope",
        action="store_const",
        const="system",
        help="for every user, in /usr/local/share (needs root)",
    )
    p.set_defaults(func=run, scope="user")


def run(args: argparse.Namespace) -> int:
    target = user_target() if args.scope == "user" else system_target()
    where = f"{target.data_dir}" + (" (this user)" if target.scope == "user" else " (all users)")
    if args.uninstall:
        print(f"Removing Backprop Studio's desktop integration from {where}")
        report = uninstall(target)
        print(report.text())
        print("Done.")
        return 0
    launcher = find_launcher()
    print(f"Installing Backprop Studio's desktop integration into {where}")
    print(f"  launcher   {launcher}")
    report = install(target, launcher)
    print(report.text())
    print(
        f"Done: Backprop Studio is in the applications menu ({DESKTOP_ID}); "
        f"{MIME_TYPE} (*.bpgraph) files open with it."
    )
    if target.scope == "user":
        print("To undo: backprop-studio install-desktop --uninstall")
    else:
        print("To undo: backprop-studio install-desktop --uninstall --system")
    return 0
