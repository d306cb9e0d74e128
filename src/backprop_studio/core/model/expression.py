"""An arithmetic expression becomes a graph: ``(a + b) * (b + 1)`` -> nodes and edges.

A small recursive-descent parser; nothing is evaluated or executed (no ``eval``, no Python
parser). The grammar, loosest binding first::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := ("-" | "+") unary | power
    power   := atom (("^" | "**") unary)?          right-associative: 2^3^2 = 2^(3^2)
    atom    := NUMBER | NAME | FUNC "(" expr ")" | "(" expr ")"

so ``-a^2`` is ``-(a^2)`` and ``2^-1`` is one half, as in Python. ``FUNC`` is any one-input
op of the registry (sin, cos, exp, log, tanh, sigmoid, relu, abs, square, ...).

In the graph each name is one ``parameter`` node with that id (its value given, default 1),
so a name used twice feeds both places (the sum rule at ``b`` in ``(a+b)*(b+1)``); each
number is an ``input`` node; ``+`` and ``*`` chains are one variadic ``add``/``mul``;
``-`` is ``sub``, ``/`` is ``div``, ``^`` and ``**`` are ``pow``, unary minus is ``neg``
(a negative number literal is simply a negative input). The result is the graph's loss node.
Nodes are laid out left to right by depth.

Anything else (quotes, dots after names, brackets, keywords such as ``lambda``) raises
:class:`ExpressionError`: one line naming the column, with the expression and a caret.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..ops import all_ops
from .errors import BackpropError
from .graph import Edge, Graph, Node

COLUMN_GAP = 190.0
ROW_GAP = 110.0
MAX_LENGTH = 20_000
MAX_DEPTH = 80  # nesting of brackets, calls, signs and powers (the parser recurses)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_SYMBOLS = ("**", "+", "-", "*", "/", "^", "(", ")")
_HINTS = {
    "'": "text in quotes is not part of an expression",
    '"': "text in quotes is not part of an expression",
    ".": "only numbers have a decimal point",
    "[": "indexing is not part of an expression",
    "]": "indexing is not part of an expression",
    ",": "every function takes one argument",
    "=": "write an expression, not an assignment",
}


class ExpressionError(BackpropError):
    """A malformed expression; the message is one line naming the column, with a caret."""

    def __init__(self, text: str, column: int, reason: str) -> None:
        self.text = text
        self.column = column  # 1-based
        self.reason = reason
        shown = text.replace("\n", " ").replace("\t", " ")
        bad = shown[column - 1 : column] or "end"
        marked = f"{shown[: column - 1]}«{bad}»{shown[column:]}"
        super().__init__(f"bad expression at column {column}: {reason}: {marked}")

    def pointer(self) -> str:
        """Two lines: the expression and a caret under the bad character."""
        shown = self.text.replace("\n", " ").replace("\t", " ")
        return f"{shown}\n{' ' * (self.column - 1)}^"


class ValueSpecError(BackpropError):
    """A ``NAME=V`` item that is not one."""


def parse_values(items: list[str]) -> dict[str, float]:
    """``["a=2", "b=-1.5"]`` -> ``{"a": 2.0, "b": -1.5}``; raises ValueSpecError (one line)."""
    values: dict[str, float] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueSpecError(f"value {item.strip()!r}: write NAME=NUMBER, e.g. a=2")
        try:
            value = float(text)
        except ValueError:
            raise ValueSpecError(
                f"value {item.strip()!r}: {text.strip()!r} is not a number"
            ) from None
        if not math.isfinite(value):
            raise ValueSpecError(f"value {item.strip()!r}: the value must be a finite number")
        values[name] = value
    return values


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", "op", "end", "error" (the tokenizer's fault, raised when reached)
    text: str
    column: int  # 1-based
    error: ExpressionError | None = None


def functions() -> dict[str, str]:
    """Function name -> op name: every one-input op of the registry (and its aliases)."""
    found: dict[str, str] = {}
    for spec in all_ops():
        if spec.port_names == ("x",) and not spec.reduces and not spec.is_source:
            found[spec.name] = spec.name
            for alias in spec.aliases:
                found.setdefault(alias, spec.name)
    return found


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; an unreadable character ends the list as an "error" token, so
    the parser reports whichever fault comes first in reading order."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(text[:60], 61, f"longer than {MAX_LENGTH} characters")
    tokens: list[Token] = []
    try:
        _scan(text, tokens)
    except ExpressionError as exc:
        tokens.append(Token("error", "", exc.column, exc))
        return tokens
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _scan(text: str, tokens: list[Token]) -> None:
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if m := _NUMBER.match(text, i):
            end = m.end()
            if end < len(text) and (text[end] == "." or _NAME.match(text, end)):
                bad = end
                why = _HINTS.get(text[end]) or "a number cannot run into a name"
                raise ExpressionError(text, bad + 1, f"unexpected {text[end]!r} ({why})")
            tokens.append(Token("number", m.group(), i + 1))
            i = end
            continue
        if m := _NAME.match(text, i):
            tokens.append(Token("name", m.group(), i + 1))
            i = m.end()
            continue
        symbol = next((s for s in _SYMBOLS if text.startswith(s, i)), None)
        if symbol is None:
            hint = _HINTS.get(ch)
            why = f" ({hint})" if hint else ""
            raise ExpressionError(text, i + 1, f"unexpected character {ch!r}{why}")
        tokens.append(Token("op", symbol, i + 1))
        i += len(symbol)


@dataclass(frozen=True)
class Expr:
    """A parsed expression: a number, a name, or an op applied to its arguments."""

    kind: str  # "number", "name", or an op name (add, sub, mul, div, pow, neg, sin, ...)
    args: tuple[Expr, ...] = ()
    value: float = 0.0
    text: str = ""
    column: int = 0
    chain: bool = False  # an unparenthesised + or * chain, which the next term may extend


@dataclass
class _Parser:
    text: str
    tokens: list[Token]
    funcs: dict[str, str]
    pos: int = 0
    names: list[str] = field(default_factory=list)
    depth: int = 0

    def peek(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.error is not None:
            raise tok.error
        return tok

    def take(self) -> Token:
        tok = self.peek()
        self.pos += 1
        return tok

    def fail(self, tok: Token, reason: str) -> ExpressionError:
        return ExpressionError(self.text, tok.column, reason)

    def expect(self, symbol: str) -> Token:
        tok = self.peek()
        if tok.kind != "op" or tok.text != symbol:
            found = "the end" if tok.kind == "end" else repr(tok.text)
            raise self.fail(tok, f"expected {symbol!r}, found {found}")
        return self.take()

    def parse(self) -> Expr:
        if self.peek().kind == "end":
            raise self.fail(self.peek(), "the expression is empty")
        tree = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            if tok.kind == "op" and tok.text == ")":
                raise self.fail(tok, "this ')' closes nothing")
            raise self.fail(tok, f"expected an operator before {tok.text!r}")
        return tree

    def expr(self) -> Expr:
        return self._chain(self.term, {"+": "add", "-": "sub"})

    def term(self) -> Expr:
        return self._chain(self.unary, {"*": "mul", "/": "div"})

    def _chain(self, operand, ops: dict[str, str]) -> Expr:  # type: ignore[no-untyped-def]
        left = operand()
        while (tok := self.peek()).kind == "op" and tok.text in ops:
            self.take()
            right = operand()
            op = ops[tok.text]
            if op in ("add", "mul") and left.kind == op and left.chain:
                left = Expr(op, (*left.args, right), column=left.column, chain=True)
            else:
                left = Expr(op, (left, right), column=tok.column, chain=True)
        return left

    def unary(self) -> Expr:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise self.fail(self.peek(), f"nested more than {MAX_DEPTH} levels deep")
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> Expr:
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("+", "-"):
            self.take()
            inner = self.unary()
            if tok.text == "+":
                return inner
            if inner.kind == "number" and not inner.text.startswith("-"):
                return Expr("number", value=-inner.value, text=f"-{inner.text}", column=tok.column)
            return Expr("neg", (inner,), column=tok.column)
        return self.power()

    def power(self) -> Expr:
        base = self.atom()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("^", "**"):
            self.take()
            return Expr("pow", (base, self.unary()), column=tok.column)
        return base

    def atom(self) -> Expr:
        tok = self.take()
        if tok.kind == "number":
            return Expr("number", value=float(tok.text), text=tok.text, column=tok.column)
        if tok.kind == "name":
            return self._name(tok)
        if tok.kind == "op" and tok.text == "(":
            inner = self.expr()
            self.expect(")")
            # parentheses end a chain: (a+b)+c keeps its sum as one node
            return replace(inner, chain=False)
        if tok.kind == "end":
            raise self.fail(tok, "the expression ends too early")
        raise self.fail(tok, f"expected a number, a name or '(', found {tok.text!r}")

    def _name(self, tok: Token) -> Expr:
        name = tok.text
        if keyword.iskeyword(name) or keyword.issoftkeyword(name):
            raise self.fail(tok, f"{name!r} is Python, not arithmetic")
        if name.startswith("__"):
            raise self.fail(tok, f"names may not start with '__' ({name!r})")
        nxt = self.peek()
        if nxt.kind == "op" and nxt.text == "(":
            if name not in self.funcs:
                known = ", ".join(sorted(self.funcs))
                raise self.fail(tok, f"unknown function {name!r} (functions: {known})")
            self.take()
            if self.peek().kind == "op" and self.peek().text == ")":
                raise self.fail(self.peek(), f"{name}() needs an argument")
            arg = self.expr()
            self.expect(")")
            return Expr(self.funcs[name], (arg,), column=tok.column)
        if name in self.funcs:
            raise self.fail(nxt, f"{name!r} is a function: write {name}(...)")
        if name not in self.names:
            self.names.append(name)
        return Expr("name", text=name, column=tok.column)


def parse_expression(text: str) -> tuple[Expr, list[str]]:
    """The expression's tree and its names in order of first use; raises ExpressionError."""
    parser = _Parser(text, tokenize(text), functions())
    return parser.parse(), parser.names


@dataclass
class _Builder:
    graph: Graph
    values: Mapping[str, float]
    depth: dict[str, int] = field(default_factory=dict)
    taken: dict[str, None] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def fresh(self, prefix: str) -> str:
        i = self.counters.get(prefix, 0) + 1
        while f"{prefix}{i}" in self.taken:
            i += 1
        self.counters[prefix] = i
        nid = f"{prefix}{i}"
        self.taken[nid] = None
        return nid

    def build(self, tree: Expr) -> str:
        g = self.graph
        if tree.kind == "name":
            if not g.has_node(tree.text):
                value = float(self.values.get(tree.text, 1.0))
                g.add_node(Node(tree.text, "parameter", tree.text, value, trainable=True))
                self.depth[tree.text] = 0
            return tree.text
        if tree.kind == "number":
            nid = self.fresh("k")
            g.add_node(Node(nid, "input", tree.text, tree.value))
            self.depth[nid] = 0
            return nid
        sources = [self.build(arg) for arg in tree.args]
        nid = self.fresh(tree.kind)
        g.add_node(Node(nid, tree.kind))
        ports = g.node(nid).spec.port_names
        for k, src in enumerate(sources):
            port = ports[0] if len(ports) == 1 else ports[k]
            g.add_edge(Edge(self.fresh("e"), src, nid, port))
        self.depth[nid] = 1 + max(self.depth[s] for s in sources)
        return nid


def expression_graph(
    text: str, values: Mapping[str, float] | None = None, title: str | None = None
) -> Graph:
    """The graph of ``text``: names are parameters (``values``, default 1), numbers inputs.

    Raises ExpressionError for a malformed expression or a value naming no name in it."""
    tree, names = parse_expression(text)
    values = dict(values or {})
    unknown = [n for n in values if n not in names]
    if unknown:
        raise ExpressionError(
            text, len(text) + 1, f"a value is given for {unknown[0]!r}, which it does not use"
        )
    graph = Graph(title=title if title is not None else text.strip())
    builder = _Builder(graph, values, taken=dict.fromkeys(names))
    output = builder.build(tree)
    graph.loss = output
    _layout(graph, builder.depth)
    graph.revision = graph.structure_revision = 0
    return graph


def _layout(graph: Graph, depth: dict[str, int]) -> None:
    """Columns by depth from the sources, left to right; each column centred vertically."""
    columns: dict[int, list[str]] = {}
    for node in graph.nodes():
        columns.setdefault(depth[node.id], []).append(node.id)
    tallest = max(len(c) for c in columns.values())
    for col, ids in columns.items():
        top = (tallest - len(ids)) * ROW_GAP / 2
        for row, nid in enumerate(ids):
            graph.update_node(nid, position=(col * COLUMN_GAP, top + row * ROW_GAP))
