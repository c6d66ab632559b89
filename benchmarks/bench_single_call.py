# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Single-call benchmark: one screenconnect_session_info task against one ansible.builtin.uri task, same request.

    python benchmarks/run.py single_call [--repeat 7] [--update-readme]

One emulator (the fan-out benchmark's 50 ms per request) with one session; each run is one ``ansible-playbook`` of
one task that reads that session (``GetSessionBySessionID``), interleaved with an empty playbook (Ansible's
start-up), so the table can show both the whole run and the task's own share. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys

import _harness as harness
import _fanout_plays as plays
from _harness import log, markdown_table, median
from _playbook import PlaybookRunner, main_flow, show_table

TABLE_START = "<!-- single-call-table:start -->"
TABLE_END = "<!-- single-call-table:end -->"
RESULTS = os.path.join(harness.RESULTS_DIR, "single_call.json")
VARIANTS = ("startup", "session_info", "uri")
LABELS = {"startup": "empty playbook (start-up)", "session_info": "one screenconnect_session_info task",
          "uri": "one ansible.builtin.uri task"}
TARGET = 1.2


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="run.py single_call", description=__doc__.strip().splitlines()[0],
                                     parents=[harness.common_parser()])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each variant, interleaved (default 7)")
    parser.add_argument("--request-latency", type=float, default=0.05, help="emulator --request-latency (default 0.05 s)")
    parser.add_argument("--output", default=RESULTS, help="results JSON (default benchmarks/results/single_call.json)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def summarise(results):
    """Medians per variant, each task's share (its median minus the start-up's) and the ratios to uri."""
    summary = {}
    for name, runs in results["runs"].items():
        good = [run for run in runs if run["exit_code"] == 0]
        entry = {"runs": len(runs), "ok": len(good) == len(runs) and bool(good)}
        if good:
            entry.update(wall_s=round(median([run["wall_s"] for run in good]), 3),
                         cpu_s=round(median([run["cpu_s"] for run in good]), 3),
                         max_rss_kib=max(run["max_rss_kib"] for run in good),
                         requests=sorted(set(run["requests"] for run in good)))
        summary[name] = entry
    startup = summary.get("startup", {}).get("wall_s")
    uri = summary.get("uri", {})
    for name in ("session_info", "uri"):
        entry = summary.get(name, {})
        if startup is not None and "wall_s" in entry:
            entry["task_s"] = round(entry["wall_s"] - startup, 3)
    info = summary.get("session_info", {})
    if "wall_s" in info and "wall_s" in uri:
        info["wall_vs_uri"] = round(info["wall_s"] / uri["wall_s"], 3)
        info["cpu_vs_uri"] = round(info["cpu_s"] / uri["cpu_s"], 3)
        if info.get("task_s") and uri.get("task_s", 0) > 0:
            info["task_vs_uri"] = round(info["task_s"] / uri["task_s"], 3)
    results["summary"] = summary
    return results


def markdown(results):
    rows = []
    for name in VARIANTS:
        entry = results["summary"].get(name)
        if not entry:
            continue
        if "wall_s" not in entry:
            rows.append([LABELS[name], entry["runs"], "failed", "", "", "", "", ""])
            continue
        rows.append([LABELS[name], entry["runs"], "%.2f" % entry["wall_s"], "%.2f" % entry["task_s"] if "task_s" in entry else "",
                     "%.2f" % entry["cpu_s"], "%.0f" % (entry["max_rss_kib"] / 1024.0),
                     ", ".join(str(count) for count in entry["requests"]),
                     "%.2fx" % entry["wall_vs_uri"] if "wall_vs_uri" in entry else ""])
    lines = [markdown_table(["Variant", "Runs", "Time (s, median)", "Task's share (s)", "CPU (s)", "Peak RSS (MiB)",
                             "Requests", "Time / uri"], rows, "lrrrrrrr")]
    loads = [run["load_before"] for runs in results["runs"].values() for run in runs]
    lines.append("One `ansible-playbook` process per run, the variants interleaved; the task's share is its median minus the "
                 "empty playbook's. Emulator: %s s per request. %s. Load average before the runs: %.1f to %.1f.\n" % (
                     results["config"]["request_latency_s"], harness.machine_line(results["machine"]),
                     min(loads) if loads else 0, max(loads) if loads else 0))
    info = results["summary"].get("session_info", {})
    if "wall_vs_uri" in info:
        lines.append("Target: single-call overhead within %.1fx of `uri`: %.2fx (%s; CPU %.2fx%s)" % (
            TARGET, info["wall_vs_uri"], "met" if info["wall_vs_uri"] <= TARGET else "MISSED", info["cpu_vs_uri"],
            "; the task's own share %.2fx" % info["task_vs_uri"] if "task_vs_uri" in info else ""))
    else:
        lines.append("Target: single-call overhead within %.1fx of `uri`: not measured" % TARGET)
    return "\n".join(lines) + "\n"


class SingleCallBench(PlaybookRunner):
    def __init__(self, args):
        PlaybookRunner.__init__(self, args, "single-call")

    def run(self):
        extra = ["--fleet", "empty", "--request-latency", str(self.args.request_latency)]
        runs = dict((name, []) for name in VARIANTS)
        with harness.Emulator(self.tmp, self.secret, sessions=0, extra_args=extra, timeout=120) as emulator:
            session_id = emulator.control("POST", "sessions", {"name": "single-call", "os": "linux"})["SessionID"]
            books = {"startup": plays.empty_play(), "session_info": plays.session_info_play(session_id),
                     "uri": plays.uri_single_play(session_id)}
            for index in range(self.args.repeat):
                for name in VARIANTS:
                    argv = [self.playbook, "-i", self.localhost, self.write(name + ".yml", books[name])]
                    measured, calls, load, output = self.measure_run(argv, "%s-%d" % (name, index + 1), emulator)
                    run = {"wall_s": round(measured.wall, 3), "cpu_s": round(measured.cpu, 3), "max_rss_kib": measured.maxrss,
                           "exit_code": measured.code, "load_before": load, "requests": calls["total"]["received"]}
                    if measured.code != 0:
                        run["error"] = output
                        self.failures.append("%s run %d: exit %s\n%s" % (name, index + 1, measured.code, output))
                        log("%s run %d FAILED:\n%s" % (name, index + 1, output))
                    else:
                        log("%-13s wall %6.2fs  CPU %6.2fs  requests %d  load %.1f" % (name, measured.wall, measured.cpu,
                                                                                       run["requests"], load))
                    runs[name].append(run)
        return {"runs": runs}


def _finish(args, results):
    show_table(args, markdown(results), TABLE_START, TABLE_END)


def main(argv=None):
    args = parse_args(argv)
    config = {"repeat": args.repeat, "request_latency_s": args.request_latency}
    return main_flow(args, SingleCallBench, summarise, _finish, config)


if __name__ == "__main__":
    sys.exit(main())
