"""The wheel, the way docs/install.md tells a user to install (slow: about 40 s).

Builds the wheel from this checkout (``pip wheel``, an isolated build like ``python -m build``;
the build log must carry no setuptools warning), installs it into a fresh virtual environment
(the way ``pipx install dist/*.whl`` does) and runs the installed ``backprop-studio eval`` on a
shipped example. A fast check of the packaging configuration runs in every suite.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_packaging_configuration_is_current():
    """No deprecated license table; every resources folder is a listed package."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"  # an SPDX expression, not a table
    requires = " ".join(project["build-system"]["requires"])
    assert (
        re.search(r"setuptools>=(\d+)", requires)
        and int(re.search(r"setuptools>=(\d+)", requires).group(1)) >= 77
    )
    import runpy
    from unittest import mock

    import setuptools

    with mock.patch.object(setuptools, "setup") as setup:
        runpy.run_path(str(ROOT / "setup.py"))
    packages = set(setup.call_args.kwargs["packages"])
    folders = {
        "backprop_studio.resources." + ".".join(p.relative_to(ROOT / "resources").parts)
        for p in (ROOT / "resources").rglob("*")
        if p.is_dir() and "__pycache__" not in p.parts
    }
    assert {"backprop_studio", "backprop_studio.resources", *folders} <= packages


@pytest.mark.slow
def test_the_wheel_builds_cleanly_installs_and_runs(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    log = build.stdout + build.stderr
    for warning in (
        "SetuptoolsDeprecationWarning",
        "not in the packages configuration",
        "Package would be ignored",
        "License classifiers are deprecated",
    ):
        assert warning not in log, warning
    (wheel,) = dist.glob("backprop_studio-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "backprop_studio/resources/examples/chain_rule.bpgraph" in names
    assert any(n.startswith("backprop_studio/resources/icons/") for n in names)

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = env_dir / "bin" / "pip"
    done = subprocess.run(
        [str(pip), "install", "-q", str(wheel)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    command = env_dir / "bin" / "backprop-studio"
    example = env_dir.glob("lib/python*/site-packages/backprop_studio/resources/examples")
    (examples,) = list(example)
    run = subprocess.run(
        [str(command), "eval", "--json", str(examples / "chain_rule.bpgraph")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["nodes"]["b"]["grad"] == 5.0  # the lesson's df/db = 2 + 3
