# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection plugin's parts, built from its options: client, session, channel, transfer and exec.

PRIVATE to the collection: this file may change without notice.

Options are checked before any request, with messages that name the option.
"""

from __future__ import annotations

from ansible.errors import AnsibleConnectionFailure, AnsibleError

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import client_from_options
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_posix as posix
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_powershell as powershell
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_channel import Channel
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_chunks import ChunkCache, ChunkStore
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_exec import PosixExec, PowerShellExec
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_target import resolve_session_id
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_transfer import Transfer

MAX_CHUNK_SIZE = 65536
WAIT_MARGIN = 30


def _positive(get_option, name, kind, maximum=None):
    value = get_option(name)
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise AnsibleError("%s must be a number; got %r" % (name, value))
    if number <= 0 or (maximum is not None and number > maximum):
        raise AnsibleError("%s must be more than 0%s; got %r"
                           % (name, "" if maximum is None else " and at most %d" % maximum, value))
    return number


def limits(get_option):
    """command_timeout, max_output, wait_timeout and chunk_size, checked."""
    command_timeout = _positive(get_option, "command_timeout", float)
    max_output = _positive(get_option, "max_output", int)
    chunk_size = _positive(get_option, "chunk_size", int, MAX_CHUNK_SIZE)
    if get_option("wait_timeout") in (None, ""):
        wait_timeout = command_timeout + WAIT_MARGIN
    else:
        wait_timeout = _positive(get_option, "wait_timeout", float)
    # A piece of chunk_size bytes comes back base64-encoded (4/3) with its frame lines: it must fit max_output.
    if chunk_size * 4 // 3 + 1024 > max_output:
        raise AnsibleError("max_output (%d) is too small for chunk_size (%d): it must be at least %d"
                           % (max_output, chunk_size, chunk_size * 4 // 3 + 1024))
    return command_timeout, max_output, wait_timeout, chunk_size


class ConnectionCore(object):
    """Everything behind one Connection. ``shell`` is Ansible's shell plugin for the host."""

    def __init__(self, get_option, shell, remote_addr, display):
        self._get_option = get_option
        self._shell = shell
        self._display = display
        self.name = get_option("session_name") or remote_addr
        self.host = self.name
        self.channel = self.transfer = self.executor = None

    @property
    def windows(self):
        return getattr(self._shell, "SHELL_FAMILY", None) == "powershell" or \
            getattr(self._shell, "_IS_WINDOWS", False)

    def connect(self):
        command_timeout, max_output, wait_timeout, chunk_size = limits(self._get_option)
        try:
            client = client_from_options(self._get_option)
        except errors.ScreenConnectError as exc:
            raise AnsibleConnectionFailure(str(exc))
        for warning in client.warnings:
            self._display.warning(warning)
        api = ScreenConnectAPI(client)
        session_id = resolve_session_id(api, self._get_option("session_id"), self.name)
        self._display.vvv("ESTABLISH SCREENCONNECT CONNECTION TO SESSION %s" % session_id, host=self.host)
        self.channel = Channel(api, session_id, self.host, command_timeout, max_output, wait_timeout,
                               log=lambda line: self._display.vvv(line, host=self.host))
        self.channel.check_online()
        if self.windows:
            self.transfer = Transfer(self.channel, powershell, chunk_size)
            self.executor = PowerShellExec(self.channel, self.transfer, powershell)
            return
        self.transfer = Transfer(self.channel, posix, chunk_size)
        store = self._get_option("chunk_store")
        if not store or not str(store).strip():
            raise AnsibleError("chunk_store must name a directory on the guest")
        cache = ChunkCache(self._get_option("chunk_cache"), session_id)
        self.executor = PosixExec(self.channel, self.transfer, chunk_size,
                                  ChunkStore(self.channel, str(store), chunk_size, cache))

    def exec_command(self, cmd, in_data):
        self._display.vvv("EXEC %s" % cmd, host=self.host)
        return self.executor.run(cmd, in_data)

    def put_file(self, in_path, out_path):
        self.transfer.put(in_path, out_path)

    def fetch_file(self, in_path, out_path):
        self.transfer.fetch(in_path, out_path)

    def close(self):
        if self.transfer is not None:
            self.transfer.flush()
