# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault injection: rules that make the next call(s) of a method (or of any method) fail in a chosen way."""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, Dict, List, Mapping, Optional

KINDS = ("html500", "status", "rate_limit", "reset_before", "reset_after", "slow", "truncated", "empty_list")


@dataclasses.dataclass
class Fault:
    method: str = "*"
    kind: str = "html500"
    count: Optional[int] = None      # None = until DELETE faults
    status: int = 503
    retry_after: int = 1
    delay: float = 1.0
    body: str = "html"               # for kind "status": "html" or "plain"
    fired: int = 0

    def matches(self, method: str) -> bool:
        return self.method in ("*", method) and (self.count is None or self.fired < self.count)

    def as_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)


def parse_fault(spec: Mapping[str, Any]) -> Fault:
    """Build a Fault from the control API body or raise ValueError."""
    if not isinstance(spec, Mapping):
        raise ValueError("fault must be a JSON object")
    known = {"method", "kind", "count", "once", "status", "retry_after", "delay", "body"}
    unknown = sorted(set(spec) - known)
    if unknown:
        raise ValueError("unknown fault field(s): %s" % ", ".join(unknown))
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ValueError("kind must be one of %s" % ", ".join(KINDS))
    count = spec.get("count")
    if spec.get("once"):
        count = 1
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise ValueError("count must be a positive integer")
    fault = Fault(method=str(spec.get("method") or "*"), kind=kind, count=count)
    try:
        fault.status = int(spec.get("status", 502 if kind == "status" else 500))
        fault.retry_after = int(spec.get("retry_after", 1))
        fault.delay = float(spec.get("delay", 1.0))
    except (TypeError, ValueError):
        raise ValueError("status and retry_after must be integers, delay a number")
    if not 100 <= fault.status <= 599:
        raise ValueError("status must be an HTTP status code")
    fault.body = str(spec.get("body", "html"))
    if fault.body not in ("html", "plain"):
        raise ValueError("body must be html or plain")
    return fault


class FaultTable:
    """The active fault rules, first match wins; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: List[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults = []

    def take(self, method: str) -> Optional[Fault]:
        """The first rule matching ``method`` (its use is counted), or None."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method):
                    fault.fired += 1
                    return fault
            return None

    def as_list(self) -> List[Dict[str, Any]]:
        with self._lock:
            return [fault.as_dict() for fault in self._faults]
