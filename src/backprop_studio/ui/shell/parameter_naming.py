"""New parameters get the names people use: the canvas's connect requests go through here,
and a parameter without a name of its own that gets its first edge into a product becomes
w1, w2, ... (into a sum: b), in the same undo step as the edge
(:func:`core.model.naming.suggest_parameter_label`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.model.naming import suggest_parameter_label

if TYPE_CHECKING:
    from .main_window import MainWindow


def connect_and_name(document, source: str, target: str, port: str = "") -> str | None:
    """Connect source -> target.port; name the source parameter if the target suggests it."""
    graph = document.graph
    label = None
    if graph.connect_error(source, target, port or None) is None:
        label = suggest_parameter_label(graph, source, target)
    if label is None:
        return document.connect(source, target, port)
    stack = document.undo_stack
    stack.beginMacro(f"Connect (name {label})")
    try:
        eid = document.connect(source, target, port)
        if eid is not None:
            document.set_node_fields(source, label=label)
    finally:
        stack.endMacro()
    return eid


def install_parameter_naming(window: MainWindow) -> None:
    scene, document = window.scene, window.document
    try:
        scene.connect_requested.disconnect(document.connect)
    except (RuntimeError, TypeError):  # not connected that way: leave the canvas as it is
        return
    scene.connect_requested.connect(
        lambda source, target, port: connect_and_name(document, source, target, port)
    )
