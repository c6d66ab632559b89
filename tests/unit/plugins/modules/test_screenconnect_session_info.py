# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session_info as info

from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.conftest import FakeAPI, FakeModule, main_refusal, make_session

SPEC = info.ARGUMENT_SPEC


def module(params, **kwargs):
    return FakeModule(params, argument_spec=SPEC, **kwargs)


def names_of(result):
    return [session["Name"] for session in result["sessions"]]


@pytest.fixture
def fleet():
    sessions = [
        make_session("PC-01", 2, ["Acme", "HQ"], online=True, session_id="11111111-1111-1111-1111-111111111111"),
        make_session("PC-010", 2, ["Acme", "Branch"], online=False, session_id="22222222-2222-2222-2222-222222222222"),
        make_session("PC-01", 0, ["Other"], online=False, session_id="33333333-3333-3333-3333-333333333333"),
        make_session("XPC-01", 2, online=True, session_id="44444444-4444-4444-4444-444444444444"),
    ]
    return sessions


# -- validation before any request -----------------------------------------------------------------------------------

@pytest.mark.parametrize("params, option", [
    (dict(session_id=["not-a-guid"]), "session_id"),
    (dict(session_id=["11111111-1111-1111-1111-111111111111", "x"]), "session_id"),
    (dict(session_id=[]), "session_id"),
    (dict(name=""), "name"),
    (dict(name="PC-*", name_match="prefix"), "name"),
    (dict(match={"Bad Prop": "x"}), "match"),
    (dict(match={"Name": []}), "match"),
    (dict(match={"Name": {"nested": 1}}), "match"),
    (dict(filter="   "), "filter"),
    (dict(session_type="Access", custom_property_names={"Company": 9}), "custom_property_names"),
    (dict(session_type="Access", custom_property_names={"Company": "first"}), "custom_property_names"),
    (dict(session_type="Access", custom_property_names={"Company": 1, "Org": "1"}), "custom_property_names"),
])
def test_invalid_options_fail_before_any_request(params, option):
    api = FakeAPI()
    with pytest.raises(errors.ScreenConnectInputError) as exc:
        info.run(module(params), api)
    assert option in str(exc.value)
    assert api.calls == []


# -- by id ------------------------------------------------------------------------------------------------------------

def test_session_ids_are_deduplicated_and_unknown_ids_left_out(fleet):
    api = FakeAPI(fleet)
    result = info.run(module(dict(session_id=[
        "22222222-2222-2222-2222-222222222222",
        "22222222-2222-2222-2222-222222222222".upper(),
        "11111111-1111-1111-1111-111111111111",
        "99999999-9999-9999-9999-999999999999",
    ])), api)
    assert [s["SessionID"] for s in result["sessions"]] == [
        "22222222-2222-2222-2222-222222222222", "11111111-1111-1111-1111-111111111111"]
    assert [call[0] for call in api.calls] == ["get_session"] * 3
    assert result["changed"] is False


def test_session_id_with_type_and_online_narrowing(fleet):
    api = FakeAPI(fleet)
    ids = [s["SessionID"] for s in fleet]
    assert names_of(info.run(module(dict(session_id=ids, session_type="Support")), api)) == ["PC-01"]
    result = info.run(module(dict(session_id=ids, online=True)), api)
    assert [s["SessionID"] for s in result["sessions"]] == [ids[0], ids[3]]
    result = info.run(module(dict(session_id=ids, online=False)), api)
    assert [s["SessionID"] for s in result["sessions"]] == [ids[1], ids[2]]


# -- by name ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("server", ["exact", "prefix"])
def test_exact_name_is_exact_under_both_server_readings(fleet, server):
    api = FakeAPI(fleet, name_match=server)
    result = info.run(module(dict(name="PC-01")), api)
    assert sorted(s["SessionID"] for s in result["sessions"]) == [
        "11111111-1111-1111-1111-111111111111", "33333333-3333-3333-3333-333333333333"]
    assert api.calls == [("get_sessions_by_name", "PC-01")]
    result = info.run(module(dict(name="PC-01", session_type="Access")), api)
    assert [s["SessionID"] for s in result["sessions"]] == ["11111111-1111-1111-1111-111111111111"]


@pytest.mark.parametrize("server", ["exact", "prefix"])
def test_prefix_uses_a_like_filter_and_checks_names(fleet, server):
    api = FakeAPI(fleet, name_match=server)
    result = info.run(module(dict(name="PC-01", name_match="prefix", session_type="Access")), api)
    # The fake returns every session for any filter, so the client-side check decides.
    assert names_of(result) == ["PC-01", "PC-010"]
    assert api.calls == [("get_sessions_by_filter", "(Name LIKE 'PC-01*') AND (SessionType = 'Access')")]


def test_name_is_quoted_in_prefix_filter():
    api = FakeAPI([make_session("O'Brien PC")])
    result = info.run(module(dict(name="O'Brien", name_match="prefix")), api)
    assert names_of(result) == ["O'Brien PC"]
    assert api.calls == [("get_sessions_by_filter", "Name LIKE 'O''Brien*'")]


# -- by filter and match ----------------------------------------------------------------------------------------------

def test_match_builds_a_quoted_filter_with_labels(fleet):
    api = FakeAPI(fleet)
    params = dict(match={"Company": "O'Neil", "Site": ["HQ", "Branch"], "GuestMachineName": "PC"},
                  custom_property_names={"Company": 1, "Site": 2}, session_type="Access")
    info.run(module(params), api)
    assert api.calls == [("get_sessions_by_filter",
                          "(CustomProperty1 = 'O''Neil') AND (CustomProperty2 IN ('HQ', 'Branch')) "
                          "AND (GuestMachineName = 'PC') AND (SessionType = 'Access')")]


def test_raw_filter_is_combined_and_results_narrowed_client_side(fleet):
    api = FakeAPI(fleet)
    result = info.run(module(dict(filter="GuestConnectedCount > 0 OR Name = 'x'", match={"CustomProperty1": "Acme"},
                                  session_type="Support")), api)
    assert api.calls == [("get_sessions_by_filter",
                          "(GuestConnectedCount > 0 OR Name = 'x') AND (CustomProperty1 = 'Acme') "
                          "AND (SessionType = 'Support')")]
    assert [s["SessionID"] for s in result["sessions"]] == ["33333333-3333-3333-3333-333333333333"]


def test_session_type_alone_lists_that_type_sorted_by_name(fleet):
    api = FakeAPI(fleet)
    result = info.run(module(dict(session_type="Access")), api)
    assert api.calls == [("get_sessions_by_filter", "SessionType = 'Access'")]
    assert names_of(result) == ["PC-01", "PC-010", "XPC-01"]


def test_online_false_keeps_offline_sessions(fleet):
    result = info.run(module(dict(session_type="Access", online=False)), FakeAPI(fleet))
    assert names_of(result) == ["PC-010"]
    assert all(s["online"] is False for s in result["sessions"])


# -- result shape -----------------------------------------------------------------------------------------------------

def test_sessions_keep_api_fields_and_add_convenience_keys(fleet):
    api = FakeAPI(fleet)
    result = info.run(module(dict(session_id=["11111111-1111-1111-1111-111111111111"],
                                  custom_property_names={"Company": 1, "Site": 2})), api)
    session = result["sessions"][0]
    for key, value in fleet[0].items():
        assert session[key] == value
    assert session["session_type_name"] == "Access"
    assert session["online"] is True
    assert session["display_name"] == "PC-01"
    assert session["custom_properties"]["Company"] == "Acme"
    assert session["custom_properties"]["Site"] == "HQ"
    assert session["custom_properties"]["CustomProperty3"] == ""
    assert "CustomProperty1" not in session["custom_properties"]
    assert "events" not in session
    assert set(result) == {"changed", "sessions"}


def test_display_name_falls_back_to_machine_name():
    api = FakeAPI([make_session("", machine_name="DESKTOP-9", session_id="55555555-5555-5555-5555-555555555555")])
    result = info.run(module(dict(session_id=["55555555-5555-5555-5555-555555555555"])), api)
    assert result["sessions"][0]["display_name"] == "DESKTOP-9"


def test_details_add_sorted_events_including_nested_ones(fleet):
    api = FakeAPI(fleet)
    sid = "11111111-1111-1111-1111-111111111111"
    later = {"EventID": "e2", "EventType": 70, "Time": "2026-01-02T00:00:00Z", "Host": "", "Data": "out"}
    earlier = {"EventID": "e1", "EventType": 44, "Time": "2026-01-01T00:00:00.1234567Z", "Host": "x", "Data": "cmd"}
    nested = {"EventID": "e0", "EventType": 10, "Time": "2025-12-31T23:00:00Z", "Host": "", "Data": ""}
    connection = {"ConnectionID": "c1", "ProcessType": 2, "Events": [nested, later]}

    def details(session_id):
        api.calls.append(("get_session_details", session_id))
        return {"Session": fleet[0], "Events": [later, earlier], "Connections": [connection]}

    api.get_session_details = details
    result = info.run(module(dict(session_id=[sid], details=True)), api)
    events = result["sessions"][0]["events"]
    assert [e["EventID"] for e in events] == ["e0", "e1", "e2"]
    assert [e["event_type_name"] for e in events] == ["Connected", "QueuedCommand", "RanCommand"]
    assert events[1]["EventType"] == 44
    assert result["sessions"][0]["connections"] == [connection]
    assert api.calls == [("get_session", sid), ("get_session_details", sid)]


def test_details_of_a_vanished_session_are_empty(fleet):
    api = FakeAPI(fleet)
    api.get_session_details = lambda session_id: None
    result = info.run(module(dict(name="PC-010", details=True)), api)
    assert result["sessions"][0]["events"] == []
    assert result["sessions"][0]["connections"] == []


def test_check_mode_reads_the_same_and_never_writes(fleet):
    api = FakeAPI(fleet)
    normal = info.run(module(dict(session_type="Access")), api)
    checked = info.run(module(dict(session_type="Access"), check_mode=True), api)
    assert checked == normal
    assert api.writes() == []


def test_secret_is_not_in_the_result(fleet):
    result = info.run(module(dict(session_type="Access", details=True)), FakeAPI(fleet))
    assert "s3cr3t-value" not in json.dumps(result)


# -- main() with a real AnsibleModule: refusals need no server ------------------------------------------------------

@pytest.mark.parametrize("args, text", [
    (dict(session_id=["11111111-1111-1111-1111-111111111111"], name="PC-01"), "mutually exclusive"),
    (dict(name="PC-01", filter="Name = 'x'"), "mutually exclusive"),
    (dict(online=True), "one of the following is required"),
    (dict(session_id=["nope"]), "session_id must be a session GUID"),
])
def test_main_refuses_without_a_request_or_traceback(capsys, args, text):
    assert text in main_refusal(info.main, args, capsys)["msg"]
