"""The Chinese translation: complete (every UI string in the code is in the .ts and
finished), compiled, and used when the system locale is Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "update_translations.py"

PROBE = """
import json
from PySide6.QtWidgets import QApplication, QDockWidget
from PySide6.QtGui import QAction
app = QApplication([])
from backprop_studio.ui import create_main_window
w = create_main_window()
w.findChild(QAction, "action_lessons").trigger()
player = w.lesson_player
player.start([x for x in player.lessons if x.id == "loss"][0])
print(json.dumps({
    "menus": [m.title() for m in w.menuBar().findChildren(type(w.menu("file")))
              if m.objectName() in ("menu_file", "menu_edit", "menu_view", "menu_run", "menu_help")],
    "docks": sorted(d.windowTitle() for d in w.findChildren(QDockWidget)),
    "lesson_title": player.panel.title.text(),
    "lesson_text": player.panel.text.toPlainText(),
    "next": player.panel.next.text(),
    "step": w.action("step").text(),
}, ensure_ascii=False))
w.document.set_modified(False)
"""


def probe(lang: str, tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    env["BACKPROP_STUDIO_STATE_DIR"] = str(tmp_path / "state")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_ts_has_every_string_translated():
    """lupdate into a temporary copy: a new untranslated tr() string fails here."""
    out = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "every string is translated" in out.stdout


def test_the_compiled_qm_is_shipped():
    from backprop_studio.ui.shell.language import qm_path

    qm = Path(qm_path("zh_CN"))
    ts = ROOT / "resources" / "i18n" / "backprop_studio_zh_CN.ts"
    assert qm.exists() and qm.stat().st_size > 1000
    assert qm.stat().st_mtime >= ts.stat().st_mtime - 5, "run tools/update_translations.py"


@pytest.mark.parametrize("lang", ["zh_CN.UTF-8"])
def test_chinese_locale_gives_chinese_menus_docks_and_lessons(lang, tmp_path):
    seen = probe(lang, tmp_path)
    assert seen["menus"][:5] == ["文件(&F)", "编辑(&E)", "视图(&V)", "运行(&R)", "帮助(&H)"]
    for title in ("运算", "检查器", "链式法则", "训练", "损失", "课程"):
        assert title in seen["docks"], seen["docks"]
    assert seen["lesson_title"] == "2. 损失函数：猜得有多好"
    assert "均方误差" in seen["lesson_text"]
    assert seen["next"] == "下一步"
    assert seen["step"].split("\t")[0] == "单步(&S)"  # the menu text; its keys after a tab


def test_english_locale_stays_english(tmp_path):
    seen = probe("en_US.UTF-8", tmp_path)
    assert seen["menus"][0] == "&File"
    assert "Chain Rule" in seen["docks"] and "Lessons" in seen["docks"]
    assert seen["lesson_title"].startswith("2. The loss")


def test_view_language_overrides_the_system_and_is_remembered(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from backprop_studio.ui import create_main_window
    from backprop_studio.ui.shell import language

    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    language.install_translators("en")
    w = create_main_window()
    qtbot.addWidget(w)
    try:
        assert w.menu("file").title() == "&File"
        w.action("language_zh_CN").trigger()
        assert language.chosen_language() == "zh_CN"
        w2 = create_main_window()
        qtbot.addWidget(w2)
        assert w2.menu("file").title() == "文件(&F)"
        assert w2.action("language_zh_CN").isChecked()
        w2.document.set_modified(False)
    finally:
        language.set_language("en")
        w.document.set_modified(False)
    assert language.system_language() == "en"
    monkeypatch.setenv("LANGUAGE", "zh_CN:en")
    assert language.system_language() == "zh_CN"


def test_literals_passed_to_a_translating_helper_are_extracted():
    """``_tr("Restore These Weights")`` (a module's helper around
    QCoreApplication.translate) is invisible to lupdate; the tool hands it over."""
    sys.path.insert(0, str(TOOL.parent))
    import update_translations

    lines = update_translations.helper_strings().splitlines()
    assert "QT_TRANSLATE_NOOP('Timeline', 'Restore These Weights')" in lines
    assert "QT_TRANSLATE_NOOP('Commands', 'Ungroup')" in lines  # group_commands' own helper
    assert "QT_TRANSLATE_NOOP('Datasets', 'Two moons')" in update_translations.core_strings()


def test_undo_texts_and_graph_problems_follow_the_language(qtbot, monkeypatch):
    """An undo text, a training legend and a Graph problem in Chinese; English unchanged."""
    from PySide6.QtWidgets import QMessageBox

    from backprop_studio.core.model.graph import Graph
    from backprop_studio.core.training.settings import TrainingSettings
    from backprop_studio.ui import create_main_window
    from backprop_studio.ui.shell import language
    from backprop_studio.ui.training.worker import short_label

    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    settings = TrainingSettings(momentum=0.9, batch_size=4)
    try:
        language.install_translators("zh_CN")
        w = create_main_window()
        qtbot.addWidget(w)
        nid = next(iter(w.document.graph.nodes())).id
        assert w.document.delete([nid])
        assert w.document.undo_stack.undoText().startswith("删除 1 个节点")
        assert short_label(settings).endswith("动量 0.9 小批量 4")
        assert Graph().problems()[0].message == "计算图是空的"
        w.document.set_modified(False)
    finally:
        language.install_translators("en")
    assert short_label(settings).endswith("m 0.9 mini-batch 4")
    assert Graph().problems()[0].message == "the graph is empty"
