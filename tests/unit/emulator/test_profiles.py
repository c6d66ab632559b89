# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Profiles: --profile and POST /__emulator/config {"profile": ...} set the agent's pickup latency."""

from __future__ import annotations

import time

import pytest

from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import make_emulator

from sc_emulator.config import PROFILES, Options, parse_args  # pylint: disable=wrong-import-order


def test_profiles_table():
    assert list(PROFILES) == ["fast", "realistic"]
    assert PROFILES["fast"]["command_latency"] == 1.0
    assert PROFILES["realistic"]["command_latency"] == 5.0


@pytest.mark.parametrize("argv, profile, latency", [
    ([], "fast", 1.0),
    (["--profile", "realistic"], "realistic", 5.0),
    (["--profile", "realistic", "--command-latency", "0.5"], "realistic", 0.5),
    (["--command-latency", "2"], "fast", 2.0),
])
def test_command_line(argv, profile, latency):
    options = parse_args(argv)
    assert options.profile == profile
    assert options.command_latency == latency
    assert options.switches["profile"] == profile


def test_unknown_profile_is_refused(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--profile", "slow"])
    assert "--profile" in capsys.readouterr().err
    with pytest.raises(ValueError, match="profile"):
        Options(profile="slow")


def test_run_time_profile_and_reset(client):
    config = client.control("GET", "config").json()
    assert config["profile"] == "fast" and "profile" not in config["switches"]
    response = client.control("POST", "config", {"profile": "realistic"})
    assert response.status == 200, response.body
    assert response.json()["profile"] == "realistic"
    assert response.json()["command_latency"] == 5.0
    # an explicit latency in the same request wins over the profile's
    both = client.control("POST", "config", {"profile": "fast", "command_latency": 0.2}).json()
    assert (both["profile"], both["command_latency"]) == ("fast", 0.2)
    bad = client.control("POST", "config", {"profile": "slow"})
    assert bad.status == 400 and "profile" in bad.json()["error"]
    assert client.control("GET", "config").json()["command_latency"] == 0.2
    client.control("POST", "reset", {})
    config = client.control("GET", "config").json()
    # back to what the command line gave (the test emulator: fast, 0.05 s)
    assert (config["profile"], config["command_latency"]) == ("fast", 0.05)


def test_realistic_agent_is_not_back_within_the_fast_latency(client, online_session):
    """Under the realistic profile a command is still queued after the fast profile's 1 s pickup."""
    sid = online_session["SessionID"]
    client.control("POST", "config", {"profile": "realistic"})
    client.ok("SendCommandToSession", [sid, "echo hi"])
    time.sleep(1.5)
    session = client.ok("GetSessionBySessionID", [sid])[0]
    assert [event["EventType"] for event in session["QueuedEvents"]] == [44]
    events = client.ok("GetSessionDetailsBySessionID", [sid])["Events"]
    assert 70 not in [event["EventType"] for event in events]


def test_realistic_profile_from_options():
    emulator = make_emulator(profile="realistic", command_latency=None)
    try:
        assert emulator.agent.command_latency == 5.0
        assert emulator.switches.get("profile") == "realistic"
        emulator.reset_config()
        assert emulator.agent.command_latency == 5.0
    finally:
        emulator.stop()
