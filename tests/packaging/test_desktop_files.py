"""The shipped desktop files: the validators accept them, their contract fields are right,
the magic matches what the app writes, and the packaging/linux copies are in sync.

The validators are required tools (CI installs desktop-file-utils, appstream, libxml2-utils):
a missing one FAILS the test with the package to install, it never skips.
"""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backprop_studio import APP_ID, APP_NAME, __version__
from backprop_studio.core.model.fileio import dumps_graph
from backprop_studio.resources_path import resources_dir

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_DIR = resources_dir() / "desktop"
DESKTOP = DESKTOP_DIR / f"{APP_ID}.desktop"
METAINFO = DESKTOP_DIR / f"{APP_ID}.metainfo.xml"
MIME_XML = DESKTOP_DIR / f"{APP_ID}-mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
PACKAGES = {
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "xmllint": "libxml2-utils",
}


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: apt-get install {PACKAGES[name]} (CI installs it)")
    return path


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


# --------------------------------------------------------------------------- desktop entry
def test_desktop_entry_passes_desktop_file_validate():
    require_tool("desktop-file-validate")
    proc = run("desktop-file-validate", str(DESKTOP))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in (proc.stdout + proc.stderr).lower()


def test_desktop_entry_contract_fields():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["GenericName"] and entry["Comment"] and entry["Keywords"].endswith(";")
    assert entry["Categories"] == "Education;Science;"
    assert entry["MimeType"] == "application/x-bpgraph;"
    assert entry["Exec"] == "backprop-studio %f"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    # Qt's X11 WM_CLASS is (basename of argv[0], applicationName): the class is our name
    assert entry["StartupWMClass"] == APP_NAME


def test_startup_wm_class_and_desktop_id_match_what_qt_sets(qapp):
    from backprop_studio.ui.shell.identity import apply_identity

    saved = (qapp.applicationName(), qapp.organizationName(), qapp.desktopFileName())
    try:
        apply_identity(qapp)
        assert qapp.applicationName() == desktop_entry()["StartupWMClass"]
        # Wayland's app_id and X11's _GTK_APPLICATION_ID are the desktop file name
        assert qapp.desktopFileName() + ".desktop" == DESKTOP.name
    finally:
        qapp.setApplicationName(saved[0])
        qapp.setOrganizationName(saved[1])
        qapp.setDesktopFileName(saved[2])


# --------------------------------------------------------------------------- AppStream
def test_metainfo_passes_appstreamcli_validate():
    require_tool("appstreamcli")
    proc = run("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation was successful" in proc.stdout


def test_metainfo_contract_fields():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.find("description/p") is not None
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("launchable").get("type") == "desktop-id"
    assert root.findtext("provides/mediatype") == "application/x-bpgraph"
    assert root.find("content_rating").get("type").startswith("oars-")
    images = [i.text for i in root.findall("screenshots/screenshot/image")]
    assert [Path(i).name for i in images] == ["screenshot-editor.png", "screenshot-xor.png"]
    assert all(i.startswith("https://") and "/docs/" in i for i in images)
    release = root.find("releases/release")
    assert release.get("version") == __version__
    assert release.get("date") == "2026-11-27"


# --------------------------------------------------------------------------- MIME type
def test_mime_xml_is_well_formed_for_xmllint():
    require_tool("xmllint")
    proc = run("xmllint", "--noout", str(MIME_XML))
    assert proc.returncode == 0, proc.stderr


def test_mime_type_declaration():
    root = ET.parse(MIME_XML).getroot()
    (mt,) = root.findall(f"{MIME_NS}mime-type")
    assert mt.get("type") == "application/x-bpgraph"
    assert mt.findtext(f"{MIME_NS}comment")
    assert [g.get("pattern") for g in mt.findall(f"{MIME_NS}glob")] == ["*.bpgraph"]
    assert mt.find(f"{MIME_NS}sub-class-of").get("type") == "application/json"


def test_mime_magic_matches_files_the_app_saves(example):
    """The magic is tied to the real writer: a saved graph's head matches a magic rule."""
    root = ET.parse(MIME_XML).getroot()
    matches = root.findall(f".//{MIME_NS}magic/{MIME_NS}match")
    assert matches
    for name in ("chain_rule", "xor_network"):
        head = dumps_graph(example(name)).encode("utf-8")
        hits = []
        for m in matches:
            assert m.get("type") == "string"
            start, _, end = m.get("offset").partition(":")
            window = head[int(start) : int(end or start) + len(m.get("value").encode())]
            hits.append(m.get("value").encode() in window)
        assert any(hits), name
        # and a shipped file on disk too
        on_disk = (resources_dir() / "examples" / f"{name}.bpgraph").read_bytes()
        assert any(m.get("value").encode() in on_disk[:300] for m in matches)


# --------------------------------------------------------------------------- copies
def test_packaging_linux_copies_match_the_canonical_files():
    stale = load_script("sync_desktop_files").differing()
    assert not stale, f"run: python packaging/sync_desktop_files.py  (stale: {stale})"


def test_packaging_linux_icon_tree_is_in_sync():
    stale = load_script("render_icons").stale_files()
    assert not stale, f"run: python packaging/render_icons.py  ({stale})"


def test_readme_for_packagers_exists():
    text = (ROOT / "packaging" / "linux" / "README.md").read_text(encoding="utf-8")
    assert "resources/desktop" in text and "install-desktop" in text
