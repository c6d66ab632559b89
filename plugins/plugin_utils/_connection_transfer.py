# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""File transfer over the command channel: pieces of at most chunk_size bytes, verified by size and SHA-256.

PRIVATE to the collection: this file may change without notice.

``put`` sends every piece but the last two at once and keeps those (with the whole file's size and hash)
pending: the next command carries as much of them as fits beside its own data, and the one that carries the end
checks the whole file before it runs anything; ``flush`` sends what does not fit (or is left when no command
follows) on its own. Ansible's copy action follows the upload with a ``chmod``, which never reads the file: such a
command may carry one piece and leave the rest to the module that comes after it, which saves a command per file
(the exec side decides which commands may, see _connection_exec). ``fetch`` reads pieces and checks the assembled bytes against the size and
hash the first read reported. ``builders`` is the shell family's script module (_connection_posix or
_connection_powershell).
"""

from __future__ import annotations

import hashlib

from ansible.errors import AnsibleError

from ansible_collections.screenconnect.restapi.plugins.module_utils._command import new_nonce


def frame_error(frame, what):
    """AnsibleError for a frame that reports an ``error`` value (nothing after the failed step ran)."""
    if "error" in frame.values:
        raise AnsibleError("%s failed on the guest: %s" % (what, frame.text("error")))


class Transfer(object):
    def __init__(self, channel, builders, chunk_size):
        self.channel = channel
        self.builders = builders
        self.chunk_size = int(chunk_size)
        # (path, offset, data, pieces, (size, sha256)): the bytes of a put from offset on, not sent yet
        self.pending = None

    def _run_steps(self, script_of, what):
        nonce = new_nonce()
        frame = self.channel.run(script_of(nonce), self.builders.INTERPRETER, nonce, what=what)
        frame_error(frame, what)
        return frame

    def put(self, in_path, out_path):
        self.flush()
        try:
            with open(in_path, "rb") as handle:
                data = handle.read()
        except (IOError, OSError) as exc:
            raise AnsibleError("cannot read %s to send it: %s" % (in_path, exc))
        size = self.chunk_size
        total = max(1, -(-len(data) // size))
        expect = (len(data), hashlib.sha256(data).hexdigest())
        deferred = hasattr(self.builders, "write_step")  # only the POSIX scripts can carry a write into a command
        sent = max(0, total - 2) if deferred else total
        for number in range(sent):
            piece = (number * size, data[number * size:(number + 1) * size])
            self._run_steps(lambda nonce: self.builders.write_script(out_path, [piece], nonce),
                            "writing piece %d of %d of %s" % (number + 1, total, out_path))
        if deferred:
            self.pending = (out_path, sent * size, data[sent * size:], total, expect)
            return
        stat = self._run_steps(lambda nonce: self.builders.stat_script(out_path, nonce), "checking %s" % out_path)
        if (stat.number("size"), stat.text("sha256").strip().lower()) != expect:
            raise AnsibleError("%s on the guest does not have the size and SHA-256 that were sent (%d bytes, %s)"
                               % (out_path, expect[0], expect[1]))

    def pending_size(self):
        """How many bytes of data a pending put would add to the command that carries all of it."""
        return len(self.pending[2]) if self.pending else 0

    def pending_note(self, room=None):
        """For the -vvv line of the command that carries a pending put (or ``room`` bytes of it): what it writes."""
        if self.pending is None:
            return ""
        path, offset, data, total, _expect = self.pending
        if room is None or room >= len(data):
            return " and the last piece of %s" % path
        return " and piece %d of %d of %s" % (offset // self.chunk_size + 1, total, path)

    def pending_steps(self, nonce, room=None):
        """The steps that write a pending put in the next script: all of it, with the check of the whole file, or
        only its first ``room`` bytes (the rest stays pending). What a script carries is forgotten here."""
        if self.pending is None:
            return []
        path, offset, data, total, expect = self.pending
        if room is not None and room < len(data):
            self.pending = (path, offset + room, data[room:], total, expect)
            return [self.builders.write_step(path, [(offset, data[:room])], nonce)] if room > 0 else []
        self.pending = None
        return [self.builders.write_step(path, [(offset, data)], nonce, expect)]

    def flush(self, keep=0):
        """Send pending pieces on their own until at most ``keep`` bytes are left to ride in the next command
        (``keep`` 0: all of them); the piece that ends the file carries the check of the whole file."""
        while self.pending is not None and not (keep > 0 and self.pending_size() <= keep):
            path, offset, data, total, expect = self.pending
            piece = data[:self.chunk_size]
            last = len(piece) == len(data)
            self.pending = None if last else (path, offset + len(piece), data[len(piece):], total, expect)
            self._run_steps(lambda nonce: self.builders.write_script(path, [(offset, piece)], nonce,
                                                                     expect if last else None),
                            "writing piece %d of %d of %s" % (offset // self.chunk_size + 1, total, path))

    def fetch(self, in_path, out_path):
        self.flush()
        first = self._run_steps(lambda nonce: self.builders.read_script(in_path, 0, self.chunk_size, nonce),
                                "reading %s" % in_path)
        if "missing" in first.values:
            raise AnsibleError("file %s does not exist on the guest or cannot be read" % in_path)
        size, digest = first.number("size"), first.text("sha256").strip()
        if size is None or len(digest) != 64:
            raise AnsibleError("reading %s: the guest did not report its size and SHA-256" % in_path)
        data = bytearray(first.values.get("data", b""))
        while len(data) < size:
            offset = len(data)
            frame = self._run_steps(
                lambda nonce: self.builders.read_script(in_path, offset, self.chunk_size, nonce),
                "reading %s at offset %d" % (in_path, offset))
            if "missing" in frame.values:
                raise AnsibleError("file %s disappeared from the guest while it was read" % in_path)
            piece = frame.values.get("data", b"")
            if not piece:
                raise AnsibleError("reading %s: the file is shorter than the %d bytes reported" % (in_path, size))
            data.extend(piece)
        if len(data) != size or hashlib.sha256(bytes(data)).hexdigest() != digest:
            raise AnsibleError("fetching %s: the bytes received do not match the size and SHA-256 the guest "
                               "reported (the file changed while it was read?)" % in_path)
        try:
            with open(out_path, "wb") as handle:
                handle.write(bytes(data))
        except (IOError, OSError) as exc:
            raise AnsibleError("cannot write %s: %s" % (out_path, exc))
