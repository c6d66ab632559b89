# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One constant time in an AnsiballZ payload's zip, so a new ansible-playbook run sends no chunk again.

PRIVATE to the collection: this file may change without notice.

ansible-core builds a Python module's zip once per run and stamps every entry with the time of the build (the DOS
time and date in each local file header and central directory record). Entries are a few KiB apart, so in the
base64 text every chunk of the chunk store changed from one run to the next: a ping sent in an earlier run cost 8
commands instead of 1. Setting those fields to one constant before the payload is cut makes the zip of an unchanged
module byte-identical between runs; only the small per-task arguments (the wrapper's ``date_time=``, the params)
still differ.

Only the timestamps change: entries are not re-compressed, so their data and CRC-32 stay byte-identical. This is
safe because nothing on the guest reads those times: zipimport compiles the ``.py`` sources the zip holds (it compares
a zip time only with a ``.pyc`` beside its source, and AnsiballZ sends no ``.pyc``), and the wrapper's own files
(sitecustomize, an exploded copy) take their times from the wrapper's ``date_time`` argument or the guest's clock.
A payload that is not an AnsiballZ wrapper, or whose literal is not a plain zip, is returned unchanged.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
import zipfile

# The zip literal of the wrapper: ``ZIPDATA = '...'`` (ansible-core 2.16 to 2.18) or ``zip_data='...',`` (2.19 on).
_LITERAL = re.compile(rb"""(?:\bZIPDATA = |\bzip_data=)(['"])([A-Za-z0-9+/]+={0,2})\1""")
DOS_TIME = 0  # 00:00:00
DOS_DATE = 0x21  # 1980-01-01, the earliest date a zip can hold

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory file header, without its variable fields
_LOCAL_SIZE = 30
_TIMES = struct.Struct("<2H")


def _records(data):
    """Offsets of each entry's (central directory header, local file header), or None if ``data`` is no plain zip."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - _END.size - 0xFFFF))
    if end < 0 or end + _END.size > len(data):
        return None
    _sig, disk, cd_disk, on_disk, entries, cd_size, cd_offset, _comment = _END.unpack_from(data, end)
    if disk or cd_disk or on_disk != entries or cd_offset + cd_size > end:
        return None  # multi-disk or zip64 (its markers are 0xFFFF...): not what ansible-core builds
    records, offset = [], cd_offset
    for _index in range(entries):
        if offset + _CENTRAL.size > end or data[offset:offset + 4] != b"PK\x01\x02":
            return None
        fields = _CENTRAL.unpack_from(data, offset)
        local = fields[16]
        if local + _LOCAL_SIZE > cd_offset or data[local:local + 4] != b"PK\x03\x04":
            return None
        records.append((offset, local))
        offset += _CENTRAL.size + fields[10] + fields[11] + fields[12]  # name, extra field, comment
    return records


def canonical_zip(data):
    """``data`` with every entry's DOS time and date set to DOS_TIME/DOS_DATE, or None if it is no valid zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            count = len(archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
        return None
    records = _records(data)
    if records is None or len(records) != count:
        return None
    result = bytearray(data)
    for central, local in records:
        _TIMES.pack_into(result, central + 12, DOS_TIME, DOS_DATE)
        _TIMES.pack_into(result, local + 10, DOS_TIME, DOS_DATE)
    return bytes(result)


def canonical_payload(payload):
    """The AnsiballZ ``payload`` (bytes) with its zip's timestamps made constant; anything else unchanged."""
    match = _LITERAL.search(payload)
    if not match:
        return payload
    text = match.group(2)
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return payload
    if base64.b64encode(data) != text:
        return payload  # not the one-line standard base64 ansible-core writes: leave it as it is
    fixed = canonical_zip(data)
    if fixed is None:
        return payload
    return payload[:match.start(2)] + base64.b64encode(fixed) + payload[match.end(2):]


def boundaries(payload):
    """Offsets where the chunk store must cut an AnsiballZ ``payload``: around its zip literal and before its main
    call. What changes from one task to the next (the module's arguments, the wrapper's time) sits between the main
    call and the literal, so it gets a small chunk of its own instead of changing a chunk of wrapper code and zip
    text around it (a copy task's changed bytes: 7.8 kB before, under 1 kB with these cuts). Empty for anything else.
    """
    match = _LITERAL.search(payload)
    if not match:
        return []
    main = payload.rfind(b"\nif __name__ ==", 0, match.start(2))
    return sorted(set(([main + 1] if main >= 0 else []) + [match.start(2), match.end(2)]))
