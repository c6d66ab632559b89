# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The web-service error envelope and the exception-type to status mapping (reference 1.2 step 9)."""

from __future__ import annotations

import json
from typing import Dict, Optional

from .pages import request_too_large

STATUS_BY_TYPE = {"SecurityException": 401, "UnauthorizedAccessException": 403}


class ApiError(Exception):
    """A .NET exception as the web-service framework reports it: ``{"errorType", "message", "detail": null}``."""

    def __init__(self, error_type: str, message: str, status: Optional[int] = None,
                 headers: Optional[Dict[str, str]] = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.status = status or STATUS_BY_TYPE.get(error_type, 500)
        self.headers = headers or {}

    content_type = "application/json; charset=utf-8"

    def body(self) -> bytes:
        return json.dumps({"errorType": self.error_type, "message": self.message, "detail": None}, separators=(",", ":")).encode("utf-8")


def argument_error(message: str) -> ApiError:
    return ApiError("ArgumentException", message)


def null_error(parameter: str) -> ApiError:
    return ApiError("ArgumentNullException", "Value cannot be null. (Parameter '%s')" % parameter)


class RequestTooLarge(ApiError):
    """413 with an HTML page, as a web server's request-size limit answers (the real limit is unknown)."""

    content_type = "text/html; charset=utf-8"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__("RequestTooLarge", "command of %d characters is longer than %d" % (length, limit), 413)

    def body(self) -> bytes:
        return request_too_large()
