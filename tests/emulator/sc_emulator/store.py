# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The session store: one lock around sessions, events, notes and the cached JSON / filter views."""

from __future__ import annotations

import json
import random
import threading
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional

from .model import (CLIENT_TYPE_BY_OS, CUSTOM_PROPERTY_COUNT, EventType, ProcessType, SessionRecord,
                    active_connection, new_connection, new_event, new_id, new_session_data)
from .timefmt import now_text

QUEUED_TYPES = (EventType.QUEUED_COMMAND, EventType.QUEUED_MESSAGE, EventType.QUEUED_TOOL)


def json_list(records: Iterable[SessionRecord], shape: str) -> bytes:
    return b"[" + b",".join(record.to_json(shape) for record in records) + b"]"


class Store:
    """All sessions. Every public method takes ``self.lock`` (re-entrant) itself."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._sessions: Dict[str, SessionRecord] = {}

    # ---- loading and lookup -------------------------------------------------------------------------------------
    def load(self, records: Iterable[SessionRecord]) -> None:
        with self.lock:
            self._sessions = {record.session_id: record for record in records}

    def count(self) -> int:
        with self.lock:
            return len(self._sessions)

    def get(self, session_id: str) -> Optional[SessionRecord]:
        with self.lock:
            return self._sessions.get(session_id.lower())

    def records(self) -> List[SessionRecord]:
        with self.lock:
            return list(self._sessions.values())

    def find_by_name(self, name: str, mode: str) -> List[SessionRecord]:
        with self.lock:
            if mode == "prefix" and name:
                lowered = name.lower()
                return [r for r in self._sessions.values() if r.data["Name"].lower().startswith(lowered)]
            return [r for r in self._sessions.values() if r.data["Name"] == name]

    def filter(self, predicate: Callable[[Mapping[str, Any]], bool]) -> List[SessionRecord]:
        with self.lock:
            return [r for r in self._sessions.values() if predicate(r.view())]

    def serialize(self, records: Iterable[SessionRecord], shape: str) -> bytes:
        with self.lock:
            return json_list(records, shape)

    def session_json(self, record: SessionRecord, shape: str) -> Dict[str, Any]:
        with self.lock:
            return json.loads(record.to_json(shape))

    def details_json(self, record: SessionRecord, order: str, shape: str) -> bytes:
        with self.lock:
            events = list(record.events)
            if order == "desc":
                events.reverse()
            elif order == "shuffle":
                random.shuffle(events)
            parts = [
                b'{"Session":', record.to_json(shape),
                b',"Events":', json.dumps(events, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                b',"Connections":', json.dumps(record.connections, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                b',"GuestScreenshotContent":""}',
            ]
            return b"".join(parts)

    def events_of(self, record: SessionRecord) -> List[Dict[str, Any]]:
        with self.lock:
            return [dict(event) for event in record.events]

    # ---- changes --------------------------------------------------------------------------------------------------
    def _add_event(self, record: SessionRecord, event: Dict[str, Any]) -> Dict[str, Any]:
        record.events.append(event)
        record.data["LastEventTime"] = event["Time"]
        return event

    def add(self, record: SessionRecord) -> SessionRecord:
        with self.lock:
            self._sessions[record.session_id] = record
            return record

    def create_session(self, session_type: int, name: str, is_public: bool, code: str, values: List[str],
                       host: str) -> SessionRecord:
        with self.lock:
            record = SessionRecord(new_session_data(new_id(), session_type, name, host, is_public, code, values))
            self._add_event(record, new_event(EventType.CREATED_SESSION, host=host))
            return self.add(record)

    def update_name(self, record: SessionRecord, new_name: str, host: str) -> None:
        with self.lock:
            record.data["Name"] = new_name
            self._add_event(record, new_event(EventType.MODIFIED_NAME, host=host, data=new_name))
            record.touch()

    def update_custom_properties(self, record: SessionRecord, values: List[str], partial: str, host: str) -> None:
        with self.lock:
            current = list(record.data["CustomPropertyValues"])
            for index in range(CUSTOM_PROPERTY_COUNT):
                if index < len(values):
                    current[index] = values[index] if values[index] is not None else ""
                elif partial == "blank":
                    current[index] = ""
            record.data["CustomPropertyValues"] = current
            self._add_event(record, new_event(EventType.MODIFIED_CUSTOM_PROPERTY, host=host))
            record.touch()

    def add_note(self, record: SessionRecord, note: str, host: str) -> None:
        with self.lock:
            record.notes.append(note)
            event = self._add_event(record, new_event(EventType.ADDED_NOTE, host=host, data=note))
            record.data["AddedNoteEvents"] = record.data.get("AddedNoteEvents", []) + [dict(event)]
            record.touch()

    def queue_event(self, record: SessionRecord, event_type: int, host: str, data: str) -> Dict[str, Any]:
        """Add a QueuedCommand/Message/Tool event: in the history and in QueuedEvents until processed."""
        with self.lock:
            event = self._add_event(record, new_event(event_type, host=host, data=data))
            record.data["QueuedEvents"] = record.data["QueuedEvents"] + [dict(event)]
            record.touch()
            return event

    def dequeue(self, session_id: str, event_id: str) -> bool:
        with self.lock:
            record = self._sessions.get(session_id)
            if record is None:
                return False
            queued = record.data["QueuedEvents"]
            remaining = [event for event in queued if event["EventID"] != event_id]
            if len(remaining) == len(queued):
                return False
            record.data["QueuedEvents"] = remaining
            record.touch()
            return True

    def is_queued(self, session_id: str, event_id: str) -> bool:
        with self.lock:
            record = self._sessions.get(session_id)
            return record is not None and any(e["EventID"] == event_id for e in record.data["QueuedEvents"])

    def complete_command(self, session_id: str, event_id: str, output: str) -> Optional[Dict[str, Any]]:
        """Append the RanCommand event for a queued command and take the command off QueuedEvents."""
        with self.lock:
            record = self._sessions.get(session_id)
            connection = record.guest_connection() if record is not None else None
            # reference 5.2: output only reaches the server over the guest's connection; a guest that went offline
            # while running the command keeps it queued (it runs again when the guest comes back)
            if connection is None or not self.dequeue(session_id, event_id):
                return None
            connection_id = connection["ConnectionID"]
            event = self._add_event(record, new_event(EventType.RAN_COMMAND, host="", data=output, connection_id=connection_id))
            record.touch()
            return event

    def set_online(self, record: SessionRecord, online: bool) -> List[Dict[str, Any]]:
        """Connect or disconnect the guest; returns the queued events an online agent must now process."""
        with self.lock:
            data = record.data
            current = record.guest_connection()
            now = now_text()
            if online and current is None:
                connection_id = new_id()
                info = data["GuestInfo"]
                connection = new_connection(connection_id, ProcessType.GUEST, CLIENT_TYPE_BY_OS.get(record.guest.get("os_family", ""), 1),
                                            info.get("LoggedOnUserName", ""), data["GuestNetworkAddress"], now,
                                            data["GuestClientVersion"])
                record.connections.append(connection)
                data["ActiveConnections"] = data["ActiveConnections"] + [active_connection(connection)]
                data["LastConnectedEventTime"] = now
                data["LastGuestConnectedEventTime"] = now
                record.guest["last_connection_id"] = connection_id
                self._add_event(record, new_event(EventType.CONNECTED, data="", connection_id=connection_id, time=now))
                record.touch()
            elif not online and current is not None:
                connection_id = current["ConnectionID"]
                data["ActiveConnections"] = [c for c in data["ActiveConnections"] if c["ConnectionID"] != connection_id]
                for connection in record.connections:
                    if connection["ConnectionID"] == connection_id:
                        connection["DisconnectedTime"] = now
                data["LastGuestDisconnectedEventTime"] = now
                self._add_event(record, new_event(EventType.DISCONNECTED, connection_id=connection_id, time=now))
                record.touch()
            if not online:
                return []
            return [dict(event) for event in data["QueuedEvents"] if event["EventType"] in QUEUED_TYPES]
