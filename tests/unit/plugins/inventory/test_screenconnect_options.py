# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Connection options of the inventory plugin from every source: secret_file, booleans as given, empty paths."""

from __future__ import annotations

import json

import pytest

from ansible.errors import AnsibleParserError

from ansible_collections.screenconnect.restapi.tests.unit.plugins.inventory.conftest import SECRET

OTHER_SECRET = "inv-unit-Rotated-9b7c1d2e"


def _secret_file(tmp_path, secret, name="secret"):
    path = tmp_path / name
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return str(path)


def _everything(run):
    """What a run leaves behind to look at: hosts with their variables, warnings and -vvv messages."""
    hostvars = dict((host, run.hostvars(host)) for host in run.hosts)
    return json.dumps([hostvars, run.warnings, run.verbose], default=str)


@pytest.mark.parametrize("source", ["file", "environment"])
def test_the_secret_comes_from_secret_file(runner, emulator, tmp_path, monkeypatch, source):
    path = _secret_file(tmp_path, emulator.secret)
    config = dict(url=emulator.url, retries=0)
    if source == "file":
        config["secret_file"] = path
    else:
        monkeypatch.setenv("SCREENCONNECT_SECRET_FILE", path)
    run = runner.run(config, real_http=True, connection=False)
    assert run.hosts and emulator.calls()["received"] == 1
    assert emulator.secret not in _everything(run)


def test_secret_and_secret_file_from_two_sources_are_refused(runner, emulator, tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_SECRET_FILE", _secret_file(tmp_path, emulator.secret))
    with pytest.raises(AnsibleParserError, match="secret and secret_file .* are both set"):
        runner.run(dict(url=emulator.url, secret=emulator.secret), real_http=True, connection=False)
    assert emulator.calls()["received"] == 0


def test_the_cache_key_follows_the_content_of_secret_file(runner, tmp_path):
    path = _secret_file(tmp_path, SECRET)
    config = dict(url="https://sc.example.com", secret_file=path, retries=0, cache=True,
                  cache_plugin="ansible.builtin.jsonfile", cache_connection=str(tmp_path / "cache"))
    first = runner.run(config, connection=False)
    assert len(first.http.requests) == 1
    assert runner.run(config, responses=[], connection=False).http.requests == []  # served from the cache
    _secret_file(tmp_path, OTHER_SECRET)  # rotated in place: same path, other secret
    rotated = runner.run(config, connection=False)
    assert len(rotated.http.requests) == 1
    assert rotated.http.requests[0]["headers"]["CTRLAuthHeader"] == OTHER_SECRET
    for entry in (tmp_path / "cache").iterdir():
        assert SECRET not in entry.name + entry.read_text() and OTHER_SECRET not in entry.name + entry.read_text()


@pytest.mark.parametrize("name, value", [("SCREENCONNECT_VALIDATE_CERTS", "maybe"),
                                         ("SCREENCONNECT_VALIDATE_CERTS", ""),
                                         ("SCREENCONNECT_VALIDATE_CERTS", "ture")])
def test_a_boolean_from_the_environment_must_be_a_boolean(runner, emulator, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(AnsibleParserError) as caught:
        runner.run(dict(url=emulator.url, secret=emulator.secret), real_http=True, connection=False)
    message = str(caught.value)
    assert "validate_certs must be a boolean" in message and "from the environment variable %s" % name in message
    assert emulator.calls()["received"] == 0


@pytest.mark.parametrize("value, expected", [("false", False), ("no", False), ("0", False), ("yes", True),
                                             ("True", True)])
def test_a_boolean_from_the_environment_is_read_as_given(runner, emulator, monkeypatch, value, expected):
    monkeypatch.setenv("SCREENCONNECT_VALIDATE_CERTS", value)
    run = runner.run(dict(url=emulator.url, secret=emulator.secret, retries=0), real_http=True, connection=False)
    assert run.hosts and run.plugin.get_option("validate_certs") is expected


def test_the_file_wins_over_the_environment_for_booleans(runner, emulator, monkeypatch):
    """The environment's V(maybe) is not the value in use when the file sets the option."""
    monkeypatch.setenv("SCREENCONNECT_VALIDATE_CERTS", "maybe")
    run = runner.run(dict(url=emulator.url, secret=emulator.secret, retries=0, validate_certs=True), real_http=True,
                     connection=False)
    assert run.hosts


def test_an_empty_path_from_the_environment_is_unset(runner, emulator, monkeypatch):
    """ansible-core turns an empty path into the current directory; an AWX credential without CA certificates
    injects an empty SCREENCONNECT_CA_PATH, and an empty SCREENCONNECT_SECRET_FILE must not hide the secret."""
    monkeypatch.setenv("SCREENCONNECT_CA_PATH", "")
    monkeypatch.setenv("SCREENCONNECT_SECRET_FILE", "")
    run = runner.run(dict(url=emulator.url, secret=emulator.secret, retries=0), real_http=True, connection=False)
    assert run.hosts
    assert run.plugin.get_option("ca_path") not in (None, "")  # what ansible-core made of it
    assert run.plugin._connection_options("ca_path") is None and run.plugin._connection_options("secret_file") is None
