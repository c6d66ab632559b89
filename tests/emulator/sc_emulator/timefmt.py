# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Dates as the ScreenConnect JSON serializer writes them."""

from __future__ import annotations

import datetime

MIN_DATE = "0001-01-01T00:00:00"
UTC = datetime.timezone.utc


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(UTC)


def format_date(value: datetime.datetime | None, ticks: int | None = None) -> str:
    """Format like Json.NET: ``2026-07-19T06:41:52.6169911Z``; fraction up to 7 digits, trailing zeros trimmed.

    ``ticks`` (0..9) adds the sub-microsecond 100 ns digit that .NET has and Python has not.
    ``None`` gives the zone-less ``DateTime.MinValue`` used for "never".
    """
    if value is None:
        return MIN_DATE
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    fraction = "%06d%d" % (value.microsecond, ticks if ticks is not None else 0)
    fraction = fraction.rstrip("0")
    if fraction:
        text += "." + fraction
    return text + "Z"


def now_text() -> str:
    """The current time with 7 fractional digits (the 7th, never 0, is derived from the microseconds)."""
    now = utcnow()
    return format_date(now, 1 + now.microsecond % 9)
