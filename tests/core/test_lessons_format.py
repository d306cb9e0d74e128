"""The lesson format: the shipped lessons load, questions judge answers, bad files are named."""

from __future__ import annotations

import json

import pytest

from backprop_studio.core.lessons import markup
from backprop_studio.core.lessons.catalog import example_table, load_file, shipped_lessons
from backprop_studio.core.lessons.format import (
    LessonError,
    load_lesson,
    loads_lesson,
    parse_number,
    pick,
)


def _doc(**step) -> dict:
    base = {"text": {"en": "Hello", "zh_CN": "你好"}}
    return {
        "format": "backprop-studio-lesson",
        "version": 1,
        "id": "t",
        "title": {"en": "T"},
        "steps": [{**base, **step}],
    }


def _load(doc: dict):
    return loads_lesson(json.dumps(doc), "teacher.lesson", example_table())


def test_ten_lessons_with_english_and_chinese_and_eight_questions():
    lessons = shipped_lessons()
    assert len(lessons) >= 10
    ids = [lesson.id for lesson in lessons]
    for wanted in ("forward", "loss", "closed_form", "gradient_descent", "chain_rule", "cost"):
        assert wanted in ids
    assert {"speed_ups", "minima", "neuron", "xor"} <= set(ids)
    questions = [s.question for lesson in lessons for s in lesson.steps if s.question]
    assert len(questions) >= 8
    for lesson in lessons:
        assert {"en", "zh_CN"} <= set(lesson.title)
        for step in lesson.steps:
            assert {"en", "zh_CN"} <= set(step.text), (lesson.id, step.text)
            texts = [step.text]
            if step.question:
                q = step.question
                texts += [q.prompt, q.hint, q.explanation, *q.choices]
            if step.task:
                texts.append(step.task.texts)
            for t in texts:
                assert t.get("en", "").strip() and t.get("zh_CN", "").strip(), (lesson.id, t)


def test_the_lessons_numbers_are_the_answers():
    by_id = {lesson.id: lesson for lesson in shipped_lessons()}
    answers = {
        lid: [s.question.answer for s in by_id[lid].steps if s.question]
        for lid in ("forward", "loss", "closed_form", "chain_rule", "cost")
    }
    assert answers["forward"] == [6]
    assert answers["loss"][0] == 36
    assert answers["closed_form"] == [4]
    assert answers["chain_rule"] == [6, 2, 5]
    assert answers["cost"] == [6, 14]


def test_answers_to_questions_are_checked_by_value():
    by_id = {lesson.id: lesson for lesson in shipped_lessons()}
    loss = next(s.question for s in by_id["loss"].steps if s.question)
    assert loss.check("36").correct
    assert loss.check(" 36.0 ").correct
    assert loss.check("３６").correct  # a full-width Chinese input method
    assert not loss.check("6").correct
    verdict = loss.check("thirty-six")
    assert not verdict.correct and not verdict.understood
    lr = next(s.question for s in by_id["speed_ups"].steps if s.question)
    assert lr.check("1/18").correct and lr.check("0.0556").correct
    assert not lr.check("0.1").correct
    choice = next(
        s.question for s in by_id["minima"].steps if s.question and s.question.kind == "choice"
    )
    assert choice.check(0).correct
    assert not choice.check(1).correct
    assert not choice.check(None).understood


def test_parse_number():
    assert parse_number("-2") == -2
    assert parse_number("0,5") == 0.5
    assert parse_number("−1.5") == -1.5
    assert parse_number("1/0") is None
    assert parse_number("nan") is None
    assert parse_number("") is None


def test_pick_falls_back_to_english():
    texts = {"en": "Hi", "zh_CN": "你好"}
    assert pick(texts, "zh_CN") == "你好"
    assert pick(texts, "zh_TW") == "你好"
    assert pick(texts, "fr") == "Hi"
    assert pick({"zh_CN": "只有中文"}, "en") == "只有中文"


def test_every_step_graph_is_a_fresh_valid_graph():
    for lesson in shipped_lessons():
        for i, step in enumerate(lesson.steps):
            if step.graph is not None:
                assert len(step.graph) > 0, (lesson.id, i)
            for light in step.spotlights:
                if light.kind == "node" and step.graph is not None:
                    assert step.graph.has_node(light.target)


def test_step_training_overrides_are_applied():
    lesson = _load(_doc(graph="single_weight", training={"learning_rate": 0.5}))
    assert lesson.steps[0].graph.training["learning_rate"] == 0.5
    assert lesson.steps[0].graph.training["iterations"] == 60  # the example's own


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"graph": "nope"}, "step 1: \"graph\": no example named 'nope'"),
        (
            {"spotlight": {"node": "zz"}, "graph": "chain_rule"},
            "step 1: spotlight: the graph has no node 'zz'",
        ),
        ({"spotlight": {"colour": "x"}}, "step 1: spotlight: unknown kind 'colour'"),
        ({"task": {"kind": "dance", "text": "x"}}, "step 1: task: unknown kind 'dance'"),
        ({"task": {"kind": "action", "text": "x"}}, 'step 1: task: action needs a "target"'),
        (
            {
                "question": {
                    "kind": "number",
                    "answer": "six",
                    "prompt": "p",
                    "hint": "h",
                    "explanation": "e",
                }
            },
            'step 1: question: "answer" must be a number',
        ),
        (
            {
                "question": {
                    "kind": "choice",
                    "answer": 5,
                    "choices": ["a", "b"],
                    "prompt": "p",
                    "hint": "h",
                    "explanation": "e",
                }
            },
            'step 1: question: "answer" must be the index of a choice (0 to 1)',
        ),
        ({"question": {"kind": "number", "answer": 1, "prompt": "p"}}, 'step 1: question: "hint"'),
        ({"html": "<b>x</b>"}, "step 1: unknown field 'html'"),
        ({"text": {"en": ""}}, "step 1: \"text\": the 'en' text is empty"),
        ({"graph": "single_weight", "training": {"momentum": 3}}, 'step 1: training "momentum"'),
        (
            {
                "graph": {
                    "format": "backprop-studio",
                    "version": 1,
                    "nodes": [{"id": "a", "op": "zz"}],
                    "edges": [],
                }
            },
            'step 1: "graph": inline graph',
        ),
    ],
)
def test_bad_lessons_name_the_file_and_the_step(step, message):
    with pytest.raises(LessonError) as info:
        _load(_doc(**step))
    text = str(info.value)
    assert text.startswith("teacher.lesson: "), text
    assert message in text, text
    assert "\n" not in text


def test_bad_files(tmp_path):
    bad = tmp_path / "broken.lesson"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(LessonError, match=r"^broken.lesson: broken JSON at line 1"):
        load_file(bad)
    with pytest.raises(LessonError, match="no such file"):
        load_lesson(tmp_path / "missing.lesson")
    graph = tmp_path / "graph.lesson"
    graph.write_text('{"format": "backprop-studio", "version": 1}', encoding="utf-8")
    with pytest.raises(LessonError, match="not a lesson file"):
        load_file(graph)
    nan = tmp_path / "nan.lesson"
    nan.write_text(json.dumps(_doc()).replace('"version": 1', '"version": NaN'), encoding="utf-8")
    with pytest.raises(LessonError, match="NaN is not a valid number"):
        load_file(nan)


def test_markup_escapes_html_and_renders_the_subset():
    out = markup.to_html("**bold** <img src=x onerror=y> $(12 - 6)^2 = 36$\n\n- a\n- b `c`")
    assert "<img" not in out and "&lt;img" in out
    assert "<b>bold</b>" in out
    assert "<sup>2</sup>" in out
    assert "<ul><li>a</li><li>b <code>c</code></li></ul>" in out
    assert markup.inline("$w <- w - lr * g$").count("←") == 1
    assert "b → d" in markup.inline("$b -> d$")
    assert "·" in markup.inline("$a * b$")
    assert markup.to_html("# Head\ntext") == "<h3>Head</h3><p>text</p>"
    assert "<ol><li>x</li></ol>" in markup.to_html("1. x")
