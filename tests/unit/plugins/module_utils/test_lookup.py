# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _lookup as lookup
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.conftest import FakeAPI, make_session

A = "aaaaaaaa-0000-0000-0000-000000000001"
B = "aaaaaaaa-0000-0000-0000-000000000002"
C = "aaaaaaaa-0000-0000-0000-000000000003"
D = "aaaaaaaa-0000-0000-0000-000000000004"


def fleet(name_match="exact"):
    return FakeAPI([
        make_session("PC-01", 2, session_id=A),
        make_session("PC-010", 2, session_id=B),
        make_session("PC-01", 0, session_id=C),
        make_session("pc-01", 2, session_id=D),
    ], name_match=name_match)


def ids(sessions):
    return sorted(s["SessionID"] for s in sessions)


@pytest.mark.parametrize("server", ["exact", "prefix"])
def test_sessions_named_is_exact_and_case_sensitive_under_both_server_readings(server):
    api = fleet(server)
    assert ids(lookup.sessions_named(api, "PC-01")) == [A, C]
    assert api.calls == [("get_sessions_by_name", "PC-01")]


@pytest.mark.parametrize("session_type", [2, "2", "Access", "access"])
def test_sessions_named_narrows_by_type_given_as_number_or_name(session_type):
    assert ids(lookup.sessions_named(fleet(), "PC-01", session_type)) == [A]


def test_sessions_named_tolerates_missing_names():
    session = make_session("", 2, session_id=A)
    del session["Name"]
    api = FakeAPI([session])
    api.get_sessions_by_name = lambda name: [session]
    assert lookup.sessions_named(api, "PC") == []


def test_describe_lists_ids_with_type_names():
    sessions = [make_session("x", 2, session_id=A), make_session("x", 0, session_id=B)]
    assert lookup.describe(sessions) == "%s (Access), %s (Support)" % (A, B)


def test_resolve_by_id_validates_before_any_request():
    api = fleet()
    with pytest.raises(errors.ScreenConnectInputError) as exc:
        lookup.resolve_session(api, session_id="PC-01", id_option="target_id")
    assert "target_id" in str(exc.value)
    assert api.calls == []


def test_resolve_by_id_normalises_case_and_reports_unknown_ids():
    api = fleet()
    assert lookup.resolve_session(api, session_id=A.upper())["SessionID"] == A
    assert api.calls == [("get_session", A)]
    with pytest.raises(errors.ScreenConnectLookupError) as exc:
        lookup.resolve_session(api, session_id="bbbbbbbb-0000-0000-0000-000000000001")
    assert exc.value.session_id == "bbbbbbbb-0000-0000-0000-000000000001"
    assert "no such session" in str(exc.value)


def test_resolve_requires_id_or_name():
    api = fleet()
    with pytest.raises(errors.ScreenConnectInputError) as exc:
        lookup.resolve_session(api, id_option="sid", name_option="session_name")
    assert "sid" in str(exc.value) and "session_name" in str(exc.value)
    assert api.calls == []


@pytest.mark.parametrize("server", ["exact", "prefix"])
def test_resolve_by_name(server):
    api = fleet(server)
    assert lookup.resolve_session(api, name="PC-010")["SessionID"] == B
    assert lookup.resolve_session(api, name="PC-01", session_type="Support")["SessionID"] == C


def test_resolve_by_name_refuses_duplicates_listing_their_ids():
    with pytest.raises(errors.ScreenConnectLookupError) as exc:
        lookup.resolve_session(fleet(), name="PC-01")
    message = str(exc.value)
    assert "matches 2 sessions" in message
    assert A in message and C in message and B not in message
    assert "session_id" in message


def test_resolve_by_name_reports_missing_with_type():
    with pytest.raises(errors.ScreenConnectLookupError) as exc:
        lookup.resolve_session(fleet("prefix"), name="PC-0", session_type=1)
    assert "'PC-0'" in str(exc.value)
    assert "type Meeting" in str(exc.value)
