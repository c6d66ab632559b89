# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one option table feeds the module argument spec and both doc fragment variants."""

from __future__ import annotations

import pytest
import yaml

from ansible.module_utils.basic import env_fallback

from ansible_collections.screenconnect.restapi.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.screenconnect.restapi.plugins.module_utils._errors import ScreenConnectConfigError
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import (
    CONNECTION_OPTIONS,
    client_from_options,
    client_options,
    connection_argument_spec,
    doc_fragment_options,
    options_of_type,
)

EXPECTED_ENV = {
    "url": "SCREENCONNECT_URL", "secret": "SCREENCONNECT_SECRET", "secret_file": "SCREENCONNECT_SECRET_FILE",
    "origin": "SCREENCONNECT_ORIGIN",
    "extension_id": "SCREENCONNECT_EXTENSION_ID", "validate_certs": "SCREENCONNECT_VALIDATE_CERTS",
    "ca_path": "SCREENCONNECT_CA_PATH", "timeout": "SCREENCONNECT_TIMEOUT", "retries": "SCREENCONNECT_RETRIES",
}


def test_argument_spec_has_env_fallbacks_and_hides_the_secret():
    spec = connection_argument_spec()
    assert set(spec) == set(EXPECTED_ENV)
    for name, env in EXPECTED_ENV.items():
        assert spec[name]["fallback"] == (env_fallback, [env])
    assert spec["secret"]["no_log"] is True
    # a path is not secret, and saying so keeps validate-modules' no-log-needed check quiet about the name
    assert spec["secret_file"]["no_log"] is False and spec["secret_file"]["type"] == "path"
    assert not spec["secret"].get("required") and not spec["secret_file"].get("required")
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


def _options(**values):
    return dict(dict(url="https://sc.example.com", secret=None, secret_file=None, timeout=5.0, retries=0), **values)


def test_the_secret_comes_from_the_file_when_secret_file_is_set(tmp_path):
    path = tmp_path / "secret"
    path.write_text("from-the-file-7d1e\n")
    options = client_options(_options(secret_file=str(path)).get)
    assert options["secret"] == "from-the-file-7d1e"
    assert "secret_file" not in options  # the client knows only the secret
    assert client_from_options(_options(secret_file=str(path)).get).fingerprint() == \
        client_from_options(_options(secret="from-the-file-7d1e").get).fingerprint()


@pytest.mark.parametrize("secret, secret_file", [(None, None), ("", None), (None, ""), ("", "")])
def test_neither_secret_nor_secret_file_names_both(secret, secret_file):
    with pytest.raises(ScreenConnectConfigError) as caught:
        client_options(_options(secret=secret, secret_file=secret_file).get)
    message = str(caught.value)
    assert "one of secret and secret_file" in message and "neither is set" in message
    assert "SCREENCONNECT_SECRET and SCREENCONNECT_SECRET_FILE" in message


def test_both_secret_and_secret_file_are_refused_without_reading_the_file(tmp_path):
    path = tmp_path / "secret"
    path.write_text("the-file-secret-4b2a")
    with pytest.raises(ScreenConnectConfigError) as caught:
        client_options(_options(secret="the-option-secret-91c3", secret_file=str(path)).get)
    message = str(caught.value)
    assert "secret and secret_file" in message and "both set" in message
    assert "the-option-secret-91c3" not in message and "the-file-secret-4b2a" not in message


def test_an_empty_value_leaves_the_other_option_in_charge(tmp_path):
    path = tmp_path / "secret"
    path.write_text("the-file-secret-4b2a")
    assert client_options(_options(secret="", secret_file=str(path)).get)["secret"] == "the-file-secret-4b2a"
    assert client_options(_options(secret="the-option-secret", secret_file="").get)["secret"] == "the-option-secret"


def test_options_of_a_type():
    assert options_of_type("bool") == ("validate_certs",)
    assert options_of_type("path") == ("secret_file", "ca_path")
