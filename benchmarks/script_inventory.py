#!/usr/bin/env python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The baseline of the inventory benchmark: an executable script inventory as users wrote it before the plugin.

    SCREENCONNECT_URL=https://sc.example.com SCREENCONNECT_SECRET=... ./script_inventory.py --list

It fetches every Access session with one GetSessionsByFilter call and prints the hosts, groups and variables that
``benchmarks/bench.screenconnect.yml`` makes the ``screenconnect.restapi.screenconnect`` plugin produce, in the JSON
format of ``ansible.builtin.script`` (``_meta.hostvars`` included, so Ansible never calls ``--host``).
Standalone on purpose: it imports nothing from the collection, only ``requests``.
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import re
import sys

import requests

EXTENSION_ID = "2d558935-686a-4bd0-9991-07539f5fe749"
SESSION_FILTER = "SessionType = 'Access'"
PREFIX = "screenconnect_"
CUSTOM_PROPERTY_NAMES = {"Company": 1, "Site": 2}
SESSION_TYPES = {0: "Support", 1: "Meeting", 2: "Access"}
ARCHITECTURES = {-1: "Unknown", 0: "X86", 5: "Arm32", 9: "X64", 12: "Arm64"}
DATE_FIELDS = ("GuestInfoUpdateTime", "LastConnectedEventTime", "LastGuestConnectedEventTime", "LastGuestDisconnectedEventTime")
DATE_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?\s*(Z|[+-]\d\d:?\d\d)?$")
LINUX_RE = re.compile(r"\b(linux|ubuntu|debian|red hat|rhel|centos|fedora|suse|rocky|almalinux|mint|gentoo)\b", re.I)
MACOS_RE = re.compile(r"\bmac ?os\b|\bos x\b|\bdarwin\b", re.I)


def snake_case(name):
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def label_key(label):
    return re.sub(r"[^0-9a-z]", "_", label.lower())


def iso_date(value):
    """YYYY-MM-DDTHH:MM:SS.ffffffZ in UTC; None for .NET's MinValue ("never") and anything unparseable."""
    match = DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if not match or int(match.group(1)) <= 1:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                               int((fraction or "0")[:6].ljust(6, "0")))
    if zone and zone != "Z":
        offset = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:]))
        moment = moment - offset if zone[0] == "+" else moment + offset
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def os_family(os_name):
    text = os_name if isinstance(os_name, str) else ""
    if "windows" in text.lower():
        return "windows"
    if MACOS_RE.search(text):
        return "macos"
    if LINUX_RE.search(text):
        return "linux"
    return "other"


def architecture(value):
    if isinstance(value, str) and not value.lstrip("-").isdigit():
        return value
    try:
        return ARCHITECTURES.get(int(value), "Unknown")
    except (TypeError, ValueError):
        return "Unknown"


def text(value):
    return "" if value is None else str(value)


def fetch_sessions(url, secret):
    response = requests.post(
        "%s/App_Extensions/%s/Service.ashx/GetSessionsByFilter" % (url.rstrip("/"), EXTENSION_ID),
        data=json.dumps([SESSION_FILTER]),
        headers={"CTRLAuthHeader": secret, "Content-Type": "application/json"},
        timeout=300,
    )
    response.raise_for_status()
    return response.json() or []


def host_vars(session):
    info = session.get("GuestInfo") or {}
    values = [("" if value is None else str(value)) for value in (session.get("CustomPropertyValues") or [])[:8]]
    values += [""] * (8 - len(values))
    session_type = session.get("SessionType")
    result = {
        "session_id": text(session.get("SessionID")),
        "session_type": SESSION_TYPES.get(session_type, text(session_type)),
        "name": text(session.get("Name")),
        "host": text(session.get("Host")),
        "is_public": bool(session.get("IsPublic")),
        "code": text(session.get("Code")),
        "is_ended": bool(session.get("IsEnded")),
        "online": any(connection.get("ProcessType") == 2 for connection in session.get("ActiveConnections") or ()),
        "custom_properties": values,
        "guest_network_address": text(session.get("GuestNetworkAddress")),
        "guest_client_version": text(session.get("GuestClientVersion")),
    }
    for label, position in CUSTOM_PROPERTY_NAMES.items():
        result[label_key(label)] = values[position - 1]
    for field in DATE_FIELDS:
        result[snake_case(field)] = iso_date(session.get(field))
    for field, value in info.items():
        if field == "ProcessorArchitecture":
            value = architecture(value)
        elif field.endswith("Time"):
            value = iso_date(value)
        result["guest_" + snake_case(field)] = value
    return dict((PREFIX + key, value) for key, value in result.items())


def build_inventory(sessions):
    chosen = {}
    order = []
    for session in sessions:
        hostvars = host_vars(session)
        candidates = (hostvars[PREFIX + "name"], hostvars.get(PREFIX + "guest_machine_name"), hostvars[PREFIX + "session_id"], "?")
        hostname = next(value for value in candidates if isinstance(value, str) and value.strip())
        rank = (hostvars[PREFIX + "online"], hostvars[PREFIX + "last_connected_event_time"] or "")
        if hostname not in chosen:
            order.append(hostname)
        elif chosen[hostname][0] >= rank:
            continue
        chosen[hostname] = (rank, hostvars)
    inventory = {"_meta": {"hostvars": {}}}
    groups = {}
    for hostname in order:
        hostvars = chosen[hostname][1]
        inventory["_meta"]["hostvars"][hostname] = hostvars
        for group in ("online" if hostvars[PREFIX + "online"] else "offline",
                      "type_" + label_key(hostvars[PREFIX + "session_type"] or "unknown"),
                      "os_" + os_family(hostvars.get(PREFIX + "guest_operating_system_name"))):
            groups.setdefault(PREFIX + group, []).append(hostname)
    for group, hosts in groups.items():
        inventory[group] = {"hosts": hosts}
    inventory["all"] = {"children": sorted(groups)}
    return inventory


def main():
    parser = argparse.ArgumentParser(description="ScreenConnect Access sessions as an Ansible script inventory")
    parser.add_argument("--list", action="store_true", help="print the whole inventory")
    parser.add_argument("--host", help="print the variables of one host")
    args = parser.parse_args()
    url = os.environ.get("SCREENCONNECT_URL")
    secret = os.environ.get("SCREENCONNECT_SECRET")
    if not url or not secret:
        sys.stderr.write("SCREENCONNECT_URL and SCREENCONNECT_SECRET must be set\n")
        return 1
    inventory = build_inventory(fetch_sessions(url, secret))
    if args.host is not None:
        result = inventory["_meta"]["hostvars"].get(args.host, {})
    else:
        result = inventory
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
