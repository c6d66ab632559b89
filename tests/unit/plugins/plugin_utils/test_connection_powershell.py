# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import base64
import re

import pytest

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_powershell as ps

NONCE = "0123456789abcdef"
BOM = b"\xef\xbb\xbf"
HOSTILE = "C:\\Temp\\it's \u2018odd\u2019 $(Remove-Item -Recurse C:\\) `\"; & calc.exe #\n'x"
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"


def _unquote(literal):
    """PowerShell's reading of one single-quoted literal (two quote characters in a row stand for one)."""
    assert literal[0] in _SINGLE_QUOTES and literal[-1] in _SINGLE_QUOTES
    body, out, index = literal[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char in _SINGLE_QUOTES:
            assert index + 1 < len(body) and body[index + 1] in _SINGLE_QUOTES, "an unescaped quote ends the string"
            index += 1
        out.append(char)
        index += 1
    return "".join(out)


def _literals(script):
    """Every single-quoted string literal of a script, in order."""
    return re.findall(r"'(?:[^']|'')*'", script)


def _decoded(script, pattern):
    """The bytes of the base64 literals that follow ``pattern`` (a regex ending where the literal starts)."""
    return [base64.b64decode(_unquote(m)) for m in re.findall(pattern + r"('[A-Za-z0-9+/=]*')", script)]


def _code(script):
    """The script without its string literals and comments: what PowerShell parses as code."""
    return re.sub(r"'(?:[^']|'')*'", "''", script)


def _all_scripts(nonce=NONCE):
    return [ps.exec_script("Get-ChildItem", nonce), ps.exec_script("x", nonce, stdin=b"in"),
            ps.write_script("C:\\f", [(0, b"a"), (1, b"b")], nonce), ps.stat_script("C:\\f", nonce),
            ps.read_script("C:\\f", 0, 10, nonce), ps.read_script("C:\\f", 10, 10, nonce)]


@pytest.mark.parametrize("text", ["", "plain", "it's", HOSTILE, "''", "\u2019", "x\u201b\u201ay"])
def test_quote_round_trips_through_powershell_rules(text):
    assert ps.quote(text).startswith("'") and ps.quote(text).endswith("'")
    assert _unquote(ps.quote(text)) == text


def test_quote_doubles_every_single_quote_character():
    assert ps.quote("it's") == "'it''s'"
    assert ps.quote("a\u2019b") == "'a\u2019\u2019b'"


def test_interpreter_is_the_agents_powershell_directive():
    assert ps.INTERPRETER == "#!ps"


@pytest.mark.parametrize("command", ["exit 5", "throw 'boom'", HOSTILE, "Write-Output 'Zoë 東京'"])
def test_exec_embeds_the_exact_command_as_a_utf8_script_file(command):
    script = ps.exec_script(command, NONCE)
    files = _decoded(script, r"\(Join-Path \$__d 'command\.ps1'\), \[Convert\]::FromBase64String\(")
    assert files == [BOM + command.encode("utf-8")]
    assert command not in script or command.isalnum()  # user text never appears as PowerShell text


def test_exec_embeds_stdin_bytes_or_an_empty_input():
    payload = bytes(range(256))
    stdin = _decoded(ps.exec_script("x", NONCE, stdin=payload), r"'stdin'\), \[Convert\]::FromBase64String\(")
    assert stdin == [payload]
    assert _decoded(ps.exec_script("x", NONCE), r"'stdin'\), \[Convert\]::FromBase64String\(") == [b""]


def test_exec_runs_the_command_as_a_script_file_whose_exit_code_is_the_rc():
    script = ps.exec_script("exit 3", NONCE)
    driver = _decoded(script, r"'driver\.ps1'\), \[Convert\]::FromBase64String\(")[0]
    assert driver.startswith(BOM)
    text = driver[len(BOM):].decode("utf-8")
    # a script file (not a script block) confines "exit N"; a throw becomes stderr and rc 1
    assert "& (Join-Path $PSScriptRoot 'command.ps1')" in text
    assert "exit $LASTEXITCODE" in text and "exit 1" in text and "$global:LASTEXITCODE = 0" in text
    assert "-RedirectStandardOutput" in script and "-RedirectStandardError" in script
    assert "__v 'stdout'" in script and "__v 'stderr'" in script and "__s 'rc'" in script
    assert "SetAccessRuleProtection($true, $false)" in script  # private directory
    assert "Remove-Item -LiteralPath $__d -Recurse" in script


def test_write_embeds_each_piece_at_its_offset():
    pieces = [(0, b"\x00\xff" * 10), (20, b"second"), (65536, bytes(range(256)))]
    script = ps.write_script(HOSTILE, pieces, NONCE)
    found = [(int(m.group(1)), base64.b64decode(_unquote(m.group(2))))
             for m in re.finditer(r"^    __w (\d+) ('[A-Za-z0-9+/=]*')$", script, re.MULTILINE)]
    assert found == pieces
    assert _decoded(script, r"__p ") == [HOSTILE.encode("utf-8")]
    assert "[IO.FileMode]::Create" in script and "[IO.FileMode]::Open" in script
    assert "__s 'rc' '0'" in script and "__s 'rc' '1'" in script and "__s 'error'" in script


@pytest.mark.parametrize("offset", [-1, True, 1.5, "0"])
def test_write_and_read_refuse_bad_offsets(offset):
    with pytest.raises(ValueError, match="offset"):
        ps.write_script("C:\\f", [(offset, b"x")], NONCE)
    with pytest.raises(ValueError, match="offset"):
        ps.read_script("C:\\f", offset, 1, NONCE)
    with pytest.raises(ValueError, match="length"):
        ps.read_script("C:\\f", 0, offset, NONCE)


def test_read_script_offsets_and_whole_file_values():
    first = ps.read_script(HOSTILE, 0, 16384, NONCE)
    later = ps.read_script(HOSTILE, 32768, 100, NONCE)
    assert "$__fs.Seek(0, [IO.SeekOrigin]::Begin)" in first and "New-Object byte[] 16384" in first
    assert "$__fs.Seek(32768, [IO.SeekOrigin]::Begin)" in later and "New-Object byte[] 100" in later
    assert "__s 'size'" in first and "__s 'sha256'" in first
    assert "__s 'size'" not in later and "__s 'sha256'" not in later
    assert _decoded(first, r"__p ") == [HOSTILE.encode("utf-8")]


def test_stat_script_prints_size_hash_or_missing():
    script = ps.stat_script(HOSTILE, NONCE)
    assert _decoded(script, r"__p ") == [HOSTILE.encode("utf-8")]
    assert "[Security.Cryptography.SHA256]::Create()" in script
    for field in ("size", "sha256", "missing", "error"):
        assert "__s '%s'" % field in script


@pytest.mark.parametrize("index", range(6))
def test_frame_lines_use_the_framing_tag(index):
    script = _all_scripts()[index]
    assert "$__t = %s" % ps.quote(framing.tag(NONCE)) in script
    writes = re.findall(r"\[Console\]::Out\.WriteLine\((.*)\)", script)
    assert writes and all(w.startswith("$__t + ") for w in writes)
    lines = script.splitlines()
    begin = lines.index("[Console]::Out.WriteLine($__t + 'begin')")
    end = lines.index("    [Console]::Out.WriteLine($__t + 'end')")
    assert lines[end - 1] == "finally {" and begin < end == len(lines) - 2  # end comes last, always
    assert all(field.startswith("'") for field in re.findall(r"^\s*__[vs] (\S+)", script, re.MULTILINE))


@pytest.mark.parametrize("index", range(6))
def test_only_windows_powershell_5_1_syntax(index):
    code = _code(_all_scripts()[index])
    for operator in ("??", "?.", "&&", "||", "::new(", " ? ", "-Parallel", "clean {"):
        assert operator not in code, operator
    for opener, closer in ("{}", "()", "[]"):
        assert code.count(opener) == code.count(closer)
    assert code.count("try {") <= code.count("catch {") + code.count("finally {")


def test_user_data_never_reaches_the_script_text():
    marker = "SCRX-USER-TEXT-" + "Q" * 8
    scripts = (ps.exec_script(marker, NONCE, stdin=marker.encode()), ps.write_script(marker, [(0, marker.encode())], NONCE),
               ps.stat_script(marker, NONCE), ps.read_script(marker, 0, 1, NONCE))
    for script in scripts:
        assert marker not in script
        # every literal is either the script's own text or base64 of what was given
        empty = ps.exec_script("", NONCE) + ps.write_script("", [], NONCE) + ps.stat_script("", NONCE)
        for literal in _literals(script):
            assert literal in empty + ps.read_script("", 0, 1, NONCE) or base64.b64decode(_unquote(literal))
