"""A tiny, safe language for relevance conditions, e.g.

    area1.strategy == "yes" and not answered(area1.strategy_year)
    "hotline" in area4.services or count(area4.hotlines) > 0

Parsed by hand (never ``eval``): literals, answer keys, comparisons, ``in``,
``and``/``or``/``not``, parentheses, list literals and two functions,
``answered(key)`` and ``count(key)``.  Any type mismatch evaluates to false.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?)
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
      | (?P<name>[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)
    )""",
    re.VERBOSE,
)
_WORDS = {"and", "or", "not", "in", "true", "false", "null"}
_FUNCTIONS = {"answered", "count"}


class ExpressionError(ValueError):
    """A relevance condition that cannot be parsed, with its column."""


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


def _tokenize(source: str) -> list[_Tok]:
    tokens, pos = [], 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = _TOKEN_RE.match(source, pos)
        if not match or match.end() == pos:
            raise ExpressionError(f"unexpected character {source[pos:].lstrip()[:1]!r} at column {pos + 1}")
        group = match.lastgroup or ""
        text, start = match.group(group), match.start(group)
        kind = "word" if group == "name" and text in _WORDS else group
        tokens.append(_Tok(kind, text, start))
        pos = match.end()
    tokens.append(_Tok("end", "", len(source)))
    return tokens


# An expression compiles to a tree of tuples: ("lit", v), ("key", k), ("call", f, k),
# ("list", [..]), ("not", e), ("and"/"or", a, b), ("cmp", op, a, b).
Node = tuple


class _Parser:
    def __init__(self, source: str):
        self.tokens = _tokenize(source)
        self.i = 0

    def peek(self) -> _Tok:
        return self.tokens[self.i]

    def take(self, text: str | None = None, kind: str | None = None) -> _Tok:
        tok = self.peek()
        if (text is not None and tok.text != text) or (kind is not None and tok.kind != kind):
            expected = repr(text) if text else kind
            found = repr(tok.text) if tok.text else "the end"
            raise ExpressionError(f"expected {expected} at column {tok.pos + 1}, found {found}")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_()
        self.take(kind="end")
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek().text == "or" and self.peek().kind == "word":
            self.i += 1
            node = ("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.peek().text == "and" and self.peek().kind == "word":
            self.i += 1
            node = ("and", node, self.not_())
        return node

    def not_(self) -> Node:
        if self.peek().text == "not" and self.peek().kind == "word":
            self.i += 1
            return ("not", self.not_())
        return self.comparison()

    def comparison(self) -> Node:
        left = self.primary()
        tok = self.peek()
        if tok.kind == "op" and tok.text in {"==", "!=", "<", "<=", ">", ">="} or (
            tok.kind == "word" and tok.text == "in"
        ):
            self.i += 1
            return ("cmp", tok.text, left, self.primary())
        return left

    def primary(self) -> Node:
        tok = self.peek()
        if tok.kind == "number":
            self.i += 1
            return ("lit", float(tok.text) if "." in tok.text else int(tok.text))
        if tok.kind == "string":
            self.i += 1
            return ("lit", re.sub(r"\\(.)", r"\1", tok.text[1:-1]))
        if tok.kind == "word" and tok.text in {"true", "false", "null"}:
            self.i += 1
            return ("lit", {"true": True, "false": False, "null": None}[tok.text])
        if tok.text == "(":
            self.i += 1
            node = self.or_()
            self.take(")")
            return node
        if tok.text == "[":
            self.i += 1
            items: list[Node] = []
            while self.peek().text != "]":
                items.append(self.primary())
                if self.peek().text != "]":
                    self.take(",")
            self.take("]")
            return ("list", items)
        if tok.kind == "name":
            self.i += 1
            if self.peek().text == "(":
                if tok.text not in _FUNCTIONS:
                    raise ExpressionError(
                        f"unknown function {tok.text!r} at column {tok.pos + 1} "
                        f"(known: {', '.join(sorted(_FUNCTIONS))})"
                    )
                self.take("(")
                key = self.take(kind="name").text
                self.take(")")
                return ("call", tok.text, key)
            return ("key", tok.text)
        found = repr(tok.text) if tok.text else "the end"
        raise ExpressionError(f"expected a value at column {tok.pos + 1}, found {found}")


@dataclass(frozen=True)
class Condition:
    """A parsed relevance condition."""

    source: str
    tree: Node

    def keys(self) -> set[str]:
        """Every answer key the condition reads."""
        found: set[str] = set()

        def visit(node: Node) -> None:
            if node[0] == "key":
                found.add(node[1])
            elif node[0] == "call":
                found.add(node[2])
            for child in node[1:]:
                if isinstance(child, tuple):
                    visit(child)
                elif isinstance(child, list):
                    for item in child:
                        visit(item)

        visit(self.tree)
        return found

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return bool(_evaluate(self.tree, answers.get))


def parse(source: str) -> Condition:
    return Condition(source, _Parser(source).parse())


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _evaluate(node: Node, lookup: Callable[[str], Any]) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "key":
        value = lookup(node[1])
        return None if _is_empty(value) else value
    if kind == "list":
        return [_evaluate(item, lookup) for item in node[1]]
    if kind == "call":
        value = lookup(node[2])
        if node[1] == "answered":
            return not _is_empty(value)
        return len(value) if isinstance(value, list | dict) else (0 if _is_empty(value) else 1)
    if kind == "not":
        return not _evaluate(node[1], lookup)
    if kind == "and":
        return bool(_evaluate(node[1], lookup)) and bool(_evaluate(node[2], lookup))
    if kind == "or":
        return bool(_evaluate(node[1], lookup)) or bool(_evaluate(node[2], lookup))
    op, left, right = node[1], _evaluate(node[2], lookup), _evaluate(node[3], lookup)
    try:
        if op == "==":
            return left == right
        if op == "!=":
            return left != right
        if op == "in":
            return right is not None and left in right
        if left is None or right is None:
            return False
        return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]
    except TypeError:
        return False
