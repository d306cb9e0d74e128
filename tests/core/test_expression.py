"""Expressions become graphs: random expressions evaluate to the value and gradients that
Python's math gives on the same tree (the test's own tiny evaluator, differentiated by central
finite differences); the lesson's expression shows the sum rule; code-like input is refused."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backprop_studio.core.engine.plan import evaluate
from backprop_studio.core.model.expression import (
    ExpressionError,
    expression_graph,
    functions,
    parse_expression,
)
from backprop_studio.core.model.fileio import dumps_graph, loads_graph

NAMES = ("a", "b", "c", "w1")

# The test's own reference semantics: name -> Python function of one float.
FUNCS = {
    "sin": math.sin,
    "cos": math.cos,
    "tanh": math.tanh,
    "exp": math.exp,
    "log": math.log,
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "relu": lambda x: max(x, 0.0),
    "abs": abs,
    "square": lambda x: x * x,
    "neg": lambda x: -x,
    "identity": lambda x: x,
    "leaky_relu": lambda x: x if x > 0 else 0.01 * x,
}
KINKS = {"relu", "abs", "leaky_relu"}  # not differentiable at 0: keep arguments away from it
BINARY = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
    "^": lambda x, y: x**y,
    "**": lambda x, y: x**y,
}


class Rejected(Exception):
    """The random expression leaves the domain (log of a negative, near a kink, ...)."""


def tiny_eval(tree, env):
    """Evaluate the test's tree ("num", v) | ("name", n) | ("call", f, t) | ("neg", t) |
    ("bin", op, l, r) with Python floats and math; Rejected outside the safe domain."""
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "name":
        return env[tree[1]]
    if kind == "neg":
        return -tiny_eval(tree[1], env)
    if kind == "call":
        x = tiny_eval(tree[2], env)
        if tree[1] == "log" and x <= 0.05:
            raise Rejected
        if tree[1] == "exp" and x > 20:
            raise Rejected
        if tree[1] in KINKS and abs(x) < 1e-3:
            raise Rejected
        return FUNCS[tree[1]](x)
    x, y = tiny_eval(tree[2], env), tiny_eval(tree[3], env)
    if tree[1] == "/" and abs(y) < 0.05:
        raise Rejected
    if tree[1] in ("^", "**") and (x <= 0.05 or abs(y) > 4 or abs(x) > 50):
        raise Rejected
    out = BINARY[tree[1]](x, y)
    if not math.isfinite(out) or abs(out) > 1e6:
        raise Rejected
    return out


def render(tree) -> str:
    """The test's tree as text, fully parenthesised so precedence cannot differ."""
    kind = tree[0]
    if kind == "num":
        return repr(tree[1])
    if kind == "name":
        return tree[1]
    if kind == "neg":
        return f"(-({render(tree[1])}))"
    if kind == "call":
        return f"{tree[1]}({render(tree[2])})"
    return f"({render(tree[2])} {tree[1]} {render(tree[3])})"


leaves = st.one_of(
    st.tuples(st.just("num"), st.floats(0.1, 5.0).map(lambda v: round(v, 3))),
    st.tuples(st.just("name"), st.sampled_from(NAMES)),
)
trees = st.recursive(
    leaves,
    lambda kids: st.one_of(
        st.tuples(st.just("call"), st.sampled_from(sorted(FUNCS)), kids),
        st.tuples(st.just("neg"), kids),
        st.tuples(st.just("bin"), st.sampled_from(sorted(BINARY)), kids, kids),
    ),
    max_leaves=8,
)
envs = st.fixed_dictionaries({n: st.floats(-2.0, 2.0).map(lambda v: round(v, 4)) for n in NAMES})


def central_difference(tree, env, name, h=1e-6):
    up, down = dict(env), dict(env)
    up[name] += h
    down[name] -= h
    return (tiny_eval(tree, up) - tiny_eval(tree, down)) / (2 * h)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(trees, envs)
def test_random_expressions_match_python_math_and_finite_differences(tree, env):
    text = render(tree)
    try:
        expected = tiny_eval(tree, env)
        numeric = {n: central_difference(tree, env, n) for n in NAMES if f"'{n}'" in repr(tree)}
        # a kink or a steep spot between θ ± h makes the difference meaningless: compare two steps
        for n, g in numeric.items():
            coarse = central_difference(tree, env, n, h=1e-4)
            assume(abs(g - coarse) <= 1e-3 * max(1.0, abs(g)))
    except (Rejected, OverflowError, ZeroDivisionError, ValueError):
        assume(False)
        return
    _, names = parse_expression(text)
    values = {n: env[n] for n in names}
    graph = expression_graph(text, values)
    result = evaluate(graph, record=False)
    assert result.loss == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert set(names) == set(numeric)
    for n in names:
        assert graph.node(n).op == "parameter"
        assert float(result.grads[n]) == pytest.approx(numeric[n], rel=1e-5, abs=1e-5), n


def test_the_lessons_expression_shows_the_sum_rule_at_b():
    graph = expression_graph("(a+b)*(b+1)", {"a": 2})
    b_out = graph.out_edges("b")
    assert len(b_out) == 2  # one node b feeds both places
    assert [n.id for n in graph.nodes() if n.op == "parameter"] == ["a", "b"]
    result = evaluate(graph, record=True)
    assert result.loss == 6.0
    assert float(result.grads["a"]) == 2.0 and float(result.grads["b"]) == 5.0
    into_b = [t for t in result.trace if t.source == "b"]
    assert [t.contribution for t in into_b] == [2.0, 3.0]
    number = next(n for n in graph.nodes() if n.op == "input")
    assert number.value == 1.0 and number.label == "1"
    assert graph.loss == "mul1"


def test_layout_runs_left_to_right_and_the_file_round_trips():
    graph = expression_graph("sigmoid(w1*x + b) - exp(-x)^2", {"x": 0.5, "w1": -1})
    pos = {n.id: n.position for n in graph.nodes()}
    for e in graph.edges():
        assert pos[e.source][0] < pos[e.target][0], e
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot
    again = loads_graph(dumps_graph(graph))
    assert evaluate(again, record=False).loss == pytest.approx(
        1 / (1 + math.exp(0.5 * 1 - 1)) - math.exp(-0.5) ** 2
    )
    assert again.node("w1").value == -1.0 and again.node("b").value == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-a^2", -9.0),  # -(a^2), as in Python
        ("2^-1", 0.5),
        ("2**3**2", 512.0),  # right-associative
        ("a - 1 - 1", 1.0),  # left-associative
        ("a / 3 / 1.5", 2 / 3),
        ("+a * -2", -6.0),
        ("1e1 + .5", 10.5),
        ("a + a + a", 9.0),
    ],
)
def test_precedence_and_associativity(text, expected):
    graph = expression_graph(text, {"a": 3} if "a" in text else {})
    assert evaluate(graph, record=False).loss == pytest.approx(expected)


def test_chains_become_one_variadic_node_and_parentheses_keep_their_group():
    flat = expression_graph("a + b + c")
    assert [n.op for n in flat.nodes() if n.op == "add"] == ["add"]
    assert len(flat.in_edges("add1")) == 3
    grouped = expression_graph("(a + b) + c")
    assert [n.op for n in grouped.nodes()].count("add") == 2


def test_every_unary_op_of_the_registry_is_a_function():
    names = functions()
    for op in ("sin", "cos", "exp", "log", "tanh", "sigmoid", "relu", "abs", "square", "neg"):
        assert names[op] == op
    graph = expression_graph(" + ".join(f"{f}(x)" for f in sorted(names)), {"x": 0.5})
    assert {n.op for n in graph.nodes()} >= set(names.values())


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("__import__('os')", 1),
        ("a.b", 2),
        ("a[0]", 2),
        ("lambda: 1", 1),
        ("'a' + 1", 1),
        ('a + "b"', 5),
        ("a b", 3),
        ("2a", 2),
        ("sin(a", 6),
        ("(a))", 4),
        ("a +", 4),
        ("", 1),
        ("open(a)", 1),
        ("sin", 4),
        ("a = 1", 3),
        ("import os", 1),
        ("a; b", 2),
        ("f(a, b)", 1),
    ],
)
def test_code_like_and_malformed_input_is_refused_at_its_column(text, column):
    with pytest.raises(ExpressionError) as info:
        expression_graph(text)
    err = info.value
    assert err.column == column
    message = str(err)
    assert "\n" not in message and f"column {column}" in message
    line, caret = err.pointer().split("\n")
    assert line == text and caret == " " * (column - 1) + "^"


@pytest.mark.parametrize("text", ["(" * 500 + "a" + ")" * 500, "-" * 3000 + "a", "a^" * 400 + "a"])
def test_deep_nesting_is_refused_not_a_crash(text):
    with pytest.raises(ExpressionError, match="nested more than"):
        expression_graph(text)
    expression_graph("(" * 60 + "a" + ")" * 60)  # moderately deep is fine


def test_a_value_for_a_name_the_expression_does_not_use_is_refused():
    with pytest.raises(ExpressionError, match="'z'"):
        expression_graph("a + 1", {"z": 2})
