# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Dates in filter expressions and Session JSON: ISO and US formats, the "never" MinValue, UTC."""

from __future__ import annotations

import datetime
import re
from typing import Any, Dict, Optional


UTC = datetime.timezone.utc
DATE_MIN = datetime.datetime.min.replace(tzinfo=UTC)


_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?\s*$", re.IGNORECASE)
_US_DATE_RE = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(AM|PM)?)?\s*$",
    re.IGNORECASE)
_date_cache: Dict[str, Optional[datetime.datetime]] = {}


def parse_date(text: Any) -> Optional[datetime.datetime]:
    """Parse a ScreenConnect/ISO date (or ``M/d/yyyy [h:mm[:ss] [AM|PM]]``) to an aware UTC datetime.

    Zone-less values are UTC; ``0001-01-01T00:00:00`` (the "never" MinValue) gives ``DATE_MIN``.
    Returns None when the text is not a date.
    """
    if isinstance(text, datetime.datetime):
        return text if text.tzinfo is not None else text.replace(tzinfo=UTC)
    if not isinstance(text, str):
        return None
    try:
        return _date_cache[text]
    except KeyError:
        pass
    value = _parse_date_uncached(text)
    if len(_date_cache) > 65536:
        _date_cache.clear()
    _date_cache[text] = value
    return value


def _parse_date_uncached(text: str) -> Optional[datetime.datetime]:
    match = _DATE_RE.match(text)
    zone = None
    if match:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
    else:
        match = _US_DATE_RE.match(text)
        if not match:
            return None
        month, day, year, hour, minute, second, fraction, ampm = match.groups()
        if ampm and hour:
            hour = int(hour) % 12 + (12 if ampm.upper() == "PM" else 0)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        value = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                                  micro, tzinfo=UTC)
    except ValueError:
        return None
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        try:
            value = value - sign * offset
        except OverflowError:
            return DATE_MIN
    return value
