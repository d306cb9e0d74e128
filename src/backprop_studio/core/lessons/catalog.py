"""The lessons shipped with Backprop Studio (``resources/lessons/*.lesson``), in their order,
and the examples a lesson step may open by name. Qt-free."""

from __future__ import annotations

from pathlib import Path

from ...resources_path import list_examples, resources_dir
from .format import LESSON_SUFFIX, Lesson, load_lesson


def lessons_dir() -> Path:
    return resources_dir() / "lessons"


def example_table() -> dict[str, Path]:
    """Example name (file stem) -> path, for ``"graph": "chain_rule"`` in a step."""
    return {path.stem: path for path in list_examples()}


def lesson_paths() -> list[Path]:
    return sorted(lessons_dir().glob(f"*{LESSON_SUFFIX}"))


def load_file(path: str | Path) -> Lesson:
    """A lesson file (shipped or a teacher's); raises LessonError."""
    return load_lesson(path, example_table())


def shipped_lessons() -> list[Lesson]:
    """Every shipped lesson, by its ``order`` then id (a broken one raises LessonError)."""
    examples = example_table()
    lessons = [load_lesson(path, examples) for path in lesson_paths()]
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))
