# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The EXAMPLES entry for the connection plugin makes every host use it, with the session id it needs."""

from __future__ import annotations

from ansible_collections.screenconnect.restapi.plugins.inventory import screenconnect as plugin_module
from ansible_collections.screenconnect.restapi.tests.unit.conftest import Emulator

CONNECTION = "screenconnect.restapi.screenconnect"


def test_compose_example_sets_the_connection(runner, monkeypatch):
    examples = [text for text in plugin_module.EXAMPLES.split("\n---\n") if "ansible_connection" in text]
    assert len(examples) == 1
    emulator = Emulator("--fleet", "demo")
    try:
        monkeypatch.setenv("SCREENCONNECT_URL", emulator.url)
        monkeypatch.setenv("SCREENCONNECT_SECRET", emulator.secret)
        run = runner.run(examples[0], responses=[], real_http=True)
    finally:
        emulator.stop()
    hosts = run.inventory.hosts
    assert sorted(hosts) == ["build-01", "db-01", "web-01", "web-02"]
    for host in hosts.values():
        assert host.vars["ansible_connection"] == CONNECTION
        assert len(host.vars["screenconnect_session_id"]) == 36
