# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ScreenConnect session filter language (reference section 4) for the emulator: the names its users import.

``compile_filter(text)`` tokenizes (``filter_lexer``) and parses (``filter_parser``) the expression into an AST,
then the evaluator (``filter_evaluator``) checks property, function and variable names and the types it can know
statically, folds constants, and compiles the tree into Python closures once; the result is a predicate over the
flat views that ``filter_view(session, notes)`` (``filter_views``) builds from Session JSON dicts (reference
sections 3.2 and 3.5). Run-time conversions and operators are in ``filter_values``, the scalar functions and LIKE
in ``filter_functions``, the property table in ``filter_schema`` and dates in ``filter_dates``.

Semantics chosen where the reference is silent (marked [INF] there): string comparisons are case-insensitive;
a wildcard (``*`` or ``%``) is one only as the first or last character of a LIKE pattern; "never" dates are
``DATE_MIN`` (older than everything); an empty expression matches every session; positions in error messages
are 1-based character offsets into the expression.
"""

from __future__ import annotations

from .filter_dates import DATE_MIN, UTC, parse_date
from .filter_errors import FilterSyntaxError
from .filter_evaluator import SERVER_VERSION, USERNAME, compile_filter
from .filter_lexer import Token, tokenize
from .filter_parser import Node, parse
from .filter_schema import (ANY, BOOL, DATE, ENUMS, KNOWN_PROPERTIES, NUM, PROCESSOR_ARCHITECTURES, PROPERTY_TYPES,
                            SESSION_TYPES, STR)
from .filter_views import filter_view

__all__ = [
    "ANY", "BOOL", "DATE", "DATE_MIN", "ENUMS", "FilterSyntaxError", "KNOWN_PROPERTIES", "NUM", "Node",
    "PROCESSOR_ARCHITECTURES", "PROPERTY_TYPES", "SERVER_VERSION", "SESSION_TYPES", "STR", "Token", "USERNAME", "UTC",
    "compile_filter", "filter_view", "parse", "parse_date", "tokenize",
]
