# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's filter lexer (sc_emulator/filter_lexer.py): token kinds, values and 1-based positions."""

from __future__ import annotations

import datetime
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator"))

from sc_emulator.filter_errors import FilterSyntaxError  # noqa: E402  pylint: disable=wrong-import-position
from sc_emulator.filter_lexer import tokenize  # noqa: E402  pylint: disable=wrong-import-position


def _tokens(expression):
    return [(token.kind, token.value, token.pos) for token in tokenize(expression)]


def test_literals_keywords_and_variables():
    assert _tokens("Name = 'O''Brien' and $7daysago < #2026-07-01#") == [
        ("ident", "Name", 1), ("op", "=", 6), ("str", "O'Brien", 8), ("kw", "and", 19), ("var", "$7DAYSAGO", 23),
        ("op", "<", 33), ("date", datetime.datetime(2026, 7, 1, tzinfo=datetime.timezone.utc), 35), ("end", None, 47)]


def test_numbers_dotted_names_and_two_character_operators():
    assert _tokens("Guest.Info >= 1.5e3 OR .5 <> 10 != 2 <= 3") == [
        ("ident", "Guest.Info", 1), ("op", ">=", 12), ("num", 1500.0, 15), ("kw", "or", 21), ("num", 0.5, 24),
        ("op", "<>", 27), ("num", 10, 30), ("op", "!=", 33), ("num", 2, 36), ("op", "<=", 38), ("num", 3, 41),
        ("end", None, 42)]


def test_integers_stay_integers_and_text_is_kept():
    tokens = tokenize("CustomProperty1 IN ('a''b', 42)")
    assert [token.text for token in tokens] == ["CustomProperty1", "IN", "(", "'a''b'", ",", "42", ")", ""]
    assert isinstance(tokens[5].value, int)
    assert tokens[-1].describe() == "end of expression"
    assert tokens[3].describe() == repr("'a''b'")


def test_an_empty_expression_is_only_the_end():
    assert _tokens("   ") == [("end", None, 4)]


@pytest.mark.parametrize("expression, message, position", [
    ("Name = 'open", "Unterminated string literal", 8),
    ("Time > #2026-07-01", "Unterminated date literal", 8),
    ("Time > #2026-13-45#", "Invalid date literal #2026-13-45#", 8),
    ("Name = $", "Expected a variable name after '$'", 8),
    ('Name = "x"', "Unexpected character '\"' (string literals use single quotes)", 8),
    ("Name ~ 'x'", "Unexpected character '~'", 6),
])
def test_bad_tokens_name_what_and_where(expression, message, position):
    with pytest.raises(FilterSyntaxError) as caught:
        tokenize(expression)
    assert caught.value.position == position
    assert str(caught.value) == "%s at position %d" % (message, position)
