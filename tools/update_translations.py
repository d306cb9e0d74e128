"""Keep the Chinese translation complete: extract, check, fill and compile.

    python tools/update_translations.py                  # lupdate the .ts, then lrelease the .qm
    python tools/update_translations.py --check          # exit 1 if a UI string is untranslated
    python tools/update_translations.py --list-unfinished [--json]
    python tools/update_translations.py --fill todo.json # {"Context": {"source": "译文"}}

``pyside6-lupdate`` reads every ``self.tr`` / ``QCoreApplication.translate`` /
``QT_TRANSLATE_NOOP`` in ``src/backprop_studio`` into ``resources/i18n/backprop_studio_zh_CN.ts``
(keeping the translations already there, dropping strings no longer in the code), and
``pyside6-lrelease`` compiles it to the ``.qm`` shipped in the wheel. After a merge: run it,
``--list-unfinished --json > todo.json``, translate the empty entries, ``--fill todo.json``.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "src" / "backprop_studio"
TS = ROOT / "resources" / "i18n" / "backprop_studio_zh_CN.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    """A Qt tool from the venv's bin (next to this Python), else from PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (pip install PySide6-Essentials)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def core_strings() -> str:
    """Texts that live in data, not in tr() calls: the op registry's titles, formulas and
    descriptions (context "Ops") and the shipped examples' titles and descriptions
    ("Examples"), as QT_TRANSLATE_NOOP lines lupdate reads; the UI translates them where it
    shows them. Generated at each run, so a new op or example is found by --check."""
    sys.path.insert(0, str(ROOT / "src"))
    from backprop_studio.core.model.datasets import GENERATORS
    from backprop_studio.core.model.fileio import load_graph
    from backprop_studio.core.ops import all_ops
    from backprop_studio.core.training.optim import OPTIMIZER_TITLES
    from backprop_studio.resources_path import list_examples

    lines = []
    for spec in all_ops():
        for text in (spec.title, spec.formula, spec.description):
            if text:
                lines.append(f"QT_TRANSLATE_NOOP({'Ops'!r}, {text!r})")
    lines += [f"QT_TRANSLATE_NOOP({'Optimizers'!r}, {t!r})" for t in OPTIMIZER_TITLES.values()]
    for generator in GENERATORS.values():  # the Generate Data dialog ("Datasets")
        texts = [generator.title, generator.description, *(p.title for p in generator.params)]
        lines += [f"QT_TRANSLATE_NOOP({'Datasets'!r}, {t!r})" for t in texts if t]
    for path in list_examples():
        graph = load_graph(path)
        for text in (graph.title, graph.description):
            if text:
                lines.append(f"QT_TRANSLATE_NOOP({'Examples'!r}, {text!r})")
    return "\n".join(lines) + "\n"


def _helper_context(function: ast.FunctionDef) -> str | None:
    """ "Ctx" if ``function`` is ``def _tr(text): return QCoreApplication.translate("Ctx", text)``."""
    body = [s for s in function.body if not isinstance(s, ast.Expr)]  # docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not function.args.args:
        return None
    call, param = body[0].value, function.args.args[0].arg
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
        return None
    args = call.args
    if call.func.attr != "translate" or len(args) != 2:
        return None
    if not (isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
        return None
    return args[0].value if isinstance(args[1], ast.Name) and args[1].id == param else None


def helper_strings() -> str:
    """Literals passed to a module's translating helper (``_tr("Reset")``, see
    :func:`_helper_context`): lupdate sees only the helper's variable, so they are handed to
    it as QT_TRANSLATE_NOOP lines in the helper's context."""
    lines = []
    for path in sorted(SOURCES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helpers = {
            f.name: ctx
            for f in tree.body
            if isinstance(f, ast.FunctionDef) and (ctx := _helper_context(f)) is not None
        }
        if not helpers:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            context = helpers.get(node.func.id)
            if context and node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    lines.append(f"QT_TRANSLATE_NOOP({context!r}, {node.args[0].value!r})")
    return "\n".join(lines) + "\n"


def lupdate(ts: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "core_strings.py"
        data.write_text(core_strings() + helper_strings(), encoding="utf-8")
        command = [tool("pyside6-lupdate"), *sources(), str(data), "-no-obsolete"]
        subprocess.run(
            [*command, "-locations", "none", "-ts", str(ts)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def unfinished(ts: Path) -> dict[str, list[str]]:
    """{context: [source, ...]} of the entries with no finished translation."""
    found: dict[str, list[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                continue
            kind = translation.get("type", "")
            if kind in ("obsolete", "vanished"):
                continue
            if kind == "unfinished" or not (translation.text or "").strip():
                found.setdefault(name, []).append(message.findtext("source") or "")
    return found


def fill(ts: Path, table: dict[str, dict[str, str]]) -> int:
    """Write translations from ``{context: {source: translation}}``; returns how many."""
    tree = ET.parse(ts)
    count = 0
    for context in tree.getroot().iter("context"):
        wanted = table.get(context.findtext("name") or "", {})
        for message in context.iter("message"):
            text = wanted.get(message.findtext("source") or "")
            translation = message.find("translation")
            if text and translation is not None:
                translation.text = text
                translation.attrib.pop("type", None)
                count += 1
    ET.indent(tree)
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a string is untranslated")
    parser.add_argument("--list-unfinished", action="store_true")
    parser.add_argument("--json", action="store_true", help="with --list-unfinished")
    parser.add_argument("--fill", type=Path, help="JSON {context: {source: translation}}")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / TS.name
            shutil.copy(TS, copy)
            lupdate(copy)
            missing = unfinished(copy)
        for context, texts in missing.items():
            for text in texts:
                print(f"untranslated [{context}] {text!r}")
        total = sum(map(len, missing.values()))
        print(f"{total} untranslated string(s)" if total else "every string is translated")
        return 1 if total else 0
    if args.list_unfinished:
        missing = unfinished(TS)
        if args.json:
            todo = {c: {t: "" for t in texts} for c, texts in missing.items()}
            print(json.dumps(todo, ensure_ascii=False, indent=2))
        else:
            for context, texts in missing.items():
                for text in texts:
                    print(f"[{context}] {text}")
        return 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    lupdate(TS)
    if args.fill:
        table = json.loads(args.fill.read_text(encoding="utf-8"))
        print(f"filled {fill(TS, table)} translation(s)")
    lrelease(TS, QM)
    left = sum(map(len, unfinished(TS).values()))
    print(f"{TS.relative_to(ROOT)}: {left} unfinished; compiled {QM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
