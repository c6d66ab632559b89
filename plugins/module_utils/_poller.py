# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A command to many sessions in two phases: send to every target, then one shared poller for all answers.

PRIVATE to the collection: this file may change without notice.

Phase 1 sends with at most ``parallel`` requests at a time (each target once; see ``CommandRunner.start``).
Phase 2 reads the details of every outstanding session with its own backoff until its answer arrives or its
deadline passes, again with at most ``parallel`` requests at a time. So the number of commands in flight is not
bounded by ``parallel``: a worker is held only for the duration of one request, never while an agent runs.
"""

from __future__ import annotations

import heapq
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from ansible_collections.screenconnect.restapi.plugins.module_utils import _command
from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils import _pacing
from ansible_collections.screenconnect.restapi.plugins.module_utils._fanout import run_parallel


def run_commands(runner, sessions, on_error, parallel):
    """Results in the order of ``sessions``: one per session, each command sent at most once."""
    _pacing.install(getattr(runner.api, "client", None))
    started = run_parallel(sessions, runner.start, lambda session, exc: (on_error(session, exc), None), parallel)
    results = [result for result, _pending in started]
    outstanding = [(index, pending) for index, (_result, pending) in enumerate(started) if pending is not None]
    for index, event, ambiguous, error in _poll_all(runner, outstanding, parallel):
        pending = started[index][1]
        if error is not None:
            results[index] = runner.read_failed(results[index], error)
        else:
            results[index] = runner.finish(results[index], pending, event, ambiguous)
    return results


def _poll_all(runner, outstanding, parallel):
    """Yield ``(index, event, ambiguous, error)`` once per outstanding command, as each is settled."""
    clock = runner.now
    queue = []
    delays = {}
    for index, pending in outstanding:
        delays[index] = _command.backoff_delays()
        heapq.heappush(queue, (_next_read(clock, delays[index], pending), index, pending))

    def _read(pending):
        return runner.api.get_session_details(pending["session_id"])

    with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(outstanding) or 1))) as pool:
        running = {}
        while queue or running:
            now = clock()
            while queue and queue[0][0] <= now and len(running) < parallel:
                _due, index, pending = heapq.heappop(queue)
                running[pool.submit(_read, pending)] = (index, pending)
            if running:
                timeout = max(0.0, queue[0][0] - clock()) if queue and len(running) < parallel else None
                done, _not_done = wait(list(running), timeout=timeout, return_when=FIRST_COMPLETED)
            else:
                runner.pause(max(0.0, queue[0][0] - clock()))
                done = ()
            for future in done:
                index, pending = running.pop(future)
                try:
                    event, ambiguous = runner.examine(pending, future.result())
                except errors.ScreenConnectError as exc:
                    yield index, None, False, exc
                    continue
                if event is not None or ambiguous or clock() >= pending["deadline"]:
                    # event None: ambiguous (ours cannot be told from a rival's) or the deadline passed
                    yield index, event, ambiguous, None
                    continue
                heapq.heappush(queue, (_next_read(clock, delays[index], pending), index, pending))


def _next_read(clock, delays, pending):
    """When to read next: after the session's next backoff delay, or at its deadline for a last look."""
    return min(clock() + next(delays, _command.POLL_MAX_DELAY), pending["deadline"])
