# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for runme.sh (standard library and PyYAML, which ansible-core brings): the integration config and the
emulator's control API.

  conn_helper.py env CONFIG                 print shell assignments SC_URL, SC_SECRET, SC_CONTROL_URL (from CONFIG,
                                            else from SCREENCONNECT_URL/_SECRET/_CONTROL_URL, for a run by hand)
  conn_helper.py seed MARKER                create the test sessions, print their ids as shell assignments
  conn_helper.py random-file PATH SIZE      write SIZE random bytes to PATH (the copy tests are binary)
  conn_helper.py restore                    drop faults and the runtime config this target set (counters stay)
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from urllib.request import Request, urlopen

import yaml


def _control(path, body=None):
    url = os.environ["SC_CONTROL_URL"].rstrip("/") + "/" + path
    data = None if body is None else json.dumps(body).encode()
    request = Request(url, data=data, headers={"Content-Type": "application/json"},
                      method="GET" if data is None else "POST")
    with urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def _assign(name, value):
    print("%s=%s" % (name, shlex.quote(value)))


def env(path):
    values = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            values = yaml.safe_load(handle) or {}
    for key, name in (("url", "SC_URL"), ("secret", "SC_SECRET"), ("control_url", "SC_CONTROL_URL")):
        value = str(values.get("screenconnect_" + key) or os.environ.get("SCREENCONNECT_" + key.upper(), ""))
        if not value:
            sys.exit("no emulator: write %s (screenconnect_url, screenconnect_secret, screenconnect_control_url)" % path)
        _assign(name, value)


def seed(marker):
    """Real guests for the inventory plugin (CustomProperty1 = marker) and for the static inventory, an offline
    guest, and two sessions that share one name (a name lookup that must fail)."""
    health = _control("health")
    real = dict(real_guest=True, os="linux")
    sessions = (
        ("ID_A", dict(real, name="conn-a", custom_property_values=[marker, "Conn A"])),
        ("ID_B", dict(real, name="conn-b", custom_property_values=[marker, "Conn B"])),
        ("ID_STATIC", dict(real, name="conn-static-" + marker, custom_property_values=[marker + "-static"])),
        ("ID_BYNAME", dict(real, name="conn-byname-" + marker, custom_property_values=[marker + "-static"])),
        ("ID_OFFLINE", dict(name="conn-offline-" + marker, os="linux", online=False,
                            custom_property_values=[marker + "-static"])),
        ("ID_TWIN1", dict(name="conn-twin-" + marker, os="linux", custom_property_values=[marker + "-static"])),
        ("ID_TWIN2", dict(name="conn-twin-" + marker, os="linux", custom_property_values=[marker + "-static"])),
    )
    for name, spec in sessions:
        _assign(name, _control("sessions", spec)["SessionID"])
    real_guests = set(_control("health").get("real_guests", [])) - set(health.get("real_guests", []))
    if len(real_guests) != 4:
        sys.exit("seed: the emulator made %d real guests instead of 4 (does it support real_guest?)" % len(real_guests))


def random_file(path, size):
    with open(path, "wb") as handle:
        handle.write(os.urandom(int(size)))


def restore():
    _control("reset", {"counters": False, "faults": True, "config": True})


def main(argv):
    commands = {"env": env, "seed": seed, "random-file": random_file, "restore": restore}
    if not argv or argv[0] not in commands:
        sys.exit("usage: conn_helper.py %s ..." % "|".join(sorted(commands)))
    commands[argv[0]](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
