# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A session with only a technician (ProcessType 1, Host) connected is offline: "online" means a guest is connected.

The emulator makes such a session with ``POST /__emulator/sessions {"online": false, "host_connected": true}``; its
generated fleet has some (always at least one), and the demo fleet has ACME-LT-0003.
"""

from __future__ import annotations

import time
import uuid


from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_command as sc_command
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session_info as sc_info
from ansible_collections.screenconnect.restapi.tests.unit.plugins.module_utils.test_client import make_client
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.test_trust_against_emulator import run_main


def _technician_only(emulator):
    name = "TECH-ONLY-%s" % uuid.uuid4().hex[:8]
    session = emulator.new_session(name=name, session_type=2, online=False, host_connected=True)
    emulator.reset()
    return name, session


def test_emulator_session_has_host_connections_only(emulator):
    name, session = _technician_only(emulator)
    types = [connection["ProcessType"] for connection in session["ActiveConnections"]]
    assert types and set(types) == {1}
    client = make_client(emulator)
    found = client.call("GetSessionsByFilter", ["GuestConnectedCount = 0 AND HostConnectedCount > 0 AND Name = '%s'"
                                                % name])
    assert [s["SessionID"] for s in found] == [session["SessionID"]]
    assert client.call("GetSessionsByFilter", ["GuestConnectedCount > 0 AND Name = '%s'" % name]) == []


def test_session_info_reports_it_offline(emulator, capsys):
    name, session = _technician_only(emulator)
    result = run_main(sc_info, emulator, capsys, name=name)
    assert [s["online"] for s in result["sessions"]] == [False]
    assert run_main(sc_info, emulator, capsys, name=name, online=True)["sessions"] == []
    assert len(run_main(sc_info, emulator, capsys, name=name, online=False)["sessions"]) == 1


def test_command_is_queued_not_waited_for_and_not_run(emulator, capsys):
    name, session = _technician_only(emulator)
    result = run_main(sc_command, emulator, capsys, session_id=session["SessionID"], command="echo hi",
                      wait_timeout=5)
    assert result.get("failed") is not True, result
    assert result["queued"] is True and result["rc"] is None and "offline" in result["msg"], result
    assert emulator.calls("SendCommandToSession")["received"] == 1
    # the emulator's agent runs a command within --command-latency (0.1 s) for a guest; this session has none
    time.sleep(1.0)
    events = emulator.control("sessions/%s/events" % session["SessionID"])
    assert [e for e in events["events"] if e.get("EventType") == 70] == []
    assert len(events["queued"]) == 1


TECHNICIAN_ONLY = "SessionType = 'Access' AND HostConnectedCount > 0 AND GuestConnectedCount = 0"


def _fleet_technician_only(emulator):
    """The ids of the generated fleet's own technician-only sessions (the tests above add theirs as TECH-ONLY-*)."""
    found = make_client(emulator).call("GetSessionsByFilter", [TECHNICIAN_ONLY])
    assert all({c["ProcessType"] for c in session["ActiveConnections"]} == {1} for session in found)
    ids = [session["SessionID"] for session in found if not session["Name"].startswith("TECH-ONLY-")]
    assert ids, "the generated fleet has no technician-only session"
    return ids


def test_session_info_reports_the_generated_fleets_technician_only_sessions_offline(emulator, capsys):
    ids = _fleet_technician_only(emulator)
    result = run_main(sc_info, emulator, capsys, session_id=ids)
    assert sorted(s["SessionID"] for s in result["sessions"]) == sorted(ids)
    assert [s["online"] for s in result["sessions"]] == [False] * len(ids)
    assert run_main(sc_info, emulator, capsys, session_id=ids, online=True)["sessions"] == []


def test_command_fan_out_queues_on_the_generated_fleets_technician_only_sessions(emulator, capsys):
    ids = _fleet_technician_only(emulator)
    emulator.reset()
    result = run_main(sc_command, emulator, capsys, session_ids=ids, command="echo hi", wait_timeout=5)
    assert result["counts"] == dict(total=len(ids), failed=0, queued=len(ids), succeeded=0), result
    assert all(r["queued"] and r["rc"] is None and "offline" in r["msg"] for r in result["results"]), result
    assert emulator.calls("SendCommandToSession")["received"] == len(ids)
    time.sleep(1.0)  # ten times the emulator's pickup delay for an online guest
    for session_id in ids:
        events = emulator.control("sessions/%s/events" % session_id)
        assert [e for e in events["events"] if e.get("EventType") == 70] == []


def test_demo_fleet_technician_only_session_is_offline(demo_fleet, capsys):
    result = run_main(sc_info, demo_fleet, capsys, name="ACME-LT-0003")
    assert [(s["online"], sorted(c["ProcessType"] for c in s["ActiveConnections"])) for s in result["sessions"]] == [
        (False, [1])]
    offline = run_main(sc_info, demo_fleet, capsys, session_type="Access", online=False)["sessions"]
    assert sorted(s["Name"] for s in offline) == ["ACME-LT-0002", "ACME-LT-0003"]
    result = run_main(sc_command, demo_fleet, capsys, name="ACME-LT-0003", command="whoami", wait_timeout=5)
    assert result.get("failed") is not True and result["queued"] is True and result["rc"] is None, result
    assert "offline" in result["msg"]


def test_demo_fleet_chat_is_in_the_session_details(demo_fleet, capsys):
    result = run_main(sc_info, demo_fleet, capsys, name="O'Brien's Laptop", details=True)
    (session,) = result["sessions"]
    chat = [(e["EventType"], e["event_type_name"], e["Host"], e["Data"]) for e in session["events"]
            if e["EventType"] in (45, 71)]
    assert chat == [(45, "QueuedMessage", "bob", "Hi, this is IT. May I restart your computer in 5 minutes?"),
                    (71, "SentMessage", "", "Yes, go ahead - I'm saving my work now.")]
    answer = [e for e in session["events"] if e["EventType"] == 71][0]
    assert answer["ConnectionID"] == session["ActiveConnections"][0]["ConnectionID"]
