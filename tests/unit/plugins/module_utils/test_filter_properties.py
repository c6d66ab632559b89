# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import os
import sys

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils._filter_properties import (
    FILTER_PROPERTIES,
    filter_property,
)

EMULATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "emulator")


def test_the_list_is_the_emulators():
    """Both come from the reference's list of filterable properties; a property added to one only fails here."""
    sys.path.insert(0, EMULATOR)
    try:
        from sc_emulator.filters import KNOWN_PROPERTIES
    finally:
        sys.path.remove(EMULATOR)
    assert set(FILTER_PROPERTIES) == set(KNOWN_PROPERTIES)
    assert len(FILTER_PROPERTIES) == len(set(FILTER_PROPERTIES))


@pytest.mark.parametrize("name, canonical", [("GuestMachineName", "GuestMachineName"),
                                             ("guestmachinename", "GuestMachineName"),
                                             ("CUSTOMPROPERTY8", "CustomProperty8"), ("sessionid", "SessionID")])
def test_known_names_in_any_case(name, canonical):
    assert filter_property(name) == canonical


@pytest.mark.parametrize("name", ["Company", "CustomProperty9", "CustomProperty0", "Guest Machine Name", "", "Name "])
def test_unknown_names(name):
    assert filter_property(name) is None
