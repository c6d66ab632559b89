# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fan-out benchmark: echo to 100, 1,000 and 10,000 online sessions, four ways, against one emulator.

    python benchmarks/run.py fanout [--sizes 100,1000,10000] [--repeat 3] [--update-readme]

One emulator (50 ms per request, 500 ms agent delay, results as soon as the agent picks a command up) serves one
group of online Linux sessions per size (``CustomProperty1 = 'fanout-<size>'``). Per size and repeat, interleaved:
the floor (Ansible's start-up + a bare client doing one send and one read per session), (a) one screenconnect_command
task over the filter, (b) one screenconnect_command per inventory host with forks 20 and (c) the ansible.builtin.uri
per-host baseline with forks 20. Then the rate-limiter case (20 requests/s, 429 and empty answers). Every run is
checked for failures (the plays check their own output) and for commands sent more than once (emulator counters).
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import time
import uuid

from urllib.parse import urlsplit

import _harness as harness
import _fanout_plays as plays
import _fanout_report as report
import _svg
from _harness import log
from _playbook import PlaybookRunner, main_flow, show_table

RESULTS = os.path.join(harness.RESULTS_DIR, "fanout.json")
CHART = os.path.join(harness.HERE, "fanout.svg")
FLOOR_CLIENT = os.path.join(harness.HERE, "_floor_client.py")
TABLE = "fanout-table"
WAIT_TIMEOUT = 900


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="run.py fanout", description=__doc__.strip().splitlines()[0],
                                     parents=[harness.common_parser()])
    add = parser.add_argument
    add("--sizes", default="100,1000,10000", help="fleet sizes (online sessions), comma-separated")
    add("--repeat", type=int, default=3, help="runs of every variant per size (the table shows the median; default 3)")
    add("--slow-repeat", type=int, default=1,
        help="runs of (b) and (c) at the sizes above 100, where one run takes minutes (default 1)")
    add("--variants", default=",".join(report.VARIANTS), help="comma-separated subset of %s" % ",".join(report.VARIANTS))
    add("--parallel", type=int, default=50, help="parallel of (a) and the floor client's concurrency (default 50)")
    add("--forks", type=int, default=20, help="forks of (b) and (c) (default 20)")
    add("--request-latency", type=float, default=0.05, help="emulator --request-latency (default 0.05 s)")
    add("--command-latency", type=float, default=0.5, help="emulator --command-latency, the agent delay (default 0.5 s)")
    add("--uri-max", type=int, default=1000, help="largest size for (c) (default 1000)")
    add("--per-host-max", type=int, default=10000, help="largest size for (b) (default 10000)")
    add("--per-host-budget", type=int, default=1500,
        help="seconds one run of (b) may be expected to take (extrapolated from the size before); larger sizes are "
             "skipped (default 1500)")
    add("--rate-limit", type=float, default=20, help="requests/s of the rate-limiter case; 0 skips it (default 20)")
    add("--rate-limit-size", type=int, default=100, help="sessions of the rate-limiter case (default 100)")
    add("--output", default=RESULTS, help="results JSON (default benchmarks/results/fanout.json)")
    add("--chart", default=None, help="SVG chart to write (default: benchmarks/fanout.svg with --update-readme, else none)")
    add("--table", default=TABLE, help="which table --update-readme rewrites: the one between <!-- TABLE:start --> and "
                                       "<!-- TABLE:end --> (default %s)" % TABLE)
    args = parser.parse_args(argv)
    args.sizes = sorted(harness.parse_list(args.sizes, int))
    args.variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    unknown = set(args.variants) - set(report.VARIANTS)
    if unknown:
        parser.error("unknown variants: %s" % ", ".join(sorted(unknown)))
    if args.repeat < 1 or args.slow_repeat < 1:
        parser.error("--repeat and --slow-repeat must be at least 1")
    if not 1 <= args.parallel <= 200:
        parser.error("--parallel must be between 1 and 200")
    if args.rate_limit and args.rate_limit_size not in args.sizes:
        parser.error("--rate-limit-size must be one of --sizes (its sessions are the same group)")
    return args


def _populate(emulator, label, count):
    """Create ``count`` online Linux sessions labelled ``label`` over one keep-alive control connection; their ids."""
    split = urlsplit(emulator.control_url)
    connection = http.client.HTTPConnection(split.hostname, split.port, timeout=60)
    path = split.path.rstrip("/") + "/sessions"
    ids = []
    try:
        for index in range(count):
            body = json.dumps({"name": "%s-%05d" % (label, index), "os": "linux", "machine_name": "%s-%05d" % (label, index),
                               "custom_property_values": [label], "online": True})
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
            if response.status != 200:
                raise RuntimeError("creating session %d of %s: HTTP %d" % (index, label, response.status))
            ids.append(json.loads(data)["SessionID"])
    finally:
        connection.close()
    return ids


class FanoutBench(PlaybookRunner):
    def __init__(self, args):
        PlaybookRunner.__init__(self, args, "fanout", forks=args.forks)
        self.emulator = None
        self.previous = None
        self.counter = 0
        self.ids = {}

    def argv(self, variant, label, sessions, text):
        if variant == "startup":
            return [self.playbook, "-i", self.localhost, self.write("empty.yml", plays.empty_play())]
        if variant == "floor":
            return [sys.executable, FLOOR_CLIENT, plays.session_filter(label), str(self.args.parallel), str(self.args.command_latency),
                    text, os.path.join(self.tmp, "floor.json")]
        if variant in ("task", "task_ids"):
            ids = self.ids[label] if variant == "task_ids" else None
            play = self.write("task.yml", plays.task_play(label, sessions, text, self.args.parallel, WAIT_TIMEOUT, ids))
            return [self.playbook, "-i", self.localhost, play]
        source = self.write("%s.screenconnect.yml" % label, plays.inventory_source(label))
        if variant == "per_host":
            return [self.playbook, "-i", source, self.write("per_host.yml", plays.per_host_play(text, WAIT_TIMEOUT))]
        return [self.playbook, "-i", source, self.write("uri.yml", plays.uri_play(text, WAIT_TIMEOUT))]

    def run_one(self, variant, label, sessions):
        """One measured run with its own echo text; checked for failures and for commands sent twice."""
        self.counter += 1
        text = "fanout-%d-%s" % (self.counter, uuid.uuid4().hex[:8])
        argv = self.argv(variant, label, sessions, text)
        measured, calls, load, output = self.measure_run(argv, "%s-%s-%d" % (label, variant, self.counter), self.emulator)
        run = report.run_record(variant, sessions, measured, calls, load)
        if variant == "floor" and measured.code == 0:
            with open(os.path.join(self.tmp, "floor.json")) as handle:
                run["floor_client"] = json.load(handle)
        problems = report.check_run(run)
        if problems:
            run["error"] = output
            self.failures.append("%s %s: %s\n%s" % (variant, label, "; ".join(problems), output))
            log("%s at %d sessions FAILED: %s\n%s" % (variant, sessions, "; ".join(problems), output))
        else:
            log("%-9s %6d sessions  wall %8.2fs  CPU %8.2fs  max RSS %6.1f MiB  requests %6d  sends %6d  max concurrent %4s  load %.1f" % (
                variant, sessions, measured.wall, measured.cpu, measured.maxrss / 1024.0, run["requests"], run["sends_applied"],
                run["max_concurrent"], load))
        return run

    def run_size(self, sessions, startup):
        label = "fanout-%d" % sessions
        variants = [name for name in self.args.variants if report.applies(name, sessions, self.args)]
        result = {"sessions": sessions, "variants": dict((name, []) for name in variants), "skipped": {}}
        for name in self.args.variants:
            if name not in variants:
                result["skipped"][name] = report.skip_reason(name, sessions, self.args)
        for index in range(self.args.repeat):
            startup.append(self.run_one("startup", label, 0))
            for name in variants:
                if index >= report.repeats(name, sessions, self.args):
                    continue
                if name == "per_host" and sessions > 100 and index == 0:
                    estimate = report.estimate_per_host(self.previous, sessions)
                    if estimate is not None and estimate > self.args.per_host_budget:
                        result["skipped"][name] = ("one run would take about %.0f s (10x the %d-session run), more than "
                                                   "--per-host-budget %d s" % (estimate, sessions // 10, self.args.per_host_budget))
                        log("per_host at %d sessions skipped: %s" % (sessions, result["skipped"][name]))
                        del result["variants"][name]
                        variants.remove(name)
                        continue
                result["variants"][name].append(self.run_one(name, label, sessions))
        self.previous = result
        return result

    def rate_limited(self, answer, variant):
        sessions = self.args.rate_limit_size
        self.emulator.configure(rate_limit=self.args.rate_limit, rate_burst=max(1, int(self.args.rate_limit)), rate_limit_answer=answer)
        try:
            run = self.run_one(variant, "fanout-%d" % sessions, sessions)
        finally:
            self.emulator.configure(rate_limit=0)
        run.update(report.rate_figures(run, self.args.rate_limit, sessions, by_ids=variant == "task_ids"))
        run["answer"] = answer
        log("rate limit %s: %.1f s for %d requests (%d refused); fewest needed %d -> %.2fx, the module's own %d -> %.2fx" % (
            answer, run["wall_s"], run["requests"], run["rate_limited"], run["requests_fewest"], run["vs_fewest"],
            run["requests_module_min"], run["vs_module_min"]))
        return run

    def run(self):
        sizes = self.args.sizes
        extra = ["--fleet", "empty", "--request-latency", str(self.args.request_latency),
                 "--command-latency", str(self.args.command_latency), "--time-scale", "0"]
        results = {"sizes": [], "startup": [], "rate_limit": []}
        self.previous = None
        with harness.Emulator(self.tmp, self.secret, sessions=0, extra_args=extra, timeout=120) as emulator:
            self.emulator = emulator
            started = time.time()
            for size in sizes:
                self.ids["fanout-%d" % size] = _populate(emulator, "fanout-%d" % size, size)
            log("emulator at %s with %d online sessions (%s) after %.1f s" % (
                emulator.url, sum(sizes), ", ".join("{:,}".format(size) for size in sizes), time.time() - started))
            results["emulator"] = emulator.control("GET", "config")
            for size in sizes:
                results["sizes"].append(self.run_size(size, results["startup"]))
            if self.args.rate_limit:
                for answer, variant in (("429", "task"), ("empty", "task"), ("empty", "task_ids")):
                    results["rate_limit"].append(self.rate_limited(answer, variant))
        return results


def _finish(args, results):
    chart = CHART if args.chart is None and args.update_readme else args.chart
    if chart:
        with open(chart, "w") as handle:
            handle.write(_svg.fanout_chart(report.chart_series(results), report.chart_subtitle(results)))
        log("chart written to %s" % chart)
    show_table(args, report.markdown(results), "<!-- %s:start -->" % args.table, "<!-- %s:end -->" % args.table)


def main(argv=None):
    args = parse_args(argv)
    config = {"sizes": args.sizes, "repeat": args.repeat, "slow_repeat": args.slow_repeat, "parallel": args.parallel,
              "forks": args.forks, "request_latency_s": args.request_latency, "agent_delay_s": args.command_latency,
              "uri_max": args.uri_max, "per_host_max": args.per_host_max, "rate_limit": args.rate_limit,
              "rate_limit_size": args.rate_limit_size, "variants": args.variants}
    return main_flow(args, FanoutBench, report.summarise, _finish, config)


if __name__ == "__main__":
    sys.exit(main())
