# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import datetime

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _model as model

UTC = datetime.timezone.utc


@pytest.mark.parametrize("text, expected", [
    ("2026-07-19T06:41:52.6169911Z", datetime.datetime(2026, 7, 19, 6, 41, 52, 616991, tzinfo=UTC)),
    ("2024-03-05T20:40:22.651748Z", datetime.datetime(2024, 3, 5, 20, 40, 22, 651748, tzinfo=UTC)),
    ("2024-03-05T20:40:22.6Z", datetime.datetime(2024, 3, 5, 20, 40, 22, 600000, tzinfo=UTC)),
    ("2024-03-05T20:40:22Z", datetime.datetime(2024, 3, 5, 20, 40, 22, tzinfo=UTC)),
    ("2024-03-05T20:40:22", datetime.datetime(2024, 3, 5, 20, 40, 22, tzinfo=UTC)),
    ("2024-03-05T22:40:22.5+02:00", datetime.datetime(2024, 3, 5, 20, 40, 22, 500000, tzinfo=UTC)),
    ("0001-01-01T00:00:00", None),
    ("0001-01-01T00:00:00Z", None),
    ("", None),
    (None, None),
    ("not a date", None),
    ("2026-13-01T00:00:00Z", None),
    ("2026-01-01T24:00:00Z", None),
])
def test_parse_datetime_accepts_every_server_form(text, expected):
    assert model.parse_datetime(text) == expected


def test_iso_datetime_normalises_and_maps_never_to_none():
    assert model.iso_datetime("2026-07-19T06:41:52.6169911Z") == "2026-07-19T06:41:52.616991Z"
    assert model.iso_datetime("0001-01-01T00:00:00") is None


@pytest.mark.parametrize("value, name, number", [
    (0, "Support", 0), (1, "Meeting", 1), (2, "Access", 2), ("2", "Access", 2), ("access", "Access", 2),
    ("Support", "Support", 0),
])
def test_session_types_map_both_ways(value, name, number):
    assert model.session_type_name(value) == name
    assert model.session_type_number(value) == number


def test_unknown_session_types_are_kept_as_text():
    assert model.session_type_name(7) == "7"
    assert model.session_type_number(7) is None
    assert model.session_type_number("Desktop") is None


def test_event_type_names():
    assert model.event_type_name(70) == "RanCommand"
    assert model.event_type_name("44") == "QueuedCommand"
    assert model.event_type_name(999) == "999"
    assert model.event_type_number("RanCommand") == 70


@pytest.mark.parametrize("session, expected", [
    ({"CustomPropertyValues": ["Acme", "HQ", "", "", "", "", "", ""]}, ["Acme", "HQ", "", "", "", "", "", ""]),
    ({"CustomPropertyValues": ["Acme"]}, ["Acme", "", "", "", "", "", "", ""]),
    ({"CustomPropertyValues": ["Acme", None]}, ["Acme", "", "", "", "", "", "", ""]),
    ({"CustomProperties": {"CustomProperty1": "Acme", "CustomProperty8": "x"}}, ["Acme", "", "", "", "", "", "", "x"]),
    ({}, [""] * 8),
])
def test_custom_property_values_are_always_eight(session, expected):
    assert model.custom_property_values(session) == expected


@pytest.mark.parametrize("connections, online", [
    ([], False),
    ([{"ProcessType": 1}], False),
    ([{"ProcessType": 1}, {"ProcessType": 2}], True),
    ([{"ProcessType": "Guest"}], True),
    (None, False),
])
def test_online_means_a_connected_guest(connections, online):
    assert model.is_online({"ActiveConnections": connections}) is online


def test_enrich_session_keeps_api_fields_and_adds_documented_keys():
    session = {"SessionID": "a", "SessionType": 2, "Name": "", "CustomPropertyValues": ["Acme", "HQ"],
               "GuestInfo": {"MachineName": "PC-01"}, "ActiveConnections": [{"ProcessType": 2}], "Extra": 1}
    result = model.enrich_session(session, {"Company": 1, "Site": 2})
    assert result["SessionType"] == 2 and result["Extra"] == 1
    assert result["session_type_name"] == "Access"
    assert result["online"] is True
    assert result["display_name"] == "PC-01"
    assert result["custom_properties"]["Company"] == "Acme"
    assert result["custom_properties"]["Site"] == "HQ"
    assert result["custom_properties"]["CustomProperty3"] == ""
    assert "CustomProperty1" not in result["custom_properties"]
    assert "session_type_name" not in session


def test_sort_events_orders_by_time_whatever_the_server_order():
    events = [{"EventID": "c", "Time": "2026-01-01T00:00:03Z"}, {"EventID": "a", "Time": "2026-01-01T00:00:01.5Z"},
              {"EventID": "b", "Time": "2026-01-01T00:00:02.1234567Z"}, {"EventID": "z", "Time": "0001-01-01T00:00:00"}]
    assert [e["EventID"] for e in model.sort_events(events)] == ["z", "a", "b", "c"]


def test_details_events_reads_nested_connection_events_once():
    details = {"Events": [{"EventID": "1", "EventType": 44}],
               "Connections": [{"Events": [{"EventID": "1", "EventType": 44}, {"EventID": "2", "EventType": 70}]}]}
    assert [e["EventID"] for e in model.details_events(details)] == ["1", "2"]
