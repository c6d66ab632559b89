# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection benchmark: tasks through the screenconnect.restapi.screenconnect connection plugin against the same work
done with screenconnect_command + delegate_to: localhost, on the emulator's real guests.

    python benchmarks/run.py connection [--guests 1,20] [--forks 20] [--repeat 1] [--update-readme]

One emulator (empty fleet, real guests, request latency and agent delay as given) serves every run. Before each run
the fleet is rebuilt and the run's guests are created afresh (empty chunk stores), with an empty chunk cache on the
controller. Each run is one ansible-playbook process at -vvv with the bench_tasks callback
(benchmarks/connection/callback_plugins), which records the wall time and the emulator's calls of every task; the
-vvv lines of the connection plugin name each command, so the commands of a task are also counted per host. See
benchmarks/README.md ("Connection plugin") for what is measured and how to read the results.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import math
import os
import re
import shutil
import sys
import tempfile
import time

import _harness as harness
from _harness import log

HERE = os.path.join(harness.HERE, "connection")
INVENTORY = os.path.join(HERE, "connbench.screenconnect.yml")
CALLBACKS = os.path.join(HERE, "callback_plugins")
PLAYBOOKS = {"connection": "connection.yml", "rerun": "connection.yml", "baseline": "baseline.yml"}
VARIANTS = {
    "connection": "connection plugin",
    "rerun": "connection plugin, next ansible-playbook run (cache file warm)",
    "baseline": "screenconnect_command + delegate_to: localhost",
}
RESULTS = os.path.join(harness.RESULTS_DIR, "connection.json")
TABLE_START = "<!-- connection-table:start -->"
TABLE_END = "<!-- connection-table:end -->"
MARKER = "ConnBench"
FILE_SIZE = 204800
TASKS = ("Ping", "Command", "Copy", "Setup", "Copy new file", "Copy new file, absolute remote_tmp")
NEW_FILE_TASKS = TASKS[4:]

_TASK = re.compile(r"^TASK \[(?P<task>[^\]]+)\]")
_PLAY = re.compile(r"^PLAY \[(?P<play>[^\]]+)\]")
_COMMAND = re.compile(r"^<(?P<host>[^>]+)> SCREENCONNECT COMMAND \d+: (?P<what>.*) \((?P<size>\d+) characters\)$")
_PAYLOAD = re.compile(r"^<(?P<host>[^>]+)> PAYLOAD (?P<size>\d+) bytes in (?P<chunks>\d+) chunks .*: (?P<unknown>\d+) "
                      r"of them \((?P<unknown_bytes>\d+) bytes\)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="run.py connection", description=__doc__.strip().splitlines()[0],
                                     parents=[harness.common_parser()])
    parser.add_argument("--guests", default="1,20", help="guest counts, comma-separated (default 1,20)")
    parser.add_argument("--forks", type=int, default=20, help="ansible-playbook --forks (default 20)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per guest count and variant, interleaved (default 1)")
    parser.add_argument("--variants", default="connection,rerun,baseline",
                        help="comma-separated subset of %s (rerun follows connection on the same guests)" % ",".join(VARIANTS))
    parser.add_argument("--chunk-size", type=int, default=16384, help="the connection's chunk_size (default 16384)")
    parser.add_argument("--request-latency", type=float, default=0.05, help="emulator request latency, s (default 0.05)")
    parser.add_argument("--command-latency", type=float, default=0.5, help="emulator agent delay, s (default 0.5)")
    parser.add_argument("--output", default=RESULTS, help="results JSON (default benchmarks/results/connection.json)")
    args = parser.parse_args(argv)
    args.guests = harness.parse_list(args.guests, int)
    args.variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error("unknown variants: %s" % ", ".join(sorted(unknown)))
    if "rerun" in args.variants and "connection" not in args.variants:
        parser.error("rerun needs the connection variant (it runs on its guests)")
    if not args.guests or min(args.guests) < 1 or args.repeat < 1 or args.forks < 1:
        parser.error("--guests, --repeat and --forks must be positive")
    return args


def _process_cpu(pid):
    """(own, waited-for children) CPU seconds of a process: for the emulator, children are the real guests' commands."""
    with open("/proc/%d/stat" % pid) as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = float(os.sysconf("SC_CLK_TCK"))
    return (int(fields[11]) + int(fields[12])) / ticks, (int(fields[13]) + int(fields[14])) / ticks


def _machine_cpu():
    """(busy, total) CPU seconds of the whole machine since boot, all CPUs (/proc/stat): other users' work included."""
    with open("/proc/stat") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    ticks = float(os.sysconf("SC_CLK_TCK"))
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return (sum(fields[:8]) - idle) / ticks, sum(fields[:8]) / ticks


def parse_log(path):
    """Per (play, task): commands and payloads per host from the connection plugin's -vvv lines."""
    tasks, play, current = {}, None, None
    with open(path, errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            match = _PLAY.match(line)
            if match:
                play, current = match.group("play"), None
                continue
            match = _TASK.match(line)
            if match:
                current = tasks.setdefault((play, match.group("task")), {"commands": {}, "whats": {}, "payloads": []})
                continue
            if current is None:
                continue
            match = _COMMAND.match(line)
            if match:
                host = match.group("host")
                current["commands"][host] = current["commands"].get(host, 0) + 1
                what = re.sub(r"\d+", "N", match.group("what").split(" of /")[0])
                current["whats"][what] = current["whats"].get(what, 0) + 1
                continue
            match = _PAYLOAD.match(line)
            if match:
                current["payloads"].append(dict((key, int(match.group(key)) if key != "host" else match.group(key))
                                                for key in ("host", "size", "chunks", "unknown", "unknown_bytes")))
    return tasks


class Bench(object):
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="connbench-")
        self.bindir = os.path.dirname(harness.find_tool("ansible-playbook") or sys.executable)
        self.python = sys.executable
        self.secret = base64.urlsafe_b64encode(os.urandom(24)).decode("ascii")
        self.failures = []
        self.files = os.path.join(self.tmp, "files")
        self.first_sha256 = self._files()
        self.cfg = os.path.join(self.tmp, "ansible.cfg")
        with open(self.cfg, "w") as handle:
            handle.write("[defaults]\nforks = %d\ncallbacks_enabled = bench_tasks\ncallback_plugins = %s\n"
                         "host_key_checking = False\nretry_files_enabled = False\n" % (args.forks, CALLBACKS))

    def _files(self):
        """The two 200 kB files to copy, and the first one in base64 pieces of chunk_size bytes for the baseline."""
        os.makedirs(os.path.join(self.files, "first.b64"))
        first = os.urandom(FILE_SIZE)
        for name, data in (("first.bin", first), ("second.bin", os.urandom(FILE_SIZE)), ("third.bin", os.urandom(FILE_SIZE))):
            with open(os.path.join(self.files, name), "wb") as handle:
                handle.write(data)
        size = self.args.chunk_size
        for number, offset in enumerate(range(0, len(first), size)):
            with open(os.path.join(self.files, "first.b64", "%03d" % number), "w") as handle:
                handle.write(base64.b64encode(first[offset:offset + size]).decode("ascii"))
        return hashlib.sha256(first).hexdigest()

    def fresh_guests(self, emulator, count, work):
        emulator.control("POST", "reset", {"counters": True, "faults": True, "config": True, "fleet": True})
        for number in range(1, count + 1):
            name = "bench-%02d" % number
            emulator.control("POST", "sessions", {"name": name, "real_guest": True, "os": "linux",
                                                  "custom_property_values": [MARKER]})
            os.makedirs(os.path.join(work, "guests", name))

    def run(self, emulator, variant, guests, number):
        label = "%s-%d-%d" % (variant, guests, number)
        work = os.path.join(self.tmp, "run-connection-%d-%d" % (guests, number) if variant == "rerun" else "run-" + label)
        if variant != "rerun":
            self.fresh_guests(emulator, guests, work)
        else:
            emulator.reset_counters()
        env = harness.ansible_env(self.args.collections_path, self.cfg, emulator.url, self.secret, self.bindir)
        tasks_json = os.path.join(self.tmp, label + ".tasks.json")
        env.update({
            "BENCH_CONTROL_URL": emulator.control_url,
            "BENCH_TASKS_OUTPUT": tasks_json,
            "SCREENCONNECT_CHUNK_CACHE": os.path.join(work, "chunk-cache"),
            "SCREENCONNECT_CHUNK_SIZE": str(self.args.chunk_size),
        })
        argv = [os.path.join(self.bindir, "ansible-playbook"), "-vvv", "-i", INVENTORY, PLAYBOOKS[variant],
                "-e", "bench_python=%s" % self.python, "-e", "bench_work=%s" % work, "-e", "bench_files=%s" % self.files,
                "-e", "bench_first_sha256=%s" % self.first_sha256]
        load = harness.load_average()
        cpu_before = _process_cpu(emulator.proc.pid)
        machine_before = _machine_cpu()
        stdout = os.path.join(self.tmp, label + ".log")
        log("%s: %d guests, run %d (load average %.2f)" % (VARIANTS[variant], guests, number, load))
        measured = harness.measure(argv, env, HERE, self.args.timeout, stdout, stdout + ".stderr")
        cpu_after = _process_cpu(emulator.proc.pid)
        machine_after = _machine_cpu()
        result = {
            "variant": variant, "guests": guests, "run": number, "load_before": load, "load_after": harness.load_average(),
            "wall_s": round(measured.wall, 2), "controller_cpu_s": round(measured.cpu, 2),
            "emulator_cpu_s": round(cpu_after[0] - cpu_before[0], 2), "guest_cpu_s": round(cpu_after[1] - cpu_before[1], 2),
            "code": measured.code, "tasks": [],
        }
        # how busy the machine's CPUs were during the run, whoever used them (1.0 = all of them, all the time)
        result["machine_busy"] = round((machine_after[0] - machine_before[0]) /
                                       max(machine_after[1] - machine_before[1], 0.001), 2)
        result["cpu_per_wall"] = round((result["controller_cpu_s"] + result["emulator_cpu_s"] + result["guest_cpu_s"])
                                       / max(measured.wall, 0.001), 2)
        if measured.code != 0:
            self.failures.append("%s: ansible-playbook exited %s; see %s" % (label, measured.code, stdout))
        records = harness.read_results(tasks_json) or []
        counted = parse_log(stdout)
        for record in records:
            seen = counted.get((record["play"], record["task"]), {"commands": {}, "whats": {}, "payloads": []})
            hosts = max(len(record["hosts"]), 1)
            sent = record["calls"].get("SendCommandToSession", 0)
            if variant != "baseline" and sum(seen["commands"].values()) != sent:
                self.failures.append("%s %s/%s: the -vvv log names %d commands, the emulator counted %d" % (
                    label, record["play"], record["task"], sum(seen["commands"].values()), sent))
            if record["failed"] or record["unreachable"]:
                where = ", ".join(record["failed"] + record["unreachable"])
                self.failures.append("%s %s/%s failed on %s" % (label, record["play"], record["task"], where))
            payloads = sorted(set(payload["size"] for payload in seen["payloads"]))
            result["tasks"].append({
                "play": record["play"], "task": record["task"], "seconds": record["seconds"], "hosts": len(record["hosts"]),
                "commands_per_host": round(sent / float(hosts), 2), "reads_per_host":
                round(record["calls"].get("GetSessionDetailsBySessionID", 0) / float(hosts), 2),
                "commands_by_purpose": seen["whats"], "payload_bytes": payloads,
                # the bytes of module chunks that had to be sent (not yet on the guest), per host
                "new_module_bytes": round(sum(payload["unknown_bytes"] for payload in seen["payloads"]) / float(hosts)),
            })
        log("  %.1f s wall, CPU: controller %.1f s, emulator %.1f s, guest commands %.1f s (%.2f CPUs busy); the "
            "machine's CPUs %.0f%% busy" % (measured.wall, result["controller_cpu_s"], result["emulator_cpu_s"],
                                            result["guest_cpu_s"], result["cpu_per_wall"], 100 * result["machine_busy"]))
        return result


def _step(task):
    return task.split(":", 1)[0]


def summarise(runs):
    """(guests, variant, play, step) -> best seconds and commands per host over the runs (tasks of a step summed)."""
    table = {}
    for run in runs:
        steps = {}
        for task in run["tasks"]:
            key = (task["play"], _step(task["task"]))
            entry = steps.setdefault(key, {"seconds": 0.0, "commands": 0.0, "payloads": [], "new_module_bytes": 0})
            entry["seconds"] += task["seconds"]
            entry["commands"] += task["commands_per_host"]
            entry["payloads"] += task["payload_bytes"]
            entry["new_module_bytes"] += task.get("new_module_bytes", 0)
        for (play, step), entry in steps.items():
            best = table.setdefault((run["guests"], run["variant"], play, step), dict(entry, runs=0))
            best["seconds"] = min(best["seconds"], entry["seconds"])
            best["runs"] += 1
    return table


def _cell(table, guests, variant, play, step):
    entry = table.get((guests, variant, play, step))
    if entry is None:
        return "", ""
    return "%g" % entry["commands"], "%.1f" % entry["seconds"]


def targets(results):
    """The issue's targets, each as (text, met)."""
    table = summarise(results["runs"])
    chunk = results["config"]["chunk_size"]
    lines = []
    guests = sorted(set(run["guests"] for run in results["runs"]))
    one = guests[0]
    for step in ("Ping", "Command"):
        entry = table.get((one, "connection", "Repeated", step))
        if entry:
            lines.append(("repeated %s: %g SendCommandToSession per host (target 1, at most 2)" % (step.lower(), entry["commands"]),
                          entry["commands"] <= 2))
        entry = table.get((one, "connection", "First", step))
        if entry and entry["payloads"]:
            bound = int(math.ceil(max(entry["payloads"]) / float(chunk))) + 1
            lines.append(("first %s: %g per host, payload %d bytes: at most ceil(payload / chunk_size) + 1 = %d"
                          % (step.lower(), entry["commands"], max(entry["payloads"]), bound), entry["commands"] <= bound))
    bound = int(math.ceil(FILE_SIZE / float(chunk))) + 3
    for play, step, what in (("First", "Copy", "first copy, modules not on the guest yet"),
                             ("Repeated", "Copy new file", "first copy of a new file, modules on the guest"),
                             ("Repeated", "Copy new file, absolute remote_tmp", "the same with an absolute remote_tmp")):
        entry = table.get((one, "connection", play, step))
        if entry:
            text = "%s (%d bytes): %g per host, at most ceil(size / chunk_size) + 3 = %d" % (
                what, FILE_SIZE, entry["commands"], bound)
            if entry["new_module_bytes"]:
                # the modules' new chunks travel too, and the mkdir and rm of Ansible's copy action carry no data
                carrying = int(math.ceil((FILE_SIZE + entry["new_module_bytes"]) / float(chunk)))
                text += "; with the %d bytes of the stat and copy modules' new chunks, the data alone needs %d " \
                        "commands of chunk_size, %d with the mkdir and rm" % (
                            entry["new_module_bytes"], carrying, carrying + 2)
            lines.append((text, entry["commands"] <= bound))
    cpus = results.get("machine", {}).get("cpus") or 1
    runs = [run for run in results["runs"] if run["variant"] == "connection"]
    for many in guests[1:]:
        ones = [run for run in runs if run["guests"] == one]
        manys = [run for run in runs if run["guests"] == many]
        if ones and manys:
            fastest_one = min(run["wall_s"] for run in ones)
            fastest = min(manys, key=lambda run: run["wall_s"])
            ratio = fastest["wall_s"] / fastest_one
            # The fastest any scheduling could be on this machine: the run's CPU seconds (controller, emulator and
            # guests, which are processes here) spread over every CPU with no wait, or the one-guest run if longer.
            cpu = fastest["controller_cpu_s"] + fastest["emulator_cpu_s"] + fastest["guest_cpu_s"]
            lines.append(("%d guests with forks %d within 1.5x of one guest: %.2fx (whole playbook; the CPU floor of "
                          "this machine is %.2fx: %.0f CPU seconds, %.0f of them the guests', on %d CPUs)" % (
                              many, results["config"]["forks"], ratio, max(cpu / cpus, fastest_one) / fastest_one, cpu,
                              fastest["guest_cpu_s"], cpus), ratio <= 1.5))
    return lines


def markdown(results):
    table = summarise(results["runs"])
    guests = sorted(set(run["guests"] for run in results["runs"]))
    headers = ["Guests", "Task", "Connection first: commands", "s", "repeated: commands", "s",
               "Baseline first: commands", "s", "repeated: commands", "s"]
    rows = []
    for count in guests:
        for index, step in enumerate(TASKS):
            first = ("Repeated" if step in NEW_FILE_TASKS else "First")
            cells = list(_cell(table, count, "connection", first, step))
            cells += list(_cell(table, count, "connection", "Repeated", step)) if step not in NEW_FILE_TASKS else ["", ""]
            cells += list(_cell(table, count, "baseline", "First", step)) + list(_cell(table, count, "baseline", "Repeated", step))
            rows.append(["%d" % count if index == 0 else "", step] + cells)
    text = harness.markdown_table(headers, rows, align="llrrrrrrrr")
    rerun = [(count, table.get((count, "rerun", "First", step))) for count in guests for step in TASKS[:4]]
    if any(entry for _count, entry in rerun):
        text += "\nThe same playbook in a second ansible-playbook process on the same guests (chunk cache file warm), first play:\n\n"
        text += harness.markdown_table(["Guests"] + list(TASKS[:4]), [
            ["%d" % count] + ["%s commands, %s s" % _cell(table, count, "rerun", "First", step) for step in TASKS[:4]]
            for count in guests])
    text += "\nWhole runs (wall time; CPU seconds of the controller's ansible-playbook tree, of the emulator, and of the " \
            "guests' commands, which the emulator runs as its children; CPUs used = their sum / wall; machine busy = the " \
            "share of all CPUs of the machine busy during the run, other users' work included):\n\n"
    text += harness.markdown_table(
        ["Variant", "Guests", "Run", "Wall (s)", "Controller CPU (s)", "Emulator CPU (s)", "Guest CPU (s)", "CPUs used",
         "Machine busy", "Load before"],
        [[VARIANTS[run["variant"]], run["guests"], run["run"], run["wall_s"], run["controller_cpu_s"], run["emulator_cpu_s"],
          run["guest_cpu_s"], run["cpu_per_wall"], "%d%%" % round(100 * run.get("machine_busy", 0)), run["load_before"]]
         for run in results["runs"]], align="lrrrrrrrrr")
    config = results["config"]
    text += "\nOne run of each, interleaved (1 guest, then %s); emulator request latency %g s, agent delay %g s, " \
            "chunk_size %d, forks %d. Commands are SendCommandToSession per host (the emulator's counter divided by the " \
            "hosts); seconds are the task's wall time over all hosts. %s. Total %.0f s.\n" % (
                ", ".join("%d" % count for count in guests[1:]) or "nothing else", config["request_latency"],
                config["command_latency"], config["chunk_size"], config["forks"], harness.machine_line(results["machine"]),
                results["total_s"])
    text += "\nTargets:\n\n" + "".join("- %s: %s\n" % (line, "met" if met else "missed") for line, met in targets(results))
    return text


def main(argv=None):
    args = parse_args(argv)
    if args.report_only:
        return harness.report_only(args.output, markdown, args.update_readme, TABLE_START, TABLE_END)
    harness.install_cleanup()
    bench = Bench(args)
    started = time.time()
    results = harness.results_header(bench.bindir, {
        "guests": args.guests, "forks": args.forks, "repeat": args.repeat, "variants": args.variants,
        "chunk_size": args.chunk_size, "request_latency": args.request_latency, "command_latency": args.command_latency,
        "collections_path": args.collections_path})
    results["runs"] = []
    extra = ["--fleet", "empty", "--allow-real-guests", "--request-latency", str(args.request_latency),
             "--command-latency", str(args.command_latency)]
    try:
        with harness.Emulator(bench.tmp, bench.secret, sessions=0, extra_args=extra) as emulator:
            for number in range(1, args.repeat + 1):
                for variant in [name for name in ("connection", "baseline") if name in args.variants]:
                    for guests in args.guests:  # interleaved: the machine's load drifts alike for each count
                        results["runs"].append(bench.run(emulator, variant, guests, number))
                        if variant == "connection" and "rerun" in args.variants:
                            results["runs"].append(bench.run(emulator, "rerun", guests, number))
                        results["total_s"] = round(time.time() - started, 1)
                        harness.write_results(args.output, results)  # an interrupted benchmark keeps its runs
    finally:
        harness.cleanup()
        if args.keep:
            log("kept %s" % bench.tmp)
        else:
            shutil.rmtree(bench.tmp, ignore_errors=True)
    results["total_s"] = round(time.time() - started, 1)
    results["failures"] = bench.failures
    harness.write_results(args.output, results)
    text = markdown(results)
    print(text)
    log("results written to %s" % args.output)
    if args.update_readme:
        harness.update_readme(harness.README, text, TABLE_START, TABLE_END)
    if bench.failures:
        log("%d failures:\n%s" % (len(bench.failures), "\n".join(bench.failures)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
