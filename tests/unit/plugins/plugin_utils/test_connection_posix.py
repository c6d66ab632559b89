# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The POSIX scripts, run by /bin/sh as the agent runs them (stdout and stderr merged) and read back as frames."""

from __future__ import annotations

import glob
import hashlib
import os
import subprocess

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_posix as posix

NONCE = "0123456789abcdef"


def _run(script, tmp_path):
    path = tmp_path / "script.sh"
    path.write_text(script)
    env = dict(os.environ, TMPDIR=str(tmp_path))
    output = subprocess.run(["/bin/sh", str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                            check=False).stdout.decode("utf-8")
    frame = framing.parse(output, NONCE)
    assert frame.complete, output
    return frame


def test_exec_separates_stdout_stderr_and_rc_and_passes_binary_stdin(tmp_path):
    stdin = bytes(range(256)) + b"\n" + framing.end_line(NONCE).encode()
    frame = _run(posix.exec_script("cat; echo oops >&2; exit 3", NONCE, stdin=stdin), tmp_path)
    assert frame.values["stdout"] == stdin
    assert frame.values["stderr"] == b"oops\n"
    assert frame.number("rc") == 3
    assert not glob.glob(str(tmp_path / "scrx.*")), "the private directory is removed"


def test_exec_without_stdin_reads_nothing_and_quotes_the_command(tmp_path):
    frame = _run(posix.exec_script("printf '%s|' \"$(cat)\" 'it'\"'\"'s'", NONCE), tmp_path)
    assert frame.values["stdout"] == b"|it's|"
    assert frame.number("rc") == 0


def test_write_stat_and_read_pieces(tmp_path):
    target = str(tmp_path / "file.bin")
    data = os.urandom(3000)
    pieces = [(0, data[:1000]), (1000, data[1000:2000]), (2000, data[2000:])]
    expect = (len(data), hashlib.sha256(data).hexdigest())
    assert _run(posix.write_script(target, pieces, NONCE, expect), tmp_path).number("rc") == 0
    with open(target, "rb") as handle:
        assert handle.read() == data
    stat = _run(posix.stat_script(target, NONCE), tmp_path)
    assert (stat.number("size"), stat.text("sha256")) == expect
    first = _run(posix.read_script(target, 0, 1024, NONCE), tmp_path)
    rest = _run(posix.read_script(target, 1024, 4096, NONCE), tmp_path)
    assert first.values["data"] + rest.values["data"] == data
    assert first.number("size") == len(data) and "size" not in rest.values
    assert "missing" in _run(posix.stat_script(target + ".none", NONCE), tmp_path).values


def test_a_piece_at_an_offset_writes_in_place(tmp_path):
    target = tmp_path / "file.bin"
    target.write_bytes(b"abcdefgh")
    _run(posix.write_script(str(target), [(2, b"\x00\xff")], NONCE), tmp_path)
    assert target.read_bytes() == b"ab\x00\xffefgh"


def test_a_wrong_deferred_write_stops_the_command_before_it_runs(tmp_path):
    target = str(tmp_path / "file.bin")
    marker = tmp_path / "ran"
    step = posix.write_step(target, [(0, b"abc")], NONCE, expect=(3, "0" * 64))
    frame = _run(posix.exec_script("touch %s" % posix.quote(str(marker)), NONCE, before=[step]), tmp_path)
    assert "does not have the size and SHA-256" in frame.text("error")
    assert "rc" not in frame.values
    assert not marker.exists()
