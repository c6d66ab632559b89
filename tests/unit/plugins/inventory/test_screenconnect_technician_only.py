# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A session with only a technician (ProcessType 1) connected is an offline host: online means a guest."""

from __future__ import annotations


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
