# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""benchmarks/_fanout_report.py: run checks, the floor, the rate-limit figures, targets, table and chart series."""

from __future__ import annotations

import argparse

import pytest

import _fanout_report as report  # pylint: disable=import-error
from _harness import Measurement  # pylint: disable=import-error


def _calls(sends, received=None, limited=0):
    total = {"received": received if received is not None else 3 * sends, "applied": 3 * sends}
    if limited:
        total["rate_limited"] = limited
    return {"total": total, "max_concurrent": 7,
            "methods": {"SendCommandToSession": {"received": sends, "applied": sends}}}


def _run(variant, sessions, wall, sends=None, code=0, **extra):
    run = report.run_record(variant, sessions, Measurement(wall, wall / 2, 50000, 60000, code),
                            _calls(sessions if sends is None else sends), 1.5)
    run.update(extra)
    return run


def test_run_record_reads_the_counters():
    run = report.run_record("task", 10, Measurement(2.0, 1.0, 1024, 2048, 0), _calls(10, received=35, limited=5), 0.7)
    assert (run["requests"], run["rate_limited"], run["sends_applied"], run["max_concurrent"]) == (35, 5, 10, 7)
    assert run["methods"] == {"SendCommandToSession": 10}


def test_check_run_finds_failures_and_commands_sent_twice():
    assert not report.check_run(_run("task", 10, 1.0))
    assert report.check_run(_run("task", 10, 1.0, code=2)) == ["exit code 2"]
    assert report.check_run(_run("task", 10, 1.0, sends=11)) == ["11 commands applied for 10 sessions"]
    assert report.check_run(_run("task", 10, 1.0, sends=9)) == ["9 commands applied for 10 sessions"]
    assert not report.check_run(_run("startup", 0, 1.0, sends=0))


def test_floor_is_median_start_up_plus_median_bare_client():
    assert report.floor_seconds([1.0, 3.0, 1.2], [0.5, 0.7, 0.6]) == pytest.approx(1.2 + 0.6)


@pytest.mark.parametrize("by_ids, fewest, own", [(False, 201, 201), (True, 200, 201)])
def test_rate_figures_against_the_fewest_and_the_modules_own_requests(by_ids, fewest, own):
    figures = report.rate_figures({"wall_s": 20.1}, 20.0, 100, by_ids=by_ids)
    assert (figures["requests_fewest"], figures["requests_module_min"]) == (fewest, own)
    assert figures["vs_fewest"] == pytest.approx(20.1 * 20 / fewest, abs=0.001)
    assert figures["vs_module_min"] == pytest.approx(20.1 * 20 / own, abs=0.001)
    assert figures["targets"] == ("session_ids" if by_ids else "filter")


def _results(task_1k=5.0, uri_1k=200.0, task_10k=40.0):
    def size(sessions, task, uri=None, per_host=None):
        variants = {"floor": [_run("floor", sessions, 1.0, floor_client={"total_s": sessions / 1000.0 + 0.6})],
                    "task": [_run("task", sessions, task), _run("task", sessions, task + 2), _run("task", sessions, 99, code=1)]}
        if uri:
            variants["uri"] = [_run("uri", sessions, uri)]
        if per_host:
            variants["per_host"] = [_run("per_host", sessions, per_host)]
        return {"sessions": sessions, "variants": variants, "skipped": {}}

    return {"startup": [_run("startup", 0, 1.0, sends=0), _run("startup", 0, 1.4, sends=0)],
            "sizes": [size(1000, task_1k, uri_1k, per_host=150.0), size(10000, task_10k)],
            "rate_limit": [dict(_run("task", 100, 12.0), answer="429", **report.rate_figures({"wall_s": 12.0}, 20.0, 100))],
            "config": {"request_latency_s": 0.05, "agent_delay_s": 0.5, "parallel": 50, "forks": 20, "repeat": 3, "slow_repeat": 1},
            "machine": {"cpus": 2}, "total_s": 10}


def test_summarise_takes_medians_of_good_runs_and_the_floor():
    results = report.summarise(_results())
    at_1k = results["sizes"][0]["summary"]
    assert results["startup_s"] == pytest.approx(1.2)
    assert at_1k["floor"]["floor_s"] == pytest.approx(1.2 + 1.6)
    assert at_1k["task"]["wall_s"] == pytest.approx(6.0)  # the failed 99 s run is left out
    assert at_1k["task"]["ok"] is False and at_1k["task"]["runs"] == 3
    assert at_1k["task"]["vs_floor"] == pytest.approx(6.0 / 2.8, abs=0.001)
    assert at_1k["task"]["speedup_vs_uri"] == pytest.approx(200 / 6.0, abs=0.01)


def test_targets_met_and_missed():
    met = dict((check["target"], check["met"]) for check in report.summarise(_results())["targets"])
    assert met["1,000 sessions: (a) at least 20x faster than (c)"] is True
    assert met["1,000 sessions: (a) within 2x of the floor"] is False  # 6.0 s against a 2.8 s floor
    assert met["10,000 sessions: (a) within 3x of the floor"] is False  # 41 s against 1.2 + 10.6 s
    assert met["1,000 sessions: (b) no slower than (c)"] is True
    fast = dict((check["target"], check["met"]) for check in report.summarise(_results(task_1k=2.0, task_10k=20.0))["targets"])
    assert fast["1,000 sessions: (a) within 2x of the floor"] is True
    assert fast["10,000 sessions: (a) within 3x of the floor"] is True
    rate = [check for check in report.summarise(_results())["targets"] if check["target"].startswith("rate limit")]
    assert rate[0]["met"] is True  # 12 s for 201 requests at 20/s: 1.19x


def test_targets_not_measured_when_a_size_is_missing():
    results = _results()
    results["sizes"] = results["sizes"][:1]
    checks = dict((check["target"], check) for check in report.summarise(results)["targets"])
    assert checks["10,000 sessions: (a) within 3x of the floor"]["met"] is None


def test_markdown_shows_every_variant_skips_and_verdicts():
    results = _results()
    results["sizes"][1]["skipped"]["uri"] = "uri runs up to 1,000 sessions (--uri-max)"
    text = report.markdown(report.summarise(results))
    assert "| 1,000 | floor: start-up + agent delay + bare client | 1 | 2.80 |" in text
    assert "not run: uri runs up to 1,000 sessions" in text
    assert "(MISSED)" in text and "(met)" in text
    assert "Rate limiter (20 requests/s per client, burst 20)" in text


def test_chart_series_has_one_line_per_variant_measured():
    series = dict(report.chart_series(report.summarise(_results())))
    assert series[report.LABELS["task"]] == [(1000, 6.0), (10000, 41.0)]
    assert series[report.LABELS["floor"]] == [(1000, pytest.approx(2.8)), (10000, pytest.approx(11.8))]
    assert series[report.LABELS["uri"]] == [(1000, 200.0)]


def test_per_host_estimate_and_repeats():
    args = argparse.Namespace(repeat=3, slow_repeat=1, uri_max=1000, per_host_max=10000)
    previous = {"sessions": 1000, "variants": {"per_host": [_run("per_host", 1000, 300.0), _run("per_host", 1000, 1.0, code=1)]}}
    assert report.estimate_per_host(previous, 10000) == pytest.approx(3000.0)
    assert report.estimate_per_host(None, 10000) is None
    assert report.repeats("uri", 100, args) == 3 and report.repeats("uri", 1000, args) == 1
    assert report.repeats("task", 10000, args) == 3
    assert not report.applies("uri", 10000, args) and report.applies("per_host", 10000, args)
    assert "--uri-max" in report.skip_reason("uri", 10000, args)


def test_rate_limited_runs_also_show_their_time_without_the_start_up():
    results = report.summarise(_results())
    run = results["rate_limit"][0]
    assert run["less_startup_vs_fewest"] == pytest.approx((12.0 - 1.2) * 20 / 201, abs=0.001)
    assert "%.2fx" % run["less_startup_vs_fewest"] in report.markdown(results)


def test_chart_subtitle_states_the_emulator_settings_and_load():
    subtitle = report.chart_subtitle(report.summarise(_results()))
    assert "0.05 s per request" in subtitle and "0.5 s agent delay" in subtitle and "forks 20" in subtitle
    assert "load average 1.5 to 1.5" in subtitle


def test_the_ids_per_lookup_are_the_modules_own():
    from ansible_collections.screenconnect.restapi.plugins.module_utils._targets import IDS_PER_FILTER

    assert report.IDS_PER_FILTER == IDS_PER_FILTER
