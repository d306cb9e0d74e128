"""``backprop-studio install-desktop``: into temporary XDG folders, then asked of the desktop's
own tools (xdg-mime, desktop-file-validate); idempotent; --uninstall leaves nothing.

xdg-utils, shared-mime-info, desktop-file-utils and glib's ``gio`` (which xdg-mime uses under
XDG_CURRENT_DESKTOP=GNOME) are required: CI installs them, and a missing one FAILS the test.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from backprop_studio import APP_ID
from backprop_studio.cli import main
from backprop_studio.desktop.install import (
    DESKTOP_ID,
    DesktopInstallError,
    Target,
    find_launcher,
    install,
    quote_exec_arg,
    uninstall,
    user_target,
)
from backprop_studio.resources_path import example_path

PACKAGES = {
    "xdg-mime": "xdg-utils",
    "update-mime-database": "shared-mime-info",
    "update-desktop-database": "desktop-file-utils",
    "desktop-file-validate": "desktop-file-utils",
    "gio": "libglib2.0-bin",
}


def require_tool(name: str) -> None:
    if shutil.which(name) is None:
        pytest.fail(f"{name} is not installed: apt-get install {PACKAGES[name]} (CI installs it)")


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    """Empty XDG data and config folders for this test; returns their common parent."""
    root = tmp_path / "xdg"
    (root / "data").mkdir(parents=True)
    (root / "config").mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))
    monkeypatch.delenv("XDG_CURRENT_DESKTOP", raising=False)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every file (content hash) and folder under root."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        out[rel] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def xdg_mime(*args: str, cwd: Path) -> str:
    env = dict(os.environ, XDG_CURRENT_DESKTOP="GNOME")
    proc = subprocess.run(
        ["xdg-mime", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )
    return proc.stdout.strip()


def test_install_makes_bpgraph_files_open_with_us(xdg, capsys):
    for tool in ("xdg-mime", "gio", "update-mime-database", "desktop-file-validate"):
        require_tool(tool)
    assert main(["install-desktop"]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "update-mime-database" in out and "Done" in out

    shutil.copy(example_path("chain_rule"), xdg / "x.bpgraph")
    assert xdg_mime("query", "filetype", "x.bpgraph", cwd=xdg) == "application/x-bpgraph"
    # the magic recognises a graph saved without the extension
    shutil.copy(example_path("xor_network"), xdg / "graph-without-suffix")
    assert xdg_mime("query", "filetype", "graph-without-suffix", cwd=xdg) == (
        "application/x-bpgraph"
    )
    assert xdg_mime("query", "default", "application/x-bpgraph", cwd=xdg) == DESKTOP_ID

    entry = xdg / "data" / "applications" / DESKTOP_ID
    proc = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    exec_line = next(x for x in entry.read_text().splitlines() if x.startswith("Exec="))
    launcher = exec_line.removeprefix("Exec=").removesuffix(" %f")
    assert Path(launcher).is_absolute() and os.access(launcher, os.X_OK)
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert (xdg / "data" / "icons" / "hicolor" / f"{size}x{size}" / "apps").glob(
            f"{APP_ID}.png"
        )
    assert (xdg / "data" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (xdg / "data" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()


def test_install_is_idempotent_and_uninstall_leaves_nothing(xdg, capsys):
    before = snapshot(xdg)
    assert main(["install-desktop", "--user"]) == 0
    once = snapshot(xdg)
    assert len(once) > 30
    assert main(["install-desktop"]) == 0
    assert snapshot(xdg) == once  # the same files with the same content
    out = capsys.readouterr().out
    second_run = out[out.rindex("Installing") :]
    assert "wrote" not in second_run and "unchanged" in second_run

    assert main(["install-desktop", "--uninstall"]) == 0
    assert snapshot(xdg) == before
    assert "removed" in capsys.readouterr().out
    # uninstalling again is harmless and says so
    assert main(["install-desktop", "--uninstall"]) == 0
    assert "nothing" in capsys.readouterr().out
    assert snapshot(xdg) == before


def test_uninstall_puts_back_what_was_there(xdg):
    """Another app's default, other desktop files and MIME packages survive an install and
    an uninstall, and the caches are regenerated without us."""
    require_tool("update-mime-database")
    data, config = xdg / "data", xdg / "config"
    mimeapps = config / "mimeapps.list"
    mimeapps.write_text(
        "# mine\n[Default Applications]\ntext/plain=gedit.desktop\n"
        "application/x-bpgraph=other-editor.desktop\n\n[Added Associations]\n"
        "text/plain=kate.desktop;\n"
    )
    (data / "applications").mkdir()
    (data / "applications" / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=other %f\nMimeType=text/x-other;\n"
    )
    packages = data / "mime" / "packages"
    packages.mkdir(parents=True)
    (packages / "other.xml").write_text(
        '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/'
        'shared-mime-info"><mime-type type="text/x-other"><comment>Other</comment>'
        '<glob pattern="*.other"/></mime-type></mime-info>\n'
    )
    subprocess.run(["update-mime-database", str(data / "mime")], check=True)
    subprocess.run(["update-desktop-database", str(data / "applications")], check=True)
    before = snapshot(xdg)

    target = user_target()
    install(target)
    assert "application/x-bpgraph=" + DESKTOP_ID in mimeapps.read_text()
    assert (data / "mime" / "application" / "x-bpgraph.xml").is_file()
    uninstall(target)
    assert mimeapps.read_text().startswith("# mine\n")
    assert "application/x-bpgraph=other-editor.desktop" in mimeapps.read_text()
    assert not (data / "mime" / "application" / "x-bpgraph.xml").exists()
    assert snapshot(xdg) == before


def test_without_the_desktop_tools_it_still_installs_and_writes_the_default(
    xdg, monkeypatch, capsys
):
    empty_bin = xdg / "empty-bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    target = user_target()
    report = install(target, launcher=find_launcher())
    text = report.text()
    assert "update-mime-database (not installed)" in text
    assert "written directly" in text
    lines = (xdg / "config" / "mimeapps.list").read_text().splitlines()
    assert lines == ["[Default Applications]", f"application/x-bpgraph={DESKTOP_ID};"]
    uninstall(target)
    assert not (xdg / "config" / "mimeapps.list").exists()
    assert not any((xdg / "data").iterdir())


def test_exec_is_quoted_for_a_launcher_path_with_spaces_and_dollars(xdg):
    require_tool("desktop-file-validate")
    odd = xdg / "My Apps $HOME" / "100% tools" / "backprop-studio"
    odd.parent.mkdir(parents=True)
    odd.write_text("#!/bin/sh\n")
    odd.chmod(0o755)
    install(user_target(), launcher=odd)
    entry = xdg / "data" / "applications" / DESKTOP_ID
    proc = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    text = entry.read_text()
    assert 'Exec="' in text and "\\\\$HOME" in text and "100%%" in text


def test_quote_exec_arg_follows_the_spec():
    assert quote_exec_arg("/usr/bin/backprop-studio") == "/usr/bin/backprop-studio"
    assert quote_exec_arg("/a b/c") == '"/a b/c"'
    # inside quotes " ` $ \ get a backslash, then backslashes are doubled (string escaping)
    assert quote_exec_arg('/x"y') == '"/x\\\\"y"'
    assert quote_exec_arg("/x$y") == '"/x\\\\$y"'
    assert quote_exec_arg("/50%") == "/50%%"
    with pytest.raises(DesktopInstallError):
        quote_exec_arg("/a\nb")


def test_find_launcher_prefers_bundle_then_the_command_we_ran(tmp_path, monkeypatch):
    bundle = tmp_path / "bundle" / "backprop-studio"
    assert find_launcher(argv0="x", executable=str(bundle), frozen=True) == bundle
    pipx_bin = tmp_path / "local-bin" / "backprop-studio"
    venv_bin = tmp_path / "venv" / "bin"
    for p in (pipx_bin, venv_bin / "backprop-studio"):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("#!/bin/sh\n")
        p.chmod(0o755)
    python = str(venv_bin / "python")
    assert find_launcher(argv0=str(pipx_bin), executable=python, frozen=False) == pipx_bin
    # python -m backprop_studio: the launcher beside the interpreter
    assert find_launcher(argv0="/x/__main__.py", executable=python, frozen=False) == (
        venv_bin / "backprop-studio"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(DesktopInstallError, match="cannot find the backprop-studio command"):
        find_launcher(argv0="/x/pytest", executable=str(tmp_path / "python"), frozen=False)


def test_system_scope_writes_under_the_prefix_without_touching_user_defaults(
    xdg, tmp_path, monkeypatch, capsys
):
    prefix = tmp_path / "usr-local-share"
    prefix.mkdir()
    monkeypatch.setattr("backprop_studio.desktop.install.SYSTEM_DATA_DIR", prefix)
    assert main(["install-desktop", "--system"]) == 0
    assert (prefix / "applications" / DESKTOP_ID).is_file()
    assert not (xdg / "config" / "mimeapps.list").exists()
    assert "each user's choice stands" in capsys.readouterr().out
    assert main(["install-desktop", "--system", "--uninstall"]) == 0
    assert not any(prefix.iterdir())


def test_unwritable_target_is_one_clear_line(xdg, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr("backprop_studio.desktop.install.SYSTEM_DATA_DIR", blocker / "share")
    assert main(["install-desktop", "--system"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("backprop-studio install-desktop: ")
    assert "a-file" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_broken_install_record_is_reported_not_crashed_on(xdg, capsys):
    record = Target("user", xdg / "data", xdg / "config").manifest_path
    record.parent.mkdir(parents=True)
    record.write_text("{not json")
    assert main(["install-desktop", "--uninstall"]) == 2
    err = capsys.readouterr().err
    assert "desktop-install.json" in err and "unreadable install record" in err
    assert record.read_text() == "{not json"  # nothing lost


def test_an_existing_icon_cache_is_refreshed_but_none_is_created(xdg, monkeypatch):
    """A stale GTK icon cache hides icons added later, so we only refresh one that exists."""
    fake_bin = xdg / "bin"
    fake_bin.mkdir()
    for tool in ("gtk-update-icon-cache", "update-mime-database", "update-desktop-database"):
        (fake_bin / tool).write_text("#!/bin/sh\nexit 0\n")
        (fake_bin / tool).chmod(0o755)
    monkeypatch.setenv("PATH", str(fake_bin))
    calls: list[list[str]] = []

    def runner(cmd: list[str], env: dict[str, str]) -> tuple[bool, str]:
        calls.append(cmd)
        return True, ""

    target = user_target()
    launcher = xdg / "backprop-studio"
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    install(target, launcher=launcher, runner=runner)
    assert [c[0] for c in calls] == ["update-mime-database", "update-desktop-database"]
    hicolor = xdg / "data" / "icons" / "hicolor"
    (hicolor / "icon-theme.cache").write_bytes(b"cache")
    calls.clear()
    install(target, launcher=launcher, runner=runner)
    assert ["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)] in calls
    calls.clear()
    uninstall(target, runner=runner)
    assert ["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)] in calls
