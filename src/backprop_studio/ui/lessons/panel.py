"""The lesson panel (``lesson_panel``): the list of lessons with their progress marks
(``lesson_list``, ``lesson_start``, ``lesson_open_file``) and, inside a lesson, the step's
text (``lesson_text``), its task with "Show me" (``lesson_task``, ``lesson_show_me``), its
question (``lesson_question``, ``lesson_answer`` or the ``lesson_choice_<i>`` buttons,
``lesson_check``, ``lesson_feedback``) and ``lesson_back`` / ``lesson_next``. Widgets only:
:class:`~.player.LessonPlayer` fills them and reacts to them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


def _label(name: str, rich: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _button(name: str, text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class LessonPanel(QWidget):
    """Two pages: the lessons, and the current step of one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_panel")
        self.setMinimumWidth(340)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.pages)
        self.pages.addWidget(self._list_page())
        self.pages.addWidget(self._step_page())

    # ----------------------------------------------------------------- pages
    def _list_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        intro = _label("lesson_intro", rich=False)
        intro.setText(
            self.tr(
                "Back-propagation in guided steps: each lesson opens a graph, shows where to "
                "look, and asks you to predict before it reveals."
            )
        )
        self.lesson_list = QListWidget()
        self.lesson_list.setObjectName("lesson_list")
        self.lesson_list.setWordWrap(True)
        self.lesson_list.setAlternatingRowColors(True)
        self.summary = _label("lesson_summary", rich=False)
        self.start_button = _button("lesson_start", self.tr("Start"))
        self.start_button.setDefault(True)
        self.open_button = _button("lesson_open_file", self.tr("Open Lesson File…"))
        self.open_button.setToolTip(self.tr("Open a lesson written by a teacher (.lesson)"))
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.start_button)
        box.addWidget(intro)
        box.addWidget(self.lesson_list, 1)
        box.addWidget(self.summary)
        box.addLayout(row)
        return page

    def _step_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = _label("lesson_title", rich=False)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.counter = _label("lesson_step_count", rich=False)
        self.text = QTextBrowser()
        self.text.setObjectName("lesson_text")
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.document().setDocumentMargin(4)

        self.task_box = QFrame()
        self.task_box.setObjectName("lesson_task_box")
        self.task_box.setFrameShape(QFrame.Shape.StyledPanel)
        task_row = QHBoxLayout(self.task_box)
        self.task = _label("lesson_task")
        self.show_me = _button("lesson_show_me", self.tr("Show me"))
        self.show_me.setToolTip(self.tr("Do this step for me"))
        task_row.addWidget(self.task, 1)
        task_row.addWidget(self.show_me, 0, Qt.AlignmentFlag.AlignTop)

        self.question_box = QFrame()
        self.question_box.setObjectName("lesson_question_box")
        self.question_box.setFrameShape(QFrame.Shape.StyledPanel)
        q = QVBoxLayout(self.question_box)
        self.question = _label("lesson_question")
        self.choices_box = QWidget()
        self.choices_layout = QVBoxLayout(self.choices_box)
        self.choices_layout.setContentsMargins(0, 0, 0, 0)
        self.choice_group = QButtonGroup(self)
        self.answer = QLineEdit()
        self.answer.setObjectName("lesson_answer")
        self.answer.setPlaceholderText(self.tr("Your prediction"))
        self.answer.setClearButtonEnabled(True)
        self.check = _button("lesson_check", self.tr("Check"))
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer, 1)
        answer_row.addWidget(self.check)
        self.feedback = _label("lesson_feedback")
        q.addWidget(self.question)
        q.addWidget(self.choices_box)
        q.addLayout(answer_row)
        q.addWidget(self.feedback)

        self.to_list = _button("lesson_exit", self.tr("All Lessons"))
        self.back = _button("lesson_back", self.tr("Back"))
        self.next = _button("lesson_next", self.tr("Next"))
        self.next.setDefault(True)
        nav = QHBoxLayout()
        nav.addWidget(self.to_list)
        nav.addStretch(1)
        nav.addWidget(self.back)
        nav.addWidget(self.next)

        box.addWidget(self.title)
        box.addWidget(self.counter)
        box.addWidget(self.text, 1)
        box.addWidget(self.task_box)
        box.addWidget(self.question_box)
        box.addLayout(nav)
        return page

    # ----------------------------------------------------------------- helpers
    def set_choices(self, texts: list[str]) -> None:
        """Radio buttons ``lesson_choice_<i>`` for a choice question (none for a number)."""
        for button in self.choice_group.buttons():
            self.choice_group.removeButton(button)
            button.deleteLater()
        for i, text in enumerate(texts):
            button = QRadioButton(text)
            button.setObjectName(f"lesson_choice_{i}")
            self.choice_group.addButton(button, i)
            self.choices_layout.addWidget(button)
        self.choices_box.setVisible(bool(texts))
        self.answer.setVisible(not texts)

    def chosen(self) -> int | None:
        index = self.choice_group.checkedId()
        return None if index < 0 else index

    def show_list(self) -> None:
        self.pages.setCurrentIndex(0)

    def show_step_page(self) -> None:
        self.pages.setCurrentIndex(1)
