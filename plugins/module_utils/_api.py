# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One Python method per RESTful API Manager method.

PRIVATE to the collection: this file may change without notice.

Answers are returned as the server sent them (field names unchanged); only their container is normalised
(a list for list methods, None for "not found").
"""

from __future__ import annotations

import re
import time

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import CUSTOM_PROPERTY_COUNT

# Looked up at call time so that tests can record the pauses instead of sleeping.
_sleep = time.sleep

_SESSION_ID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def validate_session_id(value, option="session_id"):
    """The session id as the server writes it (lower case), or ScreenConnectInputError naming the option."""
    text = "" if value is None else str(value).strip()
    if not _SESSION_ID.match(text):
        raise errors.ScreenConnectInputError(
            "%s must be a session GUID such as 25950dd7-0230-4a72-9409-0b8c489684a2; got %r" % (option, text))
    return text.lower()


def _as_list(answer, method):
    if answer is None:
        return []
    if isinstance(answer, dict):
        # A single object where a list was documented: accept it rather than fail on a harmless variation.
        return [answer]
    if not isinstance(answer, list):
        raise errors.ScreenConnectResponseError(
            "ScreenConnect answered %s with %s instead of a list of sessions." % (method, type(answer).__name__),
            method=method)
    return [item for item in answer if isinstance(item, dict)]


class ScreenConnectAPI(object):
    def __init__(self, client):
        self.client = client

    @property
    def retries(self):
        """How often an empty answer is asked again: the client's budget for reads."""
        return int(getattr(self.client, "retries", 0) or 0)

    def pause(self, attempt):
        """Wait before asking again (jittered exponential backoff, as the client waits between read attempts).

        A busy server can answer a lookup with an empty list for sessions that exist, so "not found" is only
        believed after asking again a little later.
        """
        _sleep(self.client.backoff_delay(attempt))

    # -- reads ----------------------------------------------------------------------------------------------------

    def get_session(self, session_id):
        """The session with this id, or None when the server still answers an empty list after ``retries`` more
        attempts with backoff (the answer for an unknown id, and also a busy server's answer for a known one)."""
        attempt = 0
        while True:
            sessions = _as_list(self.client.call("GetSessionBySessionID", [session_id]), "GetSessionBySessionID")
            for session in sessions:
                if str(session.get("SessionID", "")).lower() == session_id.lower():
                    return session
            if sessions:
                return sessions[0]
            attempt += 1
            if attempt > self.retries:
                return None
            self.pause(attempt)

    def get_sessions_by_name(self, name):
        """Sessions as the server matches the name (exactly or by prefix: unknown); callers match exactly."""
        return _as_list(self.client.call("GetSessionsByName", [name]), "GetSessionsByName")

    def get_sessions_by_filter(self, expression):
        if not expression or not str(expression).strip():
            raise errors.ScreenConnectInputError("a session filter expression must not be empty (the server rejects it)")
        return _as_list(self.client.call("GetSessionsByFilter", [expression]), "GetSessionsByFilter")

    def get_session_details(self, session_id):
        """``{"Session", "Events", "Connections", ...}`` or None when the server knows no such session."""
        answer = self.client.call("GetSessionDetailsBySessionID", [session_id], session_id=session_id)
        if answer is None:
            return None
        if not isinstance(answer, dict):
            raise errors.ScreenConnectResponseError(
                "ScreenConnect answered GetSessionDetailsBySessionID with %s instead of an object."
                % type(answer).__name__, method="GetSessionDetailsBySessionID", session_id=session_id)
        return answer

    # -- writes (each sent at most once) ----------------------------------------------------------------------------

    def create_session(self, session_type, name, is_public, code, custom_property_values):
        values = self._full_custom_properties(custom_property_values)
        answer = self.client.call("CreateSession", [session_type, name, bool(is_public), code or "", values])
        if isinstance(answer, list) and answer:
            answer = answer[0]
        if not isinstance(answer, dict):
            raise errors.ScreenConnectResponseError(
                "ScreenConnect answered CreateSession without the created session; look the session up by name "
                "before creating it again.", method="CreateSession")
        return answer

    def update_session_name(self, session_id, new_name):
        self.client.call("UpdateSessionName", [session_id, new_name], session_id=session_id)

    def update_session_custom_properties(self, session_id, values):
        # Always all 8: whether the server blanks or keeps the slots that are not sent is unknown.
        values = self._full_custom_properties(values)
        self.client.call("UpdateSessionCustomProperties", [session_id, values], session_id=session_id)

    def add_note(self, session_id, note):
        self.client.call("AddNoteToSession", [session_id, note], session_id=session_id)

    def send_command(self, session_id, command):
        self.client.call("SendCommandToSession", [session_id, command], session_id=session_id)

    def send_message(self, session_id, by_host, message):
        self.client.call("SendMessageToSession", [session_id, by_host, message], session_id=session_id)

    def send_toolbox_item(self, session_id, item):
        self.client.call("SendToolboxItemToSession", [session_id, item], session_id=session_id)

    @staticmethod
    def _full_custom_properties(values):
        values = ["" if value is None else str(value) for value in (values or [])]
        if len(values) > CUSTOM_PROPERTY_COUNT:
            raise errors.ScreenConnectInputError(
                "ScreenConnect sessions have %d custom properties; got %d values" % (CUSTOM_PROPERTY_COUNT, len(values)))
        return values + [""] * (CUSTOM_PROPERTY_COUNT - len(values))
