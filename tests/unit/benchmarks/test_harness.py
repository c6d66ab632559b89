# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""benchmarks/_harness.py: numbers, tables, files, measured runs and the emulator context manager."""

from __future__ import annotations

import argparse
import os
import sys

import pytest

import _harness as harness  # pylint: disable=import-error


def test_median_of_odd_and_even_counts():
    assert harness.median([3, 1, 2]) == 2
    assert harness.median([4, 1, 3, 2]) == 2.5
    with pytest.raises(ValueError):
        harness.median([])


def test_parse_list_accepts_underscores_and_rejects_words():
    assert harness.parse_list("1_000, 10000,", int) == [1000, 10000]
    with pytest.raises(argparse.ArgumentTypeError, match="comma-separated"):
        harness.parse_list("1000,many", int)


def test_markdown_table_aligns_and_checks_cells():
    table = harness.markdown_table(["A", "B", "C"], [["x", 1, None]], "lrl")
    assert table.splitlines() == ["| A | B | C |", "| --- | ---: | --- |", "| x | 1 |  |"]
    with pytest.raises(ValueError, match="2 cells"):
        harness.markdown_table(["A", "B", "C"], [["x", 1]])
    with pytest.raises(ValueError, match="align"):
        harness.markdown_table(["A"], [], "lr")


def test_replace_between_keeps_markers_and_the_rest():
    text = "intro\n<!-- t:start -->\nold\nlines\n<!-- t:end -->\noutro\n<!-- u:start -->\nkeep\n<!-- u:end -->\n"
    new = harness.replace_between(text, "<!-- t:start -->", "<!-- t:end -->", "| new |\n")
    assert new == "intro\n<!-- t:start -->\n| new |\n<!-- t:end -->\noutro\n<!-- u:start -->\nkeep\n<!-- u:end -->\n"
    with pytest.raises(SystemExit):
        harness.replace_between(text, "<!-- v:start -->", "<!-- v:end -->", "x")
    with pytest.raises(SystemExit):
        harness.replace_between("<!-- t:end --> <!-- t:start -->", "<!-- t:start -->", "<!-- t:end -->", "x")


def test_update_readme_rewrites_only_its_table(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n<!-- a:start -->\n1\n<!-- a:end -->\n")
    harness.update_readme(str(readme), "2", "<!-- a:start -->", "<!-- a:end -->")
    assert readme.read_text() == "# x\n<!-- a:start -->\n2\n<!-- a:end -->\n"
    with pytest.raises(SystemExit, match="README.md has no"):
        harness.update_readme(str(readme), "2", "<!-- b:start -->", "<!-- b:end -->")


def test_results_round_trip_and_missing_files(tmp_path):
    path = str(tmp_path / "deep" / "results.json")
    harness.write_results(path, {"sizes": [1, 2]})
    assert harness.read_results(path) == {"sizes": [1, 2]}
    assert harness.read_results(str(tmp_path / "none.json")) is None
    with pytest.raises(SystemExit, match="none.json"):
        harness.results_for_report(str(tmp_path / "none.json"))


def test_ansible_env_points_at_the_emulator_and_drops_stray_settings(monkeypatch):
    monkeypatch.setenv("SCREENCONNECT_ORIGIN", "https://elsewhere.example")
    monkeypatch.setenv("ANSIBLE_INVENTORY_ENABLED", "yaml")
    env = harness.ansible_env("/coll", "/tmp/ansible.cfg", "http://127.0.0.1:1", "s3cret-value", "/venv/bin")
    assert env["ANSIBLE_COLLECTIONS_PATH"] == "/coll" and env["ANSIBLE_CONFIG"] == "/tmp/ansible.cfg"
    assert env["SCREENCONNECT_URL"] == "http://127.0.0.1:1" and env["SCREENCONNECT_SECRET"] == "s3cret-value"
    assert env["PATH"].startswith("/venv/bin" + os.pathsep)
    assert "SCREENCONNECT_ORIGIN" not in env and "ANSIBLE_INVENTORY_ENABLED" not in env


def test_measure_reports_the_commands_own_exit_code_cpu_and_memory(tmp_path):
    code = "import sys\nblock = bytearray(80 * 1024 * 1024)\nfor i in range(0, len(block), 4096): block[i] = 1\nsys.exit(3)\n"
    measured = harness.measure([sys.executable, "-c", code], dict(os.environ), str(tmp_path), 120,
                               str(tmp_path / "out"), str(tmp_path / "err"))
    assert measured.code == 3
    assert measured.maxrss >= 80 * 1024  # KiB: the child's own peak, not the harness's
    assert measured.cpu > 0 and measured.wall > 0


def test_measure_kills_a_run_past_its_timeout(tmp_path):
    measured = harness.measure([sys.executable, "-c", "import time; time.sleep(60)"], dict(os.environ), str(tmp_path), 1,
                               str(tmp_path / "out"), str(tmp_path / "err"))
    assert measured.code != 0


def test_emulator_context_manager_counts_and_stops(tmp_path):
    with harness.Emulator(str(tmp_path), "harness-test-secret", sessions=5, extra_args=["--request-latency", "0"]) as emulator:
        assert emulator.url.startswith("http://127.0.0.1:")
        assert emulator.calls()["total"]["received"] == 0
        assert emulator.configure(request_latency=0.01)["request_latency"] == 0.01
        assert emulator.calls_received() == 0
        emulator.reset_counters()
        process = emulator.proc
    assert process.returncode is not None
    assert emulator.calls_received() is None


def test_machine_info_and_line():
    info = harness.machine_info(os.path.dirname(sys.executable))
    assert info["cpus"] == os.cpu_count()
    assert "CPUs" in harness.machine_line(info)
