# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The logic of the single-call and inventory benchmarks and of run.py's dispatch."""

from __future__ import annotations

import importlib

import pytest

import bench_inventory  # pylint: disable=import-error
import bench_single_call  # pylint: disable=import-error
import run  # pylint: disable=import-error


def _run(wall, cpu=1.0, code=0):
    return {"wall_s": wall, "cpu_s": cpu, "max_rss_kib": 60000, "exit_code": code, "load_before": 1.0, "requests": 1}


def _single(info, uri, startup=(1.0, 1.1, 1.2)):
    return {"runs": {"startup": [_run(value) for value in startup], "session_info": [_run(value) for value in info],
                     "uri": [_run(value) for value in uri]},
            "config": {"request_latency_s": 0.05}, "machine": {"cpus": 2}}


def test_single_call_ratios_and_task_share():
    results = bench_single_call.summarise(_single([1.5, 1.6, 9.0], [1.4, 1.5, 1.45]))
    info = results["summary"]["session_info"]
    assert info["wall_s"] == 1.6 and info["task_s"] == pytest.approx(0.5)
    assert info["wall_vs_uri"] == pytest.approx(1.6 / 1.45, abs=0.001)
    assert info["task_vs_uri"] == pytest.approx(0.5 / 0.35, abs=0.001)
    assert "(met" in bench_single_call.markdown(results)
    missed = bench_single_call.summarise(_single([2.0, 2.0, 2.0], [1.4, 1.5, 1.45]))
    assert "(MISSED" in bench_single_call.markdown(missed)


def test_single_call_failed_runs_are_left_out():
    results = _single([1.5], [1.4])
    results["runs"]["uri"] = [_run(1.4, code=2)]
    summary = bench_single_call.summarise(results)["summary"]
    assert summary["uri"]["ok"] is False and "wall_s" not in summary["uri"]
    assert "not measured" in bench_single_call.markdown(bench_single_call.summarise(results))


def test_hostvars_subset_differences_keep_only_real_ones():
    lines = [
        "hostvar screenconnect_company missing in plugin_hostvars on 244 hosts, e.g. [...]",
        "hostvar screenconnect_online missing in plugin_hostvars on 3 hosts, e.g. [...]",
        "hostvar screenconnect_name differs on 2 hosts, e.g. a: plugin_hostvars 1, plugin 2",
        "group screenconnect_online: 1 hosts only in plugin_hostvars (e.g. [...]), 0 only in plugin (e.g. [])",
    ]
    assert bench_inventory.subset_differences(lines, "plugin_hostvars") == lines[1:]


def test_run_py_dispatch(capsys):
    assert run.main(["--help"]) == 0
    assert "inventory" in capsys.readouterr().out
    assert run.main([]) == 2
    assert run.main(["nope"]) == 2
    assert "unknown benchmark" in capsys.readouterr().err
    assert set(run.BENCHMARKS) == {"inventory", "fanout", "single_call", "connection"}
    for name in run.BENCHMARKS:  # every name the entry point accepts has its bench_<name>.main
        assert callable(importlib.import_module("bench_" + name).main)
