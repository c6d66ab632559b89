# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet (determinism, composition, demo), the entry script (ready file, SIGTERM, HTTPS) and timings."""

from __future__ import annotations

import collections
import datetime
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request

import pytest

from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import EMULATOR_DIR, SERVICE

from sc_emulator.fleet import demo_fleet, generate_fleet  # pylint: disable=wrong-import-order
from sc_emulator.timefmt import format_date  # pylint: disable=wrong-import-order

EPOCH = datetime.datetime(2026, 7, 1, tzinfo=datetime.timezone.utc)


def test_fleet_is_deterministic():
    first = [record.to_json() for record in generate_fleet(400, 11, EPOCH)]
    second = [record.to_json() for record in generate_fleet(400, 11, EPOCH)]
    other = [record.to_json() for record in generate_fleet(400, 12, EPOCH)]
    assert first == second
    assert first != other


def test_fleet_composition():
    records = generate_fleet(3000, 5, EPOCH)
    assert len(records) == 3000
    assert len({r.session_id for r in records}) == 3000
    types = collections.Counter(r.data["SessionType"] for r in records)
    assert 0.80 < types[2] / 3000 < 0.90 and types[0] and types[1]
    access = [r for r in records if r.data["SessionType"] == 2]
    online = sum(1 for r in access if r.online) / len(access)
    assert 0.62 < online < 0.78
    assert sum(1 for r in access if r.data["Name"] == "") / len(access) > 0.4
    families = collections.Counter(r.guest["os_family"] for r in access)
    assert set(families) == {"windows", "linux", "mac"}
    for record in access:
        info = record.data["GuestInfo"]
        assert info["MachineName"] == record.guest["machine_name"]
        if record.guest["os_family"] == "mac":
            assert info["OperatingSystemName"].startswith("macOS")
        assert record.data["CustomPropertyValues"][0] and record.data["CustomPropertyValues"][1]
        assert len(record.data["CustomPropertyValues"]) == 8
    names = collections.Counter(r.data["GuestInfo"]["MachineName"] for r in access)
    duplicates = [name for name, count in names.items() if count > 1]
    assert duplicates
    twins = [r for r in access if r.data["GuestInfo"]["MachineName"] == duplicates[0]]
    assert any(not r.online for r in twins)
    all_names = {r.data["Name"] for r in records}
    assert "{{ lookup('pipe','id') }}" in all_names
    assert any("'" in name for name in all_names)
    assert any(not name.isascii() for name in all_names)


def test_demo_fleet():
    records = demo_fleet(EPOCH)
    assert 10 <= len(records) <= 14
    companies = {r.data["CustomPropertyValues"][0] for r in records}
    assert 2 <= len(companies) <= 3
    assert {r.guest["os_family"] for r in records} >= {"windows", "linux"}
    assert sum(1 for r in records if not r.online) >= 1
    assert any(r.data["Name"] == "" for r in records)


def test_format_date():
    moment = datetime.datetime(2026, 7, 19, 6, 41, 52, 616991, tzinfo=datetime.timezone.utc)
    assert format_date(moment, 1) == "2026-07-19T06:41:52.6169911Z"
    assert format_date(moment.replace(microsecond=120000)) == "2026-07-19T06:41:52.12Z"
    assert format_date(moment.replace(microsecond=0)) == "2026-07-19T06:41:52Z"
    assert format_date(None) == "0001-01-01T00:00:00"


def _start(args, tmp_path):
    ready = tmp_path / "ready.json"
    command = [sys.executable, os.path.join(EMULATOR_DIR, "screenconnect_emulator.py"), "--port", "0", "--secret", "S",
               "--ready-file", str(ready)] + args
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    deadline = time.monotonic() + 60
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError("emulator did not start: %s" % process.communicate())
        time.sleep(0.05)
    return process, json.loads(ready.read_text())


def test_entry_script_ready_file_and_sigterm(tmp_path):
    process, ready = _start(["--demo"], tmp_path)
    try:
        assert ready["pid"] == process.pid
        assert ready["control_url"] == ready["url"] + "/__emulator"
        with urllib.request.urlopen(ready["control_url"] + "/health", timeout=10) as response:
            assert json.load(response)["sessions"] == len(demo_fleet(EPOCH))
        request = urllib.request.Request(ready["url"] + SERVICE + "GetSessionsByName", data=b'["web-01"]',
                                         headers={"CTRLAuthHeader": "S", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert [s["Name"] for s in json.load(response)] == ["web-01"]
    finally:
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert out.splitlines()[0] == "ScreenConnect emulator listening on " + ready["url"]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_mode(tmp_path):
    process, ready = _start(["--https", "--cert-dir", str(tmp_path / "certs"), "--sessions", "5"], tmp_path)
    try:
        assert ready["url"].startswith("https://")
        context = ssl.create_default_context(cafile=ready["cert_path"])
        request = urllib.request.Request(ready["url"] + SERVICE + "GetSessionsByFilter", data=b"[\"SessionType = 'Access'\"]",
                                         headers={"CTRLAuthHeader": "S", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert process.returncode == 0


@pytest.mark.parametrize("count", [1000, 10000])
def test_timings_reported(count, capsys):
    """Timings are reported (run with -s to see them), not asserted: CI machines vary."""
    from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import Client, make_emulator  # pylint: disable=import-outside-toplevel
    started = time.monotonic()
    emulator = make_emulator(sessions=count, seed=1)
    built = time.monotonic() - started
    try:
        client = Client(emulator)
        timings = []
        for _attempt in range(2):
            started = time.monotonic()
            sessions = client.ok("GetSessionsByFilter", ["SessionType = 'Access'"])
            timings.append(time.monotonic() - started)
    finally:
        emulator.stop()
    with capsys.disabled():
        print("\n%d sessions: start-up %.2fs, filter SessionType = 'Access' (%d matches) first %.2fs, cached %.2fs"
              % (count, built, len(sessions), timings[0], timings[1]))
    assert len(sessions) > count * 0.7
