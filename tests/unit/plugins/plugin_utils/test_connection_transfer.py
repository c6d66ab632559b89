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
    assert channel.sent == 2  # 4 pieces: the last two wait, and the command carries what fits beside its own data
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
    path, offset, data, pieces, expect = transfer.pending
    transfer.pending = (path, offset, data[:-1] + b"y", pieces, expect)  # not what was hashed
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


def _ansible_chmod(*paths):
    """The command Ansible's copy action sends after an upload (ActionBase._fixup_perms2, then
    _low_level_execute_command), built by the installed ansible-core's own sh shell plugin."""
    import shlex

    from ansible.plugins.shell.sh import ShellModule

    shell = ShellModule()
    return "/bin/sh -c " + shlex.quote(shell.append_command(shell.chmod(list(paths), "u+x"), "sleep 0"))


def _put(transfer, tmp_path, data):
    """Put ``data`` from a local file to dest.bin; returns that path (the put's last pieces stay pending)."""
    source, target = tmp_path / "src.bin", tmp_path / "dest.bin"
    source.write_bytes(data)
    transfer.put(str(source), str(target))
    return target


def test_a_chmod_after_the_upload_carries_a_piece_and_the_next_command_the_rest(parts, tmp_path):
    channel, transfer, executor = parts
    data = os.urandom(2 * 1024 + 512)
    target = _put(transfer, tmp_path, data)
    assert channel.sent == 1
    assert executor.run(_ansible_chmod(str(tmp_path) + "/", str(target)))[0] == 0
    assert os.stat(str(target)).st_mode & 0o100  # the chmod ran, on the file as far as it was written
    rc, stdout, _stderr = executor.run("sha256sum %s | cut -c1-64" % posix.quote(str(target)))
    assert (rc, stdout.strip().decode()) == (0, hashlib.sha256(data).hexdigest())
    # 3 pieces in 3 commands: the chmod and the module after it carry one each (4 commands before)
    assert channel.sent == 3
    assert channel.whats == ["writing piece 1 of 3 of %s" % target,
                             "running the command and piece 2 of 3 of %s" % target,
                             "running the command and the last piece of %s" % target]


def test_a_put_left_pending_after_a_chmod_is_flushed_with_its_check(parts, tmp_path):
    channel, transfer, executor = parts
    data = os.urandom(1024 + 1)
    target = _put(transfer, tmp_path, data)
    executor.run(_ansible_chmod(str(target)))
    transfer.flush()
    assert target.read_bytes() == data and channel.sent == 2


@pytest.mark.parametrize("cmd", [
    "/bin/sh -c 'chmod u+x /tmp/a/ /tmp/a/source; cat /tmp/a/source && sleep 0'",
    "/bin/sh -c 'chmod u+x $(cat /tmp/list) && sleep 0'",
    "/bin/sh -c 'chmod u+x '\"'\"'/tmp/a b'\"'\"' && sleep 0'",
    "/bin/sh -c 'chmod u+x /tmp/a && sleep 0",
    "sudo -H -S -n -u root /bin/sh -c 'echo BECOME-SUCCESS-abc ; chmod u+x /tmp/a'",
    "/bin/sh -c 'sha256sum /tmp/a/source && sleep 0'",
])
def test_any_other_command_completes_the_put_before_it_runs(parts, tmp_path, cmd):
    _channel, transfer, executor = parts
    data = os.urandom(2 * 1024 + 512)
    target = _put(transfer, tmp_path, data)
    executor.run(cmd)
    assert transfer.pending is None and target.read_bytes() == data
