# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Callback for benchmarks/bench_connection.py: wall time and emulator calls of every task, into a JSON file.

Not part of the collection's plugins: the benchmark enables it with ANSIBLE_CALLBACK_PLUGINS and
ANSIBLE_CALLBACKS_ENABLED. It reads the emulator's counters (GET <control>/calls, which has no request latency) when
a task starts and when the next one starts (or the play or run ends), so a task's numbers include everything
Ansible did for it on every host: with the linear strategy the next task starts only after all hosts finished.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_tasks
type: aggregate
short_description: Per-task wall time and ScreenConnect emulator call counts for the connection benchmark
description:
  - Writes one JSON record per task (play, task, seconds, hosts, calls per emulator method, failures) to the
    file named by E(BENCH_TASKS_OUTPUT), reading the counters from E(BENCH_CONTROL_URL).
requirements:
  - the benchmark's emulator (its control API)
"""

import json
import os
import time
from urllib.request import urlopen

from ansible.plugins.callback import CallbackBase


def _methods(control_url):
    with urlopen(control_url.rstrip("/") + "/calls", timeout=30) as response:
        body = json.loads(response.read().decode("utf-8"))
    return {name: entry.get("received", 0) for name, entry in body.get("methods", {}).items()}


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_tasks"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._control = os.environ["BENCH_CONTROL_URL"]
        self._output = os.environ["BENCH_TASKS_OUTPUT"]
        self._play = None
        self._current = None
        self._records = []

    def _close_task(self):
        if self._current is None:
            return
        record, started, before = self._current
        self._current = None
        after = _methods(self._control)
        record["seconds"] = round(time.monotonic() - started, 3)
        record["calls"] = dict((name, after.get(name, 0) - before.get(name, 0))
                               for name in sorted(set(after) | set(before)) if after.get(name, 0) != before.get(name, 0))
        self._records.append(record)

    def v2_playbook_on_play_start(self, play):
        self._close_task()
        self._play = play.get_name()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close_task()
        record = {"play": self._play, "task": task.get_name(), "hosts": [], "failed": [], "unreachable": []}
        self._current = (record, time.monotonic(), _methods(self._control))

    def _host(self, result, kind=None):
        if self._current is None:
            return
        record = self._current[0]
        name = result._host.get_name()
        if name not in record["hosts"]:
            record["hosts"].append(name)
        if kind and name not in record[kind]:
            record[kind].append(name)

    def v2_runner_on_ok(self, result):
        self._host(result)

    def v2_runner_on_skipped(self, result):
        self._host(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._host(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._host(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        self._close_task()
        with open(self._output, "w") as handle:
            json.dump(self._records, handle, indent=1)
