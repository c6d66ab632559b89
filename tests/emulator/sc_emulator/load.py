# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A loaded server: the fixed per-request latency and the token-bucket rate limiter per client address."""

from __future__ import annotations

import math
import threading
import time
from typing import Any, Dict, Mapping, Optional, Tuple

ANSWERS = ("429", "empty")
SETTINGS = ("request_latency", "rate_limit", "rate_burst", "rate_limit_answer")


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError("%s must be a non-negative number, not %r" % (name, value))
    return float(value)


class Load:
    """``request_latency`` seconds added to every API request; ``rate_limit`` requests/s per client (0 = off),
    ``rate_burst`` tokens at most (None = max(1, rate_limit)), ``rate_limit_answer`` 429 or empty."""

    def __init__(self, request_latency: float = 0.0, rate_limit: float = 0.0, rate_burst: Optional[float] = None,
                 rate_limit_answer: str = "429") -> None:
        self._lock = threading.Lock()
        self._defaults = self.validate(dict(request_latency=request_latency, rate_limit=rate_limit,
                                            rate_burst=rate_burst, rate_limit_answer=rate_limit_answer))
        self._values: Dict[str, Any] = {}
        # client address -> (tokens, monotonic time of that count)
        self._buckets: Dict[str, Tuple[float, float]] = {}
        self.reset()

    @staticmethod
    def validate(values: Mapping[str, Any]) -> Dict[str, Any]:
        clean: Dict[str, Any] = {}
        for name in ("request_latency", "rate_limit"):
            if name in values:
                clean[name] = _number(name, values[name])
        if "rate_burst" in values:
            burst = values["rate_burst"]
            clean["rate_burst"] = None if burst is None else _number("rate_burst", burst)
            if clean["rate_burst"] is not None and clean["rate_burst"] < 1:
                raise ValueError("rate_burst must be at least 1, not %r" % burst)
        if "rate_limit_answer" in values:
            answer = str(values["rate_limit_answer"]).lower()
            if answer not in ANSWERS:
                raise ValueError("rate_limit_answer must be one of %s, not %r"
                                 % ("|".join(ANSWERS), values["rate_limit_answer"]))
            clean["rate_limit_answer"] = answer
        return clean

    def update(self, values: Mapping[str, Any]) -> None:
        clean = self.validate(values)
        with self._lock:
            self._values.update(clean)
            self._buckets = {}

    def reset(self) -> None:
        with self._lock:
            self._values = dict(self._defaults)
            self._buckets = {}

    @property
    def request_latency(self) -> float:
        return self._values["request_latency"]

    @property
    def answer(self) -> str:
        return self._values["rate_limit_answer"]

    def _burst(self) -> float:
        burst = self._values["rate_burst"]
        return max(1.0, self._values["rate_limit"]) if burst is None else burst

    def as_dict(self) -> Dict[str, Any]:
        with self._lock:
            return dict(self._values, rate_burst=self._burst())

    def take(self, client: str) -> Optional[int]:
        """None when the request may be served (a token was taken); else the whole seconds until a token, >= 1."""
        with self._lock:
            rate = self._values["rate_limit"]
            if rate <= 0:
                return None
            burst = self._burst()
            now = time.monotonic()
            tokens, since = self._buckets.get(client, (burst, now))
            tokens = min(burst, tokens + (now - since) * rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return None
            self._buckets[client] = (tokens, now)
            return max(1, int(math.ceil((1 - tokens) / rate)))
