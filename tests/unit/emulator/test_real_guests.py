# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real guests: commands that really run with /bin/sh, one at a time per session, with the agent's limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from ansible_collections.screenconnect.restapi.tests.unit.emulator.conftest import (EMULATOR_DIR, Client,
                                                                                    make_emulator)
from sc_emulator import control  # pylint: disable=wrong-import-order
from sc_emulator.config import Options  # pylint: disable=wrong-import-order
from sc_emulator.server import Emulator  # pylint: disable=wrong-import-order

pytestmark = pytest.mark.skipif(not os.path.exists("/bin/sh") or sys.platform == "win32", reason="needs /bin/sh")

WAIT_SECONDS = 60  # a bound for polling only; no test asserts how long anything took


def ran_outputs(client, session_id):
    events = client.control("GET", "sessions/%s/events" % session_id).json()["events"]
    return [event["Data"] for event in events if event["EventType"] == 70]


def send(client, session_id, text):
    client.ok("SendCommandToSession", [session_id, text])


def wait_outputs(client, session_id, count):
    """Poll until the session has ``count`` RanCommand events; return their outputs."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        outputs = ran_outputs(client, session_id)
        if len(outputs) >= count or time.monotonic() > deadline:
            assert len(outputs) >= count, outputs
            return outputs
        time.sleep(0.05)


def run(client, session_id, text):
    """Send one command and return its RanCommand output."""
    before = len(ran_outputs(client, session_id))
    send(client, session_id, text)
    return wait_outputs(client, session_id, before + 1)[before]


def new_real_guest(client, **spec):
    body = dict({"name": "REAL", "os": "windows", "real_guest": True}, **spec)
    response = client.control("POST", "sessions", body)
    assert response.status == 200, response.body
    return response.json()["SessionID"]


@pytest.fixture
def emulator():
    """An emulator of each test's own: real guests are allowed, as with --allow-real-guests.

    Function scope, so that the guests' directory is removed after each test: ansible-test runs each test in a fork
    that exits without the teardown of a module-scoped fixture.
    """
    instance = make_emulator(allow_real_guests=True)
    yield instance
    instance.stop()


@pytest.fixture
def guest(client):
    return new_real_guest(client)


def pretty_name():
    with open("/etc/os-release", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip("\"'")
    return None


def _gone_now(pid):
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def process_gone(pid):
    """True when ``pid`` stops running within WAIT_SECONDS (a zombie waiting for a non-reaping init counts as gone).

    SIGKILL is delivered asynchronously: right after killpg() returns, the process may still be listed as running.
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while not _gone_now(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def wait_for_file(path):
    deadline = time.monotonic() + WAIT_SECONDS
    while not (os.path.exists(path) and os.path.getsize(path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# ---- the session and its guest ---------------------------------------------------------------------------------
def test_real_guest_over_control_api_is_online_and_reports_the_real_machine(client, guest):
    session = client.control("GET", "sessions/" + guest).json()
    assert session["GuestInfo"]["OperatingSystemName"] == (pretty_name() or session["GuestInfo"]["OperatingSystemName"])
    assert session["GuestInfo"]["OperatingSystemName"]
    guests = [c for c in session["ActiveConnections"] if c["ProcessType"] == 2]
    assert len(guests) == 1
    assert guests[0]["ClientType"] == (6 if sys.platform == "darwin" else 7)
    assert guest in client.control("GET", "health").json()["real_guests"]
    details = client.ok("GetSessionDetailsBySessionID", [guest])
    assert [c["ClientType"] for c in details["Connections"] if c["ProcessType"] == 2] == [guests[0]["ClientType"]]


def test_real_guest_field_is_validated(client):
    response = client.control("POST", "sessions", {"name": "x", "real_guest": "yes"})
    assert response.status == 400
    assert "real_guest" in response.json()["error"]


def test_offline_real_guest_runs_its_command_once_it_connects(client):
    session_id = new_real_guest(client, online=False)
    send(client, session_id, "echo later")
    time.sleep(0.3)
    assert ran_outputs(client, session_id) == []
    assert client.control("POST", "guest", {"session_id": session_id, "online": True}).status == 200
    assert wait_outputs(client, session_id, 1) == ["later\n"]


def test_simulated_guests_stay_simulated(client, online_session):
    assert online_session["SessionID"] not in client.control("GET", "health").json()["real_guests"]


# ---- running commands --------------------------------------------------------------------------------------------
def test_output_merges_stderr_in_order(client, guest):
    output = run(client, guest, "echo out\necho err 1>&2\necho out2\nls /no/such/path-sc-emulator")
    lines = output.splitlines()
    assert lines[:3] == ["out", "err", "out2"]
    assert "/no/such/path-sc-emulator" in lines[3]


def test_exit_stops_the_script(client, guest):
    assert run(client, guest, "echo before\nexit 3\necho after") == "before\n"


def test_directives_are_not_part_of_the_script(client, guest):
    assert run(client, guest, "#!sh\r\n#TIMEOUT=5000\r\n#maxlength=100\r\necho hi\r\n") == "hi\n"
    assert run(client, guest, "#!ps\necho $0 | grep -c '^/'") == "1\n"


def test_stdin_is_empty_and_the_files_are_private(client, guest):
    output = run(client, guest, 'cat\nstat -c %a "$0" "$(dirname "$0")" .\necho "$HOME" "$PWD"')
    lines = output.splitlines()
    assert lines[:3] == ["600", "700", "700"]
    home, cwd = lines[3].split()
    assert home == cwd and guest in cwd


def test_environment_does_not_carry_the_emulators(client, guest, monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_SECRET", "must-not-leak")
    output = run(client, guest, "env")
    assert "must-not-leak" not in output
    assert "PATH=" in output


def test_timeout_kills_the_process_group(client, guest, tmp_path):
    pid_file = tmp_path / "sleep.pid"
    output = run(client, guest, "#timeout=1000\nsleep 60 &\necho $! > %s\necho started\nwait\necho never" % pid_file)
    assert output == "started\nKilled after 1000 milliseconds."
    assert process_gone(int(pid_file.read_text()))


def test_maxlength_truncates(client, guest):
    output = run(client, guest, "#maxlength=10\nprintf abcdefghijklmnopqrstuvwxyz")
    assert output == "abcdefghij\nTruncated output at 10 characters."


def test_truncated_then_killed_in_the_agents_order(client, guest):
    output = run(client, guest, "#timeout=500\n#maxlength=3\necho abcdef\nsleep 30")
    assert output == "abc\nTruncated output at 3 characters.\nKilled after 500 milliseconds."


def test_invalid_utf8_is_replaced(client, guest):
    assert run(client, guest, r"printf 'a\377b'") == "a\ufffdb"


def test_what_the_script_leaves_running_is_killed_when_it_ends(client, guest, tmp_path):
    pid_file = tmp_path / "left.pid"
    assert run(client, guest, "sleep 60 >/dev/null 2>&1 &\necho $! > %s\necho done" % pid_file) == "done\n"
    assert process_gone(int(pid_file.read_text()))


def test_one_session_runs_its_commands_one_after_the_other(client, guest, tmp_path):
    log = tmp_path / "order.log"
    send(client, guest, "echo first-start >> %s\nsleep 0.5\necho first-end >> %s" % (log, log))
    send(client, guest, "echo second >> %s" % log)
    wait_outputs(client, guest, 2)
    assert log.read_text().split() == ["first-start", "first-end", "second"]


def test_two_sessions_run_at_the_same_time(client, tmp_path):
    first, second = new_real_guest(client, name="A"), new_real_guest(client, name="B")
    flag = tmp_path / "flag"
    # the first command can only see the flag if the second session runs while the first one still waits
    send(client, first, "i=0\nwhile [ ! -e %s ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done\n"
                        "[ -e %s ] && echo saw-flag" % (flag, flag))
    send(client, second, "touch %s\necho made" % flag)
    assert wait_outputs(client, second, 1) == ["made\n"]
    assert wait_outputs(client, first, 1) == ["saw-flag\n"]


def test_large_output_and_large_script(client, guest):
    output = run(client, guest, "#maxlength=2000000\n#timeout=60000\nhead -c 1048576 /dev/zero | tr '\\0' x")
    assert len(output) == 1048576 and set(output) == {"x"}
    payload = "a" * 200000
    assert run(client, guest, "x='%s'\nprintf '%%s' \"$x\" | wc -c | tr -d ' '" % payload) == "200000\n"


# ---- the largest command text --------------------------------------------------------------------------------------
def test_oversized_command_is_refused_and_not_applied(client, guest):
    assert client.control("POST", "config", {"max_command_length": 100}).json()["max_command_length"] == 100
    before = client.control("GET", "sessions/%s/events" % guest).json()
    response = client.call("SendCommandToSession", [guest, "echo " + "x" * 96])
    assert response.status == 413
    assert response.header("Content-Type").startswith("text/html")
    assert b"<title>Request Entity Too Large</title>" in response.body
    assert b"larger than the server accepts" in response.body
    assert client.control("GET", "sessions/%s/events" % guest).json() == before
    assert client.control("GET", "calls").json()["methods"]["SendCommandToSession"] == {"received": 1, "applied": 0}
    assert run(client, guest, "echo " + "y" * 95) == "y" * 95 + "\n"  # exactly 100 characters is accepted
    assert client.control("POST", "config", {"max_command_length": -1}).status == 400
    client.control("POST", "reset", {})
    assert client.control("GET", "config").json()["max_command_length"] == 0


# ---- choosing real guests, refusing them -----------------------------------------------------------------------
def test_demo_fleet_real_guests_are_its_first_linux_sessions():
    emulator = make_emulator(fleet="demo", real_guests=2)
    try:
        names = [emulator.store.get(i).data["Name"] for i in emulator.agent.real_guests.session_ids()]
        assert names == ["web-01", "web-02"]
        assert Client(emulator).control("GET", "health").json()["real_guests"] == emulator.agent.real_guests.session_ids()
    finally:
        emulator.stop()


def test_random_fleet_real_guests_and_named_sessions():
    plain = make_emulator()
    try:
        records = plain.store.records()
        candidates = [r.session_id for r in records
                      if r.data["SessionType"] == 2 and r.online and r.guest["os_family"] != "windows"]
        windows = next(r for r in records if r.guest["os_family"] == "windows" and not r.online)
    finally:
        plain.stop()
    emulator = make_emulator(real_guests=2, real_guest_sessions=[windows.session_id.upper()])
    try:
        assert emulator.agent.real_guests.session_ids() == [windows.session_id] + candidates[:2]
        named = emulator.store.get(windows.session_id)
        assert named.online and named.guest["os_family"] in ("linux", "mac")
        assert run(Client(emulator), windows.session_id, "echo real") == "real\n"
    finally:
        emulator.stop()


@pytest.mark.parametrize("overrides, text", [
    ({"host": "0.0.0.0", "real_guests": 1}, "loopback"),
    ({"fleet": "empty", "real_guests": 1}, "candidate"),
    ({"real_guest_sessions": ["00000000-0000-0000-0000-000000000001"]}, "no session"),
])
def test_bad_real_guest_options_are_refused(overrides, text):
    with pytest.raises(ValueError, match=text):
        Emulator(Options(**dict({"port": 0, "sessions": 5}, **overrides)))


def test_non_loopback_host_refuses_to_start(tmp_path):
    ready = tmp_path / "ready.json"
    result = subprocess.run(
        [sys.executable, os.path.join(EMULATOR_DIR, "screenconnect_emulator.py"), "--host", "0.0.0.0", "--port", "0",
         "--real-guests", "1", "--ready-file", str(ready)],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "loopback" in result.stderr
    assert "listening" not in result.stdout
    assert not ready.exists()


def test_real_guests_over_control_api_are_off_by_default():
    emulator = Emulator(Options(port=0, fleet="empty"))  # never bound: nothing listens
    status, body = control.handle(emulator, "POST", ["sessions"], json.dumps({"real_guest": True}).encode())
    assert status == 403 and "--allow-real-guests" in body["error"]
    assert emulator.store.count() == 0


def test_allow_real_guests_needs_a_loopback_host():
    with pytest.raises(ValueError, match="loopback"):
        Options(host="0.0.0.0", port=0, fleet="empty", allow_real_guests=True)


def test_non_loopback_emulator_refuses_real_guest_over_control_api():
    emulator = Emulator(Options(host="0.0.0.0", port=0, fleet="empty"))  # never bound: nothing listens
    status, body = control.handle(emulator, "POST", ["sessions"], json.dumps({"real_guest": True}).encode())
    assert status == 403 and "loopback" in body["error"]
    assert emulator.store.count() == 0


def test_stopping_the_emulator_kills_running_commands(tmp_path):
    emulator = make_emulator(fleet="empty", allow_real_guests=True)
    pid_file = tmp_path / "running.pid"
    try:
        api = Client(emulator)
        session_id = new_real_guest(api)
        send(api, session_id, "#timeout=120000\nsleep 120 &\necho $! > %s\nwait" % pid_file)
        pid = int(wait_for_file(str(pid_file)))
    finally:
        emulator.stop()
    assert process_gone(pid)
