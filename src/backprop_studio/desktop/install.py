"""Install Backprop Studio into the desktop (menu entry, icons, AppStream data, the .bpgraph
MIME type, the default handler) and remove exactly that again. Qt-free.

The files come from the package's resources (``resources/desktop`` and ``resources/icons``);
the desktop entry's ``Exec``/``TryExec`` are rewritten to the absolute path of the launcher that
is running, so the entry works from a pipx or virtualenv install whose ``bin`` is not on the
desktop session's PATH. Targets follow the XDG base directory spec: ``$XDG_DATA_HOME`` (default
``~/.local/share``) and ``$XDG_CONFIG_HOME/mimeapps.list`` for one user, ``/usr/local/share``
for everyone.

Everything written, every folder created and every cache created is recorded in a manifest
(``<data>/backprop-studio/desktop-install.json``); uninstalling removes exactly those, puts
back a default handler we replaced, and refreshes the caches. Installing twice changes nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import APP_ID, __version__
from ..core.model.errors import BackpropError
from ..resources_path import resources_dir
from . import mimeapps

MIME_TYPE = "application/x-bpgraph"
DESKTOP_ID = f"{APP_ID}.desktop"
LAUNCHER_NAME = "backprop-studio"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
SYSTEM_DATA_DIR = Path("/usr/local/share")
MANIFEST_REL = Path("backprop-studio") / "desktop-install.json"
# characters that make the desktop-entry spec require a quoted Exec argument
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopInstallError(BackpropError):
    """Installing or removing the desktop integration failed; the message says where."""


@dataclass(frozen=True)
class Target:
    """Where to install: the XDG data folder and (per user) the config folder."""

    scope: str  # "user" or "system"
    data_dir: Path
    config_dir: Path | None  # mimeapps.list lives here; None for the system scope

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / MANIFEST_REL

    @property
    def mimeapps_path(self) -> Path | None:
        return self.config_dir / "mimeapps.list" if self.config_dir else None

    def tool_env(self) -> dict[str, str]:
        """The environment for xdg-mime & co., pointing them at this target."""
        env = dict(os.environ)
        if self.scope == "user":
            env["XDG_DATA_HOME"] = str(self.data_dir)
            if self.config_dir:
                env["XDG_CONFIG_HOME"] = str(self.config_dir)
        return env


def user_target(env: Mapping[str, str] | None = None) -> Target:
    """``$XDG_DATA_HOME`` / ``$XDG_CONFIG_HOME``, defaulting to ~/.local/share and ~/.config."""
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home())

    def xdg(name: str, default: Path) -> Path:
        value = env.get(name, "")
        return Path(value) if value and Path(value).is_absolute() else default

    return Target(
        "user",
        xdg("XDG_DATA_HOME", home / ".local" / "share"),
        xdg("XDG_CONFIG_HOME", home / ".config"),
    )


def system_target() -> Target:
    return Target("system", SYSTEM_DATA_DIR, None)


# --------------------------------------------------------------------------- the launcher
def find_launcher(
    argv0: str | None = None, executable: str | None = None, frozen: bool | None = None
) -> Path:
    """The absolute path of the ``backprop-studio`` command that should open files.

    A PyInstaller bundle is its own executable. Otherwise: the command we were started as
    (e.g. pipx's ``~/.local/bin/backprop-studio``), then the one beside the running Python
    (a venv's ``bin``), then the first on PATH. Symlinks are kept, so a pipx upgrade that
    replaces the venv keeps the entry working.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    if frozen:
        return Path(executable).absolute()
    candidates: list[Path] = []
    if argv0 and Path(argv0).name.startswith(LAUNCHER_NAME) and not argv0.endswith(".py"):
        if os.sep not in argv0:  # started through PATH without a folder
            argv0 = shutil.which(argv0) or argv0
        candidates.append(Path(argv0))
    if executable:
        candidates.append(Path(executable).parent / LAUNCHER_NAME)
    on_path = shutil.which(LAUNCHER_NAME)
    if on_path:
        candidates.append(Path(on_path))
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c.absolute()
    raise DesktopInstallError(
        f"cannot find the {LAUNCHER_NAME} command (looked beside {executable} and on PATH); "
        "install the package first (e.g. pipx install .)"
    )


def quote_exec_arg(arg: str) -> str:
    """Quote one Exec argument as the desktop-entry spec asks, including the string-level
    escaping of backslashes, and ``%`` doubled."""
    if "\n" in arg or "\r" in arg:
        raise DesktopInstallError(f"the launcher path {arg!r} contains a line break")
    arg = arg.replace("%", "%%")
    if not any(c in _EXEC_RESERVED for c in arg):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{inner}"'.replace("\\", "\\\\")


def desktop_entry_text(launcher: Path) -> str:
    """The shipped desktop entry with ``Exec`` (and ``TryExec``) pointing at ``launcher``."""
    text = (resources_dir() / "desktop" / DESKTOP_ID).read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("Exec="):
            out.append(f"Exec={quote_exec_arg(str(launcher))} %f")
            out.append("TryExec=" + str(launcher).replace("\\", "\\\\"))
        elif not line.startswith("TryExec="):
            out.append(line)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- what goes where
def planned_files(launcher: Path) -> dict[Path, bytes]:
    """Relative path under the data folder -> content, for every file we install."""
    res = resources_dir()
    files: dict[Path, bytes] = {
        Path("applications") / DESKTOP_ID: desktop_entry_text(launcher).encode("utf-8"),
        Path("metainfo") / f"{APP_ID}.metainfo.xml": (
            res / "desktop" / f"{APP_ID}.metainfo.xml"
        ).read_bytes(),
        Path("mime") / "packages" / f"{APP_ID}.xml": (
            res / "desktop" / f"{APP_ID}-mime.xml"
        ).read_bytes(),
        Path("icons") / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": (
            res / "icons" / "backprop-studio.svg"
        ).read_bytes(),
    }
    for size in ICON_SIZES:
        png = res / "icons" / "png" / f"backprop-studio-{size}.png"
        files[Path("icons") / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = (
            png.read_bytes()
        )
    return files


@dataclass
class Report:
    """What an install or uninstall did, one line per action, for the user to read."""

    lines: list[str] = field(default_factory=list)

    def add(self, verb: str, what: str) -> None:
        self.lines.append(f"  {verb:<10} {what}")

    def text(self) -> str:
        return "\n".join(self.lines)


Runner = Callable[[list[str], dict[str, str]], tuple[bool, str]]


def run_tool(cmd: list[str], env: dict[str, str]) -> tuple[bool, str]:
    """Run a desktop tool; (ok, its first line of complaint)."""
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    message = (proc.stderr or proc.stdout).strip().splitlines()
    return proc.returncode == 0, message[0] if message else f"exit status {proc.returncode}"


# --------------------------------------------------------------------------- installing
def install(target: Target, launcher: Path | None = None, runner: Runner = run_tool) -> Report:
    """Install (or refresh) the desktop integration into ``target``; idempotent."""
    launcher = find_launcher() if launcher is None else launcher
    report = Report()
    manifest = _read_manifest(target)
    created_dirs: list[str] = list(manifest.get("dirs_created", []))
    caches_created: dict[str, bool] = dict(manifest.get("caches_created", {}))
    for key, rel in _CACHES.items():
        caches_created.setdefault(key, not (target.data_dir / rel).exists())
    written: list[str] = []
    try:
        for rel, content in planned_files(launcher).items():
            path = target.data_dir / rel
            created_dirs += _make_dirs(path.parent, created_dirs)
            changed = _write_if_changed(path, content)
            report.add("wrote" if changed else "unchanged", _show(path))
            written.append(str(path))
        mime_default = manifest.get("mime_default")
        if target.mimeapps_path is not None:
            mime_default = _set_default_handler(target, mime_default, runner, report)
        else:
            report.add("skipped", "default handler (system-wide: each user's choice stands)")
        _refresh_caches(target, runner, report)
        created_dirs += _make_dirs(target.manifest_path.parent, created_dirs)
        manifest_changed = _write_manifest(
            target,
            {
                "app_id": APP_ID,
                "version": __version__,
                "scope": target.scope,
                "launcher": str(launcher),
                "files": written,
                "dirs_created": created_dirs,
                "caches_created": caches_created,
                "mime_default": mime_default,
            },
        )
    except PermissionError as exc:
        raise _permission_error(target, exc) from None
    except OSError as exc:
        raise DesktopInstallError(f"{exc.filename or target.data_dir}: {exc.strerror}") from None
    report.add("recorded" if manifest_changed else "unchanged", _show(target.manifest_path))
    return report


def _permission_error(target: Target, exc: PermissionError) -> DesktopInstallError:
    hint = " (run it with sudo, or use --user)" if target.scope == "system" else ""
    return DesktopInstallError(f"cannot write {exc.filename or target.data_dir}{hint}")


def _make_dirs(folder: Path, already: list[str]) -> list[str]:
    """mkdir -p, returning the folders it created (outermost first)."""
    missing: list[Path] = []
    p = folder
    while not p.exists():
        missing.append(p)
        p = p.parent
    folder.mkdir(parents=True, exist_ok=True)
    return [str(m) for m in reversed(missing) if str(m) not in already]


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


def _set_default_handler(
    target: Target, previous_record: dict | None, runner: Runner, report: Report
) -> dict | None:
    """Make us the default for .bpgraph in the user's mimeapps.list; returns what to record
    so that uninstall can undo it (the earlier record wins on a re-install)."""
    path = target.mimeapps_path
    assert path is not None
    current = mimeapps.default_handler(path, MIME_TYPE)
    record = previous_record or {
        "file": str(path),
        "file_existed": path.exists(),
        "sections_before": mimeapps.sections(path),
        "previous": current if current != DESKTOP_ID else None,
        "previous_value": (
            mimeapps.raw_value(path, mimeapps.DEFAULT_SECTION, MIME_TYPE)
            if current != DESKTOP_ID
            else None
        ),
    }
    if current == DESKTOP_ID:
        report.add("unchanged", f"default for {MIME_TYPE} in {_show(path)}")
        return record
    created = _make_dirs(path.parent, [])
    record.setdefault("dirs_created", created)
    how = "xdg-mime default"
    if shutil.which("xdg-mime", path=target.tool_env().get("PATH")):
        runner(["xdg-mime", "default", DESKTOP_ID, MIME_TYPE], target.tool_env())
    if mimeapps.default_handler(path, MIME_TYPE) != DESKTOP_ID:
        mimeapps.set_default(path, MIME_TYPE, DESKTOP_ID)  # no xdg-mime, or it failed
        how = "written directly"
    report.add("default", f"{MIME_TYPE} -> {DESKTOP_ID} in {_show(path)} ({how})")
    return record


# --------------------------------------------------------------------------- caches
_CACHES = {
    "mime": Path("mime") / "mime.cache",
    "applications": Path("applications") / "mimeinfo.cache",
    "icons": Path("icons") / "hicolor" / "icon-theme.cache",
}


def _refresh_caches(target: Target, runner: Runner, report: Report) -> None:
    env = target.tool_env()
    data = target.data_dir
    steps = [
        ("update-mime-database", [str(data / "mime")], data / "mime"),
        ("update-desktop-database", ["-q", str(data / "applications")], data / "applications"),
    ]
    hicolor = data / "icons" / "hicolor"
    for tool, args, folder in steps:
        if not folder.is_dir():
            continue
        _run_refresh(tool, args, env, runner, report)
    # An icon cache is only refreshed, never created: a stale cache hides icons that other
    # programs add later without refreshing it, and without one the icons are read directly.
    if (hicolor / "icon-theme.cache").exists():
        _run_refresh("gtk-update-icon-cache", ["-q", "-t", "-f", str(hicolor)], env, runner, report)
    elif hicolor.is_dir():
        report.add("skipped", f"gtk-update-icon-cache (no cache in {_show(hicolor)} to refresh)")


def _run_refresh(
    tool: str, args: list[str], env: dict[str, str], runner: Runner, report: Report
) -> None:
    if not shutil.which(tool, path=env.get("PATH")):
        report.add("skipped", f"{tool} (not installed)")
        return
    ok, message = runner([tool, *args], env)
    shown = " ".join(_show(Path(a)) if a.startswith("/") else a for a in args)
    report.add("ran" if ok else "failed", f"{tool} {shown}" + ("" if ok else f": {message}"))


# --------------------------------------------------------------------------- uninstalling
def uninstall(target: Target, runner: Runner = run_tool) -> Report:
    """Remove exactly what :func:`install` recorded in ``target``'s manifest."""
    report = Report()
    if not target.manifest_path.is_file():
        report.add("nothing", f"to remove: no install recorded at {_show(target.manifest_path)}")
        return report
    manifest = _read_manifest(target)
    try:
        for name in manifest.get("files", []):
            path = Path(name)
            if path.is_file() or path.is_symlink():
                path.unlink()
                report.add("removed", _show(path))
        record = manifest.get("mime_default")
        if record:
            _undo_default_handler(record, report)
        _undo_caches(target, manifest.get("caches_created", {}), runner, report)
        target.manifest_path.unlink()
        dirs = list(manifest.get("dirs_created", []))
        if record:
            dirs += record.get("dirs_created", [])
        removed = 0
        for folder in sorted(set(dirs), key=lambda d: (d.count(os.sep), d), reverse=True):
            p = Path(folder)
            if p.is_dir() and not any(p.iterdir()):
                p.rmdir()
                removed += 1
        if removed:
            report.add("removed", f"{removed} folders it had created, now empty")
    except PermissionError as exc:
        raise _permission_error(target, exc) from None
    except OSError as exc:
        raise DesktopInstallError(f"{exc.filename or target.data_dir}: {exc.strerror}") from None
    return report


def _undo_default_handler(record: dict, report: Report) -> None:
    path = Path(record["file"])
    before = set(record.get("sections_before", []))
    changed = mimeapps.remove_handler(
        path,
        MIME_TYPE,
        DESKTOP_ID,
        restore_value=record.get("previous_value"),
        drop_sections=tuple(
            s for s in (mimeapps.DEFAULT_SECTION, mimeapps.ADDED_SECTION) if s not in before
        ),
        delete_if_empty=not record.get("file_existed", True),
    )
    if changed:
        restored = record.get("previous")
        tail = f", {restored} is the default again" if restored else ""
        report.add("default", f"{MIME_TYPE} no longer opens with us in {_show(path)}{tail}")


def _undo_caches(target: Target, created: dict, runner: Runner, report: Report) -> None:
    """Regenerate the caches without our files; delete the ones we created if nothing is
    left for them to index."""
    data = target.data_dir
    packages = data / "mime" / "packages"
    if created.get("mime") and not any(packages.glob("*.xml")):
        mime = data / "mime"
        for child in list(mime.iterdir()) if mime.is_dir() else []:
            if child.name != "packages":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        report.add("removed", f"the MIME database generated in {_show(mime)}")
    elif (data / "mime").is_dir():
        _run_refresh(
            "update-mime-database", [str(data / "mime")], target.tool_env(), runner, report
        )
        # update-mime-database leaves a media folder it emptied (e.g. mime/application/)
        for child in (data / "mime").iterdir():
            if child.is_dir() and child.name != "packages" and not any(child.iterdir()):
                child.rmdir()
    apps = data / "applications"
    if created.get("applications") and not any(apps.glob("*.desktop")):
        cache = apps / "mimeinfo.cache"
        if cache.exists():
            cache.unlink()
            report.add("removed", _show(cache))
    elif apps.is_dir():
        _run_refresh(
            "update-desktop-database", ["-q", str(apps)], target.tool_env(), runner, report
        )
    hicolor = data / "icons" / "hicolor"
    if (hicolor / "icon-theme.cache").exists():
        args = ["-q", "-t", "-f", str(hicolor)]
        _run_refresh("gtk-update-icon-cache", args, target.tool_env(), runner, report)


# --------------------------------------------------------------------------- manifest
def _read_manifest(target: Target) -> dict:
    path = target.manifest_path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise DesktopInstallError(f"{path}: unreadable install record ({exc})") from None
    if not isinstance(data, dict) or data.get("app_id") != APP_ID:
        raise DesktopInstallError(f"{path}: not a Backprop Studio install record")
    return data


def _write_manifest(target: Target, data: dict) -> bool:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return _write_if_changed(target.manifest_path, text.encode("utf-8"))


def _show(path: Path) -> str:
    """A path for messages: ``~`` for the home folder."""
    home = str(Path.home())
    s = str(path)
    return "~" + s[len(home) :] if home != "/" and (s == home or s.startswith(home + "/")) else s
