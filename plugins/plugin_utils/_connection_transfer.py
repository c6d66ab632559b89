# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""File transfer over the command channel: pieces of at most chunk_size bytes, verified by size and SHA-256.

PRIVATE to the collection: this file may change without notice.

``put`` sends every piece but the last at once and keeps the last one (with the whole file's size and hash)
pending, so that it rides in the next command, which checks the file before it runs anything; ``flush`` sends it
on its own when no command follows. ``fetch`` reads pieces and checks the assembled bytes against the size and
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
        self.pending = None  # (path, pieces, (size, sha256)) of a put whose last piece is not sent yet

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
        pieces = [(offset, data[offset:offset + size]) for offset in range(0, len(data), size)] or [(0, b"")]
        expect = (len(data), hashlib.sha256(data).hexdigest())
        deferred = hasattr(self.builders, "write_step")  # only the POSIX scripts can carry a write into a command
        for number, piece in enumerate(pieces[:-1] if deferred else pieces, 1):
            self._run_steps(lambda nonce: self.builders.write_script(out_path, [piece], nonce),
                            "writing piece %d of %d of %s" % (number, len(pieces), out_path))
        if deferred:
            self.pending = (out_path, [pieces[-1]], expect)
            return
        stat = self._run_steps(lambda nonce: self.builders.stat_script(out_path, nonce), "checking %s" % out_path)
        if (stat.number("size"), stat.text("sha256").strip().lower()) != expect:
            raise AnsibleError("%s on the guest does not have the size and SHA-256 that were sent (%d bytes, %s)"
                               % (out_path, expect[0], expect[1]))

    def pending_size(self):
        """How many bytes of data a pending put adds to the command that carries it."""
        return sum(len(data) for _offset, data in self.pending[1]) if self.pending else 0

    def pending_note(self):
        """For the -vvv line of the command that carries a pending put: which file it completes (or "")."""
        return " and the last piece of %s" % self.pending[0] if self.pending else ""

    def pending_steps(self, nonce):
        """The steps that complete a pending put, for the next script (and forget it: that script carries it)."""
        if self.pending is None:
            return []
        path, pieces, expect = self.pending
        self.pending = None
        return [self.builders.write_step(path, pieces, nonce, expect)]

    def flush(self):
        """Send a pending last piece on its own, with the check of the whole file."""
        if self.pending is None:
            return
        path, pieces, expect = self.pending
        self.pending = None
        self._run_steps(lambda nonce: self.builders.write_script(path, pieces, nonce, expect),
                        "writing %s" % path)

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
