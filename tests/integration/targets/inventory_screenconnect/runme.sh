#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The inventory plugin against the emulator that `make test` starts: --graph and --list on the seeded fleet,
# remote text that looks like Jinja, duplicates, a playbook using the inventory with module tasks, the env-only
# configuration AWX injects, and a cached second run that makes no API call.
#
# ansible-test does not pass integration_config.yml to script targets as variables or environment; it copies the
# file next to the targets (tests/integration/integration_config.yml), so read it from there. SCREENCONNECT_URL,
# SCREENCONNECT_SECRET and SCREENCONNECT_CONTROL_URL in the environment are the fallback for running by hand.
set -eux

cd "$(dirname "$0")"
refute() {  # refute CMD...: fail when CMD succeeds (a bare "! CMD" never stops a set -e script)
    if "$@"; then echo "unexpectedly succeeded: $*" >&2; exit 1; fi
}
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python || command -v python3)}"
HELPER="$PWD/files/sc_helper.py"
CONFIG="${SCREENCONNECT_INTEGRATION_CONFIG:-../../integration_config.yml}"

set +x  # the secret stays out of the log
if [ -f "$CONFIG" ]; then
    eval "$("$PY" "$HELPER" env "$CONFIG")"
else
    SC_URL="${SCREENCONNECT_URL:-}" SC_SECRET="${SCREENCONNECT_SECRET:-}" SC_CONTROL_URL="${SCREENCONNECT_CONTROL_URL:-}"
fi
if [ -z "$SC_URL" ] || [ -z "$SC_SECRET" ] || [ -z "$SC_CONTROL_URL" ]; then
    echo "no emulator: write $CONFIG (screenconnect_url, screenconnect_secret, screenconnect_control_url)" >&2
    exit 1
fi
export SC_URL SC_SECRET SC_CONTROL_URL
# As an AWX custom credential injects them: the same variables serve the inventory and the modules.
export SCREENCONNECT_URL="$SC_URL" SCREENCONNECT_SECRET="$SC_SECRET"
set -x

WORK="${OUTPUT_DIR:-$(mktemp -d)}/inventory_screenconnect"
rm -rf "$WORK"
mkdir -p "$WORK"
export ANSIBLE_INVENTORY_ENABLED=screenconnect.restapi.screenconnect
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
MARKER="InvTest-$$-$RANDOM"

# 1. The whole fleet, env-only connection: every Access session the API returns is a host; the fleet's
#    technician-only sessions (a technician connected, no guest) are offline.
cat >"$WORK/fleet.screenconnect.yml" <<YAML
plugin: screenconnect.restapi.screenconnect
custom_property_names: {Company: 1, Site: 2}
default_groups: true
duplicate_hostnames: suffix
keyed_groups:
  - key: screenconnect_company
    prefix: company
YAML
ansible-inventory -i "$WORK/fleet.screenconnect.yml" --list >"$WORK/fleet.json"
"$PY" "$HELPER" check-list fleet "$WORK/fleet.json" "$("$PY" "$HELPER" api-ids "SessionType = 'Access'")" \
    "$("$PY" "$HELPER" api-ids "SessionType = 'Access' AND HostConnectedCount > 0 AND GuestConnectedCount = 0")"
ansible-inventory -i "$WORK/fleet.screenconnect.yml" --graph >"$WORK/fleet.graph"
grep -q '^  |--@screenconnect_online:' "$WORK/fleet.graph"
grep -q '^  |--@screenconnect_type_access:' "$WORK/fleet.graph"

# 2. Sessions of our own: a name that looks like Jinja, an unnamed one, reprovisioned twins.
"$PY" "$HELPER" seed "$MARKER"
cat >"$WORK/marked.screenconnect.yml" <<YAML
plugin: screenconnect.restapi.screenconnect
session_filter: "CustomProperty1 = '$MARKER'"
secret: "{{ lookup('ansible.builtin.env', 'SCREENCONNECT_SECRET') }}"
custom_property_names: {Company: 1}
default_groups: true
duplicate_hostnames: suffix
compose:
  ansible_host: screenconnect_guest_private_network_address
  sc_label: screenconnect_name ~ '!'
YAML
ansible-inventory -i "$WORK/marked.screenconnect.yml" --list >"$WORK/marked.json"
"$PY" "$HELPER" check-list marked "$WORK/marked.json" "$MARKER"
ansible-inventory -i "$WORK/marked.screenconnect.yml" --graph >"$WORK/marked.graph"
"$PY" "$HELPER" check-graph "$WORK/marked.graph" screenconnect_online "{{ lookup('pipe', 'id') }}" INVTEST-TWIN INVTEST-UNNAMED-PC
grep -q -- '--INVTEST-TWIN_' "$WORK/marked.graph"  # the offline twin, suffixed with its session id

# 3. A playbook over the inventory, module tasks delegated to localhost; the literal name comes out.
ansible-playbook -i "$WORK/marked.screenconnect.yml" files/playbook.yml -e "output_dir=$WORK" "$@"
grep -rqxF "{{ lookup('pipe', 'id') }}" "$WORK"/name-*.txt
refute grep -rq "uid=" "$WORK"/name-*.txt

# 4. Cache: the first run writes the cache, the second makes no API call, --flush-cache calls again.
cat >"$WORK/cached.screenconnect.yml" <<YAML
plugin: screenconnect.restapi.screenconnect
session_filter: "CustomProperty1 = '$MARKER'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: $WORK/cache
cache_timeout: 600
YAML
"$PY" "$HELPER" reset
ansible-inventory -i "$WORK/cached.screenconnect.yml" --list >"$WORK/cached1.json"
[ "$("$PY" "$HELPER" received)" = "1" ]
set +x  # commands that name the secret are not traced
refute grep -rqF -e "$SC_SECRET" "$WORK/cache"
set -x
ansible-inventory -i "$WORK/cached.screenconnect.yml" --list >"$WORK/cached2.json"
[ "$("$PY" "$HELPER" received)" = "1" ]
cmp "$WORK/cached1.json" "$WORK/cached2.json"
if ansible-inventory --help | grep -q -- '--flush-cache'; then
    ansible-inventory -i "$WORK/cached.screenconnect.yml" --list --flush-cache >/dev/null
else  # ansible-core 2.16: only ansible-playbook has --flush-cache (it parses the inventory with cache=False too)
    printf -- '- hosts: localhost\n  gather_facts: false\n  tasks: []\n' >"$WORK/noop.yml"
    ansible-playbook -i "$WORK/cached.screenconnect.yml" --flush-cache "$WORK/noop.yml" >/dev/null
fi
[ "$("$PY" "$HELPER" received)" = "2" ]

# 5. A wrong secret fails with the status and without the secret.
set +ex
SCREENCONNECT_SECRET="wrong-$SC_SECRET-wrong" ansible-inventory -i "$WORK/fleet.screenconnect.yml" --list \
    >/dev/null 2>"$WORK/error.txt"
rc=$?
set -e
[ "$rc" != "0" ]
grep -q "HTTP 401" "$WORK/error.txt"
refute grep -qF -e "$SC_SECRET" "$WORK/error.txt"
set -x
echo "inventory_screenconnect: all checks passed"
