# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The scripts build_script writes, run by the emulator's agent shells and read back by parse_output."""

from __future__ import annotations

import os
import sys

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _command as command

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator"))

from sc_emulator import shell  # noqa: E402  pylint: disable=wrong-import-position

WINDOWS = dict(os_family="windows", machine_name="WS-01", user_name="SYSTEM", domain="NT AUTHORITY")
NONCE = "feedfacecafebeef"


def _round_trip(script_text, shell_name, **kwargs):
    script = command.build_script(script_text, shell_name, NONCE, **kwargs)
    output = shell.run_command(script, WINDOWS).output
    return command.parse_output(output, shell_name, NONCE, script_text)


@pytest.mark.parametrize("shell_name, script_text, rc, stdout", [
    ("cmd", "exit /b 5", 5, ""),
    ("cmd", "echo before\nexit /b 7\necho never", 7, "before"),
    ("cmd", "cmd /c exit 3", 3, ""),
    ("cmd", "echo ok", 0, "ok"),
    ("cmd", "goto :eof\necho never", 0, ""),
    ("powershell", "exit 5", 5, ""),
    ("powershell", "Write-Output 'before'\nexit 7\nWrite-Output 'never'", 7, "before"),
    ("powershell", "cmd /c exit 3", 3, ""),
    ("powershell", "cmd /c exit 4\nWrite-Output 'after'", 4, "after"),
    ("powershell", "Write-Output 'ok'", 0, "ok"),
    ("powershell", "Write-Output \"Zo\u00eb's $(2 + 3)\"", 0, "Zo\u00eb's 5"),
    ("powershell", "exit", 0, ""),
])
def test_exit_ends_only_the_script_and_its_code_is_the_rc(shell_name, script_text, rc, stdout):
    """cmd runs the script as a called label, PowerShell as a script file: exit ends only the user's script."""
    result = _round_trip(script_text, shell_name)
    assert result["rc"] == rc
    assert result["stdout"] == stdout


def test_cmd_plain_exit_still_ends_cmd_and_leaves_the_rc_unknown():
    assert _round_trip("exit 2", "cmd")["rc"] is None


def test_directives_reach_the_agent():
    result = _round_trip("for /l %%i in (1,1,3000) do @echo line %%i", "cmd", timeout=60, max_output=50)
    assert result["truncated"] is True


@pytest.mark.parametrize("script_text, first_line", [
    ("Write-Output 'start'\nthrow 'disk full'\nWrite-Output 'never'", "start"),
    ("$x = (1 +", "At C:\\Windows\\TEMP\\__scrc_%s.ps1:1 char:1" % NONCE),
])
def test_powershell_throw_or_parse_error_is_rc_1_with_the_error_text(script_text, first_line):
    result = _round_trip(script_text, "powershell")
    assert result["rc"] == 1
    assert result["stdout"].split("\n", 1)[0] == first_line
    assert "never" not in result["stdout"]
    assert ("disk full" in result["stdout"]) != ("ParseException" in result["stdout"])


class _AgentAPI(object):
    """An online Windows session whose agent is the emulator's shell: a sent command is answered by a RanCommand."""

    def __init__(self):
        self.events = []

    def get_session_details(self, session_id):
        return {"Session": {"SessionID": session_id, "ActiveConnections": [{"ProcessType": 2}]},
                "Events": list(self.events)}

    def send_command(self, session_id, script):
        output = shell.run_command(script, WINDOWS).output
        self.events.append({"EventID": "e%d" % len(self.events), "EventType": 70, "Data": output})


@pytest.mark.parametrize("script_text, rc, failed", [
    ("exit 5", 5, True), ("throw 'boom'", 1, True), ("cmd /c exit 2", 2, True), ("Write-Output 'fine'", 0, False),
])
def test_powershell_failures_fail_the_task(script_text, rc, failed):
    runner = command.CommandRunner(_AgentAPI(), script_text, shell="powershell", sleep=lambda _s: None)
    result = runner.run({"SessionID": "5a0f5a4c-1c1d-4d5e-9f00-0123456789ab", "ActiveConnections": [{"ProcessType": 2}],
                         "GuestInfo": {"OperatingSystemName": "Windows 11"}})
    assert (result["rc"], result["failed"]) == (rc, failed), result
    if script_text.startswith("throw"):
        assert result["stdout"].startswith("boom\nAt ")


class _RecordingAPI(object):
    """Answers like an online session with no history, and records what is sent."""

    def __init__(self):
        self.sent = []

    def get_session_details(self, session_id):
        return {"Session": {"SessionID": session_id, "ActiveConnections": [{"ProcessType": 2}]}, "Events": []}

    def send_command(self, session_id, script):
        self.sent.append(script)


@pytest.mark.parametrize("kwargs, timeout_ms, maxlength", [
    (dict(), 60000, command.DEFAULT_MAX_OUTPUT),
    (dict(wait_timeout=300), 300000, command.DEFAULT_MAX_OUTPUT),
    (dict(command_timeout=120, max_output=200), 120000, 200),
])
def test_runner_always_sends_both_directives(kwargs, timeout_ms, maxlength):
    api = _RecordingAPI()
    runner = command.CommandRunner(api, "echo hi", shell="sh", wait=False, **kwargs)
    session = {"SessionID": "25950dd7-0230-4a72-9409-0b8c489684a2", "ActiveConnections": [{"ProcessType": 2}]}
    result = runner.run(session)
    assert result["queued"] is True
    lines = api.sent[0].split("\n")
    assert "#timeout=%d" % timeout_ms in lines
    assert "#maxlength=%d" % maxlength in lines
