# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A loaded emulator process: request latency, the token-bucket rate limiter per client, ``max_concurrent``."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from urllib.parse import urlsplit

import pytest

from ansible_collections.screenconnect.restapi.tests.unit.conftest import emulator_fixture

SERVICE = "/App_Extensions/2d558935-686a-4bd0-9991-07539f5fe749/Service.ashx/"


# started with load flags, so that "reset" is seen to return to them
loaded = emulator_fixture("--sessions", "20", "--seed", "5", "--request-latency", "0.05", "--rate-limit", "0",
                          "--rate-limit-answer", "429")


@pytest.fixture
def server(loaded):
    loaded.reset()
    return loaded


def _call(server, method, args, source="127.0.0.1", timeout=30):
    split = urlsplit(server.url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("POST", SERVICE + method, body=json.dumps(args),
                           headers={"Content-Type": "application/json", "CTRLAuthHeader": server.secret})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _some_session_id(server):
    status, _headers, body = _call(server, "GetSessionsByFilter", ["SessionType = 'Access'"])
    assert status == 200
    return json.loads(body)[0]["SessionID"]


def test_config_shows_the_command_line_and_validates(server):
    config = server.control("config")
    assert config["request_latency"] == 0.05
    assert config["rate_limit"] == 0.0
    assert config["rate_burst"] == 1.0  # max(1, rate_limit)
    assert config["rate_limit_answer"] == "429"
    changed = server.control("config", {"request_latency": 0, "rate_limit": 4, "rate_limit_answer": "empty"})
    assert (changed["request_latency"], changed["rate_limit"], changed["rate_burst"]) == (0.0, 4.0, 4.0)
    assert changed["rate_limit_answer"] == "empty"
    for bad in ({"rate_limit": -1}, {"request_latency": "x"}, {"rate_burst": 0.5}, {"rate_limit_answer": "503"}):
        with pytest.raises(Exception) as info:
            server.control("config", bad)
        assert getattr(info.value, "code", None) == 400, bad
    assert server.control("config")["rate_limit"] == 4.0  # a refused change changes nothing
    server.reset()
    assert server.control("config")["request_latency"] == 0.05


def test_concurrent_requests_overlap_under_latency(server):
    server.control("config", {"request_latency": 0.5})
    count = 12
    barrier = threading.Barrier(count)
    statuses = []

    def _one():
        barrier.wait()
        statuses.append(_call(server, "GetSessionsByName", ["nobody"])[0])

    threads = [threading.Thread(target=_one) for _dummy in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * count
    calls = server.control("calls")
    # each request is held for the latency in its own thread, so they were all served at the same time
    assert calls["max_concurrent"] == count
    assert calls["methods"]["GetSessionsByName"] == {"received": count, "applied": count}
    server.control("reset", {"counters": True, "config": False})
    assert server.control("calls")["max_concurrent"] == 0


def test_latency_does_not_delay_the_control_api(server):
    server.control("config", {"request_latency": 20})
    with pytest.raises(socket.timeout):
        _call(server, "GetSessionsByName", ["nobody"], timeout=0.5)
    assert server.control("health")["ok"] is True  # answered while the API request still sleeps


def test_429_with_retry_after_and_nothing_applied(server):
    session_id = _some_session_id(server)
    # one token per 100 s: the burst passes, everything after it is limited
    server.control("config", {"request_latency": 0, "rate_limit": 0.01, "rate_burst": 3})
    server.control("reset", {"counters": True, "config": False})
    answers = [_call(server, "SendCommandToSession", [session_id, "echo %d" % n]) for n in range(8)]
    assert [status for status, _h, _b in answers] == [200] * 3 + [429] * 5
    for _status, headers, _body in answers[3:]:
        assert 1 <= int(headers["Retry-After"]) <= 100
    calls = server.control("calls")
    assert calls["methods"]["SendCommandToSession"] == {"received": 8, "applied": 3, "rate_limited": 5}
    assert calls["total"]["rate_limited"] == 5
    events = server.control("sessions/%s/events" % session_id)
    assert sum(1 for event in events["events"] if event["EventType"] in (44, "QueuedCommand")) >= 3
    sent = [event["Data"] for event in events["events"] if event["Data"].startswith("echo ")]
    assert sorted(sent) == ["echo 0", "echo 1", "echo 2"]


def test_empty_answer_for_list_methods_and_429_for_the_others(server):
    session_id = _some_session_id(server)
    server.control("config", {"request_latency": 0, "rate_limit": 0.01, "rate_burst": 1,
                              "rate_limit_answer": "empty"})
    assert _call(server, "GetSessionsByName", ["nobody"])[0] == 200  # the one token
    status, _headers, body = _call(server, "GetSessionsByFilter", ["SessionType = 'Access'"])
    assert (status, body) == (200, b"[]")
    status, _headers, body = _call(server, "GetSessionBySessionID", [session_id])
    assert (status, body) == (200, b"[]")
    status, headers, _body = _call(server, "GetSessionDetailsBySessionID", [session_id])
    assert status == 429 and int(headers["Retry-After"]) >= 1
    assert _call(server, "AddNoteToSession", [session_id, "limited"])[0] == 429
    calls = server.control("calls")["methods"]
    assert calls["AddNoteToSession"] == {"received": 1, "applied": 0, "rate_limited": 1}
    assert calls["GetSessionsByFilter"]["rate_limited"] == 1


def test_each_client_address_has_its_own_bucket(server):
    server.control("config", {"request_latency": 0, "rate_limit": 0.01, "rate_burst": 2})
    first = [_call(server, "GetSessionsByName", ["x"])[0] for _dummy in range(3)]
    other = [_call(server, "GetSessionsByName", ["x"], source="127.0.0.2")[0] for _dummy in range(3)]
    assert first == [200, 200, 429]
    assert other == [200, 200, 429]
    server.control("config", {"rate_limit": 0})
    assert _call(server, "GetSessionsByName", ["x"])[0] == 200  # 0 = off
