"""The lesson player driven like a student: Help ▸ Lessons, start a lesson, answer questions
(wrong, hint, right), do the tasks (or Show me), Next; every shipped step opens; a teacher's
bad lesson file is refused with a clear message; progress is remembered."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLineEdit, QListWidget, QPushButton
from training_helpers import close, wait_idle

from backprop_studio.core.lessons.catalog import shipped_lessons
from backprop_studio.ui import create_main_window
from backprop_studio.ui.lessons import player as player_mod


@pytest.fixture
def window(qtbot):
    w = create_main_window()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    training = getattr(w, "training", None)
    if training is not None:
        training.controller.stop()
        wait_idle(qtbot, w)
    close(w)


def open_lessons(window):
    window.findChild(QAction, "action_lessons").trigger()
    panel = window.findChild(QDockWidget, "lesson_panel_dock")
    assert panel is not None and panel.isVisible()
    return window.lesson_player


def start(qtbot, window, lesson_id: str):
    player = open_lessons(window)
    lst = window.findChild(QListWidget, "lesson_list")
    row = [lesson.id for lesson in player.lessons].index(lesson_id)
    lst.setCurrentRow(row)
    qtbot.mouseClick(window.findChild(QPushButton, "lesson_start"), Qt.MouseButton.LeftButton)
    return player


def button(window, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def answer(qtbot, window, text: str) -> str:
    edit = window.findChild(QLineEdit, "lesson_answer")
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.mouseClick(button(window, "lesson_check"), Qt.MouseButton.LeftButton)
    return window.lesson_player.panel.feedback.text()


def test_help_lessons_lists_every_lesson(window):
    player = open_lessons(window)
    lst = window.findChild(QListWidget, "lesson_list")
    assert lst.count() == len(shipped_lessons()) >= 10
    assert "The forward pass" in lst.item(0).text()
    assert lst.item(0).text() == "1. The forward pass: a guess"  # not started: no mark
    assert player.panel.pages.currentIndex() == 0


def test_a_question_refuses_a_wrong_answer_hints_then_accepts_the_right_one(qtbot, window):
    player = start(qtbot, window, "loss")
    assert window.document.graph.title == "The single weight"
    nxt = button(window, "lesson_next")
    assert not nxt.isEnabled()  # predict first
    feedback = answer(qtbot, window, "6")
    assert "Not quite" in feedback and "square it" in feedback
    assert not nxt.isEnabled()
    feedback = answer(qtbot, window, "abc")
    assert "Type a number" in feedback
    feedback = answer(qtbot, window, "36")
    assert "Right!" in feedback and "36" in feedback
    assert nxt.isEnabled()
    qtbot.mouseClick(nxt, Qt.MouseButton.LeftButton)
    assert player.index == 1
    assert "status bar" in player.panel.text.toPlainText()


def test_two_wrong_answers_reveal_the_worked_answer(qtbot, window):
    start(qtbot, window, "closed_form")
    answer(qtbot, window, "3")
    feedback = answer(qtbot, window, "5")
    assert "The answer" in feedback and "12 / 3 = 4" in feedback
    assert button(window, "lesson_next").isEnabled()


def test_a_choice_question(qtbot, window):
    player = start(qtbot, window, "minima")
    assert not window.findChild(QLineEdit, "lesson_answer").isVisible()
    wrong = window.findChild(QPushButton, "lesson_choice_1") or player.panel.choice_group.button(1)
    wrong.click()
    qtbot.mouseClick(button(window, "lesson_check"), Qt.MouseButton.LeftButton)
    assert "Not quite" in player.panel.feedback.text()
    player.panel.choice_group.button(0).click()
    qtbot.mouseClick(button(window, "lesson_check"), Qt.MouseButton.LeftButton)
    assert "Right!" in player.panel.feedback.text()


def test_waiting_for_an_action_advances_when_it_is_done(qtbot, window):
    player = start(qtbot, window, "forward")
    answer(qtbot, window, "6")
    qtbot.mouseClick(button(window, "lesson_next"), Qt.MouseButton.LeftButton)
    assert player.index == 1
    nxt = button(window, "lesson_next")
    assert not nxt.isEnabled()
    assert player.spotlights.frames  # the Forward button is framed
    window.findChild(QAction, "action_forward").trigger()  # the student presses Forward
    assert nxt.isEnabled()
    assert "Done" in player.panel.task.text()


def test_step_until_the_edge_b_to_d(qtbot, window):
    player = start(qtbot, window, "chain_rule")
    player.enter(4)  # "step until the edge b -> d"
    nxt = button(window, "lesson_next")
    assert player.spotlights.rings  # e3 ringed on the canvas
    ring = next(iter(player.spotlights.rings.values()))
    assert ring.scene() is window.scene and ring.isVisible()
    step = window.findChild(QAction, "action_step")
    for _ in range(30):
        if player.watcher.is_done:
            break
        assert not nxt.isEnabled() or player.question_settled is False
        step.trigger()
    walk = window.stepper.walk
    visited = [t.edge for t in walk.terms()[: walk.state.backward]]
    assert visited[-1] == "e3"  # it advanced exactly when b -> d was visited
    assert player.watcher.is_done
    answer(qtbot, window, "5") if player.step.question else None
    assert nxt.isEnabled()


def test_show_me_does_the_task(qtbot, window):
    player = start(qtbot, window, "chain_rule")
    player.enter(2)  # step until a -> c
    qtbot.mouseClick(button(window, "lesson_show_me"), Qt.MouseButton.LeftButton)
    assert player.watcher.is_done
    assert button(window, "lesson_next").isEnabled()
    player.enter(4)
    qtbot.mouseClick(button(window, "lesson_show_me"), Qt.MouseButton.LeftButton)
    walk = window.stepper.walk
    assert [t.edge for t in walk.terms()[: walk.state.backward]][-1] == "e3"


def test_show_me_sets_a_value_and_builds_a_neuron_undoably(qtbot, window):
    player = start(qtbot, window, "closed_form")
    player.enter(2)  # set w = 4
    qtbot.mouseClick(button(window, "lesson_show_me"), Qt.MouseButton.LeftButton)
    assert window.document.graph.node("w").value == 4
    assert player.watcher.is_done
    window.document.undo_stack.undo()
    assert window.document.graph.node("w").value == 2
    player = start(qtbot, window, "neuron")
    player.enter(1)
    assert not button(window, "lesson_next").isEnabled()
    qtbot.mouseClick(button(window, "lesson_show_me"), Qt.MouseButton.LeftButton)
    graph = window.document.graph
    tanh = [n for n in graph.nodes() if n.op == "tanh"]
    assert len(tanh) == 1 and [e.source for e in graph.in_edges(tanh[0].id)] == ["n"]
    assert button(window, "lesson_next").isEnabled()


def test_closed_form_solve_button_task(qtbot, window):
    player = start(qtbot, window, "closed_form")
    player.enter(1)
    assert not player.watcher.is_done
    solve = window.findChild(QPushButton, "closed_form_solve")
    qtbot.mouseClick(solve, Qt.MouseButton.LeftButton)
    assert player.watcher.is_done
    assert "w = 4" in window.findChild(type(player.panel.title), "closed_form_result").text()


def test_training_task_waits_for_the_loss(qtbot, window):
    player = start(qtbot, window, "gradient_descent")
    player.enter(2)
    assert not player.watcher.is_done
    qtbot.mouseClick(button(window, "lesson_show_me"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: player.watcher.is_done, timeout=10_000)
    assert window.document.result.loss < 0.001
    assert button(window, "lesson_next").text() == "Finish"
    qtbot.mouseClick(button(window, "lesson_next"), Qt.MouseButton.LeftButton)
    assert player.panel.pages.currentIndex() == 0  # back to the list, marked finished
    row = [lesson.id for lesson in player.lessons].index("gradient_descent")
    assert player.panel.lesson_list.item(row).text().endswith("✓")


def test_every_step_of_every_lesson_opens(qtbot, window):
    player = open_lessons(window)
    for lesson in player.lessons:
        player.start(lesson)
        for i, step in enumerate(lesson.steps):
            player.enter(i)
            assert player.index == i
            assert player.panel.text.toPlainText().strip()
            if step.graph is not None:
                assert window.document.graph.title == step.graph.title, (lesson.id, i)
                assert len(window.document.graph) == len(step.graph)
            for light in step.spotlights:
                if light.kind in ("node", "edge"):
                    assert f"{light.kind}:{light.target}" in player.spotlights.rings
                else:
                    assert player.spotlights.target_widget(light) is not None, (lesson.id, light)
            if step.task is not None and step.task.kind in ("action", "button"):
                assert player.watcher._connections, (lesson.id, i)  # the target exists
    player.leave()


def test_progress_is_remembered(qtbot, window):
    player = start(qtbot, window, "loss")
    answer(qtbot, window, "36")
    qtbot.mouseClick(button(window, "lesson_next"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window, "lesson_exit"), Qt.MouseButton.LeftButton)
    row = [lesson.id for lesson in player.lessons].index("loss")
    assert player.panel.lesson_list.item(row).text().endswith("(2/3)")
    player.panel.lesson_list.setCurrentRow(row)
    assert button(window, "lesson_start").text() == "Continue"
    qtbot.mouseClick(button(window, "lesson_start"), Qt.MouseButton.LeftButton)
    assert player.lesson.id == "loss" and player.index == 1


def test_unsaved_work_is_not_replaced_by_a_lesson_graph(qtbot, window, dialogs):
    window.document.create_node("input")
    assert window.document.is_modified()
    dialogs.answer = "cancel"
    start(qtbot, window, "forward")
    assert window.document.graph.title != "The single weight"
    assert dialogs.asked
    dialogs.answer = "discard"  # the window may close at teardown


def test_a_teacher_lesson_opens_and_a_bad_one_is_explained(qtbot, window, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(player_mod, "show_lesson_error", lambda _p, t, m: errors.append((t, m)))
    good = tmp_path / "mine.lesson"
    good.write_text(
        json.dumps(
            {
                "format": "backprop-studio-lesson",
                "version": 1,
                "title": {"en": "My lesson"},
                "steps": [
                    {"text": "Look at **b**.", "graph": "chain_rule", "spotlight": {"node": "b"}}
                ],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(player_mod, "get_lesson_path", lambda *_a: str(good))
    window.findChild(QAction, "action_open_lesson").trigger()
    player = window.lesson_player
    assert player.lesson.id == "mine" and not errors
    assert "Look at b." in player.panel.text.toPlainText()
    bad = tmp_path / "bad.lesson"
    text = good.read_text(encoding="utf-8").replace('"node": "b"', '"node": "zz"')
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(player_mod, "get_lesson_path", lambda *_a: str(bad))
    window.findChild(QAction, "action_open_lesson").trigger()
    assert errors
    title, message = errors[0]
    assert "bad.lesson: step 1: spotlight: the graph has no node 'zz'" in message
    assert player.lesson.id == "mine"  # nothing lost


def test_first_start_offers_the_lessons_once(qtbot, window):
    assert player_mod.offer_on_first_start(window)
    assert window.findChild(QDockWidget, "lesson_panel_dock").isVisible()
    assert not player_mod.offer_on_first_start(window)


def test_predict_before_the_numbers_are_shown_then_reveal(qtbot, window):
    player = start(qtbot, window, "chain_rule")
    player.enter(3)  # predict df/db
    walk = window.stepper.walk
    assert walk is not None and walk.state.forward == 0 and walk.state.backward == 0
    b = window.scene.node_item("b")
    assert b.grad.text != "5"  # the canvas shows the walk's start: df/db is not on screen
    answer(qtbot, window, "5")
    assert window.stepper.walk.backward_done  # revealed: every gradient on the canvas
    assert b.grad.text == "5"
