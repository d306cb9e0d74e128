"""The lesson file format: parse and validate a ``.lesson`` file (JSON) into a :class:`Lesson`.

A lesson is data, never code: a title, a summary and steps. A step has a text (a small
Markdown subset, see :mod:`.markup`), and optionally a graph to open (a shipped example by
name or an inline ``.bpgraph`` document), a spotlight (a node, an edge, a dock, a widget or a
button), a task the step waits for (with a "Show me" the player can do), and a question
(a number with a tolerance, or a choice) with a hint and a worked answer. Every text is a
table of languages: ``{"en": "...", "zh_CN": "..."}``; see docs/lessons.md.

:func:`load_lesson` / :func:`loads_lesson` raise :class:`LessonError` whose one-line message
names the file and the step at fault (``forward.lesson: step 2: question: "answer" must be a
number``). Nothing in a file is executed. Qt-free.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.errors import BackpropError, FileFormatError
from ..model.fileio import graph_from_dict
from ..model.graph import Graph

FORMAT = "backprop-studio-lesson"
VERSION = 1
LESSON_SUFFIX = ".lesson"
SPOTLIGHT_KINDS = ("node", "edge", "dock", "widget", "action")
TASK_KINDS = ("action", "button", "edge_visited", "node_value", "loss_below", "op_added")
DEFAULT_TOLERANCE = 1e-6


class LessonError(BackpropError):
    """A lesson file that cannot be used; the message names the file and the step."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


Texts = dict[str, str]  # language code ("en", "zh_CN") -> text


def pick(texts: Texts, language: str) -> str:
    """The text in ``language`` ("zh_CN"), else its base ("zh"), else English, else any."""
    base = language.split("_")[0]
    if language in texts:
        return texts[language]
    for key in texts:  # "zh" or "zh_CN" for a zh_TW reader
        if key.split("_")[0] == base:
            return texts[key]
    return texts.get("en", next(iter(texts.values()), ""))


@dataclass(frozen=True)
class Spotlight:
    """What to look at: ``kind`` is node, edge, dock, widget (a Qt object name) or action."""

    kind: str
    target: str


@dataclass(frozen=True)
class Task:
    """What the student does before Next: trigger an action (``action_<target>``), click a
    button (a Qt object name), step the backward pass until an edge is visited, set a node's
    value, train until the loss is below a bound, or add a node of an op (connected from
    ``after``)."""

    kind: str
    target: str = ""  # action name, button name, edge id, node id or op name
    after: str = ""  # op_added: the node the new one is fed from
    value: float = 0.0  # node_value: the value; loss_below: the bound
    tolerance: float = DEFAULT_TOLERANCE
    texts: Texts = field(default_factory=dict)  # the instruction shown beside "Show me"


@dataclass(frozen=True)
class Verdict:
    correct: bool
    understood: bool  # False: the answer could not be read (not a number, no choice)


@dataclass(frozen=True)
class Question:
    """Predict, then reveal. ``kind`` is "number" (``answer`` with ``tolerance``) or
    "choice" (``answer`` is the index into ``choices``)."""

    kind: str
    prompt: Texts
    answer: float
    tolerance: float = DEFAULT_TOLERANCE
    choices: tuple[Texts, ...] = ()
    hint: Texts = field(default_factory=dict)
    explanation: Texts = field(default_factory=dict)

    def check(self, given: str | int | None) -> Verdict:
        """Judge an answer: the typed text of a number question, the chosen index of a
        choice question."""
        if self.kind == "choice":
            if given is None or given == "" or not isinstance(given, int):
                return Verdict(False, False)
            return Verdict(given == int(self.answer), True)
        number = parse_number(str(given or ""))
        if number is None:
            return Verdict(False, False)
        return Verdict(abs(number - self.answer) <= self.tolerance, True)


@dataclass(frozen=True)
class Step:
    text: Texts
    graph: Graph | None = None
    graph_name: str = ""  # the example's name, or "" for an inline graph / none
    spotlights: tuple[Spotlight, ...] = ()
    task: Task | None = None
    question: Question | None = None


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Texts
    summary: Texts
    steps: tuple[Step, ...]
    order: int = 0
    source: str = ""


def parse_number(text: str) -> float | None:
    """A typed number: "6", " 6.0 ", "-2", "1e3", "12/3", full-width "４" and "６．５",
    a decimal comma ("0,5"); None if it is not one."""
    import unicodedata

    s = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace("，", ",")
    if "," in s and "." not in s:
        s = s.replace(",", ".")
    try:
        if "/" in s:
            top, _, bottom = s.partition("/")
            value = float(top) / float(bottom)
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------- loading
def load_lesson(path: str | os.PathLike[str], examples: dict[str, Path] | None = None) -> Lesson:
    """Read and validate a lesson file; raises LessonError naming the file and the step."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LessonError(name, "no such file") from None
    except IsADirectoryError:
        raise LessonError(name, "is a folder, not a lesson file") from None
    except UnicodeDecodeError:
        raise LessonError(name, "is not a text file (not UTF-8)") from None
    except OSError as exc:
        raise LessonError(name, exc.strerror or str(exc)) from None
    return loads_lesson(text, name, examples, default_id=Path(path).stem)


def loads_lesson(
    text: str,
    source: str = "<lesson>",
    examples: dict[str, Path] | None = None,
    default_id: str = "",
) -> Lesson:
    """Parse lesson JSON text; ``source`` names it in errors; ``examples`` maps the names a
    step may open (``"graph": "chain_rule"``) to their files."""
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise LessonError(
            source, f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except ValueError as exc:
        raise LessonError(source, str(exc)) from None
    return lesson_from_dict(doc, source, examples, default_id)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid number in a lesson file")


def lesson_from_dict(
    doc: Any, source: str, examples: dict[str, Path] | None = None, default_id: str = ""
) -> Lesson:
    if not isinstance(doc, dict):
        raise LessonError(source, "a lesson file is a JSON object ({...})")
    if doc.get("format") != FORMAT:
        raise LessonError(source, f'not a lesson file ("format" must be "{FORMAT}")')
    version = doc.get("version")
    if version != VERSION:
        raise LessonError(source, f"lesson format version {version!r} is not supported")
    lesson_id = doc.get("id", default_id)
    if not isinstance(lesson_id, str) or not lesson_id.strip():
        raise LessonError(source, '"id" must be a non-empty text')
    title = _texts(doc.get("title"), source, '"title"')
    summary = _texts(doc.get("summary", {"en": ""}), source, '"summary"', allow_empty=True)
    order = doc.get("order", 0)
    if not _is_int(order):
        raise LessonError(source, '"order" must be a whole number')
    raw_steps = doc.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise LessonError(source, '"steps" must be a non-empty list')
    steps = tuple(
        _step(raw, f"{source}: step {i + 1}", examples or {}) for i, raw in enumerate(raw_steps)
    )
    return Lesson(lesson_id, title, summary, steps, int(order), source)


def _fail(where: str, message: str) -> LessonError:
    source, _, step = where.partition(": ")
    return LessonError(source, f"{step}: {message}" if step else message)


def _texts(raw: Any, where: str, what: str, allow_empty: bool = False) -> Texts:
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, dict) or not raw:
        raise _fail(where, f'{what} must be a text or a table of languages {{"en": ...}}')
    for key, value in raw.items():
        if not isinstance(value, str):
            raise _fail(where, f"{what}: the {key!r} text must be a text")
        if not value.strip() and not allow_empty:
            raise _fail(where, f"{what}: the {key!r} text is empty")
    return dict(raw)


def _number(raw: Any, where: str, what: str) -> float:
    if not _is_number(raw):
        raise _fail(where, f"{what} must be a number")
    return float(raw)


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


STEP_KEYS = {"text", "graph", "training", "spotlight", "task", "question"}


def _step(raw: Any, where: str, examples: dict[str, Path]) -> Step:
    if not isinstance(raw, dict):
        raise _fail(where, "a step is a JSON object ({...})")
    unknown = sorted(set(raw) - STEP_KEYS)
    if unknown:
        raise _fail(where, f"unknown field {unknown[0]!r} (known: {', '.join(sorted(STEP_KEYS))})")
    text = _texts(raw.get("text"), where, '"text"')
    graph, graph_name = _graph(raw.get("graph"), where, examples)
    if "training" in raw:
        if graph is None:
            raise _fail(where, '"training" needs a "graph" to apply to')
        graph.training = {**graph.training, **_training(raw["training"], where)}
    spotlights = _spotlights(raw.get("spotlight"), where)
    task = _task(raw["task"], where) if "task" in raw else None
    question = _question(raw["question"], where) if "question" in raw else None
    for light in spotlights:
        if graph is not None and light.kind == "node" and not graph.has_node(light.target):
            raise _fail(where, f"spotlight: the graph has no node {light.target!r}")
        if graph is not None and light.kind == "edge" and not graph.has_edge(light.target):
            raise _fail(where, f"spotlight: the graph has no edge {light.target!r}")
    if task is not None and graph is not None:
        if task.kind == "edge_visited" and not graph.has_edge(task.target):
            raise _fail(where, f"task: the graph has no edge {task.target!r}")
        if task.kind == "node_value" and not graph.has_node(task.target):
            raise _fail(where, f"task: the graph has no node {task.target!r}")
        if task.after and not graph.has_node(task.after):
            raise _fail(where, f"task: the graph has no node {task.after!r}")
    return Step(text, graph, graph_name, spotlights, task, question)


def _graph(raw: Any, where: str, examples: dict[str, Path]) -> tuple[Graph | None, str]:
    if raw is None:
        return None, ""
    if isinstance(raw, str):
        path = examples.get(raw)
        if path is None:
            known = ", ".join(sorted(examples)) or "none"
            raise _fail(where, f'"graph": no example named {raw!r} (known: {known})')
        from ..model.fileio import load_graph

        try:
            return load_graph(path), raw
        except FileFormatError as exc:
            raise _fail(where, f'"graph": {exc}') from None
    if isinstance(raw, dict):
        try:
            return graph_from_dict(raw, "inline graph"), ""
        except FileFormatError as exc:
            raise _fail(where, f'"graph": {exc}') from None
    raise _fail(where, '"graph" must be an example\'s name or an inline .bpgraph object')


def _training(raw: Any, where: str) -> dict[str, Any]:
    """Training settings that replace the graph's (validated like a graph file's)."""
    from ..training.settings import parse_settings

    if not isinstance(raw, dict):
        raise _fail(where, '"training" must be an object of training settings')
    _settings, problems = parse_settings(raw)
    if problems:
        raise _fail(where, problems[0])
    return dict(raw)


def _spotlights(raw: Any, where: str) -> tuple[Spotlight, ...]:
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    found = []
    for item in items:
        if not isinstance(item, dict) or len(item) != 1:
            raise _fail(where, 'spotlight: each is one {"node" | "edge" | "dock" | ...: name}')
        ((kind, target),) = item.items()
        if kind not in SPOTLIGHT_KINDS:
            raise _fail(
                where, f"spotlight: unknown kind {kind!r} (known: {', '.join(SPOTLIGHT_KINDS)})"
            )
        if not isinstance(target, str) or not target:
            raise _fail(where, f"spotlight: the {kind} must be named by a text")
        found.append(Spotlight(kind, target))
    return tuple(found)


def _task(raw: Any, where: str) -> Task:
    if not isinstance(raw, dict):
        raise _fail(where, "task: a JSON object ({...})")
    kind = raw.get("kind")
    if kind not in TASK_KINDS:
        raise _fail(where, f"task: unknown kind {kind!r} (known: {', '.join(TASK_KINDS)})")
    texts = _texts(raw.get("text"), where, 'task: "text"')
    target = raw.get("target", "")
    if kind != "loss_below" and (not isinstance(target, str) or not target):
        raise _fail(where, f'task: {kind} needs a "target" (a name)')
    value = tolerance = 0.0
    if kind in ("node_value", "loss_below"):
        value = _number(raw.get("value"), where, 'task: "value"')
    tolerance = _number(raw.get("tolerance", DEFAULT_TOLERANCE), where, 'task: "tolerance"')
    after = raw.get("after", "")
    if not isinstance(after, str):
        raise _fail(where, 'task: "after" must be a node id')
    if kind == "op_added":
        from ..ops import get_op

        if get_op(str(target)) is None:
            raise _fail(where, f"task: there is no op {target!r}")
    return Task(kind, str(target), after, value, abs(tolerance), texts)


def _question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise _fail(where, "question: a JSON object ({...})")
    kind = raw.get("kind", "number")
    prompt = _texts(raw.get("prompt"), where, 'question: "prompt"')
    hint = _texts(raw.get("hint"), where, 'question: "hint"')
    explanation = _texts(raw.get("explanation"), where, 'question: "explanation"')
    if kind == "number":
        answer = _number(raw.get("answer"), where, 'question: "answer"')
        tolerance = _number(raw.get("tolerance", DEFAULT_TOLERANCE), where, 'question: "tolerance"')
        return Question(kind, prompt, answer, abs(tolerance), (), hint, explanation)
    if kind == "choice":
        raw_choices = raw.get("choices")
        if not isinstance(raw_choices, list) or len(raw_choices) < 2:
            raise _fail(where, 'question: "choices" must list at least two answers')
        choices = tuple(_texts(c, where, "question: a choice") for c in raw_choices)
        answer = raw.get("answer")
        if not _is_int(answer) or not 0 <= answer < len(choices):
            raise _fail(
                where, f'question: "answer" must be the index of a choice (0 to {len(choices) - 1})'
            )
        return Question(kind, prompt, float(answer), 0.0, choices, hint, explanation)
    raise _fail(where, f'question: unknown kind {kind!r} (known: "number", "choice")')
