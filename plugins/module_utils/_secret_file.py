# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading the secret from the file that the ``secret_file`` option names.

PRIVATE to the collection: this file may change without notice.

Every message names ``secret_file`` and the path, never a byte of the content: a file that holds the wrong thing may
still hold a secret (another system's, or this one with a stray character).
"""

from __future__ import annotations

import os
import stat

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import check_secret

MAX_SIZE = 64 * 1024
# Opening a FIFO for reading waits for a writer; non-blocking, the open returns and fstat() refuses it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _refuse(path, problem):
    return errors.ScreenConnectConfigError("secret_file %s %s" % (path, problem))


def _unreadable(path, exc):
    # the reason alone (strerror): the message is built here, not taken from the exception
    return _refuse(path, "cannot be read (%s)" % (exc.strerror or type(exc).__name__))


def _check_kind(path, info):
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "is a directory; give the path of the file that holds the secret")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "is not a regular file")
    if info.st_size > MAX_SIZE:
        raise _refuse(path, "is larger than %d bytes (%d bytes): it must hold only the secret" % (MAX_SIZE, info.st_size))


def _read_bytes(path):
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise _refuse(path, "does not exist")
    except OSError as exc:
        raise _unreadable(path, exc)
    try:
        # fstat on the open file, not stat on the path: what is checked is what is read
        _check_kind(path, os.fstat(handle))
        stream = os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise
    with stream:
        try:
            data = stream.read(MAX_SIZE + 1)
        except OSError as exc:
            raise _unreadable(path, exc)
    if len(data) > MAX_SIZE:  # it grew after fstat
        raise _refuse(path, "is larger than %d bytes: it must hold only the secret" % MAX_SIZE)
    return data


def read_secret_file(path):
    """The secret held in the file at ``path``, checked as the ``secret`` option is.

    One trailing line break (``\\n`` or ``\\r\\n``), which editors and ``echo`` add, and a UTF-8 byte order mark, which
    Windows editors add, are not part of the secret. Anything else around it (a second line break, spaces) is refused,
    as it is in ``secret``: the server compares the secret exactly.
    """
    if not isinstance(path, str) or not path.strip():
        raise errors.ScreenConnectConfigError("secret_file is empty: give the path of a file that holds the secret")
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # the exception's text quotes the bytes around the error: not shown
        raise _refuse(path, "is not UTF-8 text")
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            text = text[:-len(ending)]
            break
    check_secret(text, source="the content of secret_file %s" % path)
    return text
