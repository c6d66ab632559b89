#!/usr/bin/python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: screenconnect_toolbox_item
short_description: Run an item of the ScreenConnect toolbox on a session's guest
version_added: 1.0.0
description:
  - Sends an item of the server's shared toolbox to a session with the extension method C(SendToolboxItemToSession).
    It is queued as a C(QueuedTool) event and run by the guest's agent when the guest is connected.
  - The API reports neither whether the item exists nor its outcome.
  - The item is sent exactly once; a request whose answer is lost is not repeated, the task fails saying the outcome
    is unknown.
extends_documentation_fragment:
  - screenconnect.restapi.connection
  - screenconnect.restapi.attributes
  - screenconnect.restapi.attributes.actiongroup_screenconnect
  - screenconnect.restapi.session_target
options:
  item:
    description:
      - The toolbox item as the web UI addresses it, its name or its path inside the shared toolbox, for example
        V(Diagnostics/Collect Logs.exe).
    type: str
    required: true
seealso:
  - module: screenconnect.restapi.screenconnect_command
attributes:
  check_mode:
    support: full
    details:
      - Checks that the session exists and reports C(changed=true) without sending the item.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Every run sends the item again.
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
"""

EXAMPLES = r"""
- name: Run the log collector from the shared toolbox
  screenconnect.restapi.screenconnect_toolbox_item:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    name: DESKTOP-01
    item: Diagnostics/Collect Logs.exe
"""

RETURN = r"""
session_id:
  description: The id of the session.
  returned: always
  type: str
  sample: 25950dd7-0230-4a72-9409-0b8c489684a2
online:
  description:
    - Whether a guest was connected when the item was sent. When not, it stays queued until the guest connects.
  returned: always
  type: bool
  sample: true
msg:
  description: What happened.
  returned: always
  type: str
  sample: toolbox item sent
"""

from ansible_collections.screenconnect.restapi.plugins.module_utils._module import run_module
from ansible_collections.screenconnect.restapi.plugins.module_utils._targets import (
    SINGLE_TARGET_RULES,
    SINGLE_TARGET_SPEC,
    require_text,
    send_to_one_session,
)


ARGUMENT_SPEC = dict(
    SINGLE_TARGET_SPEC,
    item=dict(type="str", required=True),
)


def run(module, api):
    item = require_text(module.params, "item")
    return send_to_one_session(module, api, "toolbox item", lambda session_id: api.send_toolbox_item(session_id, item),
                               "the guest is offline and runs it when it connects")


def main():
    run_module(run, ARGUMENT_SPEC, **SINGLE_TARGET_RULES)


if __name__ == "__main__":
    main()
