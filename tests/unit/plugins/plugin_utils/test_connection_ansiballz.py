# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AnsiballZ timestamps made constant, on payloads built by the installed ansible-core's own module_common."""

from __future__ import annotations

import base64
import datetime
import io
import re
import warnings
import zipfile

import pytest

from ansible.executor import module_common
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import init_plugin_loader, module_loader
from ansible.template import Templar

from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_ansiballz as ansiballz
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _connection_chunks as chunks

LATER = datetime.timedelta(days=3, hours=5, minutes=7, seconds=12)
_LITERAL = re.compile(rb"""(?:ZIPDATA = |zip_data=)'([A-Za-z0-9+/=]+)'""")
# The wrapper's own time (2.16: zinfo.date_time = (...), 2.19 on: date_time=datetime.datetime(...)), a small argument
_WRAPPER_TIME = re.compile(rb"date_time ?= ?[^\n]*\n")


def _build(monkeypatch, tmp_path, later, data="pong"):
    """A real ping payload from modify_module; ``later`` stamps its zip a few days later, as a next run would."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test run has set up the collection finder; the module paths it has not
        init_plugin_loader()
    monkeypatch.setattr(module_common.C, "DEFAULT_LOCAL_TMP", str(tmp_path / ("later" if later else "now")))
    if later:
        original = module_common._make_zinfo

        def shifted(filename, date_time, zf=None):
            if isinstance(date_time, tuple):  # ansible-core 2.16 to 2.18: time.gmtime()[:6]
                date_time = (datetime.datetime(*date_time) + LATER).timetuple()[:6]
            else:
                date_time = date_time + LATER
            return original(filename, date_time, zf=zf)

        monkeypatch.setattr(module_common, "_make_zinfo", shifted)
    built = module_common.modify_module(
        module_name="ping", module_path=module_loader.find_plugin("ansible.builtin.ping"), module_args={"data": data},
        templar=Templar(loader=DataLoader()), task_vars={"ansible_python_interpreter": "/usr/bin/python3"},
        module_compression="ZIP_DEFLATED")
    monkeypatch.undo()
    return getattr(built, "b_module_data", None) or built[0]


def _zip(payload):
    return base64.b64decode(_LITERAL.search(payload).group(1))


def _entries(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, info.CRC, info.compress_type, archive.read(info), info.date_time)
                for info in archive.infolist()]


@pytest.fixture
def payloads(monkeypatch, tmp_path):
    return _build(monkeypatch, tmp_path, False), _build(monkeypatch, tmp_path, True)


def test_two_builds_differ_only_in_zip_times_and_become_identical(payloads):
    first, second = payloads
    assert _zip(first) != _zip(second)  # the defect: the same module, its zip stamped at another time
    first, second = ansiballz.canonical_payload(first), ansiballz.canonical_payload(second)
    assert _zip(first) == _zip(second)
    assert _WRAPPER_TIME.sub(b"", first) == _WRAPPER_TIME.sub(b"", second)  # all but the wrapper's date_time=


def test_zip_keeps_every_entry_and_only_its_times_change(payloads):
    before = _zip(payloads[1])
    after = _zip(ansiballz.canonical_payload(payloads[1]))
    assert len(after) == len(before)
    old, new = _entries(before), _entries(after)
    assert [entry[:4] for entry in new] == [entry[:4] for entry in old]  # names, CRCs, compression, contents
    assert {entry[4] for entry in new} == {(1980, 1, 1, 0, 0, 0)}
    with zipfile.ZipFile(io.BytesIO(after)) as archive:
        assert archive.testzip() is None  # every CRC still matches its data
    changed = [index for index in range(len(before)) if before[index] != after[index]]
    assert changed and len(changed) <= 4 * 2 * len(old)  # only the 4 time bytes of two headers per entry


def test_payload_outside_the_zip_literal_is_unchanged(payloads):
    payload = payloads[0]
    literal = _LITERAL.search(payload)
    result = ansiballz.canonical_payload(payload)
    assert result[:literal.start(1)] == payload[:literal.start(1)]
    assert result[literal.end(1):] == payload[literal.end(1):]
    assert ansiballz.canonical_payload(result) == result


def test_cutting_two_builds_shares_every_chunk_but_the_arguments(monkeypatch, tmp_path):
    first = _build(monkeypatch, tmp_path, False, data="pong")
    second = _build(monkeypatch, tmp_path, True, data="another task")  # another run, another task's arguments
    assert len(set(chunks.cut(first, 16384)) ^ set(chunks.cut(second, 16384))) > 4  # the defect: most chunks new
    left = chunks.cut(ansiballz.canonical_payload(first), 16384)
    right = chunks.cut(ansiballz.canonical_payload(second), 16384)
    differing = set(left) ^ set(right)
    assert 1 <= len(set(right) - set(left)) <= 2
    assert all(b"pong" in piece or b"another task" in piece for piece in differing)


@pytest.mark.parametrize("payload", [
    b"#!/bin/sh\necho zip_data='not a zip'\n" * 2000,
    b"zip_data='" + b"QUJD" * 5000 + b"',\n",  # valid base64, not a zip
    b"zip_data='@@@not base64@@@'," + b"x" * 30000,
    b"ZIPDATA = 'QUJDRA'\n" + b"x" * 30000,  # bad padding
])
def test_what_is_not_ansiballz_comes_back_unchanged(payload):
    assert ansiballz.canonical_payload(payload) is payload


def test_truncated_or_damaged_zip_comes_back_unchanged(payloads):
    data = _zip(payloads[0])
    for broken in (data[:len(data) // 2], data[:-10], data.replace(b"PK\x01\x02", b"PK\x01\x03", 1)):
        payload = b"zip_data='" + base64.b64encode(broken) + b"',\n"
        assert ansiballz.canonical_payload(payload) is payload


def test_zip_made_with_zipfile_at_two_times_becomes_identical():
    def build(date_time):
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index in range(5):
                archive.writestr(zipfile.ZipInfo("pkg/mod%d.py" % index, date_time), b"x = %d\n" % index * 500)
        return output.getvalue()

    first, second = build((2024, 2, 29, 23, 59, 58)), build((2026, 12, 4, 21, 10, 0))
    assert first != second
    assert ansiballz.canonical_zip(first) == ansiballz.canonical_zip(second)
    assert ansiballz.canonical_zip(b"PK\x05\x06" + b"\0" * 18) == b"PK\x05\x06" + b"\0" * 18  # an empty zip


def test_the_arguments_of_a_task_change_one_small_chunk(monkeypatch, tmp_path):
    from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_chunks import _cut_payload

    first = ansiballz.canonical_payload(_build(monkeypatch, tmp_path, False, data="pong"))
    second = ansiballz.canonical_payload(_build(monkeypatch, tmp_path, True, data="another answer"))
    if b"zip_data=" not in first:
        pytest.skip("ansible-core before 2.19 writes the arguments after the zip literal, among wrapper code")
    known = set(_cut_payload(first, 16384))
    changed = [chunk for chunk in _cut_payload(second, 16384) if chunk not in known]
    assert b"".join(_cut_payload(second, 16384)) == second
    assert len(changed) == 1 and b"another answer" in changed[0] and len(changed[0]) < 1024
