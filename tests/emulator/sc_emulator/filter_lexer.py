# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filter language's tokens: literals, variables, names, keywords and operators, with 1-based positions."""

from __future__ import annotations

import re
from typing import Any, List

from .filter_dates import parse_date
from .filter_errors import FilterSyntaxError


_KEYWORDS = frozenset(("and", "or", "not", "like", "in", "between", "as", "true", "false"))
_OPERATORS = ("<=", ">=", "<>", "!=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",")
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_NUMBER_RE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_VARIABLE_RE = re.compile(r"\$[A-Za-z0-9_]+")


class Token:
    __slots__ = ("kind", "value", "pos", "text")

    def __init__(self, kind: str, value: Any, pos: int, text: str) -> None:
        self.kind = kind      # "num", "str", "date", "var", "ident", "kw", "op", "end"
        self.value = value    # parsed value; keywords lower-case
        self.pos = pos        # 1-based
        self.text = text

    def describe(self) -> str:
        return "end of expression" if self.kind == "end" else repr(self.text)


def tokenize(expression: str) -> List[Token]:
    tokens: List[Token] = []
    index, length = 0, len(expression)
    while index < length:
        char = expression[index]
        if char.isspace():
            index += 1
            continue
        pos = index + 1
        if char == "'":
            end = index + 1
            parts = []
            while True:
                close = expression.find("'", end)
                if close < 0:
                    raise FilterSyntaxError("Unterminated string literal", pos)
                parts.append(expression[end:close])
                if expression.startswith("''", close):
                    parts.append("'")
                    end = close + 2
                    continue
                end = close + 1
                break
            tokens.append(Token("str", "".join(parts), pos, expression[index:end]))
            index = end
            continue
        if char == "#":
            close = expression.find("#", index + 1)
            if close < 0:
                raise FilterSyntaxError("Unterminated date literal", pos)
            text = expression[index + 1:close]
            value = parse_date(text)
            if value is None:
                raise FilterSyntaxError("Invalid date literal #%s#" % text, pos)
            tokens.append(Token("date", value, pos, expression[index:close + 1]))
            index = close + 1
            continue
        if char.isdigit() or (char == "." and index + 1 < length and expression[index + 1].isdigit()):
            match = _NUMBER_RE.match(expression, index)
            text = match.group(0)
            value = float(text) if any(c in text for c in ".eE") else int(text)
            tokens.append(Token("num", value, pos, text))
            index = match.end()
            continue
        if char == "$":
            match = _VARIABLE_RE.match(expression, index)
            if not match:
                raise FilterSyntaxError("Expected a variable name after '$'", pos)
            tokens.append(Token("var", match.group(0).upper(), pos, match.group(0)))
            index = match.end()
            continue
        if char.isalpha() or char == "_":
            match = _IDENT_RE.match(expression, index)
            text = match.group(0)
            folded = text.casefold()
            if folded in _KEYWORDS:
                tokens.append(Token("kw", folded, pos, text))
            else:
                tokens.append(Token("ident", text, pos, text))
            index = match.end()
            continue
        for operator in _OPERATORS:
            if expression.startswith(operator, index):
                tokens.append(Token("op", operator, pos, operator))
                index += len(operator)
                break
        else:
            if char == '"':
                raise FilterSyntaxError("Unexpected character '\"' (string literals use single quotes)", pos)
            raise FilterSyntaxError("Unexpected character %r" % char, pos)
    tokens.append(Token("end", None, length + 1, ""))
    return tokens
