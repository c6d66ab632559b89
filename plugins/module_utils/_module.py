# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared ``main()`` of every module: argument spec, client, error mapping.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.screenconnect.restapi.plugins.module_utils import _client
from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import (
    client_from_options,
    connection_argument_spec,
)


class LazyAPI(object):
    """Builds the client on first use, so that run() can validate every option before anything is sent."""

    def __init__(self, module):
        self._module = module
        self._api = None

    def __getattr__(self, name):
        if self._api is None:
            self._api = ScreenConnectAPI(client_from_options(self._module.params.get))
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


def run_module(run, argument_spec, **kwargs):
    """Create the module, call ``run(module, api)`` and exit with its result dict, or fail without a traceback."""
    module = build_module(argument_spec, **kwargs)
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
