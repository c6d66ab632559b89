# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Faults for every module, through the real main() against the emulator (tests/emulator faults).

* a transient read fault (503, connection reset, HTML 500) is survived;
* a lost answer to every write (reset_after, truncated, 502 from a proxy) is reported as outcome unknown with
  ``changed: true`` and the write reached the server exactly once;
* a slow server fails within ``timeout x (retries + 1)``: the attempts are counted by the emulator, never timed.
"""

from __future__ import annotations

import uuid

import pytest

from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_command as sc_command
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_message as sc_message
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_note as sc_note
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session as sc_session
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session_info as sc_info
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_toolbox_item as sc_toolbox
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.test_trust_against_emulator import run_main


def _target(emulator):
    name = "FAULT-%s" % uuid.uuid4().hex[:8]
    session = emulator.new_session(name=name, session_type=2, online=True)
    emulator.reset()
    return name, session["SessionID"]


# module, arguments for a target session, the write method, the read method it uses first
WRITES = {
    "screenconnect_session-create": (sc_session, lambda name, sid: dict(name=name + "-NEW", session_type="Access"),
                                     "CreateSession", "GetSessionsByName"),
    "screenconnect_session-rename": (sc_session, lambda name, sid: dict(session_id=sid, new_name=name + "-R"),
                                     "UpdateSessionName", "GetSessionBySessionID"),
    "screenconnect_session-properties": (sc_session, lambda name, sid: dict(session_id=sid,
                                                                            custom_properties={1: "Faulty"}),
                                         "UpdateSessionCustomProperties", "GetSessionBySessionID"),
    "screenconnect_note": (sc_note, lambda name, sid: dict(session_id=sid, note="fault note"),
                           "AddNoteToSession", "GetSessionBySessionID"),
    "screenconnect_message": (sc_message, lambda name, sid: dict(session_id=sid, text="fault message"),
                              "SendMessageToSession", "GetSessionBySessionID"),
    "screenconnect_toolbox_item": (sc_toolbox, lambda name, sid: dict(session_id=sid, item="Tool"),
                                   "SendToolboxItemToSession", "GetSessionBySessionID"),
    "screenconnect_command": (sc_command, lambda name, sid: dict(session_id=sid, command="echo hi", wait=False),
                              "SendCommandToSession", "GetSessionBySessionID"),
}
LOST_ANSWERS = [dict(kind="reset_after"), dict(kind="truncated"), dict(kind="status", status=502)]
# (a 500 is the server's own failure, not a transient one: the client reports it without retrying)
TRANSIENT_READS = [dict(kind="status", status=503), dict(kind="status", status=504), dict(kind="reset_before")]
READERS = dict(WRITES, **{"screenconnect_session_info": (sc_info, lambda name, sid: dict(name=name), None,
                                                         "GetSessionsByName")})


@pytest.mark.parametrize("fault", LOST_ANSWERS, ids=lambda f: f["kind"] + str(f.get("status", "")))
@pytest.mark.parametrize("case", sorted(WRITES))
def test_lost_write_answer_is_outcome_unknown_and_sent_once(emulator, capsys, case, fault):
    module, make_args, write, _read = WRITES[case]
    name, session_id = _target(emulator)
    emulator.fault(method=write, count=1, **fault)
    result = run_main(module, emulator, capsys, retries=3, **make_args(name, session_id))
    assert result["failed"] is True and result["changed"] is True, result
    assert "unknown" in result["msg"].lower(), result["msg"]
    # a 502 may come from a proxy before or after the server applied it; the emulator's does not apply
    assert emulator.calls(write) == {"received": 1, "applied": 0 if fault.get("status") == 502 else 1}


@pytest.mark.parametrize("fault", TRANSIENT_READS, ids=lambda f: f["kind"] + str(f.get("status", "")))
@pytest.mark.parametrize("case", sorted(READERS))
def test_transient_read_fault_is_survived(emulator, capsys, case, fault):
    module, make_args, write, read = READERS[case]
    name, session_id = _target(emulator)
    emulator.fault(method=read, count=1, **fault)
    result = run_main(module, emulator, capsys, retries=2, **make_args(name, session_id))
    assert result.get("failed") is not True, result
    assert emulator.calls(read)["received"] >= 2
    if write:
        assert emulator.calls(write)["received"] == 1


@pytest.mark.parametrize("retries", [0, 2])
@pytest.mark.parametrize("case", sorted(READERS))
def test_slow_server_fails_within_the_attempts_allowed(emulator, capsys, case, retries):
    """The call's budget is timeout x (retries + 1) and includes the backoff pauses: with one attempt allowed it
    makes exactly one; with three, the backoff (at most 0.5 s, then 1 s) leaves room for two or three."""
    module, make_args, write, read = READERS[case]
    name, session_id = _target(emulator)
    emulator.fault(method=read, kind="slow", delay=4.0)
    result = run_main(module, emulator, capsys, retries=retries, timeout=1.0, **make_args(name, session_id))
    assert result["failed"] is True and "exception" not in result, result
    attempts = emulator.calls(read)["received"]
    assert attempts == 1 if retries == 0 else 2 <= attempts <= retries + 1
    if write:
        assert emulator.calls(write)["received"] == 0
