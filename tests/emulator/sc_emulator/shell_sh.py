# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small POSIX sh for the emulated Linux (dash) and macOS (bash as sh) agents, running as root.

Supported: one command per line or ``;``/``&&``/``||`` chains; ``#`` comments; ``(`` and ``)`` on their own
lines as subshells (an ``exit`` inside ends only the subshell, whose status becomes ``$?``); quoting with ``'``,
``"`` and ``\\``; ``$?``, ``$HOSTNAME``, ``$USER``, ``$HOME``, ``${NAME}`` and ``NAME=value``; ``>/dev/null``,
``2>&1`` and other redirections (files are discarded); echo, printf, hostname, whoami, uname, id, sleep, true,
false, ``:``, exit, seq, cat /etc/os-release, pwd. Unknown commands: dash's ``sh: N: x: not found`` (status 127)
or, on macOS, ``sh: line N: x: command not found``. An unbalanced parenthesis is a syntax error that stops the
shell before the unfinished group runs (status 2).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Mapping, Tuple

from .shell import ITEM_COST, LINE_COST, PROCESS_COST, Machine, ScriptExit, split_chain

NL = "\n"
OS_RELEASE = """PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
"""
_REDIRECT_RE = re.compile(r"(?<![\w\\])([12&]?)(>>?)\s*(&[12]|[^\s;&|<>]+)")
_ASSIGN_RE = re.compile(r"^([A-Za-z_]\w*)=(.*)$", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "0": ""}

# a parsed script: ("line", number, text) | ("sub", number, [items]) | ("error", number, message)
Item = Tuple[str, int, Any]


def parse_script(lines: List[str], error_prefix: Callable[[int], str]) -> List[Item]:
    """Group the lines into subshells; a syntax error becomes an "error" item where the shell would stop."""
    top: List[Item] = []
    stack: List[List[Item]] = [top]
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if line == "(":
            sub: List[Item] = []
            stack[-1].append(("sub", number, sub))
            stack.append(sub)
        elif line == ")":
            if len(stack) == 1:
                top.append(("error", number, error_prefix(number) + 'Syntax error: ")" unexpected'))
                return top
            stack.pop()
        else:
            stack[-1].append(("line", number, raw))
    if len(stack) > 1:
        # the outermost unfinished group never runs: the parser reaches the end of the file first
        top.pop()
        number = len(lines)
        top.append(("error", number, error_prefix(number) + 'Syntax error: end of file unexpected (expecting ")")'))
    return top


class PosixShell:
    """Runs the lines of a shell script on a Machine."""

    def __init__(self, machine: Machine, guest: Mapping[str, Any]) -> None:
        self.machine = machine
        self.guest = guest
        self.mac = str(guest.get("os_family") or "").lower() == "mac"
        self.machine_name = str(guest.get("machine_name") or "host")
        self.status = 0
        self.variables: Dict[str, str] = {
            "HOSTNAME": self.machine_name, "USER": "root", "LOGNAME": "root", "HOME": "/var/root" if self.mac else "/root",
            "PWD": "/", "SHELL": "/bin/sh", "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        }
        self.out: Callable[[str], None] = machine.write
        self.err: Callable[[str], None] = machine.write
        self.number = 0

    def prefix(self, number: int) -> str:
        return "sh: line %d: " % number if self.mac else "sh: %d: " % number

    # ------------------------------------------------------------------ script level
    def run(self, lines: List[str]) -> None:
        try:
            self.run_items(parse_script(lines, self.prefix))
        except ScriptExit as exc:
            self.status = exc.code

    def run_items(self, items: List[Item]) -> None:
        for kind, number, payload in items:
            if kind == "error":
                self.err(payload + NL)
                raise ScriptExit(2)
            if kind == "sub":
                self.machine.spend(LINE_COST)
                saved = dict(self.variables)
                try:
                    self.run_items(payload)
                except ScriptExit as exc:
                    self.status = exc.code
                self.variables = saved
                continue
            line = payload.strip()
            if not line or line.startswith("#"):
                continue
            self.machine.spend(LINE_COST)
            self.number = number
            self.run_chain(line)

    def run_chain(self, line: str) -> None:
        for operator, command in split_chain(line, semicolon=True):
            if operator == "&&" and self.status != 0:
                continue
            if operator == "||" and self.status == 0:
                continue
            if command and not command.startswith("#"):
                self.run_redirected(command)

    def run_redirected(self, command: str) -> None:
        targets = {"1": "out", "2": "err"}
        for fd, _mode, target in _REDIRECT_RE.findall(command):
            if fd == "&":
                targets["1"] = targets["2"] = target
            else:
                targets[fd or "1"] = target
        command = _REDIRECT_RE.sub("", command).strip()
        write = self.machine.write

        def discard(text: str) -> None:
            del text

        out = write if targets["1"] == "out" else discard
        err = out if targets["2"] == "&1" else (write if targets["2"] == "err" else discard)
        if targets["1"] == "&2":
            out = err
        saved = self.out, self.err
        self.out, self.err = out, err
        try:
            self.execute(self.words(command))
        finally:
            self.out, self.err = saved

    # ------------------------------------------------------------------ words
    def expand_variable(self, text: str, index: int) -> Tuple[str, int]:
        """Expand the ``$...`` at ``index``; returns (value, index after it)."""
        rest = text[index + 1:]
        if rest[:1] == "?":
            return str(self.status), index + 2
        if rest[:1] == "$":
            return "4242", index + 2
        if rest[:1] == "#":
            return "0", index + 2
        if rest[:1] == "0":
            return "sh", index + 2
        if rest[:1] == "{":
            end = rest.find("}")
            if end > 0:
                return self.variables.get(rest[1:end], ""), index + end + 2
        match = re.match(r"[A-Za-z_]\w*", rest)
        if match:
            return self.variables.get(match.group(0), ""), index + 1 + match.end()
        return "$", index + 1

    def words(self, text: str) -> List[str]:
        words: List[str] = []
        current: List[str] = []
        started = False
        index = 0
        while index < len(text):
            char = text[index]
            if char.isspace():
                if started:
                    words.append("".join(current))
                    current, started = [], False
                index += 1
                continue
            started = True
            if char == "'":
                end = text.find("'", index + 1)
                end = len(text) if end < 0 else end
                current.append(text[index + 1:end])
                index = end + 1
            elif char == '"':
                index += 1
                while index < len(text) and text[index] != '"':
                    if text[index] == "\\" and index + 1 < len(text) and text[index + 1] in '"\\$`':
                        current.append(text[index + 1])
                        index += 2
                    elif text[index] == "$":
                        value, index = self.expand_variable(text, index)
                        current.append(value)
                    else:
                        current.append(text[index])
                        index += 1
                index += 1
            elif char == "\\" and index + 1 < len(text):
                current.append(text[index + 1])
                index += 2
            elif char == "$":
                value, index = self.expand_variable(text, index)
                current.append(value)
            else:
                current.append(char)
                index += 1
        if started:
            words.append("".join(current))
        return words

    # ------------------------------------------------------------------ commands
    def execute(self, words: List[str]) -> None:
        if not words:
            self.status = 0
            return
        while words and _ASSIGN_RE.match(words[0]):
            name, value = _ASSIGN_RE.match(words[0]).groups()
            self.variables[name] = value
            words = words[1:]
        if not words:
            self.status = 0
            return
        name, args = words[0], words[1:]
        handler = _BUILTINS.get(name)
        if handler is None:
            if name in _PROGRAMS:
                self.machine.spend(PROCESS_COST)
                handler = _PROGRAMS[name]
            else:
                if self.mac:
                    self.err("%s%s: command not found" % (self.prefix(self.number), name) + NL)
                else:
                    self.err("%s%s: not found" % (self.prefix(self.number), name) + NL)
                self.status = 127
                return
        self.status = handler(self, args)


def _escapes(text: str) -> Tuple[str, bool]:
    """Interpret echo/printf backslash escapes; the flag is False after ``\\c`` (stop output)."""
    result: List[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following == "c":
                return "".join(result), False
            if following in _ESCAPES:
                result.append(_ESCAPES[following])
                index += 2
                continue
        result.append(char)
        index += 1
    return "".join(result), True


def _echo(shell: PosixShell, args: List[str]) -> int:
    newline = True
    if args and args[0] == "-n":
        newline, args = False, args[1:]
    text, go_on = _escapes(" ".join(args))
    shell.out(text + (NL if newline and go_on else ""))
    return 0


def _printf(shell: PosixShell, args: List[str]) -> int:
    if not args:
        shell.err("printf: usage: printf format [arguments]" + NL)
        return 2
    template, _go_on = _escapes(args[0])
    values = args[1:]
    status = 0
    while True:
        pieces: List[str] = []
        consumed = 0
        index = 0
        while index < len(template):
            char = template[index]
            if char == "%" and index + 1 < len(template):
                spec = template[index + 1]
                if spec == "%":
                    pieces.append("%")
                elif spec in "sdib":
                    value = values[consumed] if consumed < len(values) else ""
                    consumed += 1
                    if spec in "di":
                        try:
                            value = str(int(value or "0"))
                        except ValueError:
                            shell.err("sh: %d: printf: %s: expected numeric value" % (shell.number, value) + NL)
                            value, status = "0", 1
                    elif spec == "b":
                        value = _escapes(value)[0]
                    pieces.append(value)
                else:
                    pieces.append(char + spec)
                index += 2
                continue
            pieces.append(char)
            index += 1
        shell.out("".join(pieces))
        values = values[consumed:]
        if not values or consumed == 0:
            return status


def _hostname(shell: PosixShell, args: List[str]) -> int:
    del args
    shell.out(shell.machine_name + NL)
    return 0


def _whoami(shell: PosixShell, args: List[str]) -> int:
    del args
    shell.out("root" + NL)
    return 0


def _id(shell: PosixShell, args: List[str]) -> int:
    del args
    if shell.mac:
        shell.out("uid=0(root) gid=0(wheel) groups=0(wheel),1(daemon),2(kmem),3(sys),4(tty),5(operator),20(staff)" + NL)
    else:
        shell.out("uid=0(root) gid=0(root) groups=0(root)" + NL)
    return 0


def _uname(shell: PosixShell, args: List[str]) -> int:
    if shell.mac:
        fields = {"s": "Darwin", "n": shell.machine_name, "r": "23.5.0",
                  "v": "Darwin Kernel Version 23.5.0: Wed May  1 20:12:58 PDT 2024; root:xnu-10063.121.3~5/RELEASE_ARM64_T6000",
                  "m": "arm64", "p": "arm"}
        order = "snrvm"
    else:
        fields = {"s": "Linux", "n": shell.machine_name, "r": "5.15.0-113-generic",
                  "v": "#123-Ubuntu SMP Mon Jun 10 08:16:17 UTC 2024", "m": "x86_64", "p": "x86_64", "i": "x86_64",
                  "o": "GNU/Linux"}
        order = "snrvmpio"
    flags = "".join(arg.lstrip("-") for arg in args if arg.startswith("-"))
    if "a" in flags:
        selected = order
    else:
        selected = "".join(flag for flag in order if flag in flags) or "s"
    shell.out(" ".join(fields[flag] for flag in selected) + NL)
    return 0


def _sleep(shell: PosixShell, args: List[str]) -> int:
    total = 0.0
    for arg in args:
        match = re.match(r"^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$", arg)
        if not match:
            shell.err("sleep: invalid time interval '%s'" % arg + NL)
            return 1
        total += float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    if not args:
        shell.err("sleep: missing operand" + NL)
        return 1
    shell.machine.spend(total)
    return 0


def _exit(shell: PosixShell, args: List[str]) -> int:
    code = shell.status
    if args:
        try:
            code = int(args[0]) & 255
        except ValueError:
            shell.err("%sexit: Illegal number: %s" % (shell.prefix(shell.number), args[0]) + NL)
            code = 2
    raise ScriptExit(code)


def _seq(shell: PosixShell, args: List[str]) -> int:
    try:
        numbers = [int(arg) for arg in args]
    except ValueError:
        shell.err("seq: invalid floating point argument: '%s'" % " ".join(args) + NL)
        return 1
    if len(numbers) == 1:
        first, step, last = 1, 1, numbers[0]
    elif len(numbers) == 2:
        first, step, last = numbers[0], 1, numbers[1]
    elif len(numbers) == 3:
        first, step, last = numbers
    else:
        shell.err("seq: missing operand" + NL)
        return 1
    if step == 0:
        shell.err("seq: invalid Zero increment value: '0'" + NL)
        return 1
    values = range(first, last + (1 if step > 0 else -1), step)
    machine = shell.machine
    for done, value in enumerate(values):
        if machine.full:
            machine.spend((len(values) - done) * ITEM_COST)
            break
        machine.spend(ITEM_COST)
        shell.out("%d" % value + NL)
    return 0


def _cat(shell: PosixShell, args: List[str]) -> int:
    status = 0
    for path in args:
        if path == "/etc/os-release" and not shell.mac:
            shell.out(OS_RELEASE)
        elif path == "/etc/hostname" and not shell.mac:
            shell.out(shell.machine_name + NL)
        else:
            shell.err("cat: %s: No such file or directory" % path + NL)
            status = 1
    return status


def _pwd(shell: PosixShell, args: List[str]) -> int:
    del args
    shell.out("/" + NL)
    return 0


def _export(shell: PosixShell, args: List[str]) -> int:
    for arg in args:
        match = _ASSIGN_RE.match(arg)
        if match:
            shell.variables[match.group(1)] = match.group(2)
    return 0


_BUILTINS: Dict[str, Callable[[PosixShell, List[str]], int]] = {
    "echo": _echo, "printf": _printf, "exit": _exit, "true": lambda shell, args: 0, ":": lambda shell, args: 0,
    "false": lambda shell, args: 1, "pwd": _pwd, "cd": lambda shell, args: 0, "export": _export,
}
_PROGRAMS: Dict[str, Callable[[PosixShell, List[str]], int]] = {
    "hostname": _hostname, "whoami": _whoami, "id": _id, "uname": _uname, "sleep": _sleep, "seq": _seq, "cat": _cat,
}
