# shellcheck shell=bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared helpers for hack/*.sh (sourced, not run). Everything generated lives under build/ or .venv/.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
BUILD="$REPO/build"
COLL="$BUILD/ansible_collections/screenconnect/restapi"
INSTALLED="$BUILD/installed"
DIST="$BUILD/dist"
PYTHON="${PYTHON:-python3.11}"
PYENV_ROOT="${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}"
export PYENV_ROOT

# Tools print plainly when nobody watches (CI, logs).
if [ -n "${CI:-}" ] || [ ! -t 1 ]; then
    export ANSIBLE_FORCE_COLOR=0 ANSIBLE_NOCOLOR=1 PY_COLORS=0 NO_COLOR=1
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Every tool cache and temporary directory stays in build/, never in the user's home: Ansible (ansible-galaxy's cache,
# local and "remote" temp on localhost), ansible-lint/ansible-compat and molecule (XDG cache and data), pip, antsibull
# and ansible-runner. ansible-test hard-codes ~/.ansible/test for its per-test venvs and antsibull ~/antsibull.log, so
# they run with HOME=$TOOL_HOME (the functions below). `hack/test.sh home` checks that a run leaves an empty HOME empty.
TOOL_HOME="$BUILD/tool-home"
export ANSIBLE_HOME="$TOOL_HOME/ansible"
export ANSIBLE_LOCAL_TEMP="$TOOL_HOME/ansible/tmp" ANSIBLE_REMOTE_TEMP="$TOOL_HOME/ansible/remote-tmp"
export ANSIBLE_GALAXY_CACHE_DIR="$TOOL_HOME/ansible/galaxy_cache"
export XDG_CACHE_HOME="$TOOL_HOME/cache" XDG_DATA_HOME="$TOOL_HOME/share" XDG_STATE_HOME="$TOOL_HOME/state"
export PIP_CACHE_DIR="$TOOL_HOME/cache/pip"
export GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="$ANSIBLE_LOCAL_TEMP"
mkdir -p "$TOOL_HOME"
ansible-test() { HOME="$TOOL_HOME" command ansible-test "$@"; }
antsibull-docs() { HOME="$TOOL_HOME" command antsibull-docs "$@"; }
antsibull-changelog() { HOME="$TOOL_HOME" command antsibull-changelog "$@"; }

say() { printf '[%4ss] %s\n' "$SECONDS" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# pip prints a harmless "Location ... is ignored" line per package on machines with a local extra-index-url.
quiet_pip() {
    local rc=0
    "$VENV/bin/python" -m pip "$@" >"$BUILD/logs/pip.log" 2>&1 || rc=$?
    grep -v -e 'is ignored' -e '^Looking in indexes' "$BUILD/logs/pip.log" || true
    return "$rc"
}

# ensure_venv DIR PYTHON REQUIREMENTS: create DIR with PYTHON (found on PATH or in pyenv) and pip install REQUIREMENTS
# into it, unless its stamp is newer than REQUIREMENTS.
ensure_venv() {
    local dir="$1" python="$2" reqs="$3" stamp py
    stamp="$dir/.$(basename "$reqs" .txt).stamp"
    mkdir -p "$BUILD/logs"
    if [ -x "$dir/bin/python" ] && "$dir/bin/python" -c 'import sys' 2>/dev/null && [ "$stamp" -nt "$reqs" ]; then
        say "venv: $dir is up to date with ${reqs#"$REPO"/}"
        return 0
    fi
    if [ ! -x "$dir/bin/python" ]; then
        py="$(command -v "$python" 2>/dev/null || true)"
        if [ -z "$py" ] || ! "$py" -c 'import sys' 2>/dev/null; then
            py="$(find_pyenv_bin "${python#python}")/$python"
        fi
        [ -x "$py" ] || die "$python not found (install it or set PYTHON=...)"
        say "venv: creating $dir with $py"
        "$py" -m venv "$dir"
    fi
    say "venv: pip install -r ${reqs#"$REPO"/} into $dir"
    VENV="$dir" quiet_pip install -q -r "$reqs" || die "pip install -r $reqs failed"
    touch "$stamp"
}

# Create .venv with python3.11 and install requirements-dev.txt, unless the stamp is newer than the requirements.
bootstrap_venv() {
    ensure_venv "$VENV" "$PYTHON" "$REPO/requirements-dev.txt"
    export PATH="$VENV/bin:$PATH"
    export ANSIBLE_PYTHON_INTERPRETER="$VENV/bin/python"
}

# The Python X.Y that ansible-core LINE runs on: the "# python: X.Y" line of its requirements file.
core_line_python() {
    sed -n 's/^# python: *\([0-9.]*\).*/\1/p' "$REPO/hack/requirements-core-$1.txt" | head -n 1
}

# use_core_line LINE: switch this (sub)shell to ansible-core LINE: .venv-LINE made from hack/requirements-core-LINE.txt,
# first on PATH, and an ansible-test HOME of its own (build/tool-home/core-LINE), so that the line's per-test venvs and
# get-pip shim (another pip version) never mix with the main line's.
use_core_line() {
    local line="$1" reqs="$REPO/hack/requirements-core-$1.txt" py
    [ -f "$reqs" ] || die "no $reqs for ansible-core $line"
    py="$(core_line_python "$line")"
    [ -n "$py" ] || die "$reqs has no '# python: X.Y' line"
    VENV="$REPO/.venv-$line"
    TOOL_HOME="$BUILD/tool-home/core-$line"
    mkdir -p "$TOOL_HOME"
    ensure_venv "$VENV" "python$py" "$reqs"
    export PATH="$VENV/bin:$PATH" ANSIBLE_PYTHON_INTERPRETER="$VENV/bin/python"
    install_get_pip_shim
    say "ansible-core $line: $(ansible --version | head -n 1) on Python $py"
}

# The real bin directory of pyenv's newest X.Y.* (the shims do not work inside ansible-test).
find_pyenv_bin() {
    local d
    d="$(printf '%s\n' "$PYENV_ROOT"/versions/"$1".*/bin | sort -V | tail -n 1)"
    [ -d "$d" ] && printf '%s\n' "$d"
}

# Put Python 3.8-3.13 on PATH (after the venv) so that sanity compiles and imports on every version present.
add_extra_pythons() {
    local v d
    for v in 3.8 3.9 3.10 3.12 3.13; do
        d="$(find_pyenv_bin "$v" || true)"
        if [ -n "$d" ]; then
            PATH="$PATH:$d"
        fi
    done
    export PATH
}

# ansible-test bootstraps pip in each test venv with get-pip from a host that may be unreachable: serve it locally.
install_get_pip_shim() {
    local cache="$TOOL_HOME/.ansible/test/cache" at pipv
    at="$("$VENV/bin/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')"
    # The first pip= is the default; older ansible-test lines add overrides for Python 2.7 and 3.6 after it.
    pipv="$(grep -m 1 -oP "pip='\K[0-9.]+" "$at/_internal/python_requirements.py")" || die "cannot find the pip version ansible-test uses"
    mkdir -p "$cache"
    if ! ls "$cache"/pip-"$pipv"-*.whl >/dev/null 2>&1; then
        say "shim: pip download pip==$pipv into $cache"
        quiet_pip download -q --no-deps "pip==$pipv" -d "$cache" || die "pip download pip==$pipv failed"
    fi
    cp "$REPO/.ci/get_pip_shim.py" "$cache/get_pip_${pipv//./_}.py"
    say "shim: $cache/get_pip_${pipv//./_}.py serves pip $pipv"
}

# Copy the tracked and untracked-but-not-ignored files to build/ansible_collections/screenconnect/restapi, where
# ansible-test needs them, and make that copy its own git repository so ansible-test sees exactly those files.
stage() {
    rm -rf "$COLL"
    mkdir -p "$COLL"
    (
        cd "$REPO" || exit
        git ls-files -z --cached --others --exclude-standard \
            | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
            | xargs -0 -r cp -a --parents -t "$COLL"
    )
    (
        cd "$COLL" || exit
        git init -q
        git add -A
        git -c user.name=stage -c user.email=stage@localhost -c commit.gpgsign=false commit -q -m stage
    )
    say "stage: $(cd "$COLL" && git ls-files | wc -l) files in $COLL"
}

# Build the collection from the staged copy and install it into build/installed.
build_and_install() {
    rm -rf "$DIST" "$INSTALLED"
    (cd "$COLL" && ansible-galaxy collection build --force --output-path "$DIST") || return 1
    ansible-galaxy collection install --force -p "$INSTALLED" "$DIST"/screenconnect-restapi-*.tar.gz 2>&1 \
        | grep -v 'is not part of the configured Ansible collections path' || true
    [ -d "$INSTALLED/ansible_collections/screenconnect/restapi" ] || { echo "install into $INSTALLED failed"; return 1; }
    export ANSIBLE_COLLECTIONS_PATH="$INSTALLED"
}

# Print the collection's module names (plugins/modules/*.py without __init__), one per line.
module_names() {
    local f
    for f in "$1"/plugins/modules/*.py; do
        [ -e "$f" ] || continue
        f="${f##*/}"
        [ "$f" = "__init__.py" ] || printf '%s\n' "${f%.py}"
    done
}

# The HTML site from the staged and installed collection (see the top of hack/docs.sh).
build_docsite() {
    local SITE="$BUILD/docsite" html pages m r g p
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
}
