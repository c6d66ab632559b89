# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A session with only a technician (ProcessType 1) connected is an offline host: online means a guest."""

from __future__ import annotations

from ansible_collections.screenconnect.restapi.tests.unit.plugins.module_utils.test_client import make_client


def test_inventory_marks_a_technician_only_session_offline(runner, emulator):
    name = "TECH-ONLY-INVENTORY"
    session = emulator.new_session(name=name, session_type=2, online=False, host_connected=True)
    assert {c["ProcessType"] for c in session["ActiveConnections"]} == {1}
    emulator.reset()
    run = runner.run({"url": emulator.url, "secret": emulator.secret, "retries": 0, "default_groups": True,
                      "session_filter": "Name = '%s'" % name}, responses=[], real_http=True)
    assert run.hosts == [name]
    assert run.hostvars(name)["screenconnect_online"] is False
    assert run.group("screenconnect_offline") == [name]
    assert emulator.calls()["received"] == 1


def test_inventory_marks_the_generated_fleets_technician_only_sessions_offline(runner, emulator):
    found = make_client(emulator).call("GetSessionsByFilter", [
        "SessionType = 'Access' AND HostConnectedCount > 0 AND GuestConnectedCount = 0"])
    ids = {s["SessionID"] for s in found if not s["Name"].startswith("TECH-ONLY")}
    assert ids, "the generated fleet has no technician-only session"
    emulator.reset()
    # suffix: a technician-only session may be a reprovisioned machine's stale twin, which has its name
    run = runner.run({"url": emulator.url, "secret": emulator.secret, "retries": 0, "default_groups": True,
                      "duplicate_hostnames": "suffix"}, responses=[], real_http=True)
    hosts = [host for host in run.hosts if run.hostvars(host)["screenconnect_session_id"] in ids]
    assert len(hosts) == len(ids)
    assert all(run.hostvars(host)["screenconnect_online"] is False for host in hosts)
    assert set(hosts) <= set(run.group("screenconnect_offline"))
    assert not set(hosts) & set(run.group("screenconnect_online"))
    assert emulator.calls()["received"] == 1
