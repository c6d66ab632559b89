# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running one action on several sessions with bounded concurrency.

PRIVATE to the collection: this file may change without notice.

Each item is handled once by ``worker(item)``; an exception from the worker becomes that item's failed result
(built by ``on_error(item, exc)``), so one bad target never stops or repeats the others.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors

MAX_PARALLEL = 200


def check_parallel(value):
    if value is None or not 1 <= int(value) <= MAX_PARALLEL:
        raise errors.ScreenConnectInputError("parallel must be between 1 and %d; got %r" % (MAX_PARALLEL, value))
    return int(value)


def run_parallel(items, worker, on_error, parallel=10):
    """Results in the order of ``items``. Only ScreenConnectError is turned into a result; bugs still surface."""
    items = list(items)

    def _one(item):
        try:
            return worker(item)
        except errors.ScreenConnectError as exc:
            return on_error(item, exc)

    if len(items) <= 1 or parallel <= 1:
        return [_one(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(parallel, len(items))) as pool:
        return list(pool.map(_one, items))


def summarise(results):
    """Counts of a fan-out: ``total``, ``succeeded``, ``failed`` and ``queued`` (queued ones did not fail)."""
    failed = sum(1 for result in results if result.get("failed"))
    queued = sum(1 for result in results if not result.get("failed") and result.get("queued"))
    return dict(total=len(results), failed=failed, queued=queued, succeeded=len(results) - failed - queued)
