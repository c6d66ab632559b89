# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command-line entry point: parse options, build the fleet, listen, write the ready file, stop on SIGTERM/SIGINT."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from typing import Any, List, Optional

from .config import parse_args
from .server import Emulator
from .tls import TlsError


def _write_ready_file(path: str, emulator: Emulator) -> None:
    payload = {"url": emulator.url, "control_url": emulator.control_url, "pid": os.getpid()}
    if emulator.cert_path:
        payload["cert_path"] = emulator.cert_path
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)
    os.replace(temporary, path)


def main(argv: Optional[List[str]] = None) -> int:
    parent = os.getppid()
    options = parse_args(argv)
    started = time.monotonic()
    try:
        emulator = Emulator(options)
    except ValueError as exc:
        sys.stderr.write("error: %s\n" % exc)
        return 2
    fleet_seconds = time.monotonic() - started
    try:
        emulator.bind()
    except TlsError as exc:
        sys.stderr.write("error: %s\n" % exc)
        return 2
    except OSError as exc:
        sys.stderr.write("error: cannot listen on %s:%s: %s\n" % (options.host, options.port, exc))
        return 2
    stop = threading.Event()

    def _on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    emulator.start()
    if emulator.cert_path:
        print("ScreenConnect emulator certificate (use as ca_path): %s" % emulator.cert_path)
    print("ScreenConnect emulator listening on %s" % emulator.url)
    sys.stdout.flush()
    if options.log_requests:
        print("fleet of %d sessions built in %.2fs; control API at %s" % (emulator.store.count(), fleet_seconds,
                                                                          emulator.control_url))
        sys.stdout.flush()
    if options.ready_file:
        _write_ready_file(options.ready_file, emulator)
    try:
        while not stop.wait(0.5):
            # A test runner that dies (or whose worker is killed) cannot stop us: follow it instead of leaking.
            if options.exit_with_parent and os.getppid() != parent:
                break
    finally:
        emulator.stop()
        if options.ready_file:
            try:
                os.remove(options.ready_file)
            except OSError:
                pass
    return 0
