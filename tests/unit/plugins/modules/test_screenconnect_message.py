# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import re

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_message as module_under_test
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.conftest import (
    FakeAPI,
    call_run,
    make_session,
)


def run(api, check_mode=False, **kwargs):
    return call_run(module_under_test, api, check_mode=check_mode, **kwargs)


@pytest.mark.parametrize("kwargs, message", [
    (dict(session_id="x", text="hi"), "session_id must be a session GUID"),
    (dict(name="PC", text=""), "text must not be empty"),
    (dict(name="PC", text="hi", from_name=" "), "from_name must not be empty"),
    (dict(text="hi"), "one of the following is required"),
    (dict(name="PC", session_id="25950dd7-0230-4a72-9409-0b8c489684a2", text="hi"), "mutually exclusive"),
])
def test_invalid_options_fail_before_any_request(kwargs, message):
    api = FakeAPI()
    with pytest.raises(errors.ScreenConnectInputError, match=re.escape(message)):
        run(api, **kwargs)
    assert api.calls == []


def test_sends_message_once_with_default_sender():
    session = make_session(name="PC")
    api = FakeAPI([session])
    result = run(api, name="PC", text="Reboot in 15 minutes")
    assert result == dict(changed=True, session_id=session["SessionID"], online=True, msg="message sent")
    assert api.writes() == [("send_message", session["SessionID"], "Ansible", "Reboot in 15 minutes")]
    assert api.events[session["SessionID"]][-1]["Host"] == "Ansible"


def test_custom_sender_and_offline_guest():
    session = make_session(name="PC", online=False)
    api = FakeAPI([session])
    result = run(api, session_id=session["SessionID"], text="hi", from_name="IT Desk")
    assert result["online"] is False and "offline" in result["msg"]
    assert api.writes() == [("send_message", session["SessionID"], "IT Desk", "hi")]


def test_check_mode_only_checks_the_session():
    session = make_session(name="PC")
    api = FakeAPI([session])
    result = run(api, check_mode=True, session_id=session["SessionID"], text="hi")
    assert result["changed"] is True and api.writes() == []
    assert [call[0] for call in api.calls] == ["get_session"]


def test_check_mode_fails_for_unknown_session():
    api = FakeAPI()
    with pytest.raises(errors.ScreenConnectLookupError):
        run(api, check_mode=True, session_id="25950dd7-0230-4a72-9409-0b8c489684a2", text="hi")


def test_lost_answer_is_not_resent():
    session = make_session(name="PC")
    api = FakeAPI([session])
    api.fail_with["send_message"] = errors.ScreenConnectOutcomeUnknownError("lost")
    with pytest.raises(errors.ScreenConnectOutcomeUnknownError):
        run(api, session_id=session["SessionID"], text="hi")
    assert len(api.writes()) == 1
