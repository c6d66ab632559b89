# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AWX credential type in extensions/awx/credential_type against the option table in _connection.py."""

from __future__ import annotations

import os
import stat

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.screenconnect.restapi.plugins.module_utils import _connection
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import DEFAULT_EXTENSION_ID, origin_of
from ansible_collections.screenconnect.restapi.tests.runner import awx_credential

URL = "https://support.example.com"
SECRET = "a-long-credential-secret-7c1d0e9b4a2f"
PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
TABLE_ENV = dict((option["env"], name) for name, option in _connection.CONNECTION_OPTIONS.items())
SECRET_ENV = _connection.CONNECTION_OPTIONS["secret"]["env"]
SECRET_FILE_ENV = _connection.CONNECTION_OPTIONS["secret_file"]["env"]


@pytest.fixture(scope="module")
def credential_type():
    return awx_credential.load()


def _options_from_env(monkeypatch, env, params=None):
    """The connection options a module gets from ``params`` with ``env`` as its environment."""
    for name in TABLE_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = ArgumentSpecValidator(_connection.connection_argument_spec()).validate(dict(params or {}))
    assert result.error_messages == []
    return _connection.client_options(result.validated_parameters.get)


def _client_settings(options):
    """What the client sends and how: an empty origin, extension_id or ca_path means the same as none."""
    client = _connection.client_from_options(options.get)
    return dict(service_url=client.service_url, origin=client.origin, validate_certs=client.validate_certs,
                ca_path=client.ca_path or None, timeout=client.timeout, retries=client.retries)


def test_injectors_set_only_variables_the_collection_reads(credential_type):
    _inputs, injectors = credential_type
    unknown = sorted(set(injectors["env"]) - set(TABLE_ENV))
    assert unknown == [], "injected but read by no option: %s" % unknown


def test_every_option_with_an_environment_variable_is_injected(credential_type):
    """All but SCREENCONNECT_SECRET: the secret is injected as a file, named by SCREENCONNECT_SECRET_FILE."""
    _inputs, injectors = credential_type
    missing = sorted(set(TABLE_ENV) - set(injectors["env"]) - {SECRET_ENV})
    assert missing == [], "options whose variable the credential does not set: %s" % missing


def test_plugins_read_the_same_variables(credential_type):
    _inputs, injectors = credential_type
    plugin_env = set(entry["name"] for option in _connection.doc_fragment_options(plugin=True).values()
                     for entry in option["env"])
    assert plugin_env - {SECRET_ENV} == set(injectors["env"])


def test_the_secret_is_injected_as_a_file_and_in_no_variable(credential_type, tmp_path):
    _inputs, injectors = credential_type
    assert SECRET_ENV not in injectors["env"] and "extra_vars" not in injectors
    assert injectors["file"]["template.secret"] == "{{ secret }}"
    assert injectors["env"][SECRET_FILE_ENV] == "{{ tower.filename.secret }}"
    env = awx_credential.inject(*credential_type, credential=dict(url=URL, secret=SECRET),
                                private_data_dir=str(tmp_path))
    assert [name for name, value in env.items() if SECRET in value] == []
    with open(env[SECRET_FILE_ENV]) as handle:
        assert handle.read() == SECRET


def test_awx_accepts_the_credential_type(credential_type):
    assert awx_credential.validate(*credential_type) == []


def test_validation_rejects_an_unknown_field(credential_type):
    inputs, injectors = credential_type
    broken = dict(injectors, env=dict(injectors["env"], SCREENCONNECT_URL="{{ address }}"))
    assert [e for e in awx_credential.validate(inputs, broken) if e.startswith("env SCREENCONNECT_URL:")]


def test_secret_field_is_secret_and_required(credential_type):
    inputs, injectors = credential_type
    fields = dict((field["id"], field) for field in inputs["fields"])
    assert fields["secret"].get("secret") is True
    assert [name for name, field in fields.items() if field.get("secret")] == ["secret"]
    assert sorted(inputs["required"]) == ["secret", "url"]


def test_every_field_reaches_an_injector(credential_type):
    inputs, injectors = credential_type
    templates = " ".join(list(injectors["env"].values()) + list(injectors.get("file", {}).values()))
    unused = [name for name in awx_credential.field_ids(inputs) if name not in templates]
    assert unused == []


def test_minimal_credential_gives_the_table_defaults(credential_type, tmp_path, monkeypatch):
    env = awx_credential.inject(*credential_type, credential=dict(url=URL, secret=SECRET),
                                private_data_dir=str(tmp_path))
    injected = _client_settings(_options_from_env(monkeypatch, env))
    assert injected == _client_settings(_options_from_env(monkeypatch, {}, params=dict(url=URL, secret=SECRET)))
    assert injected == dict(service_url="%s/App_Extensions/%s/Service.ashx/" % (URL, DEFAULT_EXTENSION_ID),
                            origin=origin_of(URL), validate_certs=True, ca_path=None,
                            timeout=float(_connection.CONNECTION_OPTIONS["timeout"]["default"]),
                            retries=_connection.CONNECTION_OPTIONS["retries"]["default"])


def test_empty_optional_fields_read_as_unset(credential_type, tmp_path, monkeypatch):
    credential = dict(url=URL, secret=SECRET, origin="", extension_id="", validate_certs="", ca_certificates="",
                      timeout="", retries="")
    env = awx_credential.inject(*credential_type, credential=credential, private_data_dir=str(tmp_path))
    plain = _options_from_env(monkeypatch, {}, params=dict(url=URL, secret=SECRET))
    assert _client_settings(_options_from_env(monkeypatch, env)) == _client_settings(plain)


def test_full_credential_reaches_every_option(credential_type, tmp_path, monkeypatch):
    credential = dict(url=URL, secret=SECRET, origin="https://portal.example.com",
                      extension_id="11111111-2222-3333-4444-555555555555", validate_certs="false",
                      ca_certificates=PEM, timeout="12.5", retries="0")
    env = awx_credential.inject(*credential_type, credential=credential, private_data_dir=str(tmp_path))
    options = _options_from_env(monkeypatch, env)
    ca_path = options.pop("ca_path")
    assert options == dict(url=URL, secret=SECRET, origin="https://portal.example.com",
                           extension_id="11111111-2222-3333-4444-555555555555", validate_certs=False,
                           timeout=12.5, retries=0)
    for path, content in ((ca_path, PEM), (env[SECRET_FILE_ENV], SECRET)):
        assert os.path.dirname(path) == str(tmp_path / "env")
        with open(path) as handle:
            assert handle.read() == content
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert SECRET not in "".join(env.values())


def test_ca_certificates_are_used_with_verification_on(credential_type, tmp_path, monkeypatch):
    env = awx_credential.inject(*credential_type, credential=dict(url=URL, secret=SECRET, ca_certificates=PEM),
                                private_data_dir=str(tmp_path))
    client = _connection.client_from_options(_options_from_env(monkeypatch, env).get)
    assert client.validate_certs is True
    with open(client.ca_path) as handle:
        assert handle.read() == PEM


@pytest.mark.parametrize("field, value", [("validate_certs", "true"), ("validate_certs", "false")])
def test_validate_certs_choices_parse_as_booleans(credential_type, tmp_path, monkeypatch, field, value):
    inputs, _injectors = credential_type
    choices = dict((f["id"], f) for f in inputs["fields"])[field]["choices"]
    assert value in choices
    env = awx_credential.inject(*credential_type, credential=dict(url=URL, secret=SECRET, **{field: value}),
                                private_data_dir=str(tmp_path))
    assert _options_from_env(monkeypatch, env)[field] is (value == "true")
