# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Building session filter expressions from user values without injection.

PRIVATE to the collection: this file may change without notice.

The filter language quotes strings with single quotes and escapes a quote by doubling it (``'O''Brien'``).
Property names are bare identifiers, so they are checked against a pattern instead of being quoted.
"""

from __future__ import annotations

import re

from ansible_collections.screenconnect.restapi.plugins.module_utils._errors import ScreenConnectInputError

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


class FilterBuildError(ScreenConnectInputError):
    """A property name or value cannot be expressed safely."""


def quote(value):
    """A literal for the filter language: strings quoted, booleans 1/0, numbers as they are."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value)
    text = "" if value is None else str(value)
    return "'" + text.replace("'", "''") + "'"


def _escape_like(value):
    """LIKE knows only leading and trailing wildcards; a literal value must not start or end with one."""
    text = "" if value is None else str(value)
    if text[:1] in ("*", "%") or text[-1:] in ("*", "%"):
        raise FilterBuildError("a value used with a wildcard match cannot itself start or end with * or %%: %r" % text)
    return text


def like(prop, value, prefix=False, suffix=False):
    """``Prop LIKE 'value*'`` style match with the wildcards the server supports."""
    pattern = ("*" if suffix else "") + _escape_like(value) + ("*" if prefix else "")
    return "%s LIKE %s" % (identifier(prop), quote(pattern))


def identifier(name):
    text = str(name)
    if not _IDENTIFIER.match(text):
        raise FilterBuildError("%r is not a session property name (letters and digits only, e.g. CustomProperty1)" % text)
    return text


def condition(prop, value):
    """``Prop = 'value'``, or ``Prop IN ('a', 'b')`` for a list of values."""
    name = identifier(prop)
    if isinstance(value, (list, tuple, set, frozenset)):
        values = list(value)
        if not values:
            raise FilterBuildError("the list of values for %s is empty" % name)
        return "%s IN (%s)" % (name, ", ".join(quote(item) for item in values))
    return "%s = %s" % (name, quote(value))


def combine(expressions, operator="AND"):
    """Join expressions, each in parentheses: the server gives AND and OR the same precedence."""
    if operator not in ("AND", "OR"):
        raise FilterBuildError("operator must be AND or OR")
    parts = [expression for expression in expressions if expression]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return (" %s " % operator).join("(%s)" % part for part in parts)


def build_filter(match=None, raw=None, session_type=None):
    """One expression from a dict of property -> value (or list of values), a raw expression and a session type."""
    parts = []
    if raw:
        parts.append(raw)
    for prop in sorted(match or {}):
        parts.append(condition(prop, match[prop]))
    if session_type is not None:
        parts.append(condition("SessionType", session_type))
    return combine(parts)
