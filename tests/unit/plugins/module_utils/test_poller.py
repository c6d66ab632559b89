# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Two-phase fan-out against an emulator process: every result collected, each command sent exactly once."""

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import ScreenConnectClient
from ansible_collections.screenconnect.restapi.plugins.module_utils._command import CommandRunner
from ansible_collections.screenconnect.restapi.plugins.module_utils._pacing import RateGate
from ansible_collections.screenconnect.restapi.plugins.module_utils._poller import run_commands
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
    assert len(sessions) * 2 <= reads <= len(sessions) * 4  # one snapshot, then a few polls with backoff


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


def test_gate_closes_for_everyone_on_429_then_paces_and_recovers():
    now = [0.0]
    slept = []

    def _sleep(seconds):
        slept.append(seconds)
        now[0] += seconds
    gate = RateGate(clock=lambda: now[0], sleep=_sleep)
    for _dummy in range(40):  # 40 answers within one second: the server accepted 40/s
        gate.answered()
        now[0] += 0.025
    gate.slow_down(retry_after=3)
    assert gate.rate == pytest.approx(0.9 * 40, rel=0.1)
    gate.slow_down(retry_after=1)  # the same burst: no second decrease
    assert gate.rate == pytest.approx(0.9 * 40, rel=0.1)
    gate.wait()
    assert slept == [pytest.approx(3.0)]  # every caller waits out the Retry-After, not only the refused one
    before = gate.rate
    for _dummy in range(50):
        gate.answered()
    assert gate.rate > before  # additive increase


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
    # one snapshot, then polls from 0.5 s with backoff: the agent answers after 0.3 s, so the first poll finds it
    assert methods["GetSessionDetailsBySessionID"]["received"] == 2
