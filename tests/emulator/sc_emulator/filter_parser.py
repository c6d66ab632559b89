# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filter grammar: a recursive-descent parser from tokens to an AST of ``Node``.

Grammar (keywords, functions, variables and property names are case-insensitive)::

    expression  := unary { (AND | OR) unary }          AND and OR: equal precedence, left-associative
    unary       := NOT unary | predicate
    predicate   := additive [ compare-op additive
                            | [NOT] LIKE additive
                            | [NOT] IN "(" additive { "," additive } ")"
                            | [NOT] BETWEEN additive AND additive ]
    additive    := term { ("+" | "-") term }            "+" concatenates when either side is a string
    term        := factor { ("*" | "/" | "%") factor }
    factor      := "-" factor | primary
    primary     := number | 'string' | #date# | $VARIABLE | TRUE | FALSE
                 | FUNCTION "(" [ arguments ] ")" | CAST "(" expression AS type ")" | property | "(" expression ")"

Unknown property and function names and wrong argument counts are syntax errors here; types are checked by the
evaluator.
"""

from __future__ import annotations

from typing import Any, List, Tuple

from .filter_errors import FilterSyntaxError
from .filter_lexer import Token, tokenize
from .filter_schema import BOOL, DATE, NUM, PROPERTY_BY_FOLDED, STR


class Node:
    """An AST node: ``kind`` names the construct, ``args`` its operands, ``pos`` its 1-based position."""

    __slots__ = ("kind", "args", "pos")

    def __init__(self, kind: str, args: Tuple[Any, ...], pos: int) -> None:
        self.kind = kind
        self.args = args
        self.pos = pos

    def __repr__(self) -> str:
        return "%s%r" % (self.kind, self.args)


_COMPARE_OPS = frozenset(("=", "<>", "!=", "<", "<=", ">", ">="))
_FUNCTIONS = {
    # name: (min args, max args)
    "LEN": (1, 1), "TRIM": (1, 1), "SUBSTRING": (3, 3), "LEFT": (2, 2), "RIGHT": (2, 2), "ISNULL": (2, 2),
    "IIF": (3, 3), "CONVERT": (2, 2), "YEAR": (1, 1), "MONTH": (1, 1), "DAY": (1, 1), "HOUR": (1, 1),
    "MINUTE": (1, 1), "SECOND": (1, 1), "MILLISECOND": (1, 1), "DAYOFWEEK": (1, 1),
}
_UNSUPPORTED_FUNCTIONS = frozenset(("GETDATAFIELD", "DELIMINDEX", "FREETEXT"))


class _Parser:
    def __init__(self, expression: str) -> None:
        self.tokens = tokenize(expression)
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def is_kw(self, *words: str) -> bool:
        return self.token.kind == "kw" and self.token.value in words

    def is_op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.value in ops

    def expect_op(self, op: str, context: str) -> Token:
        if not self.is_op(op):
            raise FilterSyntaxError("Expected '%s' %s but found %s" % (op, context, self.token.describe()), self.token.pos)
        return self.advance()

    def parse(self) -> Node:
        node = self.expression()
        if self.token.kind != "end":
            raise FilterSyntaxError("Unexpected %s after a complete expression" % self.token.describe(), self.token.pos)
        return node

    def expression(self) -> Node:
        node = self.unary()
        while self.is_kw("and", "or"):
            token = self.advance()
            right = self.unary()
            node = Node(token.value.upper(), (node, right), token.pos)
        return node

    def unary(self) -> Node:
        if self.is_kw("not"):
            token = self.advance()
            return Node("NOT", (self.unary(),), token.pos)
        return self.predicate()

    def predicate(self) -> Node:
        left = self.additive()
        token = self.token
        if token.kind == "op" and token.value in _COMPARE_OPS:
            self.advance()
            op = "<>" if token.value == "!=" else token.value
            return Node("COMPARE", (op, left, self.additive()), token.pos)
        negated = False
        if self.is_kw("not"):
            negated = True
            self.advance()
            if not self.is_kw("like", "in", "between"):
                raise FilterSyntaxError("Expected LIKE, IN or BETWEEN after NOT but found %s" % self.token.describe(),
                                        self.token.pos)
        if self.is_kw("like"):
            token = self.advance()
            node = Node("LIKE", (left, self.additive()), token.pos)
        elif self.is_kw("in"):
            token = self.advance()
            self.expect_op("(", "after IN")
            items = [self.additive()]
            while self.is_op(","):
                self.advance()
                items.append(self.additive())
            self.expect_op(")", "to close the IN list")
            node = Node("IN", (left, tuple(items)), token.pos)
        elif self.is_kw("between"):
            token = self.advance()
            low = self.additive()
            if not self.is_kw("and"):
                raise FilterSyntaxError("Expected AND in BETWEEN but found %s" % self.token.describe(), self.token.pos)
            self.advance()
            node = Node("BETWEEN", (left, low, self.additive()), token.pos)
        else:
            return left
        return Node("NOT", (node,), node.pos) if negated else node

    def additive(self) -> Node:
        node = self.term()
        while self.is_op("+", "-"):
            token = self.advance()
            node = Node("ARITH", (token.value, node, self.term()), token.pos)
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.is_op("*", "/", "%"):
            token = self.advance()
            node = Node("ARITH", (token.value, node, self.factor()), token.pos)
        return node

    def factor(self) -> Node:
        if self.is_op("-"):
            token = self.advance()
            return Node("NEG", (self.factor(),), token.pos)
        if self.is_op("+"):
            self.advance()
            return self.factor()
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.kind in ("num", "str", "date"):
            self.advance()
            return Node("LITERAL", ({"num": NUM, "str": STR, "date": DATE}[token.kind], token.value), token.pos)
        if token.kind == "var":
            self.advance()
            return Node("VARIABLE", (token.value,), token.pos)
        if token.kind == "kw" and token.value in ("true", "false"):
            self.advance()
            return Node("LITERAL", (BOOL, token.value == "true"), token.pos)
        if token.kind == "op" and token.value == "(":
            self.advance()
            node = self.expression()
            self.expect_op(")", "to close the parenthesis opened at position %d" % token.pos)
            return node
        if token.kind == "ident":
            self.advance()
            if self.is_op("("):
                return self.function(token)
            name = PROPERTY_BY_FOLDED.get(token.value.casefold())
            if name is None:
                raise FilterSyntaxError("Unknown property '%s'" % token.value, token.pos)
            return Node("PROPERTY", (name,), token.pos)
        if token.kind == "end":
            raise FilterSyntaxError("Expected an operand but found end of expression", token.pos)
        raise FilterSyntaxError("Expected an operand but found %s" % token.describe(), token.pos)

    def function(self, name_token: Token) -> Node:
        name = name_token.value.upper()
        open_token = self.advance()
        if name == "CAST":
            value = self.expression()
            if not self.is_kw("as"):
                raise FilterSyntaxError("Expected AS in CAST but found %s" % self.token.describe(), self.token.pos)
            self.advance()
            type_name = self.type_name()
            self.expect_op(")", "to close CAST opened at position %d" % open_token.pos)
            return Node("CAST", (value, type_name), name_token.pos)
        if name in _UNSUPPORTED_FUNCTIONS:
            raise FilterSyntaxError("Function %s is not supported by the emulator" % name, name_token.pos)
        if name not in _FUNCTIONS:
            raise FilterSyntaxError("Unknown function '%s'" % name_token.value, name_token.pos)
        args: List[Node] = []
        if not self.is_op(")"):
            while True:
                if name == "CONVERT" and len(args) == 1 and self.token.kind == "ident":
                    type_token = self.token
                    args.append(Node("LITERAL", (STR, self.type_name()), type_token.pos))
                else:
                    args.append(self.expression())
                if not self.is_op(","):
                    break
                self.advance()
        self.expect_op(")", "to close %s( opened at position %d" % (name, open_token.pos))
        low, high = _FUNCTIONS[name]
        if not low <= len(args) <= high:
            raise FilterSyntaxError("%s takes %d argument%s, got %d" % (name, low, "" if low == 1 else "s", len(args)),
                                    name_token.pos)
        return Node("CALL", (name, tuple(args)), name_token.pos)

    def type_name(self) -> str:
        token = self.token
        if token.kind == "str":
            self.advance()
            return token.value
        if token.kind != "ident":
            raise FilterSyntaxError("Expected a type name but found %s" % token.describe(), token.pos)
        name = self.advance().value
        if self.is_op("("):  # VARCHAR(50) and the like: the size is ignored
            self.advance()
            while not self.is_op(")"):
                if self.token.kind == "end":
                    raise FilterSyntaxError("Expected ')' after the type size", self.token.pos)
                self.advance()
            self.advance()
        return name


def parse(expression: str) -> Node:
    """Parse a filter expression into its AST (raises FilterSyntaxError)."""
    return _Parser(expression).parse()
