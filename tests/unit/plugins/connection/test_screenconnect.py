# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection plugin as Ansible loads it: options from host vars, connect, refusals before any command."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleConnectionFailure, AnsibleError
from ansible.playbook.play_context import PlayContext
from ansible.plugins.loader import become_loader, connection_loader

from ansible_collections.screenconnect.restapi.tests.unit.plugins.inventory import conftest as _loader  # noqa: F401


def _connection(emulator, **host_vars):
    connection = connection_loader.get("screenconnect.restapi.screenconnect", PlayContext())
    variables = dict(inventory_hostname="conn-host", ansible_screenconnect_url=emulator.url,
                     ansible_screenconnect_secret=emulator.secret, ansible_screenconnect_retries=0)
    variables.update(host_vars)
    connection.set_options(var_options=variables)
    return connection


def _linux(emulator, online=True, name="conn-host"):
    return emulator.new_session(name=name, session_type=2, os="linux", online=online)["SessionID"]


def test_connects_to_the_session_from_the_inventory_host_var(emulator):
    session_id = _linux(emulator)
    connection = _connection(emulator, screenconnect_session_id=session_id)
    connection._connect()
    assert connection.connected
    assert connection._core.channel.session_id == session_id.lower()
    assert emulator.calls("GetSessionsByName")["received"] == 0
    connection.close()
    assert emulator.calls("SendCommandToSession")["received"] == 0


def test_without_a_session_id_the_host_name_is_looked_up(emulator):
    session_id = _linux(emulator, name="lookup-host-1")
    connection = _connection(emulator, inventory_hostname="lookup-host-1")
    connection._connect()
    assert connection._core.channel.session_id == session_id.lower()


def test_an_offline_guest_is_unreachable_at_connect(emulator):
    connection = _connection(emulator, screenconnect_session_id=_linux(emulator, online=False))
    with pytest.raises(AnsibleConnectionFailure, match="offline"):
        connection._connect()
    assert emulator.calls("SendCommandToSession")["received"] == 0


@pytest.mark.parametrize("name, value, message", [
    ("ansible_screenconnect_chunk_size", 70000, "chunk_size must be more than 0 and at most 65536"),
    ("ansible_screenconnect_command_timeout", 0, "command_timeout must be more than 0"),
    ("ansible_screenconnect_max_output", 1000, "max_output \\(1000\\) is too small for chunk_size"),
])
def test_bad_limits_are_refused_before_any_request(emulator, name, value, message):
    connection = _connection(emulator, screenconnect_session_id=_linux(emulator), **{name: value})
    before = emulator.calls()["received"]
    with pytest.raises(AnsibleError, match=message):
        connection._connect()
    assert emulator.calls()["received"] == before


def test_a_become_password_is_refused_and_never_sent(emulator):
    connection = _connection(emulator, screenconnect_session_id=_linux(emulator))
    become = become_loader.get("sudo")
    become.set_options(direct={"become_pass": "hunter2-password"})
    become.build_become_command("id", connection._shell)
    connection.set_become_plugin(become)
    with pytest.raises(AnsibleError, match="become with a password is not supported"):
        connection.exec_command("id")
    assert emulator.calls("SendCommandToSession")["received"] == 0


def _windows_connection(emulator):
    from ansible.plugins.loader import shell_loader
    session_id = emulator.new_session(name="win-host", session_type=2, os="windows", online=True)["SessionID"]
    connection = connection_loader.get("screenconnect.restapi.screenconnect", PlayContext(),
                                       shell=shell_loader.get("powershell"))
    connection.set_options(var_options=dict(inventory_hostname="win-host", ansible_screenconnect_url=emulator.url,
                                            ansible_screenconnect_secret=emulator.secret,
                                            screenconnect_session_id=session_id))
    return connection


def test_powershell_modules_are_refused_before_anything_is_sent(emulator):
    connection = _windows_connection(emulator)
    with pytest.raises(AnsibleError, match="running PowerShell modules through ScreenConnect is not supported yet"):
        connection.exec_command("& $exec_wrapper", in_data=b"{}")
    assert emulator.calls("SendCommandToSession")["received"] == 0


def test_become_on_windows_is_refused(emulator):
    connection = _windows_connection(emulator)
    connection.set_become_plugin(become_loader.get("runas"))
    with pytest.raises(AnsibleError, match="become is not supported on Windows"):
        connection.exec_command("whoami")
    assert emulator.calls("SendCommandToSession")["received"] == 0


def test_the_secret_comes_from_the_secret_file_host_var(emulator, tmp_path):
    path = tmp_path / "secret"
    path.write_text(emulator.secret + "\n")
    connection = _connection(emulator, screenconnect_session_id=_linux(emulator), ansible_screenconnect_secret=None,
                             ansible_screenconnect_secret_file=str(path))
    connection._connect()
    assert connection.connected
    connection.close()


def test_secret_and_secret_file_host_vars_together_fail_before_any_request(emulator, tmp_path):
    path = tmp_path / "secret"
    path.write_text(emulator.secret)
    connection = _connection(emulator, screenconnect_session_id=_linux(emulator),
                             ansible_screenconnect_secret_file=str(path))
    before = emulator.calls()["received"]
    with pytest.raises(AnsibleConnectionFailure, match="secret and secret_file .* are both set"):
        connection._connect()
    assert emulator.calls()["received"] == before


@pytest.mark.parametrize("name, value, source", [
    ("ansible_screenconnect_validate_certs", "maybe", "the variable ansible_screenconnect_validate_certs"),
    ("ansible_screenconnect_validate_certs", "", "the variable ansible_screenconnect_validate_certs"),
    ("ansible_screenconnect_pipelining", "sometimes", "the variable ansible_screenconnect_pipelining"),
    ("ansible_pipelining", "perhaps", "the variable ansible_pipelining"),
])
def test_a_boolean_host_var_must_be_a_boolean(emulator, name, value, source):
    with pytest.raises(AnsibleError) as caught:
        _connection(emulator, screenconnect_session_id=_linux(emulator), **{name: value})
    option = name.replace("ansible_screenconnect_", "").replace("ansible_", "")
    assert str(caught.value) == "%s must be a boolean (true or false, yes or no, 1 or 0); got %r from %s" % (
        option, value, source)


def test_a_boolean_from_the_environment_must_be_a_boolean(emulator, monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_VALIDATE_CERTS", "maybe")
    with pytest.raises(AnsibleError, match="validate_certs must be a boolean .* from the environment variable "
                                           "SCREENCONNECT_VALIDATE_CERTS"):
        _connection(emulator, screenconnect_session_id=_linux(emulator))


def test_a_host_var_wins_over_the_environment_and_is_read_as_given(emulator, monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_VALIDATE_CERTS", "maybe")
    connection = _connection(emulator, screenconnect_session_id=_linux(emulator),
                             ansible_screenconnect_validate_certs="no")
    connection._connect()
    assert connection._core.channel is not None and connection.get_option("validate_certs") is False
    connection.close()
