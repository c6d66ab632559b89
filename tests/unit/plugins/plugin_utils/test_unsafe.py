# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

from ansible_collections.screenconnect.restapi.plugins.plugin_utils._unsafe import make_unsafe


def _untrusted(value):
    try:
        from ansible.template import is_trusted_as_template
    except ImportError:  # ansible-core < 2.19
        from ansible.utils.unsafe_proxy import AnsibleUnsafe
        return isinstance(value, AnsibleUnsafe)
    return not is_trusted_as_template(value)


def _trusted(text):
    try:
        from ansible.template import trust_as_template
    except ImportError:  # ansible-core < 2.19: plain strings are templates
        return text
    return trust_as_template(text)


def test_make_unsafe_wraps_strings_with_braces_in_containers():
    data = make_unsafe({"a": "fo{o", "b": ['EVALU{{ "" }}ATED', 1, None, True], "c": ("x}", ), "d": {"{k}"}})
    assert data["a"] == "fo{o" and _untrusted(data["a"])
    assert data["b"] == ['EVALU{{ "" }}ATED', 1, None, True] and _untrusted(data["b"][0])
    assert _untrusted(data["c"][0]) and isinstance(data["c"], tuple)
    assert all(_untrusted(item) for item in data["d"])


def test_make_unsafe_strips_trust():
    value = make_unsafe(_trusted("{{ lookup('pipe', 'id') }}"))
    assert value == "{{ lookup('pipe', 'id') }}" and _untrusted(value)


def test_plain_values_unchanged():
    for value in ("plain", 1, 2.5, False, None, b"bytes"):
        assert make_unsafe(value) == value
