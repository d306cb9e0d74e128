"""Training speed inside the app: iterations per second with the live plots, against the core.

For each graph, the same settings are timed twice:

- **core**: the Trainer alone in this process, no Qt (the loop of bench_training.py);
- **app**: the real main window (1280x800, shown on the platform Qt picks, ``offscreen`` in
  CI) training through the TrainingController: the worker thread steps the Trainer while the
  UI thread draws the live loss plot (~30 updates/s), the canvas value preview (~15/s), the
  progress and the landscape path, from Train to Stop.

The big graphs train 3 times longer, so that the canvas's one-time costs (its first redraw
after a change takes seconds at 1,000 nodes; the live canvas preview is then switched off)
weigh less. Rates are given per CPU second (process time; for the app, the process's CPU time minus the
UI thread's, i.e. the training thread's), which a shared machine disturbs far less than the
wall clock, and by the wall clock (what a person waits). The UI thread's CPU share shows what
the live plots cost.

Graphs: the XOR network (13 nodes, 9 trainables, 4 samples, sgd + momentum 0.9, full batch)
and the random layered 1,000-node graph of benchmarks/graphs.py, with scalar inputs and with a
batch of 64. A last table times the loss plot itself: one live update (3,000 new points and
a repaint) when the curve already holds 10,000 / 100,000 / 1,000,000 points.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_training_ui.py`` (prints Markdown).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graphs import layered_graph  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDockWidget  # noqa: E402

from backprop_studio.core.model.fileio import load_graph  # noqa: E402
from backprop_studio.core.model.graph import Graph  # noqa: E402
from backprop_studio.core.training.trainer import Trainer, TrainingSettings  # noqa: E402
from backprop_studio.resources_path import example_path  # noqa: E402


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def app_rate(graph: Graph, settings: TrainingSettings, seconds: float) -> dict[str, float]:
    """Training in the main window for about ``seconds``: iterations per wall-clock second,
    per CPU second of the training thread (process CPU minus the UI thread's), the UI
    thread's CPU share, and live updates per second."""
    from backprop_studio.ui import create_main_window

    window = create_main_window()
    window.resize(1280, 800)
    window.show()
    window.document.replace_graph(graph)
    landscape = window.findChild(QDockWidget, "landscape_plot_dock")
    landscape.raise_()
    spin(1000)  # canvas built, first evaluation and landscape done
    studio = window.training
    studio.panel.set_settings(settings.with_changes(iterations=10**8))
    updates = []
    studio.controller.session_updated.connect(lambda _u: updates.append(1))
    done = QEventLoop()
    studio.controller.session_finished.connect(done.quit)
    start, cpu, ui_cpu = time.perf_counter(), time.process_time(), time.thread_time()
    studio.train()
    spin(int(seconds * 1000))
    studio.controller.stop()
    studio.controller.wait()
    elapsed = time.perf_counter() - start
    ui = time.thread_time() - ui_cpu
    worker = time.process_time() - cpu - ui
    done.exec()
    session = studio.controller.last_session
    iterations = session.result.best.updates if session and session.result else 0
    window.document.set_modified(False)
    window.close()
    window.deleteLater()
    spin(50)
    return {
        "wall": iterations / elapsed,
        "cpu": iterations / max(worker, 1e-9),
        "ui_share": ui / elapsed,
        "updates": len(updates) / elapsed,
    }


def core_rate(graph: Graph, settings: TrainingSettings, seconds: float) -> tuple[float, float]:
    """The Trainer alone: (iterations per wall-clock second, per CPU second)."""
    trainer = Trainer(graph, settings.with_changes(iterations=10**8))
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        trainer.run_iterations(20)
    n = trainer.runs[0].updates
    return n / (time.perf_counter() - start), n / (time.process_time() - cpu)


def plot_update_ms(points: int, repeats: int = 20) -> float:
    """Milliseconds for one live update (3,000 new points + repaint) at ``points`` points."""
    from backprop_studio.core.training.trainer import TrainingProgress
    from backprop_studio.ui.training.controller import TrainingSession, TrainingUpdate
    from backprop_studio.ui.training.loss_plot import LossPlot

    plot = LossPlot()
    plot.resize(640, 280)
    plot.show()
    settings = TrainingSettings(iterations=10**8)
    session = TrainingSession(1, settings, [("node", "w")], np.zeros(1), trainer=None)  # type: ignore[arg-type]
    plot.begin_session(session)
    rng = np.random.default_rng(0)
    losses = np.exp(-np.arange(points) / (points / 5)) + 0.05 * rng.random(points)

    def update(start: int, values: np.ndarray) -> None:
        progress = TrainingProgress(0, 1, start + len(values), 10**8, 0.1, start, 10**8)
        plot.add_update(
            TrainingUpdate(session, [(0, start, values)], progress, {}, {}, np.zeros(1))
        )

    update(0, losses)
    plot.fit()
    plot.plot.repaint()
    times = []
    n = points
    for _ in range(repeats):
        chunk = 0.05 + 0.05 * rng.random(3000)
        t0 = time.perf_counter()
        update(n, chunk)
        plot.plot.repaint()  # synchronous paint of the plot, as the event loop would
        QApplication.processEvents()
        times.append(time.perf_counter() - t0)
        n += 3000
    plot.close()
    return float(np.median(times) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per app measurement")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    _ = app
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"Qt platform {QApplication.platformName()}, load average {load:.1f}"
    )
    print()
    xor = load_graph(example_path("xor_network"))
    slow = TrainingSettings(learning_rate=1e-3)
    cases = [
        (
            "XOR network, sgd + momentum 0.9, full batch",
            lambda: load_graph(example_path("xor_network")),
            TrainingSettings.from_graph(xor),
            1,
        ),
        ("1,000-node layered graph, scalar, sgd", lambda: layered_graph(1000, seed=0), slow, 3),
        (
            "1,000-node layered graph, batch 64, sgd full batch",
            lambda: layered_graph(1000, batch=64, seed=0),
            slow,
            3,
        ),
    ]  # fmt: skip
    print(
        "| case | core it/s per CPU s (no UI) | app it/s per CPU s of the training thread "
        "| app / core | app it/s, wall clock | UI thread CPU | live updates/s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, make, settings, longer in cases:
        core = max(
            (core_rate(make(), settings, args.seconds / 2) for _ in range(2)), key=lambda r: r[1]
        )
        app = max(
            (app_rate(make(), settings, args.seconds * longer) for _ in range(2)),
            key=lambda r: r["cpu"],
        )
        print(
            f"| {name} | {core[1]:,.0f} | {app['cpu']:,.0f} | {app['cpu'] / core[1]:.0%} "
            f"| {app['wall']:,.0f} | {app['ui_share']:.0%} | {app['updates']:.0f} |"
        )
        sys.stdout.flush()
    print()
    print("| loss curve already holding | one live update (3,000 new points + repaint) |")
    print("| ---: | ---: |")
    for points in (10_000, 100_000, 1_000_000):
        print(f"| {points:,} points | {plot_update_ms(points):.1f} ms |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
