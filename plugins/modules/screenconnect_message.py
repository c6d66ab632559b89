#!/usr/bin/python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: screenconnect_message
short_description: Send a chat message to the guest of a ScreenConnect session
version_added: 1.0.0
description:
  - Sends a chat message to the guest of a session with the extension method C(SendMessageToSession). It is queued as
    a C(QueuedMessage) event whose C(Host) is O(from_name), and shown to the guest user when the guest is connected.
  - The message is O(text); the sender's name shown with it is O(from_name).
  - The message is sent exactly once; a request whose answer is lost is not repeated, the task fails saying the
    outcome is unknown.
extends_documentation_fragment:
  - screenconnect.restapi.connection
  - screenconnect.restapi.attributes
  - screenconnect.restapi.attributes.actiongroup_screenconnect
  - screenconnect.restapi.session_target
options:
  text:
    description:
      - The message shown to the guest user; it must not be empty.
      - The option is not called C(message) because Ansible reserves that name.
    type: str
    required: true
  from_name:
    description:
      - The sender's name shown to the guest user (the API's C(byHost)).
    type: str
    default: Ansible
seealso:
  - module: screenconnect.restapi.screenconnect_toolbox_item
attributes:
  check_mode:
    support: full
    details:
      - Checks that the session exists and reports C(changed=true) without sending the message.
  diff_mode:
    support: none
  idempotent:
    support: none
    details:
      - Every run sends the message again.
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
"""

EXAMPLES = r"""
- name: Warn the user before a reboot
  screenconnect.restapi.screenconnect_message:
    url: https://support.example.com
    secret: "{{ vault_screenconnect_secret }}"
    name: DESKTOP-01
    from_name: IT Service Desk
    text: Your computer restarts in 15 minutes to finish updates. Please save your work.
"""

RETURN = r"""
session_id:
  description: The id of the session.
  returned: always
  type: str
  sample: 25950dd7-0230-4a72-9409-0b8c489684a2
online:
  description:
    - Whether a guest was connected when the message was sent. When not, the message stays queued until the guest
      connects.
  returned: always
  type: bool
  sample: true
msg:
  description: What happened.
  returned: always
  type: str
  sample: message sent
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
    text=dict(type="str", required=True),
    from_name=dict(type="str", default="Ansible"),
)


def run(module, api):
    message = require_text(module.params, "text")
    from_name = require_text(module.params, "from_name")
    return send_to_one_session(module, api, "message", lambda session_id: api.send_message(session_id, from_name, message),
                               "the guest is offline and sees it when it connects")


def main():
    run_module(run, ARGUMENT_SPEC, **SINGLE_TARGET_RULES)


if __name__ == "__main__":
    main()
