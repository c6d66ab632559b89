# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""hack/emulator.sh, the script that starts the emulator for the integration, runner and inventory steps.

It draws a new secret for every start with ``secrets.token_urlsafe``, whose text begins with ``-`` once in 64
draws. Passed as a separate argument, such a secret was read by argparse as an option and the emulator exited
before it was ready (a CI run failed that way). The script runs here in a copy of the tree whose ``.venv/bin/python``
hands out such a secret, so the test does not depend on the draw.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SERVICE = "/App_Extensions/2d558935-686a-4bd0-9991-07539f5fe749/Service.ashx/"
DASH_SECRET = "-Dash-first-secret_0123456789abcdefghijklmnopq"

_FAKE_PYTHON = """#!/bin/sh
# secret generation (the only -c program that imports secrets) gets a fixed text that starts with a dash
case "$2" in *token_urlsafe*) printf '%%s\\n' '%s'; exit 0 ;; esac
exec %s "$@"
"""


@pytest.fixture
def tree(tmp_path):
    if shutil.which("bash") is None or not os.path.exists(os.path.join(ROOT, "hack", "emulator.sh")):
        pytest.skip("needs bash and hack/emulator.sh")
    os.makedirs(str(tmp_path / "hack"))
    for name in ("emulator.sh", "common.sh"):
        shutil.copy(os.path.join(ROOT, "hack", name), str(tmp_path / "hack" / name))
    os.makedirs(str(tmp_path / "tests"))
    os.symlink(os.path.join(ROOT, "tests", "emulator"), str(tmp_path / "tests" / "emulator"))
    python = tmp_path / ".venv" / "bin" / "python"
    os.makedirs(str(python.parent))
    python.write_text(_FAKE_PYTHON % (DASH_SECRET, sys.executable))
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    yield tmp_path
    subprocess.call(["bash", str(tmp_path / "hack" / "emulator.sh"), "stop", "unit"], cwd=str(tmp_path))


def _script(tree, *args):
    return subprocess.run(["bash", str(tree / "hack" / "emulator.sh")] + list(args), cwd=str(tree),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=90,
                          check=False)


def test_a_secret_that_starts_with_a_dash_starts_the_emulator(tree):
    started = _script(tree, "start", "unit", "--sessions", "3", "--seed", "1")
    assert started.returncode == 0, started.stdout
    env = dict(line.split("=", 1) for line in _script(tree, "env", "unit").stdout.splitlines())
    assert env["SCREENCONNECT_SECRET"] == DASH_SECRET
    with open(str(tree / "build" / "emulator" / "unit.json")) as handle:
        url = json.load(handle)["url"]
    request = urllib.request.Request(url + SERVICE + "GetSessionsByFilter", data=b"[\"SessionType = 'Access'\"]",
                                     headers={"CTRLAuthHeader": DASH_SECRET, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert isinstance(json.load(response), list)
