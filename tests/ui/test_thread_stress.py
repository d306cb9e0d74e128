"""Threads under stress: the UI thread edits, undoes, replaces data and trains while landscape
jobs (with the closed-form solver inside) and the training thread run. Workers only read
immutable snapshots, so nothing crashes and the final state is exactly what the edits say."""

from __future__ import annotations

import itertools
import random
import time

import numpy as np
import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from training_helpers import action, set_panel, wait_idle, windows_opened

from backprop_studio.core.engine.plan import compile_plan
from backprop_studio.core.model.fileio import (
    dumps_graph,
    graph_from_dict,
    graph_to_dict,
    loads_graph,
)
from backprop_studio.core.model.graph import Graph
from backprop_studio.ui.training.landscape_compute import JobSignals, LandscapeJob

STRESS_S = 4.0
MIN_STEPS = 36


@pytest.fixture
def window(qtbot):
    yield from windows_opened(qtbot, "landscape_plot_dock")


def _loss(graph: Graph) -> float:
    return float(compile_plan(graph).run(backward=False).loss)


def test_a_landscape_job_never_reads_the_live_graph(qtbot):
    from backprop_studio.resources_path import example_path

    graph = loads_graph(example_path("single_weight").read_text(encoding="utf-8"))
    results = []
    signals = JobSignals()
    signals.done.connect(lambda _n, data, error: results.append((data, error)))
    job = LandscapeJob(signals, 1, graph, ("w",), {})
    job.setAutoDelete(False)
    before = graph.node("w").value
    graph.set_values({"w": before + 10.0}, {})  # the UI thread edits after the job was made
    graph.set_meta(data={k: [0.0] * len(v) for k, v in graph.data.items()})
    job.run()
    QApplication.processEvents()
    data, error = results[0]
    assert error == "" and data.current == (before,)  # what the graph was when asked


def test_editing_and_training_while_workers_run(qtbot, window):
    w = window("linear_regression")
    doc = w.document
    original = doc.dumps()
    controller = w.training.controller
    signals = JobSignals()  # extra landscape jobs, started by hand on the live graph
    reports: list[str] = []
    signals.done.connect(lambda _n, _data, error: reports.append(error))
    pool = QThreadPool.globalInstance()
    rng = random.Random(1)
    jobs = trainings = edits = 0
    started: list[LandscapeJob] = []
    set_panel(w, iterations=200_000)
    deadline = time.monotonic() + STRESS_S
    for i in itertools.count():  # every kind of step, in turn, for a few seconds
        if i >= MIN_STEPS and time.monotonic() > deadline:
            break
        step = i % 6
        if step == 0:  # a landscape over one weight: its closed form runs in the worker too
            ids = rng.choice([("w",), ("b",), ("w", "b")])
            job = LandscapeJob(signals, jobs, doc.graph, ids, {})
            started.append(job)  # kept until they reported, as the landscape panel does
            pool.start(job)
            jobs += 1
        elif step == 1 and not controller.busy:
            action(w, "train").trigger()
            trainings += 1
        elif step == 2:  # a number changes: a running training is discarded
            doc.set_node_fields("w", value=rng.uniform(-3, 3))
            edits += 1
        elif step == 3:  # the data columns are replaced while workers read their copies
            data = {
                k: [v + rng.uniform(-0.1, 0.1) for v in col] for k, col in doc.graph.data.items()
            }
            doc.set_meta(text="Edit data", data=data)
            edits += 1
        elif step == 4 and doc.undo_stack.canUndo():
            doc.undo_stack.undo()
        elif step == 5 and controller.busy:
            action(w, "stop_training").trigger()  # its values become one edit
        qtbot.wait(rng.randrange(1, 30))
    if controller.busy:
        action(w, "stop_training").trigger()
    wait_idle(qtbot, w)
    assert pool.waitForDone(30_000)
    qtbot.wait(50)
    assert jobs >= 6 and trainings >= 2 and edits >= 12, (jobs, trainings, edits)
    assert all(r in ("", "cancelled") for r in reports), reports
    # the final state is consistent: the document's graph, its saved text and its evaluation
    graph = doc.graph
    again = graph_from_dict(graph_to_dict(graph))
    assert dumps_graph(loads_graph(doc.dumps())) == doc.dumps()
    assert graph.problems() == [] and again.problems() == []
    doc.evaluate_now()
    assert doc.result is not None
    assert np.isclose(float(doc.result.loss), _loss(again))
    # every edit (trainings included) undoes back to the file as opened
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.dumps() == original
