# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-method call counters for ``GET /__emulator/calls``."""

from __future__ import annotations

import threading
from typing import Any, Dict


class Counters:
    """``received``: requests that reached method dispatch (known method, any outcome, preflights excluded).
    ``applied``: calls whose effect was applied and answered with 200 (even if a fault then lost the answer).
    ``rate_limited``: calls the rate limiter refused (429 or an empty list; never applied).
    ``max_concurrent``: the most API requests served at the same time since the last reset.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._methods: Dict[str, Dict[str, int]] = {}
        self._in_flight = 0
        self._max_concurrent = 0

    def _bump(self, method: str, key: str) -> None:
        with self._lock:
            entry = self._methods.setdefault(method, {"received": 0, "applied": 0})
            # rate_limited appears in a method's entry only once it happened, so unlimited runs read as before
            entry[key] = entry.get(key, 0) + 1

    def started(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._max_concurrent = max(self._max_concurrent, self._in_flight)

    def finished(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def rate_limited(self, method: str) -> None:
        self._bump(method, "rate_limited")

    def received(self, method: str) -> None:
        self._bump(method, "received")

    def applied(self, method: str) -> None:
        self._bump(method, "applied")

    def reset(self) -> None:
        with self._lock:
            self._methods = {}
            # requests being served now still count, so the next maximum starts from them
            self._max_concurrent = self._in_flight

    def as_dict(self) -> Dict[str, Any]:
        with self._lock:
            methods = {name: dict(entry) for name, entry in sorted(self._methods.items())}
            max_concurrent = self._max_concurrent
        keys = ["received", "applied"] + (["rate_limited"] if any("rate_limited" in e for e in methods.values()) else [])
        total = {key: sum(entry.get(key, 0) for entry in methods.values()) for key in keys}
        return {"total": total, "methods": methods, "max_concurrent": max_concurrent}
