#!/usr/bin/python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: screenconnect_session
short_description: Create ScreenConnect sessions and manage their name and custom properties
version_added: 1.0.0
description:
  - Makes sure a ScreenConnect session exists with the given name and custom property values, through the RESTful
    API Manager extension.
  - A session is identified by O(session_id), or by O(name) and O(session_type) (exact, case-sensitive match).
  - A missing session is created with C(CreateSession). An existing one is renamed with C(UpdateSessionName) and its
    custom properties are set with C(UpdateSessionCustomProperties), each only when something differs.
  - The API cannot delete or end sessions, nor change their type, O(is_public) or O(code) after creation.
extends_documentation_fragment:
  - screenconnect.restapi.connection
  - screenconnect.restapi.attributes
  - screenconnect.restapi.attributes.actiongroup_screenconnect
attributes:
  check_mode:
    support: full
    details:
      - Nothing is written; RV(session) is the session as it would be. A session that would be created has an empty
        C(SessionID).
  diff_mode:
    support: full
    details:
      - Shows the name, type and custom properties before and after.
  idempotent:
    support: full
    details:
      - Writes are sent only for values that differ, so a second run reports no change.
options:
  state:
    description:
      - V(present) creates the session when it does not exist and updates its name and custom properties.
      - V(absent) is refused with an error before any request, because the API has no method to delete or end a
        session. Delete sessions in the ScreenConnect web UI.
    type: str
    choices: [present, absent]
    default: present
  session_id:
    description:
      - Id of an existing session to manage.
      - With O(session_id), O(name) (or O(new_name)) is the name the session should have.
      - The task fails when the server has no such session; sessions cannot be created with a chosen id.
    type: str
  name:
    description:
      - Without O(session_id), the exact name of the session to manage, together with O(session_type).
        When no session of that type has this name, one is created (unless O(new_name) is set).
        When several have it, the task fails and lists their ids; give O(session_id) to choose one.
      - With O(session_id), the name the session should have.
    type: str
  new_name:
    description:
      - The name the session should have, when it differs from the name that finds it.
      - When no session has the name O(name) but one already has O(new_name) (renamed by an earlier run), that
        session is managed, so the task stays idempotent.
      - When neither exists the task fails instead of creating a session.
    type: str
  session_type:
    description:
      - The session type. Required with O(name) without O(session_id), for the lookup and for creating.
      - With O(session_id) it is only checked; the task fails when the session has another type.
      - Sent to C(CreateSession) as its number (V(Support) 0, V(Meeting) 1, V(Access) 2).
    type: str
    choices: [Support, Meeting, Access]
  is_public:
    description:
      - Whether a created session is listed publicly on the guest page. Used only when creating
        (the default is V(false)); the API cannot change it afterwards, so a difference only warns.
    type: bool
  code:
    description:
      - The join code of a created session. Used only when creating (the default is no code); the API cannot
        change it afterwards, so a difference only warns.
    type: str
  custom_properties:
    description:
      - Custom property values to set, as a dictionary keyed by position (V(1) to V(8), numbers or digit strings),
        by C(CustomProperty1) to C(CustomProperty8), or by a label from O(custom_property_names).
      - Only the positions given are managed; the others keep their current values (all 8 values are always sent,
        because whether the server keeps or blanks values it is not sent is unknown).
      - Use an empty string to clear a value.
      - When a session is created, positions not given are empty.
    type: dict
  custom_property_names:
    description:
      - "The labels your server uses for custom properties, as a dictionary of label to position (1 to 8), for
        example C({Company: 1, Site: 2})."
      - Lets O(custom_properties) use the labels and names the keys of C(custom_properties) in RV(session).
      - ScreenConnect's defaults are C(Company) for position 1 and C(Site) for 2, but administrators rename them;
        the API knows only the positions.
    type: dict
notes:
  - One of O(session_id) or O(name) is required.
  - Session names are not unique in ScreenConnect. Reprovisioned machines leave several sessions with one name; the
    module never guesses between them.
  - The module never deletes sessions, because the API cannot.
seealso:
  - module: screenconnect.restapi.screenconnect_session_info
  - name: Sessions (guide)
    description: Finding sessions and managing names and custom properties.
    link: https://github.com/screenconnect-ansible/screenconnect.restapi/blob/main/docs/docsite/rst/guide_sessions.rst
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
"""

EXAMPLES = r"""
- name: Manage sessions with connection settings shared by the whole block
  module_defaults:
    group/screenconnect.restapi.screenconnect:
      url: https://support.example.com
      secret: "{{ vault_screenconnect_secret }}"
  block:
    - name: Make sure a support session for a customer call exists
      screenconnect.restapi.screenconnect_session:
        name: Call 4711 - Acme
        session_type: Support
        custom_properties:
          Company: Acme
        custom_property_names:
          Company: 1
          Site: 2
      register: call

    - name: Show its id
      ansible.builtin.debug:
        msg: "{{ call.session.SessionID }}"

- name: Name an unattended machine and set its site, leaving the other custom properties alone
  screenconnect.restapi.screenconnect_session:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    session_id: 25950dd7-0230-4a72-9409-0b8c489684a2
    name: ACME-HQ-PC01
    custom_properties:
      2: HQ
      5: "Asset 1234"

- name: Rename an Access session (idempotent; a second run finds it by its new name)
  screenconnect.restapi.screenconnect_session:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    name: DESKTOP-4C1Q2
    new_name: ACME-HQ-PC02
    session_type: Access
"""

RETURN = r"""
session:
  description:
    - The session after the task, as the API returns it (field names unchanged) plus the convenience keys
      C(session_type_name), C(online), C(display_name) and C(custom_properties) described in
      M(screenconnect.restapi.screenconnect_session_info).
    - In check mode, the session as it would be; a session that would be created has an empty C(SessionID).
  returned: always
  type: dict
  sample:
    SessionID: 25950dd7-0230-4a72-9409-0b8c489684a2
    SessionType: 2
    Name: ACME-HQ-PC01
    IsPublic: false
    Code: ""
    CustomPropertyValues: [Acme, HQ, "", "", "", "", "", ""]
    session_type_name: Access
    online: true
    display_name: ACME-HQ-PC01
    custom_properties:
      Company: Acme
      Site: HQ
      CustomProperty3: ""
actions:
  description:
    - What was done (or, in check mode, would be done), in order.
    - V(created) (C(CreateSession)), V(renamed) (C(UpdateSessionName)), V(custom_properties_changed)
      (C(UpdateSessionCustomProperties)). Empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [renamed, custom_properties_changed]
"""

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _session_state as state
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import (
    custom_property_values,
    enrich_session,
    session_type_number,
)
from ansible_collections.screenconnect.restapi.plugins.module_utils._module import run_module


def run(module, api):
    params = module.params
    if params["state"] == "absent":
        raise errors.ScreenConnectInputError(state.ABSENT_MESSAGE)
    names = state.parse_custom_property_names(params["custom_property_names"])
    wanted = state.parse_custom_properties(params["custom_properties"], names)
    target = state.parse_target(params)

    # Every option is valid: requests from here on.
    before = state.find_target(api, target)
    if before is None:
        values = state.merge_custom_properties([], wanted)
        actions = ["created"]
        if module.check_mode:
            after = state.predicted_session(target["session_type"], target["name"], params["is_public"],
                                            params["code"], values)
        else:
            after = api.create_session(session_type_number(target["session_type"]), target["name"],
                                       bool(params["is_public"]), params["code"] or "", values)
    else:
        for option, field in (("is_public", "IsPublic"), ("code", "Code")):
            if params[option] is not None and params[option] != before.get(field):
                module.warn("%s differs from the session's %s, but the API cannot change it after creation"
                            % (option, field))
        current = custom_property_values(before)
        values = state.merge_custom_properties(current, wanted)
        new_name = target["desired_name"]
        actions, after = state.apply_changes(
            module, api, before,
            new_name if new_name is not None and new_name != (before.get("Name") or "") else None,
            values if values != current else None)
    result = dict(changed=bool(actions), actions=actions, session=enrich_session(after, names))
    if module._diff:
        result["diff"] = dict(before=state.diff_view(before, names), after=state.diff_view(after, names))
    return result


ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=["present", "absent"], default="present"),
    session_id=dict(type="str"),
    name=dict(type="str"),
    new_name=dict(type="str"),
    session_type=dict(type="str", choices=["Support", "Meeting", "Access"]),
    is_public=dict(type="bool"),
    code=dict(type="str", no_log=False),
    custom_properties=dict(type="dict"),
    custom_property_names=dict(type="dict"),
)


def main():
    # No required_one_of: state=absent must reach run() and get its own explanation.
    run_module(run, argument_spec=ARGUMENT_SPEC)


if __name__ == "__main__":
    main()
