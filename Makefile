# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every target creates .venv (python3.11 + requirements-dev.txt) when it is missing or older than
# requirements-dev.txt, and works on a copy of the tree in build/ansible_collections/screenconnect/restapi.

SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help test lint sanity units integration smoke demo bench stage venv clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

test: ## everything CI runs (lint, docs, sanity, units, integration, build + ansible-doc, inventory smoke)
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

bench: ## run benchmarks/run.py (when it exists); pass options with BENCH_ARGS=...
	@hack/bench.sh $(BENCH_ARGS)

stage: ## copy the tree into build/ansible_collections/screenconnect/restapi
	@hack/stage.sh

venv: ## create or update .venv only
	@source hack/common.sh && bootstrap_venv

clean: ## remove build outputs (build/, dist/, tests/output/, .ansible/); keeps .venv
	@for f in build/emulator/*.pid; do [ -e "$$f" ] && hack/emulator.sh stop "$$(basename "$$f" .pid)"; done; true
	rm -rf build dist tests/output .ansible collections tests/integration/integration_config.yml tests/integration/inventory
