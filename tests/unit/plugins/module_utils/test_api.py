# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ScreenConnectAPI against the emulator, under each reading of what is unknown about the real server."""

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI, validate_session_id
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import ScreenConnectClient
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import custom_property_values


@pytest.fixture
def api(emulator):
    return ScreenConnectAPI(ScreenConnectClient(url=emulator.url, secret=emulator.secret, backoff=0.01))


@pytest.mark.parametrize("value", ["", "abc", "25950dd7-0230-4a72-9409-0b8c489684a", None, "'; --"])
def test_malformed_session_ids_name_the_option(value):
    with pytest.raises(errors.ScreenConnectInputError) as info:
        validate_session_id(value, "session_ids[2]")
    assert "session_ids[2]" in str(info.value)


def test_session_ids_are_normalised_to_lower_case():
    assert validate_session_id(" 25950DD7-0230-4A72-9409-0B8C489684A2 ") == "25950dd7-0230-4a72-9409-0b8c489684a2"


def test_create_then_read_back(api, emulator):
    created = api.create_session(2, "api-create-test", False, "", ["Acme", "HQ"])
    assert created["Name"] == "api-create-test"
    assert created["CustomPropertyValues"][:2] == ["Acme", "HQ"]
    assert len(created["CustomPropertyValues"]) == 8
    assert api.get_session(created["SessionID"])["SessionID"] == created["SessionID"]
    assert emulator.calls("CreateSession") == {"received": 1, "applied": 1}


@pytest.mark.parametrize("reading", ["keep", "blank"])
def test_custom_properties_are_always_written_as_eight(api, emulator, reading):
    emulator.config(partial_custom_properties=reading)
    created = api.create_session(2, "cp-%s" % reading, False, "", ["a", "b", "c", "d", "e", "f", "g", "h"])
    api.update_session_custom_properties(created["SessionID"], ["A", "b"])
    assert api.get_session(created["SessionID"])["CustomPropertyValues"] == ["A", "b", "", "", "", "", "", ""]


def test_more_than_eight_custom_properties_are_refused_before_sending(api, emulator):
    with pytest.raises(errors.ScreenConnectInputError):
        api.update_session_custom_properties("25950dd7-0230-4a72-9409-0b8c489684a2", ["x"] * 9)
    assert emulator.calls()["received"] == 0


@pytest.mark.parametrize("reading", ["exact", "prefix"])
def test_name_lookup_returns_what_the_server_matches(api, emulator, reading):
    emulator.config(name_match=reading)
    name = "lookup-%s-PC-01" % reading
    api.create_session(2, name, False, "", [])
    api.create_session(2, name + "0", False, "", [])
    names = sorted(s["Name"] for s in api.get_sessions_by_name(name))
    assert names == ([name] if reading == "exact" else [name, name + "0"])


def test_details_of_unknown_session_under_both_readings(api, emulator):
    unknown = "00000000-0000-0000-0000-00000000abcd"
    emulator.config(unknown_session="ignore")
    assert api.get_session_details(unknown) is None
    emulator.config(unknown_session="error")
    with pytest.raises(errors.ScreenConnectServerError):
        api.get_session_details(unknown)


def test_empty_filter_is_refused_before_sending(api, emulator):
    with pytest.raises(errors.ScreenConnectInputError):
        api.get_sessions_by_filter("  ")
    assert emulator.calls()["received"] == 0


def test_write_events_appear_in_details(api):
    session = api.get_sessions_by_filter("SessionType = 'Access'")[0]
    session_id = session["SessionID"]
    api.add_note(session_id, "api note")
    api.send_message(session_id, "Ansible", "hello")
    api.send_toolbox_item(session_id, "Utilities/Restart.ps1")
    details = api.get_session_details(session_id)
    kinds = dict((event["EventType"], event) for event in details["Events"])
    assert kinds[32]["Data"] == "api note"
    assert kinds[45]["Host"] == "Ansible" and kinds[45]["Data"] == "hello"
    assert kinds[47]["Data"] == "Utilities/Restart.ps1"


def test_writes_pass_the_anti_forgery_gate_under_both_readings(api, emulator):
    """The client sends the server's own origin, which the server always allows, so both readings work."""
    session_id = api.get_sessions_by_filter("SessionType = 'Access'")[0]["SessionID"]
    for reading in ("allow", "deny"):
        emulator.config(writes_without_origin=reading)
        api.update_session_name(session_id, "origin-%s" % reading)
        assert api.get_session(session_id)["Name"] == "origin-%s" % reading


def test_create_session_sends_the_type_as_a_number(api, emulator):
    emulator.config(session_type_names="reject")
    assert api.create_session(0, "support-by-number", False, "", [])["SessionType"] == 0


def test_custom_properties_object_shape_is_read_the_same(api, emulator):
    created = api.create_session(2, "shape-both", False, "", ["Acme", "HQ"])
    emulator.config(custom_properties_shape="both")
    session = api.get_session(created["SessionID"])
    assert "CustomProperties" in session
    assert custom_property_values(session)[:2] == ["Acme", "HQ"]
    del session["CustomPropertyValues"]
    assert custom_property_values(session)[:2] == ["Acme", "HQ"]
