# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import subprocess

import pytest

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_framing as framing

NONCE = "0123456789abcdef"


def _sh(script):
    """What /bin/sh prints for a script, stdout and stderr merged as the agent merges them."""
    return subprocess.run(["/bin/sh", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          check=False).stdout.decode("utf-8")


def test_values_round_trip_binary_and_frame_lookalikes():
    payload = bytes(range(256)) + b"\n\n" + framing.end_line(NONCE).encode() + b"\r\n"
    data = "\n".join([framing.begin_line(NONCE), "noise", framing.value_line(NONCE, "stdout", payload),
                      framing.value_line(NONCE, "rc", "3"), framing.end_line(NONCE), ""])
    frame = framing.parse(data, NONCE)
    assert frame.complete
    assert frame.values["stdout"] == payload
    assert frame.number("rc") == 3
    assert framing.is_ours(data, NONCE)
    assert not framing.is_ours(data, "fedcba9876543210")


def test_other_nonces_and_values_after_end_are_ignored():
    data = "\n".join([framing.begin_line("ffff"), framing.value_line("ffff", "rc", "9"),
                      framing.begin_line(NONCE), framing.end_line(NONCE), framing.value_line(NONCE, "rc", "1")])
    frame = framing.parse(data, NONCE)
    assert frame.complete
    assert frame.values == {}
    assert frame.number("rc") is None


@pytest.mark.parametrize("notice, killed, truncated", [
    ("Killed after 10000 milliseconds.", 10000, None),
    ("Truncated output at 5000 characters.", None, 5000),
    ("Truncated output at 5000 characters.\nKilled after 10000 milliseconds.", 10000, 5000),
])
def test_agent_notices_make_a_frame_incomplete(notice, killed, truncated):
    data = "%s\n%s\n%s" % (framing.begin_line(NONCE), framing.value_line(NONCE, "stdout", "x"), notice)
    frame = framing.parse(data, NONCE)
    assert frame.begun and not frame.ended and not frame.complete
    assert (frame.killed_after, frame.truncated_at) == (killed, truncated)


def test_a_value_cut_by_the_agent_is_not_a_value():
    line = framing.value_line(NONCE, "stdout", b"abcdefgh" * 10)
    frame = framing.parse(framing.begin_line(NONCE) + "\n" + line[:-7] + "\nTruncated output at 90 characters.",
                          NONCE)
    assert "stdout" not in frame.values
    assert frame.truncated_at == 90


def test_a_real_shell_printing_the_frame_is_parsed():
    tag = framing.tag(NONCE)
    script = ("printf '%%s\\n' '%sbegin'; out=$(printf 'a\\nb' | base64 | tr -d '\\n'); echo 'stray' >&2;"
              "printf '%%s\\n' \"%sstdout:$out\" '%src:MA==' '%send'" % (tag, tag, tag, tag))
    frame = framing.parse(_sh(script).replace("\n", "\r\n"), NONCE)
    assert frame.complete
    assert frame.values["stdout"] == b"a\nb"
    assert frame.number("rc") == 0


def test_numbers_and_hex_digests_may_be_plain_and_nothing_else_is():
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    data = "\n".join([framing.begin_line(NONCE), framing.tag(NONCE) + "rc=-2", framing.tag(NONCE) + "sha256=" + digest,
                      framing.tag(NONCE) + "path=/etc/passwd", framing.tag(NONCE) + "size=12 bytes",
                      framing.end_line(NONCE)])
    frame = framing.parse(data, NONCE)
    assert frame.complete
    assert frame.number("rc") == -2 and frame.text("sha256") == digest
    assert set(frame.values) == {"rc", "sha256"}
