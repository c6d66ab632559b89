# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small Windows PowerShell 5.1 for the emulated Windows agent (``powershell.exe -File run.ps1`` as SYSTEM).

Supported: statements separated by new lines or ``;``; ``#`` and ``<# #>`` comments; Write-Output/echo/Write-Host
with literal and expandable strings (``$env:X``, ``$LASTEXITCODE``, ``$?``, ``$var``, ``$(...)``, backtick
escapes); expressions (numbers, strings, variables, ``a..b``, ``+ - * / %``, ``-eq -ne -gt -ge -lt -le -like -and
-or -not !``, ``if/elseif/else`` as in the exit-code marker); ``$var = expr``; hostname, whoami, ``cmd /c ...``
(native: set ``$LASTEXITCODE``, ``$?`` is false when the exit code is not 0); Start-Sleep; Get-Date;
Write-Error; throw; exit. An unknown command writes PowerShell's CommandNotFoundException record and sets ``$?``
to false (``$LASTEXITCODE`` unchanged).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from typing import Any, List, Mapping, Optional, Tuple

from .shell import ITEM_COST, LINE_COST, PROCESS_COST, Machine, ScriptExit
from . import shell_cmd

NL = "\r\n"
SCRIPT_PATH = "C:\\Windows\\TEMP\\ScreenConnect\\25.4.25.9313\\run.ps1"

_ASSIGN_RE = re.compile(r"^\$(?:(?:global|script|local):)?(\w+)\s*=(?!=)\s*(.+)$", re.DOTALL | re.IGNORECASE)
_BLOCK_RE = re.compile(r"^(try|catch|finally)\s*\{", re.IGNORECASE)
_EXIT_RE = re.compile(r"^exit(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_NAME_RE = re.compile(r"^[\w.\\:-]+")
_PARSE_ERROR_IDS = (("You must provide a value expression", "ExpectedValueExpression"),
                    ("Unexpected token", "UnexpectedToken"),
                    ("Missing closing ')'", "MissingEndParenthesisInExpression"),
                    ("Missing ')'", "MissingEndParenthesisInExpression"),
                    ("Missing '}'", "MissingEndCurlyBrace"),
                    ("The string is missing the terminator", "TerminatorExpectedAtEndOfString"),
                    ("Missing '", "MissingToken"))
_COMPARISON = ("-eq", "-ne", "-gt", "-ge", "-lt", "-le", "-like", "-notlike", "-ieq", "-ine", "-ceq", "-cne")


class PsError(Exception):
    """A parse or evaluation error in the mini PowerShell."""


class ErrorRecord:
    """An error as PowerShell formats it (the value of ``$_`` in a catch block)."""

    def __init__(self, text: str) -> None:
        self.text = text


class PsThrow(Exception):
    """A terminating error (throw): it ends every script up to the nearest enclosing try/catch."""

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.text)
        self.record = record


def to_text(value: Any) -> str:
    """PowerShell's string conversion."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return " ".join(to_text(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def truthy(value: Any) -> bool:
    if isinstance(value, list):
        return any(truthy(item) for item in value) if len(value) == 1 else bool(value)
    return bool(value)


def _matching(text: str, start: int, opener: str, closer: str) -> int:
    """Index of the closer matching the opener at ``start`` (quotes skipped); -1 when missing."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char in "'\"":
            end = text.find(char, index + 1)
            if end < 0:
                return -1
            index = end + 1
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def split_statements(line: str) -> List[Tuple[int, str]]:
    """Split a line on ``;`` outside quotes, parentheses and braces: [(0-based column, statement)]."""
    parts: List[Tuple[int, str]] = []
    depth, quote, start = 0, "", 0
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == ";" and depth == 0:
            parts.append((start, line[start:index]))
            start = index + 1
    parts.append((start, line[start:]))
    return [(column + len(text) - len(text.lstrip()), text.strip()) for column, text in parts if text.strip()]


class PowerShell:
    """Runs the lines of a .ps1 file on a Machine."""

    def __init__(self, machine: Machine, guest: Mapping[str, Any]) -> None:
        self.machine = machine
        self.guest = guest
        self.machine_name = str(guest.get("machine_name") or "DESKTOP-01")
        computer = self.machine_name.upper()
        self.env = {
            "COMPUTERNAME": computer, "USERNAME": str(guest.get("user_name") or computer + "$"),
            "USERDOMAIN": str(guest.get("domain") or "WORKGROUP"), "OS": "Windows_NT",
            "PROCESSOR_ARCHITECTURE": "AMD64", "SYSTEMROOT": "C:\\Windows", "WINDIR": "C:\\Windows",
            "TEMP": "C:\\Windows\\TEMP", "TMP": "C:\\Windows\\TEMP",
        }
        self.success = True
        self.last_exit: Optional[int] = None
        self.variables: dict = {}
        self.files: dict = {}  # what the script wrote with [IO.File]: full path (case-folded) -> bytes
        self.script_path = SCRIPT_PATH
        self.line_number = 0
        self.line_text = ""

    # ------------------------------------------------------------------ script level
    def run(self, lines: List[str]) -> None:
        try:
            self.run_file(lines)
        except ScriptExit:
            return
        except PsThrow as exc:  # uncaught: the host prints it and the script ends
            self.machine.write(exc.record.text)
            self.success = False

    def run_file(self, lines: List[str]) -> None:
        """Run the lines of one script file. ScriptExit (its ``exit``) and PsThrow pass through.

        PowerShell parses the whole file before it runs any of it: a syntax error anywhere runs nothing and is a
        terminating ParseException (``powershell.exe -File`` prints it; ``& file`` throws it to the caller).
        """
        for number, raw, indent, line in self.statements(lines):
            for column, statement in split_statements(line):
                try:
                    self.parse(statement)
                except PsError as exc:
                    self.line_number, self.line_text = number, raw
                    raise PsThrow(ErrorRecord(self.parser_error(str(exc), indent + column + 1))) from None
        for number, raw, indent, line in self.statements(lines):
            self.machine.spend(LINE_COST)
            self.line_number, self.line_text = number, raw
            for column, statement in split_statements(line):
                self.statement(statement, indent + column + 1)

    def parse(self, text: str) -> None:
        """Raise PsError when the expressions of a statement (exit code, assignment, expression) do not parse."""
        match = _EXIT_RE.match(text)
        expression = match.group(1) if match else None
        match = _ASSIGN_RE.match(text)
        if match:
            expression = match.group(2)
        elif _BLOCK_RE.match(text):
            for _keyword, body in self.blocks(text):
                for _column, inner in split_statements(body):
                    self.parse(inner)
            return
        elif text[:1] in "\"'$(0123456789-[" or text.lower().startswith(("if ", "if(")):
            expression = text
        if expression and expression.strip():
            _Evaluator(self, expression, dry=True).evaluate()
        elif not match:
            self.arguments(text, dry=True)

    @staticmethod
    def statements(lines: List[str]):
        """(line number, raw line, indent, code) of every line that is not blank or a comment."""
        in_comment = False
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            if in_comment:
                if "#>" in line:
                    in_comment = False
                    line = line.split("#>", 1)[1].strip()
                else:
                    continue
            if line.startswith("<#"):
                if "#>" not in line:
                    in_comment = True
                    continue
                line = line.split("#>", 1)[1].strip()
            if not line or line.startswith("#"):
                continue
            yield number, raw, len(raw) - len(raw.lstrip()), line

    def write(self, text: str) -> None:
        self.machine.write(text + NL)

    def emit(self, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, ErrorRecord):
            self.machine.write(value.text)
            return
        if isinstance(value, list):
            for item in value:
                self.emit(item)
            return
        self.write(to_text(value))

    # ------------------------------------------------------------------ statements
    def statement(self, text: str, column: int) -> None:
        match = _EXIT_RE.match(text)
        if match:
            argument = match.group(1)
            try:
                code = self.evaluate(argument) if argument and argument.strip() else (self.last_exit or 0)
                code = int(code or 0)
            except (TypeError, ValueError, PsError):
                code = 0
            raise ScriptExit(code)
        if _BLOCK_RE.match(text):
            self.try_statement(text, column)
            return
        if text.startswith("&"):
            self.call_operator(text[1:].strip(), column)
            return
        match = _ASSIGN_RE.match(text)
        if match:
            try:
                value = self.evaluate(match.group(2))
                if match.group(1).lower() == "lastexitcode":
                    self.last_exit = value
                else:
                    self.variables[match.group(1).lower()] = value
            except PsError as exc:
                # it parsed (check_syntax), so this is a runtime error: recorded, and the script goes on
                self.error_record(str(exc), "NotSpecified: (:) [], RuntimeException", "RuntimeException", column,
                                  len(text))
                self.success = False
                return
            self.success = True
            return
        first = text[:1]
        lower = text.lower()
        if first in "\"'$(0123456789-[" or lower.startswith(("if ", "if(")):
            try:
                value = self.evaluate(text)
            except PsError as exc:
                self.parse_error(str(exc), column)
                return
            self.emit(value)
            self.success = True
            return
        self.command(text, column)

    def blocks(self, text: str) -> List[Tuple[str, str]]:
        """``try { a } catch { b } finally { c }`` on one line -> [("try", "a"), ("catch", "b"), ("finally", "c")]."""
        result: List[Tuple[str, str]] = []
        rest = text
        while rest:
            match = _BLOCK_RE.match(rest)
            if not match:
                raise PsError("Unexpected token '%s' in expression or statement." % rest.split()[0])
            start = match.end() - 1
            end = _matching(rest, start, "{", "}")
            if end < 0:
                raise PsError("Missing closing '}' in statement block or type definition.")
            result.append((match.group(1).lower(), rest[start + 1:end]))
            rest = rest[end + 1:].strip()
        keywords = [keyword for keyword, _body in result]
        handlers = keywords[1:]
        if keywords[0] != "try" or not handlers or "try" in handlers or "finally" in handlers[:-1]:
            raise PsError("The Try statement is missing its Catch or Finally block.")
        return result

    def run_block(self, body: str, column: int) -> None:
        for offset, statement in split_statements(body):
            self.statement(statement, column + offset)

    def try_statement(self, text: str, column: int) -> None:
        """try/catch/finally: a throw in try runs catch with the record as ``$_``; finally always runs."""
        parts = self.blocks(text)
        catch = next((body for keyword, body in parts if keyword == "catch"), None)
        final = next((body for keyword, body in parts if keyword == "finally"), None)
        try:
            try:
                self.run_block(parts[0][1], column)
            except PsThrow as exc:
                if catch is None:
                    raise
                saved = self.variables.get("_")
                self.variables["_"] = exc.record
                try:
                    self.run_block(catch, column)
                finally:
                    self.variables["_"] = saved
        finally:
            if final is not None:
                self.run_block(final, column)

    def call_operator(self, text: str, column: int) -> None:
        """``& <path>``: run a script file the script wrote; its ``exit N`` sets $LASTEXITCODE and ends only it."""
        words = self.arguments(text)
        path = to_text(words[0]) if words else ""
        data = self.files.get(path.lower())
        if data is None:
            self.not_recognized(path, column)
            return
        script = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        lines = script.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
        saved = (self.script_path, self.line_number, self.line_text, dict(self.variables))
        self.script_path = path
        try:
            self.run_file(lines)
        except ScriptExit as exc:
            self.last_exit, self.success = exc.code, exc.code == 0
        finally:
            # a script's variables live in its own scope
            self.script_path, self.line_number, self.line_text, self.variables = saved

    def c_remove_item(self, rest: str) -> None:
        values = [to_text(value) for value in self.arguments(rest)]
        paths = [value for index, value in enumerate(values)
                 if not value.startswith("-") and not (index and values[index - 1].lower().startswith("-erroraction"))]
        for path in paths:
            self.files.pop(path.lower(), None)
        self.success = True

    def command(self, text: str, column: int) -> None:
        match = _NAME_RE.match(text)
        name = match.group(0) if match else text.split()[0]
        rest = text[len(name):].strip()
        key = name.lower()
        if key.endswith(".exe"):
            key = key[:-4]
        handler = getattr(self, "c_" + key.replace("-", "_"), None) if re.match(r"^[a-z][a-z-]*$", key) else None
        if key in ("echo", "write"):
            handler = self.c_write_output
        if handler is None:
            self.not_recognized(name, column)
            return
        try:
            handler(rest)
        except PsError as exc:
            self.parse_error(str(exc), column)

    def arguments(self, text: str, dry: bool = False) -> List[Any]:
        """Evaluate the arguments of a command (words, strings, variables, parenthesised expressions).

        ``dry``: only parse them (the syntax check before the script runs); the values are None.
        """
        values: List[Any] = []

        def value(expression: str) -> Any:
            return _Evaluator(self, expression, dry=True).evaluate() if dry else self.evaluate(expression)

        index = 0
        while index < len(text):
            char = text[index]
            if char.isspace() or char == ",":
                index += 1
                continue
            if char in "'\"":
                end = text.find(char, index + 1)
                while end > 0 and char == '"' and text[end - 1] == "`":
                    end = text.find(char, end + 1)
                if end < 0:
                    raise PsError("The string is missing the terminator: %s." % char)
                values.append(value(text[index:end + 1]))
                index = end + 1
            elif char == "(" or text.startswith("$(", index):
                start = index + (1 if char == "$" else 0)
                end = _matching(text, start, "(", ")")
                if end < 0:
                    raise PsError("Missing closing ')' in expression.")
                values.append(value(text[index:end + 1]))
                index = end + 1
            else:
                end = index
                while end < len(text) and not text[end].isspace() and text[end] != ",":
                    end += 1
                word = text[index:end]
                values.append(value(word) if word.startswith("$") or re.match(r"^-?\d+$", word) else word)
                index = end
        return values

    # ------------------------------------------------------------------ commands
    def c_write_output(self, rest: str) -> None:
        for value in self.arguments(rest):
            self.emit(value)
        self.success = True

    def c_write_host(self, rest: str) -> None:
        values = [value for value in self.arguments(rest) if not (isinstance(value, str) and value.lower() == "-nonewline")]
        self.write(" ".join(to_text(value) for value in values))
        self.success = True

    def c_hostname(self, rest: str) -> None:
        del rest
        self.machine.spend(PROCESS_COST)
        self.write(self.machine_name)
        self.last_exit, self.success = 0, True

    def c_whoami(self, rest: str) -> None:
        del rest
        self.machine.spend(PROCESS_COST)
        self.write("nt authority\\system")
        self.last_exit, self.success = 0, True

    def c_start_sleep(self, rest: str) -> None:
        words = [to_text(value) for value in self.arguments(rest)]
        seconds = 0.0
        scale = 1.0
        for word in words:
            lower = word.lower()
            if lower.startswith("-m"):
                scale = 0.001
            elif lower.startswith("-s"):
                scale = 1.0
            else:
                try:
                    seconds = float(word) * scale
                except ValueError:
                    raise PsError("Cannot bind parameter 'Seconds'. Cannot convert value \"%s\" to type \"System.Int32\"."
                                  % word) from None
        self.machine.spend(seconds)
        self.success = True

    def c_cmd(self, rest: str) -> None:
        self.machine.spend(PROCESS_COST)
        child = shell_cmd.CmdShell(self.machine, self.guest)
        match = re.match(r"^/[ck]\s*(.*)$", rest, re.IGNORECASE | re.DOTALL)
        if not match:
            self.last_exit, self.success = 0, True
            return
        text = match.group(1).strip()
        if len(text) >= 2 and text[0] in "'\"" and text[-1] == text[0]:
            text = text[1:-1]
        code = 0
        try:
            child.run_chain(child.expand(text))
            code = child.errorlevel
        except ScriptExit as exc:
            code = exc.code
        self.last_exit, self.success = code, code == 0

    def c_get_date(self, rest: str) -> None:
        del rest
        now = datetime.datetime.now(datetime.timezone.utc)
        values = (now.strftime("%A"), now.strftime("%B"), now.day, now.year, (now.hour % 12) or 12, now.minute,
                  now.second, "AM" if now.hour < 12 else "PM")
        text = "%s, %s %d, %d %d:%02d:%02d %s" % values
        self.machine.write(NL + text + NL + NL + NL)
        self.success = True

    def c_write_error(self, rest: str) -> None:
        message = " ".join(to_text(value) for value in self.arguments(rest) if not str(value).startswith("-"))
        self.error_record("%s : %s" % (self.script_path, message), "NotSpecified: (:) [Write-Error], WriteErrorException",
                          "Microsoft.PowerShell.Commands.WriteErrorException", 1, 0)
        self.success = False

    def c_throw(self, rest: str) -> None:
        message = to_text(self.evaluate(rest)) if rest.strip() else "ScriptHalted"
        column = self.line_text.find("throw") + 1 or 1
        self.success = False
        raise PsThrow(ErrorRecord(self.record_text(message, "OperationStopped: (%s:String) [], RuntimeException"
                                                   % message, message, column, len("throw " + rest.strip()))))

    # ------------------------------------------------------------------ errors
    def record_text(self, message: str, category: str, error_id: str, column: int, width: int) -> str:
        lines = [message, "At %s:%d char:%d" % (self.script_path, self.line_number, column),
                 "+ " + self.line_text.rstrip(), "+ " + " " * (column - 1) + "~" * max(width, 1),
                 "    + CategoryInfo          : " + category, "    + FullyQualifiedErrorId : " + error_id, " "]
        return NL.join(lines) + NL

    def error_record(self, message: str, category: str, error_id: str, column: int, width: int) -> None:
        self.machine.write(self.record_text(message, category, error_id, column, width))

    def not_recognized(self, name: str, column: int) -> None:
        message = ("%s : The term '%s' is not recognized as the name of a cmdlet, function, script file, or operable "
                   "program. Check the spelling of the name, or if a path was included, verify that the path is "
                   "correct and try again." % (name, name))
        self.error_record(message, "ObjectNotFound: (%s:String) [], CommandNotFoundException" % name,
                          "CommandNotFoundException", column, len(name))
        self.success = False

    def parser_error(self, message: str, column: int) -> str:
        """The record PowerShell prints for a file that does not parse."""
        error_id = next((name for prefix, name in _PARSE_ERROR_IDS if message.startswith(prefix)), "ParseError")
        lines = ["At %s:%d char:%d" % (self.script_path, self.line_number, column), "+ " + self.line_text.rstrip(),
                 "+ " + " " * (column - 1) + "~", message,
                 "    + CategoryInfo          : ParserError: (:) [], ParseException",
                 "    + FullyQualifiedErrorId : " + error_id, " "]
        return NL.join(lines) + NL

    def parse_error(self, message: str, column: int) -> None:
        self.error_record("%s : %s" % (self.script_path, message), "ParserError: (:) [], ParentContainsErrorRecordException",
                          "ParseError", column, 1)
        self.success = False

    # ------------------------------------------------------------------ expressions
    def evaluate(self, text: str) -> Any:
        return _Evaluator(self, text).evaluate()

    def variable(self, name: str) -> Any:
        lower = name.lower()
        if lower == "?":
            return self.success
        if lower == "lastexitcode":
            return self.last_exit
        if lower in ("true", "false"):
            return lower == "true"
        if lower == "null":
            return None
        if lower.startswith("env:"):
            return self.env.get(name[4:].upper())
        if lower == "home":
            return "C:\\Windows\\system32\\config\\systemprofile"
        return self.variables.get(lower)

    def expand(self, text: str) -> str:
        """Expand a double-quoted string body."""
        result: List[str] = []
        index = 0
        escapes = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "a": "\a", "b": "\b"}
        while index < len(text):
            char = text[index]
            if char == "`" and index + 1 < len(text):
                result.append(escapes.get(text[index + 1], text[index + 1]))
                index += 2
                continue
            if char == '"' and text.startswith('""', index):
                result.append('"')
                index += 2
                continue
            if char == "$" and index + 1 < len(text):
                if text[index + 1] == "(":
                    end = _matching(text, index + 1, "(", ")")
                    if end < 0:
                        raise PsError("Missing closing ')' in subexpression.")
                    result.append(to_text(self.evaluate(text[index + 2:end])))
                    index = end + 1
                    continue
                if text[index + 1] == "{":
                    end = text.find("}", index)
                    if end > 0:
                        result.append(to_text(self.variable(text[index + 2:end])))
                        index = end + 1
                        continue
                match = re.match(r"\$(\?|env:\w+|\w+)", text[index:], re.IGNORECASE)
                if match:
                    result.append(to_text(self.variable(match.group(1))))
                    index += len(match.group(0))
                    continue
            result.append(char)
            index += 1
        return "".join(result)


_TOKEN_RE = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<range>\.\.)
  | (?P<dq>"(?:[^"`]|`.|"")*")
  | (?P<sq>'(?:[^']|'')*')
  | (?P<static>\[[A-Za-z_][\w.]*\]::\w+)
  | (?P<subexpr>\$\()
  | (?P<var>\$(?:\?|\{[^}]*\}|env:\w+|\w+))
  | (?P<word_op>-[A-Za-z]+)
  | (?P<op>[-+*/%!(){},])
  | (?P<word>[A-Za-z_][\w.-]*)
""", re.VERBOSE | re.IGNORECASE)


class _Evaluator:
    """Recursive-descent evaluation of a PowerShell expression or if-statement (side-effect free)."""

    def __init__(self, shell: PowerShell, text: str, dry: bool = False) -> None:
        self.shell = shell
        self.dry = dry  # only parse: no variable is read, nothing is computed
        self.tokens: List[Tuple[str, str]] = []
        index = 0
        while index < len(text):
            match = _TOKEN_RE.match(text, index)
            if not match and text[index] in "'\"":
                raise PsError("The string is missing the terminator: %s." % text[index])
            if not match:
                raise PsError("Unexpected token '%s' in expression or statement." % text[index:])
            kind = match.lastgroup or ""
            if kind == "subexpr":
                end = _matching(text, index + 1, "(", ")")
                if end < 0:
                    raise PsError("Missing closing ')' in subexpression.")
                self.tokens.append(("subexpr", text[index + 2:end]))
                index = end + 1
                continue
            if kind != "space":
                self.tokens.append((kind, match.group(0)))
            index = match.end()
        self.index = 0

    def peek(self) -> Tuple[str, str]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "")

    def take(self) -> Tuple[str, str]:
        token = self.peek()
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        text = self.take()[1]
        if text != value:
            raise PsError("Missing '%s' in statement (found '%s')." % (value, text or "end of line"))

    def evaluate(self) -> Any:
        value = self.statement()
        if self.peek()[0] != "end":
            raise PsError("Unexpected token '%s' in expression or statement." % self.peek()[1])
        return value

    def statement(self) -> Any:
        kind, text = self.peek()
        if kind == "word" and text.lower() == "if":
            return self.if_statement()
        return self.expression()

    def if_statement(self) -> Any:
        self.take()
        chosen: Any = None
        decided = False
        while True:
            self.expect("(")
            condition = truthy(self.expression())
            self.expect(")")
            value = self.block()
            if condition and not decided:
                chosen, decided = value, True
            kind, text = self.peek()
            if kind == "word" and text.lower() == "elseif":
                self.take()
                continue
            if kind == "word" and text.lower() == "else":
                self.take()
                value = self.block()
                if not decided:
                    chosen = value
            return chosen

    def block(self) -> Any:
        self.expect("{")
        if self.peek()[1] == "}":
            self.take()
            return None
        value = self.statement()
        self.expect("}")
        return value

    def expression(self) -> Any:
        value = self.conjunction()
        while self.peek()[1].lower() == "-or":
            self.take()
            right = self.conjunction()
            value = truthy(value) or truthy(right)
        return value

    def conjunction(self) -> Any:
        value = self.negation()
        while self.peek()[1].lower() == "-and":
            self.take()
            right = self.negation()
            value = truthy(value) and truthy(right)
        return value

    def negation(self) -> Any:
        if self.peek()[1].lower() in ("-not", "!"):
            self.take()
            return not truthy(self.negation())
        return self.comparison()

    def comparison(self) -> Any:
        left = self.range()
        operator = self.peek()[1].lower()
        if operator not in _COMPARISON:
            return left
        self.take()
        right = self.range()
        return None if self.dry else _compare(operator, left, right)

    def range(self) -> Any:
        value = self.additive()
        if self.peek()[0] == "range":
            self.take()
            end = self.additive()
            if self.dry:
                return None
            start, stop = int(value), int(end)
            step = 1 if stop >= start else -1
            count = abs(stop - start) + 1
            self.shell.machine.spend(count * ITEM_COST)
            # beyond the output limit the values cannot be seen: build no more than that
            limit = self.shell.machine.maxlength + 1
            return list(range(start, start + step * min(count, limit), step))
        return value

    def additive(self) -> Any:
        value = self.multiplicative()
        while self.peek()[1] in ("+", "-"):
            operator = self.take()[1]
            right = self.multiplicative()
            if self.dry:
                continue
            if operator == "+" and isinstance(value, str):
                value = value + to_text(right)
            else:
                value = _number(value) + _number(right) if operator == "+" else _number(value) - _number(right)
        return value

    def multiplicative(self) -> Any:
        value = self.unary()
        while self.peek()[1] in ("*", "/", "%"):
            operator = self.take()[1]
            right = self.unary()
            if self.dry:
                continue
            right = _number(right)
            if operator == "*":
                value = value * int(right) if isinstance(value, str) else _number(value) * right
            elif right == 0:
                raise PsError("Attempted to divide by zero.")
            elif operator == "/":
                quotient = _number(value) / right
                value = int(quotient) if quotient.is_integer() else quotient
            else:
                value = _number(value) % right
        return value

    def unary(self) -> Any:
        if self.peek()[1] == "-":
            self.take()
            value = self.unary()
            return None if self.dry else -_number(value)
        if self.peek()[1] == "!":
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def static_call(self, name: str) -> Any:
        """``[Type]::Method(a, b)``."""
        self.expect("(")
        arguments: List[Any] = []
        if self.peek()[1] != ")":
            arguments.append(self.expression())
            while self.peek()[1] == ",":
                self.take()
                arguments.append(self.expression())
        self.expect(")")
        return None if self.dry else _static_method(self.shell, name, arguments)

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind == "dq":
            return None if self.dry else self.shell.expand(text[1:-1])
        if kind == "sq":
            return text[1:-1].replace("''", "'")
        if kind == "var" and self.dry:
            return None
        if kind == "var":
            name = text[1:]
            if name.startswith("{"):
                name = name[1:-1]
            return self.shell.variable(name)
        if kind == "static":
            return self.static_call(text)
        if kind == "subexpr" and self.dry:
            if text.strip():
                _Evaluator(self.shell, text, dry=True).evaluate()
            return None
        if kind == "subexpr":
            return self.shell.evaluate(text) if text.strip() else None
        if text == "(":
            value = self.statement()
            self.expect(")")
            return value
        if kind == "word" and text.lower() == "if":
            self.index -= 1
            return self.if_statement()
        if kind == "end":
            raise PsError("You must provide a value expression following the operator.")
        raise PsError("Unexpected token '%s' in expression or statement." % text)


def _static_method(shell: PowerShell, name: str, arguments: List[Any]) -> Any:
    """The few .NET static methods scripts use, as .NET Framework 4 implements them."""
    type_name, method = name[1:].split("]::", 1)
    key = (type_name.lower().replace("system.", "", 1), method.lower())
    if key == ("convert", "frombase64string") and len(arguments) == 1:
        try:
            return base64.b64decode(to_text(arguments[0]).encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise PsError('Exception calling "FromBase64String" with "1" argument(s): "The input is not a valid '
                          'Base-64 string as it contains a non-base 64 character, more than two padding characters, '
                          'or an illegal character among the padding characters. "') from None
    if key == ("io.file", "writeallbytes") and len(arguments) == 2 and isinstance(arguments[1], bytes):
        shell.files[to_text(arguments[0]).lower()] = arguments[1]
        return None
    if key[0] not in ("convert", "io.file"):
        raise PsError("Unable to find type [%s]." % type_name)
    raise PsError('Cannot find an overload for "%s" and the argument count: "%d".' % (method, len(arguments)))


def _number(value: Any) -> Any:
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    text = to_text(value).strip()
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            raise PsError("Cannot convert value \"%s\" to type \"System.Int32\"." % text) from None


def _compare(operator: str, left: Any, right: Any) -> bool:
    case_sensitive = operator.startswith("-c")
    operator = "-" + operator.lstrip("-").lstrip("ic")
    if operator in ("-like", "-notlike"):
        pattern = re.escape(to_text(right)).replace(r"\*", ".*").replace(r"\?", ".")
        result = re.match("^" + pattern + "$", to_text(left), 0 if case_sensitive else re.IGNORECASE) is not None
        return result if operator == "-like" else not result
    if isinstance(left, str):
        a: Any = left if case_sensitive else left.lower()
        b: Any = to_text(right) if case_sensitive else to_text(right).lower()
    elif left is None or right is None:
        a, b = left, right
        if operator in ("-eq", "-ne"):
            return (a is b) == (operator == "-eq")
        return False
    else:
        a, b = _number(left), _number(right)
    return {"-eq": a == b, "-ne": a != b, "-gt": a > b, "-ge": a >= b, "-lt": a < b, "-le": a <= b}[operator]
