# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The control API: health, counters, config, faults, sessions, guests, events."""

from __future__ import annotations

import http.client
import json
import socket
import time

import pytest

from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import SERVICE


def first_access(client):
    return client.ok("GetSessionsByFilter", ["SessionType = 'Access'"])[0]


def test_health(client):
    body = client.control("GET", "health").json()
    assert body["ok"] is True
    assert body["sessions"] >= 60
    assert body["url"] == client.emulator.url


def test_counters_received_and_applied(client):
    client.ok("GetSessionsByName", ["x"])
    client.call("GetSessionsByName", ["x"], secret="wrong")
    client.call("NoSuchMethod", [])
    calls = client.control("GET", "calls").json()
    assert calls["methods"] == {"GetSessionsByName": {"received": 2, "applied": 1}}
    assert calls["total"] == {"received": 2, "applied": 1}
    client.control("POST", "reset", {"counters": True})
    assert client.control("GET", "calls").json()["total"] == {"received": 0, "applied": 0}


def test_config_get_post_and_validation(client):
    config = client.control("GET", "config").json()
    assert config["switches"]["name_match"] == "exact"
    response = client.control("POST", "config", {"switches": {"name_match": "prefix"}, "command_latency": 0.1})
    assert response.status == 200
    assert response.json()["switches"]["name_match"] == "prefix"
    assert response.json()["command_latency"] == 0.1
    assert client.control("POST", "config", {"name_match": "fuzzy"}).status == 400
    assert client.control("POST", "config", {"nope": "x"}).status == 400
    client.control("POST", "reset", {})
    assert client.control("GET", "config").json()["switches"]["name_match"] == "exact"


def test_unknown_control_route(client):
    assert client.control("GET", "nothing").status == 404


def add_fault(client, **spec):
    response = client.control("POST", "faults", spec)
    assert response.status == 200, response.body
    return response.json()


def test_fault_html500_once(client):
    add_fault(client, method="GetSessionsByName", kind="html500", once=True)
    response = client.call("GetSessionsByName", ["x"])
    assert response.status == 500
    assert response.header("Content-Type").startswith("text/html")
    assert client.call("GetSessionsByName", ["x"]).status == 200
    assert client.control("GET", "calls").json()["methods"]["GetSessionsByName"] == {"received": 2, "applied": 1}


def test_fault_status_and_count(client):
    add_fault(client, method="*", kind="status", status=503, count=2, body="plain")
    assert client.call("GetSessionsByName", ["x"]).status == 503
    assert client.call("GetSessionsByFilter", ["Name = 'x'"]).status == 503
    assert client.call("GetSessionsByName", ["x"]).status == 200


def test_fault_rate_limit(client):
    add_fault(client, kind="rate_limit", retry_after=7, once=True)
    response = client.call("GetSessionsByName", ["x"])
    assert response.status == 429
    assert response.header("Retry-After") == "7"


def test_fault_other_method_not_affected(client):
    add_fault(client, method="AddNoteToSession", kind="html500")
    assert client.call("GetSessionsByName", ["x"]).status == 200


def test_fault_reset_before_does_not_apply(client):
    session = first_access(client)
    add_fault(client, method="UpdateSessionName", kind="reset_before", once=True)
    with pytest.raises((ConnectionError, http.client.HTTPException, socket.timeout)):
        client.call("UpdateSessionName", [session["SessionID"], "LOST-BEFORE"])
    assert client.ok("GetSessionBySessionID", [session["SessionID"]])[0]["Name"] != "LOST-BEFORE"
    assert client.control("GET", "calls").json()["methods"]["UpdateSessionName"] == {"received": 1, "applied": 0}


def test_fault_reset_after_applies(client):
    session = first_access(client)
    add_fault(client, method="UpdateSessionName", kind="reset_after", once=True)
    with pytest.raises((ConnectionError, http.client.HTTPException, socket.timeout)):
        client.call("UpdateSessionName", [session["SessionID"], "LOST-AFTER"])
    assert client.ok("GetSessionBySessionID", [session["SessionID"]])[0]["Name"] == "LOST-AFTER"
    assert client.control("GET", "calls").json()["methods"]["UpdateSessionName"] == {"received": 1, "applied": 1}


def test_fault_slow(client):
    add_fault(client, method="GetSessionsByName", kind="slow", delay=0.3, once=True)
    started = time.monotonic()
    assert client.call("GetSessionsByName", ["x"]).status == 200
    assert time.monotonic() - started >= 0.3


def test_fault_truncated(client):
    add_fault(client, method="GetSessionsByFilter", kind="truncated", once=True)
    with pytest.raises(http.client.IncompleteRead):
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])


def test_fault_empty_list(client):
    add_fault(client, method="GetSessionsByFilter", kind="empty_list", once=True)
    assert client.ok("GetSessionsByFilter", ["SessionType = 'Access'"]) == []
    assert client.ok("GetSessionsByFilter", ["SessionType = 'Access'"]) != []


def test_fault_validation_and_delete(client):
    assert client.control("POST", "faults", {"kind": "explode"}).status == 400
    assert client.control("POST", "faults", {"kind": "status", "status": 99}).status == 400
    add_fault(client, kind="html500")
    assert len(client.control("GET", "faults").json()["faults"]) == 1
    assert client.control("DELETE", "faults").status == 200
    assert client.call("GetSessionsByName", ["x"]).status == 200


def test_control_sessions_guest_and_events(client):
    created = client.control("POST", "sessions", {"name": "CTRL", "os": "mac", "machine_name": "MAC-1", "online": False,
                                                  "custom_property_values": ["Co"]}).json()
    sid = created["SessionID"]
    assert created["GuestInfo"]["MachineName"] == "MAC-1"
    assert created["GuestInfo"]["OperatingSystemName"].startswith("macOS")
    assert created["ActiveConnections"] == []
    assert client.control("POST", "guest", {"session_id": sid, "online": True}).json()["online"] is True
    session = client.ok("GetSessionBySessionID", [sid])[0]
    assert session["ActiveConnections"][0]["ProcessType"] == 2
    assert client.ok("GetSessionsByFilter", ["GuestMachineName = 'MAC-1' AND GuestConnectedCount > 0"])
    assert client.control("POST", "guest", {"session_id": sid, "online": False}).json()["online"] is False
    events = client.control("GET", "sessions/%s/events" % sid).json()["events"]
    assert [e["EventType"] for e in events] == [20, 10, 11]
    assert client.control("POST", "sessions", {"os": "beos"}).status == 400
    assert client.control("POST", "guest", {"session_id": "nope", "online": True}).status == 400


def test_control_sessions_technician_only(client):
    created = client.control("POST", "sessions", {"name": "CTRL-TECH", "online": False, "host_connected": True}).json()
    sid = created["SessionID"]
    assert [c["ProcessType"] for c in created["ActiveConnections"]] == [1]
    assert client.ok("GetSessionsByFilter", ["Name = 'CTRL-TECH' AND HostConnectedCount = 1 AND GuestConnectedCount = 0"])
    # the guest coming and going leaves the technician connected
    client.control("POST", "guest", {"session_id": sid, "online": True})
    assert sorted(c["ProcessType"] for c in client.ok("GetSessionBySessionID", [sid])[0]["ActiveConnections"]) == [1, 2]
    client.control("POST", "guest", {"session_id": sid, "online": False})
    assert [c["ProcessType"] for c in client.ok("GetSessionBySessionID", [sid])[0]["ActiveConnections"]] == [1]
    events = client.control("GET", "sessions/%s/events" % sid).json()["events"]
    assert [(e["EventType"], e["Host"]) for e in events] == [(20, ""), (10, "Technician"), (10, ""), (11, "")]
    assert client.control("POST", "sessions", {"host_connected": "yes"}).status == 400


def test_reset_fleet(client):
    client.control("POST", "sessions", {"name": "EPHEMERAL"})
    assert client.ok("GetSessionsByName", ["EPHEMERAL"])
    client.control("POST", "reset", {"fleet": True})
    assert client.ok("GetSessionsByName", ["EPHEMERAL"]) == []
    assert client.control("GET", "health").json()["sessions"] == 60


def test_log_requests_never_prints_secret(capsys):
    from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import SECRET, Client, make_emulator  # pylint: disable=import-outside-toplevel
    emulator = make_emulator(log_requests=True)
    try:
        client = Client(emulator)
        client.call("GetSessionsByName", ["x"], query="sessionName=y")
        client.call("GetSessionsByName", ["x"], secret="wrong-secret-value")
    finally:
        emulator.stop()
    out = capsys.readouterr().out
    assert SERVICE + "GetSessionsByName 200" in out
    assert "401" in out
    assert SECRET not in out and "wrong-secret-value" not in out
    assert json.dumps(out)  # plain text
