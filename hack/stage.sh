#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Copy the tracked and untracked-but-not-ignored files into build/ansible_collections/screenconnect/restapi (where
# ansible-test can run) and print that path: cd "$(hack/stage.sh)" && ansible-test sanity --venv ...
set -euo pipefail
# shellcheck source=hack/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
stage >&2
printf '%s\n' "$COLL"
