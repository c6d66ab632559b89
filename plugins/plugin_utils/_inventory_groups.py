# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The opt-in default groups (``default_groups: true``), computed in Python without Jinja.

PRIVATE to the collection: this file may change without notice.

``<prefix>online`` / ``<prefix>offline``, ``<prefix>type_<access|support|meeting>`` and
``<prefix>os_<windows|linux|macos|other>`` (from ``guest_operating_system_name``).
"""

from __future__ import annotations

import re

_LINUX = re.compile(r"\b(linux|ubuntu|debian|red hat|rhel|centos|fedora|suse|rocky|almalinux|mint|gentoo)\b", re.I)
_MACOS = re.compile(r"\bmac ?os\b|\bos x\b|\bdarwin\b", re.I)


def os_family(operating_system_name):
    """windows, linux, macos or other, from an OperatingSystemName such as "Microsoft Windows 11 Pro"."""
    text = operating_system_name or ""
    if not isinstance(text, str):
        return "other"
    if "windows" in text.lower():
        return "windows"
    if _MACOS.search(text):
        return "macos"
    if _LINUX.search(text):
        return "linux"
    return "other"


class DefaultGroups(object):
    def __init__(self, prefix):
        self._prefix = prefix
        self._online = prefix + "online"
        self._os = prefix + "guest_operating_system_name"
        self._type = prefix + "session_type"
        self._names = {}  # (kind, value) -> group name; computed once per distinct value

    def _name(self, kind, value):
        key = (kind, value)
        name = self._names.get(key)
        if name is None:
            if kind == "os_":
                value = os_family(value)
            suffix = re.sub(r"[^a-z0-9]", "_", str(value).lower())
            name = self._names[key] = "%s%s%s" % (self._prefix, kind, suffix)
        return name

    def groups_of(self, hostvars):
        """The default group names of one host."""
        return (
            self._prefix + ("online" if hostvars.get(self._online) else "offline"),
            self._name("type_", hostvars.get(self._type) or "unknown"),
            self._name("os_", hostvars.get(self._os) or ""),
        )
