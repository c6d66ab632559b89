# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filter properties of reference section 4.2: their names, types, enums and defaults."""

from __future__ import annotations

from typing import Dict

from .filter_dates import DATE_MIN


SESSION_TYPES = {"support": 0, "meeting": 1, "access": 2}
PROCESSOR_ARCHITECTURES = {"unknown": -1, "x86": 0, "arm32": 5, "x64": 9, "arm64": 12}
ENUMS = {"SessionType": SESSION_TYPES, "GuestProcessorArchitecture": PROCESSOR_ARCHITECTURES}

STR, NUM, BOOL, DATE, ANY = "string", "number", "boolean", "date", "any"

_STRING_PROPERTIES = (
    "SessionID", "Name", "Host", "Code", "Notes", "ConnectedParticipantNames", "LogonSessionDisplayNames",
    "GuestLoggedOnUserDomain", "GuestLoggedOnUserName", "GuestMachineDomain", "GuestMachineName",
    "GuestOperatingSystemName", "GuestOperatingSystemVersion", "GuestProcessorName", "GuestScreenshotContentType",
    "GuestOperatingSystemManufacturerName", "GuestMachineManufacturerName", "GuestMachineModel",
    "GuestMachineProductNumber", "GuestMachineSerialNumber", "GuestMachineDescription", "GuestClientVersion",
    "GuestNetworkAddress", "GuestPrivateNetworkAddress", "GuestHardwareNetworkAddress", "GuestTimezoneName",
) + tuple("CustomProperty%d" % index for index in range(1, 9))
_NUMBER_PROPERTIES = (
    "SessionType", "GuestProcessorArchitecture", "HostConnectedCount", "GuestConnectedCount",
    "GuestProcessorVirtualCount", "GuestSystemMemoryTotalMegabytes", "GuestSystemMemoryAvailableMegabytes",
    "GuestAttributes", "GuestTimezoneOffsetHours", "QueuedEventCount", "UnacknowledgedEventCount",
    "PendingRequestEventCount",
)
_BOOL_PROPERTIES = ("IsPublic", "GuestIsLocalAdminPresent")
_DATE_PROPERTIES = (
    "FirstEventTime", "LastEventTime", "LastConnectedEventTime", "LastHostConnectedEventTime",
    "LastGuestConnectedEventTime", "LastDisconnectedEventTime", "LastGuestDisconnectedEventTime",
    "GuestLastActivityTime", "GuestOperatingSystemInstallationTime", "GuestLastBootTime", "GuestInfoUpdateTime",
    "LastNeedsAcknowledgementEventTime", "LastAcknowledgementEventTime",
)

#: property name -> its type; the names of reference section 4.2
PROPERTY_TYPES: Dict[str, str] = {}
PROPERTY_TYPES.update((name, STR) for name in _STRING_PROPERTIES)
PROPERTY_TYPES.update((name, NUM) for name in _NUMBER_PROPERTIES)
PROPERTY_TYPES.update((name, BOOL) for name in _BOOL_PROPERTIES)
PROPERTY_TYPES.update((name, DATE) for name in _DATE_PROPERTIES)
KNOWN_PROPERTIES = frozenset(PROPERTY_TYPES)
PROPERTY_BY_FOLDED = {name.casefold(): name for name in PROPERTY_TYPES}
DEFAULTS = {STR: "", NUM: 0, BOOL: False, DATE: DATE_MIN}
