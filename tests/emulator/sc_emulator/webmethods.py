# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The eleven web methods: lookup (with REST-style aliases) and argument binding (reference 1.2 steps 1, 4, 7)."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import parse_qs

from .errors import ApiError, argument_error
from .model import SESSION_TYPES

STRING, GUID, BOOL, SESSION_TYPE, STRING_ARRAY = "string", "Guid", "bool", "SessionType", "string[]"
READ_ONLY_WORDS = ("get", "is", "query", "read")
VERB_BY_WORD = {"get": "GET", "add": "POST", "create": "POST", "set": "PUT", "update": "PUT", "save": "PUT",
                "remove": "DELETE", "delete": "DELETE"}
OVERFLOW = "Destination array was not long enough. Check the destination index, length, and the array's lower bounds."
GUID_FORMAT = "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")

PARAMETERS: Dict[str, List[Tuple[str, str]]] = {
    "AddNoteToSession": [("sessionID", STRING), ("noteBody", STRING)],
    "CreateSession": [("sessionType", SESSION_TYPE), ("name", STRING), ("isPublic", BOOL), ("code", STRING),
                      ("customPropertyValues", STRING_ARRAY)],
    "GetSessionBySessionID": [("sessionID", STRING)],
    "GetSessionDetailsBySessionID": [("sessionID", GUID)],
    "GetSessionsByFilter": [("sessionFilter", STRING)],
    "GetSessionsByName": [("sessionName", STRING)],
    "SendCommandToSession": [("sessionID", STRING), ("command", STRING)],
    "SendMessageToSession": [("sessionID", STRING), ("byHost", STRING), ("message", STRING)],
    "SendToolboxItemToSession": [("sessionID", STRING), ("toolboxItemName", STRING)],
    "UpdateSessionCustomProperties": [("sessionID", STRING), ("newCustomProperties", STRING_ARRAY)],
    "UpdateSessionName": [("sessionID", STRING), ("newName", STRING)],
}
LIST_METHODS = ("GetSessionBySessionID", "GetSessionsByName", "GetSessionsByFilter")


class WebMethod:
    def __init__(self, name: str, parameters: List[Tuple[str, str]]) -> None:
        self.name = name
        self.parameters = parameters
        words = [word.lower() for word in _WORDS.findall(name)]
        self.read_only = words[0] in READ_ONLY_WORDS
        self.rest_verb = VERB_BY_WORD.get(words[0], "POST")
        if words[0] in VERB_BY_WORD:
            self.rest_path = "-".join(words[1:])
        else:
            self.rest_path = "-".join(words[1:]) + "/" + words[0]

    def matches(self, http_method: str, key: str) -> bool:
        if http_method in ("POST", "GET", "OPTIONS") and key == self.name:
            return True
        return http_method == self.rest_verb and key in (self.name, self.rest_path)


METHODS = [WebMethod(name, parameters) for name, parameters in sorted(PARAMETERS.items())]


def lookup(http_method: str, segments: Sequence[str]) -> Tuple[Optional[WebMethod], int]:
    """Find the method for the path segments after ``Service.ashx/``; returns (method, segments consumed).

    Reference 1.2 step 1: the key is the first segment only, so a RestPath with a slash ("command-to-session/send")
    is never reached and the further segments are arguments.
    """
    for method in METHODS:
        if segments and method.matches(http_method, segments[0]):
            return method, 1
    return None, 0


def parse_guid(text: str) -> str:
    """``Guid.Parse``: the D, N, B and P formats; returns the lower-case hyphenated form or raises ValueError."""
    value = text.strip()
    if len(value) == 38 and value[0] + value[-1] in ("{}", "()"):
        value = value[1:-1]
    if len(value) == 36 and all(value[i] == "-" for i in (8, 13, 18, 23)):
        value = value.replace("-", "")
    if not _HEX32.match(value):
        raise ValueError(GUID_FORMAT)
    value = value.lower()
    return "%s-%s-%s-%s-%s" % (value[:8], value[8:12], value[12:16], value[16:20], value[20:])


def _to_string(value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return str(value)
    raise ValueError("Unexpected token when reading a string: %s" % type(value).__name__)


def _convert(value: Any, kind: str, type_names: bool) -> Any:
    if kind == STRING:
        return _to_string(value)
    if kind == GUID:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("Error converting value %s to type 'System.Guid'." % json.dumps(value))
        return parse_guid(value)
    if kind == BOOL:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise ValueError("String '%s' was not recognized as a valid Boolean." % value)
    if kind == SESSION_TYPE:
        if value is None:
            return 0
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value in SESSION_TYPES.values():
            return value
        if isinstance(value, str) and type_names:
            for name, number in SESSION_TYPES.items():
                if name.lower() == value.strip().lower():
                    return number
        raise ValueError("Error converting value %s to type 'ScreenConnect.SessionType'." % json.dumps(value))
    # STRING_ARRAY
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError("Error converting value %s to type 'System.String[]'." % json.dumps(value))
    return [_to_string(item) for item in value]


def bind_arguments(method: WebMethod, path_args: Sequence[str], query: str, body: bytes,
                   type_names: bool = True) -> Dict[str, Any]:
    """Reference 1.2 step 7: path segments, query-string keys, then the JSON body; then type conversion."""
    names = [name for name, _kind in method.parameters]
    values: List[Any] = [None] * len(names)
    if len(path_args) > len(names):
        raise argument_error("Unable to process arguments: " + OVERFLOW)
    for index, segment in enumerate(path_args):
        values[index] = segment
    if query:
        fields = parse_qs(query, keep_blank_values=True)
        for index, (name, kind) in enumerate(method.parameters):
            if name in fields:
                values[index] = fields[name] if kind == STRING_ARRAY else fields[name][0]
    if body.strip():
        try:
            parsed = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise argument_error("Unable to process arguments: %s" % exc)
        if isinstance(parsed, list):
            if len(path_args) + len(parsed) > len(names):
                raise argument_error("Unable to process arguments: " + OVERFLOW)
            for offset, item in enumerate(parsed):
                values[len(path_args) + offset] = item
        elif isinstance(parsed, dict):
            for key, item in parsed.items():
                if key not in names:
                    raise argument_error("Unknown parameter: %s" % key)
                values[names.index(key)] = item
        else:
            raise argument_error("Unable to process arguments: Body must be array or dictionary")
    result = {}
    for index, (name, kind) in enumerate(method.parameters):
        try:
            result[name] = _convert(values[index], kind, type_names)
        except ValueError as exc:
            raise ApiError("ArgumentException", "Unable to convert arguments to corresponding parameter types: %s" % exc)
    return result
