# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which sessions an action module targets: one (``session_id`` or exact ``name``) or many (``session_ids`` or
``filter``), with the ``max_targets`` safety limit.

PRIVATE to the collection: this file may change without notice.

``check_*`` functions only look at option values and run before any request; ``resolve_*`` functions read.
Nothing here writes.
"""

from __future__ import annotations

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import validate_session_id
from ansible_collections.screenconnect.restapi.plugins.module_utils._lookup import resolve_session
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import is_online

SINGLE_OPTIONS = ("session_id", "name")
# Ids per GetSessionsByFilter when session_ids are looked up: 100 GUIDs make an expression of about 4 kB, far
# below any request size a server refuses, and 1,000 targets cost 10 reads instead of 1,000.
IDS_PER_FILTER = 100
MANY_OPTIONS = ("session_id", "name", "session_ids", "filter")

# Argument spec and rules of the modules that act on one session (documented by the session_target fragment).
SINGLE_TARGET_SPEC = dict(session_id=dict(type="str"), name=dict(type="str"))
SINGLE_TARGET_RULES = dict(mutually_exclusive=[SINGLE_OPTIONS], required_one_of=[SINGLE_OPTIONS])


def _given(params, names):
    return [name for name in names if params.get(name) not in (None, [], "")]


def _exactly_one(params, names):
    given = _given(params, names)
    if len(given) > 1:
        raise errors.ScreenConnectInputError("parameters are mutually exclusive: %s" % "|".join(given))
    if not given:
        raise errors.ScreenConnectInputError("one of the following is required: %s" % ", ".join(names))
    return given[0]


def require_text(params, option):
    """The option's value, refused when empty or blank (before any request)."""
    value = params.get(option)
    text = "" if value is None else str(value)
    if not text.strip():
        raise errors.ScreenConnectInputError("%s must not be empty" % option)
    return text


def check_single(params):
    """``{"session_id": id}`` or ``{"name": name}`` from the options, validated without any request."""
    option = _exactly_one(params, SINGLE_OPTIONS)
    if option == "session_id":
        return dict(session_id=validate_session_id(params["session_id"], "session_id"))
    return dict(name=require_text(params, "name"))


def resolve_single(api, target):
    """The one session ``check_single()`` names; fails when there is none or the name matches several."""
    return resolve_session(api, session_id=target.get("session_id"), name=target.get("name"))


def send_to_one_session(module, api, what, send, offline_note):
    """The run() of the action modules: find one session, call ``send(session_id)`` once (never in check mode).

    These methods only queue an event, so the task is changed on every run; ``offline_note`` says what happens to
    it when no guest is connected.
    """
    session = resolve_single(api, check_single(module.params))
    online = is_online(session)
    if module.check_mode:
        msg = "check mode: the %s would be sent" % what
    else:
        send(session["SessionID"])
        msg = ("%s sent" % what) if online else ("%s queued: %s" % (what, offline_note))
    return dict(changed=True, session_id=session["SessionID"], online=online, msg=msg)


def check_many(params, max_targets):
    """Validated target options for modules that may act on several sessions; raises before any request."""
    if max_targets is None or int(max_targets) < 1:
        raise errors.ScreenConnectInputError("max_targets must be at least 1; got %r" % (max_targets,))
    option = _exactly_one(params, MANY_OPTIONS)
    if option in SINGLE_OPTIONS:
        return check_single(params)
    if option == "filter":
        return dict(filter=require_text(params, "filter").strip())
    ids = []
    for value in params["session_ids"]:
        session_id = validate_session_id(value, "session_ids")
        if session_id not in ids:
            ids.append(session_id)
    _check_limit(len(ids), max_targets, "session_ids lists")
    return dict(session_ids=ids)


def _check_limit(count, max_targets, what, sessions=()):
    if count <= max_targets:
        return
    shown = ", ".join(_label(session) for session in list(sessions)[:5])
    more = " (first: %s)" % shown if shown else ""
    raise errors.ScreenConnectInputError(
        "%s %d sessions%s, more than max_targets=%d allows; nothing was sent. Narrow the selection, or raise "
        "max_targets if you mean to reach them all." % (what, count, more, max_targets))


def _label(session):
    name = session.get("Name") or (session.get("GuestInfo") or {}).get("MachineName") or ""
    return "%s (%s)" % (session.get("SessionID", "?"), name) if name else str(session.get("SessionID", "?"))


def _sessions_by_ids(api, session_ids):
    """The sessions of these (validated, lower-case) ids, read IDS_PER_FILTER at a time with ``SessionID IN (...)``
    instead of one request per id. A server that refuses the expression costs nothing but the per-id reads after."""
    found = {}
    for start in range(0, len(session_ids), IDS_PER_FILTER):
        batch = session_ids[start:start + IDS_PER_FILTER]
        try:
            answer = api.get_sessions_by_filter("SessionID IN (%s)" % ", ".join("'%s'" % i for i in batch))
        except errors.ScreenConnectServerError:
            return found
        for session in answer:
            session_id = str(session.get("SessionID") or "").lower()
            if session_id in batch:
                found.setdefault(session_id, session)
    return found


def resolve_many(api, target, max_targets):
    """The sessions ``check_many()`` names, de-duplicated. Missing ids and max_targets fail before any write."""
    if "filter" in target:
        found = api.get_sessions_by_filter(target["filter"])
        sessions = []
        seen = set()
        for session in found:
            session_id = str(session.get("SessionID") or "").lower()
            if session_id and session_id not in seen:
                seen.add(session_id)
                sessions.append(session)
        sessions.sort(key=lambda s: (s.get("Name") or "", str(s.get("SessionID"))))
        _check_limit(len(sessions), max_targets, "the filter matches", sessions)
        return sessions
    if "session_ids" in target:
        found = _sessions_by_ids(api, target["session_ids"])
        sessions = []
        missing = []
        for session_id in target["session_ids"]:
            # A busy server can leave sessions that exist out of an answer: an id the filter did not return is
            # asked for on its own, with the client's retries for an empty answer, before it counts as missing.
            session = found.get(session_id) or api.get_session(session_id)
            if session is None:
                missing.append(session_id)
            else:
                sessions.append(session)
        if missing:
            raise errors.ScreenConnectLookupError(
                "session_ids: ScreenConnect has no session %s; nothing was sent" % ", ".join(missing))
        return sessions
    return [resolve_single(api, target)]
