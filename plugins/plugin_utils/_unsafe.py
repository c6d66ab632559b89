# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Mark remote data as unsafe, so that text such as ``{{ lookup('pipe', 'id') }}`` stays data.

PRIVATE to the collection: this file may change without notice.

The same approach as community.general's ``plugin_utils/_unsafe.py``: only strings that contain a brace can start a
template, so only those are wrapped; everything else is returned as it is, which keeps this cheap for 100,000 hosts.
On ansible-core 2.19 and later every string that was not explicitly trusted is data anyway (``wrap_var`` only strips
trust); wrapping stays for older cores and as defence in depth.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

try:
    from ansible.utils.unsafe_proxy import AnsibleUnsafe, wrap_var
except ImportError:  # pragma: no cover - a future core without unsafe_proxy: untrusted by default, nothing to do
    AnsibleUnsafe = ()

    def wrap_var(value):
        return value


def make_unsafe(value):
    """``value`` with every string that contains ``{`` or ``}`` wrapped as unsafe; containers are rebuilt."""
    if isinstance(value, str):
        if ("{" in value or "}" in value) and not isinstance(value, AnsibleUnsafe):
            return wrap_var(value)
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, bytes):
        return wrap_var(value) if (b"{" in value or b"}" in value) else value
    if isinstance(value, Mapping):
        return dict((make_unsafe(key), make_unsafe(item)) for key, item in value.items())
    if isinstance(value, Set):
        return set(make_unsafe(item) for item in value)
    if isinstance(value, (list, tuple)):
        return type(value)(make_unsafe(item) for item in value)
    return value
