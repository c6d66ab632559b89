# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The session properties the filter language knows (ConnectWise's filter reference, as listed for the server).

PRIVATE to the collection: this file may change without notice.

Keys of a ``match`` option are checked against this list before any request: a label the user forgot to declare in
``custom_property_names`` would otherwise be sent as an unknown property, which the server answers with an error
or, worse, with no sessions.
"""

from __future__ import annotations

FILTER_PROPERTIES = (
    "SessionID", "SessionType", "Name", "Host", "IsPublic", "Code", "Notes",
    "FirstEventTime", "LastEventTime", "LastConnectedEventTime", "LastHostConnectedEventTime",
    "LastGuestConnectedEventTime", "LastDisconnectedEventTime", "LastGuestDisconnectedEventTime",
    "HostConnectedCount", "GuestConnectedCount", "ConnectedParticipantNames", "LogonSessionDisplayNames",
) + tuple("CustomProperty%d" % index for index in range(1, 9)) + (
    "GuestIsLocalAdminPresent", "GuestLoggedOnUserDomain", "GuestLoggedOnUserName", "GuestLastActivityTime",
    "GuestMachineDomain", "GuestMachineName", "GuestOperatingSystemName", "GuestOperatingSystemVersion",
    "GuestOperatingSystemInstallationTime", "GuestProcessorName", "GuestProcessorVirtualCount",
    "GuestSystemMemoryTotalMegabytes", "GuestSystemMemoryAvailableMegabytes", "GuestAttributes",
    "GuestScreenshotContentType", "GuestOperatingSystemManufacturerName", "GuestMachineManufacturerName",
    "GuestMachineModel", "GuestMachineProductNumber", "GuestMachineSerialNumber", "GuestMachineDescription",
    "GuestProcessorArchitecture", "GuestClientVersion", "GuestNetworkAddress", "GuestPrivateNetworkAddress",
    "GuestHardwareNetworkAddress", "GuestTimezoneName", "GuestTimezoneOffsetHours", "GuestLastBootTime",
    "GuestInfoUpdateTime", "QueuedEventCount", "UnacknowledgedEventCount", "PendingRequestEventCount",
    "LastNeedsAcknowledgementEventTime", "LastAcknowledgementEventTime",
)

# The server compares property names without regard to case; the canonical spelling is sent.
_BY_FOLDED = dict((name.lower(), name) for name in FILTER_PROPERTIES)


def filter_property(name):
    """The canonical spelling of a filter property, or None when the filter language has no such property."""
    return _BY_FOLDED.get(str(name).lower())
