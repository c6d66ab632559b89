# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which ScreenConnect session an inventory host is: its session_id, or its name looked up exactly.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

from ansible.errors import AnsibleConnectionFailure

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import validate_session_id


def resolve_session_id(api, session_id, name):
    """The session id to use: ``session_id`` when set (validated), else the one session named exactly ``name``.

    Raises AnsibleConnectionFailure (before any command is sent) when no session or several sessions match.
    """
    if session_id not in (None, ""):
        try:
            return validate_session_id(session_id)
        except errors.ScreenConnectInputError as exc:
            raise AnsibleConnectionFailure(str(exc))
    name = "" if name is None else str(name)
    if not name.strip():
        raise AnsibleConnectionFailure(
            "session_id is not set and the host has no name to look up; set screenconnect_session_id (the inventory "
            "plugin sets it) or ansible_screenconnect_session_id")
    try:
        # The server may match by prefix (screenconnect-api.md 12.2): only exact names count.
        matches = [session for session in api.get_sessions_by_name(name) if session.get("Name") == name]
    except errors.ScreenConnectError as exc:
        raise AnsibleConnectionFailure("looking up the ScreenConnect session named %r failed: %s" % (name, exc))
    ids = sorted(set(str(session.get("SessionID", "")).lower() for session in matches))
    if not ids:
        raise AnsibleConnectionFailure(
            "no ScreenConnect session is named exactly %r; set screenconnect_session_id for this host" % name)
    if len(ids) > 1:
        raise AnsibleConnectionFailure(
            "%d ScreenConnect sessions are named %r (%s); set screenconnect_session_id for this host"
            % (len(ids), name, ", ".join(ids)))
    return ids[0]
