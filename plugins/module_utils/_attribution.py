# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which RanCommand event answers the command this run sent, decided from reads made after the send.

PRIVATE to the collection: this file may change without notice.

Why this exists: the API links no RanCommand (70) to the QueuedCommand (44) it answers (screenconnect-api.md 5.2).
Reading the session's events before sending, to tell new output from old, costs one request per target; instead:

* output that carries this run's marker (its random nonce) is ours, wherever it is in the history;
* output without any marker (the agent killed the command, "Killed after", or cut it, "Truncated output at", before
  the marker line) is placed against our own QueuedCommand: the event whose Data is the script we sent (it contains
  the nonce, so no other client's event can match). Only unmarked RanCommands that come after it count. Its Host is
  the server's RESTfulUserName, which the client is never told, so Host cannot identify it; Data does.
* other QueuedCommands after the last output that precedes ours (another client, a technician or another run
  queued commands to this session in the same window) may own any unmarked output: once there is as much unmarked
  output as there are commands that could own it, ours is among it but nobody can say which, and the target is
  reported ambiguous; someone else's output is never reported as ours.

API quirk: the reference does not say whether the real server's QueuedCommand Data carries the command text. Under
the other reading (empty Data) our QueuedCommand cannot be found, so unmarked output is never taken: a killed or
cut command then ends as "no result within wait_timeout", never as a wrong attribution. Marked output works under
both readings.
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.screenconnect.restapi.plugins.module_utils._model import (
    EVENT_RAN_COMMAND,
    details_events,
    event_type_number,
    parse_datetime,
)

EVENT_QUEUED_COMMAND = 44

_ANY_MARKER = re.compile(r"__SCRC_([0-9a-f]+)__=")
_NO_TIME = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)


def _normalise(text):
    return ("" if text is None else str(text)).replace("\r\n", "\n").replace("\r", "\n").strip()


def _in_order(events):
    """The events oldest first: by Time (the only order the API promises), the list order breaking ties."""
    indexed = list(enumerate(events))
    indexed.sort(key=lambda pair: (parse_datetime(pair[1].get("Time")) or _NO_TIME, pair[0]))
    return [event for _index, event in indexed]


def _of_type(event, number):
    return event_type_number(event.get("EventType", "")) == number


def attribute(details, tag, script):
    """``(event, ambiguous)`` for one read of a session's details after our command was sent.

    ``tag`` is our marker, ``script`` the text sent with SendCommandToSession. ``(event, False)``: this RanCommand
    is ours. ``(None, True)``: ours finished but cannot be told from a rival's. ``(None, False)``: not yet known.
    """
    events = _in_order(details_events(details or {}))
    for event in events:
        if _of_type(event, EVENT_RAN_COMMAND) and tag in str(event.get("Data") or ""):
            return event, False
    wanted = _normalise(script)
    ours = next((index for index, event in enumerate(events)
                 if _of_type(event, EVENT_QUEUED_COMMAND) and _normalise(event.get("Data")) == wanted), None)
    if ours is None:
        return None, False  # no command text in QueuedCommand (or not listed yet): only marked output is safe
    answered = set(match.group(0) for event in events if _of_type(event, EVENT_RAN_COMMAND)
                   for match in _ANY_MARKER.finditer(str(event.get("Data") or "")))
    start = max([index + 1 for index in range(ours) if _of_type(events[index], EVENT_RAN_COMMAND)] or [0])
    rivals = [event for index, event in enumerate(events[start:], start)
              if index != ours and _of_type(event, EVENT_QUEUED_COMMAND) and not _answered(event, answered)]
    unmarked = [event for event in events[ours + 1:]
                if _of_type(event, EVENT_RAN_COMMAND) and not _ANY_MARKER.search(str(event.get("Data") or ""))]
    if not unmarked:
        return None, False
    if not rivals:
        return unmarked[0], False
    # our output may still be on its way with its marker while a rival's unmarked output is already here
    return None, len(unmarked) >= len(rivals) + 1


def _answered(queued, answered):
    """A rival whose own marker is already in some output cannot own unmarked output."""
    return any(match.group(0) in answered for match in _ANY_MARKER.finditer(str(queued.get("Data") or "")))
