"""The Graph's cached bookkeeping (sinks, document order, a node's own edges) always agrees
with a recomputation from scratch, whatever sequence of edits and undos led there."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_studio.core.model.graph import Edge, Graph, Node


def brute_sinks(g: Graph) -> list[str]:
    sources = {e.source for e in g.edges()}
    return [n.id for n in g.nodes() if n.id not in sources]


def brute_loss(g: Graph) -> str | None:
    if g.loss is not None:
        return g.loss
    sinks = brute_sinks(g)
    return sinks[0] if len(sinks) == 1 else None


def check(g: Graph) -> None:
    assert [n.id for n in g.sinks()] == brute_sinks(g)
    assert g.loss_node() == brute_loss(g)
    seq = {n.id: g.order_of(n.id) for n in g.nodes()}
    assert list(seq.values()) == sorted(seq.values())
    edge_seq = [g.order_of(e.id) for e in g.edges()]
    assert edge_seq == sorted(edge_seq)
    assert g.edge_count() == len(g.edges())


# one edit: ("node", op) | ("edge", i, j) | ("remove_node", i) | ("remove_edge", i) | ("loss", i)
edits = st.lists(
    st.one_of(
        st.tuples(st.just("node"), st.sampled_from(["add", "parameter", "neg"])),
        st.tuples(st.just("edge"), st.integers(0, 30), st.integers(0, 30)),
        st.tuples(st.just("remove_node"), st.integers(0, 30)),
        st.tuples(st.just("remove_edge"), st.integers(0, 60)),
        st.tuples(st.just("loss"), st.integers(-1, 30)),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(edits)
def test_bookkeeping_matches_a_recomputation(script):
    g = Graph()
    undo: list = []  # how to reverse each edit, newest last
    counter = 0
    for step in script:
        nodes, edges = g.nodes(), g.edges()
        if step[0] == "node":
            counter += 1
            value = 1.0 if step[1] == "parameter" else None
            g.add_node(Node(f"n{counter}", step[1], value=value))
            undo.append(("added_node", f"n{counter}"))
        elif step[0] == "edge" and nodes:
            source, target = nodes[step[1] % len(nodes)], nodes[step[2] % len(nodes)]
            port = {"add": "in", "neg": "x"}.get(target.op)
            if port and g.connect_error(source.id, target.id, port) is None:
                counter += 1
                g.add_edge(Edge(f"e{counter}", source.id, target.id, port))
                undo.append(("added_edge", f"e{counter}"))
        elif step[0] == "remove_node" and nodes:
            nid = nodes[step[1] % len(nodes)].id
            order = g.order_of(nid)
            touching = [(e, g.order_of(e.id)) for e in g.in_edges(nid) + g.out_edges(nid)]
            loss = g.loss
            node, removed = g.remove_node(nid)
            assert {e.id for e in removed} == {e.id for e, _ in touching}
            undo.append(("removed_node", (node, order, touching, loss)))
        elif step[0] == "remove_edge" and edges:
            edge = edges[step[1] % len(edges)]
            undo.append(("removed_edge", (edge, g.order_of(edge.id))))
            g.remove_edge(edge.id)
        elif step[0] == "loss" and nodes:
            undo.append(("loss", g.loss))
            g.set_meta(loss=None if step[1] < 0 else nodes[step[1] % len(nodes)].id)
        check(g)
    # undo every edit, newest first (as the undo stack does), checking after each
    for kind, payload in reversed(undo):
        if kind == "added_node":
            g.remove_node(payload)
        elif kind == "added_edge":
            g.remove_edge(payload)
        elif kind == "removed_node":
            node, order, touching, loss = payload
            g.add_node(node, order=order)
            for edge, edge_order in sorted(touching, key=lambda p: p[1]):
                g.add_edge(edge, order=edge_order)
            if loss is not None:
                g.set_meta(loss=loss)
        elif kind == "removed_edge":
            g.add_edge(payload[0], order=payload[1])
        else:
            g.set_meta(loss=payload)
        check(g)
    assert len(g) == 0 and not g.sinks() and g.loss_node() is None


def test_remove_node_returns_its_edges_in_document_order():
    g = Graph()
    for nid in ("a", "b", "c", "d"):
        g.add_node(
            Node(nid, "parameter" if nid in "ab" else "add", value=1.0 if nid in "ab" else None)
        )
    g.add_edge(Edge("e3", "c", "d", "in"))
    g.add_edge(Edge("e1", "a", "c", "in"))
    g.add_edge(Edge("e2", "b", "c", "in"))
    g.add_edge(Edge("e4", "a", "d", "in"))
    _node, edges = g.remove_node("c")
    assert [e.id for e in edges] == ["e3", "e1", "e2"]
    assert [e.id for e in g.edges()] == ["e4"]
    assert [n.id for n in g.sinks()] == ["b", "d"]


def test_cycle_check_still_finds_long_cycles():
    g = Graph()
    g.add_node(Node("x", "parameter", value=1.0))
    prev = "x"
    for i in range(50):
        g.add_node(Node(f"n{i}", "neg"))
        g.add_edge(Edge(f"e{i}", prev, f"n{i}", "x"))
        prev = f"n{i}"
    g.add_node(Node("s", "add"))
    g.add_edge(Edge("es", "n49", "s", "in"))
    assert g.connect_error("s", "n10", "x") is not None  # n10's port is taken anyway
    g.add_node(Node("t", "add"))
    g.add_edge(Edge("et", "n20", "t", "in"))
    reason = g.connect_error("s", "t", "in")
    assert reason is None  # s does not reach t
    g.add_edge(Edge("st", "s", "t", "in"))
    reason = g.connect_error("t", "s", "in")
    assert reason is not None and "cycle" in reason and "t -> s" in reason
    # both ends have edges (the search runs) but there is no path back: allowed
    assert g.connect_error("n5", "s", "in") is None
    reason = g.connect_error("t", "n30", "x")  # n30's only port is taken: that reason first
    assert reason is not None and "already has an input" in reason
