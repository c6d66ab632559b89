# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible.errors import AnsibleError, AnsibleParserError

from ansible_collections.screenconnect.restapi.tests.unit.plugins.inventory.conftest import (
    SECRET,
    FakeResponse,
    json_response,
    load_fixture,
)
from ansible_collections.screenconnect.restapi.tests.unit.plugins.plugin_utils.test_unsafe import _untrusted

ACME = "a507630e-80b5-ec92-bb5e-bcb48d00ff6b"
UNNAMED = "0b1e2c4d-6f70-4a81-92b3-c4d5e6f70811"
STALE = "11111111-2222-4333-8444-555555555555"
CURRENT = "66666666-7777-4888-9999-aaaaaaaaaaaa"
NO_GUEST = "deadbeef-0000-4000-8000-000000000001"
EVIL_NAME = "{{ lookup('pipe', 'id') }}"


def sessions(*changes):
    """The fixture sessions, with ``(session_id, {field: value})`` changes applied to copies."""
    data = load_fixture("sessions.json")
    for session_id, fields in changes:
        for session in data:
            if session["SessionID"] == session_id:
                session.update(fields)
    return data


# -- verify_file -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["fleet.screenconnect.yml", "fleet.screenconnect.yaml", "screenconnect.yml",
                                  "prod_screenconnect.yaml"])
def test_verify_file_accepts(runner, name):
    path = runner.write_config({}, name=name)
    assert runner.plugin().verify_file(path)


@pytest.mark.parametrize("name", ["inventory.yml", "screenconnect.yml.bak", "fleet.screenconnect.json", "hosts"])
def test_verify_file_rejects_with_reason(runner, name):
    path = runner.write_config({}, name=name)
    plugin = runner.plugin()
    assert not plugin.verify_file(path)
    assert any("screenconnect.yml" in message and "screenconnect.yaml" in message for message in plugin.display.verbose)


def test_verify_file_rejects_missing_file(runner, tmp_path):
    assert not runner.plugin().verify_file(str(tmp_path / "missing.screenconnect.yml"))


# -- one request, the default filter ---------------------------------------------------------------------------------

def test_exactly_one_request_with_default_filter(runner):
    run = runner.run()
    assert len(run.http.requests) == 1
    request = run.http.requests[0]
    assert request["url"].endswith("/Service.ashx/GetSessionsByFilter")
    assert request["body"] == ["SessionType = 'Access'"]
    assert request["headers"]["CTRLAuthHeader"] == SECRET
    assert request["headers"]["Origin"] == "https://sc.example.com"


def test_session_filter_option_and_environment(runner, monkeypatch):
    run = runner.run({"session_filter": "CustomProperty1 = 'Acme'"})
    assert run.http.requests[0]["body"] == ["CustomProperty1 = 'Acme'"]
    monkeypatch.setenv("SCREENCONNECT_SESSION_FILTER", "GuestMachineName = 'web-01'")
    run = runner.run()
    assert run.http.requests[0]["body"] == ["GuestMachineName = 'web-01'"]


def test_connection_from_environment_only(runner, monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_URL", "https://env.example.com:8040/")
    monkeypatch.setenv("SCREENCONNECT_SECRET", "{{ 'not a template' }}")
    run = runner.run(connection=False)
    request = run.http.requests[0]
    assert request["url"].startswith("https://env.example.com:8040/App_Extensions/")
    # values from the environment are used literally, never templated
    assert request["headers"]["CTRLAuthHeader"] == "{{ 'not a template' }}"
    assert "ACME-DC01" in run.hosts


# -- templated connection options ------------------------------------------------------------------------------------

def test_secret_templated_with_lookup(runner, monkeypatch):
    monkeypatch.setenv("MY_SC_SECRET", "from-a-lookup-123")
    run = runner.run({"secret": "{{ lookup('ansible.builtin.env', 'MY_SC_SECRET') }}",
                      "url": "{{ 'https://templated.example.com' }}"})
    request = run.http.requests[0]
    assert request["headers"]["CTRLAuthHeader"] == "from-a-lookup-123"
    assert request["url"].startswith("https://templated.example.com/")


def test_secret_from_vault(runner, monkeypatch):
    from ansible.parsing import vault
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultLib, VaultSecret

    vault_secret = VaultSecret(b"vault-password")
    ciphertext = VaultLib([("default", vault_secret)]).encrypt("vaulted-secret-456").decode()
    indented = "\n".join("  " + line for line in ciphertext.splitlines())
    config = ("plugin: screenconnect.restapi.screenconnect\nurl: https://sc.example.com\nretries: 0\n"
              "secret: !vault |\n%s\n" % indented)
    loader = DataLoader()
    loader.set_vault_secrets([("default", vault_secret)])
    if hasattr(vault, "VaultSecretsContext"):  # ansible-core 2.19+: EncryptedString decrypts with the ambient secrets
        monkeypatch.setattr(vault.VaultSecretsContext, "_current", vault.VaultSecretsContext([("default", vault_secret)]))
    run = runner.run(config, loader=loader)
    assert run.http.requests[0]["headers"]["CTRLAuthHeader"] == "vaulted-secret-456"


# -- hostnames -------------------------------------------------------------------------------------------------------

def test_default_hostnames_fall_back(runner):
    run = runner.run()
    assert run.hostvars("ACME-DC01")["screenconnect_session_id"] == ACME
    # empty Name: the machine name; no GuestInfo either: the session id
    assert run.hostvars("DESKTOP-7GXL8S3")["screenconnect_session_id"] == UNNAMED
    assert run.hostvars(NO_GUEST)["screenconnect_name"] == ""


def test_hostnames_jinja_expressions_in_order(runner):
    run = runner.run({"hostnames": ["undefined_variable ~ 'x'", "guest_machine_name | lower", "session_id"]})
    assert "acme-dc01" in run.hosts
    assert "desktop-7gxl8s3" in run.hosts
    assert NO_GUEST in run.hosts  # no guest_machine_name at all: the next expression
    assert "ACME-DC01" not in run.hosts


def test_hostnames_see_custom_property_labels(runner):
    run = runner.run({"hostnames": ["company ~ '-' ~ session_id[:8]"], "custom_property_names": {"Company": 1}})
    assert "Acme-a507630e" in run.hosts


def test_no_hostname_is_a_warning_or_strict_error(runner):
    run = runner.run({"hostnames": ["name"]})
    assert "ACME-DC01" in run.hosts
    assert UNNAMED not in run.hosts and "DESKTOP-7GXL8S3" not in run.hosts
    assert any("without a host name" in warning and UNNAMED in warning for warning in run.warnings)
    with pytest.raises(AnsibleParserError, match="no hostnames expression gave a name"):
        runner.run({"hostnames": ["name"], "strict": True})


# -- duplicates ------------------------------------------------------------------------------------------------------

def test_duplicates_warn_keeps_the_online_session(runner):
    run = runner.run()
    assert run.hostvars("ACME-LT-0007")["screenconnect_session_id"] == CURRENT
    assert not any(name.startswith("ACME-LT-0007_") for name in run.hosts)
    [warning] = [warning for warning in run.warnings if "ACME-LT-0007" in warning]
    assert STALE in warning and CURRENT not in warning


def test_duplicates_warn_keeps_the_latest_connected_then_the_first(runner):
    offline = {"ActiveConnections": []}
    data = sessions((CURRENT, dict(offline, LastConnectedEventTime="2025-01-01T00:00:00Z")))
    run = runner.run(sessions=data)
    assert run.hostvars("ACME-LT-0007")["screenconnect_session_id"] == STALE
    same = dict(offline, LastConnectedEventTime="2025-11-02T08:00:00Z")
    run = runner.run(sessions=sessions((CURRENT, same), (STALE, same)))
    assert run.hostvars("ACME-LT-0007")["screenconnect_session_id"] == STALE  # first in API order


def test_duplicates_error_mode_and_strict(runner):
    with pytest.raises(AnsibleParserError) as info:
        runner.run({"duplicate_hostnames": "error"})
    assert "ACME-LT-0007" in str(info.value) and STALE in str(info.value)
    with pytest.raises(AnsibleParserError, match="ACME-LT-0007"):
        runner.run({"strict": True})


def test_duplicates_suffix_keeps_all(runner):
    run = runner.run({"duplicate_hostnames": "suffix"})
    assert run.hostvars("ACME-LT-0007")["screenconnect_session_id"] == CURRENT
    assert run.hostvars("ACME-LT-0007_" + STALE)["screenconnect_session_id"] == STALE
    assert not [warning for warning in run.warnings if "ACME-LT-0007" in warning]


def test_duplicates_only_within_this_source(runner):
    """A host that another inventory source defined is not a duplicate: only names this plugin uses twice are."""
    from ansible.inventory.data import InventoryData

    inventory = InventoryData()
    inventory.add_host("ACME-DC01")
    inventory.set_variable("ACME-DC01", "from_elsewhere", True)
    run = runner.run(inventory=inventory)
    assert run.hostvars("ACME-DC01")["from_elsewhere"] is True
    assert run.hostvars("ACME-DC01")["screenconnect_session_id"] == ACME
    assert not [warning for warning in run.warnings if "ACME-DC01" in warning]


# -- host variables --------------------------------------------------------------------------------------------------

def test_hostvars_schema(runner):
    run = runner.run({"custom_property_names": {"Company": 1, "Site": 2}})
    hostvars = dict((key, value) for key, value in run.hostvars("ACME-DC01").items()
                    if key.startswith("screenconnect_"))
    assert hostvars == {
        "screenconnect_session_id": ACME,
        "screenconnect_session_type": "Access",
        "screenconnect_name": "ACME-DC01",
        "screenconnect_host": "",
        "screenconnect_is_public": False,
        "screenconnect_code": "",
        "screenconnect_is_ended": False,
        "screenconnect_online": True,
        "screenconnect_custom_properties": ["Acme", "HQ", "", "", "", "", "", ""],
        "screenconnect_company": "Acme",
        "screenconnect_site": "HQ",
        "screenconnect_guest_network_address": "203.0.113.7",
        "screenconnect_guest_client_version": "25.4.25.9313",
        "screenconnect_guest_info_update_time": "2026-07-19T06:41:52.616991Z",
        "screenconnect_last_connected_event_time": "2026-07-19T06:41:50.120000Z",
        "screenconnect_last_guest_connected_event_time": "2026-07-19T06:41:50.120000Z",
        "screenconnect_last_guest_disconnected_event_time": None,
        "screenconnect_guest_machine_name": "ACME-DC01",
        "screenconnect_guest_machine_domain": "WORKGROUP",
        "screenconnect_guest_machine_serial_number": "7GXL8S3",
        "screenconnect_guest_machine_manufacturer_name": "Dell Inc.",
        "screenconnect_guest_machine_model": "OptiPlex 7090",
        "screenconnect_guest_machine_product_number": "",
        "screenconnect_guest_machine_description": "",
        "screenconnect_guest_logged_on_user_name": "",
        "screenconnect_guest_logged_on_user_domain": "",
        "screenconnect_guest_operating_system_name": "Microsoft Windows Server 2022 Datacenter",
        "screenconnect_guest_operating_system_version": "10.0.20348",
        "screenconnect_guest_operating_system_manufacturer_name": "Microsoft Corporation",
        "screenconnect_guest_operating_system_language": "en-US",
        "screenconnect_guest_operating_system_installation_time": "2025-01-10T09:12:44.123456Z",
        "screenconnect_guest_processor_name": "Intel(R) Core(TM) i7-1185G7 @ 3.00GHz",
        "screenconnect_guest_processor_virtual_count": 8,
        "screenconnect_guest_processor_architecture": "X64",
        "screenconnect_guest_system_memory_total_megabytes": 16384,
        "screenconnect_guest_system_memory_available_megabytes": 9012,
        "screenconnect_guest_private_network_address": "10.1.0.10",
        "screenconnect_guest_hardware_network_address": "00-50-56-AB-CD-EF",
        "screenconnect_guest_time_zone_name": "Eastern Standard Time",
        "screenconnect_guest_time_zone_offset_hours": -5,
        "screenconnect_guest_last_boot_time": "2026-07-18T08:00:00.000000Z",
        "screenconnect_guest_last_activity_time": "2026-07-19T06:40:00.000000Z",
        "screenconnect_guest_is_local_admin_present": True,
        "screenconnect_guest_attributes": 0,
        "screenconnect_guest_screenshot_content_type": "",
    }
    assert "name" not in run.hostvars("ACME-DC01")


def test_hostvars_dates_architecture_and_unknown_fields(runner):
    run = runner.run()
    web = run.hostvars("web-01")
    assert web["screenconnect_guest_some_future_field"] == "new"  # every GuestInfo field
    assert not [key for key in web if "brand_new" in key.lower()]  # other top-level fields are ignored
    evil = run.hostvars(EVIL_NAME)
    assert evil["screenconnect_last_connected_event_time"] == "2026-07-10T08:10:10.123456Z"  # +02:00 to UTC
    assert evil["screenconnect_guest_processor_architecture"] == "Arm64"
    assert evil["screenconnect_online"] is False
    bare = run.hostvars(NO_GUEST)
    assert bare["screenconnect_last_connected_event_time"] is None
    assert bare["screenconnect_guest_info_update_time"] is None
    assert not [key for key in bare if key.startswith("screenconnect_guest_") and key not in (
        "screenconnect_guest_network_address", "screenconnect_guest_client_version",
        "screenconnect_guest_info_update_time")]


def test_hostvar_prefix(runner):
    run = runner.run({"hostvar_prefix": "sc_", "default_groups": True})
    hostvars = run.hostvars("ACME-DC01")
    assert hostvars["sc_session_id"] == ACME
    assert not [key for key in hostvars if key.startswith("screenconnect_")]
    assert "ACME-DC01" in run.group("sc_online")


def test_hostvars_option_sets_only_the_chosen_variables(runner):
    run = runner.run({"hostvars": ["session_id", "online"], "default_groups": True})
    hostvars = run.hostvars("ACME-DC01")
    assert sorted(key for key in hostvars if key.startswith("screenconnect_")) == [
        "screenconnect_online", "screenconnect_session_id"]
    assert hostvars["screenconnect_session_id"] == ACME
    # groups are still computed from every variable
    assert "ACME-DC01" in run.group("screenconnect_online")
    everything = runner.run({}).hostvars("ACME-DC01")
    assert len([key for key in everything if key.startswith("screenconnect_")]) > 2


@pytest.mark.parametrize("prefix", ["", "1x", "sc-"])
def test_hostvar_prefix_must_be_a_name(runner, prefix):
    with pytest.raises(AnsibleParserError, match="hostvar_prefix"):
        runner.run({"hostvar_prefix": prefix})


def test_custom_property_names(runner):
    run = runner.run({"custom_property_names": {"Company": 1, "Site": 2, "Dept.": 3, "Asset Tag #": 4}})
    hostvars = run.hostvars("DESKTOP-7GXL8S3")
    assert hostvars["screenconnect_company"] == "Acme"
    assert hostvars["screenconnect_site"] == "Branch-01"
    assert hostvars["screenconnect_dept_"] == "Finance"
    assert hostvars["screenconnect_asset_tag__"] == ""
    assert hostvars["screenconnect_custom_properties"][:3] == ["Acme", "Branch-01", "Finance"]


@pytest.mark.parametrize("names, message", [
    ({"Session ID": 3}, "already sets"),
    ({"Guest Machine Name": 3}, "already sets"),
    ({"Online": 3}, "already sets"),
    ({"Company": 9}, "from 1 to 8"),
    ({"Company": 0}, "from 1 to 8"),
    ({"A-B": 1, "a b": 2}, "both become"),
    ({"--": 1}, "no usable variable name"),
])
def test_custom_property_names_errors(runner, names, message):
    with pytest.raises(AnsibleParserError, match=message):
        runner.run({"custom_property_names": names})
    assert not runner.http.requests  # configuration errors come before any request


# -- unsafe ----------------------------------------------------------------------------------------------------------

def test_remote_text_is_unsafe(runner):
    run = runner.run({"custom_property_names": {"Company": 1}})
    assert EVIL_NAME in run.inventory.hosts
    hostvars = run.hostvars(EVIL_NAME)
    for value in (hostvars["screenconnect_name"], hostvars["screenconnect_company"],
                  hostvars["screenconnect_custom_properties"][0], hostvars["screenconnect_custom_properties"][1],
                  run.inventory.get_host(EVIL_NAME).name):
        assert _untrusted(value), value
    assert hostvars["screenconnect_company"] == 'EVALU{{ "" }}ATED'
    # templating a variable that holds remote text gives the text back, it is never evaluated
    templar = run.plugin.templar
    templar.available_variables = hostvars
    assert _evaluate(templar, "screenconnect_name") == EVIL_NAME
    assert _evaluate(templar, "screenconnect_company") == 'EVALU{{ "" }}ATED'
    assert _evaluate(templar, "screenconnect_custom_properties[1]") == "{% raw %}x"


def _evaluate(templar, expression):
    """The value of a trusted expression: evaluate_expression() on ansible-core 2.19+, "{{ }}" before it."""
    if hasattr(templar, "evaluate_expression"):
        return templar.evaluate_expression(_trusted(expression))
    return templar.template("{{ %s }}" % expression)


def _trusted(text):
    try:
        from ansible.template import trust_as_template
    except ImportError:  # pragma: no cover
        return text
    return trust_as_template(text)


def test_compose_with_remote_text_stays_literal(runner):
    run = runner.run({"compose": {"label": "screenconnect_name ~ '!'"}})
    assert run.hostvars(EVIL_NAME)["label"] == EVIL_NAME + "!"


# -- filters ---------------------------------------------------------------------------------------------------------

def test_filters_first_match_wins_default_include(runner):
    run = runner.run({"filters": [
        {"include": "inventory_hostname == 'web-01'"},
        {"exclude": "screenconnect_guest_operating_system_name is not defined"},
        {"exclude": "not screenconnect_online"},
    ]})
    assert run.hosts == ["ACME-DC01", "ACME-LT-0007", "DESKTOP-7GXL8S3", "web-01"]
    run = runner.run({"filters": [{"include": "screenconnect_online"}, {"exclude": True}]})
    assert EVIL_NAME not in run.hosts and "ACME-DC01" in run.hosts


def test_filters_before_duplicates(runner):
    run = runner.run({"filters": [{"exclude": "screenconnect_online"}]})
    assert run.hostvars("ACME-LT-0007")["screenconnect_session_id"] == STALE
    assert not [warning for warning in run.warnings if "ACME-LT-0007" in warning]


@pytest.mark.parametrize("filters, message", [
    (["screenconnect_online"], "exactly one key"),
    ([{"include": "a", "exclude": "b"}], "exactly one key"),
    ([{"keep": "a"}], '"include" or "exclude"'),
    ([{"include": 3}], "string or a boolean"),
])
def test_filters_malformed(runner, filters, message):
    with pytest.raises(AnsibleParserError, match=message):
        runner.run({"filters": filters})


def test_filter_condition_error_names_condition_and_host(runner):
    with pytest.raises(AnsibleParserError, match="no_such_variable"):
        runner.run({"filters": [{"include": "no_such_variable.attribute"}]})


def test_filters_excluding_everything_warn(runner):
    run = runner.run({"filters": [{"exclude": True}]})
    assert not run.hosts
    assert any("filters excluded all 7 sessions" in warning for warning in run.warnings)


# -- empty results and errors ----------------------------------------------------------------------------------------

def test_empty_result_is_a_warning_naming_the_filter(runner):
    run = runner.run({"session_filter": "CustomProperty1 = 'Nobody'"}, sessions=[])
    assert not run.hosts
    assert any("CustomProperty1 = 'Nobody'" in warning and "matched no sessions" in warning
               for warning in run.warnings)


def test_server_error_message_has_status_and_server_message_without_secret(runner):
    envelope = load_fixture("error_filter.json")
    envelope["message"] += " (header was %s)" % SECRET
    with pytest.raises(AnsibleParserError) as info:
        runner.run(responses=[json_response(envelope, status=500)])
    text = str(info.value)
    assert "HTTP 500" in text and "Unexpected token 'Acces'" in text and "GetSessionsByFilter" in text
    assert SECRET not in text
    assert len(runner.http.requests) == 1  # 500 is not retried


def test_auth_error_without_secret(runner):
    with pytest.raises(AnsibleParserError) as info:
        runner.run(responses=[json_response(load_fixture("error_auth.json"), status=401)])
    assert "HTTP 401" in str(info.value) and "Needs permission" in str(info.value)
    assert SECRET not in str(info.value)


def test_reads_are_retried(runner):
    answer = json_response(load_fixture("sessions.json"))
    run = runner.run({"retries": 2}, responses=[FakeResponse(503, "<html><title>busy</title></html>"), answer])
    assert len(run.http.requests) == 2 and "ACME-DC01" in run.hosts


def test_unreachable_server_without_secret(runner):
    import requests
    error = requests.exceptions.ConnectionError("connection refused to https://sc.example.com (%s)" % SECRET)
    with pytest.raises(AnsibleParserError) as info:
        runner.run(responses=[error])
    assert "Could not reach ScreenConnect" in str(info.value)
    assert SECRET not in str(info.value)


def test_invalid_url_is_a_parser_error(runner):
    with pytest.raises(AnsibleParserError, match="url must be"):
        runner.run({"url": "ftp://sc.example.com"})


# -- cache -----------------------------------------------------------------------------------------------------------

def _cache_config(tmp_path, **extra):
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile",
              "cache_connection": str(tmp_path / "cache"), "cache_timeout": 3600}
    config.update(extra)
    return config


def test_cache_miss_hit_and_refresh(runner, tmp_path):
    config = _cache_config(tmp_path)
    first = runner.run(config)
    assert len(first.http.requests) == 1
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 1
    assert SECRET not in files[0].read_text(encoding="utf-8")

    hit = runner.run(config, responses=[])  # any request would fail the FakeHTTP
    assert hit.hosts == first.hosts
    assert hit.hostvars("ACME-DC01")["screenconnect_session_id"] == ACME

    changed = sessions((ACME, {"Name": "ACME-DC01-RENAMED"}))
    refreshed = runner.run(config, sessions=changed, cache=False)  # --flush-cache: do not read, do write
    assert len(refreshed.http.requests) == 1 and "ACME-DC01-RENAMED" in refreshed.hosts
    again = runner.run(config, responses=[])
    assert "ACME-DC01-RENAMED" in again.hosts


def test_cache_entry_for_another_filter_is_not_used(runner, tmp_path):
    runner.run(_cache_config(tmp_path))
    run = runner.run(_cache_config(tmp_path, session_filter="CustomProperty1 = 'Acme'"))
    assert len(run.http.requests) == 1


def test_cache_disabled_never_writes(runner, tmp_path):
    config = _cache_config(tmp_path, cache=False)
    runner.run(config)
    run = runner.run(config)
    assert len(run.http.requests) == 1
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_cached_answer_is_not_mutated(runner, tmp_path, monkeypatch):
    from ansible_collections.screenconnect.restapi.plugins.inventory.screenconnect import InventoryModule

    config = _cache_config(tmp_path, custom_property_names={"Company": 1}, default_groups=True,
                           compose={"ansible_host": "screenconnect_guest_private_network_address"},
                           keyed_groups=[{"key": "screenconnect_company", "prefix": "company"}],
                           duplicate_hostnames="suffix")
    answers = []  # the session lists the hosts were built from: the cache entry's
    original_sessions = InventoryModule._sessions

    def _sessions(self, *args):
        answers.append(original_sessions(self, *args))
        return answers[-1]

    monkeypatch.setattr(InventoryModule, "_sessions", _sessions)
    original = load_fixture("sessions.json")
    runner.run(config)
    hit = runner.run(config, responses=[])
    assert hit.http.requests == []
    hit.inventory.get_host("ACME-DC01").get_vars()["screenconnect_custom_properties"].append("changed")
    assert answers == [original, original]
    hit.plugin._cache.load_whole_cache()
    [key] = list(hit.plugin._cache.keys())
    assert hit.plugin._cache[key]["sessions"] == original


class _TrackedList(list):
    """A list that can be weakly referenced."""


def test_raw_answer_released_before_hosts_are_added_without_cache(runner, monkeypatch):
    """Without cache, nothing holds the session list once the host variables are built (memory at 100k sessions)."""
    import gc
    import weakref

    from ansible_collections.screenconnect.restapi.plugins.inventory.screenconnect import InventoryModule

    seen = {}
    original_sessions, original_add_hosts = InventoryModule._sessions, InventoryModule._add_hosts

    def _sessions(self, *args):
        result = _TrackedList(original_sessions(self, *args))
        seen["answer"] = weakref.ref(result)
        return result

    def _add_hosts(self, *args):
        gc.collect()
        seen["alive_while_adding"] = seen["answer"]() is not None
        return original_add_hosts(self, *args)

    monkeypatch.setattr(InventoryModule, "_sessions", _sessions)
    monkeypatch.setattr(InventoryModule, "_add_hosts", _add_hosts)
    run = runner.run({"default_groups": True})
    assert seen["alive_while_adding"] is False
    assert "ACME-DC01" in run.hosts and run.group("screenconnect_online")


# -- groups and constructed ------------------------------------------------------------------------------------------

def test_default_groups(runner):
    run = runner.run({"default_groups": True})
    assert run.group("screenconnect_online") == ["ACME-DC01", "ACME-LT-0007", "DESKTOP-7GXL8S3", "web-01"]
    assert run.group("screenconnect_offline") == [NO_GUEST, EVIL_NAME]
    assert len(run.group("screenconnect_type_access")) == 6
    assert run.group("screenconnect_os_windows") == ["ACME-DC01", "ACME-LT-0007", "DESKTOP-7GXL8S3"]
    assert run.group("screenconnect_os_linux") == ["web-01"]
    assert run.group("screenconnect_os_macos") == [EVIL_NAME]
    assert run.group("screenconnect_os_other") == [NO_GUEST]


def test_default_groups_are_opt_in(runner):
    run = runner.run()
    assert "screenconnect_online" not in run.inventory.groups


def test_support_sessions_with_all_types_filter(runner):
    data = load_fixture("sessions.json") + load_fixture("support_sessions.json")
    run = runner.run({"session_filter": "SessionType IN (0, 1, 2)", "default_groups": True}, sessions=data)
    assert run.group("screenconnect_type_support") == ["Support ticket #48213"]
    hostvars = run.hostvars("Support ticket #48213")
    assert hostvars["screenconnect_host"] == "alice" and hostvars["screenconnect_is_ended"] is True


def test_constructed_compose_groups_keyed_groups(runner):
    run = runner.run({
        "custom_property_names": {"Company": 1, "Site": 2},
        "compose": {"ansible_host": "screenconnect_guest_private_network_address"},
        "groups": {"servers": "'Server' in (screenconnect_guest_operating_system_name | default(''))"},
        "keyed_groups": [{"key": "screenconnect_company", "prefix": "company"},
                         {"key": "screenconnect_site", "prefix": "site", "separator": "-"}],
    })
    assert run.hostvars("ACME-DC01")["ansible_host"] == "10.1.0.10"
    assert run.group("servers") == ["ACME-DC01"]
    assert run.group("company_Acme") == ["ACME-DC01", "ACME-LT-0007", "DESKTOP-7GXL8S3"]
    assert run.group("company_Globex") == ["web-01"]
    assert "site_Branch_01" in run.inventory.groups  # "-" is not valid in group names


def test_leading_separator(runner):
    run = runner.run({"keyed_groups": [{"key": "screenconnect_session_type"}], "leading_separator": False})
    assert "Access" in run.inventory.groups
    run = runner.run({"keyed_groups": [{"key": "screenconnect_session_type"}]})
    assert "_Access" in run.inventory.groups


def test_strict_compose_errors(runner):
    config = {"compose": {"broken": "no_such_variable + 1"}}
    run = runner.run(config)
    assert "broken" not in run.hostvars("ACME-DC01")
    with pytest.raises(AnsibleError, match="broken"):
        runner.run(dict(config, strict=True, duplicate_hostnames="suffix"))
    with pytest.raises(AnsibleError):
        runner.run({"keyed_groups": [{"key": "no_such_variable"}], "strict": True, "duplicate_hostnames": "suffix"})


def test_use_extra_vars(runner, monkeypatch):
    from ansible import context
    from ansible.module_utils.common.collections import ImmutableDict

    run = runner.run({"compose": {"where": "location | default('nowhere')"}, "use_extra_vars": True})
    assert run.hostvars("ACME-DC01")["where"] == "nowhere"
    monkeypatch.setattr(context, "CLIARGS", ImmutableDict(extra_vars=("location=lab",)))
    run = runner.run({"compose": {"where": "location | default('nowhere')"}, "use_extra_vars": True})
    assert run.hostvars("ACME-DC01")["where"] == "lab"


# -- the real emulator -----------------------------------------------------------------------------------------------

def test_against_the_emulator_one_call(runner, emulator):
    config = {"url": emulator.url, "secret": emulator.secret, "retries": 0, "default_groups": True,
              "duplicate_hostnames": "suffix", "custom_property_names": {"Company": 1}}
    run = runner.run(config, responses=[], real_http=True)
    assert emulator.calls("GetSessionsByFilter")["received"] == 1
    assert emulator.calls()["received"] == 1
    assert run.hosts and set(run.group("screenconnect_type_access")) == set(run.hosts)
    for host in run.hosts:
        hostvars = run.hostvars(host)
        assert hostvars["screenconnect_session_type"] == "Access"
        assert hostvars["screenconnect_company"] == hostvars["screenconnect_custom_properties"][0]
        assert host in run.group("screenconnect_online" if hostvars["screenconnect_online"] else "screenconnect_offline")


def test_against_the_emulator_server_error(runner, emulator):
    emulator.fault(method="GetSessionsByFilter", kind="html500", count=5)
    with pytest.raises(AnsibleParserError) as info:
        runner.run({"url": emulator.url, "secret": emulator.secret, "retries": 0}, responses=[], real_http=True)
    assert "HTTP 500" in str(info.value) and emulator.secret not in str(info.value)
