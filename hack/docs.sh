#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `make docs` (and the docsite step of `make test`): the collection's HTML documentation site, offline, in build/docsite/build/html (every plugin, the
# role and the guides of docs/docsite), built by antsibull-docs (sphinx-init --use-current) from the installed
# collection. Intersphinx is switched off, as it would download the Ansible and Python inventories; without them
# references into docs.ansible.com stay plain text, so the build runs without -W. `hack/test.sh links` checks links.
set -euo pipefail
# shellcheck source=hack/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap_venv
stage
build_and_install
build_docsite
