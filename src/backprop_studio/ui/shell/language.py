"""The UI language: English, or Chinese (zh_CN) from ``resources/i18n/backprop_studio_zh_CN.qm``.

The language follows the system locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
in POSIX order) unless View ▸ Language chose one (remembered in QSettings as ``language``).
:func:`ensure_translators` installs the translators once, on first use (``create_main_window``
and the app call it); :func:`install_translators` switches them. ``QLocale``'s default is
set to the language too, so lesson texts and number formats follow it.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtWidgets import QMessageBox

from ... import APP_NAME, ORG_NAME
from ...core.texts import set_translator
from ...resources_path import resources_dir

LANGUAGES = (("en", "English"), ("zh_CN", "中文"))
SETTING = "language"
CATALOG = "backprop_studio"
_state: dict[str, object] = {"language": None, "translators": []}


def system_language() -> str:
    """The language of the system locale: "zh_CN" for any Chinese locale, else "en"."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            first = value.split(":")[0]
            return "zh_CN" if first.lower().startswith("zh") else "en"
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def chosen_language() -> str:
    """View ▸ Language's choice if one was made, else the system's."""
    value = QSettings(ORG_NAME, APP_NAME).value(SETTING, "")
    return value if value in dict(LANGUAGES) else system_language()


def current_language() -> str:
    return str(_state["language"] or chosen_language())


def qm_path(language: str) -> str:
    return str(resources_dir() / "i18n" / f"{CATALOG}_{language}.qm")


def install_translators(language: str | None = None) -> str:
    """Install the translators of ``language`` (default: the chosen one); returns it."""
    app = QCoreApplication.instance()
    language = language or chosen_language()
    for old in list(_state["translators"]):  # type: ignore[arg-type]
        if app is not None:
            app.removeTranslator(old)
    _state["translators"] = []
    QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
    _state["language"] = language
    set_translator(None if language == "en" else QCoreApplication.translate)  # core texts
    if app is None or language == "en":
        return language
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for path in (qm_path(language), os.path.join(qt_dir, f"qtbase_{language}.qm")):
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            _state["translators"].append(translator)  # type: ignore[union-attr]
    return language


def ensure_translators() -> str:
    """Install the chosen language's translators the first time (later calls do nothing)."""
    if _state["language"] is None:
        return install_translators()
    return str(_state["language"])


def set_language(language: str) -> None:
    """View ▸ Language: remember the choice and install it (windows made from now on use it)."""
    QSettings(ORG_NAME, APP_NAME).setValue(SETTING, language)
    install_translators(language)


def choose(window: Any, language: str) -> None:
    """View ▸ Language picked ``language``: remember it, and say when it shows."""
    if language == current_language():
        return
    set_language(language)
    for action_name, action in window.named_actions.items():
        if action_name.startswith("language_"):
            action.setChecked(action_name == f"language_{language}")
    QMessageBox.information(
        window,
        QCoreApplication.translate("Language", "Language"),
        QCoreApplication.translate(
            "Language",
            "The new language is used from the next window on. Restart Backprop Studio to see "
            "it everywhere.",
        ),
    )
