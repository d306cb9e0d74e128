"""Runs exported PyTorch scripts in ONE helper process (torch is imported once, not once per
script): each script runs as ``__main__`` with ``--json`` and its printed JSON comes back."""

from __future__ import annotations

import json
import subprocess
import sys

SERVER = r"""
import contextlib, io, json, runpy, sys, traceback
for line in sys.stdin:
    path = line.strip()
    out = io.StringIO()
    sys.argv = [path, "--json"]
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(path, run_name="__main__")
        reply = {"ok": True, "stdout": out.getvalue()}
    except BaseException:
        reply = {"ok": False, "stdout": out.getvalue(), "error": traceback.format_exc()}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
"""


class TorchRunner:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, path: str) -> dict:
        """The JSON the script printed; AssertionError with its traceback if it failed."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        assert reply["ok"], reply["error"]
        return json.loads(reply["stdout"])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)
