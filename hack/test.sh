#!/usr/bin/env bash
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run the collection's checks: what `make test` and CI run.
#
#   hack/test.sh                 every step, in order
#   hack/test.sh STEP [STEP...]  only these (changelog ansible-lint docs sanity units integration build inventory molecule
#                                importer home runner ee links docsite, and sanity-2.16 units-2.16 integration-2.16 ... for the
#                                other ansible-core lines)
#
# Before the steps it creates .venv (python3.11 + requirements-dev.txt), installs ansible-test's get-pip shim and
# stages the tree into build/ansible_collections/screenconnect/restapi; every step runs against that copy.
# The last line is "N passed, 0 failed"; a failing step stops the run with "step X failed".
set -euo pipefail
# shellcheck source=hack/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ALL_STEPS=(changelog ansible-lint docs sanity units integration build inventory molecule importer home runner ee links
           docsite)
# sanity, units and integration on the other ansible-core lines (hack/requirements-core-LINE.txt, .venv-LINE).
CORE_LINE_STEPS=(sanity-2.16 units-2.16 integration-2.16 sanity-2.21 units-2.21 integration-2.21)
ALL_STEPS+=("${CORE_LINE_STEPS[@]}")
STEP_EMULATORS=(integration inventory)  # the emulator instances the steps start

cleanup() {  # never leave an emulator running, whichever way the script ends
    local name
    for name in "${STEP_EMULATORS[@]}"; do
        "$REPO/hack/emulator.sh" stop "$name" || true
    done
}
on_signals() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
on_signals

emulator() {
    "$REPO/hack/emulator.sh" "$@"
}

# ---------------------------------------------------------------------------------------------------------------
# Steps. Each runs with `set -e` in a subshell, from the staged collection.

step_changelog() {
    antsibull-changelog lint
    antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
}

step_ansible_lint() {
    # The staged copy sits in build/ansible_collections/screenconnect/restapi: playbooks resolve its modules there.
    ANSIBLE_COLLECTIONS_PATH="$BUILD" ansible-lint --profile production ${CI:+"--nocolor"}
}

step_docs() {
    ANSIBLE_COLLECTIONS_PATH="$BUILD" antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs .
}

step_sanity() {
    add_extra_pythons
    ansible-test sanity --venv
}

step_units() {
    # UNITS_TESTS (paths below tests/unit, space-separated) narrows the run; empty means every unit test
    # shellcheck disable=SC2086
    ansible-test units --venv --python 3.11 ${UNITS_TESTS:-}
}

# Start the "integration" emulator and write tests/integration/integration_config.yml for the targets.
start_integration_emulator() {
    local env_file="$BUILD/emulator/integration.env"
    emulator start integration --sessions 20 --seed 1 --command-latency 0.2 --allow-real-guests
    emulator env integration >"$env_file"
    # shellcheck disable=SC1090
    . "$env_file"
    cat >tests/integration/integration_config.yml <<EOF
---
screenconnect_url: "$SCREENCONNECT_URL"
screenconnect_secret: "$SCREENCONNECT_SECRET"
screenconnect_control_url: "$SCREENCONNECT_CONTROL_URL"
EOF
}

step_integration() {
    start_integration_emulator
    # INTEGRATION_TARGETS (target names, space-separated) narrows the run; empty means every target
    # shellcheck disable=SC2086
    ansible-test integration --venv --python 3.11 ${INTEGRATION_TARGETS:-}
    emulator stop integration
}

# The other ansible-core lines: sanity on the line's one Python, units, and integration against a fresh emulator.
core_line_sanity() {
    # Every sanity test of that line, on its one Python, but two that the main line's sanity step runs in full:
    # pylint (its findings follow the pylint release each line pins, not our code's compatibility; it is also the
    # slowest test, several minutes) and yamllint (2.16's reads an inventory plugin's EXAMPLES as one YAML
    # document, while several "---" documents are the documented way to show several inventory files).
    use_core_line "$1"
    ansible-test sanity --venv --python "$(core_line_python "$1")" --skip-test pylint --skip-test yamllint
}

core_line_units() {
    use_core_line "$1"
    ansible-test units --venv --python "$(core_line_python "$1")"
}

core_line_integration() {
    use_core_line "$1"
    start_integration_emulator
    ansible-test integration --venv --python "$(core_line_python "$1")"
    emulator stop integration
}

step_sanity_2_16() { core_line_sanity 2.16; }
step_units_2_16() { core_line_units 2.16; }
step_integration_2_16() { core_line_integration 2.16; }
step_sanity_2_21() { core_line_sanity 2.21; }
step_units_2_21() { core_line_units 2.21; }
step_integration_2_21() { core_line_integration 2.21; }

doc_smoke() {  # doc_smoke TYPE FQCN...: ansible-doc renders every plugin's documentation (one call for all)
    local type="$1" out name kind
    shift
    kind="$(printf '%s' "$type" | tr '[:lower:]' '[:upper:]')"
    out="$(ANSIBLE_NOCOLOR=1 ansible-doc -t "$type" "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g')" \
        || { printf '%s\n' "$out"; echo "ansible-doc -t $type failed"; return 1; }
    for name in "$@"; do
        if grep -q "^> $kind $name " <<<"$out"; then
            echo "ansible-doc -t $type $name: ok"
        else
            printf '%s\n' "$out" | grep -v '^ ' | head -20
            echo "ansible-doc -t $type $name: no documentation"
            return 1
        fi
    done
}

step_build() {
    local modules m fqcns=()
    build_and_install
    modules="$(module_names "$INSTALLED/ansible_collections/screenconnect/restapi")"
    [ -n "$modules" ] || { echo "no modules in plugins/modules/"; return 1; }
    cd "$BUILD"  # away from the staged tree, so only the installed copy is found
    for m in $modules; do
        fqcns+=("screenconnect.restapi.$m")
    done
    doc_smoke module "${fqcns[@]}"
    doc_smoke inventory screenconnect.restapi.screenconnect
    doc_smoke lookup screenconnect.restapi.sessions
    echo "ansible-doc: ${#fqcns[@]} modules, 1 inventory plugin and 1 lookup plugin documented"
}

step_inventory() {
    local dir="$BUILD/smoke" hosts
    [ -d "$INSTALLED/ansible_collections/screenconnect/restapi" ] || build_and_install
    export ANSIBLE_COLLECTIONS_PATH="$INSTALLED"
    emulator start inventory --sessions 12 --seed 1
    eval "$(emulator env inventory)"
    export SCREENCONNECT_URL SCREENCONNECT_SECRET
    mkdir -p "$dir"
    printf -- '---\nplugin: screenconnect.restapi.screenconnect\n' >"$dir/smoke.screenconnect.yml"
    (cd "$dir" && ansible-inventory -i smoke.screenconnect.yml --graph) | tee "$dir/graph.txt"
    emulator stop inventory
    # A host line is "|--name" where the name is not a group (@...).
    hosts="$(grep -cE '\|--[^@]' "$dir/graph.txt" || true)"
    grep -q '^@all:' "$dir/graph.txt" || { echo "no @all group in the graph"; return 1; }
    [ "$hosts" -gt 0 ] || { echo "@all is empty"; return 1; }
    echo "inventory: @all has $hosts host entries"
}

step_molecule() {
    [ -d "$INSTALLED/ansible_collections/screenconnect/restapi" ] || build_and_install
    export ANSIBLE_COLLECTIONS_PATH="$INSTALLED"
    # The scenarios run against their own emulator (the demo fleet), stopped however the step ends.
    trap 'emulator stop molecule || true; cleanup' EXIT
    emulator start molecule --fleet demo --seed 1 --command-latency 0.2
    eval "$(emulator env molecule)"
    export SCREENCONNECT_URL SCREENCONNECT_SECRET SCREENCONNECT_CONTROL_URL
    cd extensions
    molecule test --all
    emulator stop molecule
}

step_importer() {
    # Galaxy's own import check on the built tarball, offline; hack/galaxy-importer.cfg says which checks run here.
    local result="$BUILD/importer/result.json" out
    build_and_install
    mkdir -p "$BUILD/importer"
    out="$(cd "$BUILD/importer" && GALAXY_IMPORTER_CONFIG="$REPO/hack/galaxy-importer.cfg" \
        GALAXY_IMPORTER_TMP_ROOT_DIR="$BUILD/importer" \
        python -m galaxy_importer.main "$DIST"/screenconnect-restapi-*.tar.gz 2>&1)" \
        || { printf '%s\n' "$out"; echo "galaxy-importer failed"; return 1; }
    printf '%s\n' "$out" | grep -E '^(ERROR|WARNING|Importer processing)' || true
    [ -s "$BUILD/importer/importer_result.json" ] && mv "$BUILD/importer/importer_result.json" "$result"
    if grep -qE '^(ERROR|CRITICAL):' <<<"$out" || ! grep -q '^Importer processing completed successfully' <<<"$out"; then
        echo "galaxy-importer reported errors"
        return 1
    fi
    echo "galaxy-importer: no errors ($(grep -c '^WARNING:' <<<"$out" || true) warnings)"
}

step_home() {
    # The tools keep their caches in build/ (hack/common.sh): steps that run ansible-lint, antsibull, ansible-galaxy,
    # ansible-doc, ansible-inventory and ansible-test, run with HOME pointed at an empty directory, leave it empty.
    local home="$BUILD/empty-home" left
    cd "$REPO"  # the nested run stages the tree again, replacing the staged copy this step started in
    rm -rf "$home"
    mkdir -p "$home"
    # The whole unit suite has just run in its own step; here the tests that start ansible-playbook, ansible-inventory
    # and the inventory cache, with ansible-test's own venv and pytest, stand for it (about 150 s less).
    HOME="$home" UNITS_TESTS="tests/unit/plugins/test_secret_at_vvvv.py tests/unit/plugins/inventory/" \
        "$REPO/hack/test.sh" changelog ansible-lint docs units build inventory | tail -n 8
    left="$(cd "$home" && find . -mindepth 1 | sort)"
    if [ -n "$left" ]; then
        printf '%s\n' "$left" | head -20
        echo "the steps wrote into HOME ($home)"
        return 1
    fi
    echo "HOME is still empty after the steps"
}

step_runner() {
    # A job run the way AWX runs it (ansible-runner, private data dir, the credential type's env/envvars, the inventory
    # plugin as inventory source) against its own emulator, stopped however the step ends; tests/runner/run_job.py
    # checks the job's status, events and artifacts, and that the secret is in none of them.
    [ -d "$INSTALLED/ansible_collections/screenconnect/restapi" ] || build_and_install
    trap 'emulator stop runner || true; cleanup' EXIT
    emulator start runner --sessions 12 --seed 1 --command-latency 0.2
    eval "$(emulator env runner)"
    SCREENCONNECT_URL="$SCREENCONNECT_URL" SCREENCONNECT_SECRET="$SCREENCONNECT_SECRET" \
        python tests/runner/run_job.py --collections-path "$INSTALLED" --work-dir "$BUILD/runner"
    emulator stop runner
}

step_ee() {
    # `ansible-builder create` on execution-environment.yml with the built tarball in dist/, then a look at the build
    # context it generates (building the image needs a container engine and is not run here).
    local ctx="$BUILD/ee-context" version tarball
    build_and_install
    version="$(python -c 'import yaml; print(yaml.safe_load(open("galaxy.yml"))["version"])')"
    tarball="screenconnect-restapi-$version.tar.gz"
    grep -q "dist/$tarball\$" execution-environment.yml \
        || { echo "execution-environment.yml does not name dist/$tarball (galaxy.yml's version)"; return 1; }
    mkdir -p dist
    cp "$DIST/$tarball" dist/
    rm -rf "$ctx"
    ansible-builder create -f execution-environment.yml -c "$ctx" --output-filename Containerfile
    [ -s "$ctx/Containerfile" ] || { echo "no Containerfile in $ctx"; return 1; }
    cmp requirements.txt "$ctx/_build/requirements.txt" || { echo "requirements.txt was not copied"; return 1; }
    cmp "$DIST/$tarball" "$ctx/_build/collections/$tarball" || { echo "the collection tarball was not copied"; return 1; }
    grep -q "collections/$tarball" "$ctx/_build/requirements.yml" \
        || { echo "the galaxy requirements do not name the tarball"; return 1; }
    grep -q 'ansible-galaxy collection install' "$ctx/Containerfile" \
        || { echo "the Containerfile does not install the galaxy requirements"; return 1; }
    echo "ansible-builder create: $ctx/Containerfile with requirements.txt, requirements.yml and $tarball"
}

step_links() {
    # Every link in galaxy.yml, docs/docsite, README.md and the ansible-doc output of every plugin leads to a file of
    # the repository or an allow-listed site (hack/check_links.py); the collection is not on docs.ansible.com yet.
    local out="$BUILD/links" m t r
    build_and_install
    mkdir -p "$out"
    for m in $(module_names "$INSTALLED/ansible_collections/screenconnect/restapi"); do
        (cd "$BUILD" && ANSIBLE_NOCOLOR=1 ansible-doc "screenconnect.restapi.$m") >"$out/module-$m.txt"
    done
    for t in inventory connection; do
        (cd "$BUILD" && ANSIBLE_NOCOLOR=1 ansible-doc -t "$t" screenconnect.restapi.screenconnect) >"$out/$t.txt"
    done
    (cd "$BUILD" && ANSIBLE_NOCOLOR=1 ansible-doc -t lookup screenconnect.restapi.sessions) >"$out/lookup.txt"
    for r in "$INSTALLED"/ansible_collections/screenconnect/restapi/roles/*/; do
        r="${r%/}"
        (cd "$BUILD" && ANSIBLE_NOCOLOR=1 ansible-doc -t role "screenconnect.restapi.${r##*/}") >"$out/role-${r##*/}.txt"
    done
    python "$REPO/hack/check_links.py" "$PWD" "$out"/*.txt
}

step_docsite() {
    # `make docs`: the HTML site, offline; it fails when the build fails or a plugin, role or guide has no page.
    build_and_install
    build_docsite
}

# ---------------------------------------------------------------------------------------------------------------

STEPS=("$@")
if [ ${#STEPS[@]} -eq 0 ]; then
    STEPS=("${ALL_STEPS[@]}")
fi
for s in "${STEPS[@]}"; do
    case " ${ALL_STEPS[*]} " in *" $s "*) ;; *) die "unknown step '$s' (steps: ${ALL_STEPS[*]})" ;; esac
done

say "setup: venv, ansible-test get-pip shim, staged tree"
bootstrap_venv
install_get_pip_shim
stage
# Molecule runs only when the collection has a molecule scenario.
if [ ! -d "$COLL/extensions/molecule" ]; then
    kept=()
    for s in "${STEPS[@]}"; do [ "$s" = molecule ] || kept+=("$s"); done
    STEPS=("${kept[@]}")
fi

passed=0
summary=()
total=${#STEPS[@]}
for s in "${STEPS[@]}"; do
    n=$((passed + 1))
    printf '\n=== [%4ss] step %d/%d: %s\n' "$SECONDS" "$n" "$total" "$s"
    start=$SECONDS
    set +e
    (
        set -euo pipefail
        on_signals
        cd "$COLL"
        "step_${s//[-.]/_}"
    )
    rc=$?
    set -e
    took=$((SECONDS - start))
    if [ "$rc" -ne 0 ]; then
        printf '\n'
        [ ${#summary[@]} -eq 0 ] || printf '  %s\n' "${summary[@]}"
        printf 'step %d/%d failed: %s (exit %d after %ss)\n' "$n" "$total" "$s" "$rc" "$took"
        exit 1
    fi
    passed=$n
    summary+=("$(printf '%-13s ok  %5ss' "$s" "$took")")
    printf '=== [%4ss] step %d/%d: %s passed in %ss\n' "$SECONDS" "$n" "$total" "$s" "$took"
done

printf '\nSummary (total %ss):\n' "$SECONDS"
printf '  %s\n' "${summary[@]}"
echo "$passed passed, 0 failed"
