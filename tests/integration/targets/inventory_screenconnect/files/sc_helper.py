# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for runme.sh (standard library only): read the integration config, talk to the emulator, check output.

  sc_helper.py env CONFIG                  print shell assignments SC_URL, SC_SECRET, SC_CONTROL_URL
  sc_helper.py reset | calls | received    emulator control API (SC_CONTROL_URL)
  sc_helper.py seed MARKER                 create the test sessions whose CustomProperty1 is MARKER
  sc_helper.py api-ids FILTER              session ids the API returns for FILTER (one extra API call)
  sc_helper.py check-list NAME FILE ...    assertions on `ansible-inventory --list` output (see CHECKS)
  sc_helper.py check-graph FILE GROUP HOST...  the graph lists these hosts under @GROUP
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from urllib.request import Request, urlopen

EXTENSION = "2d558935-686a-4bd0-9991-07539f5fe749"
JINJA_NAME = "{{ lookup('pipe', 'id') }}"


def _http(url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = Request(url, data=data, headers=dict({"Content-Type": "application/json"}, **(headers or {})),
                      method="POST" if data is not None else "GET")
    with urlopen(request, timeout=60) as response:
        text = response.read().decode("utf-8-sig")
    return json.loads(text) if text.strip() else None


def _control(path, body=None):
    return _http(os.environ["SC_CONTROL_URL"].rstrip("/") + "/" + path, body)


def read_config(path):
    """integration_config.yml holds three `key: "value"` lines; parse them without PyYAML."""
    values = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if ":" in line and not line.lstrip().startswith(("#", "---")):
                key, value = line.split(":", 1)
                value = value.strip()
                if value[:1] in ("'", '"'):
                    value = value[1:-1]
                values[key.strip()] = value
    return values


def unsafe_text(value):
    """ansible-inventory --list (core 2.19) writes untrusted strings as {"__ansible_unsafe": text}."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((key, unsafe_text(item)) for key, item in value.items())
    if isinstance(value, list):
        return [unsafe_text(item) for item in value]
    return value


def load_list(path):
    with open(path, encoding="utf-8") as handle:
        return unsafe_text(json.load(handle))


def hosts_of(data, group):
    hosts = set(data.get(group, {}).get("hosts", []))
    for child in data.get(group, {}).get("children", []):
        hosts |= hosts_of(data, child)
    return hosts


def fail(message):
    sys.stderr.write("CHECK FAILED: %s\n" % message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def check_list(name, path, *args):
    data = load_list(path)
    hostvars = data["_meta"]["hostvars"]
    if name == "fleet":
        # every session the API returns is a host (duplicates kept with suffix), with the documented variables
        expected = set(args[0].split(","))
        got = set(item["screenconnect_session_id"] for item in hostvars.values())
        difference = sorted(got ^ expected)[:5]
        check(got == expected, "fleet: hosts %d, API sessions %d, differ by %s" % (len(got), len(expected), difference))
        for host, item in hostvars.items():
            for key in ("screenconnect_session_id", "screenconnect_session_type", "screenconnect_name",
                        "screenconnect_online", "screenconnect_custom_properties", "screenconnect_company"):
                check(key in item, "fleet: %s has no %s" % (host, key))
            check(item["screenconnect_session_type"] == "Access", "fleet: %s is not Access" % host)
            check(len(item["screenconnect_custom_properties"]) == 8, "fleet: %s custom_properties" % host)
            check(item["screenconnect_company"] == item["screenconnect_custom_properties"][0], "company var")
            check(host in hosts_of(data, "screenconnect_online" if item["screenconnect_online"]
                                   else "screenconnect_offline"), "fleet: %s online group" % host)
            check(host in hosts_of(data, "company_" + _group_part(item["screenconnect_company"])),
                  "fleet: %s not in its company group" % host)
        # sessions with only a technician (ProcessType 1) connected: online means a guest, so they are offline
        technician_only = set(args[1].split(",")) - {""}
        check(technician_only, "fleet: the emulator's fleet has no technician-only session")
        offline = hosts_of(data, "screenconnect_offline")
        for host, item in hostvars.items():
            if item["screenconnect_session_id"] in technician_only:
                check(item["screenconnect_online"] is False and host in offline,
                      "fleet: the technician-only session %s is not offline" % host)
    elif name == "marked":
        marker = args[0]
        check(JINJA_NAME in hostvars, "marked: the host named %r is missing: %s" % (JINJA_NAME, sorted(hostvars)))
        item = hostvars[JINJA_NAME]
        check(item["screenconnect_name"] == JINJA_NAME, "marked: the name was templated: %r" % item["screenconnect_name"])
        check(item["sc_label"] == JINJA_NAME + "!", "marked: compose templated remote text: %r" % item.get("sc_label"))
        check(item["screenconnect_custom_properties"][0] == marker, "marked: company")
        check(item["ansible_host"] == item["screenconnect_guest_private_network_address"], "marked: ansible_host")
        twins = [host for host in hostvars if host.startswith("INVTEST-TWIN")]
        check(len(twins) == 2 and "INVTEST-TWIN" in twins, "marked: duplicate suffix handling: %s" % twins)
        online = [host for host in twins if hostvars[host]["screenconnect_online"]]
        check(online == ["INVTEST-TWIN"], "marked: the online twin keeps the plain name: %s" % online)
        check(hostvars["INVTEST-UNNAMED-PC"]["screenconnect_name"] == "", "marked: hostnames fallback")
    else:
        fail("unknown check %s" % name)


def _group_part(text):
    return re.sub(r"[^\w]", "_", text)  # what ansible-core's to_safe_group_name does to the key


def check_graph(path, group, *hosts):
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle]
    check(lines and lines[0] == "@all:", "graph: no @all")
    members, inside = set(), False
    for line in lines:
        stripped = line.lstrip(" |-")
        if stripped.startswith("@"):
            inside = stripped == "@%s:" % group
        elif inside:
            members.add(stripped)
    for host in hosts:
        check(host in members, "graph: %s is not under @%s (members: %s)" % (host, group, sorted(members)[:10]))


def main(argv):
    command = argv[0]
    if command == "env":
        values = read_config(argv[1])
        for key, name in (("screenconnect_url", "SC_URL"), ("screenconnect_secret", "SC_SECRET"),
                          ("screenconnect_control_url", "SC_CONTROL_URL")):
            print("%s=%s" % (name, shlex.quote(values.get(key, ""))))
    elif command == "reset":
        _control("reset", {"counters": True, "faults": False, "config": False})
    elif command == "received":
        print(_control("calls")["total"]["received"])
    elif command == "calls":
        print(json.dumps(_control("calls")))
    elif command == "seed":
        marker = argv[1]
        values = [marker, "InvTest Site"]
        for spec in (
            dict(name=JINJA_NAME, machine_name="INVTEST-JINJA", online=True),
            dict(name="", machine_name="INVTEST-UNNAMED-PC", online=True, os="linux"),
            dict(name="INVTEST-TWIN", machine_name="INVTEST-TWIN", online=False),
            dict(name="INVTEST-TWIN", machine_name="INVTEST-TWIN", online=True),
        ):
            _control("sessions", dict(spec, custom_property_values=values))
    elif command == "api-ids":
        answer = _http("%s/App_Extensions/%s/Service.ashx/GetSessionsByFilter" % (os.environ["SC_URL"], EXTENSION),
                       [argv[1]], headers={"CTRLAuthHeader": os.environ["SC_SECRET"], "Origin": os.environ["SC_URL"]})
        print(",".join(sorted(session["SessionID"] for session in answer)))
    elif command == "check-list":
        check_list(argv[1], argv[2], *argv[3:])
    elif command == "check-graph":
        check_graph(argv[1], argv[2], *argv[3:])
    else:
        fail("unknown command %s" % command)


if __name__ == "__main__":
    main(sys.argv[1:])
