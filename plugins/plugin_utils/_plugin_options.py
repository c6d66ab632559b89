# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The options of a plugin (inventory, lookup, connection) as their source gave them, checked before any request.

PRIVATE to the collection: this file may change without notice.

ansible-core converts plugin options loosely: for a boolean any text that is not ``true``-like becomes false (so
``SCREENCONNECT_VALIDATE_CERTS=maybe`` would turn certificate checks off without a word), and an empty path becomes
the current directory (so the empty ``SCREENCONNECT_CA_PATH`` that an AWX credential without CA certificates injects
would make the working directory the CA store). ``OptionsAsGiven`` looks at the value before that conversion, in the
source ansible-core took it from (a direct setting such as the inventory file or a lookup's keyword, a variable, an
environment variable), whatever the ansible-core line: before 2.19, ``get_option_and_origin()`` ignores direct
settings and variables, so the source is found here from the option's definition, in ansible-core's precedence.
"""

from __future__ import annotations

import os

from ansible import constants as C
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import options_of_type


def _last_set(container, entries):
    """ansible-core's rule for ``vars:`` and ``env:`` lists: the last entry that is set wins."""
    found = None
    for entry in entries:
        name = entry.get("name")
        if container.get(name) is not None:
            found = name
    return found


class OptionsAsGiven(object):
    """An option getter (``getter(name)``) for ``client_from_options``: ``get_option`` of the plugin, except that an
    empty path option is unset, after refusing, with ScreenConnectConfigError, boolean options whose given value is
    not a boolean. ``booleans`` names the plugin's own boolean options, besides those of the connection table."""

    def __init__(self, plugin, get_option, direct=None, variables=None, booleans=()):
        self._get_option = get_option
        self._definitions = C.config.get_configuration_definitions(plugin_type=plugin.plugin_type,
                                                                   name=plugin._load_name) or {}
        self._direct = direct or {}
        self._variables = variables or {}
        for name in options_of_type("bool") + tuple(booleans):
            self._check_boolean(name)
        self._unset = set(name for name in options_of_type("path") if self._given(name)[0] == "")

    def __call__(self, name):
        return None if name in self._unset else self._get_option(name)

    def _given(self, name):
        """``(value, source)``: the value as given and a description of its source, or ``(None, None)``."""
        definition = self._definitions.get(name, {})
        for key in [name] + list(definition.get("aliases", [])):
            if self._direct.get(key) is not None:
                return self._direct[key], None
        variable = _last_set(self._variables, definition.get("vars", []))
        if variable:
            return self._variables[variable], "the variable %s" % variable
        env = _last_set(os.environ, definition.get("env", []))
        if env:
            return os.environ[env], "the environment variable %s" % env
        return None, None

    def _check_boolean(self, name):
        value, source = self._given(name)
        if value is None or isinstance(value, bool):
            return
        try:
            boolean(value, strict=True)
        except TypeError:
            raise errors.ScreenConnectConfigError(
                "%s must be a boolean (true or false, yes or no, 1 or 0); got %r%s"
                % (name, value, " from %s" % source if source else ""))
