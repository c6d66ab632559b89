# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The web-service pipeline (reference 1.2), the methods (section 2) and the JSON shapes (section 3)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid

import pytest

from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import EMULATOR_DIR, EXTENSION_ID, SECRET, SERVICE

DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$|^0001-01-01T00:00:00$")


def assert_error(response, status, error_type, message):
    assert response.status == status, (response.status, response.body)
    assert response.header("Content-Type") == "application/json; charset=utf-8"
    body = response.json()
    assert body["errorType"] == error_type
    assert body["detail"] is None
    if isinstance(message, str):
        assert body["message"] == message
    else:
        assert message.search(body["message"]), body["message"]


def any_session(client):
    return client.ok("GetSessionsByFilter", ["SessionType = 'Access'"])[0]


# ---- routing and headers -----------------------------------------------------------------------------------------
def test_success_headers(client):
    response = client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert response.status == 200
    assert response.header("Content-Type") == "application/json; charset=utf-8"
    assert response.header("Cache-Control") == "no-cache, no-store"
    assert response.header("Server") == "ScreenConnect/25.4.25.9313"


@pytest.mark.parametrize("path", [
    "/App_Extensions/00000000-0000-0000-0000-000000000000/Service.ashx/GetSessionsByName",
    "/App_Extensions/%s/Other.ashx/GetSessionsByName" % EXTENSION_ID,
    "/Services/PageService.ashx/GetLiveData",
])
def test_wrong_path_is_aspnet_404(client, path):
    response = client.request("POST", path, body=["x"], headers={"CTRLAuthHeader": SECRET})
    assert response.status == 404
    assert b"The resource cannot be found." in response.body
    assert response.header("Content-Type").startswith("text/html")


def test_unknown_method(client):
    assert_error(client.call("GetAllSessions", []), 500, "ArgumentException", "Web method does not exist")


def test_rest_alias_get_with_query(client):
    session = any_session(client)
    response = client.request("GET", SERVICE + "session-by-session-id?sessionID=" + session["SessionID"],
                              headers={"CTRLAuthHeader": SECRET})
    assert response.status == 200
    assert [s["SessionID"] for s in response.json()] == [session["SessionID"]]
    response = client.request("GET", SERVICE + "sessions-by-filter?sessionFilter=SessionType%20%3D%20%27Access%27",
                              headers={"CTRLAuthHeader": SECRET})
    assert response.status == 200 and response.json()


def test_get_with_path_segment(client):
    session = any_session(client)
    response = client.request("GET", SERVICE + "GetSessionBySessionID/" + session["SessionID"],
                              headers={"CTRLAuthHeader": SECRET})
    assert response.status == 200 and len(response.json()) == 1


@pytest.mark.parametrize("http_method", ["GET", "PUT"])
def test_non_post_to_write_method(client, http_method):
    response = client.call("UpdateSessionName", None, http_method=http_method)
    assert_error(response, 500, "ArgumentException", "Web method only accepts POST requests")


# ---- origin, content type, anti-forgery, auth --------------------------------------------------------------------
def test_post_without_json_content_type(client):
    response = client.call("GetSessionsByName", ["x"], headers={"Content-Type": "text/plain"})
    assert_error(response, 403, "UnauthorizedAccessException", "Must request with json content type")


def test_own_origin_skips_content_type_gate(client):
    origin = client.emulator.url
    response = client.call("GetSessionsByName", ["x"], headers={"Content-Type": "text/plain", "Origin": origin})
    assert response.status == 200
    assert response.header("Access-Control-Allow-Origin") == origin


def test_writes_without_origin_switch(client):
    session = any_session(client)
    assert client.call("AddNoteToSession", [session["SessionID"], "n"]).status == 200
    assert client.control("POST", "config", {"writes_without_origin": "deny"}).status == 200
    assert_error(client.call("AddNoteToSession", [session["SessionID"], "n"]), 403, "UnauthorizedAccessException",
                 "Invalid anti-forgery token")
    # reads are never subject to the anti-forgery check; an allowed Origin skips it
    assert client.call("GetSessionsByName", ["x"]).status == 200
    assert client.call("AddNoteToSession", [session["SessionID"], "n"], headers={"Origin": client.emulator.url}).status == 200


def test_options_preflight(client):
    response = client.call("GetSessionsByName", None, http_method="OPTIONS", headers={"Origin": client.emulator.url})
    assert response.status == 200
    assert response.header("Access-Control-Allow-Origin") == client.emulator.url
    response = client.call("GetSessionsByName", None, http_method="OPTIONS", headers={"Origin": "https://evil.example"})
    assert_error(response, 403, "UnauthorizedAccessException", "Bad origin")


@pytest.mark.parametrize("secret", [None, "wrong", "Basic " + SECRET])
def test_bad_or_missing_secret(client, secret):
    response = client.call("GetSessionsByName", ["x"], secret=secret)
    assert_error(response, 401, "SecurityException", "Needs permission")
    assert response.header("WWW-Authenticate")
    assert SECRET.encode() not in response.body
    if secret:
        assert secret.encode() not in response.body


def test_allowed_origin_mismatch():
    from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import Client, make_emulator  # pylint: disable=import-outside-toplevel
    emulator = make_emulator(allowed_origin="https://portal.example.com")
    try:
        client = Client(emulator)
        assert client.call("GetSessionsByName", ["x"], headers={"Origin": "https://portal.example.com"}).status == 200
        for headers in ({}, {"Origin": "https://evil.example"}, {"Origin": emulator.url}):
            assert_error(client.call("GetSessionsByName", ["x"], headers=headers), 403, "UnauthorizedAccessException",
                         "Bad origin")
        client.control("POST", "config", {"origin_mismatch_status": "401"})
        assert_error(client.call("GetSessionsByName", ["x"]), 401, "SecurityException", "Bad origin")
    finally:
        emulator.stop()


# ---- argument binding --------------------------------------------------------------------------------------------
def test_named_arguments(client):
    session = any_session(client)
    found = client.ok("GetSessionBySessionID", {"sessionID": session["SessionID"]})
    assert [s["SessionID"] for s in found] == [session["SessionID"]]


def test_unknown_named_parameter(client):
    assert_error(client.call("GetSessionsByName", {"SessionName": "x"}), 500, "ArgumentException",
                 "Unknown parameter: SessionName")


@pytest.mark.parametrize("body", ['"text"', "42", "true"])
def test_body_neither_array_nor_object(client, body):
    assert_error(client.call("GetSessionsByName", body), 500, "ArgumentException",
                 "Unable to process arguments: Body must be array or dictionary")


def test_invalid_json_body(client):
    assert_error(client.call("GetSessionsByName", "[unclosed"), 500, "ArgumentException",
                 re.compile("^Unable to process arguments: "))


def test_too_many_positional_values(client):
    assert_error(client.call("GetSessionsByName", ["a", "b"]), 500, "ArgumentException",
                 re.compile("^Unable to process arguments: "))


def test_conversion_failures(client):
    pattern = re.compile("^Unable to convert arguments to corresponding parameter types: ")
    assert_error(client.call("GetSessionDetailsBySessionID", ["not-a-guid"]), 500, "ArgumentException", pattern)
    assert_error(client.call("CreateSession", [2, "n", "maybe", "", []]), 500, "ArgumentException", pattern)
    assert_error(client.call("CreateSession", [2, "n", False, "", "notalist"]), 500, "ArgumentException", pattern)
    assert_error(client.call("CreateSession", [7, "n", False, "", []]), 500, "ArgumentException", pattern)


def test_session_type_names_switch(client):
    created = client.ok("CreateSession", ["Access", "by-name", False, "", []])
    assert created["SessionType"] == 2
    client.control("POST", "config", {"session_type_names": "reject"})
    response = client.call("CreateSession", ["Access", "by-name", False, "", []])
    assert_error(response, 500, "ArgumentException", re.compile("^Unable to convert arguments"))


def test_malformed_id_for_string_parameter(client):
    assert_error(client.call("GetSessionBySessionID", ["nope"]), 500, "FormatException", re.compile("Guid"))
    assert_error(client.call("AddNoteToSession", ["nope", "x"]), 500, "FormatException", re.compile("Guid"))


# ---- methods -----------------------------------------------------------------------------------------------------
def test_get_session_by_id_found_and_not_found(client):
    session = any_session(client)
    assert client.ok("GetSessionBySessionID", [session["SessionID"].upper()])[0]["SessionID"] == session["SessionID"]
    assert client.ok("GetSessionBySessionID", [str(uuid.uuid4())]) == []


def test_filter_errors(client):
    for value in ("", "   ", None):
        assert_error(client.call("GetSessionsByFilter", [value]), 500, "ArgumentException", re.compile("filter"))
    response = client.call("GetSessionsByFilter", ["Name = "])
    assert response.status == 500
    assert response.json()["errorType"] == "ArgumentException"
    assert response.json()["message"]


def test_name_match_switch(client):
    client.control("POST", "sessions", {"name": "PREFIXTEST-01"})
    client.control("POST", "sessions", {"name": "PREFIXTEST-010"})
    assert [s["Name"] for s in client.ok("GetSessionsByName", ["PREFIXTEST-01"])] == ["PREFIXTEST-01"]
    client.control("POST", "config", {"name_match": "prefix"})
    assert sorted(s["Name"] for s in client.ok("GetSessionsByName", ["PREFIXTEST-01"])) == ["PREFIXTEST-01", "PREFIXTEST-010"]
    client.control("POST", "config", {"name_match": "exact"})
    blank = client.ok("GetSessionsByName", [""])
    assert blank and all(s["Name"] == "" for s in blank)


def test_create_session_and_event(client):
    created = client.ok("CreateSession", [2, "NEW-SESSION", True, "1234", ["Acme", "HQ"]])
    assert created["Name"] == "NEW-SESSION" and created["IsPublic"] is True and created["Code"] == "1234"
    assert created["CustomPropertyValues"] == ["Acme", "HQ", "", "", "", "", "", ""]
    details = client.ok("GetSessionDetailsBySessionID", [created["SessionID"]])
    assert [e["EventType"] for e in details["Events"]] == [20]
    assert details["Events"][0]["Host"] == "RESTful API"


def test_details_shape(client, online_session):
    details = client.ok("GetSessionDetailsBySessionID", [online_session["SessionID"]])
    assert set(details) == {"Session", "Events", "Connections", "GuestScreenshotContent"}
    assert details["GuestScreenshotContent"] == ""
    for event in details["Events"]:
        assert set(event) == {"EventID", "EventType", "Time", "Host", "Data", "ConnectionID", "CorrelationEventID"}
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,7}Z$", event["Time"])
        assert event["CorrelationEventID"] == "00000000-0000-0000-0000-000000000000"
    assert details["Connections"][0]["ProcessType"] == 2


def test_unknown_session_switch(client):
    missing = str(uuid.uuid4())
    assert_error(client.call("GetSessionDetailsBySessionID", [missing]), 500, "InvalidOperationException", "Session not found")
    assert client.call("UpdateSessionName", [missing, "x"]).status == 500
    client.control("POST", "config", {"unknown_session": "ignore"})
    response = client.call("GetSessionDetailsBySessionID", [missing])
    assert response.status == 200 and response.body == b"null"
    assert client.call("UpdateSessionName", [missing, "x"]).status == 200


def test_void_body_switch(client, online_session):
    response = client.call("UpdateSessionName", [online_session["SessionID"], "renamed"])
    assert response.status == 200 and response.body == b""
    client.control("POST", "config", {"void_body": "null"})
    response = client.call("UpdateSessionName", [online_session["SessionID"], "renamed2"])
    assert response.status == 200 and response.body == b"null"
    session = client.ok("GetSessionBySessionID", [online_session["SessionID"]])[0]
    assert session["Name"] == "renamed2"
    events = client.ok("GetSessionDetailsBySessionID", [online_session["SessionID"]])["Events"]
    assert [e["Data"] for e in events if e["EventType"] == 60] == ["renamed", "renamed2"]


def test_custom_properties_partial_switch(client, online_session):
    sid = online_session["SessionID"]
    client.ok("UpdateSessionCustomProperties", [sid, ["a", "b", "c", "d", "e", "f", "g", "h"]])
    client.ok("UpdateSessionCustomProperties", [sid, ["A"]])
    assert client.ok("GetSessionBySessionID", [sid])[0]["CustomPropertyValues"] == ["A", "b", "c", "d", "e", "f", "g", "h"]
    client.control("POST", "config", {"partial_custom_properties": "blank"})
    client.ok("UpdateSessionCustomProperties", [sid, ["Z", "Y"]])
    assert client.ok("GetSessionBySessionID", [sid])[0]["CustomPropertyValues"] == ["Z", "Y", "", "", "", "", "", ""]
    events = client.ok("GetSessionDetailsBySessionID", [sid])["Events"]
    assert sum(1 for e in events if e["EventType"] == 64) == 3
    assert client.call("UpdateSessionCustomProperties", [sid, ["x"] * 9]).status == 500


def test_custom_properties_shape_switch(client, online_session):
    sid = online_session["SessionID"]
    assert "CustomProperties" not in client.ok("GetSessionBySessionID", [sid])[0]
    client.control("POST", "config", {"custom_properties_shape": "both"})
    session = client.ok("GetSessionBySessionID", [sid])[0]
    assert session["CustomProperties"]["CustomProperty1"] == "TestCo"


def test_note_is_filterable(client, online_session):
    sid = online_session["SessionID"]
    client.ok("AddNoteToSession", [sid, "replaced the UNIQUE-NOTE-42 disk"])
    found = client.ok("GetSessionsByFilter", ["Notes LIKE '*UNIQUE-NOTE-42*'"])
    assert [s["SessionID"] for s in found] == [sid]
    event = client.ok("GetSessionDetailsBySessionID", [sid])["Events"][-1]
    assert (event["EventType"], event["Host"], event["Data"]) == (32, "RESTful API", "replaced the UNIQUE-NOTE-42 disk")


def test_message_and_toolbox_events(client, online_session):
    sid = online_session["SessionID"]
    client.ok("SendMessageToSession", [sid, "alice", "hello"])
    client.ok("SendToolboxItemToSession", [sid, "Scripts/Cleanup"])
    events = client.ok("GetSessionDetailsBySessionID", [sid])["Events"]
    assert (events[-2]["EventType"], events[-2]["Host"], events[-2]["Data"]) == (45, "alice", "hello")
    assert (events[-1]["EventType"], events[-1]["Host"], events[-1]["Data"]) == (47, "RESTful API", "Scripts/Cleanup")


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("condition not met within %ss" % timeout)


def test_command_on_online_guest(client, online_session):
    sid = online_session["SessionID"]
    client.ok("SendCommandToSession", [sid, "whoami"])
    queued = client.ok("GetSessionBySessionID", [sid])[0]["QueuedEvents"]
    assert [(e["EventType"], e["Host"], e["Data"]) for e in queued] == [(44, "RESTful API", "whoami")]

    def ran():
        events = client.ok("GetSessionDetailsBySessionID", [sid])["Events"]
        return [e for e in events if e["EventType"] == 70]

    result = wait_for(ran)[0]
    assert result["Host"] == ""
    connection = client.ok("GetSessionBySessionID", [sid])[0]["ActiveConnections"][0]
    assert result["ConnectionID"] == connection["ConnectionID"]
    assert isinstance(result["Data"], str)
    assert client.ok("GetSessionBySessionID", [sid])[0]["QueuedEvents"] == []


def test_command_on_offline_guest_waits(client):
    session = client.control("POST", "sessions", {"os": "linux", "online": False}).json()
    sid = session["SessionID"]
    assert session["ActiveConnections"] == []
    client.ok("SendCommandToSession", [sid, "#!sh\nid"])
    time.sleep(0.3)
    assert len(client.ok("GetSessionBySessionID", [sid])[0]["QueuedEvents"]) == 1
    assert client.control("POST", "guest", {"session_id": sid, "online": True}).status == 200
    wait_for(lambda: not client.ok("GetSessionBySessionID", [sid])[0]["QueuedEvents"])
    types = [e["EventType"] for e in client.ok("GetSessionDetailsBySessionID", [sid])["Events"]]
    assert types.index(44) < types.index(10) < types.index(70)


def test_event_order_switch(client, online_session):
    sid = online_session["SessionID"]
    client.ok("AddNoteToSession", [sid, "first"])
    client.ok("AddNoteToSession", [sid, "second"])
    ascending = [e["EventID"] for e in client.ok("GetSessionDetailsBySessionID", [sid])["Events"]]
    client.control("POST", "config", {"event_order": "desc"})
    assert [e["EventID"] for e in client.ok("GetSessionDetailsBySessionID", [sid])["Events"]] == ascending[::-1]
    client.control("POST", "config", {"event_order": "shuffle"})
    assert sorted(e["EventID"] for e in client.ok("GetSessionDetailsBySessionID", [sid])["Events"]) == sorted(ascending)


def test_session_json_shape(client):
    sessions = client.ok("GetSessionsByFilter", ["SessionType = 'Access'"])
    required = {"SessionID", "SessionType", "Name", "Host", "IsPublic", "Code", "CustomPropertyValues", "GuestInfo",
                "GuestNetworkAddress", "GuestClientVersion", "GuestInfoUpdateTime", "ActiveConnections", "QueuedEvents",
                "Attributes", "LastConnectedEventTime", "LastGuestConnectedEventTime", "LastGuestDisconnectedEventTime",
                "IsEnded", "LogonSessions", "LastAlteredVersion"}
    for session in sessions:
        assert required <= set(session)
        assert session["SessionType"] == 2
        assert len(session["CustomPropertyValues"]) == 8
        assert isinstance(session["GuestInfo"]["ProcessorArchitecture"], int)
        assert "GuestConnectedCount" not in session
        for key in ("GuestInfoUpdateTime", "LastConnectedEventTime", "LastGuestConnectedEventTime",
                    "LastGuestDisconnectedEventTime"):
            assert DATE_RE.match(session[key]), (key, session[key])
    assert any(s["LastGuestDisconnectedEventTime"] == "0001-01-01T00:00:00" for s in sessions)


# ---- review fixes: each failed before its emulator change ---------------------------------------------------------
def test_framework_gates_run_before_the_allowed_origin_check():
    """Reference 1.2 steps 2-5: own origin allowed by the framework; RESTfulAllowedOrigin is the extension's check."""
    from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import Client, make_emulator  # pylint: disable=import-outside-toplevel
    emulator = make_emulator(allowed_origin="https://portal.example.com")
    try:
        client = Client(emulator)
        client.control("POST", "config", {"origin_mismatch_status": "401"})
        # step 3: the pre-flight is answered by the framework, which always allows the server's own origin
        response = client.call("GetSessionsByName", None, http_method="OPTIONS", headers={"Origin": emulator.url})
        assert response.status == 200 and response.header("Access-Control-Allow-Origin") == emulator.url
        # step 4 comes before the extension's origin check
        assert_error(client.call("UpdateSessionName", None, http_method="GET", headers={"Origin": "https://evil.example"}),
                     500, "ArgumentException", "Web method only accepts POST requests")
        # step 5: RESTfulAllowedOrigin is not a framework origin filter, so the json content-type gate applies
        portal = {"Origin": "https://portal.example.com", "Content-Type": "text/plain"}
        assert_error(client.call("GetSessionsByName", ["x"], headers=portal), 403, "UnauthorizedAccessException",
                     "Must request with json content type")
        response = client.call("GetSessionsByName", None, http_method="OPTIONS", headers={"Origin": "https://portal.example.com"})
        assert_error(response, 403, "UnauthorizedAccessException", "Bad origin")
        assert client.call("GetSessionsByName", ["x"], headers={"Origin": "https://portal.example.com"}).status == 200
    finally:
        emulator.stop()


def test_rest_path_with_a_slash_is_not_a_method(client, online_session):
    """Reference 1.2 step 1: the lookup key is the first path segment only."""
    headers = {"CTRLAuthHeader": SECRET, "Content-Type": "application/json"}
    response = client.request("POST", SERVICE + "command-to-session/send", body=[online_session["SessionID"], "whoami"],
                              headers=headers)
    assert_error(response, 500, "ArgumentException", "Web method does not exist")
    assert client.ok("GetSessionBySessionID", [online_session["SessionID"]])[0]["QueuedEvents"] == []


def test_no_command_output_while_the_guest_is_offline(client, online_session):
    """Reference 5.2: a guest that goes offline mid-command sends no RanCommand; the command stays queued."""
    sid = online_session["SessionID"]
    client.control("POST", "config", {"command_latency": 0.0, "time_scale": 1.0})
    client.ok("SendCommandToSession", [sid, "#!ps\n#timeout=800\nStart-Sleep -Seconds 5"])
    time.sleep(0.2)  # picked up and running (0.8 s until the kill)
    client.control("POST", "guest", {"session_id": sid, "online": False})
    time.sleep(1.0)
    session = client.ok("GetSessionBySessionID", [sid])[0]
    assert [e["EventType"] for e in session["QueuedEvents"]] == [44]
    assert 70 not in [e["EventType"] for e in client.ok("GetSessionDetailsBySessionID", [sid])["Events"]]
    client.control("POST", "config", {"time_scale": 0.0})
    client.control("POST", "guest", {"session_id": sid, "online": True})
    result = wait_for(lambda: [e for e in client.ok("GetSessionDetailsBySessionID", [sid])["Events"] if e["EventType"] == 70])
    connection = client.ok("GetSessionBySessionID", [sid])[0]["ActiveConnections"][0]
    assert result[0]["ConnectionID"] == connection["ConnectionID"]
    assert result[0]["Data"].endswith("Killed after 800 milliseconds.")


def test_added_note_events_field(client, online_session):
    """Reference 3.2: AddedNoteEvents is an array of events on the Session."""
    sid = online_session["SessionID"]
    assert client.ok("GetSessionBySessionID", [sid])[0]["AddedNoteEvents"] == []
    client.ok("AddNoteToSession", [sid, "note for the array"])
    notes = client.ok("GetSessionBySessionID", [sid])[0]["AddedNoteEvents"]
    assert [(e["EventType"], e["Host"], e["Data"]) for e in notes] == [(32, "RESTful API", "note for the array")]
    assert all("AddedNoteEvents" in s for s in client.ok("GetSessionsByFilter", ["SessionType = 'Access'"]))


def test_exit_with_parent_stops_the_emulator_when_its_parent_dies(tmp_path):
    """A test runner killed mid-run must not leave emulators behind (seen with ansible-test units workers)."""
    ready = tmp_path / "ready.json"
    # The parent starts the emulator, waits until it listens, then dies without stopping it.
    script = (
        "import os, subprocess, sys, time\n"
        "subprocess.Popen([sys.executable, %r, '--port', '0', '--secret', 'parent-test-secret', '--sessions', '1',"
        " '--ready-file', %r, '--exit-with-parent'])\n"
        "deadline = time.time() + 30\n"
        "while not os.path.exists(%r) and time.time() < deadline:\n"
        "    time.sleep(0.05)\n" % (os.path.join(EMULATOR_DIR, "screenconnect_emulator.py"), str(ready), str(ready))
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    pid = json.loads(ready.read_text())["pid"]
    deadline = time.time() + 10
    while time.time() < deadline and _running(pid):
        time.sleep(0.1)
    if _running(pid):
        os.kill(pid, signal.SIGKILL)
        raise AssertionError("the emulator outlived its parent")


def _running(pid):
    """Alive and not a zombie (an orphan that exited stays a zombie until init reaps it)."""
    try:
        with open("/proc/%d/stat" % pid) as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_answers_are_not_held_back_by_nagle(client, monkeypatch):
    """Every connection the emulator serves has TCP_NODELAY, so a keep-alive client's answers are not delayed."""
    import socket  # pylint: disable=import-outside-toplevel

    from sc_emulator import server  # pylint: disable=import-outside-toplevel

    seen = []
    original = server._Handler.setup  # pylint: disable=protected-access

    def _setup(handler):
        original(handler)
        seen.append(handler.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    monkeypatch.setattr(server._Handler, "setup", _setup)  # pylint: disable=protected-access
    assert client.call("GetSessionsByFilter", ["SessionType = 'Access'"]).status == 200
    assert seen and all(seen), seen
