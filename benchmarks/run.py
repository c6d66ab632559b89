# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inventory benchmark: the screenconnect.restapi.screenconnect plugin against a script inventory.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--repeat 3,3,2] [--update-readme]

For every fleet size it starts one emulator, warms it up, then runs ``ansible-inventory -i <source> --list`` for each
variant (plugin without cache, plugin with a warm jsonfile cache, the script baseline), each run in its own process,
and records wall time and peak memory. See benchmarks/README.md for what is measured and how to read the results.
"""

from __future__ import absolute_import, division, print_function

import argparse
import atexit
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from urllib.request import Request, urlopen

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
EMULATOR = os.path.join(REPO, "tests", "emulator", "screenconnect_emulator.py")
PLUGIN_CONFIG = os.path.join(HERE, "bench.screenconnect.yml")
SCRIPT = os.path.join(HERE, "script_inventory.py")
README = os.path.join(HERE, "README.md")
RESULTS = os.path.join(HERE, "results", "latest.json")
EXTENSION_ID = "2d558935-686a-4bd0-9991-07539f5fe749"
SESSION_FILTER = "SessionType = 'Access'"
DEFAULT_COLLECTIONS_PATH = "/work/ac"
TABLE_START = "<!-- benchmark-table:start -->"
TABLE_END = "<!-- benchmark-table:end -->"
FIXED_RUN_SECONDS = 2.5  # ansible-inventory start-up, measured on the reference machine
EMULATOR_SECONDS_PER_SESSION = 0.0004  # fleet generation, ~40 s for 100,000 sessions
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

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
""" % EXTENSION_ID

_EMULATORS = []
_CHILDREN = []


def log(message):
    sys.stderr.write("[%s] %s\n" % (time.strftime("%H:%M:%S"), message))
    sys.stderr.flush()


# --------------------------------------------------------------------------------------------------------------
# process housekeeping: every emulator and every measured process is stopped, whatever happens


def _kill_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except OSError:
        pass


def _cleanup():
    for proc in list(_CHILDREN):
        if proc.returncode is None:
            _kill_group(proc, signal.SIGKILL)
    for emulator in list(_EMULATORS):
        emulator.stop()


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


class Emulator(object):
    """One emulator process with a generated fleet; stop() is idempotent."""

    def __init__(self, python, sessions, seed, workdir, secret):
        self.python = python
        self.sessions = sessions
        self.seed = seed
        self.workdir = workdir
        self.secret = secret
        self.ready_file = os.path.join(workdir, "emulator-ready.json")
        self.log_path = os.path.join(workdir, "emulator.log")
        self.proc = None
        self.url = None
        self.control_url = None
        self.startup_seconds = None

    def start(self, timeout):
        started = time.time()
        with open(self.log_path, "wb") as log_file:
            self.proc = subprocess.Popen(
                [self.python, EMULATOR, "--host", "127.0.0.1", "--port", "0", "--secret", self.secret,
                 "--sessions", str(self.sessions), "--seed", str(self.seed), "--ready-file", self.ready_file],
                stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
            )
        _EMULATORS.append(self)
        while time.time() - started < timeout:
            if os.path.exists(self.ready_file):
                try:
                    with open(self.ready_file) as handle:
                        ready = json.load(handle)
                    self.url, self.control_url = ready["url"], ready["control_url"]
                    self.startup_seconds = time.time() - started
                    return
                except (ValueError, KeyError, OSError):
                    pass
            if self.proc.poll() is not None:
                raise RuntimeError("the emulator exited with status %s before it was ready:\n%s" % (self.proc.returncode, self.log_tail()))
            time.sleep(0.1)
        raise RuntimeError("the emulator was not ready after %ds:\n%s" % (timeout, self.log_tail()))

    def log_tail(self, limit=4000):
        try:
            with open(self.log_path, "rb") as handle:
                return handle.read()[-limit:].decode("utf-8", "replace")
        except OSError:
            return ""

    def calls_received(self):
        """Requests the emulator has received so far (its control API), or None when it cannot tell."""
        try:
            with urlopen(Request(self.control_url + "/calls"), timeout=30) as response:
                return json.loads(response.read().decode("utf-8"))["total"]["received"]
        except Exception:  # pylint: disable=broad-except
            return None

    def stop(self):
        if self.proc is None or self.proc.returncode is not None:
            if self in _EMULATORS:
                _EMULATORS.remove(self)
            return
        _kill_group(self.proc, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            _kill_group(self.proc, signal.SIGKILL)
            self.proc.wait()
        if self in _EMULATORS:
            _EMULATORS.remove(self)


# --------------------------------------------------------------------------------------------------------------
# one measurement = one process tree, reaped with wait4() so its rusage is its own


def _tree_rss(root_pid, children=True):
    """Summed RSS in KiB of root_pid and all its descendants right now (0 when it is gone)."""
    total = 0
    pending = [root_pid]
    while pending:
        pid = pending.pop()
        try:
            with open("/proc/%d/statm" % pid) as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE // 1024
            if not children:
                continue
            for tid in os.listdir("/proc/%d/task" % pid):
                with open("/proc/%d/task/%s/children" % (pid, tid)) as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


# The measured command runs under this small wrapper, started fresh for every measurement. The kernel records the
# peak RSS of the address space a process had before exec() (with vfork() that is its parent's), so a command
# started directly from this harness, which holds large JSON documents, would inherit the harness's peak as its own.
# The wrapper is small, so its child's ru_maxrss is the command's own peak.
WRAPPER_CODE = """
import json, os, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
pid, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - started
proc.returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
with open(sys.argv[1], "w") as handle:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss, "code": proc.returncode}, handle)
"""


def measure(argv, env, cwd, timeout, stdout_path, stderr_path):
    """Run argv to completion; return wall seconds, CPU seconds, ru_maxrss (KiB), sampled tree peak (KiB), exit code.

    wait4() returns the rusage of the child including the descendants it waited for (ansible-inventory waits for
    the inventory script), so CPU is the tree's total and ru_maxrss the largest single process of the tree.
    """
    peak = [0]
    done = threading.Event()
    result_path = stdout_path + ".rusage"
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", WRAPPER_CODE, result_path] + list(argv), env=env, cwd=cwd,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
    _CHILDREN.append(proc)

    def _sample():
        while not done.wait(0.05):
            # the wrapper itself (a few MiB) is not part of the measured tree
            peak[0] = max(peak[0], _tree_rss(proc.pid) - _tree_rss(proc.pid, children=False))

    def _expire():
        log("timeout after %ds: killing %s" % (timeout, " ".join(argv[:3])))
        _kill_group(proc, signal.SIGKILL)

    sampler = threading.Thread(target=_sample)
    sampler.daemon = True
    sampler.start()
    timer = threading.Timer(timeout, _expire)
    timer.start()
    try:
        proc.wait()
    finally:
        timer.cancel()
        done.set()
        sampler.join()
        if proc.returncode is None:
            _kill_group(proc, signal.SIGKILL)
            proc.wait()
        _CHILDREN.remove(proc)
    # A grandchild that outlived its parent would be missing from the rusage: make sure none is left behind.
    _kill_group(proc, signal.SIGKILL)
    try:
        with open(result_path) as handle:
            usage = json.load(handle)
    except (OSError, ValueError):
        return 0.0, 0.0, 0, peak[0], proc.returncode or -1
    return usage["wall"], usage["cpu"], usage["maxrss"], peak[0], usage["code"]


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


def parse_list(text, kind):
    try:
        return [kind(item.replace("_", "")) for item in text.split(",") if item.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected a comma-separated list, not %r" % text)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="fleet sizes (emulator --sessions), comma-separated")
    parser.add_argument("--repeat", default=None,
                        help="runs per variant: one number for every size, or one per size (default 3 up to 10,000 sessions, 2 above)")
    parser.add_argument("--variants", default=",".join(ALL_VARIANTS), help="comma-separated subset of %s" % ",".join(ALL_VARIANTS))
    parser.add_argument("--collections-path", default=os.environ.get("ANSIBLE_COLLECTIONS_PATH") or DEFAULT_COLLECTIONS_PATH,
                        help="ANSIBLE_COLLECTIONS_PATH for ansible-inventory (default: $ANSIBLE_COLLECTIONS_PATH or %s)" % DEFAULT_COLLECTIONS_PATH)
    parser.add_argument("--seed", type=int, default=1, help="emulator fleet seed (default 1)")
    parser.add_argument("--timeout", type=int, default=2400, help="seconds before one run is killed (default 2400)")
    parser.add_argument("--budget", type=int, default=1500,
                        help="seconds for the whole benchmark: repeats after the first are skipped when the larger sizes would not fit "
                        "(default 1500; 0 = no limit). Every variant runs at least once per size")
    parser.add_argument("--emulator-timeout", type=int, default=300, help="seconds to wait for an emulator to build its fleet")
    parser.add_argument("--output", default=RESULTS, help="results JSON (default benchmarks/results/latest.json)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (configs, outputs, cache, logs)")
    parser.add_argument("--update-readme", action="store_true", help="rewrite the table in benchmarks/README.md")
    parser.add_argument("--merge", action="store_true",
                        help="keep the sizes of an existing --output file that this run does not measure")
    parser.add_argument("--report-only", action="store_true", help="measure nothing: print (and --update-readme) the table of --output")
    parser.add_argument("--fail-on-diff", action="store_true", help="exit 1 when the plugin and the script disagree")
    args = parser.parse_args(argv)
    args.sizes = parse_list(args.sizes, int)
    if args.repeat is None:
        args.repeat = [3 if size <= 10000 else 2 for size in args.sizes]
    else:
        repeat = parse_list(args.repeat, int)
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


def _command_output(argv, cwd=None):
    try:
        return subprocess.check_output(argv, cwd=cwd, stderr=subprocess.DEVNULL).decode("utf-8", "replace").strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def machine_info(bindir):
    info = {"platform": platform.platform(), "python": sys.version.split()[0], "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as handle:
            models = re.findall(r"^model name\s*:\s*(.*)$", handle.read(), re.M)
        info["cpu"] = models[0] if models else None
        with open("/proc/meminfo") as handle:
            info["memory_gib"] = round(int(re.search(r"MemTotal:\s+(\d+)", handle.read()).group(1)) / 1048576.0, 1)
    except (OSError, AttributeError):
        pass
    version = _command_output([os.path.join(bindir, "ansible"), "--version"]) or ""
    match = re.search(r"core ([^\]\s]+)", version)
    info["ansible_core"] = match.group(1) if match else None
    info["git_commit"] = _command_output(["git", "describe", "--always", "--dirty"], cwd=REPO)
    return info


class Bench(object):
    def __init__(self, args):
        self.args = args
        self.deadline = time.time() + args.budget if args.budget > 0 else None
        self.bindir = os.path.dirname(os.path.abspath(sys.executable))
        inventory = os.path.join(self.bindir, "ansible-inventory")
        self.ansible_inventory = inventory if os.path.exists(inventory) else shutil.which("ansible-inventory")
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
        env = dict(os.environ)
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": self.args.collections_path,
            "ANSIBLE_CONFIG": self.ansible_cfg,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "SCREENCONNECT_URL": emulator.url,
            "SCREENCONNECT_SECRET": self.secret,
            # the script's "#!/usr/bin/env python" must find the interpreter that has requests
            "PATH": self.bindir + os.pathsep + os.path.dirname(os.path.abspath(sys.executable)) + os.pathsep + env.get("PATH", ""),
        })
        for name in ("SCREENCONNECT_ORIGIN", "SCREENCONNECT_EXTENSION_ID", "ANSIBLE_INVENTORY_ENABLED", "ANSIBLE_CACHE_PLUGIN",
                     "ANSIBLE_INVENTORY_CACHE", "ANSIBLE_INVENTORY_CACHE_PLUGIN"):
            env.pop(name, None)
        return env

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
        load = os.getloadavg()[0]
        wall, cpu, maxrss, tree_peak, code = measure(self.argv(variant, source, output), self.env(emulator), workdir,
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
        emulator = Emulator(sys.executable, sessions, self.args.seed, workdir, self.secret)
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
                     _machine_line(results["machine"]), min(loads) if loads else 0, max(loads) if loads else 0, results.get("total_s", 0)))
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


def _machine_line(machine):
    return "%s, %s CPUs, %s GiB, Python %s, ansible-core %s, commit %s" % (
        machine.get("cpu"), machine.get("cpus"), machine.get("memory_gib"), machine.get("python"), machine.get("ansible_core"),
        machine.get("git_commit"))


def update_readme(table):
    with open(README) as handle:
        text = handle.read()
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise SystemExit("%s has no %s ... %s markers" % (README, TABLE_START, TABLE_END))
    text = text[:start + len(TABLE_START)] + "\n" + table + text[end:]
    with open(README, "w") as handle:
        handle.write(text)


def merge_results(results, path):
    """Add the sizes of an earlier results file that this run did not measure."""
    try:
        with open(path) as handle:
            old = json.load(handle)
    except (OSError, ValueError):
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
        with open(args.output) as handle:
            table = markdown(json.load(handle))
        print(table)
        if args.update_readme:
            update_readme(table)
        return 0
    atexit.register(_cleanup)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    bench = Bench(args)
    started = time.time()
    results = {
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine_info(bench.bindir),
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
        _cleanup()
        if not args.keep:
            shutil.rmtree(bench.tmp, ignore_errors=True)
        else:
            log("kept %s" % bench.tmp)
    results["total_s"] = round(time.time() - started, 1)
    results["failures"] = bench.failures
    if args.merge:
        merge_results(results, args.output)
    directory = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(directory):
        os.makedirs(directory)
    with open(args.output, "w") as handle:
        json.dump(results, handle, indent=2, sort_keys=True)
        handle.write("\n")
    table = markdown(results)
    print(table)
    log("results written to %s (total %.0fs)" % (args.output, results["total_s"]))
    if args.update_readme:
        update_readme(table)
        log("table rewritten in %s" % README)
    differ = any(size.get("differences", {}).get("plugin_vs_script") for size in results["sizes"])
    if bench.failures:
        log("%d failures:\n%s" % (len(bench.failures), "\n".join(bench.failures)))
        return 1
    if differ and args.fail_on_diff:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
