# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""put/fetch and exec on a POSIX guest, with every script run by a real /bin/sh on this machine.

The channel's own behaviour is tested against the emulator (test_connection_channel.py); here a channel that runs
each script with /bin/sh, as the agent does, counts the commands a transfer costs.
"""

from __future__ import annotations

import hashlib
import os
import subprocess

import pytest

from ansible.errors import AnsibleError

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_posix as posix
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_exec import PosixExec
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_transfer import Transfer


class ShChannel(object):
    """Runs each script with /bin/sh, stdout and stderr merged, and parses the frame; keeps the -vvv lines."""

    def __init__(self, tmpdir):
        self.tmpdir = str(tmpdir)
        self.sent = 0
        self.lines = []
        self.log = self.lines.append
        self.whats = []

    def run(self, body, interpreter, nonce, what="a command"):
        assert interpreter == posix.INTERPRETER
        self.sent += 1
        self.whats.append(what)
        path = os.path.join(self.tmpdir, "script-%d.sh" % self.sent)
        with open(path, "w") as handle:
            handle.write(body)
        output = subprocess.run(["/bin/sh", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                                env=dict(os.environ, TMPDIR=self.tmpdir)).stdout.decode("utf-8")
        frame = framing.parse(output, nonce)
        assert frame.complete, output
        return frame


@pytest.fixture
def parts(tmp_path):
    channel = ShChannel(tmp_path)
    transfer = Transfer(channel, posix, 1024)
    return channel, transfer, PosixExec(channel, transfer, 1024)


def test_put_sends_pieces_and_the_last_one_rides_with_the_next_command(parts, tmp_path):
    channel, transfer, executor = parts
    source, target = tmp_path / "src.bin", tmp_path / "dest.bin"
    data = os.urandom(3 * 1024 + 100)
    source.write_bytes(data)
    transfer.put(str(source), str(target))
    assert channel.sent == 3  # 4 pieces: the last one waits
    rc, stdout, stderr = executor.run("sha256sum %s | cut -c1-64" % posix.quote(str(target)))
    assert channel.sent == 4
    assert (rc, stdout.strip().decode(), stderr) == (0, hashlib.sha256(data).hexdigest(), b"")
    # -vvv names every command: a user can count the commands of each step
    assert channel.whats == ["writing piece %d of 4 of %s" % (number, target) for number in (1, 2, 3)] + \
        ["running the command and the last piece of %s" % target]


def test_a_pending_piece_is_flushed_on_its_own_and_empty_files_work(parts, tmp_path):
    channel, transfer, _executor = parts
    source, target = tmp_path / "empty", tmp_path / "dest"
    source.write_bytes(b"")
    transfer.put(str(source), str(target))
    assert channel.sent == 0
    transfer.flush()
    assert channel.sent == 1 and target.read_bytes() == b""


def test_a_piece_that_does_not_arrive_whole_fails_the_next_command_before_it_runs(parts, tmp_path):
    channel, transfer, executor = parts
    source, target = tmp_path / "src", tmp_path / "dest"
    source.write_bytes(b"x" * 1500)
    transfer.put(str(source), str(target))
    transfer.pending = (str(target), [(1024, b"y" * 476)], transfer.pending[2])  # not what was hashed
    with pytest.raises(AnsibleError, match="does not have the size and SHA-256"):
        executor.run("touch %s" % posix.quote(str(tmp_path / "ran")))
    assert not (tmp_path / "ran").exists()


def test_fetch_reads_pieces_and_checks_them(parts, tmp_path):
    channel, transfer, _executor = parts
    source, target = tmp_path / "remote.bin", tmp_path / "local.bin"
    data = bytes(range(256)) * 10
    source.write_bytes(data)
    transfer.fetch(str(source), str(target))
    assert target.read_bytes() == data
    assert channel.sent == 3  # 2560 bytes in pieces of 1024
    with pytest.raises(AnsibleError, match="does not exist on the guest"):
        transfer.fetch(str(tmp_path / "none"), str(target))


def test_exec_passes_stdin_and_keeps_the_rc(parts):
    _channel, _transfer, executor = parts
    assert executor.run("cat; exit 4", in_data=b"\x00data") == (4, b"\x00data", b"")
