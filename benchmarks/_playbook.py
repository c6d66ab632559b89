# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the playbook benchmarks (fan-out, single call) share: a private directory, ansible.cfg, environment, runs.

``PlaybookRunner(args, prefix, forks)`` makes a temporary directory with an ``ansible.cfg`` (the given forks, the
running Python as the interpreter, unparsed inventories fail) and a localhost inventory; ``write(name, text)``
stores a file there; ``measure_run(argv, name, emulator)`` measures one command with the emulator's counters reset before
it and returns ``(Measurement, calls, load, output_tail)``. ``main_flow(args, bench_class, summarise, finish, config)``
is a benchmark's main(): ``--report-only``, or a guarded run whose results are stamped, summarised, written and shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid

import _harness as harness
from _harness import log

LOCALHOST = "localhost ansible_connection=local\n"


def tail(path, limit=3000):
    try:
        with open(path, "rb") as handle:
            return handle.read()[-limit:].decode("utf-8", "replace")
    except OSError:
        return ""


class PlaybookRunner(object):
    def __init__(self, args, prefix, forks=5):
        self.args = args
        self.playbook = harness.find_tool("ansible-playbook")
        if not self.playbook:
            raise SystemExit("ansible-playbook not found next to %s nor on PATH" % sys.executable)
        self.bindir = os.path.dirname(self.playbook)
        self.tmp = tempfile.mkdtemp(prefix="screenconnect-%s-" % prefix)
        self.secret = "bench-%s-%s" % (prefix, uuid.uuid4().hex)
        self.failures = []
        self.ansible_cfg = self.write("ansible.cfg", (
            "[defaults]\nforks = %d\nhost_key_checking = False\ninterpreter_python = %s\nretry_files_enabled = False\n"
            "\n[inventory]\nunparsed_is_failed = True\n" % (forks, sys.executable)))
        self.localhost = self.write("localhost.ini", LOCALHOST)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as handle:
            handle.write(text)
        return path

    def env(self, emulator):
        env = harness.ansible_env(self.args.collections_path, self.ansible_cfg, emulator.url, self.secret, self.bindir)
        env["ANSIBLE_PYTHON_INTERPRETER"] = sys.executable
        return env

    def measure_run(self, argv, name, emulator):
        stdout_path, stderr_path = os.path.join(self.tmp, name + ".stdout"), os.path.join(self.tmp, name + ".stderr")
        emulator.reset_counters()
        load = harness.load_average()
        measured = harness.measure(argv, self.env(emulator), self.tmp, self.args.timeout, stdout_path, stderr_path)
        calls = emulator.calls()
        output = tail(stdout_path) + tail(stderr_path) if measured.code != 0 else ""
        return measured, calls, load, output


def show_table(args, table, start, end):
    print(table)
    if args.update_readme:
        harness.update_readme(harness.README, table, start, end)
        log("table rewritten in %s" % harness.README)


def main_flow(args, bench_class, summarise, finish, config):
    """The exit status: 1 when a run failed. ``finish(args, results)`` shows the results (and writes the README)."""
    if args.report_only:
        results = harness.results_for_report(args.output)
        summarise(results)  # again, so a report shows what the current code makes of the runs
        finish(args, results)
        return 0
    bench = bench_class(args)
    started = time.time()
    with harness.guarded(bench.tmp, args.keep):
        results = bench.run()
    results.update({"generated": harness.utc_now(), "machine": harness.machine_info(bench.bindir), "config": config,
                    "total_s": round(time.time() - started, 1), "failures": bench.failures})
    summarise(results)
    harness.write_results(args.output, results)
    log("results written to %s (total %.0f s)" % (args.output, results["total_s"]))
    finish(args, results)
    if bench.failures:
        log("%d failures:\n%s" % (len(bench.failures), "\n".join(bench.failures)))
        return 1
    return 0
