# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""run_module(): the shared main() of every module, end to end against the emulator."""

from __future__ import annotations

import json

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._module import run_module
from ansible_collections.screenconnect.restapi.tests.unit.module_args import patch_module_args


def _run(run, args, capsys, argument_spec=None):
    with patch_module_args(args):
        with pytest.raises(SystemExit) as info:
            run_module(run, argument_spec or {})
    out = capsys.readouterr().out
    return info.value.code, json.loads(out), out


def _count_sessions(module, api):
    return dict(changed=False, count=len(api.get_sessions_by_filter("SessionType = 'Access'")))


def test_success_exits_with_the_result(emulator, capsys):
    code, result, _out = _run(_count_sessions, {"url": emulator.url, "secret": emulator.secret}, capsys)
    assert code == 0
    assert result["count"] > 0 and result["changed"] is False


def test_connection_options_come_from_the_environment(emulator, capsys, monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_URL", emulator.url)
    monkeypatch.setenv("SCREENCONNECT_SECRET", emulator.secret)
    code, result, _out = _run(_count_sessions, {}, capsys)
    assert code == 0 and result["count"] > 0


def test_server_errors_fail_without_traceback_or_secret(emulator, capsys):
    secret = "wrong-secret-that-must-not-leak"
    code, result, out = _run(_count_sessions, {"url": emulator.url, "secret": secret}, capsys)
    assert code == 1
    assert result["failed"] is True
    assert result["status"] == 401 and result["method"] == "GetSessionsByFilter"
    assert "Traceback" not in out and "exception" not in result
    assert secret not in out


def test_input_errors_fail_before_any_request(emulator, capsys):
    def run(module, api):
        api.get_sessions_by_filter("")
        return dict(changed=False)

    code, result, _out = _run(run, {"url": emulator.url, "secret": emulator.secret}, capsys)
    assert code == 1 and "empty" in result["msg"]
    assert emulator.calls()["received"] == 0


def test_bad_url_fails_naming_the_option(emulator, capsys):
    code, result, _out = _run(_count_sessions, {"url": "ftp://x", "secret": emulator.secret}, capsys)
    assert code == 1 and result["msg"].startswith("url must be")
    assert emulator.calls()["received"] == 0


def test_missing_secret_names_both_ways_to_give_it(capsys, monkeypatch):
    monkeypatch.delenv("SCREENCONNECT_SECRET", raising=False)
    monkeypatch.delenv("SCREENCONNECT_SECRET_FILE", raising=False)
    code, result, _out = _run(_count_sessions, {"url": "https://sc.example.com"}, capsys)
    assert code == 1 and "one of secret and secret_file" in result["msg"]


def _secret_file(tmp_path, secret):
    path = tmp_path / "screenconnect-secret"
    path.write_text(secret + "\n")
    path.chmod(0o600)
    return str(path)


def test_the_secret_is_read_from_secret_file(emulator, capsys, tmp_path):
    path = _secret_file(tmp_path, emulator.secret)
    code, result, out = _run(_count_sessions, {"url": emulator.url, "secret_file": path}, capsys)
    assert code == 0 and result["count"] > 0
    assert emulator.secret not in out


def test_secret_file_comes_from_the_environment(emulator, capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("SCREENCONNECT_SECRET", raising=False)
    monkeypatch.setenv("SCREENCONNECT_URL", emulator.url)
    monkeypatch.setenv("SCREENCONNECT_SECRET_FILE", _secret_file(tmp_path, emulator.secret))
    code, result, out = _run(_count_sessions, {}, capsys)
    assert code == 0 and result["count"] > 0
    assert emulator.secret not in out


@pytest.mark.parametrize("source", ["task", "environment"])
def test_secret_and_secret_file_together_fail_before_any_request(emulator, capsys, tmp_path, monkeypatch, source):
    path = _secret_file(tmp_path, emulator.secret)
    args = {"url": emulator.url, "secret": emulator.secret}
    if source == "task":
        args["secret_file"] = path
    else:
        monkeypatch.setenv("SCREENCONNECT_SECRET_FILE", path)
    code, result, out = _run(_count_sessions, args, capsys)
    assert code == 1 and "secret and secret_file" in result["msg"] and "both set" in result["msg"]
    assert emulator.calls()["received"] == 0
    assert emulator.secret not in out


def test_a_secret_read_from_the_file_is_masked_in_the_result(emulator, capsys, tmp_path):
    """AnsibleModule masks what no_log options held; the file's content must be masked as well."""
    def echo(module, api):
        assert api.client.calls == 0  # the client is built from the options, as before a first request
        return dict(changed=False, echoed="the server said %s" % emulator.secret)

    code, result, out = _run(echo, {"url": emulator.url, "secret_file": _secret_file(tmp_path, emulator.secret)},
                             capsys)
    assert code == 0 and emulator.secret not in out
    assert result["echoed"] == "the server said ********"


@pytest.mark.parametrize("error, changed", [
    (errors.ScreenConnectOutcomeUnknownError("lost answer", method="SendCommandToSession"), True),
    (errors.ScreenConnectServerError("HTTP 500", method="SendCommandToSession", status=500), False),
])
def test_a_write_whose_outcome_is_unknown_is_reported_as_possibly_changed(capsys, error, changed):
    """Like the command module's fan-out results: a lost answer may hide an applied write."""
    def run(module, api):
        raise error

    code, result, _out = _run(run, {"url": "https://sc.example.com", "secret": "s3cr3t-value"}, capsys)
    assert code == 1 and result["failed"] is True
    assert result.get("changed", False) is changed
