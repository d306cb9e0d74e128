"""Partial evaluation: the values (and gradients) of the part of a graph that can be computed.

A graph being drawn is incomplete most of the time: a node misses an input, an extra node
leads nowhere. :func:`evaluate_partial` still evaluates everything it can, so the editor gives
feedback at every step of building a graph:

- a node is *computable* when it has no problem of its own (``Graph.problems``: a missing
  input, no value, a missing data column, a batch of another length) and every node feeding
  it is computable; the others get a reason (their own problem, or the input they wait for);
- the loss is the graph's ``loss`` field, else its only sink, else the only computable sink
  that is not an input or a parameter (an unconnected extra node does not hide the loss);
  when the loss is computable, the computable sub-graph is run forward and backward: every
  computable node gets its value and gradient; those that do not lead to the loss (gradient 0)
  are named as extra;
- with no computable loss the computable nodes get their values (forward only).

A complete graph is simply evaluated (``compile_plan(graph).run()``). The command line stays
strict: it compiles the whole graph, which refuses an incomplete one naming the node.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.errors import Problem
from ..model.graph import Graph
from ..texts import fill, translate
from .plan import Plan, compile_plan
from .result import Result

__all__ = ["PartialEvaluation", "computable_nodes", "evaluate_partial", "extra_nodes"]

SOURCE_OPS = ("input", "parameter")


@dataclass
class PartialEvaluation:
    """What :func:`evaluate_partial` found.

    ``result``: the values of the computable nodes (and, when ``loss`` is not None, the
    gradients, 0 for the nodes that do not lead to the loss); None when nothing can be
    computed. ``reasons``: node id -> why it cannot be computed. ``problems``: everything that
    keeps the graph from being complete, each naming its node. ``extra``: computable nodes
    that do not lead to the loss -> a note saying so (a complete graph may have them too).
    ``plan``: the compiled (sub-)graph, for later passes."""

    result: Result | None
    loss_node: str | None
    loss: float | None
    reasons: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    plan: Plan | None = None

    def outlines(self) -> list[Problem]:
        """The problems and the extra nodes: everything the canvas outlines, with why."""
        return self.problems + [Problem(m, node=n) for n, m in self.extra.items()]

    @property
    def complete(self) -> bool:
        return not self.problems


def computable_nodes(graph: Graph, problems: list[Problem]) -> tuple[list[str], dict[str, str]]:
    """(computable node ids in topological order, {other node id: reason})."""
    own: dict[str, str] = {}
    for p in problems:
        if p.node is not None and graph.has_node(p.node):
            own.setdefault(p.node, p.message)
    order = graph.topological_order()
    reasons: dict[str, str] = {}
    computable: list[str] = []
    ok: set[str] = set()
    for nid in order:
        if nid in own:
            reasons[nid] = own[nid]
            continue
        waiting = next((e.source for e in graph.in_edges(nid) if e.source not in ok), None)
        if waiting is not None:
            name = graph.node(waiting).display_name
            reasons[nid] = fill(
                translate("Partial", "node %1 waits for %2, which cannot be computed yet"),
                repr(nid),
                repr(name),
            )
            continue
        ok.add(nid)
        computable.append(nid)
    return computable, reasons


def _choose_loss(graph: Graph, ok: set[str]) -> str | None:
    if graph.loss is not None:
        return graph.loss if graph.loss in ok else None
    sinks = graph.sinks()
    if len(sinks) == 1:
        return sinks[0].id if sinks[0].id in ok else None
    candidates = [s for s in sinks if s.id in ok and s.op not in SOURCE_OPS]
    if len(candidates) > 1:  # several results: a loss op among them names itself
        losses = [s for s in candidates if s.spec.category == "loss"]
        candidates = losses if len(losses) == 1 else candidates
    return candidates[0].id if len(candidates) == 1 else None


def _subgraph(graph: Graph, keep: list[str], loss: str) -> Graph:
    """The nodes ``keep`` (and the edges between them) as a graph of their own, loss set."""
    sub = Graph(title=graph.title)
    sub.set_meta(data=graph.data)
    kept = set(keep)
    for node in graph.nodes():  # document order: the same tie-breaks as the whole graph
        if node.id in kept:
            sub.add_node(node)
    for edge in graph.edges():
        if edge.source in kept and edge.target in kept:
            sub.add_edge(edge)
    sub.set_meta(loss=loss)
    return sub


def extra_nodes(graph: Graph, loss: str, among: list[str]) -> dict[str, str]:
    """{node id: message} for the nodes of ``among`` that do not lead to the loss."""
    upstream = graph.ancestors(loss) | {loss}
    name = graph.node(loss).display_name
    return {
        nid: fill(
            translate("Partial", "node %1 does not lead to the loss %2 (its gradient is 0)"),
            repr(nid),
            repr(name),
        )
        for nid in among
        if nid not in upstream
    }


def evaluate_partial(graph: Graph) -> PartialEvaluation:
    """Evaluate what can be evaluated; see the module docstring. Raises only on numeric
    trouble (ArithmeticError, ValueError), like a pass of the whole graph."""
    problems = graph.problems()
    if not problems:
        plan = compile_plan(graph)
        result = plan.run()
        extra = extra_nodes(graph, result.loss_node, [n.id for n in graph.nodes()])
        return PartialEvaluation(result, result.loss_node, result.loss, extra=extra, plan=plan)
    if not len(graph):
        return PartialEvaluation(None, None, None, problems=problems)
    computable, reasons = computable_nodes(graph, problems)
    ok = set(computable)
    loss = _choose_loss(graph, ok)
    problems = problems + [
        Problem(reason, node=nid)
        for nid, reason in reasons.items()
        if not any(p.node == nid for p in problems)
    ]
    if not computable:
        return PartialEvaluation(None, None, None, reasons, problems)
    if loss is None:
        # values only: any sink of the computable part serves as the plan's objective
        sinks = [n for n in computable if not any(e.target in ok for e in graph.out_edges(n))]
        plan = compile_plan(_subgraph(graph, computable, sinks[-1]))
        result = plan.run(backward=False)
        return PartialEvaluation(result, None, None, reasons, problems, plan=plan)
    sub = _subgraph(graph, computable, loss)
    plan = compile_plan(sub)
    result = plan.run()
    extra = extra_nodes(sub, loss, computable)
    return PartialEvaluation(result, loss, result.loss, reasons, problems, extra, plan)
