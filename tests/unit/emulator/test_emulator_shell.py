# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's guest agent shells (reference section 5): directives, cmd, PowerShell, sh, kill and truncation."""

from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator"))

from sc_emulator import shell  # noqa: E402  pylint: disable=wrong-import-position

WINDOWS = {"os_family": "windows", "machine_name": "Desktop-01", "user_name": "jdoe", "domain": "ACME", "bom": False}
WINDOWS_BOM = dict(WINDOWS, bom=True)
LINUX = {"os_family": "linux", "machine_name": "web-01", "user_name": "root", "domain": "", "bom": False}
MAC = {"os_family": "mac", "machine_name": "mac-mini", "user_name": "admin", "domain": "", "bom": False}

NONCE = "9f3a0c"
CMD_MARKER = "@echo __SCRC_%s__=%%ERRORLEVEL%%" % NONCE
PS_MARKER = ('Write-Output "__SCRC_%s__=$(if ($?) { 0 } elseif ($LASTEXITCODE) { $LASTEXITCODE } else { 1 })"'
             % NONCE)
SCRIPT = "C:\\Windows\\TEMP\\ScreenConnect\\25.4.25.9313\\run.ps1"
PROMPT = "\r\nC:\\Windows\\system32>"


def cmd(script: str, *directives: str) -> str:
    return "\n".join(list(directives) + [script, CMD_MARKER])


def ps(script: str, *directives: str) -> str:
    return "\n".join(["#!ps"] + list(directives) + [script, PS_MARKER])


def sh(script: str, *directives: str) -> str:
    return "\n".join(list(directives) + ["(", script, ")", 'echo "__SCRC_%s__=$?"' % NONCE])


def code_of(output: str) -> int:
    marker = "__SCRC_%s__=" % NONCE
    assert output.count(marker) == 1, output
    return int(output.split(marker, 1)[1].split("\n", 1)[0].strip())


def run(text: str, guest=None) -> shell.CommandResult:
    return shell.run_command(text, guest or WINDOWS)


# ---------------------------------------------------------------------------------------------- directives

@pytest.mark.parametrize("text, interpreter, timeout, maxlength, lines", [
    ("whoami", None, 10000, 5000, ["whoami"]),
    ("#!ps\r\n#timeout=30000\r\n#maxlength=100000\r\nhostname\r\n", "ps", 30000, 100000, ["hostname"]),
    ("#Timeout=2000\n#MAXLENGTH=10\n#!SH\necho hi\n#timeout=1\n", "SH", 2000, 10, ["echo hi", "#timeout=1"]),
    ("#timeout=abc\nwhoami", None, 10000, 5000, ["#timeout=abc", "whoami"]),
])
def test_parse_directives(text, interpreter, timeout, maxlength, lines):
    assert shell.parse_directives(text) == (interpreter, timeout, maxlength, lines)


@pytest.mark.parametrize("interpreter, os_family, expected", [
    (None, "windows", "cmd"), ("ps", "windows", "ps"), ("PowerShell", "Windows", "ps"), ("sh", "windows", "cmd"),
    (None, "linux", "sh"), ("sh", "mac", "sh"), ("ps", "linux", "sh"),
])
def test_choose_shell(interpreter, os_family, expected):
    assert shell.choose_shell(interpreter, os_family) == expected


def test_directive_lines_are_not_part_of_the_script():
    result = run("#timeout=5000\n#maxlength=100\nwhoami")
    assert result.output == PROMPT + "whoami\r\nnt authority\\system\r\n"


# ---------------------------------------------------------------------------------------------- cmd

def test_cmd_prompt_echo_and_output():
    result = run("whoami\r\nhostname")
    assert result.output == PROMPT + "whoami\r\nnt authority\\system\r\n" + PROMPT + "hostname\r\nDesktop-01\r\n"
    assert 0 < result.duration < 1


@pytest.mark.parametrize("script, code", [
    ("whoami", 0),
    ("cmd /c exit 3", 3),
    ("cmd /c exit 3\necho still running", 3),       # echo leaves ERRORLEVEL alone, as in cmd.exe
    ("cmd /c exit 3\nver", 0),                       # ver resets it
    ("cmd /c exit 3\nhostname", 0),                  # so does any program that succeeds
    ("nosuchcommand", 9009),
    ("cmd /c exit 0", 0),
    ("cmd /c exit 256", 256),
    ("type nul", 0),
    ("type C:\\missing.txt", 1),
    ("cmd /c \"exit 7\"", 7),
    ("cmd /c exit 2 || cmd /c exit 5", 5),
    ("cmd /c exit 2 && cmd /c exit 5", 2),
    ("if 1 EQU 1 cmd /c exit 4", 4),
    ("cmd /c exit 1\nif errorlevel 1 (cmd /c exit 6) else (cmd /c exit 7)", 6),
])
def test_cmd_marker_gives_the_exit_code(script, code):
    assert code_of(run(cmd(script)).output) == code


def test_cmd_marker_line_is_not_echoed():
    output = run(cmd("whoami")).output
    assert output.endswith("nt authority\\system\r\n__SCRC_%s__=0\r\n" % NONCE)
    assert "@echo" not in output


def test_cmd_unknown_command():
    output = run("frobnicate --now").output
    assert output == (PROMPT + "frobnicate --now\r\n'frobnicate' is not recognized as an internal or external command,"
                      "\r\noperable program or batch file.\r\n")


def test_cmd_echo_expands_variables_and_the_echoed_line_is_expanded():
    output = run("echo %COMPUTERNAME% %USERNAME% %USERDOMAIN% [%UNDEFINED%] %ERRORLEVEL% 100%%").output
    assert output == PROMPT + "echo DESKTOP-01 jdoe ACME [] 0 100%\r\nDESKTOP-01 jdoe ACME [] 0 100%\r\n"


def test_cmd_at_sign_and_echo_off():
    assert run("@echo hi").output == "hi\r\n"
    assert run("@echo off\nwhoami\necho.\necho").output == "nt authority\\system\r\n\r\nECHO is off.\r\n"


@pytest.mark.parametrize("script", ["exit /b 4", "exit 4"])
def test_cmd_exit_ends_the_script(script):
    output = run(cmd("echo before\n" + script + "\necho after")).output
    assert "before\r\n" in output
    assert "after" not in output and "__SCRC_" not in output


def test_cmd_redirections():
    output = run(cmd("@whoami >nul\n@nosuch 2>nul\n@nosuch >nul 2>&1\n@echo shown 2>nul")).output
    assert output == "shown\r\n__SCRC_%s__=9009\r\n" % NONCE


def test_cmd_for_loop_with_percent_i_and_double_percent():
    assert run("for /l %i in (1,1,3) do @echo %i").output == PROMPT + "for /l %i in (1,1,3) do @echo %i\r\n1\r\n2\r\n3\r\n"
    assert run("@for /l %%n in (10,-5,0) do @echo n=%%n").output == "n=10\r\nn=5\r\nn=0\r\n"
    output = run("@for /l %i in (1,1,2) do echo %i").output
    assert output == PROMPT + "echo 1\r\n1\r\n" + PROMPT + "echo 2\r\n2\r\n"
    assert run("@for %%x in (a b c) do @echo %%x").output == "a\r\nb\r\nc\r\n"


def test_cmd_large_for_output_is_truncated_not_killed():
    result = run(cmd("@for /l %i in (1,1,100000) do @echo line %i"))
    head = "".join("line %d\r\n" % number for number in range(1, 1000))
    assert result.output == head[:5000] + "\r\nTruncated output at 5000 characters."
    assert result.duration < 10


def test_cmd_timeout_and_ping_take_simulated_time():
    result = run(cmd("timeout /t 3 /nobreak"))
    assert "Waiting for 3 seconds" in result.output and code_of(result.output) == 0
    assert 3 <= result.duration < 3.5
    result = run(cmd("ping -n 4 127.0.0.1"))
    assert result.output.count("Reply from 127.0.0.1: bytes=32 time<1ms TTL=128\r\n") == 4
    assert "Packets: Sent = 4, Received = 4, Lost = 0 (0% loss)," in result.output
    assert 4 <= result.duration < 4.5


def test_cmd_kill_timer():
    result = run(cmd("@echo start\nping -n 30 127.0.0.1", "#timeout=2500"))
    assert result.duration == 2.5
    assert result.output.startswith("start\r\n")
    assert result.output.count("Reply from") == 3
    assert result.output.endswith("TTL=128\r\nKilled after 2500 milliseconds.")
    assert "__SCRC_" not in result.output


def test_cmd_default_kill_timer_is_ten_seconds():
    result = run("@timeout /t 60")
    assert result.duration == 10.0
    assert result.output.endswith("\r\nKilled after 10000 milliseconds.")


def test_cmd_ver_ipconfig_set():
    output = run("@ver\n@ipconfig\n@set GREETING=hello\n@echo %GREETING%").output
    assert output.startswith("\r\nMicrosoft Windows [Version 10.0.")
    assert "Windows IP Configuration" in output and "IPv4 Address" in output
    assert output.endswith("hello\r\n")


def test_cmd_goto():
    output = run("@goto skip\n@echo skipped\n:skip\n@echo landed\n@goto :eof\n@echo never").output
    assert output == "landed\r\n"


@pytest.mark.parametrize("body, code", [
    ("@exit /b 5", 5),                       # exit /b returns from the called label with its code
    ("@hostname >nul\n@exit /b", 0),         # without a number it keeps ERRORLEVEL
    ("@nosuchcommand 2>nul", 9009),          # falling off the end returns the last ERRORLEVEL
    ("@goto :eof", 0),                       # goto :eof returns from the call
    ("@goto inner\n@exit /b 1\n:inner\n@exit /b 7", 7),
])
def test_cmd_call_label_returns_to_the_caller(body, code):
    output = run("@call :body\n@echo rc=%ERRORLEVEL%\n@exit /b\n:body\n" + body).output
    assert output.endswith("rc=%d\r\n" % code)


def test_cmd_plain_exit_in_a_called_label_ends_cmd():
    assert run("@call :body\n@echo after\n@exit /b\n:body\n@exit 3").output == ""


def test_cmd_call_to_a_missing_label_fails():
    output = run("@call :nowhere\n@echo rc=%ERRORLEVEL%").output
    assert output == "The system cannot find the batch label specified - nowhere\r\nrc=1\r\n"


def test_bom_is_only_for_powershell():
    assert not run("whoami", WINDOWS_BOM).output.startswith("\ufeff")
    assert run("#!ps\nwhoami", WINDOWS_BOM).output == "\ufeffnt authority\\system\r\n"
    assert run("#!ps\nwhoami").output == "nt authority\\system\r\n"


# ---------------------------------------------------------------------------------------------- PowerShell

@pytest.mark.parametrize("script, code", [
    ("hostname", 0),
    ("Write-Output 'hi'", 0),
    ("cmd /c exit 5", 5),
    ("cmd /c exit 5\nWrite-Output 'after'", 0),          # Write-Output succeeded: $? is true
    ("Get-Frobnicator", 1),                                # failed cmdlet: $? false, no $LASTEXITCODE
    ("cmd /c exit 3\nGet-Frobnicator", 3),                 # failed cmdlet after a failed native command
    ("cmd /c exit 0\nGet-Frobnicator", 1),
    ("Write-Error 'boom'", 1),
    ("Start-Sleep -Seconds 1", 0),
    ("", 0),
])
def test_ps_marker_gives_the_exit_code(script, code):
    assert code_of(run(ps(script)).output) == code


def test_ps_output_and_expansion():
    script = "\n".join([
        'Write-Output "name=$env:COMPUTERNAME user=$env:USERNAME rc=[$LASTEXITCODE] ok=$?"',
        "cmd /c exit 2",
        'Write-Output "rc=$LASTEXITCODE ok=$?"',
        "echo 'single $env:COMPUTERNAME'",
        'Write-Host "a" "b"',
        '"bare `"quoted`" string"',
        "$x = 40 + 2",
        'Write-Output "x=$x $($x * 2)"',
        "1..3",
    ])
    assert run("#!ps\n" + script).output == (
        "name=DESKTOP-01 user=jdoe rc=[] ok=True\r\n"
        "rc=2 ok=False\r\n"
        "single $env:COMPUTERNAME\r\n"
        "a b\r\n"
        'bare "quoted" string\r\n'
        "x=42 84\r\n"
        "1\r\n2\r\n3\r\n")


def test_ps_unknown_command_error_record():
    output = run("#!ps\nWrite-Output 'x'\n  Get-Frobnicator -Force").output
    assert output.startswith("x\r\nGet-Frobnicator : The term 'Get-Frobnicator' is not recognized as the name of a "
                             "cmdlet, function, script file, or operable program.")
    assert ":2 char:3\r\n+   Get-Frobnicator -Force\r\n+   ~~~~~~~~~~~~~~~\r\n" in output
    assert "    + CategoryInfo          : ObjectNotFound: (Get-Frobnicator:String) [], CommandNotFoundException\r\n" in output
    assert "    + FullyQualifiedErrorId : CommandNotFoundException\r\n" in output


def test_ps_exit_ends_the_script():
    output = run(ps("Write-Output 'before'\nexit 4\nWrite-Output 'after'")).output
    assert output == "before\r\n"


def test_ps_sleep_and_kill():
    result = run(ps("Start-Sleep 2\nStart-Sleep -Milliseconds 500"))
    assert 2.5 <= result.duration < 3.5 and code_of(result.output) == 0
    result = run(ps("Write-Output 'started'\nStart-Sleep -Seconds 120", "#timeout=4000"), WINDOWS_BOM)
    assert result.output == "\ufeffstarted\r\nKilled after 4000 milliseconds."
    assert result.duration == 4.0


def test_ps_large_range_is_truncated():
    result = run(ps("1..200000", "#maxlength=1000"))
    expected = "".join("%d\r\n" % number for number in range(1, 400))[:1000]
    assert result.output == expected + "\r\nTruncated output at 1000 characters."
    assert result.duration < 10


def test_ps_get_date_and_statements_on_one_line():
    output = run("#!ps\nGet-Date; whoami").output
    assert output.endswith("\r\n\r\n\r\nnt authority\\system\r\n")
    assert ", 20" in output


def test_ps_if_expression_statement():
    output = run("#!ps\nif (3 -gt 2) { 'yes' } else { 'no' }\n$(if ($null) { 1 } elseif (0) { 2 } else { 3 })").output
    assert output == "yes\r\n3\r\n"


PARSER_ERROR_TAIL = "    + CategoryInfo          : ParserError: (:) [], ParseException"


@pytest.mark.parametrize("bad_line, message, error_id", [
    ("$x = 1 +", "You must provide a value expression following the operator.", "ExpectedValueExpression"),
    ("$x = (1", "Missing ')' in statement (found 'end of line').", "MissingEndParenthesisInExpression"),
    ("$x = 'open", "The string is missing the terminator: '.", "TerminatorExpectedAtEndOfString"),
    ("exit (2 +", "You must provide a value expression following the operator.", "ExpectedValueExpression"),
    ("Write-Output $(1 +)", "You must provide a value expression following the operator.", "ExpectedValueExpression"),
    ("Write-Output 'a' \"b", "The string is missing the terminator: \".", "TerminatorExpectedAtEndOfString"),
])
def test_ps_parse_error_aborts_the_whole_script_before_it_runs(bad_line, message, error_id):
    output = run(ps("Write-Output 'before'\n" + bad_line + "\nWrite-Output 'after'")).output
    lines = output.split("\r\n")
    assert lines[0] == "At C:\\Windows\\TEMP\\ScreenConnect\\25.4.25.9313\\run.ps1:2 char:1"
    assert lines[1] == "+ " + bad_line
    assert lines[3] == message
    assert lines[4] == PARSER_ERROR_TAIL
    assert lines[5] == "    + FullyQualifiedErrorId : " + error_id
    # nothing ran: not the line before, not the exit-code marker after
    assert "before" not in output and "after" not in output and "__SCRC_" not in output


def test_ps_runtime_error_in_an_assignment_is_recorded_and_the_script_goes_on():
    output = run(ps("$y = 1 / 0\nWrite-Output \"y=$y\"")).output
    assert output.startswith("Attempted to divide by zero.\r\nAt ")
    assert "    + CategoryInfo          : NotSpecified: (:) [], RuntimeException" in output
    assert "y=\r\n" in output
    assert code_of(output) == 0  # the marker's own $? is that of Write-Output


def _ps_file(text: str) -> str:
    """Lines that write ``text`` to a .ps1 file as [IO.File]::WriteAllBytes does, then ``& `` it."""
    import base64  # pylint: disable=import-outside-toplevel

    encoded = base64.b64encode(b"\xef\xbb\xbf" + text.encode("utf-8")).decode("ascii")
    return ('$f = "$env:TEMP\\t.ps1"\n[IO.File]::WriteAllBytes($f, [Convert]::FromBase64String(\'%s\'))' % encoded)


def test_ps_exit_in_a_called_script_file_ends_only_that_file():
    output = run("#!ps\n" + _ps_file("$inner = 1\nWrite-Output 'in'\nexit 6\nWrite-Output 'never'") +
                 "\n& $f\nWrite-Output \"rc=$LASTEXITCODE ok=$? inner=$inner\"").output
    assert output == "in\r\nrc=6 ok=False inner=\r\n"  # the file's variables lived in its own scope


def test_ps_uncaught_throw_prints_the_record_and_ends_the_script():
    output = run("#!ps\nWrite-Output 'a'\nthrow \"bad $(1 + 1)\"\nWrite-Output 'never'").output
    assert output.split("\r\n")[:4] == ["a", "bad 2", "At %s:2 char:1" % SCRIPT, '+ throw "bad $(1 + 1)"']
    assert "OperationStopped: (bad 2:String) [], RuntimeException" in output and "never" not in output


def test_ps_try_catch_finally():
    output = run("#!ps\n" + _ps_file("throw 'boom'") +
                 "\ntry { & $f; 'not here' } catch { 'caught'; $_ } finally { 'finally' }\n'after'").output
    lines = output.split("\r\n")
    assert lines[:3] == ["caught", "boom", "At C:\\Windows\\TEMP\\t.ps1:1 char:1"]
    assert lines[-3:] == ["finally", "after", ""] and "not here" not in output
    # finally runs on exit too, and exit is not caught
    output = run("#!ps\ntry { exit 3 } catch { 'caught' } finally { 'finally' }\n'after'").output
    assert output == "finally\r\n"


@pytest.mark.parametrize("line, message", [
    ("try { 'x' }", "The Try statement is missing its Catch or Finally block."),
    ("[Convert]::FromBase64String('@@')", 'Exception calling "FromBase64String"'),
    ("[Nope.Type]::Go(1)", "Unable to find type [Nope.Type]."),
])
def test_ps_try_and_static_method_errors(line, message):
    assert message in run("#!ps\n" + line).output


def test_unparsable_script_is_still_reported_and_leaves_the_queue(client, online_session):
    import time  # pylint: disable=import-outside-toplevel

    sid = online_session["SessionID"]
    client.ok("SendCommandToSession", [sid, "#!ps\n$x = 1 +\n$y = )(\nWrite-Output 'x'"])
    deadline = time.monotonic() + 10
    state = client.control("GET", "sessions/%s/events" % sid).json()
    while (state["queued"] or not [e for e in state["events"] if e["EventType"] == 70]) and time.monotonic() < deadline:
        time.sleep(0.05)
        state = client.control("GET", "sessions/%s/events" % sid).json()
    assert state["queued"] == []
    ran = [e for e in state["events"] if e["EventType"] == 70]
    assert len(ran) == 1 and "ParserError: (:) [], ParseException" in ran[0]["Data"]


# ---------------------------------------------------------------------------------------------- sh

@pytest.mark.parametrize("script, code", [
    ("true", 0),
    ("false", 1),
    ("echo hi", 0),
    ("exit 3", 3),
    ("exit 3\necho not reached", 3),
    ("nosuchcommand", 127),
    ("false\ntrue", 0),
    ("true\nfalse", 1),
    ("(\nexit 4\n)", 4),                   # a nested subshell
    ("(\nexit 4\n)\necho $?", 0),
    ("false || exit 9", 9),
    ("true && exit 8", 8),
    ("sleep 1; exit 300", 44),
])
def test_sh_marker_gives_the_exit_code(script, code):
    assert code_of(run(sh(script), LINUX).output) == code


def test_sh_exit_in_subshell_ends_only_the_subshell():
    output = run(sh("echo one\nexit 5\necho two"), LINUX).output
    assert output == "one\n__SCRC_%s__=5\n" % NONCE


def test_sh_exit_at_top_level_ends_the_shell():
    assert run("echo one\nexit 2\necho two", LINUX).output == "one\n"


def test_sh_expansion_and_quoting():
    script = "\n".join([
        'echo "host=$HOSTNAME user=$USER"',
        "echo 'literal $HOSTNAME'",
        "false",
        'echo "status=$?" ${HOME}',
        "NAME=world; echo hello $NAME",
        r"echo a\ b",
        "printf '%s\\n' alpha beta",
        "printf '%s=%d\\n' x 1 y 2",
    ])
    assert run(script, LINUX).output == ("host=web-01 user=root\nliteral $HOSTNAME\nstatus=1 /root\nhello world\n"
                                         "a b\nalpha\nbeta\nx=1\ny=2\n")


def test_sh_commands():
    output = run("hostname\nwhoami\nid\nuname\nuname -a\nseq 3\nseq 2 4\ncat /etc/os-release", LINUX).output
    lines = output.split("\n")
    assert lines[:5] == ["web-01", "root", "uid=0(root) gid=0(root) groups=0(root)", "Linux",
                         "Linux web-01 5.15.0-113-generic #123-Ubuntu SMP Mon Jun 10 08:16:17 UTC 2024 x86_64 x86_64 "
                         "x86_64 GNU/Linux"]
    assert lines[5:11] == ["1", "2", "3", "2", "3", "4"]
    assert 'PRETTY_NAME="Ubuntu 22.04.4 LTS"' in lines
    assert "\r" not in output


def test_sh_unknown_command_messages():
    assert run(sh("nosuch arg"), LINUX).output == "sh: 2: nosuch: not found\n__SCRC_%s__=127\n" % NONCE
    assert run(sh("true\nnosuch"), MAC).output == "sh: line 3: nosuch: command not found\n__SCRC_%s__=127\n" % NONCE


def test_sh_mac():
    output = run("uname -s\nid\ncat /etc/os-release", MAC).output
    assert output.startswith("Darwin\nuid=0(root) gid=0(wheel)")
    assert output.endswith("cat: /etc/os-release: No such file or directory\n")


def test_sh_redirections():
    output = run(sh("nosuch 2>/dev/null\necho hidden >/dev/null\nnosuch >/dev/null 2>&1\necho shown"), LINUX).output
    assert output == "shown\n__SCRC_%s__=0\n" % NONCE


def test_sh_unbalanced_parenthesis_is_a_syntax_error():
    output = run(sh("(\necho inside"), LINUX).output
    assert output == 'sh: 5: Syntax error: end of file unexpected (expecting ")")\n'
    assert run("echo a\n)\necho b", LINUX).output == 'a\nsh: 2: Syntax error: ")" unexpected\n'


def test_sh_sleep_and_kill():
    result = run(sh("echo start\nsleep 1.5"), LINUX)
    assert 1.5 <= result.duration < 2 and code_of(result.output) == 0
    result = run(sh("echo start\nsleep 60", "#timeout=3000"), LINUX)
    assert result.output == "start\nKilled after 3000 milliseconds."
    assert result.duration == 3.0


def test_sh_truncation():
    result = run(sh("seq 100000", "#maxlength=20"), LINUX)
    assert result.output == "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nTruncated output at 20 characters."


def test_truncation_then_kill():
    result = run(sh("seq 1000\nsleep 30", "#maxlength=10", "#timeout=1000"), LINUX)
    assert result.output == "1\n2\n3\n4\n5\nTruncated output at 10 characters.\nKilled after 1000 milliseconds."


def test_output_exactly_at_the_limit_is_not_truncated():
    result = run("echo 12345678", dict(LINUX))
    assert result.output == "12345678\n"
    result = shell.run_command("#maxlength=9\necho 12345678", LINUX)
    assert result.output == "12345678\n"


def test_os_family_defaults_to_windows_and_durations_are_capped():
    result = shell.run_command("whoami", {"machine_name": "X"})
    assert result.output.startswith(PROMPT + "whoami")
    assert isinstance(result, shell.CommandResult) and isinstance(result.duration, float)
