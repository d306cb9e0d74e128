"""The lesson player: runs a lesson's steps in the window's lesson panel.

Entering a step opens its graph (an untitled copy, in place of the lesson's previous graph or
of an unchanged document; other work is offered for saving first), shows its spotlights,
watches its task (:class:`~.tasks.TaskWatcher`) and sets up its question. Next is enabled
once the task is done and the question answered right or revealed (a wrong answer shows the
hint, a second the worked answer). Progress (the furthest step, finished or not) is kept in
QSettings under ``lessons/<id>/``.

``show_lessons(window)`` (Help ▸ Lessons) creates the panel on first use, in a dock
``lesson_panel_dock``; ``open_lesson_file(window)`` is File ▸ Open Lesson….
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QMessageBox, QWidget

from ... import APP_NAME, ORG_NAME
from ...core.lessons import markup
from ...core.lessons.catalog import load_file, shipped_lessons
from ...core.lessons.format import Lesson, LessonError, Step, pick
from ...core.model.fileio import graph_from_dict, graph_to_dict
from .panel import LessonPanel
from .spotlight import Spotlights
from .tasks import TaskWatcher

FIRST_START_KEY = "lessons/offered"


def language() -> str:
    """The language lesson texts are shown in: the UI's ("zh_CN", "en_US")."""
    return QLocale().name()


def progress_settings() -> QSettings:
    return QSettings(ORG_NAME, APP_NAME)


def get_lesson_path(parent: QWidget, caption: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", filters)
    return path


def show_lesson_error(parent: QWidget, title: str, text: str) -> None:
    """A warning in plain text (a lesson's message is never read as rich text)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


class LessonPlayer(QObject):
    """The lessons of one window."""

    def __init__(self, window: Any, panel: LessonPanel) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.lessons: list[Lesson] = []
        self.lesson: Lesson | None = None
        self.index = 0
        self.watcher: TaskWatcher | None = None
        self.spotlights = Spotlights(window)
        self.attempts = 0
        self.question_settled = True
        self._opened: tuple[str, object] | None = None  # (graph key, the Graph opened)
        try:
            self.lessons = shipped_lessons()
        except LessonError as exc:  # a broken install: say so, keep the app running
            window.set_status(
                self.tr("A shipped lesson could not be loaded: %1").replace("%1", str(exc))
            )
        p = panel
        p.lesson_list.currentRowChanged.connect(self._on_row)
        p.lesson_list.itemActivated.connect(lambda _item: self.start_selected())
        p.start_button.clicked.connect(self.start_selected)
        p.open_button.clicked.connect(self.open_file)
        p.back.clicked.connect(self.back)
        p.next.clicked.connect(self.next)
        p.to_list.clicked.connect(self.leave)
        p.show_me.clicked.connect(self.show_me)
        p.check.clicked.connect(self.check_answer)
        p.answer.returnPressed.connect(self.check_answer)
        self.fill_list()

    # ----------------------------------------------------------------- the list
    def fill_list(self) -> None:
        lst = self.panel.lesson_list
        row = max(lst.currentRow(), 0)
        lst.clear()
        lang = language()
        for i, lesson in enumerate(self.lessons):
            step, done = self.progress(lesson)
            if done:
                mark = "  ✓"
                tip = self.tr("Finished")
            elif step > 0:
                mark = f"  ({step + 1}/{len(lesson.steps)})"
                tip = self.tr("Under way")
            else:
                mark = ""
                tip = self.tr("Not started")
            item = QListWidgetItem(f"{pick(lesson.title, lang)}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setToolTip(f"{tip}: {pick(lesson.summary, lang)}")
            lst.addItem(item)
        if self.lessons:
            lst.setCurrentRow(min(row, len(self.lessons) - 1))
        self._on_row(lst.currentRow())

    def _on_row(self, row: int) -> None:
        lesson = self.lessons[row] if 0 <= row < len(self.lessons) else None
        self.panel.summary.setText(pick(lesson.summary, language()) if lesson else "")
        step, done = self.progress(lesson) if lesson else (0, False)
        self.panel.start_button.setEnabled(lesson is not None)
        self.panel.start_button.setText(
            self.tr("Continue") if step > 0 and not done else self.tr("Start")
        )

    def progress(self, lesson: Lesson) -> tuple[int, bool]:
        s = progress_settings()
        step = s.value(f"lessons/{lesson.id}/step", 0)
        done = s.value(f"lessons/{lesson.id}/done", False)
        try:
            step = min(max(int(step), 0), len(lesson.steps) - 1)
        except (TypeError, ValueError):
            step = 0
        return step, done in (True, "true", "1", 1)

    def _save_progress(self, done: bool = False) -> None:
        if self.lesson is None:
            return
        s = progress_settings()
        key = f"lessons/{self.lesson.id}"
        furthest, was_done = self.progress(self.lesson)
        s.setValue(f"{key}/step", max(furthest, self.index))
        s.setValue(f"{key}/done", was_done or done)

    def start_selected(self) -> None:
        row = self.panel.lesson_list.currentRow()
        if 0 <= row < len(self.lessons):
            lesson = self.lessons[row]
            step, done = self.progress(lesson)
            self.start(lesson, 0 if done else step)

    def open_file(self) -> bool:
        """File ▸ Open Lesson…: a teacher's lesson file; a bad one is explained."""
        path = get_lesson_path(
            self.window, self.tr("Open Lesson"), self.tr("Lessons (*.lesson *.json)")
        )
        return bool(path) and self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        try:
            lesson = load_file(path)
        except LessonError as exc:
            show_lesson_error(
                self.window,
                self.tr("Could not open lesson"),
                self.tr("Could not open the lesson:\n%1").replace("%1", str(exc)),
            )
            self.window.set_status(str(exc))
            return False
        self.lessons = [x for x in self.lessons if x.id != lesson.id] + [lesson]
        self.fill_list()
        self.start(lesson, 0)
        return True

    # ----------------------------------------------------------------- a lesson
    def start(self, lesson: Lesson, index: int = 0) -> None:
        self.lesson = lesson
        self.panel.title.setText(pick(lesson.title, language()))
        self.panel.show_step_page()
        self.enter(index)

    def leave(self) -> None:
        """Back to the list of lessons (progress kept)."""
        self._leave_step()
        self.lesson = None
        self.fill_list()
        self.panel.show_list()

    @property
    def step(self) -> Step | None:
        return self.lesson.steps[self.index] if self.lesson else None

    def enter(self, index: int) -> None:
        assert self.lesson is not None
        self._leave_step()
        self.index = max(0, min(index, len(self.lesson.steps) - 1))
        step = self.lesson.steps[self.index]
        lang = language()
        p = self.panel
        p.counter.setText(
            self.tr("Step %1 of %2")
            .replace("%1", str(self.index + 1))
            .replace("%2", str(len(self.lesson.steps)))
        )
        p.text.setHtml(markup.to_html(pick(step.text, lang)))
        if step.graph is not None:
            self._open_graph(step)
        self.spotlights.show(step.spotlights)
        p.task_box.setVisible(step.task is not None)
        if step.task is not None:
            self.watcher = TaskWatcher(self.window, step.task, self)
            self.watcher.done.connect(self._update_nav)
        self._set_question(step)
        if step.question is not None and step.graph is not None:
            self._hide_numbers()
        self._save_progress()
        self._update_nav()

    def _leave_step(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None
        self.spotlights.clear()

    def _open_graph(self, step: Step) -> None:
        assert step.graph is not None
        document = self.window.document
        data = graph_to_dict(step.graph)
        key = json.dumps(data, sort_keys=True)
        if self._opened is not None and self._opened == (key, document.graph):
            return  # the previous step's graph, as the student left it
        ours = self._opened is not None and self._opened[1] is document.graph
        if not ours and document.is_modified() and not self.window.file_actions.maybe_save():
            self.window.set_status(self.tr("The lesson's graph was not opened: your work stays"))
            return
        graph = graph_from_dict(data, "lesson")
        document.replace_graph(graph, None)
        self._opened = (key, document.graph)
        self.window.view_fit_later()

    def _set_question(self, step: Step) -> None:
        p, q, lang = self.panel, step.question, language()
        p.question_box.setVisible(q is not None)
        self.attempts = 0
        self.question_settled = q is None
        p.feedback.clear()
        p.answer.clear()
        p.answer.setEnabled(True)
        p.check.setEnabled(True)
        if q is None:
            p.set_choices([])
            return
        p.question.setText(markup.inline(pick(q.prompt, lang)))
        p.set_choices([pick(c, lang) for c in q.choices] if q.kind == "choice" else [])

    def _hide_numbers(self) -> None:
        """Predict first: the canvas shows the graph before any pass (the stepper at its
        start), so the values and gradients asked for are not on screen yet."""
        stepper = getattr(self.window, "stepper", None)
        if stepper is not None and stepper.step():
            stepper.reset()

    def _reveal(self) -> None:
        """The question is settled: run both passes so every number is on the canvas."""
        stepper = getattr(self.window, "stepper", None)
        if stepper is not None and stepper.walk is not None:
            stepper.run_backward()

    def _update_nav(self) -> None:
        p, step = self.panel, self.step
        if step is None:
            return
        task_done = self.watcher is None or self.watcher.is_done
        if step.task is not None:
            text = markup.inline(pick(step.task.texts, language()))
            if task_done:
                done = self.tr("Done")
                text = f"✔ <b>{done}</b> — {text}"
            p.task.setText(text)
            p.show_me.setEnabled(not task_done)
        p.back.setEnabled(self.index > 0)
        last = self.lesson is not None and self.index == len(self.lesson.steps) - 1
        p.next.setText(self.tr("Finish") if last else self.tr("Next"))
        ready = task_done and self.question_settled
        p.next.setEnabled(ready)
        if not ready:
            waiting = (
                self.tr("Answer the question first")
                if task_done
                else self.tr("Do the task first (or press Show me)")
            )
            p.next.setToolTip(waiting)
        else:
            p.next.setToolTip("")

    # ----------------------------------------------------------------- moves
    def next(self) -> None:
        if self.lesson is None or not self.panel.next.isEnabled():
            return
        if self.index + 1 < len(self.lesson.steps):
            self.enter(self.index + 1)
            return
        self._save_progress(done=True)
        self.window.set_status(
            self.tr("Lesson finished: %1").replace("%1", pick(self.lesson.title, language()))
        )
        self.leave()

    def back(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.enter(self.index - 1)

    def show_me(self) -> None:
        if self.watcher is not None:
            self.watcher.show_me()
            self._update_nav()

    def check_answer(self) -> None:
        step, p = self.step, self.panel
        if step is None or step.question is None:
            return
        q, lang = step.question, language()
        verdict = q.check(p.chosen() if q.kind == "choice" else p.answer.text())
        if not verdict.understood:
            p.feedback.setText(
                self.tr("Choose one of the answers.")
                if q.kind == "choice"
                else self.tr("Type a number, e.g. 6, -1.5 or 1/18.")
            )
            return
        explanation = markup.inline(pick(q.explanation, lang))
        if verdict.correct:
            right = self.tr("Right!")
            p.feedback.setText(f"✔ <b>{right}</b> {explanation}")
            self.question_settled = True
            self._reveal()
        else:
            self.attempts += 1
            if self.attempts == 1:
                hint = markup.inline(pick(q.hint, lang))
                p.feedback.setText(
                    "✘ " + self.tr("Not quite. Hint: %1 Try again.").replace("%1", hint)
                )
            else:
                shown = self.tr("The answer:")
                p.feedback.setText(f"✘ <b>{shown}</b> {explanation}")
                self.question_settled = True
                self._reveal()
        self._update_nav()


# --------------------------------------------------------------------------- window entry
def player_for(window: Any) -> LessonPlayer:
    """The window's lesson player, created (with its dock) on first use."""
    player = getattr(window, "lesson_player", None)
    if player is None:
        panel = LessonPanel()
        player = LessonPlayer(window, panel)
        dock = window.add_dock(
            panel,
            QCoreApplication.translate("LessonPlayer", "Lessons"),
            Qt.DockWidgetArea.LeftDockWidgetArea,
        )
        palette = window.findChild(type(dock), "op_palette_dock")
        if palette is not None:
            window.tabifyDockWidget(palette, dock)
        window.lesson_player = player
    return player


def show_lessons(window: Any) -> LessonPlayer:
    """Help ▸ Lessons: show (and raise) the lesson panel."""
    player = player_for(window)
    dock = player.panel.parentWidget()
    if dock is not None:
        dock.show()
        dock.raise_()
    return player


def open_lesson_file(window: Any) -> bool:
    """File ▸ Open Lesson…"""
    return show_lessons(window).open_file()


def offer_on_first_start(window: Any) -> bool:
    """On the very first start, show the lessons (once; remembered in QSettings)."""
    s = progress_settings()
    if s.value(FIRST_START_KEY, False) in (True, "true", "1", 1):
        return False
    s.setValue(FIRST_START_KEY, True)
    show_lessons(window)
    return True
