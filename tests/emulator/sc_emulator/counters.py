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
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._methods: Dict[str, Dict[str, int]] = {}

    def _bump(self, method: str, key: str) -> None:
        with self._lock:
            entry = self._methods.setdefault(method, {"received": 0, "applied": 0})
            entry[key] += 1

    def received(self, method: str) -> None:
        self._bump(method, "received")

    def applied(self, method: str) -> None:
        self._bump(method, "applied")

    def reset(self) -> None:
        with self._lock:
            self._methods = {}

    def as_dict(self) -> Dict[str, Any]:
        with self._lock:
            methods = {name: dict(entry) for name, entry in sorted(self._methods.items())}
        total = {"received": sum(e["received"] for e in methods.values()),
                 "applied": sum(e["applied"] for e in methods.values())}
        return {"total": total, "methods": methods}
