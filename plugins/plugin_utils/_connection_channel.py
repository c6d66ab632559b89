# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The command channel of the connection plugin: one script in, one frame out.

PRIVATE to the collection: this file may change without notice.

Each run checks that the guest is online (so an offline guest is UNREACHABLE and nothing is queued for it; the
first run takes connect's check, see _CHECK_REUSE), sends the script exactly once with the agent's directives, and
polls the session (its event history only when it may have changed, see _IDLE_READS) until the RanCommand that
carries the script's begin line. Errors before sending are AnsibleConnectionFailure (Ansible reports the host
unreachable); errors after sending are AnsibleError, because the command may have run.
"""

from __future__ import annotations

import itertools
import time

from ansible.errors import AnsibleConnectionFailure, AnsibleError

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._command import backoff_delays
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import (
    EVENT_QUEUED_COMMAND,
    EVENT_RAN_COMMAND,
    details_events,
    event_type_number,
    is_online,
)
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing

# Errors that prove the server refused the request: nothing was queued.
# Reads of a command's result: the first after the agent's usual pickup, then a finer backoff than the module's.
# The agent runs a script a moment after picking it up; on the module's grid (0.5, 1.25, 2.4 s) a result that came
# at 0.6 s was read at 1.25 s, so a module on 20 busy guests took twice its time. Two more reads in the first
# 2.5 s at most.
_FIRST_READ = 0.5
_NEXT_READS = 0.25

# Each read of a result first reads the session, which is small, and reads the details, which carry the session's
# whole event history (every script this plugin sent, every output: megabytes on a guest it drives, more with every
# play), only when they may hold something new: the session's LastEventTime moved since the last look and the
# command has left QueuedEvents. On 20 guests the details reads had cost the emulator and the controller more CPU
# than anything else the channel does. Whether a server moves LastEventTime for a RanCommand is not documented, so
# the details are read anyway after _IDLE_READS looks that saw nothing new, and at every look when the session has no
# LastEventTime.
_IDLE_READS = 3

# connect() checks that the guest is online and Ansible's first exec_command follows within milliseconds: that command
# takes the check as its own instead of asking again, one request of about six per task. Every later command checks
# again, so that a guest that went offline after a command is unreachable at the next one and nothing is queued.
_CHECK_REUSE = 1.0

_REFUSED = (errors.ScreenConnectConfigError, errors.ScreenConnectAuthError, errors.ScreenConnectForbiddenError,
            errors.ScreenConnectNotFoundError, errors.ScreenConnectInputError)


def command_text(interpreter, body, command_timeout, max_output):
    """What SendCommandToSession carries: the interpreter line, both directives (so the agent's 10 s and 5,000
    character defaults never apply), then the script."""
    return "%s\n#timeout=%d\n#maxlength=%d\n%s" % (
        interpreter, int(round(float(command_timeout) * 1000)), int(max_output), body)


def _last_event_time(session):
    moment = session.get("LastEventTime") if isinstance(session, dict) else None
    return moment if isinstance(moment, str) and moment else None


def _queued(session, nonce):
    """Whether the session still lists the command of this nonce among its unprocessed events."""
    return any(isinstance(event, dict) and event_type_number(event.get("EventType", "")) == EVENT_QUEUED_COMMAND
               and framing.is_ours(event.get("Data"), nonce)
               for event in session.get("QueuedEvents") or ())


def _seconds(value):
    value = float(value)
    return "%d" % value if value == int(value) else "%s" % value


class Channel(object):
    """Runs scripts on one session. ``log`` takes one line for -vvv; ``sleep`` and ``clock`` are for tests."""

    def __init__(self, api, session_id, host, command_timeout, max_output, wait_timeout, log=None, sleep=None,
                 clock=None):
        self.api = api
        self.session_id = session_id
        self.host = host
        self.command_timeout = command_timeout
        self.max_output = max_output
        self.wait_timeout = wait_timeout
        self.sent = 0
        self._checked_at = None  # when the last online check was made, while no command was sent after it
        self.log = log or (lambda line: None)
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic

    def _where(self):
        return "%s (ScreenConnect session %s)" % (self.host, self.session_id)

    def check_online(self):
        """The session, or AnsibleConnectionFailure when the session is unknown or its guest offline.

        GetSessionBySessionID, not the details: the details carry the session's whole event history, which on a
        guest that this plugin drives grows by every command's script (megabytes after a few plays), while the
        session alone has the active connections that decide "online"."""
        try:
            session = self.api.get_session(self.session_id)
        except errors.ScreenConnectError as exc:
            raise AnsibleConnectionFailure("%s: reading the session failed before anything was sent: %s"
                                           % (self._where(), exc))
        if not isinstance(session, dict):
            raise AnsibleConnectionFailure("%s: ScreenConnect has no such session; nothing was sent" % self._where())
        if not is_online(session):
            raise AnsibleConnectionFailure(
                "%s is offline (no guest connection): nothing was sent, so nothing is queued for it" % self._where())
        self._checked_at = self._clock()
        return session

    def run(self, body, interpreter, nonce, what="a command"):
        """Send one script and return its :class:`framing.Frame`, which is complete (begun, ended, not cut).

        ``what`` says what the command is for in the -vvv line, so a user can count the commands of each step."""
        if self._checked_at is None or self._clock() - self._checked_at > _CHECK_REUSE:
            self.check_online()
        self._checked_at = None
        text = command_text(interpreter, body, self.command_timeout, self.max_output)
        self.sent += 1
        self.log("SCREENCONNECT COMMAND %d: %s (%d characters)" % (self.sent, what, len(text)))
        try:
            self.api.send_command(self.session_id, text)  # exactly once: the client never re-sends a write
        except errors.ScreenConnectOutcomeUnknownError as exc:
            raise AnsibleError("%s: the command may have run; it was not sent again (%s)" % (self._where(), exc))
        except _REFUSED as exc:
            raise AnsibleConnectionFailure("%s: ScreenConnect refused the command, nothing was queued: %s"
                                           % (self._where(), exc))
        except errors.ScreenConnectTransportError as exc:
            # The client raises a plain transport error for a write only when no connection could be made at all.
            raise AnsibleConnectionFailure("%s: the ScreenConnect server could not be reached; nothing was sent (%s)"
                                           % (self._where(), exc))
        except errors.ScreenConnectError as exc:
            if exc.status == 413:  # the request was refused before the extension read it
                raise AnsibleError("%s: ScreenConnect refused the command, nothing was queued: the command (%d "
                                   "characters) is larger than the server accepts; lower chunk_size (%s)"
                                   % (self._where(), len(text), exc))
            raise AnsibleError("%s: sending the command failed: %s" % (self._where(), exc))
        data = self._wait(nonce)
        return self._checked(framing.parse(data, nonce))

    def _wait(self, nonce):
        deadline = self._clock() + float(self.wait_timeout)
        looked_at, idle = None, 0
        for delay in itertools.chain((_FIRST_READ,), backoff_delays(first=_NEXT_READS)):
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            self._sleep(min(delay, remaining))
            session = self._read_result(self.api.get_session)
            moment = _last_event_time(session)
            if moment is not None and idle < _IDLE_READS and (moment == looked_at or _queued(session, nonce)):
                looked_at, idle = moment, idle + 1
                continue
            looked_at, idle = moment, 0
            for event in details_events(self._read_result(self.api.get_session_details) or {}):
                if event_type_number(event.get("EventType", "")) == EVENT_RAN_COMMAND and \
                        framing.is_ours(event.get("Data"), nonce):
                    return event.get("Data")
        raise AnsibleError("%s: no result within %s seconds (wait_timeout); the command was sent and may still run, "
                           "it was not sent again" % (self._where(), _seconds(self.wait_timeout)))

    def _read_result(self, method):
        try:
            return method(self.session_id)
        except errors.ScreenConnectError as exc:
            raise AnsibleError("%s: the command was sent, but reading its result failed (it was not sent "
                               "again): %s" % (self._where(), exc))

    def _checked(self, frame):
        if frame.killed_after is not None:
            raise AnsibleError("%s: the agent killed the command after %s seconds (command_timeout); raise "
                               "command_timeout for longer tasks" % (self._where(), _seconds(self.command_timeout)))
        if frame.truncated_at is not None:
            raise AnsibleError("%s: the agent cut the output at %d characters (max_output is %d); raise max_output "
                               "for tasks with more output" % (self._where(), frame.truncated_at, int(self.max_output)))
        if not frame.ended:
            raise AnsibleError("%s: the command's output ended before its end marker (the guest stopped it, or the "
                               "agent lost output); its result is unknown" % self._where())
        return frame
