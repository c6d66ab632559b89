# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Technician connections and chats added to a built fleet.

"Online" means a guest (ProcessType 2) is connected, so a session where only a technician (ProcessType 1, Host) is
connected is offline; clients that look at ``ActiveConnections`` being non-empty get it wrong. The generated fleet
has such sessions, and some sessions carry a chat in their history: a technician's message (QueuedMessage, 45) and
the guest's answer (SentMessage, 71, reference section 3.3).

``add_activity`` draws from a random stream of its own (seeded from the fleet's seed), so that the fleet's main
stream is untouched: the same seed gives the same sessions as before this module existed, and the chosen sessions
only gain a connection or two events.
"""

from __future__ import annotations

import datetime
import random
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .filter_dates import DATE_MIN, parse_date
from .model import EventType, ProcessType, SessionRecord, active_connection, new_connection, new_event, new_id
from .timefmt import MIN_DATE, format_date

#: share of the offline Access sessions (after the first, which always has one) with a technician connected
TECHNICIAN_ONLY_SHARE = 0.15
#: share of the sessions a guest was ever connected to that have a chat in their history
CHAT_SHARE = 0.08
#: (technician's message, guest's answer); one answer looks like Jinja, which a client must never template
CHATS: Tuple[Tuple[str, str], ...] = (
    ("Hi, this is IT. May I restart your computer in 5 minutes?", "Yes, go ahead - I'm saving my work now."),
    ("We are installing updates on this machine tonight.", "OK, thanks for letting me know!"),
    ("Could you close Outlook for a moment, please?", "Done. Is that all?"),
    ("Can you confirm that printing works again?", "It works, thank you! Ticket closed from my side."),
    ("Which error do you see on the screen?", "It says {{ error }} and then \"Access denied\" in a red box."),
)


def _moment(text: str) -> datetime.datetime:
    return parse_date(text) or DATE_MIN


def _sort_events(record: SessionRecord) -> None:
    record.events.sort(key=lambda event: _moment(event["Time"]))
    record.data["LastEventTime"] = max(record.data["LastEventTime"], record.events[-1]["Time"], key=_moment)


def connect_host(record: SessionRecord, rng: random.Random, connected: str, participant: str = "Technician") -> None:
    """A technician (ProcessType 1, Host) connected: it counts in HostConnectedCount, never as the guest."""
    data = record.data
    connection_id = new_id(rng)
    connection = new_connection(connection_id, ProcessType.HOST, 1, participant,
                                "198.51.100.%d" % rng.randrange(1, 255), connected)
    record.connections.append(connection)
    record.events.append(new_event(EventType.CONNECTED, host=participant, connection_id=connection_id, time=connected,
                                   event_id=new_id(rng)))
    data["LastConnectedEventTime"] = max(data["LastConnectedEventTime"], connected, key=_moment)
    data["ActiveConnections"] = list(data["ActiveConnections"]) + [active_connection(connection)]
    _sort_events(record)


def add_chat(record: SessionRecord, rng: random.Random, epoch: datetime.datetime, technician: str,
             chat: Tuple[str, str]) -> None:
    """A technician's message and the guest's answer, both while the guest's last connection was up."""
    connection = _last_guest_connection(record)
    if connection is None:
        raise ValueError("session %s never had a guest connection to chat over" % record.session_id)
    start = _moment(connection["ConnectedTime"])
    end = epoch if connection["DisconnectedTime"] == MIN_DATE else _moment(connection["DisconnectedTime"])
    if end <= start:  # the generated dates of a past connection are drawn independently
        end = start + datetime.timedelta(hours=1)
    asked = start + (end - start) * (0.8 * rng.random())
    answered = min(asked + datetime.timedelta(seconds=rng.randrange(5, 240)), end)
    message, answer = chat
    record.events.append(new_event(EventType.QUEUED_MESSAGE, host=technician, data=message, time=format_date(asked),
                                   event_id=new_id(rng)))
    record.events.append(new_event(EventType.SENT_MESSAGE, host="", data=answer,
                                   connection_id=connection["ConnectionID"], time=format_date(answered),
                                   event_id=new_id(rng)))
    _sort_events(record)


def _last_guest_connection(record: SessionRecord) -> Optional[Dict[str, Any]]:
    wanted = record.guest.get("last_connection_id")
    for connection in record.connections:
        if connection["ConnectionID"] == wanted and connection["ProcessType"] == ProcessType.GUEST:
            return connection
    return None


def _may_be_technician_only(record: SessionRecord) -> bool:
    return record.data["SessionType"] == 2 and not record.online and not record.data["IsEnded"]


def add_activity(records: Sequence[SessionRecord], seed: Any, epoch: datetime.datetime, technicians: List[str]) -> None:
    """Technician-only sessions and chats for a generated fleet, from the stream of ``seed`` kept for them.

    The first offline Access session always gets a technician, and the first session a guest was connected to
    always gets a chat, so that small fleets (the tests start 12 and 20 sessions) have both; then about
    ``TECHNICIAN_ONLY_SHARE`` of the other offline Access sessions and ``CHAT_SHARE`` of the other sessions a guest
    was ever connected to.
    """
    rng = random.Random("technicians-and-chats/%r" % (seed,))
    first_technician = first_chat = True
    for record in records:
        technician_draw, chat_draw = rng.random(), rng.random()
        if _may_be_technician_only(record) and (first_technician or technician_draw < TECHNICIAN_ONLY_SHARE):
            first_technician = False
            moment = epoch - datetime.timedelta(seconds=rng.randrange(60, 86400))
            connect_host(record, rng, format_date(moment), rng.choice(technicians))
        if (first_chat or chat_draw < CHAT_SHARE) and _last_guest_connection(record) is not None:
            first_chat = False
            add_chat(record, rng, epoch, rng.choice(technicians), rng.choice(CHATS))
