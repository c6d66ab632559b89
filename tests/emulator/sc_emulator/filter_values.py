# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run-time values of the filter language: conversions, enum names, comparisons and arithmetic.

Where the reference is silent (marked [INF] there): string comparisons are case-insensitive, and a string compared
with a number is compared as a number when it is numeric.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, Callable, Mapping, Optional, Tuple

from .filter_dates import parse_date
from .filter_errors import FilterSyntaxError
from .filter_schema import BOOL, DATE, NUM, STR


def to_bool(value: Any) -> bool:
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in ("true", "1"):
            return True
        if folded in ("false", "0", ""):
            return False
        raise ValueError("cannot convert %r to a boolean" % value)
    return bool(value)


def to_number(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            return float(text)
    raise ValueError("cannot convert %r to a number" % (value,))


def to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%m/%d/%Y %H:%M:%S")
    return "" if value is None else str(value)


def to_date(value: Any) -> datetime.datetime:
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError("cannot convert %r to a date" % (value,))
    return parsed


CONVERTERS = {STR: to_string, NUM: to_number, BOOL: to_bool, DATE: to_date}
TYPE_NAMES = {
    "string": STR, "system.string": STR, "varchar": STR, "nvarchar": STR, "char": STR, "nchar": STR, "text": STR,
    "guid": STR, "system.guid": STR,
    "int": NUM, "int16": NUM, "int32": NUM, "int64": NUM, "integer": NUM, "bigint": NUM, "smallint": NUM,
    "system.int16": NUM, "system.int32": NUM, "system.int64": NUM, "long": NUM,
    "double": NUM, "single": NUM, "decimal": NUM, "float": NUM, "real": NUM, "numeric": NUM,
    "system.double": NUM, "system.single": NUM, "system.decimal": NUM,
    "boolean": BOOL, "bool": BOOL, "bit": BOOL, "system.boolean": BOOL,
    "datetime": DATE, "date": DATE, "system.datetime": DATE, "datetime2": DATE,
}
INTEGER_TYPES = frozenset(("int", "int16", "int32", "int64", "integer", "bigint", "smallint", "long",
                           "system.int16", "system.int32", "system.int64"))


def enum_value(names: Mapping[str, int], value: Any, what: str, pos: int) -> int:
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in names:
            return names[folded]
        try:
            return int(folded)
        except ValueError:
            raise FilterSyntaxError("Unknown %s value '%s' (expected one of %s or a number)"
                                    % (what, value, ", ".join(sorted(names))), pos) from None
    return int(to_number(value))


def enum_name(names: Mapping[str, int], value: Any) -> str:
    for name, number in names.items():
        if number == value:
            return _canonical_enum_name(name)
    return to_string(value)


def _canonical_enum_name(folded: str) -> str:
    return {"x86": "X86", "x64": "X64", "arm32": "Arm32", "arm64": "Arm64"}.get(folded, folded.capitalize())


PY_COMPARE = {
    "=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _normalize_pair(a: Any, b: Any) -> Optional[Tuple[Any, Any]]:
    """Bring two runtime values to one comparable type (None when they cannot be compared)."""
    if a is None or b is None:
        return None
    if isinstance(a, datetime.datetime) or isinstance(b, datetime.datetime):
        a, b = parse_date(a), parse_date(b)
        return None if a is None or b is None else (a, b)
    a_str, b_str = isinstance(a, str), isinstance(b, str)
    if a_str and b_str:
        return a.casefold(), b.casefold()
    if a_str or b_str:
        try:
            return to_number(a), to_number(b)
        except ValueError:
            return to_string(a).casefold(), to_string(b).casefold()
    return a, b


def generic_compare(op: str) -> Callable[[Any, Any], bool]:
    test = PY_COMPARE[op]

    def compare(a: Any, b: Any) -> bool:
        pair = _normalize_pair(a, b)
        if pair is None:
            return op == "<>" and (a is None) != (b is None)
        try:
            return test(pair[0], pair[1])
        except TypeError:
            return op == "<>"
    return compare


def apply_arithmetic(operation: Callable[[Any, Any], Any], a: Any, b: Any, op: str, pos: int) -> Any:
    try:
        return operation(to_number(a), to_number(b))
    except ZeroDivisionError:
        raise FilterSyntaxError("Division by zero in '%s'" % op, pos) from None
    except ValueError as exc:
        raise FilterSyntaxError("Operator '%s': %s" % (op, exc), pos) from None


def _remainder(a: Any, b: Any) -> Any:
    if b == 0:
        raise ZeroDivisionError
    if isinstance(a, int) and isinstance(b, int):
        result = abs(a) % abs(b)
        return -result if a < 0 else result
    return math.fmod(a, b)


def _divide(a: Any, b: Any) -> Any:
    result = a / b
    return int(result) if isinstance(a, int) and isinstance(b, int) and result.is_integer() else result


ARITHMETIC = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": _divide,
              "%": _remainder}
