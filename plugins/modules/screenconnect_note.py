#!/usr/bin/python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: screenconnect_note
short_description: Add a note to a ScreenConnect session
version_added: 1.0.0
description:
  - Adds a note to a session with the extension method C(AddNoteToSession) (RESTful API Manager 1.0.6 or later). The
    note appears in the session's history as an C(AddedNote) event and in the filter property C(Notes).
  - Notes cannot be changed or removed through the API; each run adds one more, unless O(unique=true).
  - The note is sent exactly once; a request whose answer is lost is not repeated, the task fails saying the outcome is
    unknown.
extends_documentation_fragment:
  - screenconnect.restapi.connection
  - screenconnect.restapi.attributes
  - screenconnect.restapi.attributes.actiongroup_screenconnect
  - screenconnect.restapi.session_target
options:
  note:
    description:
      - The text of the note; it must not be empty.
    type: str
    required: true
  unique:
    description:
      - V(true) adds the note only when the session has no note with the same text yet (leading and trailing spaces
        are ignored), which makes the task idempotent. It reads the session's history
        (C(GetSessionDetailsBySessionID)) first.
      - V(false) adds the note on every run.
    type: bool
    default: false
seealso:
  - module: screenconnect.restapi.screenconnect_session_info
attributes:
  check_mode:
    support: full
    details:
      - Finds the session and, with O(unique=true), reads its notes; reports whether the note would be added without
        adding it.
  diff_mode:
    support: full
    details:
      - With O(unique=true) the diff shows the session's notes before and after; otherwise it shows the added note.
  idempotent:
    support: partial
    details:
      - Idempotent only with O(unique=true); otherwise every run adds the note again.
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
"""

EXAMPLES = r"""
- name: Record a maintenance window once (idempotent)
  screenconnect.restapi.screenconnect_note:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    name: DESKTOP-01
    note: "Patched to 2026-07 by Ansible (change CHG-1234)"
    unique: true

- name: Log every run of a job
  screenconnect.restapi.screenconnect_note:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    session_id: 25950dd7-0230-4a72-9409-0b8c489684a2
    note: "Backup job ran at {{ now(utc=true).isoformat() }}"
"""

RETURN = r"""
session_id:
  description: The id of the session.
  returned: always
  type: str
  sample: 25950dd7-0230-4a72-9409-0b8c489684a2
note:
  description: The note text.
  returned: always
  type: str
  sample: Patched to 2026-07 by Ansible (change CHG-1234)
notes:
  description:
    - The session's notes, oldest first, after the task (in check mode, as they would be).
  returned: when O(unique=true)
  type: list
  elements: str
  sample: [Installed by Ansible, Patched to 2026-07 by Ansible (change CHG-1234)]
msg:
  description: What happened.
  returned: always
  type: str
  sample: note added
"""

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import (
    EVENT_ADDED_NOTE,
    details_events,
    event_type_number,
    sort_events,
)
from ansible_collections.screenconnect.restapi.plugins.module_utils._module import run_module
from ansible_collections.screenconnect.restapi.plugins.module_utils._targets import (
    SINGLE_TARGET_RULES,
    SINGLE_TARGET_SPEC,
    check_single,
    require_text,
    resolve_single,
)


ARGUMENT_SPEC = dict(
    SINGLE_TARGET_SPEC,
    note=dict(type="str", required=True),
    unique=dict(type="bool", default=False),
)


def session_notes(api, session_id):
    """The texts of the session's AddedNote events, oldest first."""
    details = api.get_session_details(session_id)
    if details is None:
        raise errors.ScreenConnectLookupError("session_id %s: ScreenConnect has no such session" % session_id,
                                              session_id=session_id)
    events = [event for event in details_events(details)
              if event_type_number(event.get("EventType", "")) == EVENT_ADDED_NOTE]
    return [str(event.get("Data") or "") for event in sort_events(events)]


def run(module, api):
    note = require_text(module.params, "note")
    target = check_single(module.params)
    unique = module.params["unique"]

    session_id = resolve_single(api, target)["SessionID"]
    result = dict(session_id=session_id, note=note)
    before = None
    if unique:
        before = session_notes(api, session_id)
        if note.strip() in [existing.strip() for existing in before]:
            result.update(changed=False, notes=before, msg="the session already has this note")
            if module._diff:
                result["diff"] = dict(before=dict(notes=before), after=dict(notes=before))
            return result
    if not module.check_mode:
        api.add_note(session_id, note)
    result.update(changed=True, msg="note added" if not module.check_mode else "check mode: the note would be added")
    if unique:
        result["notes"] = before + [note]
    if module._diff:
        if unique:
            result["diff"] = dict(before=dict(notes=before), after=dict(notes=before + [note]))
        else:
            result["diff"] = dict(before=dict(added_note=""), after=dict(added_note=note))
    return result


def main():
    run_module(run, ARGUMENT_SPEC, **SINGLE_TARGET_RULES)


if __name__ == "__main__":
    main()
