# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inventory benchmark: the screenconnect.restapi.screenconnect plugin against a script inventory.

    python benchmarks/run.py inventory [--sizes 1000,10000,100000] [--repeat 3,3,2] [--update-readme]

For every fleet size it starts one emulator, warms it up, then runs ``ansible-inventory -i <source> --list`` for each
variant (plugin without cache, plugin with a warm jsonfile cache, the script baseline), each run in its own process,
and records wall time and peak memory. See benchmarks/README.md for what is measured and how to read the results.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
import time

import _harness as harness
from _harness import log

HERE = harness.HERE
PLUGIN_CONFIG = os.path.join(HERE, "bench.screenconnect.yml")
SCRIPT = os.path.join(HERE, "script_inventory.py")
RESULTS = os.path.join(harness.RESULTS_DIR, "inventory.json")
SESSION_FILTER = "SessionType = 'Access'"
TABLE_START = "<!-- benchmark-table:start -->"
TABLE_END = "<!-- benchmark-table:end -->"
FIXED_RUN_SECONDS = 2.5  # ansible-inventory start-up, measured on the reference machine
EMULATOR_SECONDS_PER_SESSION = 0.0004  # fleet generation, ~40 s for 100,000 sessions

# name -> (label in the table, compare against the script baseline)
VARIANTS = {
    "plugin": "plugin, no cache",
    "plugin_cache": "plugin, warm cache",
    "script": "script inventory (baseline)",
    "fetch": "HTTP fetch only (reference)",
}
ALL_VARIANTS = ("plugin", "plugin_cache", "script", "fetch")

# A bare GetSessionsByFilter download in its own process: the floor that no inventory can beat.
FETCH_CODE = """
import os, sys, urllib.request
url = os.environ["SCREENCONNECT_URL"].rstrip("/") + "/App_Extensions/%s/Service.ashx/GetSessionsByFilter"
request = urllib.request.Request(url, data=sys.argv[1].encode(), method="POST", headers={
    "CTRLAuthHeader": os.environ["SCREENCONNECT_SECRET"], "Content-Type": "application/json"})
size = 0
with urllib.request.urlopen(request, timeout=600) as response:
    while True:
        chunk = response.read(1 << 20)
        if not chunk:
            break
        size += len(chunk)
print(size)
""" % harness.EXTENSION_ID

# --------------------------------------------------------------------------------------------------------------
# comparing ansible-inventory --list outputs


def normalise(value):
    """Drop the ``{"__ansible_unsafe": ...}`` wrappers that ansible-inventory may write around untrusted strings."""
    if isinstance(value, dict):
        if len(value) == 1:
            for marker in ("__ansible_unsafe", "__ansible_vault"):
                if marker in value:
                    return normalise(value[marker])
        return dict((normalise(key), normalise(item)) for key, item in value.items())
    if isinstance(value, list):
        return [normalise(item) for item in value]
    return value


def inventory_view(path):
    with open(path, "rb") as handle:
        data = normalise(json.load(handle))
    hostvars = data.pop("_meta", {}).get("hostvars", {})
    groups = {}
    for name, body in data.items():
        body = body or {}
        groups[name] = (sorted(body.get("hosts", [])), sorted(body.get("children", [])))
    return hostvars, groups


def _short(value, limit=120):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[:limit] + "..."


def _host_count(path):
    try:
        with open(path, "rb") as handle:
            return len(json.load(handle).get("_meta", {}).get("hostvars", {}))
    except (OSError, ValueError, AttributeError):
        return None


def compare(path_a, name_a, path_b, name_b, examples=5):
    """Differences in hosts, groups and hostvars between two --list outputs, as a list of readable lines."""
    vars_a, groups_a = inventory_view(path_a)
    vars_b, groups_b = inventory_view(path_b)
    lines = []

    def _set_diff(what, only_a, only_b):
        if only_a:
            lines.append("%d %s only in %s, e.g. %s" % (len(only_a), what, name_a, _short(sorted(only_a)[:examples])))
        if only_b:
            lines.append("%d %s only in %s, e.g. %s" % (len(only_b), what, name_b, _short(sorted(only_b)[:examples])))

    hosts_a = set(vars_a).union(*[set(hosts) for hosts, _children in groups_a.values()])
    hosts_b = set(vars_b).union(*[set(hosts) for hosts, _children in groups_b.values()])
    _set_diff("hosts", hosts_a - hosts_b, hosts_b - hosts_a)
    _set_diff("groups", set(groups_a) - set(groups_b), set(groups_b) - set(groups_a))
    for group in sorted(set(groups_a) & set(groups_b)):
        (members_a, children_a), (members_b, children_b) = groups_a[group], groups_b[group]
        if members_a != members_b:
            only_a, only_b = set(members_a) - set(members_b), set(members_b) - set(members_a)
            lines.append("group %s: %d hosts only in %s (e.g. %s), %d only in %s (e.g. %s)" % (
                group, len(only_a), name_a, _short(sorted(only_a)[:examples]), len(only_b), name_b, _short(sorted(only_b)[:examples])))
        if children_a != children_b:
            lines.append("group %s: children %s in %s, %s in %s" % (group, _short(children_a), name_a, _short(children_b), name_b))
    missing = {}
    differing = {}
    for host in sorted(set(vars_a) & set(vars_b)):
        host_a, host_b = vars_a[host], vars_b[host]
        for key in set(host_a) | set(host_b):
            if key not in host_b:
                missing.setdefault((key, name_b), []).append(host)
            elif key not in host_a:
                missing.setdefault((key, name_a), []).append(host)
            elif host_a[key] != host_b[key]:
                differing.setdefault(key, []).append((host, host_a[key], host_b[key]))
    for (key, lacking), hosts in sorted(missing.items()):
        lines.append("hostvar %s missing in %s on %d hosts, e.g. %s" % (key, lacking, len(hosts), _short(hosts[:examples])))
    for key, cases in sorted(differing.items()):
        host, value_a, value_b = cases[0]
        lines.append("hostvar %s differs on %d hosts, e.g. %s: %s %s, %s %s" % (
            key, len(cases), host, name_a, _short(value_a), name_b, _short(value_b)))
    return lines


# --------------------------------------------------------------------------------------------------------------
# the run


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="run.py inventory", description=__doc__.strip().splitlines()[0],
                                     parents=[harness.common_parser()])
    parser.add_argument("--sizes", default="1000,10000,100000", help="fleet sizes (emulator --sessions), comma-separated")
    parser.add_argument("--repeat", default=None,
                        help="runs per variant: one number for every size, or one per size (default 3 up to 10,000 sessions, 2 above)")
    parser.add_argument("--variants", default=",".join(ALL_VARIANTS), help="comma-separated subset of %s" % ",".join(ALL_VARIANTS))
    parser.add_argument("--seed", type=int, default=1, help="emulator fleet seed (default 1)")
    parser.add_argument("--budget", type=int, default=1500,
                        help="seconds for the whole benchmark: repeats after the first are skipped when the larger sizes would not fit "
                        "(default 1500; 0 = no limit). Every variant runs at least once per size")
    parser.add_argument("--emulator-timeout", type=int, default=300, help="seconds to wait for an emulator to build its fleet")
    parser.add_argument("--output", default=RESULTS, help="results JSON (default benchmarks/results/inventory.json)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the sizes of an existing --output file that this run does not measure")
    parser.add_argument("--fail-on-diff", action="store_true", help="exit 1 when the plugin and the script disagree")
    args = parser.parse_args(argv)
    args.sizes = harness.parse_list(args.sizes, int)
    if args.repeat is None:
        args.repeat = [3 if size <= 10000 else 2 for size in args.sizes]
    else:
        repeat = harness.parse_list(args.repeat, int)
        if len(repeat) == 1:
            repeat = repeat * len(args.sizes)
        if len(repeat) != len(args.sizes) or min(repeat) < 1:
            parser.error("--repeat needs one positive number or one per size")
        args.repeat = repeat
    args.variants = [name.strip() for name in args.variants.split(",") if name.strip()]
    unknown = set(args.variants) - set(ALL_VARIANTS)
    if unknown:
        parser.error("unknown variants: %s" % ", ".join(sorted(unknown)))
    return args


def find_plugin(collections_path):
    for root in collections_path.split(os.pathsep):
        for candidate in (os.path.join(root, "ansible_collections", "screenconnect", "restapi"), root):
            path = os.path.join(candidate, "plugins", "inventory", "screenconnect.py")
            if os.path.isfile(path):
                return path
    return None


class Bench(object):
    def __init__(self, args):
        self.args = args
        self.deadline = time.time() + args.budget if args.budget > 0 else None
        self.ansible_inventory = harness.find_tool("ansible-inventory")
        if not self.ansible_inventory:
            raise SystemExit("ansible-inventory not found next to %s nor on PATH" % sys.executable)
        self.bindir = os.path.dirname(self.ansible_inventory)
        self.tmp = tempfile.mkdtemp(prefix="screenconnect-bench-")
        self.secret = "bench-%d" % os.getpid()
        self.failures = []
        self.plugin_path = find_plugin(args.collections_path)
        self.script = self._script()
        self.ansible_cfg = os.path.join(self.tmp, "ansible.cfg")
        with open(self.ansible_cfg, "w") as handle:
            handle.write("[defaults]\nhost_key_checking = False\n\n[inventory]\nunparsed_is_failed = True\n")

    def _script(self):
        if os.access(SCRIPT, os.X_OK):
            return SCRIPT
        copy = os.path.join(self.tmp, "script_inventory.py")
        shutil.copy(SCRIPT, copy)
        os.chmod(copy, 0o755)
        return copy

    def env(self, emulator):
        return harness.ansible_env(self.args.collections_path, self.ansible_cfg, emulator.url, self.secret, self.bindir)

    def write_configs(self, workdir):
        with open(PLUGIN_CONFIG) as handle:
            text = handle.read()
        cache_dir = os.path.join(workdir, "cache")
        os.mkdir(cache_dir)
        cached = os.path.join(workdir, "cache.screenconnect.yml")
        with open(cached, "w") as handle:
            handle.write(text.rstrip("\n") + "\ncache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % json.dumps(cache_dir))
        return {"plugin": PLUGIN_CONFIG, "plugin_cache": cached, "script": self.script}, cache_dir

    def argv(self, variant, source, output):
        if variant == "fetch":
            return [sys.executable, "-c", FETCH_CODE, json.dumps([SESSION_FILTER])]
        return [self.ansible_inventory, "-i", source, "--list", "--output", output]

    def run_one(self, variant, source, emulator, workdir, label):
        output = os.path.join(workdir, "%s.json" % variant)
        stdout_path = os.path.join(workdir, "%s.stdout" % label)
        stderr_path = os.path.join(workdir, "%s.stderr" % label)
        if os.path.exists(output):
            os.remove(output)
        before = emulator.calls_received()
        load = harness.load_average()
        wall, cpu, maxrss, tree_peak, code = harness.measure(self.argv(variant, source, output), self.env(emulator), workdir,
                                                     self.args.timeout, stdout_path, stderr_path)
        after = emulator.calls_received()
        run = {
            "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "max_rss_kib": maxrss, "tree_rss_peak_kib": tree_peak, "exit_code": code,
            "api_calls": (after - before) if before is not None and after is not None else None, "load_before": round(load, 2),
        }
        if code != 0:
            with open(stderr_path, "rb") as handle:
                tail = handle.read()[-3000:].decode("utf-8", "replace")
            run["error"] = tail
            self.failures.append("%s (%s): exit %s\n%s" % (label, VARIANTS[variant], code, tail))
            log("%s failed with exit code %s:\n%s" % (label, code, tail))
        else:
            log("%-26s wall %8.2fs  CPU %8.2fs  max RSS %7.1f MiB  tree peak %7.1f MiB  API calls %s  load %.1f" % (
                label, wall, cpu, maxrss / 1024.0, tree_peak / 1024.0, run["api_calls"], load))
        return run

    def reserve(self, sessions, seconds_per_repeat, later_sizes, variants):
        """Estimated seconds that the mandatory runs of the later sizes need, scaled linearly from this size."""
        runs = len(variants) + (1 if "plugin_cache" in variants else 0)
        per_run = max(seconds_per_repeat / max(len(variants), 1) - FIXED_RUN_SECONDS, 0.0)
        return sum(runs * (FIXED_RUN_SECONDS + per_run * later / float(sessions)) + 2.0 + later * EMULATOR_SECONDS_PER_SESSION
                   for later in later_sizes)

    def run_size(self, sessions, repeat, later_sizes=()):
        variants = list(self.args.variants)
        result = {"sessions": sessions, "repeat_requested": repeat, "variants": {}}
        if self.plugin_path is None and ("plugin" in variants or "plugin_cache" in variants):
            log("no plugins/inventory/screenconnect.py under %s: skipping the plugin variants" % self.args.collections_path)
            variants = [name for name in variants if not name.startswith("plugin")]
            result["skipped"] = "inventory plugin not found under %s" % self.args.collections_path
        workdir = os.path.join(self.tmp, str(sessions))
        os.mkdir(workdir)
        sources, cache_dir = self.write_configs(workdir)
        log("size %d: starting the emulator" % sessions)
        emulator = harness.Emulator(workdir, self.secret, sessions=sessions, seed=self.args.seed)
        try:
            emulator.start(self.args.emulator_timeout)
            result["emulator_startup_s"] = round(emulator.startup_seconds, 2)
            log("size %d: emulator ready after %.1fs at %s; warming it up" % (sessions, emulator.startup_seconds, emulator.url))
            # The emulator serialises each session once and caches it: the first request is much slower than the rest.
            warm = self.run_one("fetch", None, emulator, workdir, "%d-warmup" % sessions)
            with open(os.path.join(workdir, "%d-warmup.stdout" % sessions)) as handle:
                text = handle.read().strip()
            result["response_bytes"] = int(text) if text.isdigit() else None
            result["warmup_fetch_s"] = warm["wall_s"]
            if "plugin_cache" in variants:
                populate = self.run_one("plugin_cache", sources["plugin_cache"], emulator, workdir, "%d-cache-populate" % sessions)
                result["cache_populate"] = populate
                result["cache_files"] = sorted(os.listdir(cache_dir))
                if populate["exit_code"] != 0:
                    variants.remove("plugin_cache")
            runs = dict((name, []) for name in variants)
            for index in range(repeat):
                started = time.time()
                for name in variants:
                    runs[name].append(self.run_one(name, sources.get(name), emulator, workdir, "%d-%s-%d" % (sessions, name, index + 1)))
                result["repeat"] = index + 1
                spent = time.time() - started
                if index + 1 < repeat and self.deadline:
                    reserve = self.reserve(sessions, spent, later_sizes, variants)
                    if time.time() + spent + reserve > self.deadline:
                        log("size %d: stopping after %d of %d repeats to stay within --budget (one repeat takes about %.0fs, "
                            "the larger sizes need about %.0fs)" % (sessions, index + 1, repeat, spent, reserve))
                        result["trimmed_by_budget"] = True
                        break
            for name in variants:
                result["variants"][name] = summarise(runs[name])
                if name == "plugin_cache":
                    calls = [run["api_calls"] for run in runs[name] if run["api_calls"]]
                    if calls:
                        self.failures.append("size %d: the warm-cache runs sent %s API calls" % (sessions, calls))
            outputs = dict((name, os.path.join(workdir, "%s.json" % name)) for name in variants if name != "fetch")
            result["hosts"] = dict((name, _host_count(path)) for name, path in outputs.items() if os.path.exists(path))
            result["differences"] = {}
            pairs = [("plugin", "script"), ("plugin_cache", "plugin")]
            for name_a, name_b in pairs:
                if os.path.exists(outputs.get(name_a, "")) and os.path.exists(outputs.get(name_b, "")):
                    lines = compare(outputs[name_a], name_a, outputs[name_b], name_b)
                    result["differences"]["%s_vs_%s" % (name_a, name_b)] = lines
                    log("size %d: %s vs %s: %s" % (sessions, name_a, name_b, "identical hosts, groups and hostvars" if not lines else
                                                   "%d differences:\n  %s" % (len(lines), "\n  ".join(lines))))
        finally:
            emulator.stop()
        return result


def summarise(runs):
    good = [run for run in runs if run["exit_code"] == 0]
    summary = {"runs": runs, "ok": len(good) == len(runs) and bool(good)}
    if good:
        summary["wall_s"] = min(run["wall_s"] for run in good)
        summary["cpu_s"] = min(run["cpu_s"] for run in good)
        summary["max_rss_kib"] = min(run["max_rss_kib"] for run in good)
        summary["tree_rss_peak_kib"] = min(run["tree_rss_peak_kib"] for run in good)
    return summary


def ratios(size):
    base = size["variants"].get("script", {})
    for name, summary in size["variants"].items():
        if name in ("script", "fetch") or "wall_s" not in summary or "wall_s" not in base:
            continue
        summary["wall_vs_script"] = round(summary["wall_s"] / base["wall_s"], 3)
        summary["cpu_vs_script"] = round(summary["cpu_s"] / max(base["cpu_s"], 0.001), 3)
        summary["rss_vs_script"] = round(float(summary["max_rss_kib"]) / base["max_rss_kib"], 3)
        summary["tree_rss_vs_script"] = round(float(summary["tree_rss_peak_kib"]) / max(base["tree_rss_peak_kib"], 1), 3)


TARGETS = (
    ("plugin", "wall_vs_script", 1.3, "plugin without cache, wall time within 1.3x of the script"),
    ("plugin_cache", "wall_vs_script", 1.0, "plugin with a warm cache, wall time below the script's"),
    ("plugin", "rss_vs_script", 1.5, "plugin without cache, peak memory within 1.5x of the script"),
    ("plugin_cache", "rss_vs_script", 1.5, "plugin with a warm cache, peak memory within 1.5x of the script"),
)


def _mib(kib):
    return "%.0f" % (kib / 1024.0)


def _ratio(summary, key):
    return "%.2fx" % summary[key] if key in summary else ""


def markdown(results):
    lines = [
        "| Sessions (hosts, payload) | Variant | Runs | Wall (s) | CPU (s) | Peak RSS (MiB) | Tree RSS peak (MiB) "
        "| Wall / script | CPU / script | RSS / script | API calls |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in results["sizes"]:
        hosts = size.get("hosts", {}).get("script") or size.get("hosts", {}).get("plugin")
        details = []
        if hosts:
            details.append("{:,} hosts".format(hosts))
        if size.get("response_bytes"):
            details.append("%.0f MB" % (size["response_bytes"] / 1e6) if size["response_bytes"] >= 1e7 else "%.1f MB" % (size["response_bytes"] / 1e6))
        first = "{:,}".format(size["sessions"]) + (" (%s)" % ", ".join(details) if details else "")
        for name in ALL_VARIANTS:
            summary = size["variants"].get(name)
            if summary is None:
                continue
            if "wall_s" not in summary:
                lines.append("| %s | %s | %d | failed | | | | | | | |" % (first, VARIANTS[name], len(summary["runs"])))
                first = ""
                continue
            calls = sorted(set(run["api_calls"] for run in summary["runs"] if run["exit_code"] == 0), key=str)
            lines.append("| %s | %s | %d | %.2f | %.2f | %s | %s | %s | %s | %s | %s |" % (
                first, VARIANTS[name], len(summary["runs"]), summary["wall_s"], summary["cpu_s"], _mib(summary["max_rss_kib"]),
                _mib(summary["tree_rss_peak_kib"]), _ratio(summary, "wall_vs_script"), _ratio(summary, "cpu_vs_script"),
                _ratio(summary, "rss_vs_script"), ", ".join("?" if call is None else str(call) for call in calls)))
            first = ""
    loads = [run["load_before"] for size in results["sizes"] for summary in size["variants"].values() for run in summary["runs"]]
    lines.append("")
    lines.append("Best (lowest) of the runs per variant; Peak RSS is the largest process of the tree (wait4 ru_maxrss), "
                 "Tree RSS peak the sampled sum over the tree. %s. Load average before the runs: %.1f to %.1f. Total %.0f s." % (
                     harness.machine_line(results["machine"]), min(loads) if loads else 0, max(loads) if loads else 0, results.get("total_s", 0)))
    largest = results["sizes"][-1] if results["sizes"] else None
    if largest:
        checks = []
        for variant, key, limit, text in TARGETS:
            summary = largest["variants"].get(variant, {})
            value = summary.get(key)
            if value is None:
                checks.append("- %s: not measured" % text)
                continue
            met = value < limit if limit == 1.0 else value <= limit
            extra = ""
            if key == "wall_vs_script" and "cpu_vs_script" in summary:
                extra = "; CPU time %.2fx" % summary["cpu_vs_script"]
            checks.append("- %s: %.2fx (%s%s)" % (text, value, "met" if met else "MISSED", extra))
        lines.append("")
        lines.append("Targets at {:,} sessions:".format(largest["sessions"]))
        lines.append("")
        lines.extend(checks)
        diff = largest.get("differences", {}).get("plugin_vs_script")
        if diff is not None:
            lines.append("- plugin and script output: %s" % (
                "same hosts, groups and hostvars" if not diff else "%d differences (see results/latest.json)" % len(diff)))
    return "\n".join(lines) + "\n"


def merge_results(results, path):
    """Add the sizes of an earlier results file that this run did not measure."""
    old = harness.read_results(path)
    if old is None:
        return
    measured = set(size["sessions"] for size in results["sizes"])
    kept = [size for size in old.get("sizes", []) if size["sessions"] not in measured]
    if kept:
        log("merging sizes %s from %s" % (", ".join(str(size["sessions"]) for size in kept), path))
        results["sizes"] = sorted(results["sizes"] + kept, key=lambda size: size["sessions"])
        results["failures"] = old.get("failures", []) + results["failures"]
        results["total_s"] = results.get("total_s", 0) + old.get("total_s", 0)
        results.setdefault("merged_from", []).append(old.get("generated"))


def main(argv=None):
    args = parse_args(argv)
    if args.report_only:
        old = harness.read_results(args.output)
        if old is None:
            raise SystemExit("no results in %s" % args.output)
        table = markdown(old)
        print(table)
        if args.update_readme:
            harness.update_readme(harness.README, table, TABLE_START, TABLE_END)
        return 0
    harness.install_cleanup()
    bench = Bench(args)
    started = time.time()
    results = {
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": harness.machine_info(bench.bindir),
        "config": {
            "sizes": args.sizes, "repeat": args.repeat, "budget_s": args.budget, "seed": args.seed, "variants": args.variants,
            "collections_path": args.collections_path, "plugin": bench.plugin_path, "session_filter": SESSION_FILTER,
            "ansible_inventory": bench.ansible_inventory,
        },
        "sizes": [],
    }
    log("collections path %s; plugin %s; temporary directory %s" % (args.collections_path, bench.plugin_path or "not found", bench.tmp))
    try:
        for index, (sessions, repeat) in enumerate(zip(args.sizes, args.repeat)):
            size = bench.run_size(sessions, repeat, args.sizes[index + 1:])
            ratios(size)
            results["sizes"].append(size)
    finally:
        harness.cleanup()
        if not args.keep:
            shutil.rmtree(bench.tmp, ignore_errors=True)
        else:
            log("kept %s" % bench.tmp)
    results["total_s"] = round(time.time() - started, 1)
    results["failures"] = bench.failures
    if args.merge:
        merge_results(results, args.output)
    harness.write_results(args.output, results)
    table = markdown(results)
    print(table)
    log("results written to %s (total %.0fs)" % (args.output, results["total_s"]))
    if args.update_readme:
        harness.update_readme(harness.README, table, TABLE_START, TABLE_END)
        log("table rewritten in %s" % harness.README)
    differ = any(size.get("differences", {}).get("plugin_vs_script") for size in results["sizes"])
    if bench.failures:
        log("%d failures:\n%s" % (len(bench.failures), "\n".join(bench.failures)))
        return 1
    if differ and args.fail_on_diff:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
