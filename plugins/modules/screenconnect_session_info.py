#!/usr/bin/python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: screenconnect_session_info
short_description: Find ScreenConnect sessions by id, name or filter
version_added: 1.0.0
description:
  - Returns ScreenConnect sessions through the RESTful API Manager extension, selected by session id, by name or by a
    session filter expression.
  - Uses the extension methods C(GetSessionBySessionID), C(GetSessionsByName), C(GetSessionsByFilter) and, with
    O(details=true), C(GetSessionDetailsBySessionID).
  - The sessions are returned as the API sends them (field names unchanged) plus a few documented convenience keys.
extends_documentation_fragment:
  - screenconnect.restapi.connection
  - screenconnect.restapi.attributes
  - screenconnect.restapi.attributes.actiongroup_screenconnect
  - screenconnect.restapi.attributes.info_module
options:
  session_id:
    description:
      - One session id or a list of them.
      - Ids the server does not know are left out of RV(sessions); an id given twice is returned once.
      - Mutually exclusive with O(name), O(filter) and O(match).
    type: list
    elements: str
  name:
    description:
      - Session name to look for.
      - By default only sessions whose name is exactly O(name) are returned, whatever the server's own name
        lookup does (it may match prefixes).
      - Mutually exclusive with O(session_id), O(filter) and O(match).
    type: str
  name_match:
    description:
      - How O(name) is compared with session names.
      - V(exact) returns sessions whose name equals O(name) (case-sensitive).
      - V(prefix) returns sessions whose name starts with O(name); it is sent as a C(Name LIKE 'name*') filter, so it
        works whether or not the server's name lookup matches prefixes. O(name) must then not start or end with
        V(*) or V(%).
    type: str
    choices: [exact, prefix]
    default: exact
  filter:
    description:
      - A raw session filter expression, as in session groups, for example V(GuestMachineName = 'DESKTOP-01').
      - It is sent as written; do not build it from untrusted values, use O(match) for those.
      - Combined with O(match) and O(session_type) with C(AND).
    type: str
  match:
    description:
      - Session properties and the values they must have, turned into a safely quoted filter expression.
      - Each key is a filter property such as V(GuestMachineName) or V(CustomProperty1), or a label from
        O(custom_property_names). Any other key, such as a label missing from O(custom_property_names), is refused
        before any request.
      - Each value is a single value (C(Property = 'value')) or a list of values (C(Property IN ('a', 'b'))).
      - Combined with O(filter) and O(session_type) with C(AND).
    type: dict
  session_type:
    description:
      - Keep only sessions of this type.
      - Given alone, returns every session of this type.
    type: str
    choices: [Support, Meeting, Access]
  online:
    description:
      - V(true) keeps only sessions with a connected guest, V(false) only sessions without one.
      - Unset keeps both.
    type: bool
  details:
    description:
      - Add each session's RV(sessions[].events) and RV(sessions[].connections) from C(GetSessionDetailsBySessionID).
      - This costs one more request per session.
    type: bool
    default: false
  custom_property_names:
    description:
      - "The labels your server uses for custom properties, as a dictionary of label to position (1 to 8), for
        example C({Company: 1, Site: 2})."
      - Used for the keys of RV(sessions[].custom_properties) and accepted as keys of O(match).
      - ScreenConnect's defaults are C(Company) for position 1 and C(Site) for 2, but administrators rename them;
        the API returns only the values.
    type: dict
notes:
  - At least one of O(session_id), O(name), O(filter), O(match) or O(session_type) is required.
  - Sessions found by name or filter are sorted by name, then by C(SessionID); sessions given by id keep the order
    of O(session_id).
seealso:
  - module: screenconnect.restapi.screenconnect_session
  - name: Sessions (guide)
    description: Finding sessions and managing names and custom properties.
    link: https://github.com/screenconnect-ansible/screenconnect.restapi/blob/main/docs/docsite/rst/guide_sessions.rst
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
"""

EXAMPLES = r"""
- name: Look sessions up with connection settings shared by the whole block
  module_defaults:
    group/screenconnect.restapi.screenconnect:
      url: https://support.example.com
      secret: "{{ vault_screenconnect_secret }}"
  block:
    - name: Get one session by id
      screenconnect.restapi.screenconnect_session_info:
        session_id: 25950dd7-0230-4a72-9409-0b8c489684a2
      register: one

    - name: Get the Access session named exactly DESKTOP-01
      screenconnect.restapi.screenconnect_session_info:
        name: DESKTOP-01
        session_type: Access
      register: desktop

    - name: Show its company
      ansible.builtin.debug:
        msg: "{{ desktop.sessions[0].custom_properties.Company | default('') }}"
      when: desktop.sessions | length == 1

- name: Online Access sessions of one company, with labelled custom properties
  screenconnect.restapi.screenconnect_session_info:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    session_type: Access
    online: true
    custom_property_names:
      Company: 1
      Site: 2
    match:
      Company: Acme
      Site: [HQ, Branch]
  register: acme

- name: Every session whose name starts with LAB-, with its event history
  screenconnect.restapi.screenconnect_session_info:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    name: LAB-
    name_match: prefix
    details: true
  register: lab

- name: A raw filter expression
  screenconnect.restapi.screenconnect_session_info:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    filter: "GuestOperatingSystemName LIKE '*Server*' AND LastConnectedEventTime < $30DAYSAGO"
  register: stale_servers
"""

RETURN = r"""
sessions:
  description:
    - The sessions found, as the API returns them plus the convenience keys documented below.
    - API field names are unchanged; the most useful are listed here. Enums such as C(SessionType) are numbers.
  returned: always
  type: list
  elements: dict
  sample:
    - SessionID: 25950dd7-0230-4a72-9409-0b8c489684a2
      SessionType: 2
      Name: DESKTOP-01
      IsPublic: false
      Code: ""
      CustomPropertyValues: [Acme, HQ, "", "", "", "", "", ""]
      ActiveConnections: []
      GuestInfo:
        MachineName: DESKTOP-01
        OperatingSystemName: Microsoft Windows 11 Pro
      session_type_name: Access
      online: false
      display_name: DESKTOP-01
      custom_properties:
        Company: Acme
        Site: HQ
        CustomProperty3: ""
  contains:
    SessionID:
      description: The session id (a lower-case GUID).
      type: str
      returned: always
      sample: 25950dd7-0230-4a72-9409-0b8c489684a2
    SessionType:
      description: The session type as the API sends it, V(0) Support, V(1) Meeting, V(2) Access.
      type: int
      returned: always
      sample: 2
    Name:
      description: The session name; often empty for unattended Access agents.
      type: str
      returned: always
      sample: DESKTOP-01
    CustomPropertyValues:
      description: The 8 custom property values, position 1 first.
      type: list
      elements: str
      returned: always
      sample: [Acme, HQ, "", "", "", "", "", ""]
    GuestInfo:
      description: Facts about the guest machine (C(MachineName), C(OperatingSystemName) and more).
      type: dict
      returned: always
      sample: {MachineName: DESKTOP-01, OperatingSystemName: Microsoft Windows 11 Pro}
    session_type_name:
      description: C(SessionType) as a name.
      type: str
      returned: always
      sample: Access
    online:
      description: Whether a guest is connected (an entry of C(ActiveConnections) with C(ProcessType) 2).
      type: bool
      returned: always
      sample: true
    display_name:
      description: C(Name), or the guest's machine name when the session has no name (as the web UI shows it).
      type: str
      returned: always
      sample: DESKTOP-01
    custom_properties:
      description:
        - The custom property values by label from O(custom_property_names); positions without a label are keyed
          C(CustomProperty1) to C(CustomProperty8).
      type: dict
      returned: always
      sample: {Company: Acme, Site: HQ, CustomProperty3: ""}
    events:
      description:
        - The session's events, oldest first, including events nested under connections by older servers.
        - Each is the API's event object plus C(event_type_name).
      type: list
      elements: dict
      returned: when O(details=true)
      sample:
        - EventID: 0b5a0f3c-1a0e-4b53-9a55-6c1f1bb1d0a2
          EventType: 20
          event_type_name: CreatedSession
          Time: "2026-07-19T06:41:52.6169911Z"
          Host: RESTful API
          Data: ""
    connections:
      description: The session's connections as C(GetSessionDetailsBySessionID) returns them.
      type: list
      elements: dict
      returned: when O(details=true)
      sample:
        - ConnectionID: 28e368a7-0ca4-457a-9ed9-119d80f36a91
          ProcessType: 2
          ClientType: 1
          NetworkAddress: 203.0.113.7
"""

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _lookup as lookup
from ansible_collections.screenconnect.restapi.plugins.module_utils import _session_state as state
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import enrich_session
from ansible_collections.screenconnect.restapi.plugins.module_utils._module import run_module


def run(module, api):
    params = module.params
    names = state.parse_custom_property_names(params["custom_property_names"])
    session_ids = state.parse_session_ids(params["session_id"])
    session_type = params["session_type"]
    name = params["name"]
    expression = None
    if params["session_id"] is not None:
        if not session_ids:
            raise errors.ScreenConnectInputError("session_id must name at least one session")
    elif name is not None:
        if not name:
            raise errors.ScreenConnectInputError(
                "name must not be empty; use match: {Name: ''} to find sessions without a name")
        if params["name_match"] == "prefix":
            expression = state.prefix_filter(name, session_type)
    else:
        expression = state.build_match_filter(params["match"], (params["filter"] or "").strip(), session_type, names)
        if not expression:
            raise errors.ScreenConnectInputError("filter must not be empty (the server rejects an empty filter)")

    # Every option is valid: requests from here on.
    if session_ids:
        sessions = [api.get_session(session_id) for session_id in session_ids]
        sessions = [s for s in sessions if s is not None and state.same_type(s, session_type)]
    elif name is not None and expression is None:
        sessions = state.sort_by_name(lookup.sessions_named(api, name, session_type))
    elif name is not None:
        sessions = state.sort_by_name(state.sessions_with_prefix(api, name, session_type, expression))
    else:
        sessions = [s for s in api.get_sessions_by_filter(expression) if state.same_type(s, session_type)]
        sessions = state.sort_by_name(sessions)
    sessions = state.keep_online(state.unique_by_id(sessions), params["online"])
    result = [enrich_session(session, names) for session in sessions]
    if params["details"]:
        result = [state.with_details(api, session) for session in result]
    return dict(changed=False, sessions=result)


ARGUMENT_SPEC = dict(
    session_id=dict(type="list", elements="str"),
    name=dict(type="str"),
    name_match=dict(type="str", choices=["exact", "prefix"], default="exact"),
    filter=dict(type="str"),
    match=dict(type="dict"),
    session_type=dict(type="str", choices=["Support", "Meeting", "Access"]),
    online=dict(type="bool"),
    details=dict(type="bool", default=False),
    custom_property_names=dict(type="dict"),
)


def main():
    run_module(
        run,
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[["session_id", "name", "filter"], ["session_id", "name", "match"]],
        required_one_of=[["session_id", "name", "filter", "match", "session_type"]],
    )


if __name__ == "__main__":
    main()
