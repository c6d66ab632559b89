# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every option of every module with bad values, through the real main() against the emulator.

Each case must fail before any request (the emulator's call counter stays at 0), naming the option, without a
traceback and without the secret. The options come from each module's argument spec and the connection table, so an
option added without a case here fails ``test_every_option_has_cases``.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import CONNECTION_OPTIONS
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_command as sc_command
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_message as sc_message
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_note as sc_note
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session as sc_session
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_session_info as sc_info
from ansible_collections.screenconnect.restapi.plugins.modules import screenconnect_toolbox_item as sc_toolbox
from ansible_collections.screenconnect.restapi.tests.unit import secret_files

patch_module_args = pytest.importorskip("ansible.module_utils.testing").patch_module_args

GUID = "11111111-2222-4333-8444-555555555555"
NOT_GUIDS = ["not-a-guid", "11111111-2222-4333-8444-55555555555", "{%s}x" % GUID, GUID + "0", ""]
TEXT_NOT_TEXT = [["x"], {"a": 1}]

# Valid arguments for each module, and the options that select the target (one at a time).
MODULES = {
    "screenconnect_session_info": (sc_info, dict(name="PC"), ("session_id", "name", "filter", "match")),
    "screenconnect_session": (sc_session, dict(name="PC", session_type="Access"), ("session_id", "name")),
    "screenconnect_command": (sc_command, dict(name="PC", command="echo hi"),
                              ("session_id", "name", "session_ids", "filter")),
    "screenconnect_message": (sc_message, dict(name="PC", text="hi"), ("session_id", "name")),
    "screenconnect_note": (sc_note, dict(name="PC", note="n"), ("session_id", "name")),
    "screenconnect_toolbox_item": (sc_toolbox, dict(name="PC", item="tool"), ("session_id", "name")),
}

CONNECTION_CASES = {
    "url": ["", "ftp://sc.example.com", "not a url", "https://", ["https://sc.example.com"]],
    "secret": ["", " leading-space", "trailing-space ", "new\nline", "tab\tinside", "nul\x00byte", ["a-secret-in-a-list"]],
    # without secret (a case with both is in test_module.py)
    "secret_file": secret_files.CASES,
    "origin": [["https://x"], {"a": 1}, "not an origin"],
    # an empty extension_id means the default, as an empty SCREENCONNECT_EXTENSION_ID does
    "extension_id": NOT_GUIDS[:-1] + [["x"]],
    "validate_certs": ["maybe", [True]],
    "ca_path": ["/nonexistent/h4/ca.pem", ["x"]],
    "timeout": ["slow", -1, 0, [1]],
    "retries": ["many", -1, [1], 1.5],
}

# Options whose names several modules share, with the same bad values.
SHARED_CASES = {
    "session_id": NOT_GUIDS + TEXT_NOT_TEXT,
    "name": TEXT_NOT_TEXT + [""],
    "session_type": ["Remote", "access ", 2, ["Access"]],
    "custom_property_names": ["not a dict", {"Company": 9}, {"Company": 0}, {"": 1}, {"A": 1, "B": 1},
                              {"Company": "one"}],
    "filter": TEXT_NOT_TEXT + [""],
}

MODULE_CASES = {
    "screenconnect_session_info": {
        "session_id": [NOT_GUIDS[:1], [GUID, "bad"], [["x"]]],
        "name_match": ["fuzzy", ["exact"]],
        "match": ["not a dict", {"Customer": "Acme"}, {"Bad Prop": "x"}, {"Name": []}, {"Name": {"a": 1}}],
        "online": ["sometimes"],
        "details": ["lots"],
    },
    "screenconnect_session": {
        "state": ["gone", ["present"]],
        "new_name": TEXT_NOT_TEXT + ["", "   "],
        "is_public": ["perhaps"],
        "code": TEXT_NOT_TEXT,
        "custom_properties": ["not a dict", {9: "x"}, {"Customer": "x"}, {1: ["x"]}, {1: {"a": 1}},
                              dict(("CustomProperty%d" % i, "x") for i in range(1, 10))],
    },
    "screenconnect_command": {
        "session_ids": [[NOT_GUIDS[0]], [GUID, ["x"]], "not-a-guid"],
        "max_targets": ["ten", 0, -1],
        "parallel": ["ten", 0, -1],
        "command": TEXT_NOT_TEXT + [""],
        "shell": ["bash", ["cmd"]],
        "command_timeout": ["long", 0, -5],
        "max_output": ["big", 0, -1],
        "wait": ["eventually"],
        "wait_timeout": ["long", 0, -1],
    },
    "screenconnect_message": {"text": TEXT_NOT_TEXT + [""], "from_name": TEXT_NOT_TEXT},
    "screenconnect_note": {"note": TEXT_NOT_TEXT + [""], "unique": ["once"]},
    "screenconnect_toolbox_item": {"item": TEXT_NOT_TEXT + [1.5, ""]},
}


def _cases_of(module_name):
    module, _base, _targets = MODULES[module_name]
    options = dict(CONNECTION_CASES)
    for option in module.ARGUMENT_SPEC:
        if option in MODULE_CASES[module_name]:
            options[option] = MODULE_CASES[module_name][option]
        elif option in SHARED_CASES:
            options[option] = SHARED_CASES[option]
    return options


def _all_cases():
    for module_name in MODULES:
        for option, values in sorted(_cases_of(module_name).items()):
            for index, value in enumerate(values):
                yield pytest.param(module_name, option, value, id="%s-%s-%d" % (module_name, option, index))


def test_every_option_has_cases():
    for module_name, (module, _base, _targets) in MODULES.items():
        expected = set(CONNECTION_OPTIONS) | set(module.ARGUMENT_SPEC)
        assert set(_cases_of(module_name)) == expected, module_name
        assert all(_cases_of(module_name)[option] for option in expected), module_name


def _arguments(emulator, module_name, option, value):
    _module, base, targets = MODULES[module_name]
    args = dict(base, url=emulator.url, secret=emulator.secret, retries=0)
    if option == "secret_file":
        del args["secret"]
    if option in targets:
        for target in targets:
            args.pop(target, None)
    if option == "session_type" and module_name == "screenconnect_session_info":
        args.pop("name")
    if option in ("custom_properties", "custom_property_names", "new_name") and module_name == "screenconnect_session":
        args["session_type"] = "Access"
    args[option] = value
    return args


@pytest.mark.parametrize("module_name, option, value", list(_all_cases()))
def test_bad_value_fails_before_any_request_naming_the_option(emulator, capsys, tmp_path, module_name, option, value):
    module = MODULES[module_name][0]
    args = _arguments(emulator, module_name, option, secret_files.materialize(value, tmp_path))
    with patch_module_args(args), pytest.raises(SystemExit):
        module.main()
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result.get("failed") is True, result
    assert option in result["msg"], result["msg"]
    assert "exception" not in result and "Traceback" not in captured.err
    assert emulator.calls()["received"] == 0
    if option == "secret_file":
        assert not [text for text in secret_files.CONTENTS if text in captured.out + captured.err]
    if option != "secret":
        assert emulator.secret not in captured.out + captured.err
    else:
        for text in (value if isinstance(value, list) else [value]):
            if len(text.strip()) > 3:
                assert text not in captured.out + captured.err and text.strip() not in result["msg"]
