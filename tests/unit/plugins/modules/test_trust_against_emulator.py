# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Modules run through their real main() against the emulator: empty answers under load and text refusals."""

from __future__ import annotations

import json

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _api
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_message as sc_message
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_note as sc_note
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session as sc_session
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_toolbox_item as sc_toolbox
from ansible_collections.screenconnect.restapi.tests.unit.plugins.module_utils.test_client import make_client
from ansible_collections.screenconnect.restapi.tests.unit.module_args import patch_module_args


@pytest.fixture(autouse=True)
def no_real_pauses(monkeypatch):
    pauses = []
    monkeypatch.setattr(_api, "_sleep", pauses.append)
    return pauses


def run_main(module, emulator, capsys, **args):
    args = dict(args, url=emulator.url, secret=emulator.secret)
    with patch_module_args(args), pytest.raises(SystemExit):
        module.main()
    output = json.loads(capsys.readouterr().out)
    assert emulator.secret not in json.dumps(output)
    return output


def sessions_named(emulator, name):
    found = []
    for session_type in ("Access", "Support", "Meeting"):
        client = make_client(emulator)
        found += [s for s in client.call("GetSessionsByFilter", ["SessionType = '%s'" % session_type])
                  if s.get("Name") == name]
    return found


@pytest.mark.parametrize("empty_answers", [1, 2, 3])
def test_create_under_empty_answers_creates_exactly_one_session(emulator, capsys, empty_answers):
    name = "LOAD-%d" % empty_answers
    emulator.new_session(name=name, session_type=2)
    emulator.reset()
    emulator.fault(method="*", kind="empty_list", count=empty_answers)
    result = run_main(sc_session, emulator, capsys, name=name, session_type="Access", retries=3)
    assert result.get("failed") is not True, result
    assert result["changed"] is False
    assert emulator.calls("CreateSession")["received"] == 0
    assert len(sessions_named(emulator, name)) == 1
    emulator.reset()
    again = run_main(sc_session, emulator, capsys, name=name, session_type="Access", retries=3)
    assert again["changed"] is False
    assert emulator.calls("CreateSession")["received"] == 0


def test_truly_new_name_is_created_once_and_the_cost_is_bounded(emulator, capsys, no_real_pauses):
    name = "NEW-SESSION-TRUST"
    result = run_main(sc_session, emulator, capsys, name=name, session_type="Access", retries=3)
    assert result["changed"] is True and result["actions"] == ["created"]
    assert emulator.calls("CreateSession")["received"] == 1
    # one lookup by name, then 3 confirmation rounds of a filter and a name lookup: 7 reads, 3 pauses
    assert emulator.calls("GetSessionsByName")["received"] == 4
    assert emulator.calls("GetSessionsByFilter")["received"] == 3
    assert len(no_real_pauses) == 3
    assert len(sessions_named(emulator, name)) == 1
    emulator.reset()
    again = run_main(sc_session, emulator, capsys, name=name, session_type="Access", retries=3)
    assert again["changed"] is False
    assert emulator.calls("CreateSession")["received"] == 0


def test_read_by_id_retries_an_empty_answer(emulator, capsys):
    session = emulator.new_session(name="BYID-EMPTY", session_type=2)
    emulator.reset()
    emulator.fault(method="GetSessionBySessionID", kind="empty_list", count=2)
    result = run_main(sc_note, emulator, capsys, session_id=session["SessionID"], note="n", retries=2)
    assert result.get("failed") is not True, result
    assert emulator.calls("GetSessionBySessionID")["received"] == 3
    assert emulator.calls("AddNoteToSession")["received"] == 1


BAD_TEXT = [
    (sc_session, dict(name=["a"], session_type="Access"), "name"),
    (sc_session, dict(name={"a": 1}, session_type="Access"), "name"),
    (sc_session, dict(name=123, session_type="Access"), "name"),
    (sc_session, dict(name="PC", new_name=True, session_type="Access"), "new_name"),
    (sc_session, dict(name="PC", new_name="", session_type="Access"), "new_name"),
    (sc_session, dict(name="PC", new_name="  ", session_type="Access"), "new_name"),
    (sc_session, dict(session_id="11111111-1111-1111-1111-111111111111", new_name=""), "new_name"),
    (sc_session, dict(session_id="11111111-1111-1111-1111-111111111111", name=""), "name"),
    (sc_session, dict(name="PC", session_type="Access", custom_properties={1: ["x"]}), "custom_properties"),
    (sc_note, dict(name="PC", note=["x"]), "note"),
    (sc_note, dict(name="PC", note=5), "note"),
    (sc_message, dict(name="PC", text={"a": "b"}), "text"),
    (sc_message, dict(name="PC", text="hi", from_name=["me"]), "from_name"),
    (sc_toolbox, dict(name="PC", item=1.5), "item"),
    (sc_toolbox, dict(name="PC", item=["tool"]), "item"),
]


@pytest.mark.parametrize("module, args, option", BAD_TEXT)
def test_text_options_refuse_non_text_before_any_request(emulator, capsys, module, args, option):
    result = run_main(module, emulator, capsys, **args)
    assert result["failed"] is True
    assert option in result["msg"]
    assert "exception" not in result
    assert emulator.calls()["received"] == 0
