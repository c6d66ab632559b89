#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `make demo`: build and install the collection, start the emulator with a small demo fleet, show the inventory
# plugin's view of it and run examples/demo.yml against it. No real ScreenConnect server is needed.
set -euo pipefail
# shellcheck source=hack/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

trap '"$REPO/hack/emulator.sh" stop demo >/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

n=0
demo_step() {
    n=$((n + 1))
    printf '\n=== [%4ss] %d. %s\n' "$SECONDS" "$n" "$*"
}

demo_step "Prepare the tools: .venv with Python 3.11 and requirements-dev.txt"
bootstrap_venv

demo_step "Build the collection and install it into build/installed"
stage
build_and_install
echo "installed: $(ls "$DIST")  ->  $INSTALLED/ansible_collections/screenconnect/restapi"

demo_step "Start the ScreenConnect emulator with the demo fleet and one real guest, web-01 (tests/emulator)"
# web-01's commands really run with /bin/sh on this machine, as this user (the emulator listens on 127.0.0.1 only)
"$REPO/hack/emulator.sh" start demo --fleet demo --real-guests 1
eval "$("$REPO/hack/emulator.sh" env demo)"
export SCREENCONNECT_URL SCREENCONNECT_SECRET
echo "SCREENCONNECT_URL=$SCREENCONNECT_URL"
echo "SCREENCONNECT_SECRET=<a random secret for this run>"

cd "$REPO/examples"
demo_step "The inventory plugin's view: ansible-inventory -i examples/demo.screenconnect.yml --graph"
ansible-inventory -i demo.screenconnect.yml --graph

demo_step "Run the playbook: ansible-playbook -i examples/demo.screenconnect.yml examples/demo.yml"
ansible-playbook -i demo.screenconnect.yml demo.yml

demo_step "Stop the emulator"
"$REPO/hack/emulator.sh" stop demo

printf '\nDemo finished in %ss: built and installed screenconnect.restapi, started the emulator with the demo fleet,\n' "$SECONDS"
echo "listed it with the inventory plugin and ran examples/demo.yml against it."
