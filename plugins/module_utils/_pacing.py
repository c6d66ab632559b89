# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared rate control for fan-out: one token bucket that every worker's requests pass, paced under the server.

PRIVATE to the collection: this file may change without notice.

Unlimited until the server pushes back. Then one bucket (one token per request, ``rate`` tokens a second, a burst
of at most one token) spaces the requests of all threads evenly, just under the rate the server was measured to
accept: a 429 counts the requests answered over the last seconds and paces at ``_UNDER`` of that (multiplicative
decrease). Its ``Retry-After`` is honoured by every thread, once: the 429s of the other requests already in flight
belong to the same refusal and neither extend the pause nor lower the pace again. Why not a plain gate that closes
and drops a little: the server's ``Retry-After`` is whole seconds, so each refusal costs a second of idle time;
staying just under the measured rate avoids most of them. Recovery is AIMD-like: each answered request raises the
pace slowly while it is under the rate that was refused (so refusals stay rare), then faster above it, and the
limit is dropped once it is far above (the server stopped limiting). An empty answer to a lookup by id (what a
loaded server sends instead of a 429) lowers the pace the same way without a pause.
"""

from __future__ import annotations

import collections
import threading
import time

MIN_RATE = 1.0
_WINDOW = 2.0            # seconds of answered requests that measure the rate the server accepts
_MIN_SPAN = 0.25
_UNDER = 0.95            # of the measured rate, after a refusal
_CREEP = 0.1             # requests/s added per second of answered requests, under the refused rate
_PROBE = 0.1             # requests/s added per answered request above it: +10 % per second
_RELEASE = 4.0           # pace dropped when this many times the refused rate is answered without refusal
_EMPTY_LOOKUP = b"[]"


class TokenBucket(object):
    """The pacing shared by all threads of one client; ``clock``/``sleep`` are for tests."""

    def __init__(self, clock=time.monotonic, sleep=time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self.rate = None       # tokens (requests) per second; None = not limited
        self.refused = None    # the rate measured when the server last refused
        self._tokens = 1.0
        self._filled_at = 0.0  # may lie in the future while a Retry-After runs: no tokens accrue before it
        self._closed_until = 0.0
        self._last_decrease = None
        self._answered = collections.deque()

    def wait(self):
        """Block until this caller may send its request (takes one token, or waits for the reopening)."""
        with self._lock:
            now = self._clock()
            at = max(now, self._closed_until)
            if self.rate:
                if now > self._filled_at:
                    self._tokens = min(1.0, self._tokens + (now - self._filled_at) * self.rate)
                    self._filled_at = now
                self._tokens -= 1.0
                # a negative balance is a reservation: this caller goes when the bucket has refilled to zero
                at = max(at, self._filled_at + max(0.0, -self._tokens) / self.rate)
        if at > now:
            self._sleep(at - now)

    def answered(self):
        with self._lock:
            now = self._clock()
            self._answered.append(now)
            while self._answered and self._answered[0] < now - _WINDOW:
                self._answered.popleft()
            if not self.rate:
                return
            if self.rate < self.refused:
                self.rate = min(self.refused, self.rate + _CREEP / self.rate)
            else:
                self.rate += _PROBE
                if self.rate > _RELEASE * self.refused:
                    self.rate = None

    def slow_down(self, retry_after=None):
        """The server refused (429, ``retry_after`` seconds) or answered empty: pause everyone once, pace lower."""
        with self._lock:
            now = self._clock()
            if now < self._closed_until:
                return  # a request that was in flight when the server refused: the same refusal
            if retry_after:
                self._closed_until = now + retry_after
                self._tokens = 1.0  # the server's own bucket has refilled by then: the first caller goes at once
                self._filled_at = max(self._filled_at, self._closed_until)
            # an empty answer closes nothing, so a burst of them is counted as one decrease per window
            if not retry_after and self._last_decrease is not None and now - self._last_decrease < _WINDOW:
                return
            self._last_decrease = now
            recent = [t for t in self._answered if t >= now - _WINDOW]
            # over the time actually covered: right after the start, the window is not full yet
            measured = len(recent) / max(_MIN_SPAN, now - recent[0]) if recent else 0.0
            if not measured:
                measured = (self.rate or 2 * MIN_RATE) / 2
            self.refused = max(MIN_RATE, min(measured, self.rate or measured))
            self.rate = max(MIN_RATE, _UNDER * self.refused)


def _retry_after(response):
    value = (response.headers.get("Retry-After") or "").strip()
    return float(value) if value.isdigit() else 1.0


class PacedSession(object):
    """A requests session whose every POST takes a token of the shared bucket; a 429 is waited out and sent again.

    The server's rate limiter answers 429 before the method runs (the client's own rule for retrying writes), so
    sending again cannot apply a write twice. After ``patience`` seconds the 429 is returned to the client.
    """

    def __init__(self, session, bucket, patience, clock=time.monotonic):
        self._session = session
        self._bucket = bucket
        self._patience = patience
        self._clock = clock

    def post(self, url, **kwargs):
        deadline = self._clock() + self._patience
        while True:
            self._bucket.wait()
            response = self._session.post(url, **kwargs)
            if response.status_code != 429:
                if url.endswith("/GetSessionBySessionID") and response.content.strip() == _EMPTY_LOOKUP:
                    self._bucket.slow_down()
                else:
                    self._bucket.answered()
                return response
            wait = _retry_after(response)
            self._bucket.slow_down(wait)
            if self._clock() + wait > deadline:
                return response
            response.close()

    def __getattr__(self, name):
        return getattr(self._session, name)


def install(client):
    """Route the client's requests through one shared bucket (clients without the hook, such as fakes, are left)."""
    wrap = getattr(client, "wrap_transport", None)
    if wrap is not None:
        wrap(lambda session: PacedSession(session, TokenBucket(), client.budget))
