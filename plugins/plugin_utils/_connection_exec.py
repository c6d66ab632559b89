# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exec_command on a POSIX guest: the command line and its standard input in one script, or through the chunk store.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

from ansible.errors import AnsibleError

from ansible_collections.screenconnect.restapi.plugins.module_utils._command import new_nonce
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_posix as posix
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_transfer import frame_error


def result_of(frame):
    """(rc, stdout, stderr) from a complete frame; AnsibleError when the script did not report them."""
    frame_error(frame, "preparing the command")
    rc = frame.number("rc")
    if rc is None or "stdout" not in frame.values or "stderr" not in frame.values:
        raise AnsibleError("the guest's answer has no exit code or output (frame fields: %s)"
                           % (", ".join(sorted(frame.values)) or "none"))
    return rc, frame.values["stdout"], frame.values["stderr"]


class PowerShellExec(object):
    """Windows guests: raw PowerShell text only (raw, script); modules are refused before anything is sent."""

    def __init__(self, channel, transfer, builders):
        self.channel = channel
        self.transfer = transfer
        self.builders = builders

    def run(self, cmd, in_data=None):
        if in_data is not None:
            raise AnsibleError("running PowerShell modules through ScreenConnect is not supported yet; use raw, "
                               "script, or screenconnect_command")
        self.transfer.flush()
        nonce = new_nonce()
        return result_of(self.channel.run(self.builders.exec_script(cmd, nonce), self.builders.INTERPRETER, nonce,
                                          what="running the command"))


class PosixExec(object):
    """Runs command lines; ``store`` (a chunk store, or None) carries standard input too large for one command."""

    def __init__(self, channel, transfer, chunk_size, store=None):
        self.channel = channel
        self.transfer = transfer
        self.chunk_size = int(chunk_size)
        self.store = store

    def run(self, cmd, in_data=None):
        if in_data is not None and len(in_data) > self.chunk_size and self.store is not None:
            return result_of(self.store.run(cmd, in_data, self.transfer))
        if len(in_data or b"") + self.transfer.pending_size() > self.chunk_size:
            self.transfer.flush()  # no command carries more than chunk_size bytes of data
        nonce = new_nonce()
        what = "running the command%s%s" % (
            "" if in_data is None else " with its %d bytes of standard input" % len(in_data),
            self.transfer.pending_note())
        body = posix.exec_script(cmd, nonce, stdin=in_data, before=self.transfer.pending_steps(nonce))
        return result_of(self.channel.run(body, posix.INTERPRETER, nonce, what=what))
