# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: sessions
short_description: ScreenConnect sessions by filter, exact name or id
version_added: 1.0.0
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
description:
  - Returns ScreenConnect sessions through the RESTful API Manager extension, for templates and C(loop).
  - Give exactly one of O(filter), O(name) or O(session_id).
  - The sessions are returned as the API sends them, plus the convenience keys that
    M(screenconnect.restapi.screenconnect_session_info) adds.
  - Every text received from the server is marked unsafe, so a session name such as C({{ 7 * 6 }}) stays data.
  - Use C(query()) or C(lookup(..., wantlist=true)) to always get a list.
extends_documentation_fragment:
  - screenconnect.restapi.connection.plugins
options:
  filter:
    description:
      - A session filter expression, for example V(SessionType = 'Access' AND GuestConnectedCount > 0).
      - It is sent as written; do not build it from untrusted values.
    type: str
  name:
    description:
      - The session name, compared exactly (case-sensitive) whatever the server's own name lookup does.
    type: str
  session_id:
    description:
      - One session id or a list of them. Unknown ids are left out; an id given twice is returned once.
    type: list
    elements: str
  session_type:
    description: Keep only sessions of this type.
    type: str
    choices: [Support, Meeting, Access]
  online:
    description: V(true) keeps only sessions with a connected guest, V(false) only the others; unset keeps both.
    type: bool
  custom_property_names:
    description:
      - Labels for the custom properties, label to position (1 to 8), used as keys of C(custom_properties).
    type: dict
notes:
  - Connection options can be given as keyword arguments or through the E(SCREENCONNECT_URL),
    E(SCREENCONNECT_SECRET) and other environment variables; C(module_defaults) do not apply to lookups.
  - Sessions found by name or filter are sorted by name, then by C(SessionID).
seealso:
  - module: screenconnect.restapi.screenconnect_session_info
"""

EXAMPLES = r"""
- name: Run a command on each online Globex session
  screenconnect.restapi.screenconnect_command:
    session_id: "{{ item.SessionID }}"
    command: uptime
  loop: "{{ query('screenconnect.restapi.sessions', filter=\"CustomProperty1 = 'Globex'\", online=true) }}"
  loop_control:
    label: "{{ item.display_name }}"

- name: The id of the session named exactly DESKTOP-01
  ansible.builtin.debug:
    msg: "{{ query('screenconnect.restapi.sessions', name='DESKTOP-01', url='https://support.example.com',
             secret=vault_screenconnect_secret) | map(attribute='SessionID') | list }}"
"""

RETURN = r"""
_raw:
  description:
    - One dictionary per session, as the API returns it, plus C(session_type_name), C(online), C(display_name) and
      C(custom_properties).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _lookup as lookup
from ansible_collections.screenconnect.restapi.plugins.module_utils import _session_state as state
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import client_from_options
from ansible_collections.screenconnect.restapi.plugins.module_utils._model import enrich_session
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._plugin_options import OptionsAsGiven
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._unsafe import make_unsafe

display = Display()

_SELECTORS = ("filter", "name", "session_id")
_OWN_BOOLEANS = ("online",)


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if terms:
            raise AnsibleLookupError("screenconnect.restapi.sessions takes no terms; give filter=, name= or session_id=")
        self.set_options(var_options=variables, direct=kwargs)
        try:
            options = OptionsAsGiven(self, self.get_option, direct=kwargs, booleans=_OWN_BOOLEANS)
            return make_unsafe(self._sessions(options))
        except errors.ScreenConnectError as exc:
            raise AnsibleLookupError("screenconnect.restapi.sessions: %s" % exc)

    def _sessions(self, options):
        given = [option for option in _SELECTORS if self.get_option(option) is not None]
        if len(given) != 1:
            raise errors.ScreenConnectInputError("give exactly one of %s; got %s"
                                                 % (", ".join(_SELECTORS), ", ".join(given) or "none"))
        names = state.parse_custom_property_names(self.get_option("custom_property_names"))
        session_type = self.get_option("session_type")
        session_ids = state.parse_session_ids(self.get_option("session_id"))
        name = self.get_option("name")
        expression = (self.get_option("filter") or "").strip()
        if given == ["session_id"] and not session_ids:
            raise errors.ScreenConnectInputError("session_id must name at least one session")
        if given == ["name"] and not name:
            raise errors.ScreenConnectInputError("name must not be empty")
        if given == ["filter"] and not expression:
            raise errors.ScreenConnectInputError("filter must not be empty (the server rejects an empty filter)")

        # Every option is valid: requests from here on.
        client = client_from_options(options)
        api = ScreenConnectAPI(client)
        if session_ids:
            sessions = [s for s in (api.get_session(sid) for sid in session_ids) if s is not None]
        elif name:
            sessions = state.sort_by_name(lookup.sessions_named(api, name))
        else:
            sessions = state.sort_by_name(api.get_sessions_by_filter(expression))
        for warning in client.warnings:
            display.warning(warning)
        sessions = [s for s in state.unique_by_id(sessions) if state.same_type(s, session_type)]
        return [enrich_session(s, names) for s in state.keep_online(sessions, options("online"))]
