# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Technician-only sessions and chats in the generated and demo fleets (sc_emulator/fleet_activity.py)."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import Client, make_emulator

from sc_emulator import fleet  # pylint: disable=wrong-import-order
from sc_emulator.filter_dates import parse_date  # pylint: disable=wrong-import-order
from sc_emulator.model import EMPTY_GUID  # pylint: disable=wrong-import-order
from sc_emulator.timefmt import MIN_DATE  # pylint: disable=wrong-import-order

EPOCH = datetime.datetime(2026, 7, 1, tzinfo=datetime.timezone.utc)
EVENT_KEYS = {"EventID", "EventType", "Time", "Host", "Data", "ConnectionID", "CorrelationEventID"}
DEMO_NAMES = ["ACME-DC01", "ACME-FS01", "ACME-LT-0001", "ACME-LT-0002", "", "web-01", "web-02", "db-01", "build-01",
              "O'Brien's Laptop", "OBRIEN-WS-01", "OBRIEN-MAC-01", "ACME-LT-0003"]


def _process_types(record):
    return [connection["ProcessType"] for connection in record.data["ActiveConnections"]]


def _technician_only(records):
    return [record for record in records if _process_types(record) and set(_process_types(record)) == {1}]


def _chats(record):
    return [event for event in record.events if event["EventType"] == 71]


def _without_activity(record):
    """The session as the fleet's main stream made it: technician connections and chat events taken off."""
    host_ids = {c["ConnectionID"] for c in record.connections if c["ProcessType"] == 1}
    data = dict(record.data, LastEventTime=None, LastConnectedEventTime=None,
                ActiveConnections=[c for c in record.data["ActiveConnections"] if c["ConnectionID"] not in host_ids])
    events = [e for e in record.events if e["ConnectionID"] not in host_ids and e["EventType"] not in (45, 71)]
    return json.dumps([data, events, [c for c in record.connections if c["ConnectionID"] not in host_ids]])


@pytest.fixture(scope="module")
def records():
    return fleet.generate_fleet(3000, 5, EPOCH)


def test_technician_only_sessions_are_offline_access_sessions(records):
    access = [record for record in records if record.data["SessionType"] == 2]
    technician_only = _technician_only(records)
    assert 0.03 < len(technician_only) / len(access) < 0.08
    for record in technician_only:
        assert record.data["SessionType"] == 2 and not record.online
        view = record.view()
        assert view["HostConnectedCount"] >= 1 and view["GuestConnectedCount"] == 0
        host = [c for c in record.connections if c["ProcessType"] == 1]
        assert [c["ParticipantName"] for c in host] == [c["ParticipantName"] for c in record.data["ActiveConnections"]]
        assert all(name in fleet.TECHS for name in view["ConnectedParticipantNames"].split(";"))
        assert record.data["LastConnectedEventTime"] == max((c["ConnectedTime"] for c in record.connections),
                                                            key=parse_date)


@pytest.mark.parametrize("count", [12, 20])
def test_small_fleets_have_a_technician_only_session_and_a_chat(count):
    records = fleet.generate_fleet(count, 1, EPOCH)
    assert len(_technician_only(records)) >= 1
    assert any(_chats(record) for record in records)


def test_chats_have_the_documented_event_shape(records):
    chatted = [record for record in records if _chats(record)]
    ever_connected = [record for record in records if record.guest.get("last_connection_id")]
    assert 0.04 < len(chatted) / len(ever_connected) < 0.11
    for record in chatted:
        answer = _chats(record)[0]
        assert set(answer) == EVENT_KEYS
        assert answer["Host"] == "" and answer["CorrelationEventID"] == EMPTY_GUID and answer["Data"]
        connection = [c for c in record.connections if c["ConnectionID"] == answer["ConnectionID"]]
        assert [c["ProcessType"] for c in connection] == [2]
        ended = EPOCH if connection[0]["DisconnectedTime"] == MIN_DATE else parse_date(connection[0]["DisconnectedTime"])
        assert parse_date(connection[0]["ConnectedTime"]) <= parse_date(answer["Time"])
        assert parse_date(answer["Time"]) <= max(ended, parse_date(connection[0]["ConnectedTime"])
                                                 + datetime.timedelta(hours=1))
        position = record.events.index(answer)
        question = record.events[position - 1]
        assert question["EventType"] == 45 and question["Host"] in fleet.TECHS and question["ConnectionID"] == EMPTY_GUID
        times = [parse_date(event["Time"]) for event in record.events]
        assert times == sorted(times)
        assert record.data["LastEventTime"] == record.events[-1]["Time"]


def test_activity_comes_from_its_own_stream(records, monkeypatch):
    """Without the activity the fleet is the same: the main stream gives the same sessions as before it existed."""
    monkeypatch.setattr(fleet, "add_activity", lambda *args: None)
    plain = fleet.generate_fleet(3000, 5, EPOCH)
    assert [_without_activity(record) for record in plain] == [_without_activity(record) for record in records]
    changed = [a for a, b in zip(plain, records) if (a.data, a.events, a.connections) != (b.data, b.events, b.connections)]
    assert len(changed) == len({id(r) for r in _technician_only(records)} | {id(r) for r in records if _chats(r)})
    assert _technician_only(plain) == [] and not any(_chats(record) for record in plain)


def test_demo_fleet_adds_a_technician_only_session_and_a_chat():
    records = fleet.demo_fleet(EPOCH)
    assert [record.data["Name"] for record in records] == DEMO_NAMES
    assert [record.data["Name"] for record in records if not record.online] == ["ACME-LT-0002", "ACME-LT-0003"]
    assert [record.data["Name"] for record in _technician_only(records)] == ["ACME-LT-0003"]
    assert [record.data["Name"] for record in records if _chats(record)] == ["O'Brien's Laptop"]
    laptop = records[DEMO_NAMES.index("O'Brien's Laptop")]
    chat = [(e["EventType"], e["Data"]) for e in laptop.events if e["EventType"] in (45, 71)]
    assert chat == [(45, fleet.CHATS[0][0]), (71, fleet.CHATS[0][1])]


def test_details_and_filters_over_http():
    emulator = make_emulator(sessions=0, fleet="demo")
    try:
        client = Client(emulator)
        technician_only = client.ok("GetSessionsByFilter", ["HostConnectedCount > 0 AND GuestConnectedCount = 0"])
        assert [session["Name"] for session in technician_only] == ["ACME-LT-0003"]
        assert client.ok("GetSessionsByFilter", ["GuestConnectedCount > 0 AND Name = 'ACME-LT-0003'"]) == []
        laptop = client.ok("GetSessionsByName", ["O'Brien's Laptop"])[0]
        details = client.ok("GetSessionDetailsBySessionID", [laptop["SessionID"]])
        answers = [event for event in details["Events"] if event["EventType"] == 71]
        assert [set(event) for event in answers] == [EVENT_KEYS]
        guest_ids = [c["ConnectionID"] for c in details["Connections"] if c["ProcessType"] == 2]
        assert answers[0]["ConnectionID"] in guest_ids and answers[0]["Host"] == ""
        assert answers[0]["Data"] == fleet.CHATS[0][1]
        details = client.ok("GetSessionDetailsBySessionID", [technician_only[0]["SessionID"]])
        assert [c["ParticipantName"] for c in details["Connections"] if c["ProcessType"] == 1] == ["alice"]
    finally:
        emulator.stop()
