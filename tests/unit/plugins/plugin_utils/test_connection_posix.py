# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The POSIX scripts, run by /bin/sh as the agent runs them (stdout and stderr merged) and read back as frames."""

from __future__ import annotations

import glob
import hashlib
import os
import subprocess

import pytest

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_posix as posix

NONCE = "0123456789abcdef"


def _run(script, tmp_path, path_dirs=None):
    path = tmp_path / "script.sh"
    path.write_text(script)
    env = dict(os.environ, TMPDIR=str(tmp_path))
    if path_dirs is not None:
        env["PATH"] = os.pathsep.join(path_dirs)
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


_LOGGED = """#!/bin/sh
printf '%%s\\n' %(name)s >> %(log)s
exec %(real)s "$@"
"""
# An older macOS: base64 knows -D but neither -d nor -w (it fails on them before reading its input), and there is
# shasum but no sha256sum.
_OLD_MACOS_BASE64 = """#!/bin/sh
for arg in "$@"; do case $arg in -d|-w) echo "base64: illegal option" >&2; exit 64 ;; esac; done
if [ "${1:-}" = -D ]; then exec %(real)s -d; fi
exec %(real)s "$@"
"""
_SHASUM = """#!/bin/sh
[ "$1" = -a ] && [ "$2" = 256 ] || exit 2
shift 2
exec %(real)s "$@"
"""


def _tools(tmp_path, platform):
    """A PATH of one directory: every program of this machine's PATH, each logging its name when it runs, and on
    ``old-macos`` that platform's base64 and shasum in place of GNU's."""
    bin_dir, log = tmp_path / "bin", tmp_path / "ran.log"
    bin_dir.mkdir()
    for directory in reversed(os.environ["PATH"].split(os.pathsep)):
        for name in (os.listdir(directory) if os.path.isdir(directory) else ()):
            real = os.path.join(directory, name)
            if name.isidentifier() or name in ("sha256sum", "base64"):
                script = _LOGGED % dict(name=name, log=posix.quote(str(log)), real=posix.quote(real))
                if platform == "old-macos" and name == "base64":
                    script = _OLD_MACOS_BASE64 % dict(real=posix.quote(real))
                if platform == "old-macos" and name == "sha256sum":
                    (bin_dir / "shasum").write_text(_SHASUM % dict(real=posix.quote(real)))
                    (bin_dir / "shasum").chmod(0o755)
                    continue
                (bin_dir / name).write_text(script)
                (bin_dir / name).chmod(0o755)
    return [str(bin_dir)], log


@pytest.mark.parametrize("platform", ["gnu", "old-macos"])
def test_the_scripts_work_with_the_base64_and_hash_tools_of_each_platform(tmp_path, platform):
    path_dirs, _log = _tools(tmp_path, platform)
    target = str(tmp_path / "file.bin")
    data = os.urandom(5000)
    expect = (len(data), hashlib.sha256(data).hexdigest())
    written = _run(posix.write_script(target, [(0, data[:3000]), (3000, data[3000:])], NONCE, expect), tmp_path,
                   path_dirs)
    assert written.number("rc") == 0, written.values
    stat = _run(posix.stat_script(target, NONCE), tmp_path, path_dirs)
    assert (stat.number("size"), stat.text("sha256")) == expect
    assert _run(posix.read_script(target, 0, 6000, NONCE), tmp_path, path_dirs).values["data"] == data
    ran = _run(posix.exec_script("cat; echo oops >&2; exit 4", NONCE, stdin=data * 20), tmp_path, path_dirs)
    assert (ran.values["stdout"], ran.values["stderr"], ran.number("rc")) == (data * 20, b"oops\n", 4)


def test_a_command_costs_the_guest_three_programs_besides_its_own(tmp_path):
    """Each command is a script the agent runs: mktemp, one base64 for the output and rm, nothing per value."""
    path_dirs, log = _tools(tmp_path, "gnu")
    frame = _run(posix.exec_script("printf 5", NONCE), tmp_path, path_dirs)
    assert (frame.values["stdout"], frame.values["stderr"], frame.number("rc")) == (b"5", b"", 0)
    assert sorted(log.read_text().split()) == ["base64", "mktemp", "rm"]
