# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""exec_command on a POSIX guest: the command line and its standard input in one script, or through the chunk store.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

import re

from ansible.errors import AnsibleError

from ansible_collections.screenconnect.restapi.plugins.module_utils._command import new_nonce
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_posix as posix
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_transfer import frame_error


# The command Ansible's actions send after an upload to fix its modes (``_fixup_perms2``: ``chmod u+x <tmp>/ <tmp>/
# <file>``, wrapped in ``/bin/sh -c '... && sleep 0'``). chmod never reads a file's content, so it may run while a
# pending put is not complete yet, and carry a piece of it. Paths must be ones shlex.quote leaves bare, so the
# command can hold nothing else; anything else (become, other shells, other commands) completes the put first.
_MODES_ONLY = re.compile(r"^(/bin/sh -c ')?chmod (?:[ugoa]*[-+=][rwxXst]+|[0-7]{3,4})(?: [\w@%+=:,./-]+)+"
                         r"(?: && sleep 0)?(?(1)')$")


def only_changes_modes(cmd):
    """Whether ``cmd`` is a plain chmod of plain paths, which may run before a pending put is complete."""
    return bool(_MODES_ONLY.match(cmd if isinstance(cmd, str) else str(cmd)))


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
        room = max(0, self.chunk_size - len(in_data or b""))  # no command carries more than chunk_size bytes
        span = in_data is None and only_changes_modes(cmd)
        if not span:
            self.transfer.flush(keep=room)
        nonce = new_nonce()
        what = "running the command%s%s" % (
            "" if in_data is None else " with its %d bytes of standard input" % len(in_data),
            self.transfer.pending_note(room if span else None))
        body = posix.exec_script(cmd, nonce, stdin=in_data,
                                 before=self.transfer.pending_steps(nonce, room if span else None))
        return result_of(self.channel.run(body, posix.INTERPRETER, nonce, what=what))
