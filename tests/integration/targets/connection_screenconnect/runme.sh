#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The connection plugin screenconnect.restapi.screenconnect against real guests of the emulator that `make test`
# starts (POST /__emulator/sessions {"real_guest": true}: their commands run with /bin/sh on this machine):
#   1. modules.yml over the inventory plugin's hosts (compose: ansible_connection), options from the environment,
#      then next_run.yml: a ping in a second ansible-playbook process costs at most 2 commands per guest;
#   2. static.yml over a static inventory (screenconnect_session_id, or the host name looked up as a session name),
#      options from host variables only, with an offline guest, an unknown name and an ambiguous one (unreachable);
#   3. faults.yml: the agent's kill timer, truncated output, a lost answer to SendCommandToSession, chunking under
#      the emulator's largest command text;
#   4. every run at -vvvv: the secret appears in none of the output, the controller's cache or the guest's files.
#
# As in inventory_screenconnect: ansible-test copies integration_config.yml next to the targets, so read it there;
# SCREENCONNECT_URL, SCREENCONNECT_SECRET and SCREENCONNECT_CONTROL_URL in the environment serve a run by hand.
set -eux

cd "$(dirname "$0")"
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python || command -v python3)}"
HELPER="$PWD/files/conn_helper.py"
CONFIG="${SCREENCONNECT_INTEGRATION_CONFIG:-../../integration_config.yml}"

set +x  # the secret stays out of the log
assignments="$("$PY" "$HELPER" env "$CONFIG")"  # a failure stops here (an eval of nothing would not)
eval "$assignments"
export SC_URL SC_SECRET SC_CONTROL_URL
# Exported here, untraced: a command prefixed with SCREENCONNECT_SECRET=... would be printed whole by set -x.
export SCREENCONNECT_URL="$SC_URL" SCREENCONNECT_SECRET="$SC_SECRET"
set -x

WORK="${OUTPUT_DIR:-$(mktemp -d)}/connection_screenconnect"
INV="$WORK/inventory"
LOGS="$WORK/logs"
rm -rf "$WORK"
mkdir -p "$INV/group_vars" "$WORK/controller" "$WORK/guest" "$WORK/fetched" "$LOGS"
trap '"$PY" "$HELPER" restore || true' EXIT  # faults and limits of this target never outlive it
MARKER="ConnTest-$$-$RANDOM"
assignments="$("$PY" "$HELPER" seed "$MARKER")"
eval "$assignments"
"$PY" "$HELPER" random-file "$WORK/controller/big.bin" 204800
"$PY" "$HELPER" random-file "$WORK/controller/small-chunks.bin" 40000

# The guests are this machine: the interpreter is the test's own Python (discovery would meet pyenv's shims), and
# every file the connection keeps stays inside $WORK.
cat >"$INV/group_vars/all.yml" <<YAML
ansible_python_interpreter: $PY
ansible_remote_tmp: $WORK/guest/remote-tmp
ansible_screenconnect_chunk_store: $WORK/guest/chunks-{{ inventory_hostname }}  # one machine, several guests
ansible_screenconnect_chunk_cache: $WORK/chunk-cache
sc_control_url: $SC_CONTROL_URL
controller_dir: $WORK/controller
guest_root: $WORK/guest
fetched_dir: $WORK/fetched
YAML

# As the guide shows it: the inventory plugin's hosts use the connection through compose.
cat >"$INV/conn.screenconnect.yml" <<YAML
plugin: screenconnect.restapi.screenconnect
session_filter: "CustomProperty1 = '$MARKER'"
compose:
  ansible_connection: "'screenconnect.restapi.screenconnect'"
YAML

cat >"$INV/static.yml" <<YAML
all:
  children:
    screenconnect_guests:
      vars:
        ansible_connection: screenconnect.restapi.screenconnect
        ansible_screenconnect_url: "{{ lookup('ansible.builtin.env', 'SC_URL') }}"
        ansible_screenconnect_secret: "{{ lookup('ansible.builtin.env', 'SC_SECRET') }}"
      children:
        reachable:
          hosts:
            static-by-id:
              screenconnect_session_id: $ID_STATIC
            conn-byname-$MARKER: {}
        unreachable:
          hosts:
            static-offline:
              screenconnect_session_id: $ID_OFFLINE
              unreachable_because: "is offline (no guest connection): nothing was sent"
            conn-none-$MARKER:
              unreachable_because: "no ScreenConnect session is named exactly 'conn-none-$MARKER'"
            conn-twin-$MARKER:
              unreachable_because: "2 ScreenConnect sessions are named 'conn-twin-$MARKER'"
YAML

playbook() {  # playbook LOG ARGS...: ansible-playbook -vvvv into LOG; on failure show its end
    local log="$LOGS/$1.log"
    shift
    if ! ansible-playbook -vvvv "$@" >"$log" 2>&1; then
        tail -n 150 "$log"
        echo "ansible-playbook $* failed; full output in $log" >&2
        return 1
    fi
    grep -E '^(PLAY RECAP|[a-z].*: ok=)' "$log"
}

# 1. The inventory plugin's hosts, options from the environment (as an AWX credential injects them).
playbook modules -i "$INV/conn.screenconnect.yml" playbooks/modules.yml "$@"
for host in conn-a conn-b; do  # what the guest wrote, read without Ansible
    cmp "$WORK/controller/big.bin" "$WORK/guest/$host/big.bin"
    cmp "$WORK/controller/big.bin" "$WORK/fetched/$host.bin"
done

# A new ansible-playbook process on the same guests and chunk_cache: its ping's chunks are already there.
playbook next_run -i "$INV/conn.screenconnect.yml" playbooks/next_run.yml "$@"

# 2. A static inventory, options from host variables only.
(unset SCREENCONNECT_URL SCREENCONNECT_SECRET && playbook static -i "$INV/static.yml" playbooks/static.yml "$@")
[ "$(cat "$WORK/guest/static-by-id.txt")" = static-by-id ]
[ "$(cat "$WORK/guest/conn-byname-$MARKER.txt")" = "conn-byname-$MARKER" ]

# 3. Fault cases.
playbook faults -i "$INV/conn.screenconnect.yml" playbooks/faults.yml "$@"

# 4. The secret is in no output at -vvvv, in no file on the controller or the guest that the runs wrote.
set +x  # commands that name the secret are not traced
grep -q 'ESTABLISH' "$LOGS/modules.log"  # the logs are -vvvv logs of the connection
leaks="$(cat "$LOGS"/*.log | grep -cF -e "$SC_SECRET" || true)"
files="$(grep -rlF -e "$SC_SECRET" "$WORK" || true)"
if [ "$leaks" != 0 ] || [ -n "$files" ]; then
    echo "the secret leaked: $leaks log lines; files: $files" >&2
    exit 1
fi
echo "secret: 0 of $(cat "$LOGS"/*.log | wc -l) -vvvv log lines, 0 files under $WORK"
set -x
echo "connection_screenconnect: all checks passed"
