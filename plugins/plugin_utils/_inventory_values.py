# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Set host variables so that equal values of different hosts share one stored object.

PRIVATE to the collection: this file may change without notice.

A fleet repeats most of its values: at 10,000 sessions about 430,000 variable values hold only 49,000 distinct ones
(``""``, ``Access``, ``en-US``, the operating system and client version names, the companies...). ansible-core 2.19
and later store every value ``set_variable`` receives as a new copy tagged with its origin (a copy of the text plus
a tags mapping, about 170 bytes), unless the value already carries an origin. So the first host's stored object of
each distinct value is read back and handed to ``set_variable`` for every later host with the same value: ansible-core
then keeps it as it is, and the fleet holds each distinct value once. On older ansible-core versions, which store
values as given, equal texts decoded from the answer are shared the same way.

Only exact ``str`` and ``int`` values are shared (and the items of lists of them): their equality is their identity
for the output. ``bool``/``None`` are singletons already; floats are left alone because ``0.0 == -0.0``; subclasses
such as unsafe text carry meaning in their type and are set as they are.
"""

from __future__ import annotations

_SHARED_TYPES = (str, int)


class SharedValues(object):
    """``set(hostname, key, value)`` = ``inventory.set_variable(hostname, key, value)``, storing each distinct
    value once."""

    def __init__(self, inventory):
        self._inventory = inventory
        self._stored = dict((kind, {}) for kind in _SHARED_TYPES)  # exact type -> {value: the stored object}

    def set(self, hostname, key, value):
        """Set one host variable; ``value`` is a scalar, or a list of scalars (kept a list of its own)."""
        if value.__class__ is list:
            self._inventory.set_variable(hostname, key, [self._shared(item) for item in value])
            stored = self._stored_value(hostname, key)
            if isinstance(stored, list) and len(stored) == len(value):
                for item, stored_item in zip(value, stored):
                    self._remember(item, stored_item)
            return
        shared = self._shared(value)
        self._inventory.set_variable(hostname, key, shared)
        if shared is value and value.__class__ in self._stored:
            self._remember(value, self._stored_value(hostname, key))

    def _shared(self, value):
        table = self._stored.get(value.__class__)
        return value if table is None else table.get(value, value)

    def _remember(self, value, stored):
        table = self._stored.get(value.__class__)
        # stored == value: what the inventory keeps is this value (tagged or not), not something it made of it
        if table is not None and value not in table and stored == value:
            table[value] = stored

    def _stored_value(self, hostname, key):
        return self._inventory.get_host(hostname).vars.get(key)
