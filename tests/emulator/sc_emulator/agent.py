# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated agents: one background thread that processes queued events of online guests.

A QueuedCommand (44) is picked up ``command_latency`` seconds after it was queued (or after its guest came online);
``shell.run_command`` simulates it; ``duration * time_scale`` seconds later a RanCommand (70) event with the output is
added and the 44 leaves ``QueuedEvents``. A real guest's command (``record.guest["real"]``) goes to
``realguest.RealGuestRunner`` instead, which runs it for real and then adds the RanCommand the same way. Queued
messages (45) and toolbox items (47) just leave ``QueuedEvents`` after the latency. Offline guests keep everything
queued.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from typing import Any, Dict, List, Set, Tuple

from . import shell
from .model import EventType
from .realguest import RealGuestRunner
from .store import Store


class Agent:
    def __init__(self, store: Store, command_latency: float = 1.0, time_scale: float = 1.0) -> None:
        self.store = store
        self.command_latency = command_latency
        self.time_scale = time_scale
        self._cond = threading.Condition()
        self._heap: List[Tuple[float, int, str, str, str, Any]] = []
        self._order = itertools.count()
        self._in_flight: Set[str] = set()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sc-emulator-agent", daemon=True)
        self.real_guests = RealGuestRunner()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(5)
        self.real_guests.stop()

    def clear(self) -> None:
        with self._cond:
            self._heap = []
            self._in_flight = set()

    def pending(self) -> int:
        with self._cond:
            return len(self._heap)

    def _push(self, delay: float, action: str, session_id: str, event_id: str, payload: Any = None) -> None:
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + max(0.0, delay), next(self._order), action, session_id, event_id, payload))
            self._cond.notify_all()

    def queued(self, session_id: str, event: Dict[str, Any]) -> None:
        """Called after an event was queued for an online guest (or when its guest came online)."""
        with self._cond:
            if event["EventID"] in self._in_flight:
                return
            self._in_flight.add(event["EventID"])
        self._push(self.command_latency, "pickup", session_id, event["EventID"], event)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (not self._heap or self._heap[0][0] > time.monotonic()):
                    timeout = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cond.wait(timeout)
                if self._stopping:
                    return
                _due, _order, action, session_id, event_id, payload = heapq.heappop(self._heap)
            try:
                self._step(action, session_id, event_id, payload)
            except Exception as exc:  # pylint: disable=broad-except
                # a bug in the simulator must not kill the agent thread
                print("sc-emulator agent: %s failed for %s: %r" % (action, session_id, exc), flush=True)
                self._forget(event_id)

    def _forget(self, event_id: str) -> None:
        with self._cond:
            self._in_flight.discard(event_id)

    def _real_done(self, session_id: str, event_id: str, output: str) -> None:
        self.store.complete_command(session_id, event_id, output)
        self._forget(event_id)

    def _step(self, action: str, session_id: str, event_id: str, payload: Any) -> None:
        store = self.store
        if action == "complete":
            store.complete_command(session_id, event_id, payload)
            self._forget(event_id)
            return
        with store.lock:
            record = store.get(session_id)
            if record is None or not store.is_queued(session_id, event_id) or not record.online:
                # offline guests keep the event queued; it is re-submitted when the guest connects
                self._forget(event_id)
                return
            guest = dict(record.guest)
            guest.setdefault("private_address", record.data["GuestInfo"].get("PrivateNetworkAddress", ""))
        if payload["EventType"] == EventType.QUEUED_COMMAND and guest.get("real"):
            # the agent thread hands it over and goes on: a real command can run for as long as its kill timer
            self.real_guests.submit(session_id, event_id, payload["Data"], self._real_done)
        elif payload["EventType"] == EventType.QUEUED_COMMAND:
            result = shell.run_command(payload["Data"], guest)
            self._push(result.duration * self.time_scale, "complete", session_id, event_id, result.output)
        else:
            store.dequeue(session_id, event_id)
            self._forget(event_id)
