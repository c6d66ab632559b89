# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the emulator tests: an in-process emulator on a free port and a small raw HTTP client."""

from __future__ import annotations

import http.client
import json
import os
import sys
from typing import Any, Dict, Optional
from urllib.parse import urlsplit

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR_DIR = os.environ.get("SC_EMULATOR_DIR") or os.path.normpath(os.path.join(HERE, "..", "..", "emulator"))
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

from sc_emulator.config import Options  # noqa: E402  pylint: disable=wrong-import-position
from sc_emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position

SECRET = "s3cr3t-value"
EXTENSION_ID = "2d558935-686a-4bd0-9991-07539f5fe749"
SERVICE = "/App_Extensions/%s/Service.ashx/" % EXTENSION_ID


class Response:
    def __init__(self, status: int, headers: Dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def header(self, name: str) -> Optional[str]:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class Client:
    """Raw HTTP against the emulator: every header and body is explicit."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        split = urlsplit(emulator.url)
        self.host, self.port = split.hostname, split.port

    def request(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None,
                timeout: float = 10) -> Response:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            if body is not None and not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            if isinstance(body, str):
                body = body.encode("utf-8")
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Response(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()

    def call(self, method_name: str, args: Any = None, http_method: str = "POST", secret: Optional[str] = SECRET,
             headers: Optional[Dict[str, str]] = None, query: str = "") -> Response:
        all_headers = {"Content-Type": "application/json"}
        if secret is not None:
            all_headers["CTRLAuthHeader"] = secret
        all_headers.update(headers or {})
        path = SERVICE + method_name + (("?" + query) if query else "")
        return self.request(http_method, path, body=args, headers=all_headers)

    def ok(self, method_name: str, args: Any = None, **kwargs: Any) -> Any:
        response = self.call(method_name, args, **kwargs)
        assert response.status == 200, (response.status, response.body)
        return response.json() if response.body else None

    def control(self, method: str, route: str, body: Any = None) -> Response:
        return self.request(method, "/__emulator/" + route, body=body)


def make_emulator(**overrides: Any) -> Emulator:
    values: Dict[str, Any] = {"port": 0, "secret": SECRET, "sessions": 60, "seed": 3, "command_latency": 0.05,
                              "time_scale": 0.0}
    values.update(overrides)
    return Emulator(Options(**values)).start(warm=False)


@pytest.fixture(scope="module")
def emulator():
    instance = make_emulator()
    yield instance
    instance.stop()


@pytest.fixture
def client(emulator):  # pylint: disable=redefined-outer-name
    api = Client(emulator)
    response = api.control("POST", "reset", {"counters": True, "faults": True, "config": True})
    assert response.status == 200
    return api


@pytest.fixture
def online_session(client):  # pylint: disable=redefined-outer-name
    spec = {"name": "TEST-WIN", "os": "windows", "machine_name": "TEST-WIN", "custom_property_values": ["TestCo", "Lab"],
            "online": True}
    response = client.control("POST", "sessions", spec)
    assert response.status == 200
    return response.json()
