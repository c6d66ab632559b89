# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A session with only a technician (ProcessType 1, Host) connected is offline: "online" means a guest is connected.

The emulator makes such a session with ``POST /__emulator/sessions {"online": false, "host_connected": true}``.
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
