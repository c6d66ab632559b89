# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Evaluate the Jinja expressions of the inventory configuration on ansible-core 2.16 to 2.19+.

PRIVATE to the collection: this file may change without notice.

The expressions (``hostnames``, ``filters``) come from the inventory configuration file, which ansible-core itself
loads as trusted; remote values are only ever passed as variables, never as template text.
"""

from __future__ import annotations

import re

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19: no Data Tagging, templates are trusted unless wrapped as unsafe
    def trust_as_template(value):
        return value

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_identifier(expression):
    """True when the expression is a bare variable name, which is looked up without Jinja."""
    return isinstance(expression, str) and bool(_IDENTIFIER.match(expression.strip()))


def evaluate_expression(templar, expression, variables):
    """The value of a configured Jinja expression (without ``{{ }}``) given these variables."""
    templar.available_variables = variables
    if hasattr(templar, "evaluate_expression"):
        return templar.evaluate_expression(trust_as_template(expression))
    return templar.template("{{ %s }}" % expression, disable_lookups=True)


def evaluate_condition(templar, condition, variables):
    """The truth of a configured Jinja condition (a boolean is taken as it is)."""
    if isinstance(condition, bool):
        return condition
    templar.available_variables = variables
    if hasattr(templar, "evaluate_conditional"):
        return bool(templar.evaluate_conditional(trust_as_template(condition)))
    result = templar.template("{%% if %s %%}True{%% else %%}False{%% endif %%}" % condition, disable_lookups=True)
    return result in (True, "True")
