"""A save killed between writing its temporary file and renaming it leaves ``.NAME.XXXX.tmp``
beside the file: the next open or save of that file removes it, and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

from backprop_studio.core.model.stale_temps import remove_stale_temps, stale_temps
from backprop_studio.resources_path import example_path
from backprop_studio.ui import create_main_window
from backprop_studio.ui.shell import windows as windows_mod

OLD = time.time() - 3600


def _killed_save(path) -> list:
    """Run a real save in a child process and kill it after the temp file is written."""
    script = textwrap.dedent(
        f"""
        import os, tempfile
        from backprop_studio.core.model import fileio
        def stop(*_a, **_k):
            os.kill(os.getpid(), 9)  # killed before the rename
        os.replace = stop
        fileio.save_graph(fileio.load_graph({str(path)!r}), {str(path)!r})
        """
    )
    subprocess.run([sys.executable, "-c", script], timeout=60)
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def _age(paths) -> None:
    for p in paths:
        os.utime(p, (OLD, OLD))


def test_open_and_save_remove_what_a_killed_save_left(qtbot, tmp_path):
    path = tmp_path / "work.bpgraph"
    path.write_text(example_path("chain_rule").read_text(encoding="utf-8"))
    leftovers = _killed_save(path)
    assert len(leftovers) == 1  # the kill left it behind
    _age(leftovers)
    keep = [
        tmp_path / ".work.bpgraph.notours.tmp",  # not our pattern
        tmp_path / ".other.bpgraph.abcd1234.tmp",  # another file's
        tmp_path / ".work.bpgraph.fresh123.tmp",  # too recent: a save under way elsewhere
    ]
    for p in keep:
        p.write_text("x")
    _age(keep[:2])
    window = create_main_window()
    qtbot.addWidget(window)
    windows_mod.register(window)
    try:
        assert window.file_actions.open_path(path)
        assert not leftovers[0].exists() and all(p.exists() for p in keep)
        second = _killed_save(path)
        _age([p for p in second if p not in keep])
        window.document.set_node_fields("a", value=4.0)
        assert window.file_actions.save()
        assert sorted(tmp_path.glob(".work.bpgraph.*.tmp")) == sorted(keep[::2])
    finally:
        windows_mod.forget_window(window)


def test_only_regular_files_of_the_pattern_count(tmp_path):
    target = tmp_path / "a.bpgraph"
    link = tmp_path / ".a.bpgraph.abcdefgh.tmp"
    link.symlink_to(tmp_path / "elsewhere")
    folder = tmp_path / ".a.bpgraph.12345678.tmp"
    folder.mkdir()
    assert stale_temps(target, min_age_s=0) == []
    assert remove_stale_temps(tmp_path / "missing-folder" / "x.bpgraph") == 0
