# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The error of the filter language: what went wrong and where."""

from __future__ import annotations

from typing import Optional


class FilterSyntaxError(ValueError):
    """A filter expression that cannot be compiled (or, rarely, evaluated); says what and where (1-based)."""

    def __init__(self, message: str, position: Optional[int] = None) -> None:
        self.position = position
        if position is not None:
            message = "%s at position %d" % (message, position)
        super().__init__(message)
