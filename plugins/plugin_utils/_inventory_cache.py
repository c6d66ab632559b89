# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The inventory cache: one key per configuration file and secret, and cache files only the owner can read.

PRIVATE to the collection: this file may change without notice.

The cached answer describes every guest of the fleet (names, addresses, logged-on users), so it is as sensitive as
the inventory itself. ansible-core's file cache plugins (``BaseFileCacheModule``: ``ansible.builtin.jsonfile``,
``community.general.yaml`` and ``pickle``) write a temporary file with mode 0600, rename it and then make it
readable by everyone (0644). ``make_files_private`` gives the plugin instance a ``set`` that keeps the 0600 of the
temporary file, so the cache file is never readable by others, not even for a moment.
"""

from __future__ import annotations

import os
import tempfile
import weakref

from ansible.errors import AnsibleError
from ansible.plugins.cache import BaseFileCacheModule

_FINGERPRINT_LENGTH = 32  # hex digits (128 bits): ample to tell secrets apart, short enough for a file name


def cache_key(base_key, client):
    """The plugin's per-file key plus the keyed fingerprint of url, extension id and secret: another or a revoked
    secret finds no entry and fetches again, and the key never contains the secret or an unkeyed hash of it."""
    return "%s_%s" % (base_key, client.fingerprint()[:_FINGERPRINT_LENGTH])


def _private_set(plugin, key, value):
    """``BaseFileCacheModule.set`` without the final chmod to 0644: mkstemp's 0600 survives the rename."""
    plugin._cache[key] = value
    path = plugin._get_cache_file_name(key)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path))
    os.close(handle)
    try:
        plugin._dump(value, temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise AnsibleError("Could not write the inventory cache file %s: %s" % (path, exc))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def make_files_private(adjudicator):
    """Make a file-based cache plugin write mode 0600; True when it is one. Other cache plugins (redis, memcached)
    keep their own protection."""
    plugin = getattr(adjudicator, "_plugin", None)
    # ansible-core 2.19+ wraps the plugin in a proxy that adds a schema prefix to keys and encodes values on the way
    # to the plugin's own set(); replace that inner set(), so the proxy's work is kept.
    plugin = getattr(plugin, "__wrapped__", plugin)
    if not isinstance(plugin, BaseFileCacheModule):
        return False
    # A weak reference: a closure over the plugin itself would make a reference cycle, which keeps the plugin and its
    # in-memory copy of the cached answer (hundreds of MiB at 100,000 sessions) alive until Python's cycle collector
    # happens to run, instead of freeing them with the inventory plugin when its source is parsed.
    ref = weakref.ref(plugin)
    plugin.set = lambda key, value: _private_set(ref(), key, value)
    return True
