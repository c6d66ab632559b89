# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real guests: sessions whose commands run for real with ``/bin/sh`` on the emulator's machine.

For tests and the demo only (see README "Real guests"): a command runs as the emulator's user. A session becomes a
real guest with ``make_real``; ``RealGuestRunner.submit`` runs its commands one at a time per session (a FIFO
worker thread per busy session), each as ``/bin/sh <script file>`` in its own process group, with stdout and stderr
merged into one pipe as the agent merges them, and the agent's kill timer and output cut applied.
"""

from __future__ import annotations

import collections
import getpass
import ipaddress
import os
import platform
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from typing import Any, Callable, Deque, Dict, List, Optional, Set, Tuple

from .fleet import real_guest_choice
from .model import CLIENT_TYPE_BY_OS, SessionRecord
from .shell import parse_directives

_READ_SIZE = 65536
# after /bin/sh itself has exited (or was killed), how long to keep reading from what it left holding the pipe
_DRAIN_SECONDS = 2.0
_DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

Done = Callable[[str, str, str], None]  # (session_id, event_id, output)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``); ``0.0.0.0`` and names are not."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def machine_facts() -> Dict[str, str]:
    """os_family and the GuestInfo operating system fields of the machine the emulator runs on."""
    if platform.system() == "Darwin":
        version = platform.mac_ver()[0] or platform.release()
        return {"os_family": "mac", "OperatingSystemName": "macOS %s" % version,
                "OperatingSystemVersion": version, "OperatingSystemManufacturerName": "Apple Inc."}
    name = ""
    try:
        with open("/etc/os-release", encoding="utf-8") as handle:
            for line in handle:
                key, _sep, value = line.strip().partition("=")
                if key == "PRETTY_NAME":
                    name = value.strip().strip("\"'")
    except OSError:
        pass
    return {"os_family": "linux", "OperatingSystemName": name or "%s %s" % (platform.system(), platform.release()),
            "OperatingSystemVersion": platform.release(), "OperatingSystemManufacturerName": ""}


def make_real(record: SessionRecord, facts: Dict[str, str]) -> None:
    """Turn a session into a real guest (call under the store lock): GuestInfo and ClientType of the real machine."""
    facts = dict(facts)
    os_family = facts.pop("os_family")
    record.guest["real"] = True
    record.guest["os_family"] = os_family
    record.guest["bom"] = False
    record.data["GuestInfo"].update(facts)
    client_type = CLIENT_TYPE_BY_OS[os_family]
    for connection in list(record.connections) + list(record.data["ActiveConnections"]):
        connection["ClientType"] = client_type
    record.touch()


def adopt(emulator: Any, record: SessionRecord, online: bool = True) -> None:
    """Make ``record`` (already in the store) a real guest and connect it unless ``online`` is false."""
    with emulator.store.lock:
        make_real(record, machine_facts())
    emulator.agent.real_guests.register(record.session_id)
    if online:
        emulator.set_online(record, True)


def adopt_chosen(emulator: Any, records: List[SessionRecord]) -> None:
    """Make the sessions the options choose (--real-guests, --real-guest-sessions) real guests; ValueError if unmet."""
    options = emulator.options
    emulator.agent.real_guests.forget_sessions()
    if not (options.real_guests or options.real_guest_sessions):
        return
    for record in real_guest_choice(records, options.fleet, options.real_guests, options.real_guest_sessions):
        adopt(emulator, record)


def finish_output(raw: bytes, maxlength: int, killed: bool, timeout_ms: int) -> str:
    """The RanCommand text: decoded output, then the cut and kill notes on their own lines (as shell.run_command)."""
    output = raw.decode("utf-8", errors="replace")
    if len(output) > maxlength:
        output = _on_new_line(output[:maxlength], "Truncated output at %d characters." % maxlength)
    if killed:
        output = _on_new_line(output, "Killed after %d milliseconds." % timeout_ms)
    return output


def _on_new_line(output: str, text: str) -> str:
    if output and not output.endswith("\n"):
        output += "\n"
    return output + text


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class RealGuestRunner:
    """Runs real guests' commands: FIFO per session, sessions in parallel, never blocking the caller."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: Dict[str, Deque[Tuple[str, str, Done]]] = {}
        self._busy: Set[str] = set()
        self._running: Dict[int, subprocess.Popen] = {}
        self._threads: Set[threading.Thread] = set()
        self._root = ""
        self._stopping = False
        self._sessions: List[str] = []

    def register(self, session_id: str) -> None:
        with self._lock:
            if session_id not in self._sessions:
                self._sessions.append(session_id)

    def forget_sessions(self) -> None:
        with self._lock:
            self._sessions = []

    def session_ids(self) -> List[str]:
        """The real guests' session ids, in the order they became real."""
        with self._lock:
            return list(self._sessions)

    def submit(self, session_id: str, event_id: str, command_text: str, done: Done) -> None:
        """Queue a command; ``done(session_id, event_id, output)`` is called from the worker once it ran."""
        with self._lock:
            if self._stopping:
                return
            self._queues.setdefault(session_id, collections.deque()).append((event_id, command_text, done))
            if session_id in self._busy:
                return
            self._busy.add(session_id)
            thread = threading.Thread(target=self._work, args=(session_id,), name="sc-emulator-real-guest", daemon=True)
            self._threads.add(thread)
        thread.start()

    def stop(self) -> None:
        """Kill running commands, drop queued ones and remove the private directory."""
        with self._lock:
            self._stopping = True
            self._queues.clear()
            running = list(self._running)
            threads = list(self._threads)
        for pgid in running:
            _kill_group(pgid)
        for thread in threads:
            thread.join(_DRAIN_SECONDS + 3)
        with self._lock:
            root, self._root = self._root, ""
        if root:
            shutil.rmtree(root, ignore_errors=True)

    def _work(self, session_id: str) -> None:
        try:
            while True:
                with self._lock:
                    queue = self._queues.get(session_id)
                    if self._stopping or not queue:
                        self._busy.discard(session_id)
                        self._queues.pop(session_id, None)
                        return
                    event_id, command_text, done = queue.popleft()
                try:
                    output = self.run(session_id, command_text)
                except OSError as exc:
                    output = "sc-emulator: cannot run the command: %s" % exc
                if output is not None:
                    done(session_id, event_id, output)
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _directory(self, session_id: str) -> str:
        with self._lock:
            if not self._root:
                # mkdtemp makes the directory 0700: other local users cannot read scripts or outputs
                self._root = tempfile.mkdtemp(prefix="sc-emulator-real-guests-")
            root = self._root
        home = os.path.join(root, session_id)
        os.makedirs(home, mode=0o700, exist_ok=True)
        return home

    def run(self, session_id: str, command_text: str) -> Optional[str]:
        """Run one command now and return the RanCommand text (None when the runner stopped meanwhile)."""
        _interpreter, timeout_ms, maxlength, lines = parse_directives(command_text)
        home = self._directory(session_id)
        handle, script = tempfile.mkstemp(prefix=".command-", suffix=".sh", dir=os.path.dirname(home))
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(("\n".join(lines) + "\n").encode("utf-8"))
            raw, killed = self._execute(script, home, timeout_ms, (maxlength + 1) * 4)
        finally:
            os.unlink(script)
        with self._lock:
            if self._stopping:
                return None
        return finish_output(raw, maxlength, killed, timeout_ms)

    def _execute(self, script: str, home: str, timeout_ms: int, keep: int) -> Tuple[bytes, bool]:
        """Run ``/bin/sh script``; returns (the first ``keep`` bytes of the merged output, killed by the timer)."""
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            ["/bin/sh", script], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            cwd=home, env=_environment(home), start_new_session=True)
        with self._lock:
            self._running[process.pid] = process
            stopping = self._stopping
        if stopping:
            # stop() ran while the shell started: it did not see this process
            _kill_group(process.pid)
        deadline = time.monotonic() + timeout_ms / 1000.0
        try:
            raw, killed = _collect(process, deadline, keep)
        finally:
            # whatever the script left running in its group goes with it (the emulator must not leak processes)
            _kill_group(process.pid)
            process.wait()
            with self._lock:
                self._running.pop(process.pid, None)
        return raw, killed


def _collect(process: subprocess.Popen, deadline: float, keep: int) -> Tuple[bytes, bool]:
    """Read the pipe until EOF and the shell's exit; kill the group at the deadline."""
    assert process.stdout is not None
    descriptor = process.stdout.fileno()
    chunks, size = [], 0
    killed = False
    drain_until: Optional[float] = None
    try:
        while True:
            now = time.monotonic()
            if drain_until is None:
                if now >= deadline and process.poll() is None:
                    _kill_group(process.pid)
                    killed = True
                    drain_until = now + _DRAIN_SECONDS
                elif process.poll() is not None:
                    # the shell ended but something it started still holds the pipe
                    _kill_group(process.pid)
                    drain_until = now + _DRAIN_SECONDS
            limit = drain_until if drain_until is not None else deadline
            if now >= limit and drain_until is not None:
                break
            ready, _w, _x = select.select([descriptor], [], [], max(0.0, min(limit - now, 0.5)))
            if not ready:
                continue
            data = os.read(descriptor, _READ_SIZE)
            if not data:
                break
            if size < keep:
                chunks.append(data[:keep - size])
                size += len(chunks[-1])
    finally:
        process.stdout.close()
    remaining = deadline - time.monotonic()
    if not killed:
        try:
            process.wait(max(0.0, remaining))
        except subprocess.TimeoutExpired:
            # the shell closed its output but kept running past the timer
            _kill_group(process.pid)
            killed = True
    return b"".join(chunks), killed


def _environment(home: str) -> Dict[str, str]:
    """A small service-like environment: nothing of the emulator's own (which may hold a test's secret) leaks in."""
    user = getpass.getuser()
    return {"PATH": os.environ.get("PATH") or _DEFAULT_PATH, "HOME": home, "USER": user, "LOGNAME": user,
            "SHELL": "/bin/sh", "LANG": "C.UTF-8"}
