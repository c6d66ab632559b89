# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sessions lookup against a real emulator process."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.screenconnect.restapi.tests.unit.plugins.inventory import conftest as _loader  # noqa: F401


def _run(emulator, **kwargs):
    kwargs.setdefault("url", emulator.url)
    kwargs.setdefault("secret", emulator.secret)
    kwargs.setdefault("retries", 0)
    return lookup_loader.get("screenconnect.restapi.sessions").run([], variables={}, **kwargs)


def test_by_name_is_exact_and_enriched(emulator):
    emulator.config(name_match="prefix")
    made = emulator.new_session(name="LK-PC-01", custom_property_values=["Acme"], online=True)
    emulator.new_session(name="LK-PC-010", online=True)
    found = _run(emulator, name="LK-PC-01", custom_property_names={"Company": 1})
    assert [s["SessionID"] for s in found] == [made["SessionID"]]
    assert found[0]["custom_properties"]["Company"] == "Acme"
    assert found[0]["online"] is True and found[0]["session_type_name"] == "Access"


def test_by_filter_and_ids(emulator):
    a = emulator.new_session(name="LKF-a", custom_property_values=["LKF"], online=False)
    b = emulator.new_session(name="LKF-b", custom_property_values=["LKF"], online=True)
    found = _run(emulator, filter="CustomProperty1 = 'LKF'")
    assert [s["Name"] for s in found] == ["LKF-a", "LKF-b"]
    assert [s["Name"] for s in _run(emulator, filter="CustomProperty1 = 'LKF'", online=True)] == ["LKF-b"]
    by_id = _run(emulator, session_id=[b["SessionID"], a["SessionID"].upper(), b["SessionID"]])
    assert [s["SessionID"] for s in by_id] == [b["SessionID"], a["SessionID"]]


def test_bad_input_fails_before_any_request(emulator):
    with pytest.raises(AnsibleLookupError, match="exactly one of"):
        _run(emulator, name="x", filter="Name = 'x'")
    with pytest.raises(AnsibleLookupError, match="session_id must be a session GUID"):
        _run(emulator, session_id=["nope"])
    assert emulator.calls()["received"] == 0


def test_wrong_secret_names_status_not_secret(emulator):
    with pytest.raises(AnsibleLookupError) as exc:
        _run(emulator, name="x", secret="wrong-" + emulator.secret)
    assert "401" in str(exc.value)
    assert emulator.secret not in str(exc.value)


def test_jinja_in_names_stays_unsafe(emulator):
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar
    emulator.new_session(name="{{ lookup('pipe','id') }}", custom_property_values=["LKJ"])
    found = _run(emulator, filter="CustomProperty1 = 'LKJ'")
    assert found[0]["Name"] == "{{ lookup('pipe','id') }}"
    # Templating the value again must leave it as data: no lookup runs.
    templar = Templar(loader=DataLoader(), variables={"session": found[0]})
    template = "{{ session.Name }}"
    try:
        from ansible.template import trust_as_template  # ansible-core 2.19+: only trusted text is a template
        template = trust_as_template(template)
    except ImportError:
        pass
    assert templar.template(template) == "{{ lookup('pipe','id') }}"


def _secret_file(tmp_path, secret):
    path = tmp_path / "secret"
    path.write_text(secret + "\n")
    return str(path)


def test_the_secret_comes_from_secret_file(emulator, tmp_path, monkeypatch):
    made = emulator.new_session(name="LK-FILE-1", online=True)
    path = _secret_file(tmp_path, emulator.secret)
    assert [s["SessionID"] for s in _run(emulator, name="LK-FILE-1", secret=None, secret_file=path)] == \
        [made["SessionID"]]
    monkeypatch.setenv("SCREENCONNECT_SECRET_FILE", path)
    assert [s["SessionID"] for s in _run(emulator, name="LK-FILE-1", secret=None)] == [made["SessionID"]]


def test_secret_and_secret_file_together_fail_before_any_request(emulator, tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_SECRET_FILE", _secret_file(tmp_path, emulator.secret))
    with pytest.raises(AnsibleLookupError, match="secret and secret_file .* are both set"):
        _run(emulator, name="x")
    assert emulator.calls()["received"] == 0


@pytest.mark.parametrize("env, kwargs, expected", [
    ({"SCREENCONNECT_VALIDATE_CERTS": "maybe"}, {}, "validate_certs must be a boolean .*got 'maybe' from the "
                                                    "environment variable SCREENCONNECT_VALIDATE_CERTS"),
    ({}, {"validate_certs": "maybe"}, "validate_certs must be a boolean .*got 'maybe'$"),
    ({}, {"online": "sometimes"}, "online must be a boolean .*got 'sometimes'$"),
])
def test_non_boolean_text_is_refused_before_any_request(emulator, monkeypatch, env, kwargs, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(AnsibleLookupError, match=expected):
        _run(emulator, name="x", **kwargs)
    assert emulator.calls()["received"] == 0


def test_booleans_given_as_text_are_read_strictly(emulator, monkeypatch):
    emulator.new_session(name="LK-BOOL-on", online=True)
    emulator.new_session(name="LK-BOOL-off", online=False)
    monkeypatch.setenv("SCREENCONNECT_VALIDATE_CERTS", "no")
    found = _run(emulator, filter="Name LIKE 'LK-BOOL-*'", online="yes")
    assert [s["Name"] for s in found] == ["LK-BOOL-on"]


def test_a_list_for_a_boolean_is_refused_before_any_request(emulator):
    """ansible-core 2.16 refuses it itself when it converts the options (AnsibleError); either way it names it."""
    with pytest.raises(AnsibleError, match="online"):
        _run(emulator, name="x", online=[True])
    assert emulator.calls()["received"] == 0
