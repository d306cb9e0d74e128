"""Cleaning up the temporary files an interrupted atomic save left beside a file.

``fileio.write_text_atomic`` writes ``.NAME.XXXXXXXX.tmp`` (``tempfile.mkstemp``: eight
characters of ``[a-z0-9_]``) next to ``NAME`` and renames it over the file. A process killed
between the two leaves the temporary file behind. :func:`remove_stale_temps` deletes those of
one file, and only those: the exact pattern, a regular file (never a link or a folder), and
last modified more than ``min_age_s`` ago, so a save still running in another process (which
touches its file continuously) is never disturbed.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

STALE_AFTER_S = 300.0  # a temp file untouched this long belongs to no running save
_RANDOM = re.compile(r"[a-z0-9_]{8}")


def stale_temps(target: str | os.PathLike[str], min_age_s: float = STALE_AFTER_S) -> list[Path]:
    """The leftover temporary files of ``target`` older than ``min_age_s`` seconds."""
    target = Path(target)
    prefix, suffix = f".{target.name}.", ".tmp"
    now = time.time()
    found = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        if not _RANDOM.fullmatch(name[len(prefix) : -len(suffix)]):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and now - info.st_mtime > min_age_s:
            found.append(Path(entry.path))
    return found


def remove_stale_temps(target: str | os.PathLike[str], min_age_s: float = STALE_AFTER_S) -> int:
    """Delete the leftover temporary files of ``target``; returns how many went."""
    removed = 0
    for path in stale_temps(target, min_age_s):
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
    return removed
