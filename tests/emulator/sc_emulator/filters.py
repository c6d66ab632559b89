# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ScreenConnect session filter language (reference section 4) for the emulator.

``compile_filter(text)`` tokenizes and parses the expression into an AST (recursive descent), checks property,
function and variable names and the types it can know statically, folds constants, and compiles the tree into
Python closures once; the result is a predicate over the flat views that ``filter_view(session, notes)`` builds
from Session JSON dicts (reference sections 3.2 and 3.5).

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

Semantics chosen where the reference is silent (marked [INF] there): string comparisons are case-insensitive;
a wildcard (``*`` or ``%``) is one only as the first or last character of a LIKE pattern; "never" dates are
``DATE_MIN`` (older than everything); an empty expression matches every session; positions in error messages
are 1-based character offsets into the expression.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

UTC = datetime.timezone.utc
DATE_MIN = datetime.datetime.min.replace(tzinfo=UTC)
USERNAME = "RESTful API"
SERVER_VERSION = "25.4.25.9313"

SESSION_TYPES = {"support": 0, "meeting": 1, "access": 2}
PROCESSOR_ARCHITECTURES = {"unknown": -1, "x86": 0, "arm32": 5, "x64": 9, "arm64": 12}
ENUMS = {"SessionType": SESSION_TYPES, "GuestProcessorArchitecture": PROCESSOR_ARCHITECTURES}

STR, NUM, BOOL, DATE, ANY = "string", "number", "boolean", "date", "any"

_STRING_PROPERTIES = (
    "SessionID", "Name", "Host", "Code", "Notes", "ConnectedParticipantNames", "LogonSessionDisplayNames",
    "GuestLoggedOnUserDomain", "GuestLoggedOnUserName", "GuestMachineDomain", "GuestMachineName",
    "GuestOperatingSystemName", "GuestOperatingSystemVersion", "GuestProcessorName", "GuestScreenshotContentType",
    "GuestOperatingSystemManufacturerName", "GuestMachineManufacturerName", "GuestMachineModel",
    "GuestMachineProductNumber", "GuestMachineSerialNumber", "GuestMachineDescription", "GuestClientVersion",
    "GuestNetworkAddress", "GuestPrivateNetworkAddress", "GuestHardwareNetworkAddress", "GuestTimezoneName",
) + tuple("CustomProperty%d" % index for index in range(1, 9))
_NUMBER_PROPERTIES = (
    "SessionType", "GuestProcessorArchitecture", "HostConnectedCount", "GuestConnectedCount",
    "GuestProcessorVirtualCount", "GuestSystemMemoryTotalMegabytes", "GuestSystemMemoryAvailableMegabytes",
    "GuestAttributes", "GuestTimezoneOffsetHours", "QueuedEventCount", "UnacknowledgedEventCount",
    "PendingRequestEventCount",
)
_BOOL_PROPERTIES = ("IsPublic", "GuestIsLocalAdminPresent")
_DATE_PROPERTIES = (
    "FirstEventTime", "LastEventTime", "LastConnectedEventTime", "LastHostConnectedEventTime",
    "LastGuestConnectedEventTime", "LastDisconnectedEventTime", "LastGuestDisconnectedEventTime",
    "GuestLastActivityTime", "GuestOperatingSystemInstallationTime", "GuestLastBootTime", "GuestInfoUpdateTime",
    "LastNeedsAcknowledgementEventTime", "LastAcknowledgementEventTime",
)

#: property name -> its type; the names of reference section 4.2
PROPERTY_TYPES: Dict[str, str] = {}
PROPERTY_TYPES.update((name, STR) for name in _STRING_PROPERTIES)
PROPERTY_TYPES.update((name, NUM) for name in _NUMBER_PROPERTIES)
PROPERTY_TYPES.update((name, BOOL) for name in _BOOL_PROPERTIES)
PROPERTY_TYPES.update((name, DATE) for name in _DATE_PROPERTIES)
KNOWN_PROPERTIES = frozenset(PROPERTY_TYPES)
_PROPERTY_BY_FOLDED = {name.casefold(): name for name in PROPERTY_TYPES}
_DEFAULTS = {STR: "", NUM: 0, BOOL: False, DATE: DATE_MIN}

# filter property -> GuestInfo key (the JSON nests machine facts under GuestInfo with un-prefixed names)
_GUEST_INFO_KEYS = {
    "GuestLoggedOnUserDomain": "LoggedOnUserDomain", "GuestLoggedOnUserName": "LoggedOnUserName",
    "GuestMachineDomain": "MachineDomain", "GuestMachineName": "MachineName",
    "GuestOperatingSystemName": "OperatingSystemName", "GuestOperatingSystemVersion": "OperatingSystemVersion",
    "GuestProcessorName": "ProcessorName", "GuestScreenshotContentType": "ScreenshotContentType",
    "GuestOperatingSystemManufacturerName": "OperatingSystemManufacturerName",
    "GuestMachineManufacturerName": "MachineManufacturerName", "GuestMachineModel": "MachineModel",
    "GuestMachineProductNumber": "MachineProductNumber", "GuestMachineSerialNumber": "MachineSerialNumber",
    "GuestMachineDescription": "MachineDescription", "GuestPrivateNetworkAddress": "PrivateNetworkAddress",
    "GuestHardwareNetworkAddress": "HardwareNetworkAddress", "GuestTimezoneName": "TimeZoneName",
    "GuestProcessorArchitecture": "ProcessorArchitecture", "GuestProcessorVirtualCount": "ProcessorVirtualCount",
    "GuestSystemMemoryTotalMegabytes": "SystemMemoryTotalMegabytes",
    "GuestSystemMemoryAvailableMegabytes": "SystemMemoryAvailableMegabytes", "GuestAttributes": "Attributes",
    "GuestTimezoneOffsetHours": "TimeZoneOffsetHours", "GuestIsLocalAdminPresent": "IsLocalAdminPresent",
    "GuestLastActivityTime": "LastActivityTime", "GuestOperatingSystemInstallationTime": "OperatingSystemInstallationTime",
    "GuestLastBootTime": "LastBootTime",
}
# filter property -> list in the Session JSON whose length it is
_COUNT_LISTS = {"QueuedEventCount": "QueuedEvents", "UnacknowledgedEventCount": "UnacknowledgedEvents",
                "PendingRequestEventCount": "PendingRequestEvents"}


class FilterSyntaxError(ValueError):
    """A filter expression that cannot be compiled (or, rarely, evaluated); says what and where (1-based)."""

    def __init__(self, message: str, position: Optional[int] = None) -> None:
        self.position = position
        if position is not None:
            message = "%s at position %d" % (message, position)
        super().__init__(message)


# --------------------------------------------------------------------------------------------------- dates

_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?\s*$", re.IGNORECASE)
_US_DATE_RE = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(AM|PM)?)?\s*$",
    re.IGNORECASE)
_date_cache: Dict[str, Optional[datetime.datetime]] = {}


def parse_date(text: Any) -> Optional[datetime.datetime]:
    """Parse a ScreenConnect/ISO date (or ``M/d/yyyy [h:mm[:ss] [AM|PM]]``) to an aware UTC datetime.

    Zone-less values are UTC; ``0001-01-01T00:00:00`` (the "never" MinValue) gives ``DATE_MIN``.
    Returns None when the text is not a date.
    """
    if isinstance(text, datetime.datetime):
        return text if text.tzinfo is not None else text.replace(tzinfo=UTC)
    if not isinstance(text, str):
        return None
    try:
        return _date_cache[text]
    except KeyError:
        pass
    value = _parse_date_uncached(text)
    if len(_date_cache) > 65536:
        _date_cache.clear()
    _date_cache[text] = value
    return value


def _parse_date_uncached(text: str) -> Optional[datetime.datetime]:
    match = _DATE_RE.match(text)
    zone = None
    if match:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
    else:
        match = _US_DATE_RE.match(text)
        if not match:
            return None
        month, day, year, hour, minute, second, fraction, ampm = match.groups()
        if ampm and hour:
            hour = int(hour) % 12 + (12 if ampm.upper() == "PM" else 0)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        value = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                                  micro, tzinfo=UTC)
    except ValueError:
        return None
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        try:
            value = value - sign * offset
        except OverflowError:
            return DATE_MIN
    return value


# --------------------------------------------------------------------------------------------------- views

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    try:
        return int(str(value))
    except ValueError:
        try:
            return float(str(value))
        except ValueError:
            return 0


def _enum(value: Any, names: Mapping[str, int], default: int) -> int:
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in names:
            return names[folded]
    if value is None or value == "":
        return default
    return int(_number(value))


def _date(value: Any) -> datetime.datetime:
    parsed = parse_date(value)
    return DATE_MIN if parsed is None else parsed


_COMPUTED = frozenset(["SessionType", "GuestProcessorArchitecture", "Notes", "GuestConnectedCount", "HostConnectedCount",
                       "ConnectedParticipantNames", "LogonSessionDisplayNames"] + list(_COUNT_LISTS)
                      + ["CustomProperty%d" % index for index in range(1, 9)])
# (name, GuestInfo key or None) of the properties copied from the JSON, by type
_COPIED = {kind: tuple((name, _GUEST_INFO_KEYS.get(name)) for name, type_ in PROPERTY_TYPES.items()
                       if type_ == kind and name not in _COMPUTED) for kind in (STR, NUM, BOOL, DATE)}


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() in ("true", "1")
    return bool(value)


def filter_view(session: Mapping[str, Any], notes: Sequence[str] = ()) -> Dict[str, Any]:
    """The flat property dict of reference section 4.2 for a Session JSON dict (sections 3.2/3.5).

    Strings are never None ("" instead), booleans are bools, counts and enums ints, dates aware datetimes
    (``DATE_MIN`` for "never" and for missing dates).
    """
    guest = session.get("GuestInfo") or {}
    top = session.get
    view: Dict[str, Any] = {}
    for name, key in _COPIED[STR]:
        raw = guest.get(key, top(name)) if key else top(name)
        view[name] = raw if raw.__class__ is str else _text(raw)
    for name, key in _COPIED[DATE]:
        raw = guest.get(key, top(name)) if key else top(name)
        view[name] = DATE_MIN if raw is None else _date(raw)
    for name, key in _COPIED[NUM]:
        raw = guest.get(key, top(name)) if key else top(name)
        view[name] = 0 if raw is None else (raw if raw.__class__ is int else _number(raw))
    for name, key in _COPIED[BOOL]:
        view[name] = _bool(guest.get(key, top(name)) if key else top(name))
    view["SessionType"] = _enum(top("SessionType"), SESSION_TYPES, 0)
    view["GuestProcessorArchitecture"] = _enum(guest.get("ProcessorArchitecture", top("GuestProcessorArchitecture")),
                                               PROCESSOR_ARCHITECTURES, -1)
    values = top("CustomPropertyValues") or ()
    named = top("CustomProperties")
    if not isinstance(named, Mapping):
        named = {}
    for index in range(8):
        name = "CustomProperty%d" % (index + 1)
        value = values[index] if index < len(values) else named.get(name, top(name))
        view[name] = value if value.__class__ is str else _text(value)
    view["Notes"] = ";".join(_text(note) for note in notes)
    connections = top("ActiveConnections") or ()
    guests = hosts = 0
    names = []
    for item in connections:
        process = item.get("ProcessType")
        if process == 2:
            guests += 1
        elif process == 1:
            hosts += 1
        if item.get("ParticipantName"):
            names.append(_text(item["ParticipantName"]))
    view["GuestConnectedCount"] = guests
    view["HostConnectedCount"] = hosts
    view["ConnectedParticipantNames"] = ";".join(names)
    logons = top("LogonSessions") or ()
    view["LogonSessionDisplayNames"] = ";".join(
        _text(item.get("DisplayName") or item.get("Name")) if isinstance(item, Mapping) else _text(item)
        for item in logons)
    for name, key in _COUNT_LISTS.items():
        items = top(key)
        view[name] = len(items) if isinstance(items, list) else _number(top(name) or 0)
    return view


# --------------------------------------------------------------------------------------------------- tokens

_KEYWORDS = frozenset(("and", "or", "not", "like", "in", "between", "as", "true", "false"))
_OPERATORS = ("<=", ">=", "<>", "!=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",")
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_NUMBER_RE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_VARIABLE_RE = re.compile(r"\$[A-Za-z0-9_]+")
_DAYSAGO_RE = re.compile(r"^\$(\d+)DAYSAGO$", re.IGNORECASE)


class _Token:
    __slots__ = ("kind", "value", "pos", "text")

    def __init__(self, kind: str, value: Any, pos: int, text: str) -> None:
        self.kind = kind      # "num", "str", "date", "var", "ident", "kw", "op", "end"
        self.value = value    # parsed value; keywords lower-case
        self.pos = pos        # 1-based
        self.text = text

    def describe(self) -> str:
        return "end of expression" if self.kind == "end" else repr(self.text)


def tokenize(expression: str) -> List[_Token]:
    tokens: List[_Token] = []
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
            tokens.append(_Token("str", "".join(parts), pos, expression[index:end]))
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
            tokens.append(_Token("date", value, pos, expression[index:close + 1]))
            index = close + 1
            continue
        if char.isdigit() or (char == "." and index + 1 < length and expression[index + 1].isdigit()):
            match = _NUMBER_RE.match(expression, index)
            text = match.group(0)
            value = float(text) if any(c in text for c in ".eE") else int(text)
            tokens.append(_Token("num", value, pos, text))
            index = match.end()
            continue
        if char == "$":
            match = _VARIABLE_RE.match(expression, index)
            if not match:
                raise FilterSyntaxError("Expected a variable name after '$'", pos)
            tokens.append(_Token("var", match.group(0).upper(), pos, match.group(0)))
            index = match.end()
            continue
        if char.isalpha() or char == "_":
            match = _IDENT_RE.match(expression, index)
            text = match.group(0)
            folded = text.casefold()
            if folded in _KEYWORDS:
                tokens.append(_Token("kw", folded, pos, text))
            else:
                tokens.append(_Token("ident", text, pos, text))
            index = match.end()
            continue
        for operator in _OPERATORS:
            if expression.startswith(operator, index):
                tokens.append(_Token("op", operator, pos, operator))
                index += len(operator)
                break
        else:
            if char == '"':
                raise FilterSyntaxError("Unexpected character '\"' (string literals use single quotes)", pos)
            raise FilterSyntaxError("Unexpected character %r" % char, pos)
    tokens.append(_Token("end", None, length + 1, ""))
    return tokens


# --------------------------------------------------------------------------------------------------- AST

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
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def is_kw(self, *words: str) -> bool:
        return self.token.kind == "kw" and self.token.value in words

    def is_op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.value in ops

    def expect_op(self, op: str, context: str) -> _Token:
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
            name = _PROPERTY_BY_FOLDED.get(token.value.casefold())
            if name is None:
                raise FilterSyntaxError("Unknown property '%s'" % token.value, token.pos)
            return Node("PROPERTY", (name,), token.pos)
        if token.kind == "end":
            raise FilterSyntaxError("Expected an operand but found end of expression", token.pos)
        raise FilterSyntaxError("Expected an operand but found %s" % token.describe(), token.pos)

    def function(self, name_token: _Token) -> Node:
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


# --------------------------------------------------------------------------------------------------- compiler

class _Code:
    """A compiled sub-expression: ``fn(view)`` computes it; constants carry their value."""

    __slots__ = ("fn", "kind", "const", "value", "enum", "pos")

    def __init__(self, fn: Callable[[Mapping[str, Any]], Any], kind: str, pos: int, const: bool = False,
                 value: Any = None, enum: Optional[Mapping[str, int]] = None) -> None:
        self.fn = fn
        self.kind = kind
        self.pos = pos
        self.const = const
        self.value = value
        self.enum = enum


def _constant(value: Any, kind: str, pos: int) -> _Code:
    return _Code(lambda view: value, kind, pos, const=True, value=value)


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in ("true", "1"):
            return True
        if folded in ("false", "0", ""):
            return False
        raise ValueError("cannot convert %r to a boolean" % value)
    return bool(value)


def _to_number(value: Any) -> Any:
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


def _to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%m/%d/%Y %H:%M:%S")
    return "" if value is None else str(value)


def _to_date(value: Any) -> datetime.datetime:
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError("cannot convert %r to a date" % (value,))
    return parsed


_CONVERTERS = {STR: _to_string, NUM: _to_number, BOOL: _to_bool, DATE: _to_date}
_TYPE_NAMES = {
    "string": STR, "system.string": STR, "varchar": STR, "nvarchar": STR, "char": STR, "nchar": STR, "text": STR,
    "guid": STR, "system.guid": STR,
    "int": NUM, "int16": NUM, "int32": NUM, "int64": NUM, "integer": NUM, "bigint": NUM, "smallint": NUM,
    "system.int16": NUM, "system.int32": NUM, "system.int64": NUM, "long": NUM,
    "double": NUM, "single": NUM, "decimal": NUM, "float": NUM, "real": NUM, "numeric": NUM,
    "system.double": NUM, "system.single": NUM, "system.decimal": NUM,
    "boolean": BOOL, "bool": BOOL, "bit": BOOL, "system.boolean": BOOL,
    "datetime": DATE, "date": DATE, "system.datetime": DATE, "datetime2": DATE,
}
_INTEGER_TYPES = frozenset(("int", "int16", "int32", "int64", "integer", "bigint", "smallint", "long",
                            "system.int16", "system.int32", "system.int64"))


def _enum_value(names: Mapping[str, int], value: Any, what: str, pos: int) -> int:
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in names:
            return names[folded]
        try:
            return int(folded)
        except ValueError:
            raise FilterSyntaxError("Unknown %s value '%s' (expected one of %s or a number)"
                                    % (what, value, ", ".join(sorted(names))), pos) from None
    return int(_to_number(value))


def _enum_name(names: Mapping[str, int], value: Any) -> str:
    for name, number in names.items():
        if number == value:
            return _canonical_enum_name(name)
    return _to_string(value)


def _canonical_enum_name(folded: str) -> str:
    return {"x86": "X86", "x64": "X64", "arm32": "Arm32", "arm64": "Arm64"}.get(folded, folded.capitalize())


_PY_COMPARE = {
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
            return _to_number(a), _to_number(b)
        except ValueError:
            return _to_string(a).casefold(), _to_string(b).casefold()
    return a, b


def _generic_compare(op: str) -> Callable[[Any, Any], bool]:
    test = _PY_COMPARE[op]

    def compare(a: Any, b: Any) -> bool:
        pair = _normalize_pair(a, b)
        if pair is None:
            return op == "<>" and (a is None) != (b is None)
        try:
            return test(pair[0], pair[1])
        except TypeError:
            return op == "<>"
    return compare


class _Compiler:
    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def compile(self, node: Node) -> _Code:
        code = getattr(self, "c_" + node.kind)(node)
        if not code.const and self._all_const(node):
            try:
                value = code.fn({})
            except FilterSyntaxError:
                raise
            except (ValueError, TypeError, ArithmeticError) as exc:
                raise FilterSyntaxError("Cannot evaluate: %s" % exc, node.pos) from None
            return _Code(lambda view: value, code.kind, node.pos, const=True, value=value, enum=code.enum)
        return code

    def _all_const(self, node: Node) -> bool:
        if node.kind == "PROPERTY":
            return False
        for arg in node.args:
            if isinstance(arg, Node) and not self._all_const(arg):
                return False
            if isinstance(arg, tuple) and not all(self._all_const(item) for item in arg if isinstance(item, Node)):
                return False
        return True

    # ---- leaves
    def c_LITERAL(self, node: Node) -> _Code:
        kind, value = node.args
        return _constant(value, kind, node.pos)

    def c_PROPERTY(self, node: Node) -> _Code:
        name = node.args[0]
        kind = PROPERTY_TYPES[name]
        default = _DEFAULTS[kind]

        def get(view: Mapping[str, Any]) -> Any:
            return view.get(name, default)
        return _Code(get, kind, node.pos, enum=ENUMS.get(name))

    def c_VARIABLE(self, node: Node) -> _Code:
        name = node.args[0]
        now = self.now.replace(minute=0, second=0, microsecond=0)
        if name == "$NOW":
            return _constant(now, DATE, node.pos)
        if name == "$USERNAME":
            return _constant(USERNAME, STR, node.pos)
        if name == "$SERVERVERSION":
            return _constant(SERVER_VERSION, STR, node.pos)
        match = _DAYSAGO_RE.match(name)
        if match:
            try:
                return _constant(now - datetime.timedelta(days=int(match.group(1))), DATE, node.pos)
            except OverflowError:
                return _constant(DATE_MIN, DATE, node.pos)
        if name in ("$OTHERAND", "$OTHEROR"):
            raise FilterSyntaxError("Variable %s only exists in session group filters" % name, node.pos)
        raise FilterSyntaxError("Unknown variable '%s'" % name, node.pos)

    # ---- logic
    def _boolean(self, code: _Code, what: str) -> Callable[[Mapping[str, Any]], bool]:
        if code.kind == BOOL:
            return code.fn
        if code.kind == ANY:
            fn = code.fn
            return lambda view: _to_bool(fn(view))
        raise FilterSyntaxError("%s needs a boolean operand, not a %s" % (what, code.kind), code.pos)

    def c_AND(self, node: Node) -> _Code:
        left = self._boolean(self.compile(node.args[0]), "AND")
        right = self._boolean(self.compile(node.args[1]), "AND")
        return _Code(lambda view: left(view) and right(view), BOOL, node.pos)

    def c_OR(self, node: Node) -> _Code:
        left = self._boolean(self.compile(node.args[0]), "OR")
        right = self._boolean(self.compile(node.args[1]), "OR")
        return _Code(lambda view: left(view) or right(view), BOOL, node.pos)

    def c_NOT(self, node: Node) -> _Code:
        inner = self._boolean(self.compile(node.args[0]), "NOT")
        return _Code(lambda view: not inner(view), BOOL, node.pos)

    # ---- comparisons
    def _coerce_constant(self, const: _Code, other: _Code, pos: int) -> _Code:
        """Convert a constant to the type of the other side (enum names, dates in strings, '1' for booleans)."""
        value = const.value
        try:
            if other.enum is not None and isinstance(value, str):
                what = "SessionType" if other.enum is SESSION_TYPES else "GuestProcessorArchitecture"
                return _constant(_enum_value(other.enum, value, what, const.pos), NUM, const.pos)
            if other.kind == DATE and const.kind != DATE:
                if const.kind != STR:
                    raise FilterSyntaxError("Cannot compare a date with a %s" % const.kind, pos)
                parsed = parse_date(value)
                if parsed is None:
                    raise FilterSyntaxError("Invalid date '%s'" % value, const.pos)
                return _constant(parsed, DATE, const.pos)
            if other.kind in (NUM, BOOL) and const.kind == STR:
                converted = int(_to_bool(value)) if other.kind == BOOL else _to_number(value)
                return _constant(converted, NUM, const.pos)
            if other.kind == STR and const.kind in (NUM, BOOL):
                return const  # compared numerically at run time when the string is numeric
        except FilterSyntaxError:
            raise
        except ValueError:
            raise FilterSyntaxError("Cannot compare %s with '%s'" % (other.kind, value), const.pos) from None
        return const

    def _pair(self, left: _Code, right: _Code, pos: int) -> Tuple[_Code, _Code]:
        if right.const and not left.const:
            right = self._coerce_constant(right, left, pos)
        elif left.const and not right.const:
            left = self._coerce_constant(left, right, pos)
        kinds = {left.kind, right.kind}
        if DATE in kinds and not kinds <= {DATE, STR, ANY}:
            raise FilterSyntaxError("Cannot compare a date with a %s" % (kinds - {DATE}).pop(), pos)
        return left, right

    def _comparator(self, op: str, left: _Code, right: _Code) -> Callable[[Any, Any], bool]:
        """A function of two run-time values; specialised when both types are known."""
        kinds = {left.kind, right.kind}
        if kinds <= {NUM, BOOL} or kinds == {DATE}:
            return _PY_COMPARE[op]
        if kinds == {STR}:
            test = _PY_COMPARE[op]
            return lambda a, b: test(a.casefold(), b.casefold())
        return _generic_compare(op)

    def c_COMPARE(self, node: Node) -> _Code:
        op, left_node, right_node = node.args
        left, right = self._pair(self.compile(left_node), self.compile(right_node), node.pos)
        lfn, rfn = left.fn, right.fn
        kinds = {left.kind, right.kind}
        if right.const and kinds == {STR}:
            # the hot path: property = 'literal'
            target = right.value.casefold()
            if op == "=":
                return _Code(lambda view: lfn(view).casefold() == target, BOOL, node.pos)
            if op == "<>":
                return _Code(lambda view: lfn(view).casefold() != target, BOOL, node.pos)
            test = _PY_COMPARE[op]
            return _Code(lambda view: test(lfn(view).casefold(), target), BOOL, node.pos)
        test = self._comparator(op, left, right)
        if right.const:
            value = right.value
            if op == "=" and (kinds <= {NUM, BOOL} or kinds == {DATE}):
                return _Code(lambda view: lfn(view) == value, BOOL, node.pos)
            return _Code(lambda view: test(lfn(view), value), BOOL, node.pos)
        return _Code(lambda view: test(lfn(view), rfn(view)), BOOL, node.pos)

    def c_BETWEEN(self, node: Node) -> _Code:
        value_node, low_node, high_node = node.args
        value = self.compile(value_node)
        value, low = self._pair(value, self.compile(low_node), node.pos)
        value, high = self._pair(value, self.compile(high_node), node.pos)
        ge, le = self._comparator(">=", value, low), self._comparator("<=", value, high)
        vfn, lfn, hfn = value.fn, low.fn, high.fn

        def between(view: Mapping[str, Any]) -> bool:
            current = vfn(view)
            return ge(current, lfn(view)) and le(current, hfn(view))
        return _Code(between, BOOL, node.pos)

    def c_IN(self, node: Node) -> _Code:
        value_node, item_nodes = node.args
        value = self.compile(value_node)
        items = []
        for item_node in item_nodes:
            value, item = self._pair(value, self.compile(item_node), item_node.pos)
            items.append(item)
        vfn = value.fn
        if all(item.const for item in items):
            kinds = {value.kind} | {item.kind for item in items}
            if kinds == {STR}:
                folded = frozenset(item.value.casefold() for item in items)
                return _Code(lambda view: vfn(view).casefold() in folded, BOOL, node.pos)
            if kinds <= {NUM, BOOL} or kinds == {DATE}:
                members = frozenset(item.value for item in items)
                return _Code(lambda view: vfn(view) in members, BOOL, node.pos)
        tests = [(self._comparator("=", value, item), item.fn) for item in items]

        def is_in(view: Mapping[str, Any]) -> bool:
            current = vfn(view)
            return any(test(current, fn(view)) for test, fn in tests)
        return _Code(is_in, BOOL, node.pos)

    def c_LIKE(self, node: Node) -> _Code:
        value = self.compile(node.args[0])
        pattern = self.compile(node.args[1])
        vfn = _as_text(value)
        if pattern.const:
            match = _like_matcher(_to_string(pattern.value))
            return _Code(lambda view: match(vfn(view).casefold()), BOOL, node.pos)
        pfn = pattern.fn
        return _Code(lambda view: _like_matcher(_to_string(pfn(view)))(vfn(view).casefold()), BOOL, node.pos)

    # ---- arithmetic
    def c_NEG(self, node: Node) -> _Code:
        inner = self.compile(node.args[0])
        if inner.kind not in (NUM, BOOL, ANY):
            raise FilterSyntaxError("Unary '-' needs a number, not a %s" % inner.kind, node.pos)
        fn = inner.fn
        return _Code(lambda view: -_to_number(fn(view)), NUM, node.pos)

    def c_ARITH(self, node: Node) -> _Code:
        op, left_node, right_node = node.args
        left, right = self.compile(left_node), self.compile(right_node)
        lfn, rfn = left.fn, right.fn
        kinds = {left.kind, right.kind}
        if op == "+" and STR in kinds:
            return _Code(lambda view: _to_string(lfn(view)) + _to_string(rfn(view)), STR, node.pos)
        if DATE in kinds:
            raise FilterSyntaxError("Operator '%s' cannot be applied to a date" % op, node.pos)
        operation = _ARITHMETIC[op]
        pos = node.pos
        if op == "+" and ANY in kinds:
            def plus(view: Mapping[str, Any]) -> Any:
                a, b = lfn(view), rfn(view)
                if isinstance(a, str) or isinstance(b, str):
                    return _to_string(a) + _to_string(b)
                return _apply(operation, a, b, op, pos)
            return _Code(plus, ANY, node.pos)
        return _Code(lambda view: _apply(operation, lfn(view), rfn(view), op, pos), NUM, node.pos)

    # ---- functions
    def c_CAST(self, node: Node) -> _Code:
        value = self.compile(node.args[0])
        return self._convert(value, node.args[1], node.pos)

    def _convert(self, value: _Code, type_name: str, pos: int) -> _Code:
        folded = type_name.strip().casefold()
        kind = _TYPE_NAMES.get(folded)
        if kind is None:
            raise FilterSyntaxError("Unknown type '%s'" % type_name, pos)
        converter = _CONVERTERS[kind]
        fn = value.fn
        if folded in _INTEGER_TYPES:
            def convert(view: Mapping[str, Any]) -> Any:
                return int(_to_number(fn(view)))
        else:
            def convert(view: Mapping[str, Any]) -> Any:
                return converter(fn(view))
        return _Code(_guarded(convert, "CONVERT", pos), kind, pos)

    def c_CALL(self, node: Node) -> _Code:
        name, arg_nodes = node.args
        if name == "CONVERT":
            value, type_code = self.compile(arg_nodes[0]), self.compile(arg_nodes[1])
            if not type_code.const or not isinstance(type_code.value, str):
                raise FilterSyntaxError("CONVERT needs a type name as its second argument", node.pos)
            return self._convert(value, type_code.value, node.pos)
        args = [self.compile(arg) for arg in arg_nodes]
        fns = [arg.fn for arg in args]
        pos = node.pos
        if name == "IIF":
            cond = self._boolean(args[0], "IIF")
            yes, no = fns[1], fns[2]
            kind = args[1].kind if args[1].kind == args[2].kind else ANY
            return _Code(lambda view: yes(view) if cond(view) else no(view), kind, pos)
        if name == "ISNULL":
            first, second = fns
            kind = args[0].kind if args[0].kind == args[1].kind else ANY

            def isnull(view: Mapping[str, Any]) -> Any:
                result = first(view)
                return second(view) if result is None else result
            return _Code(isnull, kind, pos)
        function, kind = _SCALAR_FUNCTIONS[name]
        if len(fns) > 1 and all(arg.const for arg in args[1:]):
            first, rest = fns[0], tuple(arg.value for arg in args[1:])
            if name == "SUBSTRING" and all(isinstance(value, int) and not isinstance(value, bool) for value in rest) \
                    and rest[1] >= 0 and args[0].kind == STR:
                begin, end = max(rest[0] - 1, 0), max(rest[0] - 1 + rest[1], 0)
                return _Code(lambda view: first(view)[begin:end], STR, pos)
            return _Code(_guarded(lambda view: function(first(view), *rest), name, pos), kind, pos)
        if len(fns) == 1:
            only = fns[0]
            return _Code(_guarded(lambda view: function(only(view)), name, pos), kind, pos)
        return _Code(_guarded(lambda view: function(*[fn(view) for fn in fns]), name, pos), kind, pos)


def _as_text(code: _Code) -> Callable[[Mapping[str, Any]], str]:
    """The run-time text of a value for LIKE: enum values by name, other non-strings converted."""
    fn = code.fn
    if code.enum is not None:
        names = code.enum
        return lambda view: _enum_name(names, fn(view))
    if code.kind != STR:
        return lambda view: _to_string(fn(view))
    return fn


def _guarded(fn: Callable[[Mapping[str, Any]], Any], what: str, pos: int) -> Callable[[Mapping[str, Any]], Any]:
    def guarded(view: Mapping[str, Any]) -> Any:
        try:
            return fn(view)
        except (ValueError, TypeError, OverflowError) as exc:
            raise FilterSyntaxError("%s failed: %s" % (what, exc), pos) from None
    return guarded


def _apply(operation: Callable[[Any, Any], Any], a: Any, b: Any, op: str, pos: int) -> Any:
    try:
        return operation(_to_number(a), _to_number(b))
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


_ARITHMETIC = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": _divide,
               "%": _remainder}


def _substring(value: Any, start: Any, length: Any) -> str:
    text, start, length = _to_string(value), int(_to_number(start)), int(_to_number(length))
    if length < 0:
        raise ValueError("negative length %d" % length)
    begin = start - 1
    return text[max(begin, 0):max(begin + length, 0)]


def _left(value: Any, count: Any) -> str:
    count = int(_to_number(count))
    if count < 0:
        raise ValueError("negative length %d" % count)
    return _to_string(value)[:count]


def _right(value: Any, count: Any) -> str:
    count = int(_to_number(count))
    if count < 0:
        raise ValueError("negative length %d" % count)
    text = _to_string(value)
    return text[len(text) - count:] if count else ""


def _date_part(part: str) -> Callable[[Any], int]:
    def get(value: Any) -> int:
        date = _to_date(value)
        if part == "millisecond":
            return date.microsecond // 1000
        if part == "dayofweek":
            return (date.weekday() + 1) % 7  # .NET DayOfWeek: Sunday = 0
        return getattr(date, part)
    return get


_SCALAR_FUNCTIONS: Dict[str, Tuple[Callable[..., Any], str]] = {
    "LEN": (lambda value: len(_to_string(value)), NUM),
    "TRIM": (lambda value: _to_string(value).strip(" \t\r\n"), STR),
    "SUBSTRING": (_substring, STR),
    "LEFT": (_left, STR),
    "RIGHT": (_right, STR),
}
for _part in ("year", "month", "day", "hour", "minute", "second", "millisecond", "dayofweek"):
    _SCALAR_FUNCTIONS[_part.upper()] = (_date_part(_part), NUM)


def _like_matcher(pattern: str) -> Callable[[str], bool]:
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


def compile_filter(expression: str, now: Optional[datetime.datetime] = None) -> Callable[[Mapping[str, Any]], bool]:
    """Compile a filter expression into a predicate over ``filter_view`` dicts.

    ``now`` (default: the current UTC time) fixes ``$NOW`` and ``$<N>DAYSAGO``. Raises FilterSyntaxError for
    syntax errors, unknown properties/functions/variables and statically known type errors. A blank expression
    matches every session.
    """
    if not isinstance(expression, str):
        raise FilterSyntaxError("The filter expression must be a string, not %s" % type(expression).__name__)
    if now is None:
        now = datetime.datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    else:
        now = now.astimezone(UTC)
    if not expression.strip():
        return lambda view: True
    code = _Compiler(now).compile(parse(expression))
    if code.kind not in (BOOL, ANY):
        raise FilterSyntaxError("The filter expression is a %s, not a condition" % code.kind, code.pos)
    fn = code.fn
    if code.const:
        result = bool(code.value)
        return lambda view: result
    if code.kind == ANY:
        return lambda view: _to_bool(fn(view))
    return fn
