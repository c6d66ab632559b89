# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one option table feeds the module argument spec and both doc fragment variants."""

from __future__ import annotations

import yaml

from ansible.module_utils.basic import env_fallback

from ansible_collections.screenconnect.restapi.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import (
    CONNECTION_OPTIONS,
    client_from_options,
    connection_argument_spec,
    doc_fragment_options,
)

EXPECTED_ENV = {
    "url": "SCREENCONNECT_URL", "secret": "SCREENCONNECT_SECRET", "origin": "SCREENCONNECT_ORIGIN",
    "extension_id": "SCREENCONNECT_EXTENSION_ID", "validate_certs": "SCREENCONNECT_VALIDATE_CERTS",
    "ca_path": "SCREENCONNECT_CA_PATH", "timeout": "SCREENCONNECT_TIMEOUT", "retries": "SCREENCONNECT_RETRIES",
}


def test_argument_spec_has_env_fallbacks_and_hides_the_secret():
    spec = connection_argument_spec()
    assert set(spec) == set(EXPECTED_ENV)
    for name, env in EXPECTED_ENV.items():
        assert spec[name]["fallback"] == (env_fallback, [env])
    assert spec["secret"]["no_log"] is True
    assert spec["validate_certs"]["default"] is True


def test_doc_fragment_file_is_generated_from_the_table():
    """plugins/doc_fragments/connection.py is current: regenerate it with hack/generate_doc_fragment.py."""
    assert yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"] == doc_fragment_options(plugin=False)
    assert yaml.safe_load(ModuleDocFragment.PLUGINS)["options"] == doc_fragment_options(plugin=True)
    assert yaml.safe_load(ModuleDocFragment.CONNECTION_PLUGIN)["options"] == doc_fragment_options(
        plugin=True, host_vars=True)


def test_connection_plugin_fragment_declares_env_and_host_vars():
    options = yaml.safe_load(ModuleDocFragment.CONNECTION_PLUGIN)["options"]
    assert set(options) == set(CONNECTION_OPTIONS)
    for name, env in EXPECTED_ENV.items():
        assert options[name]["env"] == [{"name": env}]
        assert options[name]["vars"] == [{"name": "ansible_screenconnect_" + name}]


def test_module_fragment_matches_the_argument_spec():
    options = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    spec = connection_argument_spec()
    for name, option in options.items():
        assert option["type"] == spec[name]["type"]
        assert option.get("default") == spec[name].get("default")
        assert option.get("required", False) == spec[name].get("required", False)
        assert "E(%s)" % EXPECTED_ENV[name] in option["description"][-1]


def test_plugin_fragment_declares_env():
    options = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    assert set(options) == set(CONNECTION_OPTIONS)
    for name, env in EXPECTED_ENV.items():
        assert options[name]["env"] == [{"name": env}]


def test_client_from_any_option_getter():
    values = {"url": "https://sc.example.com/", "secret": "s", "origin": None, "extension_id": None,
              "validate_certs": False, "ca_path": None, "timeout": 5.0, "retries": 1}
    client = client_from_options(values.get)
    assert client.base_url == "https://sc.example.com"
    assert client.origin == "https://sc.example.com"
    assert client.timeout == 5.0 and client.retries == 1 and client.validate_certs is False
