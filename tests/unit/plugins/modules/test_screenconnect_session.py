# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session as sc_session
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.conftest import (
    FailJson,
    FakeAPI,
    FakeModule,
    main_refusal,
    make_session,
)

SPEC = sc_session.ARGUMENT_SPEC
SID = "11111111-1111-1111-1111-111111111111"
OTHER = "22222222-2222-2222-2222-222222222222"
NAMES = {"Company": 1, "Site": 2}


def module(params, **kwargs):
    return FakeModule(params, argument_spec=SPEC, **kwargs)


def run(params, api, **kwargs):
    return sc_session.run(module(params, **kwargs), api)


@pytest.fixture
def api():
    return FakeAPI([make_session("PC-01", 2, ["Acme", "HQ", "third", "", "", "", "", "eighth"], session_id=SID)])


# -- validation before any request -----------------------------------------------------------------------------------

@pytest.mark.parametrize("params, words", [
    (dict(state="absent", name="PC-01", session_type="Access"), ["absent", "no method to delete"]),
    (dict(state="absent"), ["absent", "delete"]),
    (dict(session_id="PC-01"), ["session_id", "GUID"]),
    (dict(session_id=""), ["session_id"]),
    (dict(), ["name is required"]),
    (dict(name=""), ["name is required"]),
    (dict(name="PC-01"), ["session_type is required"]),
    (dict(name="PC-01", session_type="Access", new_name=""), ["new_name"]),
    (dict(session_id=SID, name="a", new_name="b"), ["name or new_name"]),
    (dict(name="PC-01", session_type="Access", custom_properties={"Region": "EU"}, custom_property_names=NAMES),
     ["custom_properties", "'Region'", "Company, Site"]),
    (dict(name="PC-01", session_type="Access", custom_properties={"Company": "x"}),
     ["custom_properties", "'Company'", "custom_property_names"]),
    (dict(name="PC-01", session_type="Access", custom_properties={9: "x"}), ["custom_properties", "out of range"]),
    (dict(name="PC-01", session_type="Access", custom_properties={"0": "x"}), ["custom_properties", "out of range"]),
    (dict(name="PC-01", session_type="Access", custom_properties={"CustomProperty9": "x"}), ["out of range"]),
    (dict(name="PC-01", session_type="Access", custom_properties=dict((str(i), "v") for i in range(1, 10))),
     ["9 entries", "only 8"]),
    (dict(name="PC-01", session_type="Access", custom_properties={"Company": "a", 1: "b"},
          custom_property_names=NAMES), ["both set custom property 1"]),
    (dict(name="PC-01", session_type="Access", custom_properties={1: ["a"]}), ["must be a string"]),
    (dict(name="PC-01", session_type="Access", custom_property_names={"Company": 0}), ["custom_property_names"]),
])
def test_invalid_options_fail_before_any_request(api, params, words):
    with pytest.raises(errors.ScreenConnectInputError) as exc:
        run(params, api)
    for word in words:
        assert word in str(exc.value)
    assert api.calls == []


# -- create -----------------------------------------------------------------------------------------------------------

def test_missing_session_is_created_with_a_numeric_type_and_then_left_alone(api):
    params = dict(name="Call 4711", session_type="Support", custom_properties={"Site": "HQ", 5: "x"},
                  custom_property_names=NAMES, code="1234", is_public=True)
    result = run(params, api)
    assert result["changed"] is True
    assert result["actions"] == ["created"]
    assert api.writes() == [("create_session", 0, "Call 4711", True, "1234", ["", "HQ", "", "", "x", "", "", ""])]
    session = result["session"]
    assert session["SessionID"] in api.sessions
    assert session["Name"] == "Call 4711"
    assert session["session_type_name"] == "Support"
    assert session["custom_properties"]["Site"] == "HQ"

    again = run(params, api)
    assert again["changed"] is False
    assert again["actions"] == []
    assert again["session"]["SessionID"] == session["SessionID"]
    assert len(api.writes()) == 1


@pytest.mark.parametrize("session_type, number", [("Support", 0), ("Meeting", 1), ("Access", 2)])
def test_create_sends_session_type_as_number(session_type, number):
    api = FakeAPI()
    run(dict(name="new", session_type=session_type), api)
    assert api.writes() == [("create_session", number, "new", False, "", [""] * 8)]


def test_check_mode_create_predicts_without_writing(api):
    result = run(dict(name="Call 1", session_type="Access", custom_properties={1: "Acme"}), api, check_mode=True,
                 diff=True)
    assert result["changed"] is True
    assert result["actions"] == ["created"]
    assert api.writes() == []
    assert result["session"]["SessionID"] == ""
    assert result["session"]["Name"] == "Call 1"
    assert result["session"]["SessionType"] == 2
    assert result["session"]["CustomPropertyValues"] == ["Acme"] + [""] * 7
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["name"] == "Call 1"


@pytest.mark.parametrize("server", ["exact", "prefix"])
def test_name_lookup_is_exact_under_both_server_readings(server):
    api = FakeAPI([make_session("PC-010", 2, session_id=OTHER)], name_match=server)
    result = run(dict(name="PC-01", session_type="Access"), api)
    assert result["actions"] == ["created"]
    assert api.sessions[OTHER]["Name"] == "PC-010"


def test_same_name_of_another_type_is_another_session(api):
    result = run(dict(name="PC-01", session_type="Meeting"), api)
    assert result["actions"] == ["created"]
    assert api.writes()[0][:3] == ("create_session", 1, "PC-01")


# -- update -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("server", ["exact", "prefix"])
def test_partial_custom_properties_keep_the_other_positions(api, server):
    api.name_match = server
    api.add(make_session("PC-01-old", 2, ["Other"], session_id=OTHER))
    params = dict(name="PC-01", session_type="Access", custom_properties={"Site": "Branch", "4": "four"},
                  custom_property_names=NAMES)
    result = run(params, api)
    assert result["actions"] == ["custom_properties_changed"]
    assert api.writes() == [("update_session_custom_properties", SID,
                             ["Acme", "Branch", "third", "four", "", "", "", "eighth"])]
    assert result["session"]["custom_properties"] == {
        "Company": "Acme", "Site": "Branch", "CustomProperty3": "third", "CustomProperty4": "four",
        "CustomProperty5": "", "CustomProperty6": "", "CustomProperty7": "", "CustomProperty8": "eighth"}
    assert run(params, api)["changed"] is False
    assert len(api.writes()) == 1
    assert api.sessions[OTHER]["CustomPropertyValues"][0] == "Other"


def test_custom_property_keys_by_int_string_and_customproperty_name(api):
    result = run(dict(session_id=SID, custom_properties={1: "One", "CustomProperty8": None}), api)
    assert api.writes() == [("update_session_custom_properties", SID,
                             ["One", "HQ", "third", "", "", "", "", ""])]
    assert result["actions"] == ["custom_properties_changed"]


def test_values_already_set_send_nothing(api):
    result = run(dict(name="PC-01", session_type="Access", custom_properties={"Company": "Acme", 3: "third"},
                      custom_property_names=NAMES), api, diff=True)
    assert result["changed"] is False
    assert api.writes() == []
    assert result["diff"]["before"] == result["diff"]["after"]


def test_session_stored_with_custom_properties_object_shape():
    session = make_session("PC-02", 2, session_id=OTHER)
    del session["CustomPropertyValues"]
    session["CustomProperties"] = dict(("CustomProperty%d" % i, "v%d" % i) for i in range(1, 9))
    api = FakeAPI([session])
    result = run(dict(session_id=OTHER, custom_properties={2: "v2"}), api)
    assert result["changed"] is False
    run(dict(session_id=OTHER, custom_properties={2: "new"}), api)
    assert api.writes() == [("update_session_custom_properties", OTHER,
                             ["v1", "new", "v3", "v4", "v5", "v6", "v7", "v8"])]


def test_rename_by_session_id_uses_name(api):
    result = run(dict(session_id=SID.upper(), name="ACME-PC01"), api)
    assert result["actions"] == ["renamed"]
    assert api.writes() == [("update_session_name", SID, "ACME-PC01")]
    assert result["session"]["Name"] == "ACME-PC01"
    assert run(dict(session_id=SID, new_name="ACME-PC01"), api)["changed"] is False


def test_rename_with_new_name_is_idempotent(api):
    params = dict(name="PC-01", new_name="ACME-PC01", session_type="Access", custom_properties={2: "Branch"})
    result = run(params, api, diff=True)
    assert result["actions"] == ["renamed", "custom_properties_changed"]
    assert [call[0] for call in api.writes()] == ["update_session_name", "update_session_custom_properties"]
    assert result["diff"]["before"]["name"] == "PC-01"
    assert result["diff"]["after"]["name"] == "ACME-PC01"
    assert result["diff"]["before"]["custom_properties"]["CustomProperty2"] == "HQ"
    assert result["diff"]["after"]["custom_properties"]["CustomProperty2"] == "Branch"

    again = run(params, api)
    assert again["changed"] is False
    assert again["session"]["SessionID"] == SID
    assert len(api.writes()) == 2


def test_new_name_without_any_session_fails_instead_of_creating(api):
    with pytest.raises(errors.ScreenConnectLookupError) as exc:
        run(dict(name="nope", new_name="still-nope", session_type="Access"), api)
    assert "'nope'" in str(exc.value) and "'still-nope'" in str(exc.value)
    assert api.writes() == []


def test_check_mode_update_predicts_without_writing(api):
    result = run(dict(session_id=SID, name="ACME-PC01", custom_properties={"Company": "Globex"},
                      custom_property_names=NAMES), api, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["actions"] == ["renamed", "custom_properties_changed"]
    assert api.writes() == []
    assert api.sessions[SID]["Name"] == "PC-01"
    assert result["session"]["Name"] == "ACME-PC01"
    assert result["session"]["custom_properties"]["Company"] == "Globex"
    assert result["diff"] == {
        "before": {"name": "PC-01", "session_type": "Access",
                   "custom_properties": {"Company": "Acme", "Site": "HQ", "CustomProperty3": "third",
                                         "CustomProperty4": "", "CustomProperty5": "", "CustomProperty6": "",
                                         "CustomProperty7": "", "CustomProperty8": "eighth"}},
        "after": {"name": "ACME-PC01", "session_type": "Access",
                  "custom_properties": {"Company": "Globex", "Site": "HQ", "CustomProperty3": "third",
                                        "CustomProperty4": "", "CustomProperty5": "", "CustomProperty6": "",
                                        "CustomProperty7": "", "CustomProperty8": "eighth"}}}


def test_no_diff_key_without_diff_mode(api):
    assert "diff" not in run(dict(session_id=SID, name="x"), api)


def test_unknown_session_id_fails(api):
    with pytest.raises(errors.ScreenConnectLookupError) as exc:
        run(dict(session_id=OTHER, name="x"), api)
    assert OTHER in str(exc.value)
    assert api.writes() == []


def test_session_type_mismatch_with_session_id_fails(api):
    with pytest.raises(errors.ScreenConnectInputError) as exc:
        run(dict(session_id=SID, name="x", session_type="Support"), api)
    assert "Access session, not Support" in str(exc.value)
    assert api.writes() == []


def test_is_public_and_code_differences_only_warn(api):
    mod = module(dict(session_id=SID, is_public=True, code="99"))
    result = sc_session.run(mod, api)
    assert result["changed"] is False
    assert len(mod.warnings) == 2
    assert "is_public" in mod.warnings[0] and "code" in mod.warnings[1]


# -- duplicates -------------------------------------------------------------------------------------------------------

def test_duplicate_names_fail_listing_ids_unless_session_id_given(api):
    api.add(make_session("PC-01", 2, session_id=OTHER))
    with pytest.raises(errors.ScreenConnectLookupError) as exc:
        run(dict(name="PC-01", session_type="Access", custom_properties={1: "x"}), api)
    assert SID in str(exc.value) and OTHER in str(exc.value)
    assert "session_id" in str(exc.value)
    assert api.writes() == []

    result = run(dict(session_id=OTHER, name="PC-01", custom_properties={1: "x"}), api)
    assert result["actions"] == ["custom_properties_changed"]
    assert api.writes() == [("update_session_custom_properties", OTHER, ["x"] + [""] * 7)]


# -- errors -----------------------------------------------------------------------------------------------------------

def test_failure_after_a_write_reports_what_was_done(api):
    api.fail_with["update_session_custom_properties"] = errors.ScreenConnectServerError(
        "ScreenConnect returned HTTP 500", method="UpdateSessionCustomProperties", status=500)
    with pytest.raises(FailJson) as exc:
        run(dict(session_id=SID, name="new", custom_properties={1: "x"}), api)
    assert exc.value.kwargs["changed"] is True
    assert exc.value.kwargs["actions"] == ["renamed"]
    assert "already done" in exc.value.kwargs["msg"]
    assert exc.value.kwargs["status"] == 500


def test_failure_of_the_first_write_is_raised_unchanged(api):
    error = errors.ScreenConnectServerError("boom", method="UpdateSessionName", status=500)
    api.fail_with["update_session_name"] = error
    with pytest.raises(errors.ScreenConnectServerError) as exc:
        run(dict(session_id=SID, name="new"), api)
    assert exc.value is error


def test_result_shape_and_no_secret(api):
    result = run(dict(session_id=SID, name="new", custom_property_names=NAMES), api, diff=True)
    assert set(result) == {"changed", "actions", "session", "diff"}
    assert result["session"]["SessionID"] == SID
    assert result["session"]["online"] is True
    assert result["session"]["display_name"] == "new"
    assert "s3cr3t-value" not in json.dumps(result)


# -- main() with a real AnsibleModule: refusals need no server ------------------------------------------------------

@pytest.mark.parametrize("args, text", [
    (dict(state="absent", session_id=SID), "no method to delete"),
    (dict(state="absent"), "no method to delete"),
    (dict(name="PC-01", session_type="Access", custom_properties={"Region": "EU"}), "unknown custom property 'Region'"),
])
def test_main_refuses_without_a_request_or_traceback(capsys, args, text):
    assert text in main_refusal(sc_session.main, args, capsys)["msg"]
