# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small cmd.exe for the emulated Windows agent: the script runs as ``cmd.exe /c run.cmd`` under SYSTEM.

Batch-file rules kept: echo is on (each command not starting with ``@`` is echoed after a blank line as
``C:\\Windows\\system32>command``, with ``%VAR%`` already expanded; undefined variables expand to nothing),
``@echo off``, ``&``/``&&``/``||`` chains, ``>nul``/``2>nul``/``2>&1`` redirections, labels, ``goto``, ``call :label``
(``exit /b N`` and ``goto :eof`` return from it with ERRORLEVEL N; a plain ``exit`` ends cmd.exe), one-line
``if``, ``for /l`` and ``for ... in (list)``. Internal commands that do not fail (echo, rem, set, type nul) leave
ERRORLEVEL alone, as cmd does; external programs (hostname, whoami, ipconfig, ping, timeout, cmd) set it; ``ver``
resets it to 0. Unknown commands print cmd's error and set ERRORLEVEL 9009.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any, Callable, Dict, List, Mapping, Optional

from .shell import ITEM_COST, LINE_COST, PROCESS_COST, Machine, ScriptExit, split_chain

PROMPT = "C:\\Windows\\system32>"
NL = "\r\n"
WINDOWS_VERSION = "10.0.22631.4460"

_VAR_RE = re.compile(r"%%|%([^%\s]+)%")
_REDIRECT_RE = re.compile(r"(?<![\w^])([12]?)(>>?)\s*(&[12]|[^\s&|<>]+)")
_FOR_L_RE = re.compile(r"^for\s+/l\s+%%?(\w)\s+in\s*\(\s*([-+]?\d+)[\s,;=]+([-+]?\d+)[\s,;=]+([-+]?\d+)\s*\)\s*do\s+(.+)$",
                       re.IGNORECASE)
_FOR_RE = re.compile(r"^for\s+%%?(\w)\s+in\s*\(([^)]*)\)\s*do\s+(.+)$", re.IGNORECASE)
_IF_RE = re.compile(r"^if\s+(/i\s+)?(not\s+)?(.*)$", re.IGNORECASE)
_IF_ERRORLEVEL_RE = re.compile(r"^errorlevel\s+([-+]?\d+)\s+(.+)$", re.IGNORECASE)
_IF_DEFINED_RE = re.compile(r"^(defined|exist)\s+(\S+)\s+(.+)$", re.IGNORECASE)
_IF_EQUAL_RE = re.compile(r'^("[^"]*"|[^\s=]+)\s*==\s*("[^"]*"|[^\s=]+)\s+(.+)$')
_IF_COMPARE_RE = re.compile(r"^(\S+)\s+(EQU|NEQ|LSS|LEQ|GTR|GEQ)\s+(\S+)\s+(.+)$", re.IGNORECASE)
_ELSE_RE = re.compile(r"^\((.*)\)\s+else\s+\((.*)\)$", re.IGNORECASE)
_EXIT_RE = re.compile(r"^exit(?:\s+(/b))?(?:\s+([-+]?\d+))?\s*$", re.IGNORECASE)
_COMMAND_NAME_RE = re.compile(r'^("[^"]*"|[^\s.:(/\\]+(?:\.[^\s.:(/\\]+)*)')


class _ExitBatch(ScriptExit):
    """``exit /b``: ends the current batch context (a ``call``ed label, or the script itself), not cmd.exe."""


class _Goto(Exception):
    def __init__(self, label: str) -> None:
        super().__init__(label)
        self.label = label


def _address(machine_name: str) -> str:
    digest = hashlib.sha256(machine_name.encode("utf-8")).digest()
    return "10.%d.%d.%d" % (digest[0], digest[1], 2 + digest[2] % 250)


class CmdShell:
    """Runs the lines of a batch file on a Machine."""

    def __init__(self, machine: Machine, guest: Mapping[str, Any]) -> None:
        self.machine = machine
        self.guest = guest
        self.machine_name = str(guest.get("machine_name") or "DESKTOP-01")
        computer = self.machine_name.upper()
        self.env: Dict[str, str] = {
            "COMPUTERNAME": computer, "USERNAME": str(guest.get("user_name") or computer + "$"),
            "USERDOMAIN": str(guest.get("domain") or "WORKGROUP"), "OS": "Windows_NT",
            "PROCESSOR_ARCHITECTURE": "AMD64", "SYSTEMROOT": "C:\\Windows", "WINDIR": "C:\\Windows",
            "SYSTEMDRIVE": "C:", "TEMP": "C:\\Windows\\TEMP", "TMP": "C:\\Windows\\TEMP",
            "PROGRAMFILES": "C:\\Program Files", "USERPROFILE": "C:\\Windows\\system32\\config\\systemprofile",
            "COMSPEC": "C:\\Windows\\system32\\cmd.exe", "PATHEXT": ".COM;.EXE;.BAT;.CMD;.VBS;.JS;.WS;.MSC",
        }
        self.errorlevel = 0
        self.echo = True
        self.ok = True                    # success of the last command, for && and ||
        self.lines: List[str] = []
        self.out: Callable[[str], None] = machine.write
        self.err: Callable[[str], None] = machine.write

    # ------------------------------------------------------------------ script level
    def run(self, lines: List[str]) -> None:
        self.lines = lines
        try:
            self._run_from(0)
        except ScriptExit:
            return

    def _run_from(self, index: int) -> None:
        """Run the batch lines from ``index`` to the end of the file (or ``goto :eof``); exits propagate."""
        lines = self.lines
        while index < len(lines):
            line = lines[index].strip()
            index += 1
            if not line or line.startswith(":"):
                continue
            self.machine.spend(LINE_COST)
            try:
                self.run_line(line)
            except _Goto as jump:
                target = jump.label.lstrip(":").lower()
                if target == "eof":
                    return
                found = self._label(target)
                if found is None:
                    self.err("The system cannot find the batch label specified - %s" % jump.label + NL)
                    self.errorlevel = 1
                    return
                index = found + 1

    def _label(self, target: str) -> Optional[int]:
        for number, text in enumerate(self.lines):
            text = text.strip()
            if text.lower().startswith(":" + target) and text[1 + len(target):2 + len(target)].strip() == "":
                return number
        return None

    def c_call(self, rest: str) -> None:
        """``call :label`` runs the label as a subroutine; ``call command`` runs the command."""
        if not rest.startswith(":"):
            self.run_chain(rest)
            return
        target = rest[1:].split()[0].lower() if rest[1:].split() else ""
        found = self._label(target) if target and target != "eof" else None
        if found is None:
            # what cmd.exe prints for a call to a label that is not in the file
            self.err("The system cannot find the batch label specified - %s" % target + NL)
            self.set_status(1)
            return
        try:
            self._run_from(found + 1)
        except _ExitBatch as exc:
            self.errorlevel = exc.code
        self.ok = self.errorlevel == 0

    def run_line(self, line: str) -> None:
        quiet = line.startswith("@")
        if quiet:
            line = line[1:].lstrip()
        line = self.expand(line)
        if self.echo and not quiet and line:
            self.machine.write(NL + PROMPT + line + NL)
        self.run_chain(line)

    def expand(self, text: str) -> str:
        def replace(match: "re.Match[str]") -> str:
            if match.group(0) == "%%":
                return "%"
            return self.variable(match.group(1))
        return _VAR_RE.sub(replace, text)

    def variable(self, name: str) -> str:
        upper = name.upper()
        if upper == "ERRORLEVEL":
            return str(self.errorlevel)
        if upper == "CD":
            return "C:\\Windows\\system32"
        if upper in ("DATE", "TIME"):
            now = datetime.datetime.now()
            return now.strftime("%a %m/%d/%Y") if upper == "DATE" else now.strftime("%H:%M:%S.") + "%02d" % (
                now.microsecond // 10000)
        return self.env.get(upper, "")

    def run_chain(self, line: str) -> None:
        for operator, command in split_chain(line, semicolon=False):
            if operator == "&&" and not self.ok:
                continue
            if operator == "||" and self.ok:
                continue
            if command:
                self.run_redirected(command)

    def run_redirected(self, command: str) -> None:
        targets = {"1": "out", "2": "err"}
        for fd, _mode, target in _REDIRECT_RE.findall(command):
            targets[fd or "1"] = target.lower()
        command = _REDIRECT_RE.sub("", command).strip()
        machine_write = self.machine.write

        def discard(text: str) -> None:
            del text

        out = machine_write if targets["1"] == "out" else discard
        err_target = targets["2"]
        err = out if err_target == "&1" else (machine_write if err_target == "err" else discard)
        saved = self.out, self.err
        self.out, self.err = out, err
        try:
            self.execute(command)
        finally:
            self.out, self.err = saved

    # ------------------------------------------------------------------ commands
    def set_status(self, code: Optional[int]) -> None:
        """Record a command's result; None: an internal command that succeeded and leaves ERRORLEVEL alone."""
        if code is None:
            self.ok = True
        else:
            self.errorlevel = code
            self.ok = code == 0

    def execute(self, command: str) -> None:
        lower = command.lower()
        match = _COMMAND_NAME_RE.match(command)
        name = match.group(1) if match else command.split()[0]
        key = name.lower()
        if key.endswith(".exe"):
            key = key[:-4]
        rest = command[len(name):]
        if key == "echo" or lower.startswith(("echo.", "echo:", "echo(")):
            self.c_echo(command[4:])
        elif key == "rem":
            self.set_status(None)
        elif key == "exit":
            self.c_exit(command)
        elif key == "for":
            self.c_for(command)
        elif key == "if":
            self.c_if(command)
        elif key == "goto":
            raise _Goto(rest.strip() or ":eof")
        elif key == "call":
            self.c_call(rest.strip())
        elif key == "set":
            self.c_set(rest.strip())
        elif key == "type":
            self.c_type(rest.strip())
        elif key in ("cls", "title", "setlocal", "endlocal", "pushd", "popd", "cd", "chdir"):
            self.set_status(None)
        elif key == "ver":
            self.out(NL + "Microsoft Windows [Version %s]" % WINDOWS_VERSION + NL)
            self.set_status(0)
        elif key == "chcp":
            self.out("Active code page: 437" + NL)
            self.set_status(0)
        elif key in _EXTERNAL:
            self.machine.spend(PROCESS_COST)
            _EXTERNAL[key](self, rest.strip())
        else:
            self.err("'%s' is not recognized as an internal or external command,%soperable program or batch file.%s"
                     % (name, NL, NL))
            self.set_status(9009)

    def c_echo(self, text: str) -> None:
        argument = text[1:] if text[:1] in (" ", ".", ":", "(", "\t", ";", ",", "=") else text
        if text[:1] == " " and argument.strip().lower() in ("on", "off"):
            self.echo = argument.strip().lower() == "on"
        elif text.strip() == "":
            self.out("ECHO is %s." % ("on" if self.echo else "off") + NL)
        else:
            self.out(argument + NL)
        self.set_status(None)

    def c_exit(self, command: str) -> None:
        match = _EXIT_RE.match(command)
        # "exit" / "exit /b" without a number keep the current ERRORLEVEL
        code = int(match.group(2)) if match is not None and match.group(2) is not None else self.errorlevel
        self.errorlevel = code
        if match is not None and match.group(1):
            raise _ExitBatch(code)
        raise ScriptExit(code)

    def c_set(self, text: str) -> None:
        if "=" in text and not text.lower().startswith("/"):
            name, _sep, value = text.strip('"').partition("=")
            if value:
                self.env[name.upper()] = value
            else:
                self.env.pop(name.upper(), None)
            self.set_status(None)
            return
        prefix = text.upper()
        matches = sorted(item for item in self.env.items() if item[0].startswith(prefix))
        if not matches:
            self.err("Environment variable %s not defined" % text + NL)
            self.set_status(1)
            return
        for name, value in matches:
            self.out("%s=%s" % (name, value) + NL)
        self.set_status(None)

    def c_type(self, path: str) -> None:
        if path.strip('"').lower() == "nul":
            self.set_status(None)
            return
        self.err("The system cannot find the file specified." + NL)
        self.set_status(1)

    def c_if(self, command: str) -> None:
        match = _IF_RE.match(command)
        ignore_case, negate, rest = bool(match.group(1)), bool(match.group(2)), match.group(3)
        condition: Optional[bool] = None
        for regex in (_IF_ERRORLEVEL_RE, _IF_DEFINED_RE, _IF_EQUAL_RE, _IF_COMPARE_RE):
            found = regex.match(rest)
            if not found:
                continue
            if regex is _IF_ERRORLEVEL_RE:
                condition, body = self.errorlevel >= int(found.group(1)), found.group(2)
            elif regex is _IF_DEFINED_RE:
                exists = found.group(2).lower() == "nul" if found.group(1).lower() == "exist" else \
                    found.group(2).upper() in self.env or found.group(2).upper() in ("ERRORLEVEL", "CD")
                condition, body = exists, found.group(3)
            elif regex is _IF_EQUAL_RE:
                left, right = found.group(1), found.group(2)
                condition = left.lower() == right.lower() if ignore_case else left == right
                body = found.group(3)
            else:
                condition, body = _compare(found.group(1), found.group(2).upper(), found.group(3), ignore_case), found.group(4)
            break
        if condition is None:
            self.err("The syntax of the command is incorrect." + NL)
            self.set_status(255)
            return
        if negate:
            condition = not condition
        both = _ELSE_RE.match(body.strip())
        if both:
            chosen: Optional[str] = both.group(1) if condition else both.group(2)
        else:
            stripped = body.strip()
            if stripped.startswith("(") and stripped.endswith(")"):
                stripped = stripped[1:-1]
            chosen = stripped if condition else None
        if chosen and chosen.strip():
            self.run_chain(chosen.strip())

    def c_for(self, command: str) -> None:
        match = _FOR_L_RE.match(command)
        if match:
            var, start, step, end, body = match.group(1), int(match.group(2)), int(match.group(3)), int(match.group(4)), \
                match.group(5)
            if step == 0:
                values: Any = _forever(start)
                count: Optional[int] = None
            else:
                values = range(start, end + (1 if step > 0 else -1), step)
                count = len(values)
            self.loop(var, values, count, body)
            return
        match = _FOR_RE.match(command)
        if match:
            items = [item for item in re.split(r"[\s,;=]+", match.group(2).strip()) if item]
            self.loop(match.group(1), items, len(items), match.group(3))
            return
        self.err("The syntax of the command is incorrect." + NL)
        self.set_status(255)

    def loop(self, var: str, values: Any, count: Optional[int], body: str) -> None:
        quiet = body.startswith("@")
        if quiet:
            body = body[1:].lstrip()
        pattern = re.compile(r"%%?" + re.escape(var) + r"(?![A-Za-z0-9])")
        simple_echo = quiet and body.lower().startswith("echo ") and "&" not in body and ">" not in body
        done = 0
        for value in values:
            if simple_echo and self.machine.full:
                # the output is already cut: only the time of the remaining iterations matters
                remaining = float("inf") if count is None else count - done
                self.machine.spend(remaining * ITEM_COST)
                return
            text = pattern.sub(lambda _match, value=value: str(value), body)
            self.machine.spend(ITEM_COST)
            if self.echo and not quiet:
                self.machine.write(NL + PROMPT + text + NL)
            self.run_chain(text)
            done += 1


def _forever(start: int) -> Any:
    while True:
        yield start


def _compare(left: str, op: str, right: str, ignore_case: bool) -> bool:
    try:
        a: Any = int(left)
        b: Any = int(right)
    except ValueError:
        a, b = (left.lower(), right.lower()) if ignore_case else (left, right)
    return {"EQU": a == b, "NEQ": a != b, "LSS": a < b, "LEQ": a <= b, "GTR": a > b, "GEQ": a >= b}[op]


# ---------------------------------------------------------------------- external programs

def _hostname(shell: CmdShell, args: str) -> None:
    del args
    shell.out(shell.machine_name + NL)
    shell.set_status(0)


def _whoami(shell: CmdShell, args: str) -> None:
    del args
    shell.out("nt authority\\system" + NL)
    shell.set_status(0)


def _ipconfig(shell: CmdShell, args: str) -> None:
    del args
    address = str(shell.guest.get("private_address") or _address(shell.machine_name))
    gateway = address.rsplit(".", 1)[0] + ".1"
    shell.out(NL.join((
        "", "Windows IP Configuration", "", "", "Ethernet adapter Ethernet:", "",
        "   Connection-specific DNS Suffix  . : ",
        "   Link-local IPv6 Address . . . . . : fe80::4c1d:2f7a:9b3e:1a2c%12",
        "   IPv4 Address. . . . . . . . . . . : " + address,
        "   Subnet Mask . . . . . . . . . . . : 255.255.255.0",
        "   Default Gateway . . . . . . . . . : " + gateway, "")))
    shell.set_status(0)


def _ping(shell: CmdShell, args: str) -> None:
    words = args.split()
    count, target = 4, ""
    index = 0
    while index < len(words):
        word = words[index]
        if word.lower() in ("-n", "/n") and index + 1 < len(words):
            count = int(words[index + 1]) if words[index + 1].isdigit() else count
            index += 2
            continue
        if word.lower() in ("-w", "/w", "-l", "/l", "-i", "/i") and index + 1 < len(words):
            index += 2
            continue
        if not word.startswith(("-", "/")):
            target = word
        index += 1
    if not target:
        shell.out(NL + "Usage: ping [-t] [-a] [-n count] [-l size] [-f] [-i TTL] [-v TOS]" + NL)
        shell.set_status(1)
        return
    address = "127.0.0.1" if target.lower() == "localhost" else target
    shell.out(NL + "Pinging %s with 32 bytes of data:" % address + NL)
    for _index in range(count):
        shell.out("Reply from %s: bytes=32 time<1ms TTL=128" % address + NL)
        shell.machine.spend(1.0)
    shell.out(NL + "Ping statistics for %s:" % address + NL
              + "    Packets: Sent = %d, Received = %d, Lost = 0 (0%% loss)," % (count, count) + NL
              + "Approximate round trip times in milli-seconds:" + NL
              + "    Minimum = 0ms, Maximum = 0ms, Average = 0ms" + NL)
    shell.set_status(0)


def _timeout(shell: CmdShell, args: str) -> None:
    match = re.search(r"/t\s+(-?\d+)", args, re.IGNORECASE)
    if not match:
        shell.err("ERROR: Invalid syntax. Default option is not allowed more than '1' time(s)." + NL
                  + "Type \"TIMEOUT /?\" for usage." + NL)
        shell.set_status(1)
        return
    seconds = int(match.group(1))
    nobreak = "/nobreak" in args.lower()
    shell.out(NL + "Waiting for %d seconds, press %s ..." % (seconds, "CTRL+C to quit" if nobreak else "a key to continue")
              + NL)
    shell.machine.spend(float("inf") if seconds < 0 else float(seconds))
    shell.set_status(0)


def _cmd(shell: CmdShell, args: str) -> None:
    match = re.match(r"^/[ck]\s*(.*)$", args, re.IGNORECASE | re.DOTALL)
    if not match:
        shell.out("Microsoft Windows [Version %s]" % WINDOWS_VERSION + NL
                  + "(c) Microsoft Corporation. All rights reserved." + NL)
        shell.set_status(0)
        return
    text = match.group(1).strip()
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    child = CmdShell(shell.machine, shell.guest)
    child.env = dict(shell.env)
    child.errorlevel = shell.errorlevel
    child.out, child.err = shell.out, shell.err
    code = 0
    try:
        child.run_chain(child.expand(text))
        code = child.errorlevel
    except ScriptExit as exc:
        code = exc.code
    except _Goto:
        code = child.errorlevel
    shell.set_status(code)


_EXTERNAL: Dict[str, Callable[[CmdShell, str], None]] = {
    "hostname": _hostname, "whoami": _whoami, "ipconfig": _ipconfig, "ping": _ping, "timeout": _timeout, "cmd": _cmd,
}
