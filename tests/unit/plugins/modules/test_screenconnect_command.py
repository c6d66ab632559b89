# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import re
import threading

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _command
from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_command as module_under_test

from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.conftest import (
    CommandFakeAPI,
    FailJson,
    FakeAPI,
    call_run,
    make_session,
)

SECRET_COMMAND = "net user svc P@ssw0rd-do-not-leak"
_NONCE = re.compile(r"__SCRC_([0-9a-f]+)__=")


class FakeClock(object):
    """Stands in for the time module in _command: sleeping only advances the clock."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []
        self._lock = threading.Lock()

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


@pytest.fixture
def fake_api():
    return FakeAPI()


@pytest.fixture
def command_api_factory():
    return CommandFakeAPI


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(_command, "time", fake)
    return fake


def agent(stdout="", rc=0, bom=False, trailer=None):
    """A responder that answers like an agent: output, then the marker line of the script it got."""
    def respond(session_id, script):
        nonce = _NONCE.search(script).group(1)
        windows = not script.startswith("#!sh")
        newline = "\r\n" if windows else "\n"
        text = ""
        if script.split("\n")[0] not in ("#!ps", "#!sh") and not script.startswith("#"):
            text += newline + "C:\\Windows\\system32>" + script.split("\n")[0] + newline  # cmd's prompt echo
        text += "".join(line + newline for line in stdout.split("\n") if stdout)
        if trailer:
            text += trailer
        elif rc is not None:
            text += "__SCRC_%s__=%d%s" % (nonce, rc, newline)
        return ("\ufeff" if bom else "") + text
    return respond


@pytest.fixture
def windows():
    return make_session(name="DESKTOP-01", os_name="Microsoft Windows 11 Pro")


@pytest.fixture
def linux():
    return make_session(name="web-01", os_name="Ubuntu 22.04 LTS", machine_name="web-01")


def run(api, check_mode=False, **kwargs):
    return call_run(module_under_test, api, check_mode=check_mode, **kwargs)


# -- validation before any request ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    (dict(session_id="not-a-guid", command="whoami"), "session_id must be a session GUID"),
    (dict(session_ids=["25950dd7-0230-4a72-9409-0b8c489684a2", "nope"], command="whoami"),
     "session_ids must be a session GUID"),
    (dict(name="PC", command=""), "command must not be empty"),
    (dict(name="PC", command="  \n "), "command must not be empty"),
    (dict(name="PC", session_id="25950dd7-0230-4a72-9409-0b8c489684a2", command="x"), "mutually exclusive"),
    (dict(filter="Name = 'x'", session_ids=["25950dd7-0230-4a72-9409-0b8c489684a2"], command="x"),
     "mutually exclusive"),
    (dict(command="x"), "one of the following is required"),
    (dict(name="", command="x"), "one of the following is required"),
    (dict(filter="   ", command="x"), "filter must not be empty"),
    (dict(name="PC", command="x", max_targets=0), "max_targets must be at least 1"),
    (dict(name="PC", command="x", parallel=0), "parallel must be between 1 and 200"),
    (dict(name="PC", command="x", command_timeout=0), "command_timeout must be at least 1"),
    (dict(name="PC", command="x", max_output=-1), "max_output must be at least 1"),
    (dict(name="PC", command="x", wait_timeout=0), "wait_timeout must be at least 1"),
    (dict(session_ids=["25950dd7-0230-4a72-9409-0b8c4896840%d" % i for i in range(3)], command="x", max_targets=2),
     "session_ids lists 3 sessions, more than max_targets=2 allows; nothing was sent"),
])
def test_invalid_options_fail_before_any_request(fake_api, kwargs, message):
    with pytest.raises(errors.ScreenConnectInputError, match=re.escape(message)):
        run(fake_api, **kwargs)
    assert fake_api.calls == []


def test_duplicate_session_ids_count_once_for_max_targets(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("ok"))
    sid = linux["SessionID"]
    result = run(api, session_ids=[sid, sid.upper()], command="true", max_targets=1)
    assert result["counts"] == dict(total=1, succeeded=1, queued=0, failed=0)
    assert len(api.writes()) == 1


# -- single session ---------------------------------------------------------------------------------------------------

def test_cmd_round_trip_by_name(command_api_factory, windows, clock):
    api = command_api_factory([windows], responder=agent("nt authority\\system", bom=True), answer_after_polls=2)
    result = run(api, name="DESKTOP-01", command="whoami")
    assert result["changed"] is True and result["failed"] is False
    assert result["stdout"] == "nt authority\\system"
    assert result["stdout_lines"] == ["nt authority\\system"]
    assert result["rc"] == 0 and result["shell"] == "cmd"
    assert result["queued"] is False and result["truncated"] is False and result["killed"] is False
    assert result["session_id"] == windows["SessionID"]
    sends = [call for call in api.calls if call[0] == "send_command"]
    assert len(sends) == 1
    script = sends[0][2]
    lines = script.split("\n")
    assert lines[:2] == ["#timeout=60000", "#maxlength=1000000"]
    assert lines[2].startswith("@call :__scrc_") and lines[-1] == "whoami"
    assert lines[3].endswith("__=%ERRORLEVEL%")
    # nothing read before the send (the answer is attributed from reads after it), then polls with growing delays
    methods = [call[0] for call in api.calls]
    assert methods[:2] == ["get_sessions_by_name", "send_command"]
    assert clock.sleeps == [0.5, 0.75, 1.125]


def test_auto_shell_is_sh_on_linux_and_directives_are_sent(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("web-01"))
    result = run(api, session_id=linux["SessionID"].upper(), command="hostname",
                 command_timeout=30, max_output=100)
    assert result["shell"] == "sh" and result["stdout"] == "web-01"
    script = api.writes()[0][2]
    assert script.split("\n")[:4] == ["#!sh", "#timeout=30000", "#maxlength=100", "("]


def test_powershell_shell_sends_ps_directive(command_api_factory, windows):
    api = command_api_factory([windows], responder=agent("hi"))
    result = run(api, session_id=windows["SessionID"], command="Write-Output hi", shell="powershell")
    assert result["stdout"] == "hi" and result["shell"] == "powershell"
    assert api.writes()[0][2].startswith("#!ps\n")


def test_result_found_when_server_returns_events_newest_first(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("x"), reverse_events=True)
    api._event(linux["SessionID"], 70, "old output")
    result = run(api, session_id=linux["SessionID"], command="echo x")
    assert result["stdout"] == "x"


def test_non_zero_rc_fails_like_command_module(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("boom", rc=3))
    with pytest.raises(FailJson) as failure:
        run(api, session_id=linux["SessionID"], command="exit 3")
    kwargs = failure.value.kwargs
    assert kwargs["msg"] == "non-zero return code"
    assert kwargs["rc"] == 3 and kwargs["stdout"] == "boom" and kwargs["changed"] is True
    assert len(api.writes()) == 1


def test_killed_command_fails_with_null_rc(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("", rc=None, trailer="Killed after 2000 milliseconds."))
    with pytest.raises(FailJson) as failure:
        run(api, session_id=linux["SessionID"], command="sleep 10", command_timeout=2)
    assert failure.value.kwargs["killed"] is True and failure.value.kwargs["rc"] is None
    assert "killed" in failure.value.kwargs["msg"]


def test_truncated_before_marker_succeeds_with_unknown_rc(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("1\n2", rc=None, trailer="Truncated output at 4 characters."))
    result = run(api, session_id=linux["SessionID"], command="seq 100", max_output=4)
    assert result["truncated"] is True and result["rc"] is None and result["failed"] is False
    assert result["stdout_lines"] == ["1", "2"]
    assert "exit code is unknown" in result["msg"]


def test_script_ending_with_exit_gives_unknown_rc_without_failing(command_api_factory, windows):
    api = command_api_factory([windows], responder=agent("", rc=None))
    result = run(api, session_id=windows["SessionID"], command="exit /b 4")
    assert result["rc"] is None and result["failed"] is False
    assert "exit code is unknown" in result["msg"]


def test_offline_guest_returns_queued_at_once(command_api_factory, clock):
    offline = make_session(name="laptop", online=False)
    api = command_api_factory([offline], responder=agent("never"))
    result = run(api, session_id=offline["SessionID"], command="whoami")
    assert result["queued"] is True and result["changed"] is True and result["rc"] is None
    assert "offline" in result["msg"]
    assert clock.sleeps == []
    assert [call[0] for call in api.calls] == ["get_session", "send_command"]


def test_a_guest_that_went_offline_after_the_lookup_ends_queued_at_the_deadline(command_api_factory, linux, clock):
    """Online comes from the lookup (no read before sending): a guest gone since is waited for, then reported."""
    api = command_api_factory([linux], responder=None)  # went offline after the lookup's answer: no output comes
    result = run(api, session_id=linux["SessionID"], command="x", wait_timeout=5)
    assert result["queued"] is True and result["failed"] is False and "not sent again" in result["msg"]
    assert len(api.writes()) == 1


def test_wait_timeout_returns_queued_and_sends_once(command_api_factory, linux, clock):
    api = command_api_factory([linux], responder=None)
    result = run(api, session_id=linux["SessionID"], command="sleep 100", wait_timeout=12)
    assert result["queued"] is True and result["failed"] is False and result["changed"] is True
    assert "12 seconds" in result["msg"] and "not sent again" in result["msg"]
    assert len(api.writes()) == 1
    assert sum(clock.sleeps) == pytest.approx(12)
    assert max(clock.sleeps) <= 5.0


def test_wait_false_queues_without_reading_details(command_api_factory, linux, clock):
    api = command_api_factory([linux], responder=agent("x"))
    result = run(api, session_id=linux["SessionID"], command="x", wait=False)
    assert result["queued"] is True and "wait=false" in result["msg"]
    assert [call[0] for call in api.calls] == ["get_session", "send_command"]


def test_read_error_after_send_fails_saying_it_was_sent(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("x"))

    def broken(session_id):
        raise errors.ScreenConnectTransportError("connection reset")
    api.get_session_details = broken  # every read after the send fails
    with pytest.raises(FailJson) as failure:
        run(api, session_id=linux["SessionID"], command="x")
    assert "the command was sent" in failure.value.kwargs["msg"]
    assert len(api.writes()) == 1


def test_send_error_is_raised_not_retried(command_api_factory, linux):
    api = command_api_factory([linux])
    api.fail_with["send_command"] = errors.ScreenConnectOutcomeUnknownError("lost answer", method="SendCommandToSession")
    with pytest.raises(errors.ScreenConnectOutcomeUnknownError):
        run(api, session_id=linux["SessionID"], command="x")
    assert len(api.writes()) == 1


def test_unknown_session_id_fails_without_sending(fake_api):
    with pytest.raises(errors.ScreenConnectLookupError, match="no such session"):
        run(fake_api, session_id="25950dd7-0230-4a72-9409-0b8c489684a2", command="x")
    assert fake_api.writes() == []


def test_ambiguous_name_fails_listing_ids(fake_api):
    first, second = make_session(name="PC"), make_session(name="PC")
    fake_api.add(first)
    fake_api.add(second)
    with pytest.raises(errors.ScreenConnectLookupError) as failure:
        run(fake_api, name="PC", command="x")
    assert first["SessionID"] in str(failure.value) and second["SessionID"] in str(failure.value)
    assert fake_api.writes() == []


def test_auto_shell_without_os_fails_before_sending(fake_api):
    session = fake_api.add(make_session(name="new", os_name=""))
    with pytest.raises(errors.ScreenConnectInputError, match="set shell"):
        run(fake_api, session_id=session["SessionID"], command="x")
    assert fake_api.writes() == []


def test_check_mode_sends_nothing(command_api_factory, windows):
    api = command_api_factory([windows], responder=agent("x"))
    result = run(api, check_mode=True, session_id=windows["SessionID"], command="whoami")
    assert result["changed"] is True and result["shell"] == "cmd" and "check mode" in result["msg"]
    assert api.writes() == []
    assert [call[0] for call in api.calls] == ["get_session"]


def test_command_text_never_in_messages(command_api_factory, linux):
    api = command_api_factory([linux], responder=agent("", rc=5))
    with pytest.raises(FailJson) as failure:
        run(api, session_id=linux["SessionID"], command=SECRET_COMMAND)
    assert SECRET_COMMAND not in repr(failure.value.kwargs)
    for kwargs in (dict(wait=False), dict(wait_timeout=1)):
        api = command_api_factory([linux])
        result = run(api, session_id=linux["SessionID"], command=SECRET_COMMAND, **kwargs)
        assert SECRET_COMMAND not in repr(result)


# -- fan-out ---------------------------------------------------------------------------------------------------------------

def test_filter_fan_out_counts_and_fails_if_any_target_failed(command_api_factory):
    good = make_session(name="a-good", os_name="Ubuntu")
    bad = make_session(name="b-bad", os_name="Ubuntu")
    off = make_session(name="c-off", os_name="Ubuntu", online=False)

    def respond(session_id, script):
        return agent("out", rc=1 if session_id == bad["SessionID"] else 0)(session_id, script)
    api = command_api_factory([off, bad, good], responder=respond)
    with pytest.raises(FailJson) as failure:
        run(api, filter="GuestOperatingSystemName LIKE 'Ubuntu*'", command="true")
    kwargs = failure.value.kwargs
    assert kwargs["counts"] == dict(total=3, succeeded=1, queued=1, failed=1)
    assert kwargs["msg"] == "1 of 3 succeeded, 1 queued, 1 failed"
    assert kwargs["changed"] is True
    assert [item["name"] for item in kwargs["results"]] == ["a-good", "b-bad", "c-off"]
    by_name = dict((item["name"], item) for item in kwargs["results"])
    assert by_name["b-bad"]["failed"] is True and by_name["b-bad"]["rc"] == 1
    assert by_name["c-off"]["queued"] is True and by_name["c-off"]["failed"] is False
    assert by_name["a-good"]["stdout"] == "out"
    assert ("get_sessions_by_filter", "GuestOperatingSystemName LIKE 'Ubuntu*'") in api.calls
    assert len(api.writes()) == 3


def test_fan_out_succeeds_when_no_target_failed(command_api_factory):
    sessions = [make_session(name="n%02d" % i, os_name="Ubuntu") for i in range(6)]
    api = command_api_factory(sessions, responder=agent("ok"))
    result = run(api, session_ids=[s["SessionID"] for s in sessions], command="true", parallel=3)
    assert result["failed"] is False and result["changed"] is True
    assert result["counts"] == dict(total=6, succeeded=6, queued=0, failed=0)
    assert [item["session_id"] for item in result["results"]] == [s["SessionID"] for s in sessions]
    assert "session_id" not in result and "stdout" not in result
    assert sorted(call[1] for call in api.writes()) == sorted(s["SessionID"] for s in sessions)


def test_filter_matching_more_than_max_targets_sends_nothing(fake_api):
    for i in range(11):
        fake_api.add(make_session(name="pc%02d" % i))
    with pytest.raises(errors.ScreenConnectInputError) as failure:
        run(fake_api, filter="SessionType = 'Access'", command="x")
    assert "the filter matches 11 sessions" in str(failure.value) and "max_targets=10" in str(failure.value)
    assert fake_api.writes() == []


def test_filter_matching_nothing_is_ok_and_unchanged(fake_api):
    result = run(fake_api, filter="Name = 'none'", command="x")
    assert result["changed"] is False and result["counts"]["total"] == 0 and result["results"] == []


def test_session_ids_with_a_missing_one_send_nothing(fake_api):
    present = fake_api.add(make_session(name="a"))
    missing = "25950dd7-0230-4a72-9409-0b8c489684a2"
    with pytest.raises(errors.ScreenConnectLookupError, match=missing):
        run(fake_api, session_ids=[present["SessionID"], missing], command="x")
    assert fake_api.writes() == []


def test_fan_out_check_mode_sends_nothing(command_api_factory):
    sessions = [make_session(name="n%d" % i, os_name="Ubuntu") for i in range(3)]
    api = command_api_factory(sessions, responder=agent("ok"))
    result = run(api, check_mode=True, filter="Name LIKE 'n*'", command="x")
    assert result["changed"] is True and result["counts"]["total"] == 3
    assert api.writes() == []


def test_fan_out_per_target_error_does_not_stop_others(command_api_factory):
    no_os = make_session(name="a-no-os", os_name="")
    fine = make_session(name="b-fine", os_name="Ubuntu")
    api = command_api_factory([no_os, fine], responder=agent("ok"))
    with pytest.raises(FailJson) as failure:
        run(api, session_ids=[no_os["SessionID"], fine["SessionID"]], command="x")
    results = failure.value.kwargs["results"]
    assert results[0]["failed"] is True and "set shell" in results[0]["msg"] and results[0]["changed"] is False
    assert results[1]["failed"] is False and results[1]["stdout"] == "ok"
    assert [call[1] for call in api.writes()] == [fine["SessionID"]]


def test_fan_out_outcome_unknown_reports_possible_change(command_api_factory):
    session = make_session(name="a", os_name="Ubuntu")
    api = command_api_factory([session])
    api.fail_with["send_command"] = errors.ScreenConnectOutcomeUnknownError("lost answer; it was not sent again")
    with pytest.raises(FailJson) as failure:
        run(api, session_ids=[session["SessionID"]], command="x")
    result = failure.value.kwargs["results"][0]
    assert result["changed"] is True and "not sent again" in result["msg"]
    assert len(api.writes()) == 1


def test_unmarked_output_with_a_rival_command_fails_as_ambiguous(command_api_factory, linux):
    killed = "Killed after 2000 milliseconds."
    api = command_api_factory([linux], responder=agent("", rc=None, trailer=killed))
    original = api.send_command

    def with_rival(session_id, command):
        api._event(session_id, 44, "sleep 100", host="alice")  # a technician queued a command in the same window
        original(session_id, command)
        api._event(session_id, 70, killed, host="")  # ... and it was killed too
    api.send_command = with_rival
    with pytest.raises(FailJson) as failure:
        run(api, session_id=linux["SessionID"], command="sleep 100")
    assert failure.value.kwargs["stdout"] == "" and failure.value.kwargs["killed"] is False
    assert "cannot be told from ours" in failure.value.kwargs["msg"]
    assert len(api.writes()) == 1


def test_killed_output_without_command_text_in_queued_command_is_never_taken(command_api_factory, linux, clock):
    api = command_api_factory([linux], responder=agent("", rc=None, trailer="Killed after 2000 milliseconds."))
    original = api._event

    def without_text(session_id, event_type, data="", **kwargs):
        return original(session_id, event_type, "" if event_type == 44 else data, **kwargs)
    api._event = without_text  # the other reading of the reference: QueuedCommand Data carries no text
    result = run(api, session_id=linux["SessionID"], command="sleep 100", wait_timeout=10)
    assert result["queued"] is True and result["killed"] is False
    assert "no result within 10 seconds" in result["msg"]
