# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tolerant readers for the JSON shapes the extension returns.

PRIVATE to the collection: this file may change without notice.

The server serialises enums as numbers, dates as ISO 8601 with 1 to 7 fractional digits, and "never" as .NET's
``DateTime.MinValue`` without a zone (``0001-01-01T00:00:00``). Nothing here assumes a field exists: unknown fields
are ignored and missing ones fall back to the server's own defaults (empty strings, not nulls).
"""

from __future__ import annotations

import datetime
import re

CUSTOM_PROPERTY_COUNT = 8

SESSION_TYPES = {0: "Support", 1: "Meeting", 2: "Access"}
SESSION_TYPE_NUMBERS = dict((name.lower(), number) for number, name in SESSION_TYPES.items())

PROCESS_TYPE_GUEST = 2

EVENT_TYPES = {
    0: "None", 10: "Connected", 11: "Disconnected", 20: "CreatedSession", 21: "DeletedSession", 30: "InitiatedJoin",
    31: "InvitedGuest", 32: "AddedNote", 40: "QueuedReinstall", 41: "QueuedUninstall", 42: "QueuedInvalidateLicense",
    43: "QueuedWake", 44: "QueuedCommand", 45: "QueuedMessage", 46: "QueuedGuestInfoUpdate", 47: "QueuedTool",
    48: "QueuedForceDisconnect", 49: "QueuedInstallAccess", 50: "ProcessedReinstall", 51: "ProcessedUninstall",
    52: "ProcessedInvalidateLicense", 53: "ProcessedWake", 54: "ProcessedCommand", 55: "ProcessedMessage",
    56: "ProcessedGuestInfoUpdate", 57: "ProcessedTool", 58: "ProcessedForceDisconnect", 60: "ModifiedName",
    61: "ModifiedIsPublic", 62: "ModifiedCode", 63: "ModifiedHost", 64: "ModifiedCustomProperty",
    65: "ModifiedGuestInfo", 70: "RanCommand", 71: "SentMessage", 80: "SentPrintJob", 81: "ReceivedPrintJob",
    82: "CopiedText", 83: "CopiedFiles", 84: "DraggedFiles", 85: "RanFiles", 86: "SentFiles",
    87: "SwitchedLogonSession", 88: "RanAutoReinstall", 100: "QueuedUninstallAndDelete", 101: "QueuedElevatedTool",
}
EVENT_TYPE_NUMBERS = dict((name.lower(), number) for number, name in EVENT_TYPES.items())
EVENT_ADDED_NOTE = 32
EVENT_QUEUED_COMMAND = 44
EVENT_RAN_COMMAND = 70

_DATE_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_datetime(value):
    """Return an aware UTC datetime, or None for empty values and .NET's MinValue ("never").

    Zone-less values are taken as UTC, which is what the server means by them.
    """
    if value is None or isinstance(value, datetime.datetime):
        return value
    match = _DATE_RE.match(str(value).strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if int(year) <= 1:
        return None
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        result = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro,
                                   tzinfo=datetime.timezone.utc)
    except ValueError:  # shaped like a date but not one (month 13, hour 24): remote data, not our bug
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        result = result - sign * offset
    return result


def iso_datetime(value):
    """Normalise a server date to ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; None for "never" and unparseable values."""
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def session_type_name(value):
    """Name of a SessionType given as number or name; unknown numbers come back as their text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return SESSION_TYPES.get(value, str(value))
    text = str(value)
    if text.isdigit():
        return SESSION_TYPES.get(int(text), text)
    number = SESSION_TYPE_NUMBERS.get(text.lower())
    return SESSION_TYPES[number] if number is not None else text


def session_type_number(value):
    """Number for a SessionType name or number; None when it is not a known type."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in SESSION_TYPES else None
    text = str(value).strip()
    if text.isdigit():
        number = int(text)
        return number if number in SESSION_TYPES else None
    return SESSION_TYPE_NUMBERS.get(text.lower())


def event_type_name(value):
    """Name of an event type; numbers without a published name come back as their text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return EVENT_TYPES.get(value, str(value))
    text = str(value)
    if text.isdigit():
        return EVENT_TYPES.get(int(text), text)
    return text


def event_type_number(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.lstrip("-").isdigit():
        return int(text)
    return EVENT_TYPE_NUMBERS.get(text.lower())


def custom_property_values(session):
    """The 8 custom property values of a session, padded with empty strings.

    Reads ``CustomPropertyValues`` (the shape live clients see) and falls back to a ``CustomProperties`` object
    (``{"CustomProperty1": ...}``), which some scripts read but nobody has confirmed.
    """
    values = session.get("CustomPropertyValues")
    if not isinstance(values, list):
        values = []
        props = session.get("CustomProperties")
        if isinstance(props, dict):
            values = [props.get("CustomProperty%d" % index, "") for index in range(1, CUSTOM_PROPERTY_COUNT + 1)]
    values = ["" if value is None else str(value) for value in values[:CUSTOM_PROPERTY_COUNT]]
    return values + [""] * (CUSTOM_PROPERTY_COUNT - len(values))


def guest_info(session):
    info = session.get("GuestInfo")
    return info if isinstance(info, dict) else {}


def is_online(session):
    """True when a guest (ProcessType 2) is connected.

    ``GuestConnectedCount`` exists only in the filter language, not in the JSON, so the active connections decide.
    """
    for connection in session.get("ActiveConnections") or ():
        if not isinstance(connection, dict):
            continue
        process_type = connection.get("ProcessType")
        if process_type == PROCESS_TYPE_GUEST or str(process_type).lower() in ("2", "guest"):
            return True
    return False


def custom_properties_by_name(values, names):
    """Map configured labels (``names``: label -> position 1-8) to values; unnamed positions keep CustomPropertyN."""
    by_position = dict(("CustomProperty%d" % (index + 1), value) for index, value in enumerate(values))
    for label, position in (names or {}).items():
        key = "CustomProperty%d" % position
        by_position[label] = values[position - 1]
        by_position.pop(key, None)
    return by_position


def enrich_session(session, custom_property_names=None):
    """A copy of a session with the documented convenience keys added (the API's own keys are unchanged)."""
    result = dict(session)
    values = custom_property_values(session)
    info = guest_info(session)
    result["session_type_name"] = session_type_name(session.get("SessionType", ""))
    result["online"] = is_online(session)
    result["display_name"] = session.get("Name") or info.get("MachineName") or ""
    result["custom_properties"] = custom_properties_by_name(values, custom_property_names)
    return result


def sort_events(events):
    """Events sorted by time, oldest first; the server documents no order, so never rely on the one it sends."""
    def _key(event):
        parsed = parse_datetime(event.get("Time"))
        return parsed.timestamp() if parsed else float("-inf")
    return sorted((event for event in events or () if isinstance(event, dict)), key=_key)


def enrich_event(event):
    result = dict(event)
    result["event_type_name"] = event_type_name(event.get("EventType", ""))
    return result


def details_events(details):
    """All events of a GetSessionDetailsBySessionID answer.

    Current servers return them in ``Events``; older ones may nest connection events under ``Connections[].Events``.
    Both are read, de-duplicated by EventID.
    """
    seen = set()
    result = []
    sources = [details.get("Events") or []]
    for connection in details.get("Connections") or ():
        if isinstance(connection, dict):
            sources.append(connection.get("Events") or [])
    for events in sources:
        for event in events:
            if not isinstance(event, dict):
                continue
            event_id = event.get("EventID")
            if event_id is not None and event_id in seen:
                continue
            seen.add(event_id)
            result.append(event)
    return result
