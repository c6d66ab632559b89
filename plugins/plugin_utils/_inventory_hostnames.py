# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Inventory host names: the ``hostnames`` preference list and the handling of duplicate names.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_templating import (
    evaluate_expression,
    is_identifier,
)
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._unsafe import make_unsafe


class HostnameError(ValueError):
    """No hostnames expression gave a name, or duplicates with duplicate_hostnames=error."""


class HostnamePicker(object):
    """Evaluates the ``hostnames`` expressions in order against a session's unprefixed facts; the first non-empty
    result wins. A bare variable name is a dict lookup; anything else is a Jinja expression, evaluated only when the
    names before it gave nothing."""

    def __init__(self, expressions, prefix, templar):
        self._prefix = prefix
        self._templar = templar
        for index, expr in enumerate(expressions or (), start=1):
            if not isinstance(expr, str):
                raise HostnameError("hostnames[%d] must be a text expression, not a %s" % (index, type(expr).__name__))
        # (prefixed key, None) for bare names, (None, expression) for Jinja expressions
        self._steps = tuple((prefix + expr.strip(), None) if is_identifier(expr) else (None, str(expr))
                            for expr in expressions)
        if not self._steps:
            raise HostnameError("hostnames must name at least one expression, e.g. [name, session_id]")

    def pick(self, hostvars):
        """The host name for these prefixed host variables, or raise HostnameError listing what was tried."""
        facts = None
        errors = []
        for key, expression in self._steps:
            if key is not None:
                value = hostvars.get(key)
            else:
                if facts is None:
                    size = len(self._prefix)
                    facts = dict((name[size:], item) for name, item in hostvars.items())
                try:
                    value = evaluate_expression(self._templar, expression, facts)
                except Exception as exc:  # an undefined variable in one expression lets the next one try
                    errors.append("%s: %s" % (expression, exc))
                    continue
            if value is None or isinstance(value, bool):
                continue
            text = value if isinstance(value, str) else str(value)
            if text.strip():
                return make_unsafe(text)
        raise HostnameError("no hostnames expression gave a name for session %s%s"
                            % (hostvars.get(self._prefix + "session_id"),
                               " (%s)" % "; ".join(errors) if errors else ""))


def _rank(entry):
    """Which of several sessions with one name is kept: online first, then the latest connection, then API order."""
    hostvars, prefix, position = entry[1], entry[3], entry[2]
    return (bool(hostvars.get(prefix + "online")), hostvars.get(prefix + "last_connected_event_time") or "", -position)


def resolve_duplicates(entries, mode, prefix):
    """Apply ``duplicate_hostnames`` to [(hostname, hostvars), ...] in API order.

    Returns (entries to add, {hostname: [session ids not kept under that name]}). ``warn`` and ``error`` keep one
    session per name (the caller warns or fails); ``suffix`` keeps all, renaming all but the kept one to
    ``<name>_<session_id>``.
    """
    by_name = {}
    for position, (hostname, hostvars) in enumerate(entries):
        by_name.setdefault(hostname, []).append((hostname, hostvars, position, prefix))
    if len(by_name) == len(entries):
        return entries, {}
    skipped = {}
    renamed = {}
    for hostname, group in by_name.items():
        if len(group) < 2:
            continue
        kept = max(group, key=_rank)
        others = [item for item in group if item is not kept]
        skipped[hostname] = [item[1].get(prefix + "session_id") for item in others]
        for item in others:
            renamed[item[2]] = item
    result = []
    for position, (hostname, hostvars) in enumerate(entries):
        if position not in renamed:
            result.append((hostname, hostvars))
        elif mode == "suffix":
            result.append((make_unsafe("%s_%s" % (hostname, hostvars.get(prefix + "session_id"))), hostvars))
    return result, skipped
