# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_hostnames import (
    HostnameError,
    HostnamePicker,
    resolve_duplicates,
)


def facts(session_id, name="", online=False, last=None):
    return {"x_session_id": session_id, "x_name": name, "x_online": online, "x_last_connected_event_time": last}


def test_picker_bare_names_skip_empty_values():
    picker = HostnamePicker(["name", "missing", "session_id"], "x_", templar=None)
    assert picker.pick(facts("id-1", name="   ")) == "id-1"
    assert picker.pick(facts("id-1", name="pc")) == "pc"
    with pytest.raises(HostnameError, match="id-2"):
        HostnamePicker(["name"], "x_", templar=None).pick(facts("id-2"))
    with pytest.raises(HostnameError):
        HostnamePicker([], "x_", templar=None)


def test_duplicates_rank_online_then_latest_then_first():
    entries = [("a", facts("1", last="2026-01-01T00:00:00.000000Z")),
               ("a", facts("2", online=True, last="2025-01-01T00:00:00.000000Z")),
               ("a", facts("3", last="2027-01-01T00:00:00.000000Z")),
               ("b", facts("4")), ("b", facts("5")), ("c", facts("6"))]
    kept, skipped = resolve_duplicates(entries, "warn", "x_")
    assert [(name, item["x_session_id"]) for name, item in kept] == [("a", "2"), ("b", "4"), ("c", "6")]
    assert skipped == {"a": ["1", "3"], "b": ["5"]}
    kept, _skipped = resolve_duplicates(entries, "suffix", "x_")
    assert [name for name, _item in kept] == ["a_1", "a", "a_3", "b", "b_5", "c"]


def test_no_duplicates_returns_the_same_list():
    entries = [("a", facts("1")), ("b", facts("2"))]
    assert resolve_duplicates(entries, "warn", "x_") == (entries, {})
