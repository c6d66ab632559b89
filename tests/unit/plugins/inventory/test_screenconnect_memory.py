# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Memory at 100,000 sessions: equal values stored once, the cached answer freed with the plugin, same inventory.

The inventories are built by ansible-core's InventoryManager from a configuration file against the emulator, as
ansible-inventory builds them: on ansible-core 2.19 and later its set_variable wrapper copies and tags every value
it is given, which is what the shared values avoid.
"""

from __future__ import annotations

import gc
import weakref

import pytest

from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader

from ansible_collections.screenconnect.restapi.plugins.inventory import screenconnect as module
from ansible_collections.screenconnect.restapi.plugins.plugin_utils import _inventory_cache, _inventory_values
from ansible_collections.screenconnect.restapi.tests.unit.plugins.plugin_utils.test_unsafe import _untrusted

try:
    from ansible.module_utils._internal._datatag import AnsibleTagHelper
except ImportError:  # ansible-core < 2.19: no tags, values are stored as given
    AnsibleTagHelper = None

CONFIG = {"default_groups": True, "duplicate_hostnames": "suffix", "custom_property_names": {"Company": 1, "Site": 2}}


def _manager(runner, emulator, **config):
    data = dict(CONFIG, url=emulator.url, secret=emulator.secret, retries=0)
    data.update(config)
    path = runner.write_config(data, connection=False)
    return InventoryManager(loader=DataLoader(), sources=[path])


def _plain_set(self, hostname, key, value):
    """What the plugin did before: every value handed to set_variable as it is."""
    self._inventory.set_variable(hostname, key, value)


def _host_vars(manager):
    return dict((name, host.vars) for name, host in manager._inventory.hosts.items())


def _groups(manager):
    return dict((name, sorted(host.name for host in group.get_hosts())) for name, group in manager.groups.items())


def _described(value):
    """Everything of a value that reaches ansible-inventory's output: its type, its text, its trust and its tags."""
    if isinstance(value, list):
        return [_described(item) for item in value]
    tags = sorted(repr(tag) for tag in AnsibleTagHelper.tags(value)) if AnsibleTagHelper else []
    return (type(value).__name__, value, isinstance(value, str) and _untrusted(value), tags)


def test_equal_values_of_all_hosts_are_one_object(runner, emulator):
    hostvars = _host_vars(_manager(runner, emulator))
    assert len(hostvars) > 20
    objects = {}  # (key, type, value) -> ids of the stored objects
    for variables in hostvars.values():
        for key, value in variables.items():
            if not key.startswith("screenconnect_"):
                continue  # inventory_file and inventory_dir: ansible-core's own
            for item in (value if isinstance(value, list) else [value]):
                if type(item).__name__ in ("str", "_AnsibleTaggedStr", "int", "_AnsibleTaggedInt"):
                    objects.setdefault((type(item), item), set()).add(id(item))
    assert [value for value, ids in objects.items() if len(ids) > 1] == []
    assert len(objects) < sum(len(variables) for variables in hostvars.values()) / 3  # the fleet repeats its values
    lists = [variables["screenconnect_custom_properties"] for variables in hostvars.values()]
    assert len(set(id(item) for item in lists)) == len(lists)  # lists stay per host


@pytest.mark.parametrize("config", [{}, {"hostvars": ["name", "session_id", "online", "custom_properties"]}])
def test_shared_values_change_nothing_in_the_inventory(runner, emulator, monkeypatch, config):
    shared = _manager(runner, emulator, **config)
    monkeypatch.setattr(_inventory_values.SharedValues, "set", _plain_set)
    plain = _manager(runner, emulator, **config)
    assert _groups(shared) == _groups(plain)
    shared_vars, plain_vars = _host_vars(shared), _host_vars(plain)
    assert sorted(shared_vars) == sorted(plain_vars)
    for host, variables in plain_vars.items():
        assert sorted(shared_vars[host]) == sorted(variables)
        for key, value in variables.items():
            assert _described(shared_vars[host][key]) == _described(value), (host, key)
    if config:
        keys = set(key for variables in shared_vars.values() for key in variables)
        assert keys == set(["inventory_file", "inventory_dir"] + ["screenconnect_" + name for name in config["hostvars"]])


def _cache_config(tmp_path):
    return {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache")}


@pytest.mark.parametrize("warm", [False, True])
def test_cached_answer_is_freed_after_parse(runner, emulator, monkeypatch, tmp_path, warm):
    """Without the cycle collector: ansible-core 2.19 keeps the plugin in a reference cycle with its inventory wrapper,
    and a cache plugin in a cycle of its own would also wait for the collector, with its copy of the answer (on
    ansible-core 2.19 the whole answer as one JSON text)."""
    if warm:
        _manager(runner, emulator, **_cache_config(tmp_path))
    received = emulator.calls("GetSessionsByFilter")["received"]
    adjudicators = []
    make_files_private = _inventory_cache.make_files_private

    def _recording(adjudicator):
        inner = getattr(adjudicator._plugin, "__wrapped__", adjudicator._plugin)
        adjudicators.append((weakref.ref(adjudicator), weakref.ref(inner)))
        return make_files_private(adjudicator)

    monkeypatch.setattr(module, "make_files_private", _recording)
    gc.collect()
    gc.disable()
    try:
        manager = _manager(runner, emulator, **_cache_config(tmp_path))
        used = adjudicators[0]
        assert used[0]() is None and used[1]() is None
    finally:
        gc.enable()
    assert manager._inventory.hosts
    assert emulator.calls("GetSessionsByFilter")["received"] == received + (0 if warm else 1)


def test_warm_cache_gives_the_same_inventory(runner, emulator, tmp_path):
    fresh = _host_vars(_manager(runner, emulator))
    _manager(runner, emulator, **_cache_config(tmp_path))
    received = emulator.calls("GetSessionsByFilter")["received"]
    warm = _manager(runner, emulator, **_cache_config(tmp_path))
    assert emulator.calls("GetSessionsByFilter")["received"] == received
    warm_vars = _host_vars(warm)
    assert sorted(warm_vars) == sorted(fresh)
    for host, variables in fresh.items():
        assert dict((key, _described(value)) for key, value in warm_vars[host].items()) == \
            dict((key, _described(value)) for key, value in variables.items())
