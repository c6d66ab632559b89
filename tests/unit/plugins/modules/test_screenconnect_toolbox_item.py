# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import re

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_toolbox_item as module_under_test
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.conftest import (
    FakeAPI,
    call_run,
    make_session,
)


def run(api, check_mode=False, **kwargs):
    return call_run(module_under_test, api, check_mode=check_mode, **kwargs)


@pytest.mark.parametrize("kwargs, message", [
    (dict(session_id="25950dd7-0230-4a72-9409-0b8c48968", item="Tool.exe"), "session_id must be a session GUID"),
    (dict(name="PC", item=""), "item must not be empty"),
    (dict(item="Tool.exe"), "one of the following is required"),
    (dict(name="PC", session_id="25950dd7-0230-4a72-9409-0b8c489684a2", item="x"), "mutually exclusive"),
])
def test_invalid_options_fail_before_any_request(kwargs, message):
    api = FakeAPI()
    with pytest.raises(errors.ScreenConnectInputError, match=re.escape(message)):
        run(api, **kwargs)
    assert api.calls == []


def test_sends_item_once():
    session = make_session(name="PC")
    api = FakeAPI([session])
    result = run(api, name="PC", item="Diagnostics/Collect Logs.exe")
    assert result["changed"] is True and result["online"] is True and result["session_id"] == session["SessionID"]
    assert api.writes() == [("send_toolbox_item", session["SessionID"], "Diagnostics/Collect Logs.exe")]
    assert api.events[session["SessionID"]][-1]["EventType"] == 47


def test_offline_guest_is_reported():
    session = make_session(name="PC", online=False)
    api = FakeAPI([session])
    result = run(api, session_id=session["SessionID"], item="Tool.exe")
    assert result["online"] is False and "queued" in result["msg"]


def test_check_mode_sends_nothing():
    session = make_session(name="PC")
    api = FakeAPI([session])
    result = run(api, check_mode=True, name="PC", item="Tool.exe")
    assert result["changed"] is True and api.writes() == []


def test_unknown_name_fails_without_sending():
    api = FakeAPI([make_session(name="Other")])
    with pytest.raises(errors.ScreenConnectLookupError, match="no session with exactly this name"):
        run(api, name="PC", item="Tool.exe")
    assert api.writes() == []
