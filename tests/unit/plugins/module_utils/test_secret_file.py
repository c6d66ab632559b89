# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""read_secret_file(): the secret from a file, refused with messages that name the path and never the content."""

from __future__ import annotations

import os

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils._errors import ScreenConnectConfigError
from ansible_collections.screenconnect.restapi.plugins.module_utils._secret_file import MAX_SIZE, read_secret_file

SECRET = "a-file-secret-5f0c2e9d7b"


def _file(tmp_path, data, name="secret"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def _refusal(path):
    with pytest.raises(ScreenConnectConfigError) as caught:
        read_secret_file(path)
    message = str(caught.value)
    assert message.startswith("secret_file ") or "of secret_file " in message, message
    return message


@pytest.mark.parametrize("data", [SECRET, SECRET + "\n", SECRET + "\r\n", "\ufeff" + SECRET + "\n"])
def test_one_line_break_and_a_byte_order_mark_are_not_part_of_the_secret(tmp_path, data):
    assert read_secret_file(_file(tmp_path, data)) == SECRET


def test_latin1_letters_are_kept(tmp_path):
    assert read_secret_file(_file(tmp_path, "caf\u00e9-" + SECRET + "\n")) == "caf\u00e9-" + SECRET


@pytest.mark.parametrize("data, problem", [
    (SECRET + "\n\n", "starts or ends with whitespace"),
    (" " + SECRET, "starts or ends with whitespace"),
    (SECRET + " \n", "starts or ends with whitespace"),
    (SECRET[:6] + "\t" + SECRET[6:], "control character"),
    (SECRET[:6] + "\x00" + SECRET[6:], "control character"),
    (SECRET + "\u20ac", "outside Latin-1"),
    ("", "is empty"),
    ("\n", "is empty"),
])
def test_content_is_checked_as_the_secret_option_is_without_showing_it(tmp_path, data, problem):
    path = _file(tmp_path, data)
    message = _refusal(path)
    assert problem in message and path in message
    assert SECRET not in message and SECRET[:8] not in message


def test_a_missing_file_is_named(tmp_path):
    path = str(tmp_path / "nowhere")
    message = _refusal(path)
    assert message == "secret_file %s does not exist" % path


def test_a_directory_is_refused(tmp_path):
    message = _refusal(str(tmp_path))
    assert "%s is a directory" % tmp_path in message


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    path = str(tmp_path / "fifo")
    os.mkfifo(path)
    assert "%s is not a regular file" % path in _refusal(path)


def test_a_path_through_a_file_cannot_be_read(tmp_path):
    path = os.path.join(_file(tmp_path, SECRET), "below")
    message = _refusal(path)
    assert "%s cannot be read (Not a directory)" % path in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_refused(tmp_path):
    path = _file(tmp_path, SECRET)
    os.chmod(path, 0)
    assert "cannot be read (Permission denied)" in _refusal(path)


def test_the_size_limit_is_64_kib(tmp_path):
    assert read_secret_file(_file(tmp_path, "k" * MAX_SIZE)) == "k" * MAX_SIZE
    message = _refusal(_file(tmp_path, "k" * (MAX_SIZE + 1), name="big"))
    assert "is larger than 65536 bytes (65537 bytes)" in message and "kkkk" not in message


def test_bytes_that_are_not_utf8_are_not_echoed(tmp_path):
    message = _refusal(_file(tmp_path, b"hidden-\xff\xfe-bytes"))
    assert message.endswith("is not UTF-8 text") and "hidden" not in message


@pytest.mark.parametrize("path", ["", "   ", None, ["a"]])
def test_an_empty_or_non_text_path_is_refused(path):
    with pytest.raises(ScreenConnectConfigError, match="^secret_file is empty"):
        read_secret_file(path)
