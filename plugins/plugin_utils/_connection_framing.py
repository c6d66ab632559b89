# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The frame a connection-plugin script prints, so that one merged output channel carries several values.

PRIVATE to the collection: this file may change without notice.

The agent merges stdout and stderr and reports no exit code (screenconnect-api.md section 5), and it appends
"Truncated output at N characters." or "Killed after N milliseconds." to what it read. Every script the connection
plugin sends (POSIX sh or PowerShell) therefore prints its values as lines of this shape, and nothing else matters:

    __SCRX_<nonce>__:begin                 first line, before the user's command runs
    __SCRX_<nonce>__:<field>:<base64>      one line per value (stdout, stderr, error, ...)
    __SCRX_<nonce>__:<field>=<plain>       a number or a hex digest (rc, size, sha256), which a shell prints as
                                           it is rather than spend a base64 process on it
    __SCRX_<nonce>__:end                   last line, after every value

``begin`` identifies the RanCommand event even when the command was killed or cut before any value was printed;
``end`` proves that nothing was lost. Values are base64 so that binary data, blank lines and text that looks like a
frame line pass unchanged.
"""

from __future__ import annotations

import base64
import binascii
import re

_PREFIX = "__SCRX_"
_KILLED = re.compile(r"(?:^|\n)Killed after (\d+) milliseconds\.[ \t]*\n*\Z")
_TRUNCATED = re.compile(r"(?:^|\n)Truncated output at (\d+) characters\.[ \t]*\n*\Z")
_PLAIN = re.compile(r"^\w+=-?[0-9a-f]+$", re.ASCII)


def tag(nonce):
    """The start of every frame line of this nonce."""
    return "%s%s__:" % (_PREFIX, nonce)


def begin_line(nonce):
    return tag(nonce) + "begin"


def end_line(nonce):
    return tag(nonce) + "end"


def value_line(nonce, field, data):
    """One value line, as a script would print it (used by tests and by scripts that print constants)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return "%s%s:%s" % (tag(nonce), field, base64.b64encode(data).decode("ascii"))


def is_ours(data, nonce):
    """Whether a RanCommand event's text belongs to the command of this nonce (its begin line is in it)."""
    return begin_line(nonce) in str(data or "")


class Frame(object):
    """What a script printed: ``values`` (field -> bytes), ``begun``, ``ended``, and the agent's own notices."""

    def __init__(self, values, begun, ended, killed_after=None, truncated_at=None):
        self.values = values
        self.begun = begun
        self.ended = ended
        self.killed_after = killed_after
        self.truncated_at = truncated_at

    @property
    def complete(self):
        return self.begun and self.ended and self.killed_after is None and self.truncated_at is None

    def text(self, field, default=""):
        value = self.values.get(field)
        return default if value is None else value.decode("utf-8", "replace")

    def number(self, field):
        """An integer value (such as ``rc``), or None when it is missing or not a number."""
        text = self.text(field).strip()
        return int(text) if re.match(r"^-?\d+$", text) else None


def parse(data, nonce):
    """The :class:`Frame` in a RanCommand's Data. Lines that are not frame lines of this nonce are ignored."""
    text = "" if data is None else str(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    killed_after = truncated_at = None
    for _dummy in range(2):  # the agent appends both notices when both apply, in either order
        match = _KILLED.search(text)
        if match:
            killed_after = int(match.group(1))
            text = text[:match.start()]
            continue
        match = _TRUNCATED.search(text)
        if match:
            truncated_at = int(match.group(1))
            text = text[:match.start()]
    prefix = tag(nonce)
    values = {}
    begun = ended = False
    for line in text.split("\n"):
        line = line.strip()
        if not line.startswith(prefix):
            continue
        rest = line[len(prefix):]
        if rest == "begin":
            begun = True
        elif rest == "end":
            ended = True
        elif ended:
            continue
        elif _PLAIN.match(rest):
            field, plain = rest.split("=", 1)
            values[field] = plain.encode("ascii")
        elif ":" in rest:
            field, encoded = rest.split(":", 1)
            try:
                values[field] = base64.b64decode(encoded.encode("ascii"), validate=True)
            except (binascii.Error, ValueError, UnicodeEncodeError):
                continue  # a value cut by the agent's output limit: not a value
    return Frame(values, begun, ended, killed_after, truncated_at)
