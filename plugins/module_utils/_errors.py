# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one exception hierarchy of the collection.

PRIVATE to the collection: this file may change without notice.

Modules turn these exceptions into ``fail_json`` with ``to_fail_json()``; the inventory plugin wraps them in
``AnsibleParserError``. Messages never contain the secret: the client redacts every text before it builds one.
"""

from __future__ import annotations


class ScreenConnectError(Exception):
    """Base class. ``method`` is the extension method, ``status`` the HTTP status (or None)."""

    def __init__(self, message, method=None, status=None, session_id=None, error_type=None, server_message=None):
        super(ScreenConnectError, self).__init__(message)
        self.message = message
        self.method = method
        self.status = status
        self.session_id = session_id
        self.error_type = error_type
        self.server_message = server_message

    def __str__(self):
        return self.message

    def to_fail_json(self):
        """Keyword arguments for ``AnsibleModule.fail_json``: the message plus what a user can act on."""
        result = dict(msg=self.message)
        for key in ("method", "status", "session_id", "error_type", "server_message"):
            value = getattr(self, key)
            if value is not None:
                result[key] = value
        return result


class ScreenConnectConfigError(ScreenConnectError):
    """A connection option is unusable (for example a URL that is not http or https). Raised before any request."""


class ScreenConnectAuthError(ScreenConnectError):
    """HTTP 401: the secret is wrong or missing."""


class ScreenConnectForbiddenError(ScreenConnectError):
    """HTTP 403: origin not allowed, content type or anti-forgery gate."""


class ScreenConnectNotFoundError(ScreenConnectError):
    """HTTP 404: the extension is not installed, or the URL or extension id is wrong."""


class ScreenConnectServerError(ScreenConnectError):
    """Any other HTTP error status, with the server's ``{errorType, message}`` envelope when there is one."""


class ScreenConnectResponseError(ScreenConnectError):
    """A 200 answer that is not the JSON the method returns (invalid, truncated or HTML)."""


class ScreenConnectTransportError(ScreenConnectError):
    """The server could not be reached, or did not answer in time."""


class ScreenConnectOutcomeUnknownError(ScreenConnectTransportError):
    """A write may have reached the server but its answer was lost. It is never re-sent automatically."""


class ScreenConnectInputError(ScreenConnectError, ValueError):
    """A user value that must not be sent. Raised before any request; the message names the option."""


class ScreenConnectLookupError(ScreenConnectError):
    """The session a task names does not exist, or a name matches several sessions."""
