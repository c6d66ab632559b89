# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: screenconnect
short_description: ScreenConnect sessions as inventory hosts
version_added: 1.0.0
author:
  - ScreenConnect Ansible contributors (@screenconnect-ansible)
description:
  - Reads ConnectWise ScreenConnect sessions through the RESTful API Manager extension with one
    C(GetSessionsByFilter) call and makes each session an inventory host.
  - The configuration file name must end in C(screenconnect.yml) or C(screenconnect.yaml).
  - "Host variables start with O(hostvar_prefix) (C(screenconnect_) by default): C(session_id), C(session_type)
    (V(Support), V(Meeting) or V(Access)), C(name), C(host), C(is_public), C(code), C(is_ended), C(online) (a guest is
    connected), C(custom_properties) (the 8 values by position), one variable per label of O(custom_property_names),
    C(guest_network_address), C(guest_client_version), C(guest_info_update_time), C(last_connected_event_time),
    C(last_guest_connected_event_time), C(last_guest_disconnected_event_time), and every C(GuestInfo) field as
    C(guest_) plus the field name in snake case, for example C(screenconnect_guest_machine_name) and
    C(screenconnect_guest_operating_system_name)."
  - Dates are ISO 8601 strings in UTC; a date the server reports as never (C(0001-01-01T00:00:00)) is V(null).
    C(guest_processor_architecture) is a name (V(X86), V(Arm32), V(X64), V(Arm64) or V(Unknown)).
  - All text received from the server is marked unsafe, so a session name that contains Jinja, such as C({{ 7 * 6 }}),
    is data and never a template.
  - The raw answer is cached, if O(cache) is enabled, under one key per configuration file, O(url), O(extension_id)
    and O(secret); a cache entry for another O(session_filter) is ignored. The key holds a keyed fingerprint
    (HMAC-SHA256 keyed by the secret), never the secret nor a plain hash of it, so a changed or revoked secret
    fetches again. Entries written under an old secret stay until they expire or C(--flush-cache) removes them.
  - The cached answer describes the fleet. With a file-based cache plugin (C(ansible.builtin.jsonfile),
    C(community.general.yaml) or C(community.general.pickle)) the plugin writes its cache files with mode 0600, where
    those plugins alone would make them readable by everyone (0644). Other cache plugins (for example Redis)
    protect entries as they are configured to.
notes:
  - The connection options can be templated, for example with a lookup or an Ansible Vault encrypted value; values taken
    from environment variables are not templated.
  - "For AWX or Automation Controller, use a custom credential type that injects the E(SCREENCONNECT_URL)
    environment variable and the secret as a file named by E(SCREENCONNECT_SECRET_FILE) (the collection's credential
    type in C(extensions/awx) does), so one credential serves the inventory source and the modules,
    and set C(enabled_var) to C(screenconnect_online). If AWX does not list the configuration file, type its path."
  - The C(inventory_hostname) is not set as C(ansible_host); use O(compose) to set C(ansible_host) if the hosts are
    reachable, for example from C(screenconnect_guest_private_network_address).
seealso:
  - module: screenconnect.restapi.screenconnect_session_info
  - name: RESTful API Manager
    description: The ScreenConnect extension this plugin talks to.
    link: https://docs.connectwise.com/ConnectWise_ScreenConnect_Documentation/Supported_extensions/Administration/RESTful_API_Manager
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
  - screenconnect.restapi.connection.plugins
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [screenconnect.restapi.screenconnect]
  session_filter:
    description:
      - The session filter expression sent to C(GetSessionsByFilter), in ScreenConnect's filter language, for example
        V(SessionType = 'Access' AND CustomProperty1 = 'Acme').
      - The server selects the sessions, so a narrow filter makes the inventory faster.
      - Can be templated in the configuration file.
    type: str
    default: "SessionType = 'Access'"
    env:
      - name: SCREENCONNECT_SESSION_FILTER
  filters:
    description:
      - Client-side filters, applied after O(session_filter). A list of dictionaries with one key, C(include) or
        C(exclude), whose value is a Jinja condition over the host variables and C(inventory_hostname).
      - The filters are tried in order and the first whose condition is true decides; a host that matches none is
        included.
    type: list
    elements: dict
    default: []
  hostnames:
    description:
      - Jinja expressions in order of preference, evaluated against the session's variables B(without) the prefix (for
        example V(name), V(guest_machine_name), V(company | lower ~ '-' ~ session_id)); the first that gives a
        non-empty text is the inventory host name.
      - Bare variable names are looked up without Jinja, which is fastest.
      - Unattended sessions often have an empty C(name), hence the fallbacks.
    type: list
    elements: str
    default: [name, guest_machine_name, session_id]
  duplicate_hostnames:
    description:
      - What to do when several sessions get the same host name, for example after a machine was reprovisioned and its
        old session remains.
      - V(warn) keeps one session per name, the online one, else the one with the latest C(last_connected_event_time),
        else the first in API order, and warns with the ids of the others.
      - V(error) fails, as does V(warn) when O(strict=true).
      - V(suffix) keeps all sessions; all but the one V(warn) would keep get C(_) and their session id appended.
    type: str
    choices: [warn, error, suffix]
    default: warn
  hostvar_prefix:
    description:
      - Prefix of every host variable. It must not be empty, so that no variable collides with reserved names such as
        C(name).
    type: str
    default: screenconnect_
  hostvars:
    description:
      - The host variables to set, named without O(hostvar_prefix), for example V([session_id, online, guest_machine_name]).
      - When not set, every host variable is set; V([]) sets none. Fewer variables make a large inventory use less
        memory and time; for 100,000 sessions, V([name, session_id, online]) instead of all 45 variables took
        C(ansible-inventory --list) from 3.3 GiB to under 1 GiB of memory and to a third of the CPU time.
      - A name that is not a host variable of this plugin is refused before any request.
      - O(compose), O(groups), O(keyed_groups) and O(default_groups) still see every variable; only what is stored on
        the hosts is chosen.
    type: list
    elements: str
  custom_property_names:
    description:
      - "Names for custom properties, as label to position (1 to 8), for example V({Company: 1, Site: 2})."
      - Each label becomes a host variable named after the label in lower case with every character but letters and
        digits replaced by C(_), for example C(screenconnect_company).
      - A label that becomes a name the plugin already sets is an error.
    type: dict
    default: {}
  default_groups:
    description:
      - "Add the hosts to groups computed without Jinja, which is fast for large fleets:
        C(<prefix>online) or C(<prefix>offline); C(<prefix>type_access), C(<prefix>type_support) or
        C(<prefix>type_meeting); C(<prefix>os_windows), C(<prefix>os_linux), C(<prefix>os_macos) or C(<prefix>os_other)."
    type: bool
    default: false
"""

EXAMPLES = r"""
# The graphs below are the output of "ansible-inventory -i <file> --graph" against the demo fleet of the
# collection's ScreenConnect emulator (make demo).

---
# Minimal: the connection from SCREENCONNECT_URL and SCREENCONNECT_SECRET, all Access sessions.
# File: fleet.screenconnect.yml
plugin: screenconnect.restapi.screenconnect

# @all:
#   |--@ungrouped:
#   |  |--ACME-DC01
#   |  |--ACME-FS01
#   |  |--ACME-LT-0001
#   |  |--ACME-LT-0002
#   |  |--DESKTOP-7GXL8S3      <- an unattended session without a name: the machine name
#   |  |--web-01
#   |  |--web-02
#   |  |--db-01
#   |  |--build-01
#   |  |--O'Brien's Laptop
#   |  |--OBRIEN-WS-01
#   |  |--OBRIEN-MAC-01
#   |  |--ACME-LT-0003         <- only a technician is connected: offline (see the next example)

---
# The secret from a lookup (or Ansible Vault), a narrower server-side filter, fast default groups.
plugin: screenconnect.restapi.screenconnect
url: https://support.example.com
secret: "{{ lookup('ansible.builtin.env', 'SC_SECRET') }}"
# secret: !vault |
#   $ANSIBLE_VAULT;1.1;AES256
#   ...
session_filter: "SessionType = 'Access' AND GuestOperatingSystemName LIKE '*Windows*'"
default_groups: true

# @all:
#   |--@ungrouped:
#   |--@screenconnect_online:
#   |  |--ACME-DC01
#   |  |--ACME-FS01
#   |  |--ACME-LT-0001
#   |  |--DESKTOP-7GXL8S3
#   |  |--O'Brien's Laptop
#   |  |--OBRIEN-WS-01
#   |--@screenconnect_type_access:
#   |  |--ACME-DC01
#   |  |--ACME-FS01
#   |  |--ACME-LT-0001
#   |  |--ACME-LT-0002
#   |  |--DESKTOP-7GXL8S3
#   |  |--O'Brien's Laptop
#   |  |--OBRIEN-WS-01
#   |  |--ACME-LT-0003
#   |--@screenconnect_os_windows:
#   |  |--ACME-DC01
#   |  |--ACME-FS01
#   |  |--ACME-LT-0001
#   |  |--ACME-LT-0002
#   |  |--DESKTOP-7GXL8S3
#   |  |--O'Brien's Laptop
#   |  |--OBRIEN-WS-01
#   |  |--ACME-LT-0003
#   |--@screenconnect_offline:
#   |  |--ACME-LT-0002
#   |  |--ACME-LT-0003         <- a technician (ProcessType 1) is connected, no guest: online means a guest

---
# Groups by company and site, from custom properties 1 and 2.
plugin: screenconnect.restapi.screenconnect
custom_property_names:
  Company: 1
  Site: 2
keyed_groups:
  - key: screenconnect_company
    prefix: company
  - key: screenconnect_site
    prefix: site

# @all:
#   |--@ungrouped:
#   |--@company_Acme:
#   |  |--ACME-DC01
#   |  |--ACME-FS01
#   |  |--ACME-LT-0001
#   |  |--ACME-LT-0002
#   |  |--DESKTOP-7GXL8S3
#   |  |--ACME-LT-0003
#   |--@site_HQ:
#   |  |--ACME-DC01
#   |  |--ACME-FS01
#   |  |--ACME-LT-0001
#   |--@site_Branch_01:
#   |  |--ACME-LT-0002
#   |  |--DESKTOP-7GXL8S3
#   |  |--ACME-LT-0003
#   |--@company_Globex:
#   |  |--web-01
#   |  |--web-02
#   |  |--db-01
#   |  |--build-01
#   |--@site_DC_East:
#   |  |--web-01
#   |  |--web-02
#   |--@site_DC_West:
#   |  |--db-01
#   |  |--build-01
#   |--@company_O_Brien_Plumbing:
#   |  |--O'Brien's Laptop
#   |  |--OBRIEN-WS-01
#   |  |--OBRIEN-MAC-01
#   |--@site_Shop_Floor:
#   |  |--O'Brien's Laptop
#   |  |--OBRIEN-WS-01
#   |--@site_Home_Office:
#   |  |--OBRIEN-MAC-01

---
# Client-side filters (the first true condition decides), ansible_host from the guest's private address.
plugin: screenconnect.restapi.screenconnect
filters:
  - exclude: screenconnect_is_ended
  - include: screenconnect_online and screenconnect_guest_operating_system_name | default('') is search('Linux|Ubuntu')
  - exclude: true
compose:
  ansible_host: screenconnect_guest_private_network_address

# @all:
#   |--@ungrouped:
#   |  |--web-01
#   |  |--web-02
#   |  |--db-01
#   |  |--build-01

---
# Host names: the machine name in lower case, else the session id. A reprovisioned machine's old session is
# kept under its name plus its session id (for example acme-lt-0002_c1b9c32d-1b8c-435a-83da-ee2a1ecb1b80)
# instead of being skipped with a warning; the demo fleet has no such session.
plugin: screenconnect.restapi.screenconnect
hostnames:
  - guest_machine_name | lower
  - session_id
duplicate_hostnames: suffix

# @all:
#   |--@ungrouped:
#   |  |--acme-dc01
#   |  |--acme-fs01
#   |  |--acme-lt-0001
#   |  |--acme-lt-0002
#   |  |--desktop-7gxl8s3
#   |  |--web-01
#   |  |--web-02
#   |  |--db-01
#   |  |--build-01
#   |  |--obrien-lt-01
#   |  |--obrien-ws-01
#   |  |--obrien-mac-01
#   |  |--acme-lt-0003

---
# Run modules on the guests through ScreenConnect: the hosts use the connection plugin
# screenconnect.restapi.screenconnect, which finds each session by the screenconnect_session_id this plugin sets
# (see the guide "Running Ansible modules on guests through ScreenConnect").
# Then: ansible -i globex.screenconnect.yml all -m ansible.builtin.setup
plugin: screenconnect.restapi.screenconnect
session_filter: "SessionType = 'Access' AND CustomProperty1 = 'Globex'"
compose:
  ansible_connection: "'screenconnect.restapi.screenconnect'"

# @all:
#   |--@ungrouped:
#   |  |--web-01
#   |  |--web-02
#   |  |--db-01
#   |  |--build-01

---
# Cache the answer for an hour in JSON files; "ansible-inventory --flush-cache" fetches it again.
plugin: screenconnect.restapi.screenconnect
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-screenconnect
cache_timeout: 3600
"""

import re

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import client_from_options
from ansible_collections.screenconnect.restapi.plugins.module_utils._errors import (
    ScreenConnectConfigError,
    ScreenConnectError,
)
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_cache import cache_key, make_files_private
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_filters import (
    FilterError,
    filter_host,
    parse_filters,
)
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_groups import DefaultGroups
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_hostnames import (
    HostnameError,
    HostnamePicker,
    resolve_duplicates,
)
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_hostvars import (
    HostvarsBuilder,
    HostvarsError,
)
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._inventory_values import SharedValues
from ansible_collections.screenconnect.restapi.plugins.plugin_utils._plugin_options import OptionsAsGiven

_SUFFIXES = ("screenconnect.yml", "screenconnect.yaml")
_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LISTED = 20  # names listed in a warning; -vvv lists all
_OWN_BOOLEANS = ("default_groups",)


def _listing(items):
    items = list(items)
    text = "; ".join(items[:_LISTED])
    return text + ("; and %d more (-vvv lists all)" % (len(items) - _LISTED) if len(items) > _LISTED else "")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "screenconnect.restapi.screenconnect"
    _cache_in_use = False  # this parse read or wrote self._cache

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        if path.endswith(_SUFFIXES):
            return True
        self.display.vvv("Skipping %s: a screenconnect.restapi.screenconnect inventory file name must end in "
                         "'screenconnect.yml' or 'screenconnect.yaml'" % path)
        return False

    def _templated(self, name):
        """An option's value, templated when it came from the configuration file (lookups and vault allowed)."""
        # Whether the file set it, from the file itself: before ansible-core 2.19, get_option_and_origin() ignores
        # the file's (direct) settings and fails for a required option that only the file sets.
        value = self.get_option(name)
        if value is not None and not isinstance(value, (str, bool, int, float, list, dict)):
            return str(value)  # a vault-encrypted value (EncryptedString, AnsibleVaultEncryptedUnicode): decrypt
        if isinstance(value, str) and name in self._file_options and self.templar.is_template(value):
            value = self.templar.template(value)
        return value

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._file_options = self._read_config_data(path) or {}
        config = self._file_options
        try:
            self._connection_options = OptionsAsGiven(self, self._templated, direct=config, booleans=_OWN_BOOLEANS)
            prefix = self.get_option("hostvar_prefix")
            if not prefix or not _PREFIX.match(prefix):
                raise HostvarsError("hostvar_prefix must be a non-empty variable name prefix such as screenconnect_, "
                                    "not %r" % (prefix,))
            builder = HostvarsBuilder(prefix, self.get_option("custom_property_names"))
            kept = builder.kept_keys(self.get_option("hostvars"))
            picker = HostnamePicker(self.get_option("hostnames"), prefix, self.templar)
            filters = parse_filters(self.get_option("filters"))
            session_filter = self._templated("session_filter")
            sessions = self._sessions(path, cache, session_filter)
            entries = self._entries(sessions, prefix, builder, picker, filters, session_filter)
            del sessions  # the raw answer is not needed to add the hosts; without cache this frees it
            self._add_hosts(entries, prefix, kept)
        except (HostvarsError, HostnameError, FilterError, ScreenConnectConfigError) as exc:
            raise AnsibleParserError("%s: %s" % (path, exc))

    def update_cache_if_changed(self):
        """Write the cache entry if this parse changed it (ansible-core calls this right after parse()), then let go
        of every in-memory copy of the cached answer.

        ansible-core 2.19 and later keep the plugin in a reference cycle with their inventory wrapper, so the plugin
        and its cache adjudicator (the answer, the deep copy a write leaves, the cache plugin's own copy; hundreds of
        MiB at 100,000 sessions) would stay until Python's cycle collector runs, possibly while ansible-inventory
        builds its largest structures. A fresh adjudicator reads the entry back from the cache plugin when asked.
        """
        super(InventoryModule, self).update_cache_if_changed()
        if self._cache_in_use:
            self._cache_in_use = False
            self.load_cache_plugin()
            make_files_private(self._cache)

    def _client(self):
        """The client, which checks every connection option (the secret too) before any request or cache read."""
        try:
            client = client_from_options(self._connection_options)
        except ScreenConnectError as exc:
            raise AnsibleParserError("ScreenConnect inventory: %s" % exc)
        for warning in client.warnings:
            self.display.warning(warning)
        return client

    @staticmethod
    def _fetch(client, session_filter):
        try:
            return ScreenConnectAPI(client).get_sessions_by_filter(session_filter)
        except ScreenConnectError as exc:
            raise AnsibleParserError("ScreenConnect inventory: %s" % exc)

    def _sessions(self, path, cache, session_filter):
        """The session list, from the cache or from one GetSessionsByFilter call (the core cache pattern)."""
        client = self._client()
        user_cache_setting = self.get_option("cache")
        if not user_cache_setting:
            return self._fetch(client, session_filter)
        self._cache_in_use = True
        make_files_private(self._cache)
        key = cache_key(self.get_cache_key(path), client)
        source = dict(url=client.base_url, session_filter=session_filter)
        if cache:  # cache=False (--flush-cache, refresh_inventory): do not read, but write
            try:
                entry = self._cache[key]
                if isinstance(entry, dict) and isinstance(entry.get("sessions"), list) and \
                        entry.get("url") == source["url"] and entry.get("session_filter") == session_filter:
                    return entry["sessions"]
            except KeyError:
                pass
        sessions = self._fetch(client, session_filter)
        self._cache[key] = dict(source, sessions=sessions)
        return sessions

    def _entries(self, sessions, prefix, builder, picker, filters, session_filter):
        """The (hostname, hostvars) pairs to add: named, filtered, with duplicates resolved."""
        strict = self.get_option("strict")
        entries = []
        unnamed = []
        for session in sessions:
            hostvars = builder.build(session)
            try:
                hostname = picker.pick(hostvars)
            except HostnameError as exc:
                unnamed.append(str(exc))
                continue
            if filters and not filter_host(self.templar, hostname, hostvars, filters):
                continue
            entries.append((hostname, hostvars))
        if unnamed:
            if strict:
                raise HostnameError("; ".join(unnamed))
            self.display.warning("Skipped %d sessions without a host name: %s" % (len(unnamed), _listing(unnamed)))
            self.display.vvv("Sessions without a host name: %s" % "; ".join(unnamed))
        if not sessions:
            self.display.warning("ScreenConnect session_filter %r matched no sessions" % session_filter)
        elif not entries and filters:
            self.display.warning("The filters excluded all %d sessions that session_filter %r matched"
                                 % (len(sessions), session_filter))
        mode = self.get_option("duplicate_hostnames")
        entries, skipped = resolve_duplicates(entries, mode, prefix)
        if skipped:
            details = ["%s: %s" % (name, ", ".join(ids)) for name, ids in skipped.items()]
            if mode == "error" or (mode == "warn" and strict):
                raise HostnameError("several sessions have the same host name (duplicate_hostnames=%s%s): %s"
                                    % (mode, ", strict" if strict else "", "; ".join(details)))
            if mode == "warn":
                self.display.warning(
                    "%d host names belong to several sessions; kept one per name (online, else most recently "
                    "connected) and skipped the sessions: %s. Set duplicate_hostnames=suffix to keep them."
                    % (len(skipped), _listing(details)))
                self.display.vvv("Skipped duplicate sessions: %s" % "; ".join(details))
        return entries

    def _add_hosts(self, entries, prefix, kept=None):
        inventory = self.inventory
        strict = self.get_option("strict")
        compose = self.get_option("compose")
        groups = self.get_option("groups")
        keyed_groups = self.get_option("keyed_groups")
        default_groups = DefaultGroups(prefix) if self.get_option("default_groups") else None
        known_groups = set()
        values = SharedValues(inventory)
        for hostname, hostvars in entries:
            hostname = inventory.add_host(hostname)
            for key, value in hostvars.items():
                if kept is None or key in kept:
                    values.set(hostname, key, value)
            if default_groups:
                for group in default_groups.groups_of(hostvars):
                    if group not in known_groups:
                        known_groups.add(inventory.add_group(group))
                    inventory.add_child(group, hostname)
            if compose:
                self._set_composite_vars(compose, hostvars, hostname, strict=strict)
            if groups:
                self._add_host_to_composed_groups(groups, hostvars, hostname, strict=strict)
            if keyed_groups:
                self._add_host_to_keyed_groups(keyed_groups, hostvars, hostname, strict=strict)
