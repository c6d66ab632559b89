# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run-time values and functions of the emulator's filter language (filter_values.py, filter_functions.py)."""

from __future__ import annotations

import datetime
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator"))

from sc_emulator import filter_functions, filter_values  # noqa: E402  pylint: disable=wrong-import-position
from sc_emulator.filter_errors import FilterSyntaxError  # noqa: E402  pylint: disable=wrong-import-position
from sc_emulator.filter_schema import PROCESSOR_ARCHITECTURES, SESSION_TYPES  # noqa: E402  pylint: disable=wrong-import-position

UTC = datetime.timezone.utc


@pytest.mark.parametrize("value, text", [
    (2.0, "2"), (2.5, "2.5"), (True, "True"), (None, ""), (7, "7"),
    (datetime.datetime(2026, 7, 1, 13, 4, 5, tzinfo=UTC), "07/01/2026 13:04:05"),
])
def test_to_string(value, text):
    assert filter_values.to_string(value) == text


def test_to_bool_and_to_number_refuse_what_they_cannot_read():
    assert filter_values.to_bool(" TRUE ") is True
    assert filter_values.to_bool("0") is False
    assert filter_values.to_number(" 12 ") == 12
    assert filter_values.to_number("1.5") == 1.5
    with pytest.raises(ValueError):
        filter_values.to_bool("maybe")
    with pytest.raises(ValueError):
        filter_values.to_number("twelve")
    with pytest.raises(ValueError):
        filter_values.to_date("yesterday")


def test_arithmetic_follows_dotnet():
    # the remainder takes the dividend's sign, and an exact integer division stays an integer
    assert filter_values.ARITHMETIC["%"](-7, 3) == -1
    assert filter_values.ARITHMETIC["%"](-7.5, 2) == -1.5
    assert filter_values.ARITHMETIC["/"](8, 2) == 4 and isinstance(filter_values.ARITHMETIC["/"](8, 2), int)
    assert filter_values.ARITHMETIC["/"](7, 2) == 3.5
    with pytest.raises(FilterSyntaxError, match="Division by zero in '%' at position 5"):
        filter_values.apply_arithmetic(filter_values.ARITHMETIC["%"], 1, 0, "%", 5)


def test_enum_values_and_names():
    assert filter_values.enum_value(SESSION_TYPES, " access ", "SessionType", 1) == 2
    assert filter_values.enum_value(SESSION_TYPES, "1", "SessionType", 1) == 1
    assert filter_values.enum_name(PROCESSOR_ARCHITECTURES, 9) == "X64"
    assert filter_values.enum_name(SESSION_TYPES, 0) == "Support"
    assert filter_values.enum_name(SESSION_TYPES, 7) == "7"
    with pytest.raises(FilterSyntaxError, match="Unknown SessionType value 'Remote'.* at position 3"):
        filter_values.enum_value(SESSION_TYPES, "Remote", "SessionType", 3)


def test_generic_compare_mixes_strings_numbers_and_nulls():
    equal, different = filter_values.generic_compare("="), filter_values.generic_compare("<>")
    assert equal("10", 10) and equal("ABC", "abc")
    assert not equal("x", 1) and different("x", 1)
    assert not equal(None, None) and different(None, "a") and not different(None, None)


@pytest.mark.parametrize("pattern, text, matched", [
    ("web*", "web-01", True), ("%01", "web-01", True), ("*b-0*", "web-01", True), ("web-01", "web-01", True),
    ("w*1", "web-01", False), ("w*1", "w*1", True), ("WEB*", "web-01", True),
])
def test_like_wildcards_only_at_the_ends(pattern, text, matched):
    assert filter_functions.like_matcher(pattern)(text.casefold()) is matched


def test_scalar_functions():
    functions = {name: function for name, (function, _kind) in filter_functions.SCALAR_FUNCTIONS.items()}
    sunday = datetime.datetime(2026, 7, 19, 6, 41, 50, 120000, tzinfo=UTC)
    assert functions["DAYOFWEEK"](sunday) == 0
    assert functions["MILLISECOND"](sunday) == 120
    assert functions["RIGHT"]("web-01", 0) == "" and functions["RIGHT"]("web-01", 2) == "01"
    assert functions["SUBSTRING"]("web-01", 0, 3) == "we"
    with pytest.raises(ValueError):
        functions["LEFT"]("web-01", -1)
