# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Script building and output parsing of _command (no requests); attribution is in test_attribution.py."""

from __future__ import annotations

import base64
import re

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _command as command
from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors

NONCE = "0123456789abcdef"
TAG = "__SCRC_%s__=" % NONCE


# -- building ---------------------------------------------------------------------------------------------------------

CMD_WRAPPER = "@call :__scrc_%s\n@echo %s%%ERRORLEVEL%%\n@exit /b\n:__scrc_%s\n" % (NONCE, TAG, NONCE)


def test_cmd_script_runs_the_command_as_a_called_label_then_prints_errorlevel():
    script = command.build_script("whoami", "cmd", NONCE)
    assert script == CMD_WRAPPER + "whoami"


def test_powershell_script_runs_the_command_as_a_script_file_then_prints_its_exit_code():
    user = "Write-Output 'it''s'\n$x = \"$(Get-Date)\"\nexit 2"
    lines = command.build_script(user, "powershell", NONCE).split("\n")
    assert lines[0] == "#!ps"
    assert lines[1] == '$__scrc_f = "$env:TEMP\\__scrc_%s.ps1"' % NONCE
    embedded = re.match(r"^\[IO\.File\]::WriteAllBytes\(\$__scrc_f, \[Convert\]::FromBase64String\('([A-Za-z0-9+/=]+)'\)\)$",
                        lines[2])
    # the exact command, as a UTF-8 file with a BOM; never as PowerShell text of the wrapper
    assert base64.b64decode(embedded.group(1)) == b"\xef\xbb\xbf" + user.encode("utf-8")
    assert "Get-Date" not in "\n".join(lines)
    assert lines[3:] == [
        "$global:LASTEXITCODE = 0",
        "$__scrc_rc = 1",
        "try { & $__scrc_f; $__scrc_rc = $LASTEXITCODE } catch { $_; $__scrc_rc = 1 } "
        "finally { Remove-Item -LiteralPath $__scrc_f -Force -ErrorAction SilentlyContinue }",
        'Write-Output "%s$__scrc_rc"' % TAG,
    ]
    for operator in ("??", "?.", "&&", "||"):  # Windows PowerShell 5.1 has none of these
        assert operator not in "\n".join(lines[1:])


def test_sh_script_wraps_command_in_subshell():
    script = command.build_script("echo a\nexit 3", "sh", NONCE)
    assert script == '#!sh\n(\necho a\nexit 3\n)\necho "%s$?"' % TAG


def test_directives_come_first_in_order_and_timeout_is_milliseconds():
    script = command.build_script("ls", "sh", NONCE, timeout=90, max_output=20000)
    assert script.split("\n")[:3] == ["#!sh", "#timeout=90000", "#maxlength=20000"]


def test_cmd_directives_without_interpreter():
    assert command.build_script("dir", "cmd", NONCE, timeout=5) == "#timeout=5000\n" + CMD_WRAPPER + "dir"


def test_command_line_endings_are_normalised_and_trailing_newlines_dropped():
    script = command.build_script("echo a\r\necho b\r\n\r\n", "cmd", NONCE)
    assert script == CMD_WRAPPER + "echo a\necho b"


@pytest.mark.parametrize("value", ["", "   ", "\n\r\n", None])
def test_empty_command_is_refused(value):
    with pytest.raises(errors.ScreenConnectInputError, match="command must not be empty"):
        command.build_script(value, "sh", NONCE)


def test_unknown_shell_is_refused():
    with pytest.raises(errors.ScreenConnectInputError, match="shell"):
        command.build_script("x", "bash", NONCE)


def test_nonce_is_random_hex():
    first, second = command.new_nonce(), command.new_nonce()
    assert first != second
    assert int(first, 16) >= 0 and len(first) == 16


# -- choosing the shell -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("os_name, expected", [
    ("Microsoft Windows 11 Pro", "cmd"),
    ("Microsoft Windows Server 2022 Standard", "cmd"),
    ("Ubuntu 22.04.4 LTS", "sh"),
    ("macOS 14.5", "sh"),
])
def test_auto_shell_from_guest_os(os_name, expected):
    assert command.choose_shell("auto", {"GuestInfo": {"OperatingSystemName": os_name}}) == expected


def test_explicit_shell_wins_over_guest_os():
    assert command.choose_shell("powershell", {"GuestInfo": {"OperatingSystemName": "Ubuntu"}}) == "powershell"


def test_auto_shell_without_os_fails_naming_the_option():
    with pytest.raises(errors.ScreenConnectInputError, match="set shell"):
        command.choose_shell("auto", {"SessionID": "x", "GuestInfo": {"OperatingSystemName": ""}})


# -- parsing --------------------------------------------------------------------------------------------------------------

CMD_SCRIPT = "whoami\nhostname"

PARSE_CASES = [
    # (id, shell, command, agent output, stdout, rc, truncated, killed)
    ("cmd prompt echo, BOM and CRLF", "cmd", CMD_SCRIPT,
     "\ufeff\r\nC:\\Windows\\system32>whoami\r\nnt authority\\system\r\n\r\nC:\\Windows\\system32>hostname\r\n"
     "DESKTOP-01\r\n%s0\r\n" % TAG,
     "nt authority\\system\nDESKTOP-01", 0, False, False),
    ("cmd echo with expanded variable", "cmd", "echo %COMPUTERNAME%",
     "\r\nC:\\Windows\\system32>echo DESKTOP-01\r\nDESKTOP-01\r\n%s0\r\n" % TAG, "DESKTOP-01", 0, False, False),
    ("cmd loop body echoed per iteration", "cmd", "for /l %%i in (1,1,2) do echo n%%i",
     "\r\nC:\\Windows\\system32>for /l %i in (1,1,2) do echo n%i\r\n\r\nC:\\Windows\\system32>echo n1\r\nn1\r\n"
     "\r\nC:\\Windows\\system32>echo n2\r\nn2\r\n" + TAG + "0\r\n", "n1\nn2", 0, False, False),
    ("cmd upper-case prompt directory", "cmd", "whoami",
     "\r\nC:\\WINDOWS\\system32>whoami\r\nnt authority\\system\r\n%s0\r\n" % TAG, "nt authority\\system", 0, False,
     False),
    ("cmd output that only looks like a prompt is kept", "cmd", "@echo off\necho C:\\data>list",
     "C:\\data>list\r\n%s0\r\n" % TAG, "C:\\data>list", 0, False, False),
    ("cmd non-zero errorlevel", "cmd", "cmd /c exit 3",
     "\r\nC:\\Windows\\system32>cmd /c exit 3\r\n%s3\r\n" % TAG, "", 3, False, False),
    ("cmd unknown command", "cmd", "foo",
     "\r\nC:\\Windows\\system32>foo\r\n'foo' is not recognized as an internal or external command,\r\n"
     "operable program or batch file.\r\n%s9009\r\n" % TAG,
     "'foo' is not recognized as an internal or external command,\noperable program or batch file.", 9009, False,
     False),
    ("cmd plain exit ends cmd.exe before the marker", "cmd", "exit 4",
     "\r\nC:\\Windows\\system32>exit 4\r\n", "", None, False, False),
    ("cmd killed", "cmd", "timeout /t 30",
     "\r\nC:\\Windows\\system32>timeout /t 30\r\n\r\nWaiting for 30 seconds, press a key to continue ...\r\n"
     "Killed after 2000 milliseconds.", "Waiting for 30 seconds, press a key to continue ...", None, False, True),
    ("powershell with BOM", "powershell", "Write-Output hi",
     "\ufeffhi\r\n%s0\r\n" % TAG, "hi", 0, False, False),
    ("powershell exit code of a native program", "powershell", "cmd /c exit 5",
     "%s5\r\n" % TAG, "", 5, False, False),
    ("powershell killed", "powershell", "Start-Sleep 20", "Killed after 1000 milliseconds.", "", None, False, True),
    ("sh output and rc", "sh", "echo a\nwhoami", "a\nroot\n%s0\n" % TAG, "a\nroot", 0, False, False),
    ("sh exit in subshell keeps rc", "sh", "exit 3", "%s3\n" % TAG, "", 3, False, False),
    ("sh unknown command", "sh", "nope", "sh: 1: nope: not found\n%s127\n" % TAG, "sh: 1: nope: not found", 127,
     False, False),
    ("sh truncated before the marker", "sh", "seq 1000",
     "1\n2\n3\n4\nTruncated output at 8 characters.", "1\n2\n3\n4", None, True, False),
    ("sh truncated inside the marker", "sh", "seq 3",
     "1\n2\n3\n__SCRC_0123\nTruncated output at 14 characters.", "1\n2\n3", None, True, False),
    ("sh truncated after the marker", "sh", "seq 3",
     "1\n2\n3\n%s0\nTruncated output at 30 characters." % TAG, "1\n2\n3", 0, True, False),
    ("truncated and then killed", "sh", "seq 1000000",
     "1\n2\nTruncated output at 4 characters.\nKilled after 10000 milliseconds.", "1\n2", None, True, True),
    ("killed text without preceding newline", "sh", "sleep 20", "Killed after 1000 milliseconds.", "", None, False,
     True),
    ("agent text inside output is not a trailer", "sh", "cat log",
     "Killed after 5 milliseconds. was logged\n%s0\n" % TAG, "Killed after 5 milliseconds. was logged", 0, False,
     False),
    ("another run's marker is kept as output", "sh", "cat old.log",
     "__SCRC_ffffffffffffffff__=1\n%s0\n" % TAG, "__SCRC_ffffffffffffffff__=1", 0, False, False),
    ("empty output", "sh", "true", "", "", None, False, False),
]


@pytest.mark.parametrize("shell, cmd, data, stdout, rc, truncated, killed",
                         [case[1:] for case in PARSE_CASES], ids=[case[0] for case in PARSE_CASES])
def test_parse_output(shell, cmd, data, stdout, rc, truncated, killed):
    result = command.parse_output(data, shell, NONCE, cmd)
    assert result == dict(stdout=stdout, stdout_lines=stdout.splitlines(), rc=rc, truncated=truncated, killed=killed)


def test_killed_output_never_has_rc_even_with_marker():
    result = command.parse_output("%s0\nKilled after 10 milliseconds." % TAG, "sh", NONCE, "x")
    assert result["killed"] is True and result["rc"] is None


def test_marker_of_this_run_never_leaks_into_stdout():
    result = command.parse_output("a\n%s0\nb\n" % TAG, "sh", NONCE, "x")
    assert TAG not in result["stdout"] and result["stdout_lines"] == ["a", "b"]


def test_backoff_grows_to_five_seconds():
    delays = command.backoff_delays()
    values = [next(delays) for _dummy in range(10)]
    assert values[0] == 0.5 and values == sorted(values) and values[-1] == 5.0


@pytest.mark.parametrize("wait_timeout, command_timeout, expected", [
    (None, None, 60.0), (None, 10, 60.0), (None, 120, 150.0), (5, 120, 5.0),
])
def test_effective_wait_timeout(wait_timeout, command_timeout, expected):
    assert command.effective_wait_timeout(wait_timeout, command_timeout) == expected
