# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared fixtures for module tests: a fake module object and an in-memory fake of ScreenConnectAPI.

Module tests call ``run(module, api)`` directly. End-to-end behaviour against the emulator is covered by the
integration targets; these tests pin argument validation, check mode, diff and result shapes.
"""

from __future__ import annotations

import copy
import json
import datetime
import uuid

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.screenconnect.restapi.tests.unit.module_args import patch_module_args

WRITE_METHODS = ("create_session", "update_session_name", "update_session_custom_properties", "add_note",
                 "send_command", "send_message", "send_toolbox_item")


class FailJson(Exception):
    def __init__(self, kwargs):
        super(FailJson, self).__init__(kwargs.get("msg"))
        self.kwargs = kwargs


class FakeModule(object):
    """The parts of AnsibleModule that run() uses. ``params`` gets the argument spec's defaults filled in."""

    def __init__(self, params, argument_spec=None, check_mode=False, diff=False):
        spec = dict(connection_argument_spec())
        spec.update(argument_spec or {})
        full = dict((name, option.get("default")) for name, option in spec.items())
        full.update(url="https://sc.example.com", secret="s3cr3t-value")
        full.update(params)
        self.params = full
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def fail_json(self, **kwargs):
        raise FailJson(kwargs)

    def warn(self, message):
        self.warnings.append(message)


def _now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make_session(name="", session_type=2, custom_property_values=None, online=True, machine_name="PC-01",
                 os_name="Microsoft Windows 11 Pro", session_id=None):
    """A session shaped like the server's JSON (screenconnect-api.md section 3)."""
    values = list(custom_property_values or [])
    values += [""] * (8 - len(values))
    connections = []
    if online:
        connections.append({"ConnectionID": str(uuid.uuid4()), "ProcessType": 2, "ClientType": 1,
                            "ParticipantName": "", "NetworkAddress": "203.0.113.7", "ConnectedTime": _now()})
    return {
        "SessionID": session_id or str(uuid.uuid4()), "SessionType": session_type, "Name": name, "Host": "",
        "IsPublic": False, "Code": "", "CustomPropertyValues": values, "ActiveConnections": connections,
        "QueuedEvents": [], "LastGuestDisconnectedEventTime": "0001-01-01T00:00:00", "IsEnded": False,
        "GuestInfo": {"MachineName": machine_name, "OperatingSystemName": os_name},
    }


class FakeAPI(object):
    """In-memory stand-in for ScreenConnectAPI. ``calls`` records every call as (method, args)."""

    def __init__(self, sessions=(), name_match="exact"):
        self.sessions = dict((s["SessionID"], copy.deepcopy(s)) for s in sessions)
        self.events = dict((sid, []) for sid in self.sessions)
        self.notes = dict((sid, []) for sid in self.sessions)
        self.calls = []
        self.name_match = name_match
        self.fail_with = {}
        self.retries = 0
        self.pauses = []

    def pause(self, attempt):
        self.pauses.append(attempt)

    def _record(self, method, *args):
        self.calls.append((method,) + args)
        if method in self.fail_with:
            raise self.fail_with[method]

    def writes(self):
        return [call for call in self.calls if call[0] in WRITE_METHODS]

    def add(self, session):
        self.sessions[session["SessionID"]] = copy.deepcopy(session)
        self.events[session["SessionID"]] = []
        self.notes[session["SessionID"]] = []
        return session

    def _event(self, session_id, event_type, data="", host="RESTful API"):
        event = {"EventID": str(uuid.uuid4()), "EventType": event_type, "Time": _now(), "Host": host, "Data": data,
                 "ConnectionID": "00000000-0000-0000-0000-000000000000",
                 "CorrelationEventID": "00000000-0000-0000-0000-000000000000"}
        self.events[session_id].append(event)
        return event

    def _require(self, session_id):
        if session_id not in self.sessions:
            raise errors.ScreenConnectServerError("ScreenConnect returned HTTP 500: no such session", status=500)

    def get_session(self, session_id):
        self._record("get_session", session_id)
        session = self.sessions.get(session_id)
        return copy.deepcopy(session) if session else None

    def get_sessions_by_name(self, name):
        self._record("get_sessions_by_name", name)
        if self.name_match == "prefix":
            return [copy.deepcopy(s) for s in self.sessions.values() if s["Name"].startswith(name)]
        return [copy.deepcopy(s) for s in self.sessions.values() if s["Name"] == name]

    def get_sessions_by_filter(self, expression):
        """Understands only what the fake needs: every session (tests assert the expression separately)."""
        self._record("get_sessions_by_filter", expression)
        return [copy.deepcopy(s) for s in self.sessions.values()]

    def get_session_details(self, session_id):
        self._record("get_session_details", session_id)
        if session_id not in self.sessions:
            return None
        return {"Session": copy.deepcopy(self.sessions[session_id]), "Events": copy.deepcopy(self.events[session_id]),
                "Connections": [], "GuestScreenshotContent": ""}

    def create_session(self, session_type, name, is_public, code, custom_property_values):
        self._record("create_session", session_type, name, is_public, code, list(custom_property_values))
        session = make_session(name=name, session_type=session_type if isinstance(session_type, int) else 2,
                               custom_property_values=custom_property_values, online=False)
        session["IsPublic"] = is_public
        session["Code"] = code
        self.add(session)
        self._event(session["SessionID"], 20)
        return copy.deepcopy(session)

    def update_session_name(self, session_id, new_name):
        self._record("update_session_name", session_id, new_name)
        self._require(session_id)
        self.sessions[session_id]["Name"] = new_name
        self._event(session_id, 60, new_name)

    def update_session_custom_properties(self, session_id, values):
        self._record("update_session_custom_properties", session_id, list(values))
        self._require(session_id)
        self.sessions[session_id]["CustomPropertyValues"] = list(values)
        self._event(session_id, 64)

    def add_note(self, session_id, note):
        self._record("add_note", session_id, note)
        self._require(session_id)
        self.notes[session_id].append(note)
        self._event(session_id, 32, note)

    def send_command(self, session_id, command):
        self._record("send_command", session_id, command)
        self._require(session_id)
        self._event(session_id, 44, command)

    def send_message(self, session_id, by_host, message):
        self._record("send_message", session_id, by_host, message)
        self._require(session_id)
        self._event(session_id, 45, message, host=by_host)

    def send_toolbox_item(self, session_id, item):
        self._record("send_toolbox_item", session_id, item)
        self._require(session_id)
        self._event(session_id, 47, item)


@pytest.fixture
def fake_api():
    return FakeAPI()


@pytest.fixture
def module_factory():
    """``module_factory(params, argument_spec=..., check_mode=False, diff=False)`` -> FakeModule."""
    return FakeModule


class CommandFakeAPI(FakeAPI):
    """A FakeAPI whose guests answer commands with a RanCommand (70) event.

    ``responder(session_id, script)`` returns the event's Data (the agent's output) or None for no answer. The
    answer appears after ``answer_after_polls`` further ``get_session_details`` calls for that session (0: at once).
    ``reverse_events`` returns events newest first, as a server with another order might.
    """

    def __init__(self, sessions=(), responder=None, answer_after_polls=0, reverse_events=False, **kwargs):
        super(CommandFakeAPI, self).__init__(sessions, **kwargs)
        self.responder = responder
        self.answer_after_polls = answer_after_polls
        self.reverse_events = reverse_events
        self.pending = {}

    def send_command(self, session_id, command):
        super(CommandFakeAPI, self).send_command(session_id, command)
        output = self.responder(session_id, command) if self.responder else None
        if output is not None:
            self.pending.setdefault(session_id, []).append([self.answer_after_polls, output])

    def get_session_details(self, session_id):
        for item in list(self.pending.get(session_id, ())):
            if item[0] <= 0:
                self._event(session_id, 70, item[1], host="")
                self.pending[session_id].remove(item)
            else:
                item[0] -= 1
        details = super(CommandFakeAPI, self).get_session_details(session_id)
        if details is not None and self.reverse_events:
            details["Events"].reverse()
        return details


def call_run(module_under_test, api, check_mode=False, diff=False, **params):
    """``module_under_test.run()`` with a FakeModule built from the module's own ARGUMENT_SPEC."""
    module = FakeModule(params, argument_spec=module_under_test.ARGUMENT_SPEC, check_mode=check_mode, diff=diff)
    return module_under_test.run(module, api)


def main_refusal(main, args, capsys):
    """Run a module's real main() with ``args`` pointing at a host that cannot answer; returns its failure output.

    Only a refusal before any request produces the module's own message: a request would end in a transport error.
    The test secret must not appear in the output.
    """
    args = dict(args, url="https://sc.invalid:9", secret="s3cr3t-value")
    with patch_module_args(args), pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 1
    output = json.loads(capsys.readouterr().out)
    assert output["failed"] is True
    assert "exception" not in output
    assert "s3cr3t-value" not in json.dumps(output)
    return output
