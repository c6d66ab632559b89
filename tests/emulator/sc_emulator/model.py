# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Session, event and connection objects in the JSON shapes of the reference (section 3)."""

from __future__ import annotations

import json
import uuid
from typing import Any, Dict, List, Optional, Tuple

from . import filters
from .timefmt import MIN_DATE, now_text

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
CUSTOM_PROPERTY_COUNT = 8
SESSION_TYPES = {"Support": 0, "Meeting": 1, "Access": 2}


class EventType:
    """SessionEventType values used by the emulator (section 3.3)."""

    CONNECTED = 10
    DISCONNECTED = 11
    CREATED_SESSION = 20
    ADDED_NOTE = 32
    QUEUED_COMMAND = 44
    QUEUED_MESSAGE = 45
    QUEUED_TOOL = 47
    MODIFIED_NAME = 60
    MODIFIED_CUSTOM_PROPERTY = 64
    RAN_COMMAND = 70
    SENT_MESSAGE = 71


class ProcessType:
    HOST = 1
    GUEST = 2


CLIENT_TYPE_BY_OS = {"windows": 1, "mac": 6, "linux": 7}

GUEST_INFO_DEFAULTS: Dict[str, Any] = {
    "MachineName": "", "MachineDomain": "", "MachineSerialNumber": "", "MachineManufacturerName": "",
    "MachineModel": "", "MachineProductNumber": "", "MachineDescription": "",
    "LoggedOnUserName": "", "LoggedOnUserDomain": "",
    "OperatingSystemName": "", "OperatingSystemVersion": "", "OperatingSystemManufacturerName": "",
    "OperatingSystemLanguage": "", "OperatingSystemInstallationTime": MIN_DATE,
    "ProcessorName": "", "ProcessorVirtualCount": 0, "ProcessorArchitecture": -1,
    "SystemMemoryTotalMegabytes": 0, "SystemMemoryAvailableMegabytes": 0,
    "PrivateNetworkAddress": "", "HardwareNetworkAddress": "", "TimeZoneName": "", "TimeZoneOffsetHours": 0,
    "LastBootTime": MIN_DATE, "LastActivityTime": MIN_DATE, "IsLocalAdminPresent": False,
    "Attributes": 0, "ScreenshotContentType": "",
}


def new_id(rng: Any = None) -> str:
    """A lower-case uuid4 string; deterministic when ``rng`` (a random.Random) is given."""
    if rng is None:
        return str(uuid.uuid4())
    # the same bits as uuid.UUID(int=..., version=4), without the object (fleet generation makes many)
    value = (rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET
    text = "%032x" % value
    return "%s-%s-%s-%s-%s" % (text[:8], text[8:12], text[12:16], text[16:20], text[20:])


_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)


def new_event(event_type: int, host: str = "", data: str = "", connection_id: str = EMPTY_GUID,
              time: Optional[str] = None, event_id: Optional[str] = None) -> Dict[str, Any]:
    return {
        "EventID": event_id or new_id(),
        "EventType": event_type,
        "Time": time or now_text(),
        "Host": host,
        "Data": data,
        "ConnectionID": connection_id,
        "CorrelationEventID": EMPTY_GUID,
    }


def new_connection(connection_id: str, process_type: int, client_type: int, participant: str, address: str,
                   connected_time: str, client_version: str = "") -> Dict[str, Any]:
    """A Connections[] entry of the session details (DisconnectedTime = MinValue while connected)."""
    return {
        "ConnectionID": connection_id,
        "ProcessType": process_type,
        "ClientType": client_type,
        "ClientVersion": client_version,
        "NetworkAddress": address,
        "ParticipantName": participant,
        "ConnectedTime": connected_time,
        "DisconnectedTime": MIN_DATE,
    }


def active_connection(connection: Dict[str, Any]) -> Dict[str, Any]:
    """The Session.ActiveConnections[] form of a connection."""
    return {key: connection[key] for key in
            ("ConnectionID", "ProcessType", "ClientType", "ParticipantName", "NetworkAddress", "ConnectedTime")}


def new_session_data(session_id: str, session_type: int, name: str = "", host: str = "", is_public: bool = False,
                     code: str = "", custom_property_values: Optional[List[str]] = None,
                     guest_info: Optional[Dict[str, Any]] = None, created_time: Optional[str] = None) -> Dict[str, Any]:
    """A Session object (section 3.2) with no guest connected."""
    values = list(custom_property_values or [])
    values = (values + [""] * CUSTOM_PROPERTY_COUNT)[:CUSTOM_PROPERTY_COUNT]
    info = dict(GUEST_INFO_DEFAULTS)
    if guest_info:
        info.update(guest_info)
    created = created_time or now_text()
    return {
        "SessionID": session_id,
        "SessionType": session_type,
        "Name": name,
        "Host": host,
        "IsPublic": bool(is_public),
        "Code": code,
        "CustomPropertyValues": values,
        "GuestInfo": info,
        "GuestNetworkAddress": "",
        "GuestClientVersion": "",
        "GuestInfoUpdateTime": MIN_DATE,
        "ActiveConnections": [],
        "QueuedEvents": [],
        "UnacknowledgedEvents": [],
        "PendingRequestEvents": [],
        "AddedNoteEvents": [],
        "Attributes": 0,
        "LogonSessions": [],
        "LastAlteredVersion": 1,
        "FirstEventTime": created,
        "LastEventTime": created,
        "LastConnectedEventTime": MIN_DATE,
        "LastGuestConnectedEventTime": MIN_DATE,
        "LastGuestDisconnectedEventTime": MIN_DATE,
        "LastInitiatedJoinEventHost": "",
        "LastInitiatedJoinEventTime": MIN_DATE,
        "IsEnded": False,
    }


class SessionRecord:
    """One session: its JSON object, history, connections, notes and what the simulated agent needs.

    ``data`` is the Session JSON object. Whoever changes it must call ``touch()`` (under the store lock) so the
    cached serialization and filter view are rebuilt on next use.
    """

    __slots__ = ("data", "events", "connections", "notes", "guest", "version", "_json", "_json_key", "_view",
                 "_view_version")

    def __init__(self, data: Dict[str, Any], events: Optional[List[Dict[str, Any]]] = None,
                 connections: Optional[List[Dict[str, Any]]] = None, notes: Optional[List[str]] = None,
                 guest: Optional[Dict[str, Any]] = None) -> None:
        self.data = data
        self.events = events if events is not None else []
        self.connections = connections if connections is not None else []
        self.notes = notes if notes is not None else []
        self.guest = guest if guest is not None else {}
        self.version = 0
        self._json: Optional[bytes] = None
        self._json_key: Optional[Tuple[int, str]] = None
        self._view: Optional[Dict[str, Any]] = None
        self._view_version = -1

    @property
    def session_id(self) -> str:
        return self.data["SessionID"]

    def touch(self) -> None:
        self.version += 1
        self.data["LastAlteredVersion"] = self.data.get("LastAlteredVersion", 0) + 1
        self._json = None
        self._view = None

    def guest_connection(self) -> Optional[Dict[str, Any]]:
        for connection in self.data["ActiveConnections"]:
            if connection["ProcessType"] == ProcessType.GUEST:
                return connection
        return None

    @property
    def online(self) -> bool:
        return self.guest_connection() is not None

    def to_json(self, shape: str = "array") -> bytes:
        """The serialized Session, cached until the next ``touch()``."""
        key = (self.version, shape)
        if self._json is None or self._json_key != key:
            data = self.data
            if shape == "both":
                data = dict(data)
                data["CustomProperties"] = {
                    "CustomProperty%d" % (index + 1): value for index, value in enumerate(data["CustomPropertyValues"])}
            self._json = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            self._json_key = key
        return self._json

    def view(self) -> Dict[str, Any]:
        """The flattened filter properties, cached until the next ``touch()``."""
        if self._view is None or self._view_version != self.version:
            self._view = filters.filter_view(self.data, self.notes)
            self._view_version = self.version
        return self._view
