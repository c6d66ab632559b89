#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `make bench`: run benchmarks/run.py with the venv's Python, the staged collection importable as
# ansible_collections.screenconnect.restapi and the built collection on ANSIBLE_COLLECTIONS_PATH.
# hack/bench.sh [inventory|fanout|single_call|all] [options]: without a benchmark name, all of them.
set -euo pipefail
# shellcheck source=hack/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ ! -f "$REPO/benchmarks/run.py" ]; then
    echo "benchmarks/run.py does not exist yet: nothing to run"
    exit 0
fi
bootstrap_venv
stage
build_and_install
export PYTHONPATH="$BUILD${PYTHONPATH:+:$PYTHONPATH}"
cd "$REPO"
case "${1:-}" in
    inventory | fanout | single_call | connection | all) ;;
    *) set -- all "$@" ;;
esac
exec "$VENV/bin/python" benchmarks/run.py "$@"
