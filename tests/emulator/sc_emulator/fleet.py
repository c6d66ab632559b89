# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fleets: a deterministic seeded fleet of any size and a small hand-made demo fleet.

The same ``(count, seed, epoch)`` always gives the same sessions (ids, names, properties, dates, events).
"""

from __future__ import annotations

import datetime
import random
from typing import Any, Dict, List, Optional, Tuple

from .fleet_activity import CHATS, add_activity, add_chat, connect_host
from .model import (CLIENT_TYPE_BY_OS, EventType, ProcessType, SessionRecord, active_connection, new_connection,
                    new_event, new_id, new_session_data)
from .timefmt import UTC

COMPANIES = [
    "Acme", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli", "Vandelay Industries",
    "O'Brien Plumbing", "Müller & Söhne GmbH", "Café Zoë", "Nordwind AS", "Tyrell", "Cyberdyne", "Soylent",
    "Wonka", "Gringotts", "Oscorp", "Pied Piper", "Aperture", "Black Mesa", "Monarch", "Dunder Mifflin",
    "Sterling Cooper", "株式会社サンプル", "Łódź Logistics", "Massive Dynamic", "Bluth Company", "Krusty Krab",
    "Prestige Worldwide",
]
SITES = ["HQ", "Branch-01", "Branch-02", "Warehouse", "Remote", "DC-East", "DC-West", "Lab", "Shop Floor", "Home Office"]
DEPARTMENTS = ["Finance", "Sales", "IT", "Engineering", "HR", "Support", "Operations"]
TECHS = ["alice", "bob", "carol", "dave", "erin", "frank"]
FIRST_NAMES = ["jdoe", "asmith", "mgarcia", "wchen", "lnguyen", "pmüller", "zoë.b", "kobrien", "tjones", "rpatel"]
WEIRD_NAMES = [
    "O'Brien's Laptop", "Zoë's-PC", "東京-Workstation", "{{ lookup('pipe','id') }}", "{% raw %}x{% endraw %}",
    "Name with \"double\" quotes", "back\\slash-PC", "semi;colon*star%", "  leading-and-trailing  ",
]

# (os_family, name, version, manufacturer, architecture, weight)
OS_PROFILES: List[Tuple[str, str, str, str, int, int]] = [
    ("windows", "Microsoft Windows 10 Pro", "10.0.19045", "Microsoft Corporation", 9, 22),
    ("windows", "Microsoft Windows 11 Pro", "10.0.22631", "Microsoft Corporation", 9, 26),
    ("windows", "Microsoft Windows 11 Enterprise", "10.0.26100", "Microsoft Corporation", 12, 4),
    ("windows", "Microsoft Windows Server 2019 Standard", "10.0.17763", "Microsoft Corporation", 9, 8),
    ("windows", "Microsoft Windows Server 2022 Datacenter", "10.0.20348", "Microsoft Corporation", 9, 10),
    ("linux", "Ubuntu 22.04.4 LTS", "5.15.0-105-generic", "Canonical", 9, 10),
    ("linux", "Debian GNU/Linux 12 (bookworm)", "6.1.0-21-amd64", "Debian", 9, 5),
    ("linux", "Red Hat Enterprise Linux 9.3 (Plow)", "5.14.0-362.8.1.el9_3.x86_64", "Red Hat, Inc.", 9, 5),
    ("mac", "macOS 14.4.1", "14.4.1", "Apple Inc.", 12, 10),
]
_OS_WEIGHTS = [profile[5] for profile in OS_PROFILES]
_PROFILE_NUMBERS = list(range(len(OS_PROFILES)))
HARDWARE = {
    "windows": [("Dell Inc.", "OptiPlex 7090"), ("HP", "EliteBook 840 G8"), ("LENOVO", "20XW004GUS"),
                ("Microsoft Corporation", "Virtual Machine"), ("VMware, Inc.", "VMware7,1")],
    "linux": [("QEMU", "Standard PC (Q35 + ICH9, 2009)"), ("Dell Inc.", "PowerEdge R650"), ("VMware, Inc.", "VMware7,1")],
    "mac": [("Apple Inc.", "MacBookPro18,3"), ("Apple Inc.", "Macmini9,1")],
}
CPUS = {
    "windows": "Intel(R) Core(TM) i7-1185G7 @ 3.00GHz",
    "linux": "AMD EPYC 7763 64-Core Processor",
    "mac": "Apple M1 Pro",
}
TIME_ZONES = [("Eastern Standard Time", -5), ("Central European Standard Time", 1), ("GMT Standard Time", 0),
              ("Pacific Standard Time", -8), ("Tokyo Standard Time", 9)]
CLIENT_VERSIONS = ["25.4.25.9313", "25.4.25.9313", "25.4.25.9313", "25.2.4.9229", "24.3.7.9067"]


def default_epoch() -> datetime.datetime:
    """Today at 00:00 UTC: the fleet's reference "now" unless ``--epoch`` is given."""
    today = datetime.datetime.now(UTC).date()
    return datetime.datetime(today.year, today.month, today.day, tzinfo=UTC)


_DAY_PREFIXES: Dict[int, str] = {}
_DATE_POOLS: Dict[Tuple[float, float], List[str]] = {}
_POOL_BITS = 10


def _format_timestamp(moment: float) -> str:
    """Format a POSIX timestamp like ``format_date`` (7 fractional digits, trailing zeros trimmed)."""
    day, seconds = divmod(moment, 86400.0)
    prefix = _DAY_PREFIXES.get(int(day))
    if prefix is None:
        prefix = _DAY_PREFIXES[int(day)] = datetime.datetime.fromtimestamp(int(day) * 86400, UTC).strftime("%Y-%m-%dT")
    whole = int(seconds)
    fraction = ("%07d" % int((seconds - whole) * 1e7)).rstrip("0")
    text = "%s%02d:%02d:%02d" % (prefix, whole // 3600, whole // 60 % 60, whole % 60)
    return text + "." + fraction + "Z" if fraction else text + "Z"


def _date(epoch: datetime.datetime, rng: random.Random, max_days: float) -> str:
    """A random moment up to ``max_days`` before ``epoch``.

    Picked from a pool of 1024 pre-formatted moments per (epoch, max_days), which keeps 100,000-session fleets fast;
    the pool itself is deterministic.
    """
    key = (epoch.timestamp(), max_days)
    pool = _DATE_POOLS.get(key)
    if pool is None:
        pool_rng = random.Random("%r/%r" % key)
        pool = _DATE_POOLS[key] = sorted(_format_timestamp(key[0] - pool_rng.random() * max_days * 86400.0)
                                         for _number in range(1 << _POOL_BITS))
    return pool[rng.getrandbits(_POOL_BITS)]


def _serial(rng: random.Random) -> str:
    return "%07X" % rng.getrandbits(28)


def _machine_name(rng: random.Random, os_family: str, os_name: str, company: str, index: int) -> str:
    prefix = "".join(ch for ch in company.upper() if "A" <= ch <= "Z")[:5] or "CORP"
    if os_family == "windows":
        if "Server" in os_name:
            return "%s-SRV-%02d%s" % (prefix, index % 100, "" if index < 100 else "-%d" % (index // 100))
        if rng.random() < 0.4:
            return "DESKTOP-" + _serial(rng)
        return "%s-%s-%04d" % (prefix, rng.choice(("LT", "WS")), index)
    if os_family == "linux":
        return "%s-%02d-%s" % (rng.choice(("web", "db", "app", "build", "k8s-node")), index % 100, prefix.lower())
    return "%ss-MacBook-Pro-%d" % (rng.choice(FIRST_NAMES).split(".")[0].capitalize(), index)


def _guest(rng: random.Random, epoch: datetime.datetime, profile: Tuple[str, str, str, str, int, int], company: str,
           index: int) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """Return (GuestInfo, agent facts for the command simulator)."""
    os_family, os_name, os_version, os_maker, arch, _weight = profile
    machine = _machine_name(rng, os_family, os_name, company, index)
    maker, model = rng.choice(HARDWARE[os_family])
    zone, offset = rng.choice(TIME_ZONES)
    server = "Server" in os_name or os_family == "linux"
    domain = machine if os_family != "windows" or rng.random() < 0.3 else "%s.LOCAL" % company.split()[0].upper()
    user = "" if server and rng.random() < 0.5 else rng.choice(FIRST_NAMES)
    memory = rng.choice((8192, 16384, 32768, 65536))
    serial = "To Be Filled By O.E.M." if rng.random() < 0.02 else _serial(rng)
    info = {
        "MachineName": machine, "MachineDomain": domain.split(".")[0] if os_family == "windows" else domain,
        "MachineSerialNumber": serial, "MachineManufacturerName": maker, "MachineModel": model,
        "MachineProductNumber": "", "MachineDescription": "",
        "LoggedOnUserName": user, "LoggedOnUserDomain": (domain.split(".")[0] if user else ""),
        "OperatingSystemName": os_name, "OperatingSystemVersion": os_version,
        "OperatingSystemManufacturerName": os_maker, "OperatingSystemLanguage": "en-US",
        "OperatingSystemInstallationTime": _date(epoch, rng, 900),
        "ProcessorName": CPUS[os_family] if arch != 12 or os_family == "mac" else "Snapdragon(R) X Elite",
        "ProcessorVirtualCount": rng.choice((4, 8, 16)), "ProcessorArchitecture": arch,
        "SystemMemoryTotalMegabytes": memory, "SystemMemoryAvailableMegabytes": int(memory * rng.uniform(0.1, 0.7)),
        "PrivateNetworkAddress": "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), 1 + rng.randrange(254)),
        "HardwareNetworkAddress": "00-50-56-%02X-%02X-%02X" % (rng.randrange(256), rng.randrange(256), rng.randrange(256)),
        "TimeZoneName": zone, "TimeZoneOffsetHours": offset,
        "LastBootTime": _date(epoch, rng, 20), "LastActivityTime": _date(epoch, rng, 2),
        "IsLocalAdminPresent": rng.random() < 0.6, "Attributes": 0, "ScreenshotContentType": "",
    }
    agent = {"os_family": os_family, "machine_name": machine, "user_name": user, "domain": info["MachineDomain"],
             "bom": os_family == "windows" and rng.random() < 0.2}
    return info, agent


def _guest_templates(rng: random.Random, epoch: datetime.datetime) -> List[List[Tuple[Dict[str, Any], Dict[str, Any]]]]:
    """32 pre-built (GuestInfo, agent) pairs per OS profile; sessions copy one and change the machine-specific bits."""
    return [[_guest(rng, epoch, profile, "Template", number) for number in range(32)] for profile in OS_PROFILES]


def _guest_from(rng: random.Random, epoch: datetime.datetime, template: Tuple[Dict[str, Any], Dict[str, Any]],
                profile: Tuple[str, str, str, str, int, int], company: str, index: int) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    info, agent = dict(template[0]), dict(template[1])
    machine = _machine_name(rng, profile[0], profile[1], company, index)
    info["MachineName"] = agent["machine_name"] = machine
    if profile[0] == "windows" and info["MachineDomain"] != template[1]["machine_name"]:
        domain = company.split()[0].upper()
    else:
        domain = machine
    info["MachineDomain"] = agent["domain"] = domain
    if info["LoggedOnUserName"]:
        info["LoggedOnUserDomain"] = domain
    if info["MachineSerialNumber"] != "To Be Filled By O.E.M.":
        info["MachineSerialNumber"] = _serial(rng)
    bits = rng.getrandbits(48)
    info["PrivateNetworkAddress"] = "10.%d.%d.%d" % (bits >> 40, (bits >> 32) & 255, 1 + (bits >> 24 & 255) % 254)
    info["HardwareNetworkAddress"] = "00-50-56-%02X-%02X-%02X" % ((bits >> 16) & 255, (bits >> 8) & 255, bits & 255)
    info["LastActivityTime"] = _date(epoch, rng, 2)
    return info, agent


def _connect(record: SessionRecord, rng: random.Random, connected: str, online: bool, disconnected: str) -> None:
    data = record.data
    connection_id = new_id(rng)
    connection = new_connection(connection_id, ProcessType.GUEST, CLIENT_TYPE_BY_OS[record.guest["os_family"]],
                                data["GuestInfo"]["LoggedOnUserName"], data["GuestNetworkAddress"], connected,
                                data["GuestClientVersion"])
    record.connections.append(connection)
    record.guest["last_connection_id"] = connection_id
    record.events.append(new_event(EventType.CONNECTED, connection_id=connection_id, time=connected, event_id=new_id(rng)))
    data["LastConnectedEventTime"] = connected
    data["LastGuestConnectedEventTime"] = connected
    if online:
        data["ActiveConnections"] = [active_connection(connection)]
    else:
        connection["DisconnectedTime"] = disconnected
        data["LastGuestDisconnectedEventTime"] = disconnected
        record.events.append(new_event(EventType.DISCONNECTED, connection_id=connection_id, time=disconnected,
                                       event_id=new_id(rng)))


def _access_session(rng: random.Random, epoch: datetime.datetime, index: int, company: str, site: str,
                    online: bool, profile: Optional[Tuple[str, str, str, str, int, int]] = None,
                    guest: Optional[Tuple[Dict[str, Any], Dict[str, Any]]] = None, age_days: float = 400.0,
                    templates: Optional[List[List[Tuple[Dict[str, Any], Dict[str, Any]]]]] = None) -> SessionRecord:
    if profile is None:
        number = rng.choices(_PROFILE_NUMBERS, _OS_WEIGHTS)[0]
        profile = OS_PROFILES[number]
        if templates is not None and guest is None:
            guest = _guest_from(rng, epoch, templates[number][rng.getrandbits(5)], profile, company, index)
    info, agent = guest or _guest(rng, epoch, profile, company, index)
    created = _date(epoch, rng, age_days)
    values = [company, site, "", "", "", "", "", ""]
    if rng.random() < 0.3:
        values[2] = rng.choice(DEPARTMENTS)
    if rng.random() < 0.1:
        values[3] = "asset-%05d" % index
    unattended = rng.random() < 0.6
    name = "" if unattended else info["MachineName"]
    data = new_session_data(new_id(rng), 2, name=name, custom_property_values=values, guest_info=info, created_time=created)
    data["Attributes"] = 6 if unattended else 7
    data["GuestClientVersion"] = rng.choice(CLIENT_VERSIONS)
    data["GuestNetworkAddress"] = "203.0.113.%d" % (1 + index % 254)
    data["GuestInfoUpdateTime"] = _date(epoch, rng, 1 if online else 60)
    record = SessionRecord(data, guest=agent)
    record.events.append(new_event(EventType.CREATED_SESSION, time=created, event_id=new_id(rng)))
    if online:
        _connect(record, rng, _date(epoch, rng, 10), True, "")
    elif rng.random() < 0.95:
        _connect(record, rng, _date(epoch, rng, 90), False, _date(epoch, rng, 30))
    if rng.random() < 0.1:
        note = rng.choice(("Onboarded", "Replaced disk", "VIP user - call before reboot", "Ticket #%d" % rng.randrange(10000, 99999)))
        record.notes.append(note)
        record.events.append(new_event(EventType.ADDED_NOTE, host=rng.choice(TECHS), data=note,
                                       time=_date(epoch, rng, 60), event_id=new_id(rng)))
        data["AddedNoteEvents"] = [dict(record.events[-1])]
    record.events.sort(key=lambda event: event["Time"])
    data["LastEventTime"] = record.events[-1]["Time"]
    return record


def _attended_session(rng: random.Random, epoch: datetime.datetime, index: int, company: str) -> SessionRecord:
    session_type = 0 if rng.random() < 0.67 else 1
    tech = rng.choice(TECHS)
    created = _date(epoch, rng, 30)
    if session_type == 0:
        name = "Support ticket #%d" % rng.randrange(10000, 99999)
        code = "%06d" % rng.randrange(1000000)
        is_public = False
    else:
        name = rng.choice(("Weekly sync", "Onboarding demo", "Training")) + " %d" % index
        code = ""
        is_public = rng.random() < 0.5
    data = new_session_data(new_id(rng), session_type, name=name, host=tech, is_public=is_public, code=code,
                            custom_property_values=[company, "", "", "", "", "", "", ""], created_time=created)
    record = SessionRecord(data, guest={"os_family": "windows", "machine_name": "", "user_name": "", "domain": ""})
    record.events.append(new_event(EventType.CREATED_SESSION, host=tech, time=created, event_id=new_id(rng)))
    if session_type == 0 and rng.random() < 0.5:
        info, agent = _guest(rng, epoch, OS_PROFILES[1], company, index)
        data["GuestInfo"] = info
        data["GuestClientVersion"] = CLIENT_VERSIONS[0]
        data["GuestNetworkAddress"] = "198.51.100.%d" % (1 + index % 254)
        data["GuestInfoUpdateTime"] = created
        record.guest = agent
        _connect(record, rng, created, rng.random() < 0.3, data["LastEventTime"])
    if rng.random() < 0.1:
        data["IsEnded"] = True
    data["LastEventTime"] = record.events[-1]["Time"]
    return record


def generate_fleet(count: int, seed: int, epoch: Optional[datetime.datetime] = None) -> List[SessionRecord]:
    """``count`` sessions, deterministic for ``(count, seed, epoch)``.

    About 85 % Access (70 % of them online, 60 % with an empty Name), the rest Support/Meeting; about 2 % of the
    Access machines were reprovisioned and have a stale offline twin with the same machine name; a handful of names
    contain quotes, unicode and Jinja-looking text. Then ``fleet_activity.add_activity`` connects technicians to
    some offline Access sessions (technician-only: offline) and adds chats, from a random stream of its own.
    """
    rng = random.Random(seed)
    epoch = epoch or default_epoch()
    companies = COMPANIES[:max(3, min(len(COMPANIES), 3 + count // 200))]
    records: List[SessionRecord] = []
    templates = _guest_templates(rng, epoch)
    index = 0
    while len(records) < count:
        index += 1
        company = rng.choice(companies)
        if rng.random() < 0.85:
            site = rng.choice(SITES)
            online = rng.random() < 0.70
            record = _access_session(rng, epoch, index, company, site, online, templates=templates)
            records.append(record)
            if rng.random() < 0.02 and len(records) < count:
                # reprovisioned: an older, offline session for the same machine
                stale = _access_session(rng, epoch, index, company, site, False,
                                        guest=(dict(record.data["GuestInfo"], MachineSerialNumber=_serial(rng)),
                                               dict(record.guest)), age_days=900)
                stale.data["Name"] = record.data["Name"]
                stale.data["GuestClientVersion"] = CLIENT_VERSIONS[-1]
                records.append(stale)
        else:
            records.append(_attended_session(rng, epoch, index, company))
    # sprinkle names that break naive quoting and templating
    if count >= 20:
        for offset, name in enumerate(WEIRD_NAMES):
            records[(offset * 7 + 3) % count].data["Name"] = name
    records = records[:count]
    add_activity(records, seed, epoch, TECHS)
    return records


def demo_fleet(epoch: Optional[datetime.datetime] = None) -> List[SessionRecord]:
    """Thirteen hand-made sessions for ``make demo``: three companies, Windows and Linux, one unnamed, two offline.

    ``ACME-LT-0002``'s guest is disconnected; ``ACME-LT-0003`` (the last session, added after the first twelve so
    that they stay as they were) has only a technician connected, which is offline too. ``O'Brien's Laptop`` has a
    chat in its history.
    """
    rng = random.Random(2026)
    epoch = epoch or default_epoch()
    profiles = {name: profile for profile in OS_PROFILES for name in (profile[1],)}
    plan = [
        # (name, company, site, os name, machine, online)
        ("ACME-DC01", "Acme", "HQ", "Microsoft Windows Server 2022 Datacenter", "ACME-DC01", True),
        ("ACME-FS01", "Acme", "HQ", "Microsoft Windows Server 2019 Standard", "ACME-FS01", True),
        ("ACME-LT-0001", "Acme", "HQ", "Microsoft Windows 11 Pro", "ACME-LT-0001", True),
        ("ACME-LT-0002", "Acme", "Branch-01", "Microsoft Windows 10 Pro", "ACME-LT-0002", False),
        ("", "Acme", "Branch-01", "Microsoft Windows 11 Pro", "DESKTOP-7GXL8S3", True),
        ("web-01", "Globex", "DC-East", "Ubuntu 22.04.4 LTS", "web-01", True),
        ("web-02", "Globex", "DC-East", "Ubuntu 22.04.4 LTS", "web-02", True),
        ("db-01", "Globex", "DC-West", "Red Hat Enterprise Linux 9.3 (Plow)", "db-01", True),
        ("build-01", "Globex", "DC-West", "Debian GNU/Linux 12 (bookworm)", "build-01", True),
        ("O'Brien's Laptop", "O'Brien Plumbing", "Shop Floor", "Microsoft Windows 11 Pro", "OBRIEN-LT-01", True),
        ("OBRIEN-WS-01", "O'Brien Plumbing", "Shop Floor", "Microsoft Windows 10 Pro", "OBRIEN-WS-01", True),
        ("OBRIEN-MAC-01", "O'Brien Plumbing", "Home Office", "macOS 14.4.1", "OBRIEN-MAC-01", True),
        ("ACME-LT-0003", "Acme", "Branch-01", "Microsoft Windows 11 Pro", "ACME-LT-0003", False),
    ]
    records = []
    for index, (name, company, site, os_name, machine, online) in enumerate(plan, start=1):
        profile = profiles[os_name]
        info, agent = _guest(rng, epoch, profile, company, index)
        info["MachineName"] = machine
        agent["machine_name"] = machine
        agent["bom"] = False
        record = _access_session(rng, epoch, index, company, site, online, profile=profile, guest=(info, agent))
        record.data["Name"] = name
        record.data["CustomPropertyValues"][2:4] = ["", ""]
        record.data["Attributes"] = 6 if not name else 7
        records.append(record)
    by_name = {record.data["Name"]: record for record in records}
    connect_host(by_name["ACME-LT-0003"], rng, _date(epoch, rng, 1), "alice")
    add_chat(by_name["O'Brien's Laptop"], rng, epoch, "bob", CHATS[0])
    return records


def real_guest_choice(records: List[SessionRecord], kind: str, count: int, session_ids: List[str]) -> List[SessionRecord]:
    """The sessions that become real guests: those named in ``session_ids``, then the first ``count`` candidates.

    Candidates, in fleet order: the demo fleet's Linux sessions; in a random fleet the online non-Windows Access
    sessions. Raises ValueError for an unknown id or when there are fewer than ``count`` candidates.
    """
    by_id = {record.session_id: record for record in records}
    chosen = []
    for session_id in session_ids:
        if session_id not in by_id:
            raise ValueError("--real-guest-sessions: no session %s in the %s fleet" % (session_id, kind))
        if by_id[session_id] not in chosen:
            chosen.append(by_id[session_id])
    if kind == "demo":
        candidates = [r for r in records if r.guest.get("os_family") == "linux"]
    else:
        candidates = [r for r in records if r.data["SessionType"] == 2 and r.online
                      and r.guest.get("os_family") != "windows"]
    candidates = [record for record in candidates if record not in chosen]
    if len(candidates) < count:
        raise ValueError("--real-guests %d: the %s fleet has only %d candidate sessions (%s)" % (
            count, kind, len(candidates),
            "Linux sessions" if kind == "demo" else "online non-Windows Access sessions"))
    return chosen + candidates[:count]


_OS_DEFAULT_PROFILE = {"windows": 1, "linux": 5, "mac": 8}


def custom_session(spec: Dict[str, Any], epoch: Optional[datetime.datetime] = None,
                   rng: Optional[random.Random] = None) -> Tuple[SessionRecord, bool]:
    """A session from a partial spec (control API ``POST sessions``); returns (record, online wanted).

    Keys: name, session_type (0/1/2 or Support/Meeting/Access), custom_property_values, os (windows|linux|mac),
    machine_name, online (default true), host_connected (a technician is connected; with online false the session
    has technician connections only), host, code, is_public, bom. Raises ValueError for bad values.
    """
    known = {"name", "session_type", "custom_property_values", "os", "machine_name", "online", "host", "code",
             "is_public", "bom", "user_name", "host_connected"}
    unknown = sorted(set(spec) - known)
    if unknown:
        raise ValueError("unknown session field(s): %s" % ", ".join(unknown))
    rng = rng or random.Random()
    epoch = epoch or default_epoch()
    os_family = spec.get("os", "windows")
    if os_family not in _OS_DEFAULT_PROFILE:
        raise ValueError("os must be windows, linux or mac")
    session_type = spec.get("session_type", 2)
    names = {"support": 0, "meeting": 1, "access": 2}
    if isinstance(session_type, str):
        session_type = names.get(session_type.lower(), session_type)
    if session_type not in (0, 1, 2) or isinstance(session_type, bool):
        raise ValueError("session_type must be 0, 1, 2 or Support, Meeting, Access")
    values = spec.get("custom_property_values", [])
    if not isinstance(values, list) or len(values) > 8 or not all(isinstance(v, str) for v in values):
        raise ValueError("custom_property_values must be a list of at most 8 strings")
    profile = OS_PROFILES[_OS_DEFAULT_PROFILE[os_family]]
    company = values[0] if values and values[0] else "Acme"
    info, agent = _guest(rng, epoch, profile, company, rng.randrange(1, 10000))
    if spec.get("machine_name"):
        info["MachineName"] = agent["machine_name"] = str(spec["machine_name"])
    if "user_name" in spec:
        info["LoggedOnUserName"] = agent["user_name"] = str(spec["user_name"])
    agent["bom"] = bool(spec.get("bom", False))
    data = new_session_data(new_id(), session_type, name=str(spec.get("name", "")), host=str(spec.get("host", "")),
                            is_public=bool(spec.get("is_public", False)), code=str(spec.get("code", "")),
                            custom_property_values=values, guest_info=info)
    data["GuestClientVersion"] = CLIENT_VERSIONS[0]
    data["GuestNetworkAddress"] = "192.0.2.%d" % rng.randrange(1, 255)
    data["GuestInfoUpdateTime"] = data["FirstEventTime"]
    data["Attributes"] = 6 if session_type == 2 else 0
    record = SessionRecord(data, guest=agent)
    record.events.append(new_event(EventType.CREATED_SESSION, time=data["FirstEventTime"]))
    if not isinstance(spec.get("host_connected", False), bool):
        raise ValueError("host_connected must be true or false")
    if spec.get("host_connected"):
        connect_host(record, rng, data["FirstEventTime"])
    return record, bool(spec.get("online", True))
