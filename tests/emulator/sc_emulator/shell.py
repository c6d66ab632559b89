# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a ScreenConnect guest agent does with a command (reference section 5), simulated.

``run_command(text, guest)`` reads the directive header lines (``#!ps``, ``#!sh``, ``#timeout=<ms>``,
``#maxlength=<chars>``; case-insensitive, at the top, not part of the script), picks the interpreter the agent
would use (PowerShell for ``#!ps`` on Windows, otherwise cmd on Windows and sh elsewhere) and runs the script in a
small interpreter of that shell with a simulated clock (nothing sleeps, nothing runs on the host). The output is
what the RanCommand event would carry, including the agent's ``Killed after ...`` and ``Truncated output at ...``
texts. The interpreters live in ``shell_cmd``, ``shell_ps`` and ``shell_sh``; this module holds the directives,
the clock, the output buffer and the kill/truncation rules they share.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, List, Mapping, Optional, Tuple

DEFAULT_TIMEOUT_MS = 10000
DEFAULT_MAXLENGTH = 5000
STARTUP_COST = {"cmd": 0.02, "ps": 0.3, "sh": 0.005}   # seconds to start the interpreter
LINE_COST = 0.005       # seconds per executed script line
PROCESS_COST = 0.02     # extra seconds for an external program (hostname.exe, whoami, ...)
ITEM_COST = 0.00002     # seconds per loop iteration / generated line (for /l, 1..N, seq)

_DIRECTIVE_RE = re.compile(r"^#(?:!(?P<interpreter>\S+)|(?P<name>timeout|maxlength)=(?P<value>\d+))\s*$", re.IGNORECASE)


@dataclasses.dataclass
class CommandResult:
    """The output the agent reports and the simulated run time in seconds (at most the kill timer)."""

    output: str
    duration: float


class Killed(Exception):
    """The simulated clock passed the kill timer."""


class ScriptExit(Exception):
    """``exit`` ended the script (or the current subshell) with ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Machine:
    """The simulated clock and the captured output of one command run."""

    def __init__(self, timeout_ms: int, maxlength: int) -> None:
        self.clock = 0.0
        self.limit = timeout_ms / 1000.0
        self.maxlength = maxlength
        self.parts: List[str] = []
        self.size = 0

    def spend(self, seconds: float) -> None:
        """Advance the clock; raises Killed when it passes the kill timer."""
        self.clock += seconds
        if self.clock > self.limit:
            self.clock = self.limit
            raise Killed()

    def write(self, text: str) -> None:
        # what is beyond maxlength is cut anyway; keep one character more to know that it was cut
        if text and self.size <= self.maxlength:
            self.parts.append(text)
            self.size += len(text)

    @property
    def full(self) -> bool:
        """True once the output is longer than maxlength (more output changes nothing but the time)."""
        return self.size > self.maxlength

    def text(self) -> str:
        return "".join(self.parts)


def parse_directives(command_text: str) -> Tuple[Optional[str], int, int, List[str]]:
    """Split a command into (interpreter directive or None, timeout ms, maxlength, script lines)."""
    text = command_text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    interpreter: Optional[str] = None
    timeout, maxlength = DEFAULT_TIMEOUT_MS, DEFAULT_MAXLENGTH
    index = 0
    while index < len(lines):
        match = _DIRECTIVE_RE.match(lines[index].strip())
        if not match:
            break
        if match.group("interpreter"):
            interpreter = match.group("interpreter")
        elif match.group("name").lower() == "timeout":
            timeout = int(match.group("value"))
        else:
            maxlength = int(match.group("value"))
        index += 1
    return interpreter, timeout, maxlength, lines[index:]


def choose_shell(interpreter: Optional[str], os_family: str) -> str:
    """"cmd", "ps" or "sh": the Windows agent runs PowerShell when the interpreter names ps/powershell."""
    if os_family.lower() == "windows":
        folded = (interpreter or "").lower()
        return "ps" if "ps" in folded or "powershell" in folded else "cmd"
    return "sh"


def _on_new_line(output: str, newline: str, text: str) -> str:
    if output and not output.endswith("\n"):
        output += newline
    return output + text


def run_command(command_text: str, guest: Mapping[str, Any]) -> CommandResult:
    """Run a command as the guest agent would; ``guest`` has os_family, machine_name, user_name, domain, bom."""
    # imported here: the interpreters import Machine and friends from this module
    from . import shell_cmd, shell_ps, shell_sh  # pylint: disable=import-outside-toplevel

    interpreter, timeout, maxlength, lines = parse_directives(command_text)
    os_family = str(guest.get("os_family") or "windows").lower()
    shell = choose_shell(interpreter, os_family)
    machine = Machine(timeout, maxlength)
    runner = {"cmd": shell_cmd.CmdShell, "ps": shell_ps.PowerShell, "sh": shell_sh.PosixShell}[shell](machine, guest)
    killed = False
    try:
        machine.spend(STARTUP_COST[shell])
        runner.run(lines)
    except Killed:
        killed = True
    output = machine.text()
    if shell == "ps" and guest.get("bom") and output:
        output = "\ufeff" + output
    newline = "\r\n" if os_family == "windows" else "\n"
    if len(output) > maxlength:
        output = _on_new_line(output[:maxlength], newline, "Truncated output at %d characters." % maxlength)
    if killed:
        output = _on_new_line(output, newline, "Killed after %d milliseconds." % timeout)
        return CommandResult(output, timeout / 1000.0)
    return CommandResult(output, round(min(machine.clock, machine.limit), 6))


def split_chain(line: str, semicolon: bool) -> List[Tuple[str, str]]:
    """Split ``a && b || c & d`` (cmd) or ``a; b && c`` (sh) outside quotes into [(operator before, command)].

    The first operator is "". ``&`` right after ``>``/``<`` (``2>&1``) and a single ``|`` (a pipe) do not split.
    """
    parts: List[Tuple[str, str]] = []
    current: List[str] = []
    operator = ""
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == quote:
                quote = ""
            current.append(char)
            index += 1
            continue
        if char == '"' or (char == "'" and semicolon):
            quote = char
        elif char == "&" and not (current and current[-1] in "<>"):
            double = line.startswith("&&", index)
            if double or not semicolon:
                parts.append((operator, "".join(current).strip()))
                operator, current = ("&&" if double else "&"), []
                index += 2 if double else 1
                continue
        elif char == "|" and line.startswith("||", index):
            parts.append((operator, "".join(current).strip()))
            operator, current = "||", []
            index += 2
            continue
        elif char == ";" and semicolon:
            parts.append((operator, "".join(current).strip()))
            operator, current = ";", []
            index += 1
            continue
        current.append(char)
        index += 1
    parts.append((operator, "".join(current).strip()))
    return [(op, text) for op, text in parts if text or op]
