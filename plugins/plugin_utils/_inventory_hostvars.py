# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Host variables of the inventory plugin: one flat, prefixed dict per session.

PRIVATE to the collection: this file may change without notice.

The schema (keys shown without the prefix) is documented in the plugin and reproduced by the benchmarks:

* ``session_id``, ``session_type`` (Support/Meeting/Access), ``name``, ``host``, ``is_public``, ``code``, ``is_ended``;
* ``online``: a guest (ProcessType 2) is connected;
* ``custom_properties``: the 8 values by position, plus one key per configured custom property label;
* ``guest_network_address``, ``guest_client_version``, ``guest_info_update_time``, ``last_connected_event_time``,
  ``last_guest_connected_event_time``, ``last_guest_disconnected_event_time``;
* every field of ``GuestInfo`` as ``guest_`` + snake_case(field): ``ProcessorArchitecture`` as its name, fields
  whose name ends in ``Time`` as dates.

Dates are ISO 8601 strings in UTC (``_model.iso_datetime``), "never" is None. Other top-level fields are ignored.
The session dict is only read, never changed: it may be the cached API answer.
"""

from __future__ import annotations

import re

from ansible_collections.screenconnect.restapi.plugins.module_utils import _model as model
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._unsafe import make_unsafe, wrap_var

# Top-level string fields: hostvar key -> API field. The server sends "" rather than null for empty strings.
STRING_FIELDS = (
    ("session_id", "SessionID"), ("name", "Name"), ("host", "Host"), ("code", "Code"),
    ("guest_network_address", "GuestNetworkAddress"), ("guest_client_version", "GuestClientVersion"),
)
BOOL_FIELDS = (("is_public", "IsPublic"), ("is_ended", "IsEnded"))
DATE_FIELDS = (
    ("guest_info_update_time", "GuestInfoUpdateTime"),
    ("last_connected_event_time", "LastConnectedEventTime"),
    ("last_guest_connected_event_time", "LastGuestConnectedEventTime"),
    ("last_guest_disconnected_event_time", "LastGuestDisconnectedEventTime"),
)
_GUEST_KEY = re.compile(r"^guest_[a-z0-9]+(?:_[a-z0-9]+)*$")
SCHEMA_KEYS = frozenset(
    [key for key, _field in STRING_FIELDS + BOOL_FIELDS + DATE_FIELDS]
    + ["session_type", "online", "custom_properties"])

PROCESSOR_ARCHITECTURES = {0: "X86", 5: "Arm32", 9: "X64", 12: "Arm64", -1: "Unknown"}

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
# The form the server sends: UTC with "Z" and 0 to 7 fractional digits. Anything else goes to _model.iso_datetime.
_UTC_DATE = re.compile(r"^([1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)"
                       r"(?:\.(\d{1,9}))?Z$")
_NEVER = "0001-01-01T00:00:00"


class HostvarsError(ValueError):
    """A configuration value the host variables cannot be built with."""


def snake_case(name):
    """``OperatingSystemName`` -> ``operating_system_name``."""
    return _CAMEL_BOUNDARY.sub("_", str(name)).lower()


def label_key(label):
    """The variable name of a custom property label: lower case, every character but a-z and 0-9 as ``_``."""
    return _NOT_ALNUM.sub("_", str(label).lower())


def processor_architecture(value):
    if isinstance(value, str) and not value.lstrip("-").isdigit():
        return value
    try:
        return PROCESSOR_ARCHITECTURES.get(int(value), "Unknown")
    except (TypeError, ValueError):
        return "Unknown"


def iso_date(value):
    """``_model.iso_datetime(value)``, with a string-only fast path for the server's own UTC form (same result)."""
    if value.__class__ is str:
        if value == _NEVER:
            return None
        match = _UTC_DATE.match(value)
        if match:
            return "%s.%sZ" % (match.group(1), (match.group(2) or "")[:6].ljust(6, "0"))
    return model.iso_datetime(value)


def custom_property_labels(names):
    """Validate ``custom_property_names`` (label -> position 1-8); return ((key, index), ...) with 0-based indexes."""
    result = []
    seen = {}
    for label, position in (names or {}).items():
        key = label_key(label)
        if not str(label).strip() or not key.strip("_"):
            raise HostvarsError("custom_property_names: the label %r gives no usable variable name" % (label,))
        if isinstance(position, bool) or not isinstance(position, (int, str)) or not str(position).isdigit() \
                or not 1 <= int(position) <= model.CUSTOM_PROPERTY_COUNT:
            raise HostvarsError("custom_property_names: the position of %r must be a number from 1 to %d, not %r"
                                % (label, model.CUSTOM_PROPERTY_COUNT, position))
        if key in SCHEMA_KEYS or key.startswith("guest_"):
            raise HostvarsError("custom_property_names: the label %r becomes the variable %r, which the plugin already "
                                "sets; choose another label" % (label, key))
        if key in seen:
            raise HostvarsError("custom_property_names: the labels %r and %r both become the variable %r"
                                % (seen[key], label, key))
        seen[key] = label
        result.append((key, int(position) - 1))
    return tuple(result)


class HostvarsBuilder(object):
    """Builds the prefixed host variables of sessions; the key names are computed once, not per session."""

    def __init__(self, prefix, custom_property_names=None):
        self.prefix = prefix
        self._strings = tuple((prefix + key, field) for key, field in STRING_FIELDS)
        self._bools = tuple((prefix + key, field) for key, field in BOOL_FIELDS)
        self._dates = tuple((prefix + key, field) for key, field in DATE_FIELDS)
        self._labels = tuple((prefix + key, index) for key, index in custom_property_labels(custom_property_names))
        self._session_type = prefix + "session_type"
        self._online = prefix + "online"
        self._custom_properties = prefix + "custom_properties"
        self._guest_keys = {}  # GuestInfo field -> (prefixed key, kind)

    def kept_keys(self, names):
        """The prefixed keys that option ``hostvars`` keeps (None: all), each name checked before any request."""
        if names is None:
            return None
        if not isinstance(names, (list, tuple)):
            raise HostvarsError("hostvars must be a list of host variable names without the prefix")
        labels = set(key[len(self.prefix):] for key, _index in self._labels)
        for name in names:
            if not isinstance(name, str) or not (name in SCHEMA_KEYS or name in labels or (
                    name.startswith("guest_") and _GUEST_KEY.match(name))):
                raise HostvarsError("hostvars: %r is not a host variable this plugin sets (one of %s, a label of "
                                    "custom_property_names, or guest_<field>)" % (name, ", ".join(sorted(SCHEMA_KEYS))))
        return frozenset(self.prefix + name for name in names)

    def _guest_key(self, field):
        entry = self._guest_keys.get(field)
        if entry is None:
            if not isinstance(field, str) or not _FIELD_NAME.match(field):
                kind = "skip"  # not a property name: never turn remote text into a variable name
            elif field == "ProcessorArchitecture":
                kind = "arch"
            elif field.endswith("Time"):
                kind = "date"
            else:
                kind = None
            entry = self._guest_keys[field] = (self.prefix + "guest_" + snake_case(field), kind)
        return entry

    def build(self, session):
        """The host variables of one session (a new dict; remote strings are marked unsafe).

        Written for speed (it runs once per session): local names, no per-value function calls where an inline test
        does, and a string date fast path.
        """
        get = session.get
        hostvars = {}
        for key, field in self._strings:
            value = get(field)
            if value is None:
                value = ""
            elif not isinstance(value, str):
                value = str(value)
            hostvars[key] = wrap_var(value) if ("{" in value or "}" in value) else value
        for key, field in self._bools:
            hostvars[key] = bool(get(field))
        for key, field in self._dates:
            hostvars[key] = iso_date(get(field))
        hostvars[self._session_type] = make_unsafe(model.session_type_name(get("SessionType", "")))
        hostvars[self._online] = model.is_online(session)
        values = [wrap_var(value) if ("{" in value or "}" in value) else value
                  for value in model.custom_property_values(session)]
        hostvars[self._custom_properties] = values
        for key, index in self._labels:
            hostvars[key] = values[index]
        info = get("GuestInfo")
        if isinstance(info, dict):
            known = self._guest_keys
            for field, value in info.items():
                entry = known.get(field) or self._guest_key(field)
                kind = entry[1]
                if kind is None:
                    if value.__class__ is str:
                        if "{" in value or "}" in value:
                            value = wrap_var(value)
                    elif not isinstance(value, (bool, int, float)) and value is not None:
                        value = make_unsafe(value)
                elif kind == "date":
                    value = iso_date(value)
                elif kind == "arch":
                    value = make_unsafe(processor_architecture(value))
                else:
                    continue  # "skip": not a property name
                hostvars[entry[0]] = value
        return hostvars
