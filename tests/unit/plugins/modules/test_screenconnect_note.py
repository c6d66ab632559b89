# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import re

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_note as module_under_test
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.conftest import (
    FakeAPI,
    call_run,
    make_session,
)


@pytest.fixture
def session():
    return make_session(name="DESKTOP-01")


@pytest.fixture
def api(session):
    return FakeAPI([session])


def run(api, check_mode=False, diff=False, **kwargs):
    return call_run(module_under_test, api, check_mode=check_mode, diff=diff, **kwargs)


@pytest.mark.parametrize("kwargs, message", [
    (dict(session_id="1234", note="x"), "session_id must be a session GUID"),
    (dict(name="DESKTOP-01", note=""), "note must not be empty"),
    (dict(name="DESKTOP-01", note=" \n"), "note must not be empty"),
    (dict(note="x"), "one of the following is required: session_id, name"),
    (dict(name="DESKTOP-01", session_id="25950dd7-0230-4a72-9409-0b8c489684a2", note="x"), "mutually exclusive"),
])
def test_invalid_options_fail_before_any_request(kwargs, message):
    api = FakeAPI()
    with pytest.raises(errors.ScreenConnectInputError, match=re.escape(message)):
        run(api, **kwargs)
    assert api.calls == []


def test_adds_note_by_name(api, session):
    result = run(api, name="DESKTOP-01", note="Patched")
    assert result["changed"] is True and result["session_id"] == session["SessionID"]
    assert api.writes() == [("add_note", session["SessionID"], "Patched")]
    assert "notes" not in result


def test_without_unique_adds_again_and_reads_no_notes(api, session):
    run(api, session_id=session["SessionID"], note="Ran")
    result = run(api, session_id=session["SessionID"], note="Ran")
    assert result["changed"] is True
    assert api.notes[session["SessionID"]] == ["Ran", "Ran"]
    assert "get_session_details" not in [call[0] for call in api.calls]


def test_unique_is_idempotent(api, session):
    first = run(api, session_id=session["SessionID"], note="Patched", unique=True)
    second = run(api, session_id=session["SessionID"], note="  Patched ", unique=True)
    assert first["changed"] is True and first["notes"] == ["Patched"]
    assert second["changed"] is False and second["notes"] == ["Patched"]
    assert len(api.writes()) == 1


def test_unique_only_compares_added_note_events(api, session):
    api._event(session["SessionID"], 60, "Patched")  # a ModifiedName event with the same Data
    result = run(api, session_id=session["SessionID"], note="Patched", unique=True)
    assert result["changed"] is True and len(api.writes()) == 1


def test_unique_diff_shows_notes_before_and_after(api, session):
    api.add_note(session["SessionID"], "Installed")
    api.calls = []
    result = run(api, diff=True, session_id=session["SessionID"], note="Patched", unique=True)
    assert result["diff"] == dict(before=dict(notes=["Installed"]), after=dict(notes=["Installed", "Patched"]))
    unchanged = run(api, diff=True, session_id=session["SessionID"], note="Patched", unique=True)
    assert unchanged["diff"]["before"] == unchanged["diff"]["after"]


def test_diff_without_unique_shows_the_added_note(api, session):
    result = run(api, diff=True, session_id=session["SessionID"], note="Ran")
    assert result["diff"] == dict(before=dict(added_note=""), after=dict(added_note="Ran"))


@pytest.mark.parametrize("unique", [False, True])
def test_check_mode_adds_nothing(api, session, unique):
    result = run(api, check_mode=True, diff=True, session_id=session["SessionID"], note="Patched", unique=unique)
    assert result["changed"] is True and "check mode" in result["msg"]
    assert api.writes() == []
    if unique:
        assert result["notes"] == ["Patched"]


def test_check_mode_with_existing_unique_note_is_unchanged(api, session):
    api.add_note(session["SessionID"], "Patched")
    api.calls = []
    result = run(api, check_mode=True, session_id=session["SessionID"], note="Patched", unique=True)
    assert result["changed"] is False and api.writes() == []


def test_unknown_session_fails_without_writing():
    api = FakeAPI()
    with pytest.raises(errors.ScreenConnectLookupError):
        run(api, session_id="25950dd7-0230-4a72-9409-0b8c489684a2", note="x")
    assert api.writes() == []


def test_ambiguous_name_fails_listing_ids():
    first, second = make_session(name="PC"), make_session(name="PC")
    api = FakeAPI([first, second])
    with pytest.raises(errors.ScreenConnectLookupError, match=first["SessionID"]):
        run(api, name="PC", note="x")
    assert api.writes() == []


def test_prefix_matching_server_is_compared_exactly():
    wanted, other = make_session(name="PC-01"), make_session(name="PC-010")
    api = FakeAPI([wanted, other], name_match="prefix")
    result = run(api, name="PC-01", note="x")
    assert result["session_id"] == wanted["SessionID"]
