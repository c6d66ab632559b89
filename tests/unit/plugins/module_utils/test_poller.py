# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Two-phase fan-out against an emulator process: every result collected, each command sent exactly once."""

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import ScreenConnectClient
from ansible_collections.screenconnect.restapi.plugins.module_utils._command import CommandRunner
from ansible_collections.screenconnect.restapi.plugins.module_utils._poller import run_commands
from ansible_collections.screenconnect.restapi.plugins.module_utils._targets import resolve_many
from ansible_collections.screenconnect.restapi.tests.unit.conftest import emulator_fixture

FILTER = "SessionType = 'Access' AND GuestConnectedCount > 0"


fleet = emulator_fixture("--sessions", "400", "--seed", "11", "--request-latency", "0.01", "--command-latency", "0.3",
                         "--time-scale", "0")


def _fan_out(fleet, parallel, limit=None, **runner_options):
    api = ScreenConnectAPI(ScreenConnectClient(url=fleet.url, secret=fleet.secret, backoff=0.01))
    sessions = api.get_sessions_by_filter(FILTER)[:limit]
    fleet.control("reset", {"counters": True, "config": False})
    runner = CommandRunner(api, "echo fan-out", shell="auto", **runner_options)

    def _error(session, exc):
        return dict(runner.result_base(session), failed=True, msg=str(exc))

    return sessions, run_commands(runner, sessions, _error, parallel)


def test_every_result_is_collected_and_each_command_sent_once(fleet):
    sessions, results = _fan_out(fleet, parallel=50)
    assert len(sessions) >= 200
    assert [result["session_id"] for result in results] == [session["SessionID"] for session in sessions]
    assert all(result["stdout"] == "fan-out" and result["rc"] == 0 for result in results), \
        [result["msg"] for result in results if result["stdout"] != "fan-out"][:3]
    calls = fleet.control("calls")
    assert calls["methods"]["SendCommandToSession"] == {"received": len(sessions), "applied": len(sessions)}
    # at most `parallel` requests at a time, and the commands did not wait for each other's answers
    assert calls["max_concurrent"] <= 50
    reads = calls["methods"]["GetSessionDetailsBySessionID"]["applied"]
    assert len(sessions) <= reads <= len(sessions) * 3  # no read before sending, then a few polls with backoff


def test_deadline_ends_the_wait_without_sending_again(fleet):
    fleet.control("config", {"command_latency": 30})
    try:
        sessions, results = _fan_out(fleet, parallel=20, wait_timeout=1)
    finally:
        fleet.control("config", {"command_latency": 0.3})
    assert all(result["queued"] and not result["failed"] for result in results)
    assert "not sent again" in results[0]["msg"]
    assert fleet.control("calls")["methods"]["SendCommandToSession"]["applied"] == len(sessions)


@pytest.mark.parametrize("answer", ["429", "empty"])
def test_rate_limited_server_no_failure_and_no_command_sent_twice(fleet, answer):
    fleet.control("config", {"rate_limit": 40, "rate_burst": 10, "rate_limit_answer": answer})
    try:
        sessions, results = _fan_out(fleet, parallel=50, limit=50)
    finally:
        fleet.control("config", {"rate_limit": 0})
    assert [result["msg"] for result in results if result["failed"]] == []
    assert all(result["stdout"] == "fan-out" for result in results)
    calls = fleet.control("calls")
    assert calls["total"]["rate_limited"] > 0  # the limiter did push back
    sends = calls["methods"]["SendCommandToSession"]
    assert sends["applied"] == len(sessions)  # each command applied exactly once, whatever was refused


def test_per_host_task_sends_once_and_polls_with_backoff(fleet):
    """The per-host pattern (one task per inventory host): the calls one task makes for one session."""
    api = ScreenConnectAPI(ScreenConnectClient(url=fleet.url, secret=fleet.secret, backoff=0.01))
    session_id = api.get_sessions_by_filter(FILTER)[0]["SessionID"]
    fleet.control("reset", {"counters": True, "config": False})
    session = api.get_session(session_id)  # what the module's lookup by session_id does
    result = CommandRunner(api, "echo per-host", shell="auto").run(session)
    assert result["stdout"] == "per-host" and result["rc"] == 0
    methods = fleet.control("calls")["methods"]
    assert methods["GetSessionBySessionID"]["received"] == 1
    assert methods["SendCommandToSession"] == {"received": 1, "applied": 1}
    # nothing read before sending; polls from 0.5 s with backoff: the agent answers after 0.3 s, so the first finds it
    assert methods["GetSessionDetailsBySessionID"]["received"] == 1


def test_a_filter_costs_one_request_and_each_session_two(fleet):
    """Send and one read per session when the answer is there at the first poll: 2 requests, plus the filter."""
    api = ScreenConnectAPI(ScreenConnectClient(url=fleet.url, secret=fleet.secret, backoff=0.01))
    fleet.control("reset", {"counters": True, "config": False})
    sessions = resolve_many(api, dict(filter=FILTER), 1000)
    runner = CommandRunner(api, "echo two", shell="auto")
    results = run_commands(runner, sessions, lambda session, exc: dict(failed=True, msg=str(exc)), 50)
    assert all(result["stdout"] == "two" for result in results)
    calls = fleet.control("calls")
    assert calls["methods"]["GetSessionsByFilter"]["received"] == 1
    assert calls["methods"]["SendCommandToSession"]["received"] == len(sessions)
    assert calls["methods"]["GetSessionDetailsBySessionID"]["received"] == len(sessions)
    assert calls["total"]["received"] == 1 + 2 * len(sessions)


def test_a_killed_command_is_found_against_our_queued_command(fleet):
    """Unmarked output (the agent's kill) is attributed without a read before sending."""
    api = ScreenConnectAPI(ScreenConnectClient(url=fleet.url, secret=fleet.secret, backoff=0.01))
    session = [s for s in api.get_sessions_by_filter(FILTER)
               if "windows" not in str(s.get("GuestInfo", {}).get("OperatingSystemName", "")).lower()][0]
    fleet.control("reset", {"counters": True, "config": False})
    result = CommandRunner(api, "sleep 30", shell="sh", command_timeout=1, wait_timeout=10).run(session)
    assert result["killed"] is True and result["failed"] is True, result["msg"]
    assert "killed" in result["msg"]
    assert fleet.control("calls")["methods"]["GetSessionDetailsBySessionID"]["received"] == 1


def test_session_ids_are_looked_up_100_per_request(fleet):
    api = ScreenConnectAPI(ScreenConnectClient(url=fleet.url, secret=fleet.secret, backoff=0.01))
    ids = [session["SessionID"] for session in api.get_sessions_by_filter("SessionType = 'Access'")][:250]
    assert len(ids) == 250
    fleet.control("reset", {"counters": True, "config": False})
    sessions = resolve_many(api, dict(session_ids=ids), 1000)
    assert [session["SessionID"] for session in sessions] == ids
    methods = fleet.control("calls")["methods"]
    assert methods["GetSessionsByFilter"]["received"] == 3  # 100 + 100 + 50
    assert "GetSessionBySessionID" not in methods or methods["GetSessionBySessionID"]["received"] == 0
