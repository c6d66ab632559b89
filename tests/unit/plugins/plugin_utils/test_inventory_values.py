# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""SharedValues: equal values of different hosts are stored as one object, and nothing else changes."""

from __future__ import annotations

import pytest

from ansible.inventory.data import InventoryData

from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_values import SharedValues
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._unsafe import wrap_var
from ansible_collections.screenconnect.restapi.tests.unit.plugins.plugin_utils.test_unsafe import _untrusted


def _inventory(*hosts):
    inventory = InventoryData()
    for host in hosts:
        inventory.add_host(host)
    return inventory


def _vars(inventory, host):
    return inventory.get_host(host).vars


def _text(value):
    """An equal text that is a different object (as json.loads gives for every occurrence)."""
    return "".join(list(value))


def test_equal_texts_and_numbers_share_one_object():
    inventory = _inventory("a", "b", "c")
    values = SharedValues(inventory)
    for host in ("a", "b", "c"):
        values.set(host, "os", _text("Microsoft Windows 11 Pro"))
        values.set(host, "empty", _text(""))
        values.set(host, "cores", int("16"))
        values.set(host, "big", int("12345678901234567890"))
    a, b, c = (_vars(inventory, host) for host in ("a", "b", "c"))
    keys = ("os", "empty", "cores", "big")
    for key in keys:
        assert a[key] is b[key] is c[key]
    assert dict((key, a[key]) for key in keys) == {"os": "Microsoft Windows 11 Pro", "empty": "", "cores": 16, "big": 12345678901234567890}


def test_different_values_and_types_stay_apart():
    inventory = _inventory("a", "b", "c", "d")
    values = SharedValues(inventory)
    values.set("a", "v", 1)
    values.set("b", "v", True)  # 1 == True, but the output differs (1 / true)
    values.set("c", "v", 0.0)
    values.set("d", "v", -0.0)  # 0.0 == -0.0, but the output differs
    assert _vars(inventory, "a")["v"] == 1 and not isinstance(_vars(inventory, "a")["v"], bool)
    assert _vars(inventory, "b")["v"] is True
    assert str(_vars(inventory, "c")["v"]) == "0.0" and str(_vars(inventory, "d")["v"]) == "-0.0"


def test_unsafe_text_stays_unsafe():
    """Text marked unsafe (an own type before ansible-core 2.19) is never replaced by an equal plain text."""
    inventory = _inventory("a", "b", "c")
    values = SharedValues(inventory)
    values.set("a", "name", _text("{{ 7 * 6 }}"))
    values.set("b", "name", wrap_var(_text("{{ 7 * 6 }}")))
    values.set("c", "name", wrap_var(_text("{{ 7 * 6 }}")))
    assert _untrusted(_vars(inventory, "b")["name"]) and _untrusted(_vars(inventory, "c")["name"])
    assert _vars(inventory, "b")["name"] == "{{ 7 * 6 }}"


@pytest.mark.parametrize("value", [None, False, True])
def test_singletons_are_set_as_they_are(value):
    inventory = _inventory("a", "b")
    values = SharedValues(inventory)
    values.set("a", "v", value)
    values.set("b", "v", value)
    assert _vars(inventory, "a")["v"] is value and _vars(inventory, "b")["v"] is value


def test_lists_are_per_host_with_shared_items():
    inventory = _inventory("a", "b")
    values = SharedValues(inventory)
    values.set("a", "company", _text("Acme"))
    values.set("a", "props", [_text("Acme"), _text("HQ"), _text("")])
    values.set("b", "props", [_text("Acme"), _text("HQ"), _text("")])
    a, b = _vars(inventory, "a"), _vars(inventory, "b")
    assert a["props"] == b["props"] == ["Acme", "HQ", ""]
    assert a["props"] is not b["props"]
    assert a["props"][0] is a["company"] is b["props"][0] and a["props"][1] is b["props"][1]
    a["props"].append("changed")  # one host's list is its own
    assert b["props"] == ["Acme", "HQ", ""]


def test_only_the_stored_object_is_shared():
    """What is shared is what the inventory stored for the first host (ansible-core 2.19+ stores a tagged copy)."""
    inventory = _inventory("a", "b")
    values = SharedValues(inventory)
    first = _text("en-US")
    values.set("a", "lang", first)
    values.set("b", "lang", _text("en-US"))
    stored = _vars(inventory, "a")["lang"]
    assert _vars(inventory, "b")["lang"] is stored
