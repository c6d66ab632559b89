# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``match`` keys: a filter property or a label from ``custom_property_names``; anything else is refused up front."""

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _session_state as state
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session_info as sc_info
from ansible_collections.screenconnect.restapi.tests.unit.plugins.modules.test_trust_against_emulator import run_main

LABELS = {"Company": 1, "Site": 2}


def test_labels_and_properties_are_translated():
    expression = state.build_match_filter({"Company": "Acme", "guestmachinename": "PC", "CustomProperty3": "x"},
                                          "", None, LABELS)
    assert expression == "(CustomProperty1 = 'Acme') AND (CustomProperty3 = 'x') AND (GuestMachineName = 'PC')"


@pytest.mark.parametrize("match, names, listed", [
    ({"Company": "Acme"}, {}, "none (set custom_property_names"),
    ({"Customer": "Acme"}, LABELS, "Company, Site"),
    ({"company": "Acme"}, LABELS, "Company, Site"),  # labels are exact; a near miss is not guessed
    ({"CustomProperty9": "x"}, {}, "none"),
    ({"GuestMachine": "PC"}, LABELS, "Company, Site"),
])
def test_unknown_keys_are_refused_naming_match(match, names, listed):
    with pytest.raises(errors.ScreenConnectInputError) as info:
        state.build_match_filter(match, "", None, names)
    message = str(info.value)
    assert message.startswith("match: unknown key %r" % list(match)[0])
    assert listed in message


def test_a_label_and_its_position_together_are_refused():
    with pytest.raises(errors.ScreenConnectInputError, match="match: .*same property"):
        state.build_match_filter({"Company": "a", "CustomProperty1": "b"}, "", None, LABELS)


@pytest.mark.parametrize("args", [
    dict(match={"Company": "Acme"}),
    dict(match={"Company": "Acme"}, custom_property_names={"Site": 2}),
    dict(match={"Sitee": "HQ"}, custom_property_names={"Site": 2}, session_type="Access"),
])
def test_unknown_label_fails_before_any_request(emulator, capsys, args):
    result = run_main(sc_info, emulator, capsys, **args)
    assert result["failed"] is True and "exception" not in result
    assert result["msg"].startswith("match: unknown key")
    assert emulator.calls()["received"] == 0


def test_declared_label_is_sent_as_its_position(emulator, capsys):
    result = run_main(sc_info, emulator, capsys, match={"Company": "no-such-company-h4"},
                      custom_property_names={"Company": 1})
    assert result.get("failed") is not True, result
    assert result["sessions"] == []
    assert emulator.calls("GetSessionsByFilter")["received"] == 1
