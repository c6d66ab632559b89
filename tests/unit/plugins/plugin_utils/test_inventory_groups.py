# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_groups import DefaultGroups, os_family


@pytest.mark.parametrize("name, family", [
    ("Microsoft Windows 11 Pro", "windows"), ("Microsoft Windows Server 2022 Datacenter", "windows"),
    ("Ubuntu 22.04.4 LTS", "linux"), ("Debian GNU/Linux 12 (bookworm)", "linux"),
    ("Red Hat Enterprise Linux 9.3 (Plow)", "linux"), ("CentOS Stream 9", "linux"), ("macOS 14.4.1", "macos"),
    ("Mac OS X 10.15", "macos"), ("Android 14", "other"), ("", "other"), (None, "other"), ("Monarch", "other"),
])
def test_os_family(name, family):
    assert os_family(name) == family


def test_groups_of():
    groups = DefaultGroups("sc_")
    hostvars = {"sc_online": True, "sc_session_type": "Access", "sc_guest_operating_system_name": "macOS 14.4.1"}
    assert groups.groups_of(hostvars) == ("sc_online", "sc_type_access", "sc_os_macos")
    assert groups.groups_of({"sc_session_type": "Support"}) == ("sc_offline", "sc_type_support", "sc_os_other")
