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
SITE="$BUILD/docsite"
bootstrap_venv
stage
build_and_install
rm -rf "$SITE"
mkdir -p "$BUILD"
mkdir -m 700 "$SITE"  # antsibull-docs wants a directory only its owner can write
antsibull-docs sphinx-init --use-current --dest-dir "$SITE" screenconnect.restapi >/dev/null
printf '\n# Offline: no inventories to download (hack/docs.sh).\nintersphinx_mapping = {}\n' >>"$SITE/conf.py"
sed -i 's/ -W --keep-going$/ --keep-going/' "$SITE/build.sh"
"$SITE/build.sh" >"$BUILD/logs/docsite.log" 2>&1 || { tail -40 "$BUILD/logs/docsite.log"; die "the docs build failed"; }
grep -E 'WARNING|ERROR' "$BUILD/logs/docsite.log" | sed 's/^/  /' | head -40 || true
html="$SITE/build/html/collections/screenconnect/restapi"
pages=(screenconnect_inventory screenconnect_connection sessions_lookup)
for m in $(module_names "$COLL"); do pages+=("${m}_module"); done
for r in "$COLL"/roles/*/; do r="${r%/}"; pages+=("${r##*/}_role"); done
for g in "$COLL"/docs/docsite/rst/*.rst; do g="${g##*/}"; pages+=("docsite/${g%.rst}"); done
for p in "${pages[@]}"; do
    [ -s "$html/$p.html" ] || die "the site has no page $p.html"
done
say "docs: every plugin, role and guide has its page (${#pages[@]} pages)"
say "docs: $(find "$SITE/build/html" -name '*.html' | wc -l) HTML pages in $SITE/build/html (log $BUILD/logs/docsite.log)"
