# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The floor of the fan-out benchmark: the fewest requests an echo to every session of a filter needs, bare.

    SCREENCONNECT_URL=... SCREENCONNECT_SECRET=... python _floor_client.py FILTER PARALLEL AGENT_DELAY TEXT RESULT.json

One GetSessionsByFilter, then one SendCommandToSession per session and, once the agent delay has passed since the
last send, one GetSessionDetailsBySessionID per session, at most PARALLEL requests at a time over keep-alive
connections (one per worker thread), with nothing else: no Ansible, no module, no backoff. Every read must find the
echo's RanCommand (a read that does not is repeated and counted in ``rereads``), so the floor is real work that
collected every output. The timings go to RESULT.json.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
import time

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

EXTENSION_ID = "2d558935-686a-4bd0-9991-07539f5fe749"
RAN_COMMAND = 70


class _Caller(object):
    """POSTs to the extension with one keep-alive connection per thread."""

    def __init__(self, url, secret):
        split = urlsplit(url)
        self.host, self.port = split.hostname, split.port
        self.prefix = split.path.rstrip("/") + "/App_Extensions/%s/Service.ashx/" % EXTENSION_ID
        self.headers = {"CTRLAuthHeader": secret, "Content-Type": "application/json"}
        self.local = threading.local()

    def call(self, method, arguments):
        body = json.dumps(arguments).encode("utf-8")
        for attempt in (1, 2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
            try:
                connection.request("POST", self.prefix + method, body=body, headers=self.headers)
                response = connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                self.local.connection = None
                # a write is never sent twice: only a read may be tried again on a fresh connection
                if attempt == 2 or method.startswith("Send"):
                    raise
                continue
            if response.status != 200:
                raise RuntimeError("%s: HTTP %d %s" % (method, response.status, data[:200]))
            return json.loads(data) if data.strip() else None
        raise AssertionError("unreachable")


def _has_output(details, text):
    return any(event.get("EventType") == RAN_COMMAND and text in (event.get("Data") or "")
               for event in (details or {}).get("Events") or ())


def run(caller, session_filter, parallel, agent_delay, text):
    started = time.perf_counter()
    ids = [session["SessionID"] for session in caller.call("GetSessionsByFilter", [session_filter])]
    listed = time.perf_counter()
    script = "#!sh\n#timeout=60\necho %s" % text
    rereads = [0]
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(lambda session_id: caller.call("SendCommandToSession", [session_id, script]), ids))
        sent = time.perf_counter()
        time.sleep(agent_delay)
        waited = time.perf_counter()

        def _read(session_id):
            while not _has_output(caller.call("GetSessionDetailsBySessionID", [session_id]), text):
                rereads[0] += 1
                time.sleep(0.05)

        list(pool.map(_read, ids))
    done = time.perf_counter()
    return {
        "sessions": len(ids), "parallel": parallel, "agent_delay_s": agent_delay, "requests": 1 + 2 * len(ids) + rereads[0],
        "rereads": rereads[0], "list_s": round(listed - started, 4), "send_s": round(sent - listed, 4),
        "wait_s": round(waited - sent, 4), "read_s": round(done - waited, 4), "total_s": round(done - started, 4),
    }


def main(argv):
    session_filter, parallel, agent_delay, text, result_path = argv[1], int(argv[2]), float(argv[3]), argv[4], argv[5]
    caller = _Caller(os.environ["SCREENCONNECT_URL"], os.environ["SCREENCONNECT_SECRET"])
    result = run(caller, session_filter, parallel, agent_delay, text)
    with open(result_path, "w") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
