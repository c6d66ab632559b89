# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared ``main()`` of every module: argument spec, client, error mapping.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, _load_params, missing_required_lib
from ansible.module_utils.six import string_types

from ansible_collections.screenconnect.restapi.plugins.module_utils import _client
from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import (
    client_options,
    connection_argument_spec,
)


class LazyAPI(object):
    """Builds the client on first use, so that run() can validate every option before anything is sent."""

    def __init__(self, module):
        self._module = module
        self._api = None

    def __getattr__(self, name):
        if self._api is None:
            options = client_options(self._module.params.get)
            # AnsibleModule masks the values of no_log options it was given; a secret read from secret_file is
            # unknown to it until now.
            self._module.no_log_values.add(options["secret"])
            self._api = ScreenConnectAPI(_client.ScreenConnectClient(**options))
        return getattr(self._api, name)

    @property
    def client(self):
        return self.__getattr__("client")

    def warnings(self):
        return list(self._api.client.warnings) if self._api is not None else []


def build_module(argument_spec, **kwargs):
    spec = connection_argument_spec()
    spec.update(argument_spec)
    kwargs.setdefault("supports_check_mode", True)
    return AnsibleModule(argument_spec=spec, **kwargs)


def _text_options(argument_spec):
    """The module's own free-text options: ``type=str`` or ``type=path`` without choices, and lists of such
    strings."""
    for name, option in argument_spec.items():
        if option.get("choices"):
            continue
        if option.get("type", "str") in ("str", "path"):
            yield name, False, option.get("no_log")
        elif option.get("type") == "list" and option.get("elements") == "str":
            yield name, True, option.get("no_log")


def _describe(value):
    kind = "boolean" if isinstance(value, bool) else type(value).__name__
    return {"int": "number", "float": "number", "dict": "dictionary"}.get(kind, kind)


def check_raw_text(argument_spec, raw):
    """The message refusing a non-string given to a text option, or None.

    AnsibleModule turns ``[a, b]`` into the text ``"['a', 'b']"`` and the YAML number ``0123`` into ``"83"`` for
    ``type=str`` options, and such text would be written to sessions. So the arguments as the task gave them are
    checked first, for every module in the same way.
    """
    for name, is_list, secret in _text_options(argument_spec):
        value = raw.get(name)
        if value is None:
            continue
        values = value if is_list and isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, string_types):
                what = "%s elements" % name if is_list else name
                shown = "" if secret else " (%r)" % (item,)
                return ("%s must be text; got a %s%s. Quote numbers and booleans to send them as text; nothing "
                        "was sent to the server." % (what, _describe(item), shown))
    return None


def run_module(run, argument_spec, **kwargs):
    """Create the module, call ``run(module, api)`` and exit with its result dict, or fail without a traceback."""
    module = build_module(argument_spec, **kwargs)
    refusal = check_raw_text(dict(connection_argument_spec(), **argument_spec), _load_params())
    if refusal:
        module.fail_json(msg=refusal)
    if not _client.HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=_client.REQUESTS_IMPORT_ERROR)
    api = LazyAPI(module)
    try:
        result = run(module, api)
    except errors.ScreenConnectError as exc:
        for warning in api.warnings():
            module.warn(warning)
        failure = exc.to_fail_json()
        if isinstance(exc, errors.ScreenConnectOutcomeUnknownError):
            # The write may have been applied: never report the host as unchanged (as fan-out results do).
            failure["changed"] = True
        module.fail_json(**failure)
    for warning in api.warnings():
        module.warn(warning)
    module.exit_json(**result)
