# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every option of the inventory plugin with bad values, parsed with a real loader against the emulator.

Each case must fail before any request (the emulator's call counter stays at 0), naming the option and never quoting
the secret. The plugin's own options come from its DOCUMENTATION, so a new option without a case fails
``test_every_own_option_has_cases``. The options of the constructed and inventory_cache fragments are ansible-core's.
"""

from __future__ import annotations

import pytest
import yaml

from ansible.errors import AnsibleError

from ansible_collections.screenconnect.restapi.plugins.inventory import screenconnect as plugin_module
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import CONNECTION_OPTIONS
from ansible_collections.screenconnect.restapi.tests.unit import secret_files

GUID = "11111111-2222-4333-8444-555555555555"

CASES = {
    "plugin": ["screenconnect.restapi.other"],
    "url": ["", "ftp://sc.example.com", "not a url", "https://"],
    "secret": ["", " leading-space", "trailing-space ", "new\nline", "tab\tinside"],
    "secret_file": secret_files.CASES,  # without secret
    "origin": ["not an origin", "https://x.example.com/path", "https://x.example.com\r\nX-Leak: 1"],
    "extension_id": ["not-a-guid", GUID + "0"],
    "validate_certs": ["maybe", "nope", 2],
    "ca_path": ["/nonexistent/h4/ca.pem"],
    "timeout": ["slow", -1, 0],
    "retries": ["many", -1],
    "session_filter": [["SessionType = 'Access'"]],
    "filters": ["include everything", [{"include": "true", "exclude": "false"}], [{"keep": "true"}],
                [{"include": ["x"]}]],
    "hostnames": [[["name"]], [{"a": 1}], []],
    "duplicate_hostnames": ["ignore"],
    "hostvar_prefix": ["", "9bad", "has space_"],
    "custom_property_names": ["Company", {"Company": 9}, {"Company": 0}, {"": 1}, {"Online": 1}, {"Company": "one"},
                              {"A": 1, "a": 2}],
    "default_groups": ["sometimes", [True]],
    "hostvars": [["no_such_variable"], [["online"]], ["guest_Bad Name"], [{"online": True}]],
}


def _own_options():
    return set(yaml.safe_load(plugin_module.DOCUMENTATION)["options"]) | set(CONNECTION_OPTIONS)


def test_every_own_option_has_cases():
    assert set(CASES) == _own_options()


def _cases():
    for option, values in sorted(CASES.items()):
        for index, value in enumerate(values):
            yield pytest.param(option, value, id="%s-%d" % (option, index))


@pytest.mark.parametrize("option, value", list(_cases()))
def test_bad_value_fails_before_any_request(runner, emulator, tmp_path, option, value):
    config = {"url": emulator.url, "secret": emulator.secret, "retries": 0,
              option: secret_files.materialize(value, tmp_path)}
    if option == "secret_file":
        del config["secret"]
    with pytest.raises(AnsibleError) as info:
        runner.run(config, responses=[], real_http=True, connection=False)
    message = str(info.value)
    assert option in message, message
    assert emulator.secret not in message
    assert not [text for text in secret_files.CONTENTS if text in message]
    if option == "secret" and len(value.strip()) > 3:
        assert value.strip() not in message
    assert emulator.calls()["received"] == 0
