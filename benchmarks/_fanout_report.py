# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The arithmetic of the fan-out benchmark: run records, checks, the floor, medians, targets and the table.

Pure functions over the results dict that bench_fanout.py builds, so that they can be tested without running
anything.
"""

from __future__ import annotations

from _harness import machine_line, markdown_table, median

IDS_PER_FILTER = 100  # _targets.IDS_PER_FILTER (a unit test keeps them equal; --report-only needs no staged collection)

VARIANTS = ("floor", "task", "per_host", "uri")
LABELS = {
    "floor": "floor: start-up + agent delay + bare client",
    "task": "(a) one screenconnect_command task, filter",
    "per_host": "(b) per host, delegate_to localhost",
    "uri": "(c) ansible.builtin.uri per host",
}
SLOW = ("per_host", "uri")
SEND = "SendCommandToSession"


def applies(name, sessions, args):
    if name == "uri":
        return sessions <= args.uri_max
    if name == "per_host":
        return sessions <= args.per_host_max
    return True


def skip_reason(name, sessions, args):
    limit = args.uri_max if name == "uri" else args.per_host_max
    return "%s runs up to %s sessions (--%s)" % (name, "{:,}".format(limit), "uri-max" if name == "uri" else "per-host-max")


def repeats(name, sessions, args):
    return args.slow_repeat if name in SLOW and sessions > 100 else args.repeat


def estimate_per_host(previous, sessions):
    """Seconds one per-host run at ``sessions`` would take, scaled linearly from the previous size's median."""
    if not previous:
        return None
    walls = [run["wall_s"] for run in previous["variants"].get("per_host", []) if run["exit_code"] == 0]
    if not walls:
        return None
    return median(walls) * sessions / float(previous["sessions"])


def run_record(variant, sessions, measured, calls, load):
    total = calls.get("total", {})
    send = calls.get("methods", {}).get(SEND, {})
    return {
        "variant": variant, "sessions": sessions, "wall_s": round(measured.wall, 3), "cpu_s": round(measured.cpu, 3),
        "max_rss_kib": measured.maxrss, "tree_rss_peak_kib": measured.tree_peak, "exit_code": measured.code,
        "load_before": load, "requests": total.get("received", 0), "applied": total.get("applied", 0),
        "rate_limited": total.get("rate_limited", 0), "max_concurrent": calls.get("max_concurrent"),
        "sends_received": send.get("received", 0), "sends_applied": send.get("applied", 0),
        "methods": dict((name, entry.get("received", 0)) for name, entry in calls.get("methods", {}).items()),
    }


def check_run(run):
    """What is wrong with one run: a non-zero exit, or a number of applied commands other than one per session."""
    problems = []
    if run["exit_code"] != 0:
        problems.append("exit code %s" % run["exit_code"])
    if run["variant"] != "startup" and run["sends_applied"] != run["sessions"]:
        problems.append("%d commands applied for %d sessions" % (run["sends_applied"], run["sessions"]))
    return problems


def floor_seconds(startup_walls, client_totals):
    """The floor: the median start-up of an empty playbook plus the median bare-client run (agent delay included)."""
    return median(startup_walls) + median(client_totals)


def rate_figures(run, rate, sessions, by_ids=False):
    """Time under the rate limiter against (requests needed) / (rate), for the fewest requests and the module's own.

    The fewest: the filter request (none for a list of ids) and one send and one read per session. The module's own
    minimum: the same over a filter; for a list of ids, one lookup per ``IDS_PER_FILTER`` ids before anything is sent.
    """
    fewest = (0 if by_ids else 1) + 2 * sessions
    module_min = fewest + (-(-sessions // IDS_PER_FILTER) if by_ids else 0)
    return {
        "targets": "session_ids" if by_ids else "filter",
        "rate": rate, "requests_fewest": fewest, "requests_module_min": module_min,
        "ideal_fewest_s": round(fewest / rate, 3), "ideal_module_min_s": round(module_min / rate, 3),
        "vs_fewest": round(run["wall_s"] * rate / fewest, 3), "vs_module_min": round(run["wall_s"] * rate / module_min, 3),
    }


def _good(runs):
    return [run for run in runs if run["exit_code"] == 0 and not check_run(run)]


def summarise(results):
    """Add ``summary`` to every size: medians per variant, the floor and the ratios the targets are stated in."""
    startup = [run["wall_s"] for run in _good(results.get("startup", []))]
    results["startup_s"] = round(median(startup), 3) if startup else None
    for size in results["sizes"]:
        summary = {}
        for name, runs in size["variants"].items():
            good = _good(runs)
            entry = {"runs": len(runs), "ok": len(good) == len(runs) and bool(good)}
            if good:
                entry.update(wall_s=round(median([run["wall_s"] for run in good]), 3),
                             cpu_s=round(median([run["cpu_s"] for run in good]), 3),
                             max_rss_kib=max(run["max_rss_kib"] for run in good),
                             requests=int(median([run["requests"] for run in good])),
                             max_concurrent=max(run["max_concurrent"] or 0 for run in good))
            summary[name] = entry
        floor = summary.get("floor")
        if floor and "wall_s" in floor and startup:
            totals = [run["floor_client"]["total_s"] for run in _good(size["variants"]["floor"]) if "floor_client" in run]
            floor["client_s"] = round(median(totals), 3)
            floor["floor_s"] = round(floor_seconds(startup, totals), 3)
        base = floor.get("floor_s") if floor else None
        for name, entry in summary.items():
            if name != "floor" and base and "wall_s" in entry:
                entry["vs_floor"] = round(entry["wall_s"] / base, 3)
        uri = summary.get("uri", {}).get("wall_s")
        for name in ("task", "per_host"):
            if uri and "wall_s" in summary.get(name, {}):
                summary[name]["speedup_vs_uri"] = round(uri / summary[name]["wall_s"], 2)
        size["summary"] = summary
    for run in results.get("rate_limit", []):
        if results["startup_s"] is not None:
            # Ansible's start-up is not rate limited: the requests' own share of the run, against the same ideal
            run["less_startup_vs_fewest"] = round((run["wall_s"] - results["startup_s"]) * run["rate"] / run["requests_fewest"], 3)
    results["targets"] = targets(results)
    return results


def _size(results, sessions):
    for size in results["sizes"]:
        if size["sessions"] == sessions:
            return size.get("summary", {})
    return {}


def targets(results):
    """(text, value, met) for every target of issue 9 that this run measured; value None = not measured."""
    checks = []
    at_1k, at_10k = _size(results, 1000), _size(results, 10000)
    speedup = at_1k.get("task", {}).get("speedup_vs_uri")
    checks.append(("1,000 sessions: (a) at least 20x faster than (c)", speedup and "%.1fx" % speedup, speedup and speedup >= 20))
    for label, summary, limit in (("1,000", at_1k, 2.0), ("10,000", at_10k, 3.0)):
        ratio = summary.get("task", {}).get("vs_floor")
        checks.append(("%s sessions: (a) within %.0fx of the floor" % (label, limit), ratio and "%.2fx" % ratio, ratio and ratio <= limit))
    for size in results["sizes"]:
        summary = size.get("summary", {})
        per_host, uri = summary.get("per_host", {}).get("wall_s"), summary.get("uri", {}).get("wall_s")
        if per_host and uri:
            checks.append(("{:,} sessions: (b) no slower than (c)".format(size["sessions"]), "%.0f s vs %.0f s" % (per_host, uri),
                           per_host <= uri))
    for run in results.get("rate_limit", []):
        ok = not check_run(run)
        checks.append(("rate limit %g/s, %s answers, %s: no failure, no command sent twice, within 1.3x of (requests needed) / (rate)"
                       % (run["rate"], run["answer"], run.get("targets", "filter")),
                       "%s; %.2fx of %d/%g (fewest), %.2fx of %d/%g (the module's own)" % (
                           "ok" if ok else "FAILED", run["vs_fewest"], run["requests_fewest"], run["rate"], run["vs_module_min"],
                           run["requests_module_min"], run["rate"]),
                       ok and run["vs_fewest"] <= 1.3))
    return [{"target": text, "value": value, "met": bool(met) if value else None} for text, value, met in checks]


def _load_range(results):
    loads = [run["load_before"] for size in results["sizes"] for runs in size["variants"].values() for run in runs]
    return (round(min(loads), 1), round(max(loads), 1)) if loads else (0, 0)


def _mib(kib):
    return "%.0f" % (kib / 1024.0)


def _fmt(entry, key, pattern):
    return pattern % entry[key] if key in entry else ""


def markdown(results):
    rows = []
    for size in results["sizes"]:
        first = "{:,}".format(size["sessions"])
        for name in VARIANTS:
            entry = size.get("summary", {}).get(name)
            if entry is None:
                if name in size.get("skipped", {}):
                    rows.append([first, LABELS[name], 0, "not run: %s" % size["skipped"][name], "", "", "", "", ""])
                    first = ""
                continue
            if "wall_s" not in entry:
                rows.append([first, LABELS[name], entry["runs"], "failed", "", "", "", "", ""])
                first = ""
                continue
            seconds = entry.get("floor_s", entry["wall_s"]) if name == "floor" else entry["wall_s"]
            per_session = "%.2f" % (entry["requests"] / float(size["sessions"]))
            rows.append([first, LABELS[name], entry["runs"], "%.2f" % seconds, "%.2f" % entry["cpu_s"],
                         "" if name == "floor" else _mib(entry["max_rss_kib"]), "%d (%s)" % (entry["requests"], per_session),
                         entry["max_concurrent"], _fmt(entry, "vs_floor", "%.2fx")])
            first = ""
    lines = [markdown_table(["Sessions", "Variant", "Runs", "Time (s, median)", "CPU (s)", "Peak RSS (MiB)",
                             "Requests (per session)", "Max concurrent", "Time / floor"], rows, "llrrrrrrr")]
    config = results.get("config", {})
    lines.append("Emulator: %s s per request, %s s agent delay, results as soon as the agent picks a command up "
                 "(`--time-scale 0`). (a) and the floor client: %s requests at a time; (b) and (c): forks %s. Median of %s runs "
                 "(%s for (b) and (c) above 100 sessions). Floor = Ansible's start-up (an empty playbook, median %.2f s) + "
                 "the bare client's run (one filter request, one send and one read per session, the agent delay between them); "
                 "its CPU is the bare client's. Peak RSS: the largest process of the run (wait4 ru_maxrss). %s. Load average "
                 "before the runs: %s to %s. Total %.0f s.\n" % (
                     config.get("request_latency_s"), config.get("agent_delay_s"), config.get("parallel"), config.get("forks"),
                     config.get("repeat"), config.get("slow_repeat"), results.get("startup_s") or 0,
                     machine_line(results.get("machine", {})), *_load_range(results), results.get("total_s", 0)))
    rate_rows = [[run["answer"], run.get("targets", "filter"), run["sessions"], "%.2f" % run["wall_s"], run["requests"], run["rate_limited"],
                  "%d / %g = %.1f s" % (run["requests_fewest"], run["rate"], run["ideal_fewest_s"]), "%.2fx" % run["vs_fewest"],
                  _fmt(run, "less_startup_vs_fewest", "%.2fx"), "%.2fx" % run["vs_module_min"],
                  "ok" if not check_run(run) else "FAILED"]
                 for run in results.get("rate_limit", [])]
    if rate_rows:
        lines.append("Rate limiter (%g requests/s per client, burst %d), (a) over the filter or a list of ids:\n" % (
            results["rate_limit"][0]["rate"], int(results["rate_limit"][0]["rate"])))
        lines.append(markdown_table(["Answer", "Targets", "Sessions", "Time (s)", "Requests", "Refused", "Fewest needed / rate",
                                     "Time / that", "(Time - start-up) / that", "Time / (module's own minimum / rate)",
                                     "Failures, commands sent twice"], rate_rows, "llrrrrrrrrl"))
    lines.append("Targets:\n")
    for check in results.get("targets", []):
        verdict = "not measured" if check["met"] is None else ("met" if check["met"] else "MISSED")
        lines.append("- %s: %s (%s)" % (check["target"], check["value"] or "-", verdict))
    return "\n".join(lines) + "\n"


def chart_series(results):
    """``[(label, [(sessions, seconds), ...]), ...]`` for the chart: (a), (b), (c) and the floor."""
    series = []
    for name in ("task", "per_host", "uri", "floor"):
        points = []
        for size in results["sizes"]:
            entry = size.get("summary", {}).get(name, {})
            seconds = entry.get("floor_s") if name == "floor" else entry.get("wall_s")
            if seconds:
                points.append((size["sessions"], seconds))
        if points:
            series.append((LABELS[name], points))
    return series


def chart_subtitle(results):
    config = results.get("config", {})
    return "emulator: %s s per request, %s s agent delay; (a) parallel %s; (b), (c) forks %s; load average %s to %s" % (
        config.get("request_latency_s"), config.get("agent_delay_s"), config.get("parallel"), config.get("forks"),
        *_load_range(results))
