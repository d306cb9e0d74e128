"""Help menu dialogs: the lesson (what back-propagation is, and where to see each step of it
in the app) and About."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import APP_NAME, __version__

LESSON_MARKDOWN = QT_TRANSLATE_NOOP(
    "HelpDialogs",
    """
# Back-propagation, step by step

Each section below is one idea of the lesson, and what to do in Backprop Studio to see it.

## 1. Forward pass: the network makes a guess
A network is a graph. A node is an operation; an edge carries a value from one node to the
next and multiplies it by the edge's **weight** on the way. Evaluating the graph from its
inputs to its output is the *forward pass*; its result is the prediction.

*In the app:* every node shows its value as soon as the graph can be evaluated. Open
**File ▸ Examples ▸ The single weight**: the prediction is `w · x = 2 · 3 = 6`.

## 2. Loss: how good was the guess
The loss compares the prediction with the truth. The mean squared error squares the
difference (so negative and positive errors count alike) and averages over the samples.
With `x = 3`, truth `y = 12` and `w = 2`: `(12 − 6)² = 36`.

*In the app:* the loss is the value of the loss node, shown in the status bar (`L = 36`).
Choose which node is the loss in the inspector ("use as the loss").

## 3. Training: lower the loss by changing the weights
The loss is a curve over the weights. **Method 1** (closed form): solve `dL/dw = 0`; for
`L = (y − w x)²` that gives `w = y / x = 4`. Most losses have no closed form, so
**Method 2**, gradient descent, steps against the gradient again and again:
`w ← w − learning rate · dL/dw`.

*In the app:* the training panel runs gradient descent and plots the loss as it falls.

## 4. The chain rule on a graph
Each node only knows its neighbours, so the derivative of the loss with respect to an early
weight is assembled from local derivatives along the edges. With `c = a + b`, `d = b + 1`,
`f = c · d`, `a = 2`, `b = 1`:

* one path leaves `a`: `df/da = df/dc · dc/da = d · 1 = 2`;
* two paths leave `b`, and their contributions are **summed**:
  `df/db = df/dc · dc/db + df/dd · dd/db = 2 · 1 + 3 · 1 = 5`.

*In the app:* this is the graph you see when the app starts. Step through the backward pass
one edge at a time (Run menu) and watch each product, and the sum where paths meet.

## 5. The cost of back-propagation
Every edge is visited once to get every gradient: the cost grows linearly with the number of
edges.

## 6. Reaching the minimum faster
* **Learning rate**: too small is slow, too large jumps over the minimum.
* **Momentum**: accumulate past gradients; directions that keep flipping cancel out.
* **Batch size**: the whole data set (batch), one random sample (stochastic), or small random
  subsets (mini-batch): cheaper steps, noisier ones.

## 7. Local and global minima
A loss with several minima can trap gradient descent in a local one. **Random restarts**
start again from other random weights and keep the best result.

---
*Editing:* drag ops from the palette (or press **Tab** on the canvas and type), drag from an
output port to an input port to connect, double-click an edge to set its weight, and edit
anything else in the inspector. Every edit can be undone (**Ctrl+Z**).
""",
)


def show_lesson(parent: QWidget) -> QDialog:
    """A non-modal window with the lesson; returns it (already shown)."""
    dialog = QDialog(parent)
    dialog.setObjectName("lesson_dialog")
    dialog.setWindowTitle(
        QCoreApplication.translate("HelpDialogs", "The lesson — %1").replace("%1", APP_NAME)
    )
    browser = QTextBrowser(dialog)
    browser.setObjectName("lesson_text")
    browser.setOpenExternalLinks(True)
    browser.setMarkdown(QCoreApplication.translate("HelpDialogs", LESSON_MARKDOWN))
    browser.document().setDocumentMargin(14)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(QSize(640, 720))
    dialog.show()
    return dialog


def about_text() -> str:
    body = QCoreApplication.translate(
        "HelpDialogs",
        "<p>Draw a computation graph and watch back-propagation happen on it: forward values, "
        "the backward pass one chain-rule term per edge, and training with gradient descent "
        "and live loss plots.</p>"
        "<p>For students and teachers. MIT licence.</p>",
    )
    return f"<h3>{APP_NAME} {__version__}</h3>{body}"


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("HelpDialogs", "About %1").replace("%1", APP_NAME),
        about_text(),
    )
