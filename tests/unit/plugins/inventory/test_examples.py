# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every EXAMPLES configuration of the plugin, run against the emulator's demo fleet, gives the graph its comment shows."""

from __future__ import annotations

import pytest

from ansible_collections.screenconnect.restapi.plugins.inventory import screenconnect as plugin_module

DOCUMENTS = [text for text in plugin_module.EXAMPLES.split("\n---\n")[1:] if text.strip()]


def _graph(text):
    """{group: {hosts}} from the commented ``ansible-inventory --graph`` output of one example."""
    groups, group = {}, None
    for line in text.splitlines():
        if not line.startswith("#   |"):
            continue
        item = line[1:].split("<-")[0].lstrip(" |-").rstrip()
        if item.startswith("@"):
            group = groups.setdefault(item[1:-1], set())
        else:
            group.add(item)
    return groups


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_example_gives_the_documented_graph(runner, monkeypatch, tmp_path, demo_fleet, index):
    text = DOCUMENTS[index]
    monkeypatch.setenv("SCREENCONNECT_URL", demo_fleet.url)
    monkeypatch.setenv("SCREENCONNECT_SECRET", demo_fleet.secret)
    monkeypatch.setenv("SC_SECRET", demo_fleet.secret)  # the lookup example
    config = text.replace("url: https://support.example.com", "url: %s" % demo_fleet.url)
    config = config.replace("~/.cache/ansible-screenconnect", str(tmp_path / "cache"))
    run = runner.run(config, responses=[], real_http=True)
    run.inventory.reconcile_inventory()
    expected = _graph(text)
    if not expected:  # an example without a graph (the cache configuration): the same hosts as the first one
        expected = _graph(DOCUMENTS[0])
    actual = dict((name, set(host.name for host in group.get_hosts()))
                  for name, group in run.inventory.groups.items() if name != "all")
    assert actual == expected
