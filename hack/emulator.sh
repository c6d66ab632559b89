#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Start and stop named ScreenConnect emulator instances for tests and the demo.
#
#   hack/emulator.sh start NAME [EMULATOR ARGS...]   e.g. start integration --sessions 20 --seed 1
#   hack/emulator.sh stop NAME                       SIGTERM, then SIGKILL after 10 s
#   hack/emulator.sh env NAME                        print SCREENCONNECT_URL/SECRET/CONTROL_URL as shell assignments
#
# Each instance listens on 127.0.0.1 on a free port, with a fresh random secret. Its state is in build/emulator/:
# NAME.json (the emulator's ready file: url, control_url, pid), NAME.secret, NAME.log.
set -euo pipefail
# shellcheck source=hack/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

STATE="$BUILD/emulator"
EMULATOR="$REPO/tests/emulator/screenconnect_emulator.py"
PY="$VENV/bin/python"
[ -x "$PY" ] || PY="$(command -v python3)"

field() {  # field NAME KEY: one value from the ready file
    "$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$STATE/$1.json" "$2"
}

is_ours() {  # is_ours PID: the process is alive and is the emulator
    [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -q 'screenconnect_emulator.py'
}

start() {
    local name="$1" pid i
    shift
    [ -f "$EMULATOR" ] || { echo "emulator: $EMULATOR does not exist" >&2; return 1; }
    mkdir -p "$STATE"
    stop "$name"
    rm -f "$STATE/$name.json"
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))' >"$STATE/$name.secret")
    "$PY" "$EMULATOR" --host 127.0.0.1 --port 0 --secret="$(cat "$STATE/$name.secret")" \
        --ready-file "$STATE/$name.json" "$@" >"$STATE/$name.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$STATE/$name.pid"
    for i in $(seq 1 300); do
        if [ -s "$STATE/$name.json" ] && field "$name" url >/dev/null 2>&1; then
            echo "emulator $name: $(field "$name" url) (pid $pid, log $STATE/$name.log)"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "emulator $name: exited before it was ready; its log:" >&2
            cat "$STATE/$name.log" >&2
            return 1
        fi
        [ "$i" -eq 300 ] || sleep 0.1
    done
    echo "emulator $name: not ready after 30 s; its log:" >&2
    cat "$STATE/$name.log" >&2
    stop "$name"
    return 1
}

stop() {
    local name="$1" pid i
    [ -f "$STATE/$name.pid" ] || return 0
    pid="$(cat "$STATE/$name.pid")"
    if is_ours "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do
            is_ours "$pid" || break
            [ "$i" -lt 100 ] || { kill -KILL "$pid" 2>/dev/null || true; }
            sleep 0.1
        done
        echo "emulator $name: stopped (pid $pid)"
    fi
    rm -f "$STATE/$name.pid"
}

env_of() {
    local name="$1"
    [ -s "$STATE/$name.json" ] || { echo "emulator $name is not running" >&2; return 1; }
    printf 'SCREENCONNECT_URL=%q\n' "$(field "$name" url)"
    printf 'SCREENCONNECT_SECRET=%q\n' "$(cat "$STATE/$name.secret")"
    printf 'SCREENCONNECT_CONTROL_URL=%q\n' "$(field "$name" control_url)"
}

case "${1:-}" in
    start) [ $# -ge 2 ] || { echo "usage: $0 start NAME [ARGS...]" >&2; exit 2; }; shift; start "$@" ;;
    stop) [ $# -eq 2 ] || { echo "usage: $0 stop NAME" >&2; exit 2; }; stop "$2" ;;
    env) [ $# -eq 2 ] || { echo "usage: $0 env NAME" >&2; exit 2; }; env_of "$2" ;;
    *) echo "usage: $0 start NAME [ARGS...] | stop NAME | env NAME" >&2; exit 2 ;;
esac
