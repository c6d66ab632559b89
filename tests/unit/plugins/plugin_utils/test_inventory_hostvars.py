# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import copy

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _model as model
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _inventory_hostvars as hv


@pytest.mark.parametrize("field, expected", [
    ("MachineName", "machine_name"),
    ("OperatingSystemName", "operating_system_name"),
    ("SystemMemoryTotalMegabytes", "system_memory_total_megabytes"),
    ("IsLocalAdminPresent", "is_local_admin_present"),
    ("TimeZoneOffsetHours", "time_zone_offset_hours"),
    ("HTTPProxyAddress", "http_proxy_address"),
    ("Attributes", "attributes"),
])
def test_snake_case(field, expected):
    assert hv.snake_case(field) == expected


@pytest.mark.parametrize("label, expected", [
    ("Company", "company"), ("Site", "site"), ("Asset Tag #", "asset_tag__"), ("Dept.", "dept_"),
    ("Zoë", "zo_"), ("2nd-Line", "2nd_line"),
])
def test_label_key(label, expected):
    assert hv.label_key(label) == expected


@pytest.mark.parametrize("value, expected", [
    (0, "X86"), (5, "Arm32"), (9, "X64"), (12, "Arm64"), (-1, "Unknown"), (77, "Unknown"), ("9", "X64"),
    ("X64", "X64"), (None, "Unknown"),
])
def test_processor_architecture(value, expected):
    assert hv.processor_architecture(value) == expected


@pytest.mark.parametrize("value", [
    "2026-07-19T06:41:52.6169911Z", "2024-03-05T20:40:22.651748Z", "2026-07-19T06:41:50.12Z", "2026-07-18T08:00:00Z",
    "2026-07-19T06:41:52.123456789Z", "0001-01-01T00:00:00", "0001-01-01T00:00:00Z", "2026-07-10T10:10:10.5+02:00",
    "2026-07-10 10:10:10", "", None, "not a date", "2026-12-31T23:59:59.9999999Z",
])
def test_iso_date_matches_model(value):
    assert hv.iso_date(value) == model.iso_datetime(value)


def test_custom_property_labels_positions():
    assert hv.custom_property_labels({"Company": 1, "Site": "2"}) == (("company", 0), ("site", 1))
    assert hv.custom_property_labels(None) == ()


@pytest.mark.parametrize("names", [{"Name": 1}, {"guest thing": 1}, {"X": True}, {"X": 1.5}, {"": 1}])
def test_custom_property_labels_rejected(names):
    with pytest.raises(hv.HostvarsError):
        hv.custom_property_labels(names)


def test_build_does_not_touch_the_session_and_skips_odd_field_names():
    session = {"SessionID": "x", "SessionType": "2", "Name": None, "IsPublic": 1, "CustomPropertyValues": ["a"],
               "GuestInfo": {"{{ evil }}": "v", "MachineName": "M", "Tags": ["t{", "u"], "LastBootTime": ""}}
    before = copy.deepcopy(session)
    result = hv.HostvarsBuilder("p_").build(session)
    assert session == before
    assert result["p_name"] == "" and result["p_is_public"] is True and result["p_session_type"] == "Access"
    assert result["p_custom_properties"] == ["a", "", "", "", "", "", "", ""]
    assert result["p_guest_machine_name"] == "M" and result["p_guest_tags"] == ["t{", "u"]
    assert result["p_guest_last_boot_time"] is None
    assert not [key for key in result if "evil" in key]
    assert set(hv.SCHEMA_KEYS) <= set(key[2:] for key in result)
