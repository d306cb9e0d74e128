"""Copy the desktop entry, AppStream metainfo and MIME type from resources/desktop/ to
packaging/linux/.

``resources/desktop/`` holds the canonical files: they ship in the wheel, where
``backprop-studio install-desktop`` reads them. ``packaging/linux/`` carries identical copies
(plus the icon tree written by ``render_icons.py``) for distribution packagers, who expect them
there. Edit the canonical files, then run ``python packaging/sync_desktop_files.py``;
``--check`` only reports copies that differ (exit status 1), and a test does the same.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = ROOT / "resources" / "desktop"
COPIES = ROOT / "packaging" / "linux"
APP_ID = "io.github.backprop_studio.BackpropStudio"
FILE_NAMES = (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", f"{APP_ID}-mime.xml")


def differing() -> list[str]:
    """Names of the copies that are missing or differ from the canonical files."""
    return [
        name
        for name in FILE_NAMES
        if not (COPIES / name).is_file()
        or (COPIES / name).read_bytes() != (CANONICAL / name).read_bytes()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report differing copies")
    args = parser.parse_args(argv)
    stale = differing()
    if args.check:
        for name in stale:
            print(f"stale: packaging/linux/{name}")
        return 1 if stale else 0
    COPIES.mkdir(parents=True, exist_ok=True)
    for name in FILE_NAMES:
        shutil.copyfile(CANONICAL / name, COPIES / name)
        print(f"{'updated' if name in stale else 'unchanged'} packaging/linux/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
