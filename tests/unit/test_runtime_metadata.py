# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""meta/runtime.yml stays in step with plugins/modules/."""

from __future__ import annotations

from pathlib import Path

import yaml

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
FQCN_PREFIX = "screenconnect.restapi."


def _runtime():
    with open(COLLECTION_ROOT / "meta" / "runtime.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _module_fqcns():
    return {
        FQCN_PREFIX + path.stem
        for path in (COLLECTION_ROOT / "plugins" / "modules").glob("*.py")
        if path.name != "__init__.py"
    }


def test_action_group_lists_exactly_the_modules():
    group = _runtime()["action_groups"]["screenconnect"]
    modules = _module_fqcns()
    assert modules, "plugins/modules/ has no modules"
    assert sorted(set(group) - modules) == [], "listed in the action group but not a module"
    assert sorted(modules - set(group)) == [], "a module missing from the action group"


def test_action_group_is_fqcn_sorted_without_duplicates():
    group = _runtime()["action_groups"]["screenconnect"]
    assert all(name.startswith(FQCN_PREFIX) for name in group)
    assert len(group) == len(set(group))
    assert group == sorted(group)


def test_requires_ansible_is_a_lower_bound():
    requires = _runtime()["requires_ansible"]
    assert requires.startswith(">=")
    assert "<" not in requires
