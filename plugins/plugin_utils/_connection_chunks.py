# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The content-addressed chunk store: large standard input (pipelined modules) sent once per distinct chunk.

PRIVATE to the collection: this file may change without notice.

A payload is cut where a rolling hash of its last bytes hits a pattern (content-defined cut points), so an edit
moves only the cuts near it and the rest of a module's payload keeps its chunks from one task to the next. Chunks
are named by their SHA-256 and kept on the guest in a private directory; the controller remembers per session
which names the guest holds (in memory, and in one small file per session id that holds only names). A payload
then costs its missing chunks, packed into commands of chunk_size bytes (a chunk may span two), the last pack riding with the
assemble-and-run command. That command checks every chunk before running anything; when one is missing (the
guest's store was cleaned) it prints ``missing``, the plugin sends those chunks and tries again, which is safe
because nothing ran.

No command carries more than chunk_size bytes of data: the list of a payload's chunk names (64 characters each, a
few hundred for setup at a small chunk_size) is itself a chunk, the manifest, so the assemble-and-run command has
the same small size whatever the payload; a deferred put piece rides along only when it fits beside the last pack.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import tempfile

from ansible.errors import AnsibleError

from ansible_collections.screenconnect.restapi.plugins.module_utils._command import new_nonce
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_ansiballz as ansiballz
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_posix as posix

MIN_CHUNK = 1024
MAX_REMEMBERED = 20000
RESEND_ATTEMPTS = 2

_NAME = re.compile(r"^[0-9a-f]{64}$")
# A fixed table of pseudo-random 32-bit values (the gear of a gear hash), the same on every controller. A position
# is a cut point when bits 20 to 31 of the hash are all set: every 4 KiB on average.
_GEAR = [int.from_bytes(hashlib.sha256(b"scrx-gear-%d" % i).digest()[:4], "big") for i in range(256)]


# The gear hash of a position depends only on the 32 bytes up to it (each step shifts the older bytes' values one
# bit further out of the 32-bit word), and a cut is only ever tested MIN_CHUNK bytes or more after the previous one,
# so the candidate cut points are a function of the content alone. That lets them be found for a whole block at once
# with C-speed integer arithmetic instead of a Python step per byte: each byte's gear value goes into a 64-bit slot of
# one big integer, five shift-and-add doublings sum the 32 weighted values of every window in its slot (the sum stays
# below 2**64, so no slot carries into the next), and the slots whose bits 20 to 31 are all set are the candidates.
# A 340 kB setup payload is cut in a fifth of the time (27 ms, was 137); tests compare it with the step-per-byte
# definition.
_WINDOW = 32
_BLOCK = 1 << 14
_GEAR_BYTES = [bytes((value >> (8 * k)) & 0xFF for value in _GEAR) for k in range(4)]
_BITS_20_23 = bytes(0xFF if byte >= 0xF0 else 0 for byte in range(256))  # slot byte 2: its high nibble set
_BITS_24_31 = bytes(0xFF if byte == 0xFF else 0 for byte in range(256))  # slot byte 3: all set
_HIT = re.compile(b"[^\x00]")


def _candidates(data):
    """Indexes i (in order) where the gear hash of data[i - 31:i + 1] has the cut pattern in its top 12 bits."""
    found = []
    for base in range(0, len(data), _BLOCK):
        low = max(0, base - _WINDOW + 1)  # the window of the block's first positions reaches back into the last one
        block = data[low:base + _BLOCK]
        slots = bytearray(8 * len(block))
        for k, gear_byte in enumerate(_GEAR_BYTES):
            slots[k::8] = block.translate(gear_byte)
        sums, shift = int.from_bytes(slots, "little"), 65  # one slot and one bit: the next window byte's weight
        for _doubling in range(5):  # 2 ** 5 = _WINDOW
            sums += sums << shift
            shift *= 2
        sums = sums.to_bytes((sums.bit_length() + 7) // 8 + 8, "little")[:len(slots)]
        hits = (int.from_bytes(sums[2::8].translate(_BITS_20_23), "little")
                & int.from_bytes(sums[3::8].translate(_BITS_24_31), "little")).to_bytes(len(block), "little")
        found.extend(low + match.start() for match in _HIT.finditer(hits, base - low))
    return found


def cut(data, maximum):
    """Split ``data`` into chunks of MIN_CHUNK..maximum bytes at content-defined points."""
    candidates = _candidates(data)
    chunks, start, index = [], 0, 0
    while start < len(data):
        index = bisect.bisect_left(candidates, start + MIN_CHUNK - 1, index)
        end = min(candidates[index] + 1 if index < len(candidates) else len(data), start + maximum, len(data))
        chunks.append(data[start:end])
        start = end
    return chunks


def _cut_payload(payload, maximum):
    """``cut`` on each part of the payload between the AnsiballZ boundaries, so edits stay in their own part."""
    edges = [0] + [edge for edge in ansiballz.boundaries(payload) if 0 < edge < len(payload)] + [len(payload)]
    return [chunk for start, end in zip(edges, edges[1:]) for chunk in cut(payload[start:end], maximum)]


def _data_size(pack):
    return sum(len(part[1]) for part in pack)


class ChunkCache(object):
    """The names a session's guest holds, kept in ``<directory>/<session id>.json`` (no secret, names only)."""

    def __init__(self, directory, session_id):
        self.path = os.path.join(os.path.expanduser(directory), "%s.json" % session_id) if directory else None
        self.names = set()
        if self.path and os.path.exists(self.path):
            try:
                with open(self.path) as handle:
                    self.names = set(name for name in json.load(handle).get("chunks", []) if _NAME.match(str(name)))
            except (IOError, OSError, ValueError, AttributeError):
                self.names = set()  # a damaged cache only costs a resend

    def save(self):
        if not self.path:
            return
        names = sorted(self.names)[-MAX_REMEMBERED:]
        directory = os.path.dirname(self.path)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=".chunks-")
            with os.fdopen(handle, "w") as stream:
                json.dump({"chunks": names}, stream)
            os.replace(temporary, self.path)  # atomic, so parallel forks never read half a file
        except (IOError, OSError):
            pass  # the cache saves commands; without it the guest's store still answers "missing"


class ChunkStore(object):
    def __init__(self, channel, store, chunk_size, cache):
        self.channel = channel
        self.store = store
        self.chunk_size = int(chunk_size)
        self.cache = cache
        self.writer = new_nonce()  # tags this store's partial chunk files on the guest (see store_step)

    def _packs(self, chunks):
        """Commands of exactly chunk_size bytes (the last one less): chunks are split across them as needed."""
        packs, current, room = [], [], self.chunk_size
        for name, data in chunks:
            offset = 0
            while offset < len(data) or not data:
                part = data[offset:offset + room]
                current.append((name, part, offset == 0, offset + len(part) >= len(data)))
                offset += len(part)
                room -= len(part)
                if room == 0:
                    packs.append(current)
                    current, room = [], self.chunk_size
                if not data:
                    break
        if current:
            packs.append(current)
        return packs

    def _send_packs(self, packs):
        for pack in packs:
            nonce = new_nonce()
            frame = self.channel.run(posix.steps_script(nonce, [posix.store_step(self.store, pack, nonce, self.writer)]),
                                     posix.INTERPRETER, nonce, what="storing %d bytes of module data in the chunk "
                                     "store" % _data_size(pack))
            if "error" in frame.values:
                raise AnsibleError("sending module data to the chunk store failed: %s" % frame.text("error"))
            self.cache.names.update(part[0] for part in pack if part[3])

    def run(self, cmd, in_data, transfer):
        """Run ``cmd`` with ``in_data`` assembled from the store; returns the frame of the run.

        ``transfer`` may hold a deferred put piece, which rides in the last command when it fits."""
        in_data = ansiballz.canonical_payload(in_data)  # a module's zip then has the same chunks in every run
        pieces = _cut_payload(in_data, self.chunk_size)
        names = [hashlib.sha256(piece).hexdigest() for piece in pieces]
        manifest = ("\n".join(names) + "\n").encode("ascii")
        manifest_name = hashlib.sha256(manifest).hexdigest()
        by_name = dict(zip(names, pieces))
        by_name[manifest_name] = manifest
        unknown = [(name, by_name[name]) for name in dict.fromkeys(names + [manifest_name])
                   if name not in self.cache.names]
        self.channel.log("PAYLOAD %d bytes in %d chunks and a manifest of %d bytes: %d of them (%d bytes) not "
                         "known to be on the guest" % (len(in_data), len(pieces), len(manifest), len(unknown),
                                                       sum(len(data) for _name, data in unknown)))
        for attempt in range(RESEND_ATTEMPTS + 1):
            packs = self._packs(unknown)
            last = packs.pop() if packs else []
            transfer.flush(keep=self.chunk_size - _data_size(last))
            self._send_packs(packs)
            nonce = new_nonce()
            what = "running the command with its %d bytes of standard input from the chunk store%s%s" % (
                len(in_data), " (with its last %d bytes of module data)" % _data_size(last) if last else "",
                transfer.pending_note())
            steps = transfer.pending_steps(nonce)
            if last:
                steps.append(posix.store_step(self.store, last, nonce, self.writer))
            steps.append(posix.assemble_step(self.store, manifest_name))
            frame = self.channel.run(posix.exec_script(cmd, nonce, before=steps, stdin_ready=True),
                                     posix.INTERPRETER, nonce, what=what)
            if "error" in frame.values:
                raise AnsibleError("preparing the module data failed on the guest: %s" % frame.text("error"))
            missing = [name for name in frame.text("missing").split() if name in by_name]
            self.cache.names.update(part[0] for part in last if part[3])
            if not missing:
                self.cache.save()
                return frame
            # The guest lost chunks (its store was cleaned): nothing ran, so sending them and trying again is safe.
            # Without its manifest the guest could not even tell which: then send them all.
            if manifest_name in missing:
                missing = list(by_name)
            self.cache.names.difference_update(missing)
            unknown = [(name, by_name[name]) for name in dict.fromkeys(missing)]
        raise AnsibleError("the guest's chunk store (%s) kept losing chunks; nothing was run" % self.store)
