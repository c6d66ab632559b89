# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run the real inventory plugin (plugin loader, InventoryData, DataLoader, the real client) against fixture answers.

The only fake is the HTTP session handed to ScreenConnectClient: it returns fixture JSON shaped like the server's
answers and records every request, so tests can assert how many calls were made and what was sent.
"""

from __future__ import annotations

import json
import os

import pytest

from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.utils.display import Display

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
PLUGIN = "screenconnect.restapi.screenconnect"
SECRET = "inv-unit-S3cr3t-4f8a2c9e"
URL = "https://sc.example.com"
ENV_NAMES = ("SCREENCONNECT_URL", "SCREENCONNECT_SECRET", "SCREENCONNECT_SECRET_FILE", "SCREENCONNECT_ORIGIN",
             "SCREENCONNECT_EXTENSION_ID", "SCREENCONNECT_VALIDATE_CERTS", "SCREENCONNECT_CA_PATH",
             "SCREENCONNECT_TIMEOUT", "SCREENCONNECT_RETRIES", "SCREENCONNECT_SESSION_FILTER", "ANSIBLE_INVENTORY_CACHE",
             "ANSIBLE_INVENTORY_CACHE_PLUGIN", "ANSIBLE_CACHE_PLUGIN", "ANSIBLE_INVENTORY_CACHE_CONNECTION",
             "ANSIBLE_CACHE_PLUGIN_CONNECTION")


def _ensure_collection_loader():
    """ansible-test installs the collection loader; plain pytest runs (PYTHONPATH=<dir of ansible_collections>) do not."""
    from ansible.utils.collection_loader import AnsibleCollectionConfig
    if AnsibleCollectionConfig.collection_finder is None:
        from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
        root = os.path.abspath(os.path.join(os.path.dirname(__file__), *([".."] * 7)))
        _AnsibleCollectionFinder(paths=[root])._install()


_ensure_collection_loader()


def load_fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return json.load(handle)


class FakeResponse(object):
    def __init__(self, status=200, body=b"", headers=None):
        self.status_code = status
        self.content = body if isinstance(body, bytes) else body.encode("utf-8")
        self.headers = headers or {"Server": "ScreenConnect/25.4.25.9313"}


def json_response(data, status=200):
    return FakeResponse(status, json.dumps(data))


class FakeHTTP(object):
    """Stands in for requests.Session: answers POSTs from a queue and records them."""

    def __init__(self, responses):
        self.responses = list(responses)
        self.requests = []

    def post(self, url, data=None, headers=None, **kwargs):
        self.requests.append(dict(url=url, body=json.loads(data.decode("utf-8")), headers=dict(headers or {}),
                                  kwargs=kwargs))
        if not self.responses:
            raise AssertionError("unexpected request %s" % url)
        response = self.responses.pop(0)
        if isinstance(response, Exception):
            raise response
        return response


class RecordingDisplay(object):
    """Records warnings and -vvv messages; everything else goes to the real Display."""

    def __init__(self):
        self.warnings = []
        self.verbose = []
        self._display = Display()

    def warning(self, msg, *args, **kwargs):
        self.warnings.append(msg)

    def vvv(self, msg, *args, **kwargs):
        self.verbose.append(msg)

    def __getattr__(self, name):
        return getattr(self._display, name)


class Run(object):
    def __init__(self, plugin, inventory, http, display):
        self.plugin = plugin
        self.inventory = inventory
        self.http = http
        self.warnings = display.warnings
        self.verbose = display.verbose

    @property
    def hosts(self):
        return sorted(self.inventory.hosts)

    def hostvars(self, host):
        return self.inventory.get_host(host).get_vars()

    def group(self, name):
        return sorted(host.name for host in self.inventory.groups[name].get_hosts())


class InventoryRunner(object):
    """``run(config, sessions=...)`` writes the configuration file and parses it with a fresh plugin instance."""

    def __init__(self, tmp_path, monkeypatch):
        self.tmp_path = tmp_path
        self.monkeypatch = monkeypatch
        self.http = None

    def plugin(self):
        plugin = inventory_loader.get(PLUGIN)
        plugin.display = RecordingDisplay()
        return plugin

    def write_config(self, config, name="test.screenconnect.yml", connection=True):
        if not isinstance(config, str):
            data = dict(plugin=PLUGIN)
            if connection:
                data.update(url=URL, secret=SECRET, retries=0)
            data.update(config or {})
            config = json.dumps(data, indent=2)
        path = self.tmp_path / name
        path.write_text(config, encoding="utf-8")
        return str(path)

    def run(self, config=None, sessions=None, responses=None, cache=True, name="test.screenconnect.yml",
            connection=True, loader=None, inventory=None, real_http=False):
        from ansible_collections.screenconnect.restapi.plugins.inventory import screenconnect as module
        from ansible_collections.screenconnect.restapi.plugins.module_utils import _connection

        if responses is None:
            responses = [json_response(load_fixture("sessions.json") if sessions is None else sessions)]
        self.http = http = FakeHTTP(responses)

        def client_from_options(get_option, **kwargs):
            kwargs.setdefault("session", http)
            kwargs.setdefault("sleep", lambda seconds: None)
            return _connection.client_from_options(get_option, **kwargs)

        if not real_http:
            self.monkeypatch.setattr(module, "client_from_options", client_from_options)
        path = self.write_config(config, name=name, connection=connection)
        plugin = self.plugin()
        inventory = InventoryData() if inventory is None else inventory
        plugin.parse(inventory, loader or DataLoader(), path, cache=cache)
        if getattr(plugin, "_cache", None) is not None:
            plugin.update_cache_if_changed()  # what InventoryManager does after parse()
        return Run(plugin, inventory, http, plugin.display)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def runner(tmp_path, monkeypatch):
    return InventoryRunner(tmp_path, monkeypatch)
