# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every target creates .venv (python3.11 + requirements-dev.txt) when it is missing or older than
# requirements-dev.txt, and works on a copy of the tree in build/ansible_collections/screenconnect/restapi.

SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help test lint sanity units integration smoke runner ee links docs demo bench stage venv clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  hack/test.sh STEP... runs single steps of make test: $$(sed -n 's/^ALL_STEPS=(\(.*\))/\1/p' hack/test.sh)"

test: ## every hack/test.sh step: lint, docs lint, sanity, units, integration, build, inventory, molecule, importer, HOME, runner, ee, links, docs site
	@hack/test.sh

lint: ## changelog lint, ansible-lint (production profile), antsibull-docs lint
	@hack/test.sh changelog ansible-lint docs

sanity: ## ansible-test sanity --venv on every Python 3.8-3.13 that pyenv has
	@hack/test.sh sanity

units: ## ansible-test units --venv --python 3.11
	@hack/test.sh units

integration: ## ansible-test integration --venv --python 3.11 against a fresh emulator
	@hack/test.sh integration

smoke: ## build + install + ansible-doc for every plugin, and the inventory smoke test
	@hack/test.sh build inventory

demo: ## build, install and run examples/demo.yml against the emulator's demo fleet
	@hack/demo.sh

runner: ## an AWX-style ansible-runner job against the emulator (events, artifacts, no secret)
	@hack/test.sh runner

ee: ## ansible-builder create on execution-environment.yml and a check of the build context
	@hack/test.sh ee

links: ## every link in galaxy.yml, docs, README and ansible-doc output exists (offline)
	@hack/test.sh links

docs: ## the HTML docs site, offline, with antsibull-docs into build/docsite/build/html
	@hack/docs.sh

bench: ## benchmark suite: fan-out, single call, inventory (benchmarks/README.md); BENCH_ARGS="fanout --sizes 100"
	@hack/bench.sh $(BENCH_ARGS)

stage: ## copy the tree into build/ansible_collections/screenconnect/restapi
	@hack/stage.sh

venv: ## create or update .venv only
	@source hack/common.sh && bootstrap_venv

clean: ## remove build outputs (build/, dist/, tests/output/, .ansible/); keeps .venv
	@for f in build/emulator/*.pid; do [ -e "$$f" ] && hack/emulator.sh stop "$$(basename "$$f" .pid)"; done; true
	rm -rf build dist tests/output .ansible collections tests/integration/integration_config.yml tests/integration/inventory
