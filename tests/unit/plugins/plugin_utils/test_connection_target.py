# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which session a host is, against the emulator (whose name lookup may match by prefix)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleConnectionFailure

from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import ScreenConnectClient
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._connection_target import resolve_session_id


def _api(emulator):
    return ScreenConnectAPI(ScreenConnectClient(emulator.url, emulator.secret, retries=0, timeout=10))


def test_a_session_id_is_validated_and_used_without_a_lookup(emulator):
    assert resolve_session_id(_api(emulator), "25950DD7-0230-4A72-9409-0B8C489684A2", "x") == \
        "25950dd7-0230-4a72-9409-0b8c489684a2"
    assert emulator.calls()["received"] == 0
    with pytest.raises(AnsibleConnectionFailure, match="session_id must be a session GUID"):
        resolve_session_id(_api(emulator), "web-01", "x")


def test_the_host_name_is_looked_up_exactly(emulator):
    emulator.config(name_match="prefix")
    wanted = emulator.new_session(name="target-host-7", session_type=2, os="linux", online=True)["SessionID"]
    emulator.new_session(name="target-host-70", session_type=2, os="linux", online=True)
    assert resolve_session_id(_api(emulator), None, "target-host-7") == wanted.lower()


def test_no_or_several_sessions_with_the_name_fail_clearly(emulator):
    with pytest.raises(AnsibleConnectionFailure, match="no ScreenConnect session is named exactly 'nobody-here'"):
        resolve_session_id(_api(emulator), None, "nobody-here")
    for _dummy in range(2):
        emulator.new_session(name="twin-host", session_type=2, os="linux", online=True)
    with pytest.raises(AnsibleConnectionFailure, match="2 ScreenConnect sessions are named 'twin-host'"):
        resolve_session_id(_api(emulator), "", "twin-host")
