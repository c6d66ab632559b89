# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Client-side ``filters``: a list of ``{include: <condition>}`` / ``{exclude: <condition>}``.

PRIVATE to the collection: this file may change without notice.

The semantics of community.library_inventory_filtering: the filters are tried in order, the first whose condition is
true decides (include or exclude), and a host that matches none is included. Conditions see the host's variables and
``inventory_hostname``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_templating import evaluate_condition

_ALLOWED_KEYS = ("include", "exclude")


class FilterError(ValueError):
    """A malformed filter entry, or a condition that cannot be evaluated."""


def parse_filters(filters):
    """Validate the option; return a tuple of (is_include, condition)."""
    result = []
    for index, entry in enumerate(filters or (), start=1):
        if not isinstance(entry, Mapping) or len(entry) != 1:
            raise FilterError("filters[%d] must be a dictionary with exactly one key, include or exclude" % index)
        key, condition = list(entry.items())[0]
        if key not in _ALLOWED_KEYS:
            raise FilterError('filters[%d] must have an "include" or "exclude" key, not "%s"' % (index, key))
        if not isinstance(condition, (str, bool)):
            raise FilterError("filters[%d].%s must be a string or a boolean, not %s" % (index, key, type(condition).__name__))
        result.append((key == "include", condition))
    return tuple(result)


def filter_host(templar, hostname, hostvars, filters):
    """True when the host is kept: the first matching filter decides, no match means include."""
    if not filters:
        return True
    variables = dict(hostvars)
    variables["inventory_hostname"] = hostname
    for include, condition in filters:
        try:
            matched = evaluate_condition(templar, condition, variables)
        except Exception as exc:  # any templating error is reported with the condition and the host
            raise FilterError("Could not evaluate the filter condition %r for host %s: %s" % (condition, hostname, exc))
        if matched:
            return include
    return True
