# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The scalar functions of the filter language and the LIKE pattern matcher.

A wildcard (``*`` or ``%``) is one only as the first or last character of a LIKE pattern (the reference is silent).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

from .filter_schema import NUM, STR
from .filter_values import to_date, to_number, to_string


def _substring(value: Any, start: Any, length: Any) -> str:
    text, start, length = to_string(value), int(to_number(start)), int(to_number(length))
    if length < 0:
        raise ValueError("negative length %d" % length)
    begin = start - 1
    return text[max(begin, 0):max(begin + length, 0)]


def _left(value: Any, count: Any) -> str:
    count = int(to_number(count))
    if count < 0:
        raise ValueError("negative length %d" % count)
    return to_string(value)[:count]


def _right(value: Any, count: Any) -> str:
    count = int(to_number(count))
    if count < 0:
        raise ValueError("negative length %d" % count)
    text = to_string(value)
    return text[len(text) - count:] if count else ""


def _date_part(part: str) -> Callable[[Any], int]:
    def get(value: Any) -> int:
        date = to_date(value)
        if part == "millisecond":
            return date.microsecond // 1000
        if part == "dayofweek":
            return (date.weekday() + 1) % 7  # .NET DayOfWeek: Sunday = 0
        return getattr(date, part)
    return get


SCALAR_FUNCTIONS: Dict[str, Tuple[Callable[..., Any], str]] = {
    "LEN": (lambda value: len(to_string(value)), NUM),
    "TRIM": (lambda value: to_string(value).strip(" \t\r\n"), STR),
    "SUBSTRING": (_substring, STR),
    "LEFT": (_left, STR),
    "RIGHT": (_right, STR),
}
for _part in ("year", "month", "day", "hour", "minute", "second", "millisecond", "dayofweek"):
    SCALAR_FUNCTIONS[_part.upper()] = (_date_part(_part), NUM)


def like_matcher(pattern: str) -> Callable[[str], bool]:
    """A matcher of case-folded text; ``*``/``%`` are wildcards only as the first and/or last character."""
    folded = pattern.casefold()
    leading = folded[:1] in ("*", "%")
    if leading:
        folded = folded[1:]
    trailing = folded[-1:] in ("*", "%")
    if trailing:
        folded = folded[:-1]
    if leading and trailing:
        return lambda text: folded in text
    if leading:
        return lambda text: text.endswith(folded)
    if trailing:
        return lambda text: text.startswith(folded)
    return lambda text: text == folded
