# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection plugin's scripts for Windows guests, in Windows PowerShell 5.1.

PRIVATE to the collection: this file may change without notice.

The Windows agent writes a ``#!ps`` command to ``run.ps1`` and runs ``powershell.exe -NoProfile -NonInteractive
-ExecutionPolicy Unrestricted -File run.ps1`` as SYSTEM, with stdout and stderr merged (screenconnect-api.md
section 5). Each builder returns the body of such a file that prints the frame of ``_connection_framing``. The same
functions as ``_connection_posix`` are defined here, so the connection dispatches on the shell type only.

Rules every script follows:

* Nothing the user or Ansible gave (commands, paths, file contents, stdin) is put into the script as PowerShell
  text: it travels base64-encoded and is decoded on the guest, so no quoting mistake can run code. Numbers are
  formatted by Python from validated integers.
* Only Windows PowerShell 5.1 / .NET Framework syntax and APIs (no ``??``, ``?.``, ``&&``, ``||`` or ternaries).
* Frame lines are written with ``[Console]::Out.WriteLine``, so PowerShell's formatter can neither wrap nor
  reorder them; ``end`` is printed from a ``finally`` block, after every value.
* A failure of the script's own steps prints an ``error`` value (the exception's message) instead of the values
  that could not be produced; ``exec_script`` then prints no ``rc``.
"""

from __future__ import annotations

import base64

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing

INTERPRETER = "#!ps"

# PowerShell treats the typographic single quotes as quote characters too (its tokenizer's IsSingleQuote).
_SINGLE_QUOTES = ("'", "\u2018", "\u2019", "\u201a", "\u201b")

# Helpers every script starts with. $__t is the frame tag; __v prints a value line of bytes, __s one of text, __p
# turns a base64 UTF-8 path into a full path the way Ansible's psrp connection resolves paths (relative to the
# current location, "~" expanded).
_PROLOGUE = """\
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$__t = {tag}
function __v([string]$f, [byte[]]$b) {{ [Console]::Out.WriteLine($__t + $f + ':' + [Convert]::ToBase64String($b)) }}
function __s([string]$f, [string]$s) {{ __v $f ([Text.Encoding]::UTF8.GetBytes($s)) }}
function __p([string]$b) {{
    $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath(
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b)))
}}
function __h($s) {{
    $h = [Security.Cryptography.SHA256]::Create()
    try {{ [BitConverter]::ToString($h.ComputeHash($s)).Replace('-', '').ToLowerInvariant() }}
    finally {{ $h.Dispose() }}
}}
[Console]::Out.WriteLine($__t + 'begin')
"""

_EPILOGUE = """\
finally {{
    [Console]::Out.WriteLine($__t + 'end')
}}
"""

# The user's command runs in a child powershell.exe whose streams go to files, so stdout and stderr stay apart
# (the agent would merge them). The child runs driver.ps1, which calls command.ps1 as a script file: that is what
# confines the user's "exit N" to command.ps1 (exit in a script block or function would end the whole script), and
# its rc is $LASTEXITCODE, as with Ansible's own PowerShell wrapper ("& script; exit $LASTEXITCODE"). A throw
# (any terminating error) is written to stderr and gives rc 1. The directory is created with an ACL that grants
# only the agent's own account access, and removed afterwards.
_DRIVER = """\
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object Text.UTF8Encoding $false } catch { }
$global:LASTEXITCODE = 0
try { & (Join-Path $PSScriptRoot 'command.ps1') }
catch { [Console]::Error.WriteLine(($_ | Out-String)); exit 1 }
exit $LASTEXITCODE
"""

_EXEC = """\
$__d = Join-Path ([IO.Path]::GetTempPath()) ('scrx-' + [Guid]::NewGuid().ToString('N'))
try {{
    $__acl = New-Object Security.AccessControl.DirectorySecurity
    $__acl.SetAccessRuleProtection($true, $false)
    $__acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule(
        [Security.Principal.WindowsIdentity]::GetCurrent().User, 'FullControl',
        'ContainerInherit, ObjectInherit', 'None', 'Allow')))
    [void][IO.Directory]::CreateDirectory($__d, $__acl)
    [IO.File]::WriteAllBytes((Join-Path $__d 'driver.ps1'), [Convert]::FromBase64String({driver}))
    [IO.File]::WriteAllBytes((Join-Path $__d 'command.ps1'), [Convert]::FromBase64String({command}))
    [IO.File]::WriteAllBytes((Join-Path $__d 'stdin'), [Convert]::FromBase64String({stdin}))
    $__r = Start-Process -FilePath (Join-Path $PSHOME 'powershell.exe') -NoNewWindow -Wait -PassThru `
        -ArgumentList ('-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + (Join-Path $__d 'driver.ps1') + '"') `
        -RedirectStandardInput (Join-Path $__d 'stdin') `
        -RedirectStandardOutput (Join-Path $__d 'stdout') -RedirectStandardError (Join-Path $__d 'stderr')
    __v 'stdout' ([IO.File]::ReadAllBytes((Join-Path $__d 'stdout')))
    __v 'stderr' ([IO.File]::ReadAllBytes((Join-Path $__d 'stderr')))
    __s 'rc' ([string]$__r.ExitCode)
}}
catch {{
    __s 'error' $_.Exception.Message
}}
finally {{
    Remove-Item -LiteralPath $__d -Recurse -Force -ErrorAction SilentlyContinue
}}
"""

_WRITE = """\
function __w([long]$o, [string]$b) {{
    $d = [Convert]::FromBase64String($b)
    $m = [IO.FileMode]::Open
    if ($o -eq 0) {{ $m = [IO.FileMode]::Create }}
    $s = New-Object IO.FileStream($__f, $m, ([IO.FileAccess]::Write), ([IO.FileShare]::None))
    try {{ [void]$s.Seek($o, [IO.SeekOrigin]::Begin); $s.Write($d, 0, $d.Length) }}
    finally {{ $s.Dispose() }}
}}
try {{
    $__f = __p {path}
{writes}
    __s 'rc' '0'
}}
catch {{
    __s 'rc' '1'
    __s 'error' $_.Exception.Message
}}
"""

_STAT = """\
try {{
    $__f = __p {path}
    if ([IO.File]::Exists($__f)) {{
        $__fs = New-Object IO.FileStream($__f, ([IO.FileMode]::Open), ([IO.FileAccess]::Read), ([IO.FileShare]::Read))
        try {{ __s 'size' ([string]$__fs.Length); __s 'sha256' (__h $__fs) }}
        finally {{ $__fs.Dispose() }}
    }}
    elseif ([IO.Directory]::Exists($__f)) {{ __s 'error' ($__f + ' is a directory') }}
    else {{ __s 'missing' $__f }}
}}
catch {{
    __s 'error' $_.Exception.Message
}}
"""

_READ = """\
try {{
    $__f = __p {path}
    if (-not [IO.File]::Exists($__f)) {{ __s 'missing' $__f }}
    else {{
        $__fs = New-Object IO.FileStream($__f, ([IO.FileMode]::Open), ([IO.FileAccess]::Read), ([IO.FileShare]::Read))
        try {{
            [void]$__fs.Seek({offset}, [IO.SeekOrigin]::Begin)
            $__b = New-Object byte[] {length}
            $__n = 0
            while ($__n -lt {length}) {{
                $__k = $__fs.Read($__b, $__n, {length} - $__n)
                if ($__k -le 0) {{ break }}
                $__n += $__k
            }}
            $__c = New-Object byte[] $__n
            [Array]::Copy($__b, $__c, $__n)
            __v 'data' $__c
{whole}        }}
        finally {{ $__fs.Dispose() }}
    }}
}}
catch {{
    __s 'error' $_.Exception.Message
}}
"""

# Only for offset 0: the size and hash of the whole file, so the controller can verify the pieces it reads.
_READ_WHOLE = """\
            __s 'size' ([string]$__fs.Length)
            [void]$__fs.Seek(0, [IO.SeekOrigin]::Begin)
            __s 'sha256' (__h $__fs)
"""


def quote(text):
    """One literal PowerShell argument: single quotes, every single-quote character doubled."""
    text = str(text)
    for char in _SINGLE_QUOTES:
        text = text.replace(char, char + char)
    return "'" + text + "'"


def _b64(data):
    """A base64 literal for the script (bytes as they are, text as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return quote(base64.b64encode(bytes(data)).decode("ascii"))


def _script_file(text):
    """The bytes of a .ps1 file: Windows PowerShell 5.1 reads a file without a BOM in the ANSI code page."""
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _natural(value, option):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("%s must be a non-negative integer, got %r" % (option, value))
    return value


def _wrap(nonce, body):
    """Prologue (helpers, begin line), the body, and ``end`` printed from the body's ``finally``."""
    return _PROLOGUE.format(tag=quote(framing.tag(nonce))) + "try {\n" + body + "}\n" + _EPILOGUE.format()


def exec_script(command, nonce, stdin=None):
    """Run the PowerShell text ``command`` with ``stdin`` bytes on its input; prints stdout, stderr and rc."""
    body = _EXEC.format(driver=_b64(_script_file(_DRIVER)), command=_b64(_script_file(str(command))),
                        stdin=_b64(stdin or b""))
    return _wrap(nonce, body)


def write_script(path, pieces, nonce):
    """Write each ``(offset, bytes)`` piece into ``path`` (offset 0 creates or truncates it); prints rc."""
    writes = []
    for offset, data in pieces:
        writes.append("    __w %d %s" % (_natural(offset, "offset"), _b64(data)))
    return _wrap(nonce, _WRITE.format(path=_b64(str(path)), writes="\n".join(writes)))


def stat_script(path, nonce):
    """Print the size and SHA-256 of ``path``, or ``missing`` when there is no such file."""
    return _wrap(nonce, _STAT.format(path=_b64(str(path))))


def read_script(path, offset, length, nonce):
    """Print ``data``, the bytes [offset, offset + length) of ``path``; with offset 0 also its size and sha256."""
    offset = _natural(offset, "offset")
    length = _natural(length, "length")
    whole = _READ_WHOLE if offset == 0 else ""
    return _wrap(nonce, _READ.format(path=_b64(str(path)), offset=offset, length=length, whole=whole))
