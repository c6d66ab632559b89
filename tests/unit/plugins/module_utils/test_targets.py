# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Target resolution against the emulator: session_ids looked up in batches, never reported missing by mistake."""

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _api
from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._targets import (
    IDS_PER_FILTER,
    check_many,
    resolve_many,
)
from ansible_collections.screenconnect.restapi.tests.unit.plugins.module_utils.test_client import make_client

MISSING = "25950dd7-0230-4a72-9409-0b8c489684a2"


@pytest.fixture(autouse=True)
def no_real_pauses(monkeypatch):
    monkeypatch.setattr(_api, "_sleep", lambda seconds: None)


def _ids(emulator, count, prefix):
    return [emulator.new_session(name="%s-%03d" % (prefix, i), session_type=2)["SessionID"] for i in range(count)]


def _resolve(emulator, ids, **client_options):
    api = ScreenConnectAPI(make_client(emulator, **client_options))
    return resolve_many(api, check_many(dict(session_ids=ids), max_targets=len(ids)), len(ids))


def test_session_ids_are_read_a_hundred_per_request_in_their_order(emulator):
    ids = _ids(emulator, 2 * IDS_PER_FILTER + 50, "batch")
    emulator.reset()
    sessions = _resolve(emulator, list(reversed(ids)))
    assert [session["SessionID"] for session in sessions] == list(reversed(ids))
    assert emulator.calls("GetSessionsByFilter")["received"] == 3
    assert emulator.calls("GetSessionBySessionID")["received"] == 0


def test_an_empty_answer_under_load_is_confirmed_id_by_id_before_anything_is_missing(emulator):
    ids = _ids(emulator, 5, "load")
    emulator.reset()
    emulator.fault(method="GetSessionsByFilter", kind="empty_list", count=1)
    sessions = _resolve(emulator, ids)
    assert [session["SessionID"] for session in sessions] == ids
    assert emulator.calls("GetSessionBySessionID")["received"] == 5


def test_an_unknown_id_is_named_and_nothing_else_is_asked_twice(emulator):
    ids = _ids(emulator, 3, "gone")
    emulator.reset()
    with pytest.raises(errors.ScreenConnectLookupError, match="no session %s; nothing was sent" % MISSING):
        _resolve(emulator, ids + [MISSING], retries=1)
    assert emulator.calls("GetSessionsByFilter")["received"] == 1
    assert emulator.calls("GetSessionBySessionID")["received"] == 2  # the unknown id, asked again once (retries)


def test_a_server_that_refuses_the_expression_falls_back_to_one_read_per_id(emulator):
    ids = _ids(emulator, 3, "refuse")
    emulator.reset()
    emulator.fault(method="GetSessionsByFilter", kind="html500", count=10)
    assert [session["SessionID"] for session in _resolve(emulator, ids, retries=0)] == ids
    assert emulator.calls("GetSessionBySessionID")["received"] == 3
