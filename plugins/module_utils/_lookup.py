# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Finding the session a task means, by id or by exact name.

PRIVATE to the collection: this file may change without notice.

``GetSessionsByName`` may match exactly or by prefix (unknown on the real server), so names are always compared
again here. Reprovisioned machines leave several sessions with one name; a name that matches more than one session
is refused with their ids rather than guessed.
"""

from __future__ import annotations

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _filters as filters
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import validate_session_id
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import session_type_name


def sessions_named(api, name, session_type=None):
    """Sessions whose Name equals ``name``, optionally of one type.

    Prefix matches cannot come from here (an exact-matching server returns no longer names); they use a
    ``Name LIKE`` filter (``_session_state.prefix_filter``).
    """
    return _exactly_named(api.get_sessions_by_name(name), name, session_type)


def _exactly_named(sessions, name, session_type):
    wanted_type = session_type_name(session_type) if session_type is not None else None
    result = []
    for session in sessions:
        if (session.get("Name") or "") != name:
            continue
        if wanted_type is not None and session_type_name(session.get("SessionType", "")) != wanted_type:
            continue
        result.append(session)
    return result


def confirm_absent(api, name, session_type=None):
    """Sessions named exactly ``name`` that an earlier empty answer missed; an empty list confirms the absence.

    A busy server can answer a lookup with an empty list for sessions that exist, and creating a session on such an
    answer makes a duplicate. So before a write that depends on "not found", ask again ``retries`` times (at least
    once) with backoff, each time through ``GetSessionsByFilter`` (``Name = '...'``, another code path on the
    server) and then ``GetSessionsByName``; the first answer that holds the name wins.
    """
    expression = filters.build_filter(
        match={"Name": name}, session_type=session_type_name(session_type) if session_type is not None else None)
    for attempt in range(1, max(1, api.retries) + 1):
        api.pause(attempt)
        found = _exactly_named(api.get_sessions_by_filter(expression), name, session_type)
        if found:
            return found
        found = sessions_named(api, name, session_type)
        if found:
            return found
    return []


def describe(sessions):
    return ", ".join("%s (%s)" % (s.get("SessionID", "?"), session_type_name(s.get("SessionType", ""))) for s in sessions)


def resolve_session(api, session_id=None, name=None, session_type=None, id_option="session_id", name_option="name"):
    """The one session a task targets; raises ScreenConnectLookupError when there is none or more than one."""
    if session_id:
        session_id = validate_session_id(session_id, id_option)
        session = api.get_session(session_id)
        if session is None:
            raise errors.ScreenConnectLookupError(
                "%s %s: ScreenConnect has no such session" % (id_option, session_id), session_id=session_id)
        return session
    if not name:
        raise errors.ScreenConnectInputError("one of %s or %s is required" % (id_option, name_option))
    matches = sessions_named(api, name, session_type) or confirm_absent(api, name, session_type)
    if not matches:
        raise errors.ScreenConnectLookupError("%s %r: ScreenConnect has no session with exactly this name%s"
                                              % (name_option, name, _type_suffix(session_type)))
    if len(matches) > 1:
        raise errors.ScreenConnectLookupError(
            "%s %r matches %d sessions: %s. Give %s to choose one." % (name_option, name, len(matches),
                                                                       describe(matches), id_option))
    return matches[0]


def _type_suffix(session_type):
    return " and type %s" % session_type_name(session_type) if session_type is not None else ""
