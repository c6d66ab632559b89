# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: screenconnect
short_description: Run Ansible modules on ScreenConnect guests through the agent's command channel
version_added: 1.1.0
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
description:
  - Runs tasks on a ConnectWise ScreenConnect guest through the RESTful API Manager extension's
    C(SendCommandToSession), so hosts without any SSH or WinRM path (behind NAT, reachable only by their agent)
    become ordinary Ansible hosts.
  - Each command is sent exactly once, with the C(#timeout) and C(#maxlength) directives, and its own
    C(RanCommand) event is read back. The script prints the command's standard output, standard error and exit
    code separately (base64 between begin and end markers), so modules get real return codes and clean output.
  - Before every command the session is read; a guest with no connection (offline) makes the host
    C(UNREACHABLE) at once and nothing is queued for it.
  - "POSIX guests (Linux, macOS: C(sh)) run every ordinary module. Files are sent in pieces of at most O(chunk_size)
    bytes and checked by size and SHA-256. Module payloads too large for one command go through a content-addressed
    chunk store on the guest (O(chunk_store)): a module sent once before costs only its changed pieces and one
    command."
  - "Windows guests (C(ansible_shell_type=powershell)): M(ansible.builtin.raw), M(ansible.builtin.script) and file
    transfer (M(ansible.builtin.copy), M(ansible.builtin.fetch)) work; running PowerShell modules fails with a clear
    message (not supported yet)."
  - Everything runs as the agent's account (root or SYSTEM) on the guest. C(become) to another user works on POSIX
    guests (C(sudo), C(su)) without a password.
notes:
  - The inventory plugin P(screenconnect.restapi.screenconnect#inventory) sets C(screenconnect_session_id) on
    every host; set C(ansible_connection) to V(screenconnect.restapi.screenconnect) with its C(compose) option.
  - A become password is refused rather than sent, because ScreenConnect stores every command's text in the
    session's events.
  - The agent kills a command after O(command_timeout) seconds and cuts its output at O(max_output) characters;
    both are clear task errors, never a half-read result.
extends_documentation_fragment:
  - screenconnect.restapi.connection.connection_plugin
options:
  session_id:
    description:
      - The GUID of the ScreenConnect session (the guest) to run tasks on.
      - The inventory plugin sets C(screenconnect_session_id) on every host.
      - When not set, the session whose name is exactly O(session_name) is used; none or several such sessions
        make the host unreachable with a message that says so.
    type: str
    vars:
      - name: screenconnect_session_id
      - name: ansible_screenconnect_session_id
  session_name:
    description:
      - The exact session name to look up when O(session_id) is not set.
      - Defaults to the inventory host name.
    type: str
    vars:
      - name: inventory_hostname
      - name: ansible_screenconnect_session_name
  command_timeout:
    description:
      - Seconds after which the agent kills a command (sent as the C(#timeout) directive in milliseconds).
      - A killed command fails the task with a message that names this option.
    type: float
    default: 600
    env:
      - name: SCREENCONNECT_COMMAND_TIMEOUT
    vars:
      - name: ansible_screenconnect_command_timeout
  max_output:
    description:
      - Largest output in characters the agent reports for a command (sent as the C(#maxlength) directive).
      - Output is base64-encoded, so a command's own output may be about three quarters of it. Cut output fails
        the task with a message that names this option.
    type: int
    default: 1000000
    env:
      - name: SCREENCONNECT_MAX_OUTPUT
    vars:
      - name: ansible_screenconnect_max_output
  wait_timeout:
    description:
      - Seconds to wait for a command's result before the task fails (the command is not sent again).
      - Defaults to O(command_timeout) plus 30 seconds.
    type: float
    env:
      - name: SCREENCONNECT_WAIT_TIMEOUT
    vars:
      - name: ansible_screenconnect_wait_timeout
  chunk_size:
    description:
      - Largest number of raw bytes of file or module data in one command, all pieces together. base64 makes the
        command about a third larger, and the script around the data adds about 6 KiB, so a command is at most
        about 4/3 x O(chunk_size) + 6144 characters (27,990 with the default). At most V(65536).
      - The real server's largest command is not documented; lower it if the server refuses large commands (HTTP
        413 fails the task with a message that says so; nothing is queued).
    type: int
    default: 16384
    env:
      - name: SCREENCONNECT_CHUNK_SIZE
    vars:
      - name: ansible_screenconnect_chunk_size
  pipelining:
    description:
      - Send module code with the command (on its standard input) instead of as a file first.
      - Payloads larger than O(chunk_size) go through the chunk store.
      - Pipelining is turned off by Ansible for C(become_method=su).
    type: bool
    default: true
    env:
      - name: ANSIBLE_PIPELINING
    vars:
      - name: ansible_pipelining
      - name: ansible_screenconnect_pipelining
  chunk_store:
    description:
      - Directory on POSIX guests that holds the chunk store, created with mode C(0700).
      - Chunks are named by their SHA-256 and checked before use, so a cleaned or damaged store only costs a resend.
    type: str
    default: ~/.ansible/screenconnect_chunks
    env:
      - name: SCREENCONNECT_CHUNK_STORE
    vars:
      - name: ansible_screenconnect_chunk_store
  chunk_cache:
    description:
      - Directory on the controller that remembers, in one small file per session id, which chunks each guest holds,
        so that a later run does not send them again. The files hold chunk hashes only, never the secret.
      - Set to an empty string to remember chunks only for the life of the connection.
    type: path
    default: ~/.ansible/screenconnect_chunk_cache
    env:
      - name: SCREENCONNECT_CHUNK_CACHE
    vars:
      - name: ansible_screenconnect_chunk_cache
"""

EXAMPLES = r"""
# prod.screenconnect.yml: the inventory's hosts use this connection
# plugin: screenconnect.restapi.screenconnect
# session_filter: "SessionType = 'Access' AND CustomProperty1 = 'Contoso'"
# compose:
#   ansible_connection: "'screenconnect.restapi.screenconnect'"

# Then, with SCREENCONNECT_URL and SCREENCONNECT_SECRET in the environment:
#   ansible -i prod.screenconnect.yml all -m ansible.builtin.setup

# A static inventory: the host name is looked up as an exact session name.
# [guests]
# web-01 ansible_connection=screenconnect.restapi.screenconnect
# db-01  ansible_connection=screenconnect.restapi.screenconnect screenconnect_session_id=25950dd7-0230-4a72-9409-0b8c489684a2

- name: Copy a file and run a command on a guest
  hosts: guests
  gather_facts: false
  tasks:
    - name: Install the configuration
      ansible.builtin.copy:
        src: app.conf
        dest: /etc/app.conf
        mode: "0644"

    - name: Run the application's migration (allow 20 minutes)
      ansible.builtin.command: /opt/app/bin/migrate --yes
      changed_when: true
      vars:
        ansible_screenconnect_command_timeout: 1200
"""

from ansible.errors import AnsibleError
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display

from ansible_collections.screenconnect.restapi.plugins.module_utils._errors import ScreenConnectError
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_setup import ConnectionCore
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._plugin_options import OptionsAsGiven

display = Display()

_OWN_BOOLEANS = ("pipelining",)


class Connection(ConnectionBase):
    """ScreenConnect's command channel as an Ansible connection; the work is in plugin_utils/_connection_*.py."""

    transport = "screenconnect.restapi.screenconnect"
    has_pipelining = True
    has_tty = False

    def __init__(self, *args, **kwargs):
        super(Connection, self).__init__(*args, **kwargs)
        self._core = None
        self._options_as_given = self.get_option

    def set_options(self, task_keys=None, var_options=None, direct=None):
        super(Connection, self).set_options(task_keys=task_keys, var_options=var_options, direct=direct)
        # ansible-core has converted the host variables by now (V(maybe) to false): look at them as given.
        try:
            self._options_as_given = OptionsAsGiven(self, self.get_option, direct=direct, variables=var_options,
                                                    booleans=_OWN_BOOLEANS)
        except ScreenConnectError as exc:
            raise AnsibleError(str(exc))

    def _connect(self):
        if self._core is None:
            self._core = ConnectionCore(self._options_as_given, self._shell, self._play_context.remote_addr, display)
            self._core.connect()
        self._connected = True
        return self

    def exec_command(self, cmd, in_data=None, sudoable=True):
        super(Connection, self).exec_command(cmd, in_data=in_data, sudoable=sudoable)
        self._refuse_become_password(sudoable)
        return self._core.exec_command(cmd, in_data)

    def put_file(self, in_path, out_path):
        super(Connection, self).put_file(in_path, out_path)
        display.vvv("PUT %s TO %s" % (in_path, out_path), host=self._core.host)
        self._core.put_file(in_path, out_path)

    def fetch_file(self, in_path, out_path):
        super(Connection, self).fetch_file(in_path, out_path)
        display.vvv("FETCH %s TO %s" % (in_path, out_path), host=self._core.host)
        self._core.fetch_file(in_path, out_path)

    def close(self):
        if self._core is not None:
            try:
                self._core.close()
            finally:
                self._core = None
        self._connected = False

    def reset(self):
        self.close()

    def _refuse_become_password(self, sudoable):
        if sudoable and self.become and self._core.windows:
            raise AnsibleError("become is not supported on Windows guests through ScreenConnect: commands already "
                               "run as SYSTEM")
        if not (sudoable and self.become and self.become.expect_prompt()):
            return
        if self.become.get_option("become_pass", playcontext=self._play_context):
            raise AnsibleError(
                "become with a password is not supported by the screenconnect.restapi.screenconnect connection: "
                "ScreenConnect stores every command's text in the session's events, so the password would be kept "
                "on the server. The agent runs as root, so become without a password (sudo or su) works.")
