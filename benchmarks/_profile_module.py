# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a module process spends its CPU time: cProfile in every thread (the fan-out's work is in worker threads).

    PYTHONPATH=<dir above ansible_collections> python benchmarks/_profile_module.py MODULE ARGS.json [TOP]

Runs ``ansible_collections.screenconnect.restapi.plugins.modules.MODULE`` in this process as Ansible would (the
arguments of ARGS.json, legacy serialization profile), with one ``cProfile.Profile(time.thread_time)`` per thread, so
the figures are CPU seconds, not time spent waiting. Prints the CPU by area (the collection, requests/urllib3,
http.client and sockets, json, threads) and the TOP functions by own time.
"""

from __future__ import annotations

import cProfile
import importlib
import io
import json
import pstats
import sys
import threading
import time

AREAS = (
    ("the collection's own code", ("ansible_collections/screenconnect",)),
    ("requests and urllib3", ("/requests/", "/urllib3/")),
    ("http.client, socket, ssl", ("http/client.py", "socket.py", "ssl.py", "selectors.py", "{method '")),
    ("json", ("/json/",)),
    ("threads and futures", ("threading.py", "concurrent/futures", "queue.py")),
    ("ansible.module_utils (arguments, result)", ("ansible/module_utils",)),
)


def _profiled(target):
    profiles = []
    original = threading.Thread.run

    def _run(thread):
        profile = cProfile.Profile(time.thread_time)
        profile.enable()
        try:
            original(thread)
        finally:
            profile.disable()
            profiles.append(profile)

    threading.Thread.run = _run
    main = cProfile.Profile(time.thread_time)
    main.enable()
    try:
        target()
    except SystemExit:
        pass
    finally:
        main.disable()
        threading.Thread.run = original
    return [main] + profiles


def _area(filename, name):
    where = "%s %s" % (filename, name)
    for label, needles in AREAS:
        if any(needle in where for needle in needles):
            return label
    return "other (interpreter, imports, builtins)"


def main(argv):
    module_name, args_path = argv[1], argv[2]
    top = int(argv[3]) if len(argv) > 3 else 15
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel

    with open(args_path, "rb") as handle:
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": json.load(handle)}).encode("utf-8")  # pylint: disable=protected-access
    basic._ANSIBLE_PROFILE = "legacy"  # pylint: disable=protected-access
    module = importlib.import_module("ansible_collections.screenconnect.restapi.plugins.modules." + module_name)
    stdout, sys.stdout = sys.stdout, io.StringIO()
    try:
        profiles = _profiled(module.main)
    finally:
        sys.stdout = stdout
    stats = pstats.Stats(*profiles)
    areas = {}
    total = 0.0
    for (filename, _line, name), (_calls, _primitive, own, _cumulative, _callers) in stats.stats.items():
        areas[_area(filename, name)] = areas.get(_area(filename, name), 0.0) + own
        total += own
    print("CPU seconds in %d threads: %.2f" % (len(profiles), total))
    for label, seconds in sorted(areas.items(), key=lambda item: -item[1]):
        print("  %-45s %6.2f s  %5.1f%%" % (label, seconds, 100.0 * seconds / max(total, 1e-9)))
    stats.sort_stats("tottime").print_stats(top)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
