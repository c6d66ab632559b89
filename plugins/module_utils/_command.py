# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Commands: building the script that is sent, waiting for its RanCommand event and parsing the output.

PRIVATE to the collection: this file may change without notice.

The API reports no exit code and no link between a QueuedCommand (44) and the RanCommand (70) that answers it
(screenconnect-api.md section 5). So:

* an exit-code marker with a random nonce is appended to the script; its line is parsed and removed from stdout;
* nothing is read before sending: the answer is the RanCommand that carries our nonce, or unmarked output placed
  against our own QueuedCommand (_attribution.py says how, and why that is safe).

Nothing here sends a write: ``send_command`` is called exactly once by ``run_command_on_session``.
"""

from __future__ import annotations

import base64
import re
import secrets
import time

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._attribution import attribute
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import guest_info, is_online

SHELLS = ("auto", "cmd", "powershell", "sh")

# The agent's defaults when a script has no #timeout / #maxlength directive (screenconnect-api.md 5.1).
AGENT_DEFAULT_TIMEOUT = 10
AGENT_DEFAULT_MAX_OUTPUT = 5000

# What is sent when the user sets no limit: the agent's own defaults would kill a command after 10 s and cut its
# output at 5,000 characters, long before a user waiting wait_timeout seconds expects it.
DEFAULT_MAX_OUTPUT = 1000000

DEFAULT_WAIT_TIMEOUT = 60
WAIT_MARGIN = 30

POLL_FIRST_DELAY = 0.5
POLL_MAX_DELAY = 5.0
POLL_FACTOR = 1.5

_INTERPRETER = {"cmd": None, "powershell": "#!ps", "sh": "#!sh"}
_MARKER_PREFIX = "__SCRC_"
_KILLED = re.compile(r"(?:^|\n)Killed after (\d+) milliseconds\.[ \t]*\n*\Z")
_TRUNCATED = re.compile(r"(?:^|\n)Truncated output at (\d+) characters\.[ \t]*\n*\Z")
# cmd echoes each command line after its prompt ("C:\Windows\system32>whoami"), with variables already expanded.
_PROMPT = re.compile(r"^[A-Za-z]:\\[^<>|\"*?\n]*>(.*)$")
_CMD_VARIABLE = re.compile(r"%[^%\s]+%|![^!\s]+!")


# -- choosing the shell --------------------------------------------------------------------------------------------

def choose_shell(shell, session):
    """The shell to use for a session: ``shell`` itself, or for ``auto`` cmd on Windows guests and sh elsewhere."""
    if shell != "auto":
        return shell
    os_name = str(guest_info(session).get("OperatingSystemName") or "").strip()
    if not os_name:
        raise errors.ScreenConnectInputError(
            "shell=auto cannot choose a shell for session %s: its guest has not reported an operating system yet; "
            "set shell to cmd, powershell or sh" % session.get("SessionID", "?"),
            session_id=session.get("SessionID"))
    return "cmd" if "windows" in os_name.lower() else "sh"


# -- building the script ---------------------------------------------------------------------------------------------

def new_nonce():
    return secrets.token_hex(8)


def marker(nonce):
    return "%s%s__=" % (_MARKER_PREFIX, nonce)


def validate_command(command, option="command"):
    """The command text with line endings normalised; an empty or blank command is refused before any request."""
    text = "" if command is None else str(command)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise errors.ScreenConnectInputError("%s must not be empty" % option)
    return text.rstrip("\n")


def build_script(command, shell, nonce, timeout=None, max_output=None):
    """The text for SendCommandToSession: directive lines first, then the command, then the exit-code marker.

    ``timeout`` is in seconds (sent as ``#timeout=`` milliseconds), ``max_output`` in characters.
    """
    if shell not in _INTERPRETER:
        raise errors.ScreenConnectInputError("shell must be one of cmd, powershell or sh; got %r" % (shell,))
    command = validate_command(command)
    lines = []
    if _INTERPRETER[shell]:
        lines.append(_INTERPRETER[shell])
    if timeout is not None:
        lines.append("#timeout=%d" % int(round(float(timeout) * 1000)))
    if max_output is not None:
        lines.append("#maxlength=%d" % int(max_output))
    tag = marker(nonce)
    if shell == "cmd":
        # The command runs as a called label, so that "exit /b N" (and goto :eof) return to the marker line with
        # ERRORLEVEL N instead of ending the script before it; a plain "exit" still ends cmd.exe (rc unknown).
        label = ":__scrc_%s" % nonce
        lines.extend(["@call %s" % label, "@echo %s%%ERRORLEVEL%%" % tag, "@exit /b", label, command])
    elif shell == "powershell":
        lines.extend(_powershell_wrapper(command, nonce, tag))
    else:
        # A subshell, so that "exit N" in the user's script ends the subshell and the marker still reports N.
        lines.extend(["(", command, ")", 'echo "%s$?"' % tag])
    return "\n".join(lines)


def _powershell_wrapper(command, nonce, tag):
    """The lines that run ``command`` as a script file and print its exit code.

    In PowerShell ``exit`` inside a script block or function ends the whole script, so the command is written (as
    base64, so no quoting can change it) to a .ps1 file and run with ``&``: its ``exit N`` then ends only that file
    and sets $LASTEXITCODE, as does a failing native program; a throw (any terminating error) is caught, printed as
    PowerShell prints it, and gives rc 1. The file has a BOM because Windows PowerShell 5.1 reads a file without
    one in the ANSI code page.
    """
    encoded = base64.b64encode(b"\xef\xbb\xbf" + command.encode("utf-8")).decode("ascii")
    return [
        '$__scrc_f = "$env:TEMP\\__scrc_%s.ps1"' % nonce,
        "[IO.File]::WriteAllBytes($__scrc_f, [Convert]::FromBase64String('%s'))" % encoded,
        "$global:LASTEXITCODE = 0",
        "$__scrc_rc = 1",
        "try { & $__scrc_f; $__scrc_rc = $LASTEXITCODE } catch { $_; $__scrc_rc = 1 } "
        "finally { Remove-Item -LiteralPath $__scrc_f -Force -ErrorAction SilentlyContinue }",
        'Write-Output "%s$__scrc_rc"' % tag,
    ]


# -- parsing the output ------------------------------------------------------------------------------------------------

def _cmd_echo_patterns(command):
    patterns = []
    for line in (command or "").split("\n"):
        line = line.strip().replace("%%", "%")
        if not line or line.startswith("@"):
            continue  # cmd echoes neither blank lines nor lines starting with @
        parts = _CMD_VARIABLE.split(line)
        patterns.append(re.compile(r"\s*" + ".*?".join(re.escape(part) for part in parts) + r"\s*\Z", re.DOTALL))
    return patterns


def _strip_cmd_echo(lines, command):
    """Remove cmd's prompt echo and the blank line cmd writes before it.

    cmd echoes every command it runs as ``<blank line>C:\\...>command``, with variables expanded and loop bodies
    once per iteration, so a prompt line is an echo when it follows a blank line, or when
    it is one of the script's lines.
    (Its output starts with that blank line too.)
    """
    patterns = _cmd_echo_patterns(command)
    result = []
    for line in lines:
        match = _PROMPT.match(line)
        if match and ((result and not result[-1].strip()) or any(p.match(match.group(1)) for p in patterns)):
            while result and not result[-1].strip():
                result.pop()
            continue
        result.append(line)
    return result


def parse_output(data, shell, nonce, command=None):
    """Split a RanCommand's Data into stdout, rc, truncated and killed.

    ``rc`` is None when it cannot be known: the command was killed, the output was cut before the marker, or the
    script ended (``exit``) before the marker line ran.
    """
    text = "" if data is None else str(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    killed = truncated = False
    # The agent appends these after the output; both may appear (cut first, then killed), in either order.
    for _dummy in range(2):
        match = _KILLED.search(text)
        if match:
            killed = True
            text = text[:match.start()]
            continue
        match = _TRUNCATED.search(text)
        if match:
            truncated = True
            text = text[:match.start()]
    tag = marker(nonce) if nonce else None
    rc = None
    lines = text.split("\n")
    if tag:
        kept = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith(tag):
                value = stripped[len(tag):]
                if re.match(r"^-?\d+$", value):
                    rc = int(value)
                continue
            kept.append(line)
        lines = kept
        if truncated and lines and lines[-1].strip() and tag.startswith(lines[-1].strip()):
            lines.pop()  # the marker itself was cut
    if shell == "cmd":
        lines = _strip_cmd_echo(lines, command)
    while lines and not lines[0].strip():
        lines.pop(0)
    stdout = "\n".join(lines).rstrip("\n")
    if killed:
        rc = None
    return dict(stdout=stdout, stdout_lines=stdout.splitlines(), rc=rc, truncated=truncated, killed=killed)


# -- finding the answer ------------------------------------------------------------------------------------------------

def backoff_delays(first=POLL_FIRST_DELAY, factor=POLL_FACTOR, maximum=POLL_MAX_DELAY):
    delay = first
    while True:
        yield delay
        delay = min(maximum, delay * factor)


def effective_wait_timeout(wait_timeout, command_timeout):
    if wait_timeout is not None:
        return float(wait_timeout)
    if command_timeout is not None:
        return max(float(DEFAULT_WAIT_TIMEOUT), float(command_timeout) + WAIT_MARGIN)
    return float(DEFAULT_WAIT_TIMEOUT)


class CommandRunner(object):
    """Runs one command on one session: send once, poll, attribute, parse. ``sleep``/``clock`` are for tests."""

    def __init__(self, api, command, shell="auto", command_timeout=None, max_output=None, wait=True,
                 wait_timeout=None, sleep=None, clock=None):
        self.api = api
        self.command = command
        self.shell = shell
        self.wait = wait
        self.wait_timeout = effective_wait_timeout(wait_timeout, command_timeout)
        # Directives are always sent: by default the agent's kill timer fires when we stop waiting, not before.
        self.command_timeout = command_timeout if command_timeout is not None else self.wait_timeout
        self.max_output = max_output if max_output is not None else DEFAULT_MAX_OUTPUT
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic

    def now(self):
        return self._clock()

    def pause(self, seconds):
        self._sleep(seconds)

    def result_base(self, session, shell=None):
        return dict(session_id=session.get("SessionID"), name=session.get("Name") or "", shell=shell,
                    stdout="", stdout_lines=[], rc=None, truncated=False, killed=False, queued=False,
                    changed=False, failed=False, msg="")

    def preview(self, session):
        """Check mode: what would be done, nothing is sent."""
        result = self.result_base(session, choose_shell(self.shell, session))
        result["changed"] = True
        result["msg"] = "check mode: the command would be sent (nothing was sent)"
        return result

    def run(self, session):
        """Result dict for one session. Errors before sending raise; errors after sending are reported."""
        result, pending = self.start(session)
        if pending is None:
            return result
        try:
            event, ambiguous = self._poll(pending)
        except errors.ScreenConnectError as exc:
            return self.read_failed(result, exc)
        return self.finish(result, pending, event, ambiguous)

    def start(self, session):
        """Send the command once. ``(result, pending)``; pending is None when not waiting.

        ``pending`` is what a poller needs to find the answer: session id, nonce, script, shell, deadline. Nothing
        is read first: whether the guest is online comes from the session as it was looked up.
        """
        session_id = session["SessionID"]
        shell = choose_shell(self.shell, session)
        result = self.result_base(session, shell)
        nonce = new_nonce()
        script = build_script(self.command, shell, nonce, self.command_timeout, self.max_output)
        self.api.send_command(session_id, script)  # exactly once; the client never re-sends a write
        result["changed"] = True
        if not self.wait:
            result.update(queued=True, msg="the command was queued (wait=false); its output is not read")
            return result, None
        if not is_online(session):
            result.update(queued=True, msg="the guest is offline: the command is queued and runs when the guest "
                                           "connects; its output is not read")
            return result, None
        pending = dict(session_id=session_id, nonce=nonce, script=script, shell=shell,
                       deadline=self._clock() + self.wait_timeout)
        return result, pending

    def examine(self, pending, details):
        """``(event, ambiguous)`` from one read of the session's details; raises when the session is gone."""
        if details is None:
            raise errors.ScreenConnectLookupError(
                "session %s no longer exists" % pending["session_id"], session_id=pending["session_id"])
        return attribute(details, marker(pending["nonce"]), pending["script"])

    @staticmethod
    def read_failed(result, exc):
        result.update(failed=True, msg="the command was sent, but reading its result failed: %s" % exc)
        return result

    def finish(self, result, pending, event, ambiguous=False):
        """The result once the answer was found (``event``) or the deadline passed (``event`` None)."""
        if event is None and ambiguous:
            result.update(failed=True, msg="the command was sent and has finished, but other commands were queued to "
                                           "this session at the same time and their output cannot be told from "
                                           "ours (none carries this run's marker); no output is reported and it "
                                           "was not sent again")
            return result
        if event is None:
            result.update(queued=True, msg="no result within %s seconds (wait_timeout): the command was sent and "
                                           "may still run; it was not sent again" % _seconds(self.wait_timeout))
            return result
        result.update(parse_output(event.get("Data"), pending["shell"], pending["nonce"], self.command))
        result["msg"] = self._outcome(result)
        return result

    def _poll(self, pending):
        for delay in backoff_delays():
            remaining = pending["deadline"] - self._clock()
            if remaining <= 0:
                return None, False
            self._sleep(min(delay, remaining))
            event, ambiguous = self.examine(pending, self.api.get_session_details(pending["session_id"]))
            if event is not None or ambiguous:
                return event, ambiguous
        return None, False  # pragma: no cover - backoff_delays never ends

    def _outcome(self, result):
        if result["killed"]:
            result["failed"] = True
            return ("the agent killed the command after its time limit (command_timeout, %s seconds)"
                    % _seconds(self.command_timeout))
        if result["rc"] is None:
            if result["truncated"]:
                return ("the output was cut at max_output characters before the exit code was printed; "
                        "the exit code is unknown")
            return "the exit code is unknown: the script ended (for example with exit) before the exit-code marker ran"
        if result["rc"] != 0:
            result["failed"] = True
            return "non-zero return code"
        return "the output was cut at max_output characters" if result["truncated"] else ""


def _seconds(value):
    value = float(value)
    return "%d" % value if value == int(value) else "%s" % value
