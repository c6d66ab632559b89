# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared rate control for fan-out: every worker's requests pass one gate that backs off when the server is loaded.

PRIVATE to the collection: this file may change without notice.

Unlimited until the server pushes back. A 429 closes the gate for everyone until its ``Retry-After`` has passed
and sets the pace to a little under the rate that was being answered (multiplicative decrease); each answered
request then raises it a little (additive increase), so a run recovers when the limit goes away. An empty answer
to a lookup by id (what a loaded server sends) lowers the pace without closing the gate.
"""

from __future__ import annotations

import collections
import threading
import time

MIN_RATE = 1.0
_WINDOW = 2.0            # seconds of answered requests that measure the rate the server accepts
_MIN_SPAN = 0.25
_DECREASE = 0.9          # of the measured rate, after a 429
_INCREASE = 0.5          # requests/s added per second of answered requests
_EMPTY_LOOKUP = b"[]"


class RateGate(object):
    def __init__(self, clock=time.monotonic, sleep=time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self.rate = None  # requests/s; None = not limited
        self._next = 0.0
        self._closed_until = 0.0
        self._last_decrease = None
        self._answered = collections.deque()

    def wait(self):
        """Block until this caller may send its request."""
        with self._lock:
            now = self._clock()
            at = max(now, self._closed_until, self._next if self.rate else now)
            if self.rate:
                self._next = at + 1.0 / self.rate
        if at > now:
            self._sleep(at - now)

    def answered(self):
        with self._lock:
            now = self._clock()
            self._answered.append(now)
            while self._answered and self._answered[0] < now - _WINDOW:
                self._answered.popleft()
            if self.rate:
                self.rate += _INCREASE / self.rate

    def slow_down(self, retry_after=None):
        """The server is loaded: close the gate for ``retry_after`` seconds (if given) and lower the pace once."""
        with self._lock:
            now = self._clock()
            if retry_after:
                self._closed_until = max(self._closed_until, now + retry_after)
            # every request of a burst gets the 429: decrease once per window, not once per answer
            if self._last_decrease is not None and now - self._last_decrease < _WINDOW:
                return
            self._last_decrease = now
            recent = [t for t in self._answered if t >= now - _WINDOW]
            # over the time actually covered: right after the start, the window is not full yet
            measured = len(recent) / max(_MIN_SPAN, now - recent[0]) if recent else 0.0
            target = _DECREASE * measured if measured else (self.rate or 2 * MIN_RATE) / 2
            self.rate = max(MIN_RATE, min(target, self.rate or target))
            self._next = max(self._next, self._closed_until)


def _retry_after(response):
    value = (response.headers.get("Retry-After") or "").strip()
    return float(value) if value.isdigit() else 1.0


class PacedSession(object):
    """A requests session whose every POST passes the gate; a 429 is waited out and sent again.

    The server's rate limiter answers 429 before the method runs (the client's own rule for retrying writes), so
    sending again cannot apply a write twice. After ``patience`` seconds the 429 is returned to the client.
    """

    def __init__(self, session, gate, patience, clock=time.monotonic):
        self._session = session
        self._gate = gate
        self._patience = patience
        self._clock = clock

    def post(self, url, **kwargs):
        deadline = self._clock() + self._patience
        while True:
            self._gate.wait()
            response = self._session.post(url, **kwargs)
            if response.status_code != 429:
                if url.endswith("/GetSessionBySessionID") and response.content.strip() == _EMPTY_LOOKUP:
                    self._gate.slow_down()
                else:
                    self._gate.answered()
                return response
            wait = _retry_after(response)
            self._gate.slow_down(wait)
            if self._clock() + wait > deadline:
                return response
            response.close()

    def __getattr__(self, name):
        return getattr(self._session, name)


def install(client):
    """Route the client's requests through one shared gate (clients without the hook, such as fakes, are left)."""
    wrap = getattr(client, "wrap_transport", None)
    if wrap is not None:
        wrap(lambda session: PacedSession(session, RateGate(), client.budget))
