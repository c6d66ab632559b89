# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The evaluator: checks the types it can know statically, folds constants and compiles an AST once into
Python closures, so that a predicate over ``filter_view`` dicts runs without re-reading the tree.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Mapping, Optional, Tuple

from .filter_dates import DATE_MIN, UTC, parse_date
from .filter_errors import FilterSyntaxError
from .filter_functions import SCALAR_FUNCTIONS, like_matcher
from .filter_parser import Node, parse
from .filter_schema import ANY, BOOL, DATE, DEFAULTS, ENUMS, NUM, PROPERTY_TYPES, SESSION_TYPES, STR
from .filter_values import (ARITHMETIC, CONVERTERS, INTEGER_TYPES, PY_COMPARE, TYPE_NAMES, apply_arithmetic, enum_name,
                            enum_value, generic_compare, to_bool, to_number, to_string)


USERNAME = "RESTful API"
SERVER_VERSION = "25.4.25.9313"
_DAYSAGO_RE = re.compile(r"^\$(\d+)DAYSAGO$", re.IGNORECASE)


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
        default = DEFAULTS[kind]

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
            return lambda view: to_bool(fn(view))
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
                return _constant(enum_value(other.enum, value, what, const.pos), NUM, const.pos)
            if other.kind == DATE and const.kind != DATE:
                if const.kind != STR:
                    raise FilterSyntaxError("Cannot compare a date with a %s" % const.kind, pos)
                parsed = parse_date(value)
                if parsed is None:
                    raise FilterSyntaxError("Invalid date '%s'" % value, const.pos)
                return _constant(parsed, DATE, const.pos)
            if other.kind in (NUM, BOOL) and const.kind == STR:
                converted = int(to_bool(value)) if other.kind == BOOL else to_number(value)
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
            return PY_COMPARE[op]
        if kinds == {STR}:
            test = PY_COMPARE[op]
            return lambda a, b: test(a.casefold(), b.casefold())
        return generic_compare(op)

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
            test = PY_COMPARE[op]
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
            match = like_matcher(to_string(pattern.value))
            return _Code(lambda view: match(vfn(view).casefold()), BOOL, node.pos)
        pfn = pattern.fn
        return _Code(lambda view: like_matcher(to_string(pfn(view)))(vfn(view).casefold()), BOOL, node.pos)

    # ---- arithmetic
    def c_NEG(self, node: Node) -> _Code:
        inner = self.compile(node.args[0])
        if inner.kind not in (NUM, BOOL, ANY):
            raise FilterSyntaxError("Unary '-' needs a number, not a %s" % inner.kind, node.pos)
        fn = inner.fn
        return _Code(lambda view: -to_number(fn(view)), NUM, node.pos)

    def c_ARITH(self, node: Node) -> _Code:
        op, left_node, right_node = node.args
        left, right = self.compile(left_node), self.compile(right_node)
        lfn, rfn = left.fn, right.fn
        kinds = {left.kind, right.kind}
        if op == "+" and STR in kinds:
            return _Code(lambda view: to_string(lfn(view)) + to_string(rfn(view)), STR, node.pos)
        if DATE in kinds:
            raise FilterSyntaxError("Operator '%s' cannot be applied to a date" % op, node.pos)
        operation = ARITHMETIC[op]
        pos = node.pos
        if op == "+" and ANY in kinds:
            def plus(view: Mapping[str, Any]) -> Any:
                a, b = lfn(view), rfn(view)
                if isinstance(a, str) or isinstance(b, str):
                    return to_string(a) + to_string(b)
                return apply_arithmetic(operation, a, b, op, pos)
            return _Code(plus, ANY, node.pos)
        return _Code(lambda view: apply_arithmetic(operation, lfn(view), rfn(view), op, pos), NUM, node.pos)

    # ---- functions
    def c_CAST(self, node: Node) -> _Code:
        value = self.compile(node.args[0])
        return self._convert(value, node.args[1], node.pos)

    def _convert(self, value: _Code, type_name: str, pos: int) -> _Code:
        folded = type_name.strip().casefold()
        kind = TYPE_NAMES.get(folded)
        if kind is None:
            raise FilterSyntaxError("Unknown type '%s'" % type_name, pos)
        converter = CONVERTERS[kind]
        fn = value.fn
        if folded in INTEGER_TYPES:
            def convert(view: Mapping[str, Any]) -> Any:
                return int(to_number(fn(view)))
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
        function, kind = SCALAR_FUNCTIONS[name]
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
        return lambda view: enum_name(names, fn(view))
    if code.kind != STR:
        return lambda view: to_string(fn(view))
    return fn


def _guarded(fn: Callable[[Mapping[str, Any]], Any], what: str, pos: int) -> Callable[[Mapping[str, Any]], Any]:
    def guarded(view: Mapping[str, Any]) -> Any:
        try:
            return fn(view)
        except (ValueError, TypeError, OverflowError) as exc:
            raise FilterSyntaxError("%s failed: %s" % (what, exc), pos) from None
    return guarded


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
        return lambda view: to_bool(fn(view))
    return fn
