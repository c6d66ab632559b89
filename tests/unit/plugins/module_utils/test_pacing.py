# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared token bucket of the fan-out, on a fake clock: pace, one Retry-After for all, recovery."""

from __future__ import annotations

import threading

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils._pacing import TokenBucket


class _Clock(object):
    """A fake monotonic clock whose sleep advances it (thread-safe, so threads can share one bucket)."""

    def __init__(self):
        self.now = 0.0
        self.slept = []
        self._lock = threading.Lock()

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        with self._lock:
            self.slept.append(seconds)


def _limited(clock, accepted_per_second=20, seconds=2.0):
    """A bucket that has seen the server answer ``accepted_per_second`` and then refuse with a 429."""
    bucket = TokenBucket(clock=clock, sleep=clock.sleep)
    for _dummy in range(int(accepted_per_second * seconds)):
        bucket.answered()
        clock.now += 1.0 / accepted_per_second
    bucket.slow_down(retry_after=1)
    return bucket


def test_unlimited_until_the_server_pushes_back():
    clock = _Clock()
    bucket = TokenBucket(clock=clock, sleep=clock.sleep)
    for _dummy in range(100):
        bucket.wait()
    assert clock.slept == [] and bucket.rate is None


def test_after_a_429_paces_just_under_the_measured_rate():
    clock = _Clock()
    bucket = _limited(clock)
    assert bucket.rate == pytest.approx(0.95 * 20, rel=0.05)


def test_never_exceeds_the_bucket():
    clock = _Clock()
    bucket = _limited(clock)
    clock.now += 1.0  # the Retry-After has passed
    starts = []
    for _dummy in range(200):
        before = len(clock.slept)
        bucket.wait()
        # a caller starts when its sleep ends: the clock plus what it was told to sleep
        starts.append(clock.now + (clock.slept[-1] if len(clock.slept) > before else 0.0))
    starts.sort()
    rate = bucket.rate
    for first in range(len(starts)):
        for last in range(first, len(starts)):
            # a burst of at most one token: n requests need at least (n - 1) / rate seconds
            assert starts[last] - starts[first] >= (last - first - 1) / rate - 1e-9


def test_retry_after_is_honoured_once_for_every_thread():
    clock = _Clock()
    bucket = _limited(clock)
    refused_rate = bucket.rate
    clock.now += 0.01
    for _dummy in range(10):  # the other requests of the same burst also come back 429
        bucket.slow_down(retry_after=1)
    assert bucket.rate == refused_rate  # no second decrease

    threads = [threading.Thread(target=bucket.wait) for _dummy in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # every thread waits for the one pause (not one pause per refused request), then they go one token apart
    waits = sorted(clock.slept)
    assert waits[0] == pytest.approx(0.99)
    assert waits[-1] == pytest.approx(0.99 + 7 / refused_rate)


def test_an_empty_answer_lowers_the_pace_without_a_pause():
    clock = _Clock()
    bucket = TokenBucket(clock=clock, sleep=clock.sleep)
    for _dummy in range(40):
        bucket.answered()
        clock.now += 0.05
    bucket.slow_down()
    assert bucket.rate == pytest.approx(0.95 * 20, rel=0.05)
    bucket.wait()
    assert clock.slept == []


def test_recovers_and_drops_the_limit_when_the_server_stops_refusing():
    clock = _Clock()
    bucket = _limited(clock)
    refused = bucket.refused
    rates = []
    while bucket.rate is not None and len(rates) < 100000:
        bucket.answered()
        clock.now += 1.0 / bucket.rate if bucket.rate else 0.0
        rates.append(bucket.rate)
    assert rates[:10] == sorted(rates[:10])  # additive increase under the refused rate
    assert max(rate for rate in rates if rate) > 3 * refused
    assert bucket.rate is None
