# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shared harness of the benchmarks in this directory (bench_*.py, run by run.py).

Stable API (other benchmarks import it; add to it, do not change what is here):

``log(message)``
    A time-stamped line on stderr.
``install_cleanup()``
    Call once at the start of a run: on exit, SIGTERM and SIGHUP every emulator and measured process still running
    is killed. ``cleanup()`` does the same at any time.
``Emulator(workdir, secret, sessions=200, seed=1, extra_args=(), python=sys.executable, timeout=300)``
    One emulator process (tests/emulator) on a free loopback port. A context manager: ``with Emulator(...) as emu``
    starts it (waiting for its ready file) and stops it, whatever happens. ``emu.url``, ``emu.control_url``,
    ``emu.startup_seconds``; ``emu.calls()`` is the control API's ``/calls`` document (``total.received``,
    ``total.applied``, ``total.rate_limited``, ``max_concurrent``, ``methods.<Method>.*``), ``emu.calls_received()``
    its ``total.received`` (None when the emulator cannot tell), ``emu.reset_counters()`` resets the counters only,
    ``emu.configure(**settings)`` POSTs ``/config`` (``request_latency``, ``command_latency``, ``rate_limit``, ...),
    ``emu.control(verb, path, body=None)`` any other control-API call, ``emu.log_tail()`` the end of its log.
``measure(argv, env, cwd, timeout, stdout_path, stderr_path) -> Measurement``
    Runs argv to completion under a small wait4() wrapper and returns ``Measurement(wall, cpu, maxrss, tree_peak,
    code)``: wall seconds, user+system CPU seconds of the tree (the children it waited for included), ru_maxrss
    (KiB, the largest single process of the tree), the sampled peak of the summed RSS of the tree (KiB), exit code.
    A run that outlives ``timeout`` seconds is killed (exit code negative).
``machine_info(bindir) -> dict``
    Platform, Python, CPUs, CPU model, memory, ansible-core version (``bindir/ansible --version``), git commit.
``machine_line(info) -> str``
    The same in one sentence for a README.
``load_average() -> float``
    The 1-minute load average (record it with every run: the machine is shared).
``median(values)``, ``parse_list(text, kind)``
    The median of a non-empty list; a comma-separated option value (``1_000`` allowed) as a list of ``kind``.
``markdown_table(headers, rows, align=None) -> str``
    A Markdown table; ``align`` is a string of ``l``/``r`` per column (default: first left, the rest right).
``replace_between(text, start, end, block) -> str`` and ``update_readme(path, block, start, end)``
    Replace what lies between two marker lines (markers kept); SystemExit when the markers are missing.
``write_results(path, results)`` and ``read_results(path)``
    The results JSON of one benchmark (directories created; None when the file is missing or unreadable).
``results_header(bindir, config) -> dict``
    The start of a results document: ``generated`` (UTC time), ``machine`` (machine_info) and ``config``.
``report_only(path, render, update, start, end)``
    For ``--report-only``: ``render(results)`` of the results in ``path``, printed and, with ``update``, written
    between the README's markers; SystemExit when there are no results. Returns 0.
``find_tool(name) -> str or None``
    An executable next to the running Python (the venv's bin), else on PATH.
``ansible_env(collections_path, ansible_cfg, url, secret, bindir) -> dict``
    The environment for ansible-* processes against an emulator: the collection under test, a private
    ansible.cfg, no colour, ``SCREENCONNECT_URL``/``SCREENCONNECT_SECRET``, bindir first on PATH, and no stray
    ``SCREENCONNECT_*``/inventory/cache variables from the caller.
``guarded(tmp, keep)``
    A context manager around a run: ``install_cleanup()`` on entry; on exit ``cleanup()`` and the temporary
    directory removed unless ``keep``.
``results_for_report(path)``, ``utc_now()``
    ``read_results(path)`` or SystemExit naming the file (for ``--report-only``); the time as ``YYYY-MM-DDTHH:MM:SSZ``.
``common_parser() -> argparse.ArgumentParser``
    The options every benchmark accepts (``--collections-path``, ``--timeout``, ``--keep``, ``--update-readme``,
    ``--report-only``), for ``argparse.ArgumentParser(parents=[common_parser()])``.
"""

from __future__ import annotations

import argparse
import atexit
import collections
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

from urllib.request import Request, urlopen

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
EMULATOR = os.path.join(REPO, "tests", "emulator", "screenconnect_emulator.py")
RESULTS_DIR = os.path.join(HERE, "results")
README = os.path.join(HERE, "README.md")
EXTENSION_ID = "2d558935-686a-4bd0-9991-07539f5fe749"
DEFAULT_COLLECTIONS_PATH = "/work/ac"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

_EMULATORS = []
_CHILDREN = []

Measurement = collections.namedtuple("Measurement", "wall cpu maxrss tree_peak code")


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


def cleanup():
    for proc in list(_CHILDREN):
        if proc.returncode is None:
            _kill_group(proc, signal.SIGKILL)
    for emulator in list(_EMULATORS):
        emulator.stop()


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def install_cleanup():
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)


@contextlib.contextmanager
def guarded(tmp, keep=False):
    install_cleanup()
    try:
        yield
    finally:
        cleanup()
        if keep:
            log("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


class Emulator(object):
    """One emulator process with a generated fleet; stop() is idempotent."""

    def __init__(self, workdir, secret, sessions=200, seed=1, extra_args=(), python=None, timeout=300):
        self.python = python or sys.executable
        self.sessions = sessions
        self.seed = seed
        self.extra_args = list(extra_args)
        self.workdir = workdir
        self.secret = secret
        self.timeout = timeout
        self.ready_file = os.path.join(workdir, "emulator-ready.json")
        self.log_path = os.path.join(workdir, "emulator.log")
        self.proc = None
        self.url = None
        self.control_url = None
        self.startup_seconds = None

    def __enter__(self):
        self.start(self.timeout)
        return self

    def __exit__(self, *_exc):
        self.stop()
        return False

    def start(self, timeout=None):
        timeout = self.timeout if timeout is None else timeout
        started = time.time()
        if os.path.exists(self.ready_file):
            os.remove(self.ready_file)
        with open(self.log_path, "wb") as log_file:
            self.proc = subprocess.Popen(
                [self.python, EMULATOR, "--host", "127.0.0.1", "--port", "0", "--secret=" + self.secret,
                 "--sessions", str(self.sessions), "--seed", str(self.seed), "--ready-file", self.ready_file,
                 "--exit-with-parent"] + self.extra_args,
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
                    return self
                except (ValueError, KeyError, OSError):
                    pass
            if self.proc.poll() is not None:
                raise RuntimeError("the emulator exited with status %s before it was ready:\n%s" % (self.proc.returncode, self.log_tail()))
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the emulator was not ready after %ds:\n%s" % (timeout, self.log_tail()))

    def log_tail(self, limit=4000):
        try:
            with open(self.log_path, "rb") as handle:
                return handle.read()[-limit:].decode("utf-8", "replace")
        except OSError:
            return ""

    def control(self, verb, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = Request(self.control_url.rstrip("/") + "/" + path.lstrip("/"), data=data, method=verb,
                          headers={"Content-Type": "application/json"})
        with urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8")
        return json.loads(text) if text.strip() else None

    def calls(self):
        return self.control("GET", "calls")

    def calls_received(self):
        """Requests the emulator has received so far (its control API), or None when it cannot tell."""
        try:
            return self.calls()["total"]["received"]
        except Exception:  # pylint: disable=broad-except
            return None

    def reset_counters(self):
        return self.control("POST", "reset", {"counters": True, "faults": False, "config": False, "fleet": False})

    def configure(self, **settings):
        return self.control("POST", "config", settings)

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
# started directly from the harness, which may hold large JSON documents, would inherit the harness's peak as its
# own. The wrapper is small, so its child's ru_maxrss is the command's own peak.
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
    """Run argv to completion; return a Measurement (see the module docstring).

    wait4() returns the rusage of the child including the descendants it waited for (ansible-inventory waits for
    the inventory script, ansible-playbook for its forks), so CPU is the tree's total and ru_maxrss the largest
    single process of the tree.
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
        return Measurement(0.0, 0.0, 0, peak[0], proc.returncode or -1)
    return Measurement(usage["wall"], usage["cpu"], usage["maxrss"], peak[0], usage["code"])


# --------------------------------------------------------------------------------------------------------------
# the machine


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


def machine_line(machine):
    return "%s, %s CPUs, %s GiB, Python %s, ansible-core %s, commit %s" % (
        machine.get("cpu"), machine.get("cpus"), machine.get("memory_gib"), machine.get("python"), machine.get("ansible_core"),
        machine.get("git_commit"))


def load_average():
    return round(os.getloadavg()[0], 2)


def find_tool(name):
    candidate = os.path.join(os.path.dirname(os.path.abspath(sys.executable)), name)
    return candidate if os.access(candidate, os.X_OK) else shutil.which(name)


def ansible_env(collections_path, ansible_cfg, url, secret, bindir):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": collections_path,
        "ANSIBLE_CONFIG": ansible_cfg,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "SCREENCONNECT_URL": url,
        "SCREENCONNECT_SECRET": secret,
        # scripts started with "#!/usr/bin/env python" must find the interpreter that has requests
        "PATH": bindir + os.pathsep + os.path.dirname(os.path.abspath(sys.executable)) + os.pathsep + env.get("PATH", ""),
    })
    for name in ("SCREENCONNECT_ORIGIN", "SCREENCONNECT_EXTENSION_ID", "ANSIBLE_INVENTORY_ENABLED", "ANSIBLE_CACHE_PLUGIN",
                 "ANSIBLE_INVENTORY_CACHE", "ANSIBLE_INVENTORY_CACHE_PLUGIN"):
        env.pop(name, None)
    return env


# --------------------------------------------------------------------------------------------------------------
# numbers, tables, files


def median(values):
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of no values")
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2.0


def parse_list(text, kind):
    try:
        return [kind(item.strip().replace("_", "")) for item in text.split(",") if item.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected a comma-separated list, not %r" % text)


def markdown_table(headers, rows, align=None):
    align = align or "l" + "r" * (len(headers) - 1)
    if len(align) != len(headers):
        raise ValueError("align has %d columns, headers %d" % (len(align), len(headers)))
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError("row %r has %d cells, the table %d columns" % (row, len(row), len(headers)))
        lines.append("| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def replace_between(text, start, end, block):
    begin = text.find(start)
    finish = text.find(end, begin + len(start)) if begin >= 0 else -1
    if begin < 0 or finish < 0:
        raise SystemExit("no %s ... %s markers" % (start, end))
    return text[:begin + len(start)] + "\n" + block.rstrip("\n") + "\n" + text[finish:]


def update_readme(path, block, start, end):
    with open(path) as handle:
        text = handle.read()
    try:
        text = replace_between(text, start, end, block)
    except SystemExit:
        raise SystemExit("%s has no %s ... %s markers" % (path, start, end))
    with open(path, "w") as handle:
        handle.write(text)


def write_results(path, results):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory)
    with open(path, "w") as handle:
        json.dump(results, handle, indent=2, sort_keys=True)
        handle.write("\n")


def read_results(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def results_for_report(path):
    results = read_results(path)
    if results is None:
        raise SystemExit("no results in %s" % path)
    return results


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def results_header(bindir, config):
    return {"generated": utc_now(), "machine": machine_info(bindir), "config": config}


def report_only(path, render, update, start, end):
    text = render(results_for_report(path))
    print(text)
    if update:
        update_readme(README, text, start, end)
    return 0


def common_parser():
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--collections-path", default=os.environ.get("ANSIBLE_COLLECTIONS_PATH") or DEFAULT_COLLECTIONS_PATH,
                        help="ANSIBLE_COLLECTIONS_PATH for the ansible processes (default: $ANSIBLE_COLLECTIONS_PATH or %s)"
                        % DEFAULT_COLLECTIONS_PATH)
    parser.add_argument("--timeout", type=int, default=2400, help="seconds before one run is killed (default 2400)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (configs, outputs, logs)")
    parser.add_argument("--update-readme", action="store_true", help="rewrite this benchmark's table in benchmarks/README.md")
    parser.add_argument("--report-only", action="store_true", help="measure nothing: print (and --update-readme) the table of --output")
    return parser
