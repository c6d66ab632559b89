# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory cache: keyed by url, extension id and secret (never containing it), files mode 0600."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from ansible.errors import AnsibleParserError

from ansible_collections.screenconnect.restapi.tests.unit.plugins.inventory.conftest import SECRET

OTHER_SECRET = "inv-unit-Rotated-9b7c1d2e"
OTHER_EXTENSION = "0f8c3a52-1b4e-4d6a-9e7f-2a3b4c5d6e7f"


def _config(tmp_path, **extra):
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile",
              "cache_connection": str(tmp_path / "cache"), "cache_timeout": 3600}
    config.update(extra)
    return config


def _cache_files(tmp_path):
    return sorted((tmp_path / "cache").iterdir())


def _forms_of(secret):
    """The secret and the unkeyed hashes of it that must never be stored."""
    data = secret.encode("utf-8")
    return [secret] + [getattr(hashlib, name)(data).hexdigest() for name in ("md5", "sha1", "sha256", "sha512")]


def test_same_secret_is_served_from_cache(runner, tmp_path):
    config = _config(tmp_path)
    assert len(runner.run(config).http.requests) == 1
    hit = runner.run(config, responses=[])  # any request would fail the FakeHTTP
    assert hit.hosts and hit.http.requests == []


@pytest.mark.parametrize("change", [dict(secret=OTHER_SECRET), dict(extension_id=OTHER_EXTENSION),
                                    dict(url="https://other.example.com")])
def test_another_secret_extension_or_url_fetches_again(runner, tmp_path, change):
    config = _config(tmp_path)
    runner.run(config)
    changed = runner.run(dict(config, **change))
    assert len(changed.http.requests) == 1
    assert len(_cache_files(tmp_path)) == 2
    # each secret keeps its own entry: going back to the first is served from its cache
    assert runner.run(config, responses=[]).http.requests == []


def _stored_keys(run):
    """The keys in the cache plugin's store (the plugin keeps no entry in memory after parsing)."""
    run.plugin._cache.load_whole_cache()
    return sorted(run.plugin._cache.keys())


def test_key_holds_a_keyed_fingerprint_not_the_secret(runner, tmp_path):
    run = runner.run(_config(tmp_path))
    [key] = _stored_keys(run)
    base = run.plugin.get_cache_key(runner.write_config(_config(tmp_path)))
    assert key.startswith(base + "_") and len(key) == len(base) + 33
    for form in _forms_of(SECRET):
        assert form[:16] not in key
    other = runner.run(_config(tmp_path, secret=OTHER_SECRET))
    keys = _stored_keys(other)
    assert len(keys) == 2 and key in keys


@pytest.mark.parametrize("cache_plugin", ["ansible.builtin.jsonfile", "jsonfile"])
def test_cache_files_are_private_and_hold_no_secret(runner, tmp_path, cache_plugin):
    runner.run(_config(tmp_path, cache_plugin=cache_plugin))
    runner.run(_config(tmp_path, cache_plugin=cache_plugin, secret=OTHER_SECRET))
    files = _cache_files(tmp_path)
    assert len(files) == 2
    for path in files:
        assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600, path
        text = path.read_text(encoding="utf-8")
        assert "ACME-DC01" in text  # the cached answer itself
        for secret in (SECRET, OTHER_SECRET):
            for form in _forms_of(secret):
                assert form not in text and form not in path.name


def test_refresh_rewrites_a_world_readable_file_as_private(runner, tmp_path):
    config = _config(tmp_path)
    runner.run(config)
    [path] = _cache_files(tmp_path)
    os.chmod(str(path), 0o644)  # as an older release or the plain jsonfile plugin left it
    runner.run(config, cache=False)  # --flush-cache
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600


def test_memory_cache_plugin_still_works(runner, tmp_path):
    # "memory", not "ansible.builtin.memory": ansible-core 2.16 exempts only the short name from its check that a
    # cache plugin given cache options reads them through set_options.
    run = runner.run(_config(tmp_path, cache_plugin="memory"))
    assert run.hosts and len(run.http.requests) == 1


def test_odd_secret_is_refused_before_the_cache_is_read(runner, tmp_path):
    config = _config(tmp_path)
    runner.run(config)
    with pytest.raises(AnsibleParserError) as info:
        runner.run(dict(config, secret=" " + SECRET), responses=[])
    assert "secret" in str(info.value) and SECRET not in str(info.value)


# -- against the emulator: its call counter tells a fetch from a cache hit ------------------------------------------

def test_emulator_same_secret_hit_revoked_secret_fetches(runner, emulator, tmp_path):
    config = _config(tmp_path, url=emulator.url, secret=emulator.secret)
    first = runner.run(config, responses=[], real_http=True)
    assert emulator.calls("GetSessionsByFilter")["received"] == 1
    hit = runner.run(config, responses=[], real_http=True)
    assert hit.hosts == first.hosts
    assert emulator.calls("GetSessionsByFilter")["received"] == 1
    # the server no longer accepts this secret: the cache entry of the valid one must not answer for it
    revoked = "revoked-" + emulator.secret
    with pytest.raises(AnsibleParserError) as info:
        runner.run(dict(config, secret=revoked), responses=[], real_http=True)
    assert emulator.calls("GetSessionsByFilter")["received"] == 2
    assert "401" in str(info.value) and revoked not in str(info.value)
    for path in _cache_files(tmp_path):
        assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
        text = path.read_text(encoding="utf-8")
        for secret in (emulator.secret, revoked):
            for form in _forms_of(secret):
                assert form not in text and form not in path.name
