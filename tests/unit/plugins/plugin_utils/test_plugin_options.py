# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""OptionsAsGiven: each option looked at in the source ansible-core took it from, in ansible-core's precedence.

The connection plugin has every kind of source (direct settings, two variables for pipelining, environment
variables), so it serves as the plugin here; the plugins' own tests cover each plugin's wiring.
"""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleError
from ansible.playbook.play_context import PlayContext
from ansible.plugins.loader import connection_loader

from ansible_collections.screenconnect.restapi.plugins.module_utils._errors import ScreenConnectConfigError
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._plugin_options import OptionsAsGiven
from ansible_collections.screenconnect.restapi.tests.unit.plugins.inventory import conftest as _loader  # noqa: F401

BASE = dict(ansible_screenconnect_url="https://sc.example.com", ansible_screenconnect_secret="s3cr3t-value")


def _load(variables=None, direct=None):
    """The plugin with its options set (ansible-core's loose conversion) and OptionsAsGiven over the same sources."""
    plugin = connection_loader.get("screenconnect.restapi.screenconnect", PlayContext())
    variables = dict(BASE, **(variables or {}))
    # the plugin's own set_options() builds OptionsAsGiven too; here it is built separately to look at it
    super(type(plugin), plugin).set_options(var_options=variables, direct=direct)
    return plugin, lambda booleans=("pipelining",): OptionsAsGiven(plugin, plugin.get_option, direct=direct,
                                                                   variables=variables, booleans=booleans)


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    for name in ("SCREENCONNECT_VALIDATE_CERTS", "SCREENCONNECT_CA_PATH", "SCREENCONNECT_SECRET_FILE",
                 "ANSIBLE_PIPELINING"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("value", [True, False, "yes", "no", "True", "off", "1", "0", 1, 0])
def test_recognised_booleans_pass(value):
    _unused, given = _load(dict(ansible_screenconnect_validate_certs=value))
    given()


@pytest.mark.parametrize("value", ["maybe", "", "tru", 2, 0.5])
def test_anything_else_is_refused_naming_the_option_and_its_source(value):
    _unused, given = _load(dict(ansible_screenconnect_validate_certs=value))
    with pytest.raises(ScreenConnectConfigError) as caught:
        given()
    assert str(caught.value) == ("validate_certs must be a boolean (true or false, yes or no, 1 or 0); got %r from "
                                 "the variable ansible_screenconnect_validate_certs" % (value,))


@pytest.mark.parametrize("value", [[True], {"a": 1}])
def test_a_list_or_dict_is_refused_naming_the_option(value):
    """ansible-core 2.16 refuses some of these itself when it converts the options; either way the option is named."""
    with pytest.raises((AnsibleError, ScreenConnectConfigError), match="validate_certs"):
        _load(dict(ansible_screenconnect_validate_certs=value))[1]()


def test_a_direct_setting_wins_over_variables_and_the_environment(monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_VALIDATE_CERTS", "maybe")
    plugin, given = _load(dict(ansible_screenconnect_validate_certs="maybe"), direct=dict(validate_certs="no"))
    given()
    assert plugin.get_option("validate_certs") is False
    _unused, given = _load(direct=dict(validate_certs="maybe"))
    with pytest.raises(ScreenConnectConfigError, match="got 'maybe'$"):
        given()  # a direct setting has no source to name: it is the option itself


def test_a_variable_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_VALIDATE_CERTS", "maybe")
    plugin, given = _load(dict(ansible_screenconnect_validate_certs="yes"))
    given()
    assert plugin.get_option("validate_certs") is True
    _unused, given = _load()
    with pytest.raises(ScreenConnectConfigError, match="from the environment variable SCREENCONNECT_VALIDATE_CERTS"):
        given()


def test_of_two_variables_the_last_one_declared_wins():
    """pipelining declares ansible_pipelining, then ansible_screenconnect_pipelining; ansible-core uses the last."""
    plugin, given = _load(dict(ansible_pipelining="perhaps", ansible_screenconnect_pipelining="false"))
    given()
    assert plugin.get_option("pipelining") is False
    _unused, given = _load(dict(ansible_pipelining="false", ansible_screenconnect_pipelining="perhaps"))
    with pytest.raises(ScreenConnectConfigError, match="from the variable ansible_screenconnect_pipelining"):
        given()


def test_only_the_named_plugin_booleans_are_checked():
    _unused, given = _load(dict(ansible_screenconnect_pipelining="perhaps"))
    given(booleans=())


def test_an_empty_path_is_unset_and_other_options_pass_through(monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENCONNECT_CA_PATH", "")
    plugin, given = _load(dict(ansible_screenconnect_secret_file=""))
    options = given()
    assert plugin.get_option("ca_path") and options("ca_path") is None  # ansible-core: the current directory
    assert options("secret_file") is None
    assert options("url") == "https://sc.example.com" and options("secret") == "s3cr3t-value"
    _unused, given = _load(dict(ansible_screenconnect_ca_path=str(tmp_path)))
    assert given()("ca_path") == str(tmp_path)
