# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Selecting sessions (screenconnect_session_info) and computing their desired state (screenconnect_session).

PRIVATE to the collection: this file may change without notice.

Everything that checks user values runs before any request, so modules call the ``parse_*`` helpers first.
"""

from __future__ import annotations

import copy

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _filters as filters
from ansible_collections.screenconnect.restapi.plugins.module_utils import _lookup as lookup
from ansible_collections.screenconnect.restapi.plugins.module_utils import _model as model
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import validate_session_id
from ansible_collections.screenconnect.restapi.plugins.module_utils._filter_properties import filter_property

_COUNT = model.CUSTOM_PROPERTY_COUNT


# -- custom properties ----------------------------------------------------------------------------------------------

def _position(value, option, key):
    """1-8 from an int or a digit string; None when the value is not a number at all."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.isdigit():
            return None
        number = int(text)
    if not 1 <= number <= _COUNT:
        raise errors.ScreenConnectInputError(
            "%s: position %r of %r is out of range; ScreenConnect sessions have custom properties 1 to %d"
            % (option, value, key, _COUNT))
    return number


def parse_custom_property_names(names, option="custom_property_names"):
    """Validate ``{label: position}`` and return it with int positions (an empty dict for None)."""
    result = {}
    used = {}
    for label, position in (names or {}).items():
        label = str(label).strip()
        if not label:
            raise errors.ScreenConnectInputError("%s: labels must not be empty" % option)
        number = _position(position, option, label)
        if number is None:
            raise errors.ScreenConnectInputError(
                "%s: the position of %r must be a number from 1 to %d; got %r" % (option, label, _COUNT, position))
        if number in used:
            raise errors.ScreenConnectInputError(
                "%s: %r and %r both name custom property %d" % (option, used[number], label, number))
        used[number] = label
        result[label] = number
    return result


def _value_text(value, option, key):
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple, set)):
        raise errors.ScreenConnectInputError(
            "%s: the value of %r must be a string; got a %s" % (option, key, type(value).__name__))
    if isinstance(value, bool):
        # YAML turns yes/no into booleans; keep the words a user most likely meant.
        return "true" if value else "false"
    return str(value)


def parse_custom_properties(values, names, option="custom_properties", names_option="custom_property_names"):
    """``{position: text}`` from a dict keyed by position (1-8, int or digit string), by a label from ``names``
    (already parsed by ``parse_custom_property_names``) or by ``CustomPropertyN``. Raises before any request."""
    values = values or {}
    if len(values) > _COUNT:
        raise errors.ScreenConnectInputError(
            "%s has %d entries; ScreenConnect sessions have only %d custom properties" % (option, len(values), _COUNT))
    result = {}
    origin = {}
    for key, value in values.items():
        number = _position(key, option, key)
        if number is None and key in names:
            number = names[key]
        if number is None and str(key).startswith("CustomProperty"):
            number = _position(str(key)[len("CustomProperty"):], option, key)
        if number is None:
            known = ", ".join(sorted(names)) if names else "none (set %s to use labels)" % names_option
            raise errors.ScreenConnectInputError(
                "%s: unknown custom property %r. Use a position from 1 to %d or a label from %s; known labels: %s"
                % (option, key, _COUNT, names_option, known))
        if number in result:
            raise errors.ScreenConnectInputError(
                "%s: %r and %r both set custom property %d" % (option, origin[number], key, number))
        result[number] = _value_text(value, option, key)
        origin[number] = key
    return result


def merge_custom_properties(current, wanted):
    """All 8 values: the current ones with the positions in ``wanted`` replaced."""
    values = list(current or [])[:_COUNT]
    values += [""] * (_COUNT - len(values))
    for position, value in wanted.items():
        values[position - 1] = value
    return values


# -- session types ----------------------------------------------------------------------------------------------------

def type_name_or_none(value):
    return None if value is None else model.session_type_name(value)


def same_type(session, session_type):
    return session_type is None or model.session_type_name(session.get("SessionType", "")) == \
        model.session_type_name(session_type)


# -- screenconnect_session_info ----------------------------------------------------------------------------------------

def parse_session_ids(values, option="session_id"):
    """Validated, lower-cased, de-duplicated session ids in the order given."""
    result = []
    for value in values or ():
        session_id = validate_session_id(value, option)
        if session_id not in result:
            result.append(session_id)
    return result


def build_match_filter(match, raw, session_type, names):
    """The filter expression for ``filter``/``match``/``session_type``; labels in ``match`` become CustomPropertyN."""
    translated = {}
    for key, value in (match or {}).items():
        prop = "CustomProperty%d" % names[key] if key in names else filter_property(key)
        if prop is None:
            known = ", ".join(sorted(names)) if names else "none (set custom_property_names to use labels)"
            raise errors.ScreenConnectInputError(
                "match: unknown key %r: use a session property such as GuestMachineName or CustomProperty1, or a "
                "label from custom_property_names; known labels: %s" % (str(key), known))
        if prop in translated:
            raise errors.ScreenConnectInputError("match: %r names the same property as another key (%s)" % (key, prop))
        if isinstance(value, dict):
            raise errors.ScreenConnectInputError("match: the value of %r must be a value or a list of values" % key)
        translated[prop] = value
    try:
        return filters.build_filter(match=translated, raw=raw, session_type=type_name_or_none(session_type))
    except errors.ScreenConnectInputError as exc:
        raise errors.ScreenConnectInputError("match: %s" % exc)


def prefix_filter(name, session_type):
    """``Name LIKE 'name*'`` (plus the type): GetSessionsByName may match only exactly, so prefixes use a filter."""
    try:
        expression = filters.like("Name", name, prefix=True)
    except errors.ScreenConnectInputError as exc:
        raise errors.ScreenConnectInputError("name: %s" % exc)
    return filters.build_filter(raw=expression, session_type=type_name_or_none(session_type))


def sessions_with_prefix(api, name, session_type=None, expression=None):
    expression = expression or prefix_filter(name, session_type)
    return [session for session in api.get_sessions_by_filter(expression)
            if (session.get("Name") or "").startswith(name) and same_type(session, session_type)]


def unique_by_id(sessions):
    seen = set()
    result = []
    for session in sessions:
        key = str(session.get("SessionID", "")).lower()
        if key in seen:
            continue
        seen.add(key)
        result.append(session)
    return result


def sort_by_name(sessions):
    return sorted(sessions, key=lambda s: (s.get("Name") or "", str(s.get("SessionID", ""))))


def keep_online(sessions, online):
    if online is None:
        return list(sessions)
    return [session for session in sessions if model.is_online(session) == bool(online)]


def with_details(api, session):
    """Add ``events`` (time order, with event_type_name) and ``connections`` from GetSessionDetailsBySessionID."""
    session_id = str(session.get("SessionID", "")).lower()
    details = api.get_session_details(session_id) or {}
    session["events"] = [model.enrich_event(event) for event in model.sort_events(model.details_events(details))]
    session["connections"] = [c for c in details.get("Connections") or () if isinstance(c, dict)]
    return session


# -- screenconnect_session -----------------------------------------------------------------------------------------

def find_by_name(api, name, session_type, name_option="name"):
    """The one session named exactly ``name`` of this type, None when there is none; duplicates are refused.

    "None" decides a write (a create, or managing the session that already has ``new_name``), so an empty answer
    is confirmed by ``lookup.confirm_absent`` first.
    """
    matches = lookup.sessions_named(api, name, session_type) or lookup.confirm_absent(api, name, session_type)
    if len(matches) > 1:
        raise errors.ScreenConnectLookupError(
            "%s %r matches %d sessions of type %s: %s. Give session_id to choose one."
            % (name_option, name, len(matches), model.session_type_name(session_type), lookup.describe(matches)))
    return matches[0] if matches else None


def predicted_session(session_type, name, is_public, code, values):
    """What CreateSession would return, for check mode (the id is unknown until the server creates it)."""
    return {"SessionID": "", "SessionType": model.session_type_number(session_type), "Name": name, "Host": "",
            "IsPublic": bool(is_public), "Code": code or "", "CustomPropertyValues": list(values),
            "ActiveConnections": [], "QueuedEvents": [], "GuestInfo": {}, "IsEnded": False}


def with_changes(session, name=None, values=None):
    result = copy.deepcopy(session)
    if name is not None:
        result["Name"] = name
    if values is not None:
        result["CustomPropertyValues"] = list(values)
        if isinstance(result.get("CustomProperties"), dict):
            for index, value in enumerate(values):
                result["CustomProperties"]["CustomProperty%d" % (index + 1)] = value
    return result


def diff_view(session, names):
    """The part of a session that screenconnect_session manages, for ``--diff``."""
    if session is None:
        return {}
    return {"name": session.get("Name") or "",
            "session_type": model.session_type_name(session.get("SessionType", "")),
            "custom_properties": model.custom_properties_by_name(model.custom_property_values(session), names)}


ABSENT_MESSAGE = (
    "state=absent is not supported: the RESTful API Manager extension has no method to delete or end a session. "
    "End or delete it in the ScreenConnect web UI; nothing was sent to the server.")


def parse_target(params):
    """Validate how screenconnect_session identifies its session and the name it should have, before any request.

    Returns ``dict(session_id, name, session_type, new_name, desired_name)``; ``desired_name`` None leaves the name.
    """
    session_id = params.get("session_id")
    name = params.get("name")
    new_name = params.get("new_name")
    session_type = params.get("session_type")
    # A blank name breaks inventory host names and cannot be what the task means: never written.
    if new_name is not None and not new_name.strip():
        raise errors.ScreenConnectInputError("new_name must not be empty or blank")
    if session_id is not None and name is not None and not name.strip():
        raise errors.ScreenConnectInputError("name must not be empty or blank")
    if session_id is not None:
        session_id = validate_session_id(session_id, "session_id")
        if name is not None and new_name is not None:
            raise errors.ScreenConnectInputError(
                "with session_id, give the session's name in either name or new_name, not both")
        desired = new_name if new_name is not None else name
        return dict(session_id=session_id, name=None, session_type=session_type, new_name=None, desired_name=desired)
    if not name:
        raise errors.ScreenConnectInputError("name is required (and must not be empty) when session_id is not given")
    if session_type is None:
        raise errors.ScreenConnectInputError(
            "session_type is required with name: names are matched within one session type, and a missing "
            "session is created with this type")
    if new_name is not None and not new_name:
        raise errors.ScreenConnectInputError("new_name must not be empty")
    desired = new_name if new_name is not None else name
    return dict(session_id=None, name=name, session_type=session_type, new_name=new_name, desired_name=desired)


def find_target(api, target):
    """The session the task manages, or None when it is to be created.

    With ``new_name``, a session already carrying the new name (renamed by an earlier run) is the target when none has
    the old name; when neither exists the task fails rather than create a session it can never delete.
    """
    if target["session_id"]:
        session = lookup.resolve_session(api, session_id=target["session_id"])
        if not same_type(session, target["session_type"]):
            raise errors.ScreenConnectInputError(
                "session %s is a %s session, not %s; the API cannot change a session's type"
                % (target["session_id"], model.session_type_name(session.get("SessionType", "")),
                   target["session_type"]), session_id=target["session_id"])
        return session
    session = find_by_name(api, target["name"], target["session_type"])
    if session is not None or target["new_name"] is None or target["new_name"] == target["name"]:
        return session
    session = find_by_name(api, target["new_name"], target["session_type"], name_option="new_name")
    if session is None:
        raise errors.ScreenConnectLookupError(
            "there is no %s session named %r to rename, nor one already named %r. Give the name without new_name "
            "to create a session." % (target["session_type"], target["name"], target["new_name"]))
    return session


def apply_changes(module, api, session, new_name, values):
    """Send the writes for an existing session (unless in check mode); returns (actions, session after)."""
    session_id = str(session.get("SessionID", "")).lower()
    actions = []
    after = with_changes(session, name=new_name, values=values)
    if new_name is not None:
        actions.append("renamed")
    if values is not None:
        actions.append("custom_properties_changed")
    if module.check_mode or not actions:
        return actions, after
    done = []
    try:
        if new_name is not None:
            api.update_session_name(session_id, new_name)
            done.append("renamed")
        if values is not None:
            api.update_session_custom_properties(session_id, values)
            done.append("custom_properties_changed")
    except errors.ScreenConnectError as exc:
        if not done:
            raise
        # The first write went through: say so, instead of reporting an unchanged session.
        result = exc.to_fail_json()
        result["msg"] = "%s (already done for session %s: %s)" % (result["msg"], session_id, ", ".join(done))
        module.fail_json(changed=True, actions=done, **result)
    return actions, api.get_session(session_id) or after
