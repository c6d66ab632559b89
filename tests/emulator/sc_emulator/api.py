# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The extension's eleven methods (reference section 2): bound arguments in, JSON body bytes out."""

from __future__ import annotations

from typing import Any, Dict, Optional

from . import filters
from .agent import Agent
from .config import Switches
from .errors import ApiError, RequestTooLarge, argument_error, null_error
from .model import CUSTOM_PROPERTY_COUNT, EventType, SessionRecord
from .store import Store
from .webmethods import parse_guid


class Api:
    def __init__(self, store: Store, agent: Agent, switches: Switches, user_name: str,
                 max_command_length: int = 0) -> None:
        self.store = store
        self.agent = agent
        self.switches = switches
        self.user_name = user_name
        self.max_command_length = max_command_length  # 0: no limit

    def call(self, name: str, args: Dict[str, Any]) -> Optional[bytes]:
        """Run a method; returns the JSON body, or None for void methods."""
        return getattr(self, "_" + name)(**args)

    # ---- helpers ---------------------------------------------------------------------------------------------------
    def _shape(self) -> str:
        return self.switches.get("custom_properties_shape")

    @staticmethod
    def _guid(session_id: Optional[str]) -> str:
        if session_id is None:
            raise null_error("input")
        try:
            return parse_guid(session_id)
        except ValueError as exc:
            raise ApiError("FormatException", str(exc))

    def _session(self, session_id: Optional[str]) -> Optional[SessionRecord]:
        """The session for a write; None when unknown and the unknown_session switch says "ignore"."""
        record = self.store.get(self._guid(session_id))
        if record is None and self.switches.get("unknown_session") == "error":
            raise ApiError("InvalidOperationException", "Session not found")
        return record

    @staticmethod
    def _values(values: Any, parameter: str) -> list:
        if values is None:
            raise null_error(parameter)
        if len(values) > CUSTOM_PROPERTY_COUNT:
            raise ApiError("ArgumentOutOfRangeException",
                           "Index was out of range. Must be non-negative and less than the size of the collection. "
                           "(Parameter '%s')" % parameter)
        return [value if value is not None else "" for value in values]

    # ---- reads -----------------------------------------------------------------------------------------------------
    def _GetSessionBySessionID(self, sessionID: Optional[str]) -> bytes:  # pylint: disable=invalid-name
        record = self.store.get(self._guid(sessionID))
        return self.store.serialize([record] if record else [], self._shape())

    def _GetSessionsByName(self, sessionName: Optional[str]) -> bytes:  # pylint: disable=invalid-name
        records = self.store.find_by_name(sessionName or "", self.switches.get("name_match"))
        return self.store.serialize(records, self._shape())

    def _GetSessionsByFilter(self, sessionFilter: Optional[str]) -> bytes:  # pylint: disable=invalid-name
        if sessionFilter is None or not sessionFilter.strip():
            raise argument_error("Session filter must not be empty. (Parameter 'sessionFilter')")
        try:
            predicate = filters.compile_filter(sessionFilter)
        except filters.FilterSyntaxError as exc:
            raise argument_error(str(exc))
        try:
            records = self.store.filter(predicate)
        except filters.FilterSyntaxError as exc:
            raise argument_error(str(exc))
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise ApiError("InvalidOperationException", "Unable to evaluate session filter: %s" % exc)
        return self.store.serialize(records, self._shape())

    def _GetSessionDetailsBySessionID(self, sessionID: Optional[str]) -> bytes:  # pylint: disable=invalid-name
        record = self.store.get(sessionID or "00000000-0000-0000-0000-000000000000")
        if record is None:
            if self.switches.get("unknown_session") == "error":
                raise ApiError("InvalidOperationException", "Session not found")
            return b"null"
        return self.store.details_json(record, self.switches.get("event_order"), self._shape())

    # ---- writes ----------------------------------------------------------------------------------------------------
    def _CreateSession(self, sessionType: int, name: Optional[str], isPublic: bool, code: Optional[str],  # pylint: disable=invalid-name
                       customPropertyValues: Any) -> bytes:
        values = self._values(customPropertyValues if customPropertyValues is not None else [], "customPropertyValues")
        record = self.store.create_session(sessionType, name or "", isPublic, code or "", values, self.user_name)
        return record.to_json(self._shape())

    def _UpdateSessionName(self, sessionID: Optional[str], newName: Optional[str]) -> None:  # pylint: disable=invalid-name
        record = self._session(sessionID)
        if record is not None:
            self.store.update_name(record, newName or "", self.user_name)

    def _UpdateSessionCustomProperties(self, sessionID: Optional[str], newCustomProperties: Any) -> None:  # pylint: disable=invalid-name
        record = self._session(sessionID)
        values = self._values(newCustomProperties, "newCustomProperties")
        if record is not None:
            self.store.update_custom_properties(record, values, self.switches.get("partial_custom_properties"), self.user_name)

    def _AddNoteToSession(self, sessionID: Optional[str], noteBody: Optional[str]) -> None:  # pylint: disable=invalid-name
        record = self._session(sessionID)
        if record is not None:
            self.store.add_note(record, noteBody or "", self.user_name)

    def _queue(self, record: Optional[SessionRecord], event_type: int, host: str, data: str) -> None:
        if record is None:
            return
        with self.store.lock:
            event = self.store.queue_event(record, event_type, host, data)
            online = record.online
        if online:
            self.agent.queued(record.session_id, event)

    def _SendCommandToSession(self, sessionID: Optional[str], command: Optional[str]) -> None:  # pylint: disable=invalid-name
        limit = self.max_command_length
        if limit and len(command or "") > limit:
            # refused as a whole, before the session is even looked up: nothing is queued
            raise RequestTooLarge(len(command or ""), limit)
        self._queue(self._session(sessionID), EventType.QUEUED_COMMAND, self.user_name, command or "")

    def _SendMessageToSession(self, sessionID: Optional[str], byHost: Optional[str], message: Optional[str]) -> None:  # pylint: disable=invalid-name
        self._queue(self._session(sessionID), EventType.QUEUED_MESSAGE, byHost or "", message or "")

    def _SendToolboxItemToSession(self, sessionID: Optional[str], toolboxItemName: Optional[str]) -> None:  # pylint: disable=invalid-name
        self._queue(self._session(sessionID), EventType.QUEUED_TOOL, self.user_name, toolboxItemName or "")
