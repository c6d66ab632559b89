# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _filters as filters


@pytest.mark.parametrize("value, literal", [
    ("Acme", "'Acme'"),
    ("O'Brien", "'O''Brien'"),
    ("'; DROP", "'''; DROP'"),
    ("", "''"),
    (True, "1"),
    (False, "0"),
    (2, "2"),
    ("Ünïcode ✓", "'Ünïcode ✓'"),
])
def test_quote_doubles_single_quotes(value, literal):
    assert filters.quote(value) == literal


def test_condition_with_list_uses_in():
    assert filters.condition("Host", ["Bill", "O'Neil"]) == "Host IN ('Bill', 'O''Neil')"


@pytest.mark.parametrize("name", ["Name = 'x' OR 1", "Custom Property1", "1Name", "", "Name'"])
def test_property_names_must_be_identifiers(name):
    with pytest.raises(filters.FilterBuildError):
        filters.condition(name, "x")


def test_build_filter_parenthesises_every_part():
    expression = filters.build_filter({"CustomProperty1": "Acme", "GuestMachineName": "PC-01"},
                                      raw="LastConnectedEventTime > $7DAYSAGO", session_type="Access")
    assert expression == ("(LastConnectedEventTime > $7DAYSAGO) AND (CustomProperty1 = 'Acme') AND "
                          "(GuestMachineName = 'PC-01') AND (SessionType = 'Access')")


def test_build_filter_single_part_is_not_wrapped():
    assert filters.build_filter({"Name": "x"}) == "Name = 'x'"
    assert filters.build_filter({}) == ""


def test_empty_in_list_is_refused():
    with pytest.raises(filters.FilterBuildError):
        filters.condition("Name", [])


def test_like_adds_wildcards_and_refuses_wildcard_values():
    assert filters.like("Name", "PC-0", prefix=True) == "Name LIKE 'PC-0*'"
    assert filters.like("Name", "O'B", prefix=True, suffix=True) == "Name LIKE '*O''B*'"
    with pytest.raises(filters.FilterBuildError):
        filters.like("Name", "PC*", prefix=True)


def test_combine_rejects_unknown_operators():
    with pytest.raises(filters.FilterBuildError):
        filters.combine(["a", "b"], operator="XOR")
    assert filters.combine(["a", "b"], operator="OR") == "(a) OR (b)"
