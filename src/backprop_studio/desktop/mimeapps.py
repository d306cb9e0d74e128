"""Reading and editing ``mimeapps.list`` (the freedesktop.org default-application file).

Line-based on purpose: every line we do not own (comments, other types, other sections, their
order) is written back untouched. The format: ``[Default Applications]`` maps a MIME type to
``app.desktop;other.desktop;`` in order of preference; ``[Added Associations]`` lists
additional handlers (``gio mime`` writes both). Qt-free.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DEFAULT_SECTION = "Default Applications"
ADDED_SECTION = "Added Associations"


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def _section_of(line: str) -> str | None:
    s = line.strip()
    return s[1:-1] if s.startswith("[") and s.endswith("]") else None


def _split_ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def sections(path: Path) -> list[str]:
    """The section names present in the file, in order."""
    return [name for line in _lines(path) if (name := _section_of(line)) is not None]


def handlers(path: Path, section: str, mime_type: str) -> list[str]:
    """The desktop ids listed for ``mime_type`` in ``section`` (empty if none)."""
    return handlers_in(_lines(path), section, mime_type)


def default_handler(path: Path, mime_type: str) -> str | None:
    """The first desktop id of ``[Default Applications]`` for ``mime_type``, if any."""
    ids = handlers(path, DEFAULT_SECTION, mime_type)
    return ids[0] if ids else None


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines).strip("\n")
    fd, tmp = tempfile.mkstemp(prefix=".mimeapps.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n" if text else "")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _set_key(lines: list[str], section: str, key: str, value: str | None) -> list[str]:
    """Set (or, with ``value=None``, delete) ``key`` in ``section``, adding the section if
    needed. Other lines keep their order."""
    out: list[str] = []
    current = None
    done = False
    seen_section = False
    for line in lines:
        name = _section_of(line)
        if name is not None:
            if current == section and not done and value is not None:
                _insert_before_blanks(out, f"{key}={value}")
                done = True
            current = name
            seen_section = seen_section or name == section
            out.append(line)
            continue
        if current == section and "=" in line and line.partition("=")[0].strip() == key:
            if value is not None and not done:
                out.append(f"{key}={value}")
                done = True
            continue  # replaced, deleted or a duplicate
        out.append(line)
    if value is not None and not done:
        if not seen_section:
            if out and out[-1].strip():
                out.append("")
            out.append(f"[{section}]")
            out.append(f"{key}={value}")
        else:  # the section is the last one
            _insert_before_blanks(out, f"{key}={value}")
    return out


def _insert_before_blanks(out: list[str], line: str) -> None:
    i = len(out)
    while i > 0 and not out[i - 1].strip():
        i -= 1
    out.insert(i, line)


def set_default(path: Path, mime_type: str, desktop_id: str) -> None:
    """Make ``desktop_id`` the default for ``mime_type`` (what ``xdg-mime default`` does)."""
    others = [d for d in handlers(path, DEFAULT_SECTION, mime_type) if d != desktop_id]
    value = ";".join([desktop_id, *others]) + ";"
    _write(path, _set_key(_lines(path), DEFAULT_SECTION, mime_type, value))


def raw_value(path: Path, section: str, mime_type: str) -> str | None:
    """The value text after ``mime_type=`` in ``section``, exactly as written (or None)."""
    current = None
    for line in _lines(path):
        name = _section_of(line)
        if name is not None:
            current = name
        elif current == section and "=" in line:
            key, _, value = line.partition("=")
            if key.strip() == mime_type:
                return value
    return None


def remove_handler(
    path: Path,
    mime_type: str,
    desktop_id: str,
    restore_value: str | None = None,
    drop_sections: tuple[str, ...] = (),
    delete_if_empty: bool = False,
) -> bool:
    """Take ``desktop_id`` out of both sections for ``mime_type``.

    If it was the default, ``restore_value`` (the ``[Default Applications]`` value text from
    before, exactly as it was written) is put back. Sections named in ``drop_sections`` are
    removed when left empty (we added them), and the file itself when ``delete_if_empty`` and
    nothing but blank lines remain. Returns whether the file changed.
    """
    if not path.is_file():
        return False
    lines = _lines(path)
    new = list(lines)
    for section in (DEFAULT_SECTION, ADDED_SECTION):
        ids = handlers_in(new, section, mime_type)
        if desktop_id not in ids:
            continue
        rest = [d for d in ids if d != desktop_id]
        if section == DEFAULT_SECTION and ids[0] == desktop_id and restore_value is not None:
            value: str | None = restore_value
        else:
            value = ";".join(rest) + ";" if rest else None
        new = _set_key(new, section, mime_type, value)
    new = _drop_empty_sections(new, drop_sections)
    if delete_if_empty and not any(line.strip() for line in new):
        path.unlink()
        return True
    if new != lines:
        _write(path, new)
        return True
    return False


def handlers_in(lines: list[str], section: str, mime_type: str) -> list[str]:
    """Like :func:`handlers`, on the file's lines."""
    current = None
    for line in lines:
        name = _section_of(line)
        if name is not None:
            current = name
        elif current == section and "=" in line:
            key, _, value = line.partition("=")
            if key.strip() == mime_type:
                return _split_ids(value)
    return []


def _drop_empty_sections(lines: list[str], names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        name = _section_of(lines[i])
        if name in names:
            j = i + 1
            while j < len(lines) and _section_of(lines[j]) is None:
                j += 1
            body = [x for x in lines[i + 1 : j] if x.strip()]
            if not body:
                while out and not out[-1].strip():
                    out.pop()
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out
