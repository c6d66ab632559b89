# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The flat filter view of a Session JSON dict: the property values a filter reads (sections 3.2, 4.2)."""

from __future__ import annotations

import datetime
from typing import Any, Dict, Mapping, Sequence

from .filter_dates import DATE_MIN, parse_date
from .filter_schema import BOOL, DATE, NUM, PROCESSOR_ARCHITECTURES, PROPERTY_TYPES, SESSION_TYPES, STR
from .filter_values import to_number


# filter property -> GuestInfo key (the JSON nests machine facts under GuestInfo with un-prefixed names)
_GUEST_INFO_KEYS = {
    "GuestLoggedOnUserDomain": "LoggedOnUserDomain", "GuestLoggedOnUserName": "LoggedOnUserName",
    "GuestMachineDomain": "MachineDomain", "GuestMachineName": "MachineName",
    "GuestOperatingSystemName": "OperatingSystemName", "GuestOperatingSystemVersion": "OperatingSystemVersion",
    "GuestProcessorName": "ProcessorName", "GuestScreenshotContentType": "ScreenshotContentType",
    "GuestOperatingSystemManufacturerName": "OperatingSystemManufacturerName",
    "GuestMachineManufacturerName": "MachineManufacturerName", "GuestMachineModel": "MachineModel",
    "GuestMachineProductNumber": "MachineProductNumber", "GuestMachineSerialNumber": "MachineSerialNumber",
    "GuestMachineDescription": "MachineDescription", "GuestPrivateNetworkAddress": "PrivateNetworkAddress",
    "GuestHardwareNetworkAddress": "HardwareNetworkAddress", "GuestTimezoneName": "TimeZoneName",
    "GuestProcessorArchitecture": "ProcessorArchitecture", "GuestProcessorVirtualCount": "ProcessorVirtualCount",
    "GuestSystemMemoryTotalMegabytes": "SystemMemoryTotalMegabytes",
    "GuestSystemMemoryAvailableMegabytes": "SystemMemoryAvailableMegabytes", "GuestAttributes": "Attributes",
    "GuestTimezoneOffsetHours": "TimeZoneOffsetHours", "GuestIsLocalAdminPresent": "IsLocalAdminPresent",
    "GuestLastActivityTime": "LastActivityTime", "GuestOperatingSystemInstallationTime": "OperatingSystemInstallationTime",
    "GuestLastBootTime": "LastBootTime",
}
# filter property -> list in the Session JSON whose length it is
_COUNT_LISTS = {"QueuedEventCount": "QueuedEvents", "UnacknowledgedEventCount": "UnacknowledgedEvents",
                "PendingRequestEventCount": "PendingRequestEvents"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _number(value: Any) -> Any:
    """A number for the view: what is not one counts as 0, since a view is built for every session and never fails."""
    try:
        return to_number(value)
    except ValueError:
        return 0


def _enum(value: Any, names: Mapping[str, int], default: int) -> int:
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in names:
            return names[folded]
    if value is None or value == "":
        return default
    return int(_number(value))


def _date(value: Any) -> datetime.datetime:
    parsed = parse_date(value)
    return DATE_MIN if parsed is None else parsed


_COMPUTED = frozenset(["SessionType", "GuestProcessorArchitecture", "Notes", "GuestConnectedCount", "HostConnectedCount",
                       "ConnectedParticipantNames", "LogonSessionDisplayNames"] + list(_COUNT_LISTS)
                      + ["CustomProperty%d" % index for index in range(1, 9)])
# (name, GuestInfo key or None) of the properties copied from the JSON, by type
_COPIED = {kind: tuple((name, _GUEST_INFO_KEYS.get(name)) for name, type_ in PROPERTY_TYPES.items()
                       if type_ == kind and name not in _COMPUTED) for kind in (STR, NUM, BOOL, DATE)}


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() in ("true", "1")
    return bool(value)


def filter_view(session: Mapping[str, Any], notes: Sequence[str] = ()) -> Dict[str, Any]:
    """The flat property dict of reference section 4.2 for a Session JSON dict (sections 3.2/3.5).

    Strings are never None ("" instead), booleans are bools, counts and enums ints, dates aware datetimes
    (``DATE_MIN`` for "never" and for missing dates).
    """
    guest = session.get("GuestInfo") or {}
    top = session.get
    view: Dict[str, Any] = {}
    for name, key in _COPIED[STR]:
        raw = guest.get(key, top(name)) if key else top(name)
        view[name] = raw if raw.__class__ is str else _text(raw)
    for name, key in _COPIED[DATE]:
        raw = guest.get(key, top(name)) if key else top(name)
        view[name] = DATE_MIN if raw is None else _date(raw)
    for name, key in _COPIED[NUM]:
        raw = guest.get(key, top(name)) if key else top(name)
        view[name] = 0 if raw is None else (raw if raw.__class__ is int else _number(raw))
    for name, key in _COPIED[BOOL]:
        view[name] = _bool(guest.get(key, top(name)) if key else top(name))
    view["SessionType"] = _enum(top("SessionType"), SESSION_TYPES, 0)
    view["GuestProcessorArchitecture"] = _enum(guest.get("ProcessorArchitecture", top("GuestProcessorArchitecture")),
                                               PROCESSOR_ARCHITECTURES, -1)
    values = top("CustomPropertyValues") or ()
    named = top("CustomProperties")
    if not isinstance(named, Mapping):
        named = {}
    for index in range(8):
        name = "CustomProperty%d" % (index + 1)
        value = values[index] if index < len(values) else named.get(name, top(name))
        view[name] = value if value.__class__ is str else _text(value)
    view["Notes"] = ";".join(_text(note) for note in notes)
    connections = top("ActiveConnections") or ()
    guests = hosts = 0
    names = []
    for item in connections:
        process = item.get("ProcessType")
        if process == 2:
            guests += 1
        elif process == 1:
            hosts += 1
        if item.get("ParticipantName"):
            names.append(_text(item["ParticipantName"]))
    view["GuestConnectedCount"] = guests
    view["HostConnectedCount"] = hosts
    view["ConnectedParticipantNames"] = ";".join(names)
    logons = top("LogonSessions") or ()
    view["LogonSessionDisplayNames"] = ";".join(
        _text(item.get("DisplayName") or item.get("Name")) if isinstance(item, Mapping) else _text(item)
        for item in logons)
    for name, key in _COUNT_LISTS.items():
        items = top(key)
        view[name] = len(items) if isinstance(items, list) else _number(top(name) or 0)
    return view
