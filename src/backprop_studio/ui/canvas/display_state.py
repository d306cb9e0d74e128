"""What the canvas shows on top of the graph: evaluation, problems, the stepper, training.

Four sources of display data, by precedence:

1. a :class:`PassOverlay` (the stepper): node value/gradient texts come from the overlay,
   final and partial gradients in two styles, the current nodes and edges marked;
2. a value preview (training): parameter values and edge weights changing live;
3. an evaluation :class:`Result`: every node's value and gradient, every weight's gradient;
4. nothing: inputs and parameters show their own value, other nodes a dash.

Problems (from ``Graph.problems()`` or a failed compile) outline their node or edge in red with
the reason as tooltip. :class:`DisplayState` keeps these and pushes readings into the items;
it never touches the Graph's data (it only reads it).

Updates touch only the items whose display may have changed: a stepper step refreshes the
nodes and edges that differ between the old and the new overlay, a graph event the items it
names (plus the old and new loss node, whichever moved). Only a new evaluation, or entering
or leaving the stepper, refreshes every item.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...core.engine.plan import Result
from ...core.model.errors import Problem
from ...core.walk.overlay import PassOverlay, changed_keys
from . import texts
from .edge_item import CURRENT, FORWARD_IN, VISITED
from .node_item import MARK_FORWARD, MARK_RECEIVING, MARK_UPSTREAM
from .texts import Reading

if TYPE_CHECKING:
    from .scene import GraphScene


class DisplayState:
    """Evaluation, problems, overlay and preview for one scene."""

    def __init__(self, scene: GraphScene) -> None:
        self.scene = scene
        self.result: Result | None = None
        self.node_problems: dict[str, str] = {}
        self.edge_problems: dict[str, str] = {}
        self.overlay: PassOverlay | None = None
        self.preview_nodes: dict[str, float] = {}
        self.preview_edges: dict[str, float] = {}
        self.loss_shown: str | None = None  # the node drawn as the loss
        self.edge_grads_shown = False  # View > Edge Gradients

    # ------------------------------------------------------------------ setters
    def set_evaluation(self, result: Result | None, problems: Iterable[Problem]) -> None:
        self.result = result
        node_problems: dict[str, list[str]] = {}
        edge_problems: dict[str, list[str]] = {}
        for p in problems or ():
            if p.edge is not None:
                edge_problems.setdefault(p.edge, []).append(p.message)
            elif p.node is not None:
                node_problems.setdefault(p.node, []).append(p.message)
        self.node_problems = {k: "\n".join(v) for k, v in node_problems.items()}
        self.edge_problems = {k: "\n".join(v) for k, v in edge_problems.items()}
        self.refresh_all()

    def set_overlay(self, overlay: PassOverlay | None) -> None:
        old = self.overlay
        self.overlay = overlay
        if old is None or overlay is None:  # into or out of the stepper: every reading changes
            self.refresh_all()
            return
        self.refresh_nodes(_changed_nodes(old, overlay))
        self.refresh_edges(self._changed_edges(old, overlay))

    def _changed_edges(self, old: PassOverlay, new: PassOverlay) -> set[str]:
        """Edges whose overlay state may differ between two overlays."""
        changed = set(old.visited_edges ^ new.visited_edges)
        changed.update(e for e in (old.current_edge, new.current_edge) if e is not None)
        for overlay in (old, new):  # the edges into the node just computed
            if overlay.direction == "forward" and overlay.current_node is not None:
                item = self.scene.existing_node_item(overlay.current_node)
                if item is not None:
                    changed.update(e.edge_id for e in item.edges if e.target is item)
        return changed

    def set_preview(self, node_values: dict[str, float], edge_weights: dict[str, float]) -> None:
        changed_nodes = set(self.preview_nodes) | set(node_values)
        changed_edges = set(self.preview_edges) | set(edge_weights)
        self.preview_nodes = dict(node_values)
        self.preview_edges = dict(edge_weights)
        self.refresh_nodes(changed_nodes)
        for eid in changed_edges:
            item = self.scene.existing_edge_item(eid)
            if item is not None:
                item.set_preview_weight(self.preview_edges.get(eid))

    def clear_preview(self) -> None:
        self.set_preview({}, {})

    def set_edge_grads_shown(self, shown: bool) -> None:
        """Write every edge's weight gradient on the canvas (or stop)."""
        self.edge_grads_shown = bool(shown)
        self.refresh_edges(None)

    def forget(self, item_id: str) -> None:
        """An item was removed from the graph."""
        self.preview_nodes.pop(item_id, None)
        self.preview_edges.pop(item_id, None)

    # ------------------------------------------------------------------ pushing to items
    def refresh_all(self) -> None:
        self.refresh_nodes(None)
        self.refresh_edges(None)

    def refresh_nodes(self, ids: Iterable[str] | None) -> None:
        """Push readings into these nodes (None: every node). When the loss node changed
        since the last refresh, the old and the new one are refreshed too."""
        scene = self.scene
        graph = scene.graph
        if graph is None:
            return
        overlay = self.overlay
        loss = graph.loss_node()
        if ids is None:
            items = scene.node_items()
        else:
            if loss != self.loss_shown:
                ids = [*ids, *(n for n in (self.loss_shown, loss) if n is not None)]
            items = filter(None, map(scene.existing_node_item, dict.fromkeys(ids)))
        self.loss_shown = loss
        loss_name = graph.node(loss).display_name if loss and graph.has_node(loss) else ""
        for item in items:
            nid = item.node_id
            if not graph.has_node(nid):
                continue
            value, grad = self.readings(nid)
            item.set_readings(value, grad)
            item.set_error(self.node_problems.get(nid))
            item.set_loss(nid == loss)
            item.set_loss_name(loss_name)
            item.set_sum_rule(overlay.sum_rules.get(nid, "") if overlay is not None else "")
            marks: set[str] = set()
            if overlay is not None:
                if overlay.direction == "forward" and overlay.current_node == nid:
                    marks.add(MARK_FORWARD)
                if overlay.upstream_node == nid:
                    marks.add(MARK_UPSTREAM)
                if overlay.receiving_node == nid:
                    marks.add(MARK_RECEIVING)
            item.set_marks(frozenset(marks))

    def refresh_edges(self, ids: Iterable[str] | None) -> None:
        scene = self.scene
        items = (
            scene.edge_items() if ids is None else filter(None, map(scene.existing_edge_item, ids))
        )
        overlay = self.overlay
        forward_node = (
            overlay.current_node if overlay is not None and overlay.direction == "forward" else None
        )
        edge_grads = self.result.edge_grads if self.result is not None else {}
        graph = scene.graph
        loss = graph.loss_node() if graph is not None else None
        loss_name = graph.node(loss).display_name if loss and graph.has_node(loss) else "L"
        for item in items:
            eid = item.edge_id
            state = None
            if overlay is not None:
                if overlay.current_edge == eid:
                    state = CURRENT
                elif eid in overlay.visited_edges:
                    state = VISITED
                elif forward_node is not None and item.target.node_id == forward_node:
                    state = FORWARD_IN
            item.set_state(state)
            item.set_error(self.edge_problems.get(eid))
            item.set_preview_weight(self.preview_edges.get(eid))
            item.set_grad(edge_grads.get(eid))
            item.set_grad_shown(self.edge_grads_shown, loss_name)
        scene.update_overlay_label()

    def readings(self, nid: str) -> tuple[Reading, Reading]:
        """The value and gradient rows of one node, by the precedence in the module doc."""
        graph = self.scene.graph
        assert graph is not None
        node = graph.node(nid)
        overlay = self.overlay
        if overlay is not None:
            value = (
                texts.text_reading("value", overlay.values[nid], texts.NORMAL)
                if nid in overlay.values
                else texts.EMPTY_VALUE
            )
            if nid in overlay.grads:
                style = texts.PARTIAL if nid in overlay.partial_grads else texts.FINAL
                tag = "partial" if style == texts.PARTIAL else "grad"
                grad = texts.text_reading(tag, overlay.grads[nid], style)
            else:
                grad = texts.EMPTY_GRAD
            return value, grad
        if nid in self.preview_nodes:
            value = texts.value_reading(self.preview_nodes[nid], texts.PREVIEW)
            return value, texts.EMPTY_GRAD
        result = self.result
        if result is not None and nid in result.values:
            value = texts.value_reading(result.values[nid])
            grad = (
                texts.grad_reading(result.grads[nid]) if nid in result.grads else texts.EMPTY_GRAD
            )
            return value, grad
        if node.spec.has_value:
            return texts.source_reading(node, graph), texts.EMPTY_GRAD
        return texts.EMPTY_VALUE, texts.EMPTY_GRAD


def _overlay_nodes(overlay: PassOverlay | None) -> set[str]:
    if overlay is None:
        return set()
    return {
        n
        for n in (overlay.current_node, overlay.upstream_node, overlay.receiving_node)
        if n is not None
    }


def _changed_nodes(old: PassOverlay, new: PassOverlay) -> set[str]:
    """Nodes whose readings or marks may differ between two overlays (texts compared as
    dictionary items: a step changes a few of them, the comparison costs microseconds)."""
    changed = _overlay_nodes(old) | _overlay_nodes(new)
    changed.update(k for k, _ in old.values.items() ^ new.values.items())
    changed.update(changed_keys(old.grads, new.grads))
    changed.update(old.partial_grads ^ new.partial_grads)
    changed.update(changed_keys(old.sum_rules, new.sum_rules))
    return changed
