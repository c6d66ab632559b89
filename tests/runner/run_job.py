#!/usr/bin/env python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a job the way AWX does, with ansible-runner, and check what it leaves behind.

    SCREENCONNECT_URL=... SCREENCONNECT_SECRET=... run_job.py --collections-path DIR --work-dir DIR

It builds a private data directory from job/ (project/playbook.yml, inventory/awx.screenconnect.yml), injects the
credential's environment into env/envvars with the AWX credential type of extensions/awx (awx_credential.py), runs
an inventory update (ansible-inventory through ansible-runner, as AWX syncs an inventory source) and then the job,
and checks the job's status, its events and artifacts, and that the secret appears in none of them: the credential
type injects it as a file, as AWX writes it (mode 0600, in env/ of the private data directory, outside artifacts/).
The secret is read from the environment, never from the command line. Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

import ansible_runner
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import awx_credential  # noqa: E402  pylint: disable=wrong-import-position

JOB_IDENT = "job"
INVENTORY_IDENT = "inventory_update"
# Every task of job/project/playbook.yml, by the play it belongs to: the ones on localhost and the per-host ones.
LOCAL_TASKS = ("Find the Access sessions", "Publish the count as a job artifact")
HOST_TASKS = ("Ask the guest for its host name", "Leave a note with the outcome")


class Checks(object):
    """Collects failed checks, so that one run reports all of them."""

    def __init__(self):
        self.failed = []
        self.passed = 0

    def that(self, condition, message):
        if condition:
            self.passed += 1
            print("ok: %s" % message)
        else:
            self.failed.append(message)
            print("FAILED: %s" % message)
        return condition


def _write(path, data):
    with open(path, "w") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def prepare(work_dir, collections_path, credential):
    """A fresh private data directory with the job's files and the credential's environment."""
    private = os.path.join(work_dir, "private_data_dir")
    if os.path.exists(private):
        shutil.rmtree(private)
    shutil.copytree(os.path.join(HERE, "job"), private)
    inputs, injectors = awx_credential.load()
    errors = awx_credential.validate(inputs, injectors)
    if errors:
        raise SystemExit("AWX would refuse the credential type: %s" % "; ".join(errors))
    envvars = awx_credential.inject(inputs, injectors, credential, private)
    # What the execution environment provides: the collection installed, and the Python that runs modules.
    envvars.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    _write(os.path.join(private, "env", "envvars"), yaml.safe_dump(envvars, default_flow_style=False))
    _write(os.path.join(private, "env", "settings"), yaml.safe_dump(dict(job_timeout=600, pexpect_timeout=10)))
    return private


def inventory_update(private, checks, secret):
    """``ansible-inventory --list`` on the inventory source through ansible-runner, as an AWX inventory sync."""
    out, err = ansible_runner.get_inventory(
        action="list", inventories=[os.path.join(private, "inventory", "awx.screenconnect.yml")],
        response_format="json", private_data_dir=private, ident=INVENTORY_IDENT, quiet=True,
        envvars=_read_envvars(private))
    checks.that(isinstance(out, dict), "inventory update returned the inventory as JSON (stderr: %s)"
                % (err or "").replace(secret, "********")[-500:])
    checks.that(secret not in json.dumps(out) + (err or ""), "the secret is not in the inventory update's output")
    return out if isinstance(out, dict) else {}


def _read_envvars(private):
    with open(os.path.join(private, "env", "envvars")) as handle:
        return yaml.safe_load(handle)


def _plain(value):
    """A value from ``ansible-inventory --list``, which marks template-unsafe strings as {"__ansible_unsafe": text}."""
    if isinstance(value, dict) and set(value) == {"__ansible_unsafe"}:
        return value["__ansible_unsafe"]
    return value


def _group_hosts(inventory, group):
    return set(inventory.get(group, {}).get("hosts", []))


def check_job(runner, inventory, checks):
    checks.that(runner.status == "successful", "job status is successful (got %s)" % runner.status)
    checks.that(runner.rc == 0, "job rc is 0 (got %s)" % runner.rc)
    events = list(runner.events)
    ok_events = [e for e in events if e.get("event") == "runner_on_ok"]
    bad = [e["event"] for e in events if e.get("event") in ("runner_on_failed", "runner_on_unreachable")]
    checks.that(not bad, "no failed or unreachable events (got %s)" % bad)

    def hosts_of(task):
        return set(e["event_data"]["host"] for e in ok_events if e["event_data"].get("task") == task)

    for task in LOCAL_TASKS:
        checks.that(hosts_of(task) == {"localhost"}, "runner_on_ok on localhost for %r" % task)
    hostvars = inventory.get("_meta", {}).get("hostvars", {})
    all_hosts = set(hostvars)
    online = _group_hosts(inventory, "screenconnect_online")
    checks.that(bool(online), "the inventory plugin found online sessions (%d of %d hosts)" % (len(online), len(all_hosts)))
    for task in HOST_TASKS:
        checks.that(hosts_of(task) == online,
                    "runner_on_ok for %r on every online host of the inventory plugin, and no other (%d hosts)"
                    % (task, len(hosts_of(task))))
    found = [e["event_data"]["res"] for e in ok_events if e["event_data"].get("task") == LOCAL_TASKS[0]]
    session_ids = set(s["SessionID"] for s in found[0]["sessions"]) if found else set()
    inventory_ids = set(_plain(v.get("screenconnect_session_id")) for v in hostvars.values())
    checks.that(session_ids and session_ids == inventory_ids,
                "the module and the inventory plugin see the same %d Access sessions" % len(session_ids))
    stats = [e for e in events if e.get("event") == "playbook_on_stats"]
    artifact_data = stats[-1]["event_data"].get("artifact_data") if stats else None
    checks.that(artifact_data == {"screenconnect_access_sessions": len(session_ids)},
                "set_stats artifact screenconnect_access_sessions = %d (got %s)" % (len(session_ids), artifact_data))
    return events


def check_artifacts(private, runner, events, checks):
    artifacts = os.path.join(private, "artifacts", JOB_IDENT)

    def read(name):
        path = os.path.join(artifacts, name)
        if not os.path.isfile(path):
            return None
        with open(path) as handle:
            return handle.read().strip()

    checks.that(read("rc") == "0", "artifacts/%s/rc is 0" % JOB_IDENT)
    checks.that(read("status") == "successful", "artifacts/%s/status is successful" % JOB_IDENT)
    checks.that(bool(read("stdout")), "artifacts/%s/stdout is not empty" % JOB_IDENT)
    checks.that(read("command") is not None, "artifacts/%s/command exists" % JOB_IDENT)
    event_dir = os.path.join(artifacts, "job_events")
    files = sorted(os.listdir(event_dir)) if os.path.isdir(event_dir) else []
    checks.that(len(files) == len(events) > 0, "artifacts/%s/job_events has one file per event (%d files, %d events)"
                % (JOB_IDENT, len(files), len(events)))
    parsed = 0
    for name in files:
        with open(os.path.join(event_dir, name)) as handle:
            parsed += bool(json.load(handle).get("uuid"))
    checks.that(parsed == len(files), "every job event file is JSON with a uuid")
    checks.that(runner.stats and runner.stats.get("failures") == {}, "playbook stats show no failures")


def secret_hits(root, secret):
    """Files under ``root`` that contain ``secret`` (as text or JSON-escaped), with the number of occurrences."""
    needles = set([secret.encode("utf-8"), json.dumps(secret)[1:-1].encode("utf-8")])
    hits = {}
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                data = handle.read()
            count = sum(data.count(needle) for needle in needles)
            if count:
                hits[os.path.relpath(path, root)] = count
    return hits


def _mode(path):
    return os.stat(path).st_mode & 0o777


def check_secret(private, runner, events, secret, checks):
    """The credential injects the secret as a file (SCREENCONNECT_SECRET_FILE), so no record of the job holds it:
    not ansible-runner's record of the job environment (artifacts/<ident>/command), not the events, not stdout."""
    envvars = _read_envvars(private)
    artifacts = os.path.join(private, "artifacts")
    path = envvars.get("SCREENCONNECT_SECRET_FILE", "")
    outside = not os.path.realpath(path).startswith(os.path.realpath(artifacts) + os.sep)
    checks.that("SCREENCONNECT_SECRET" not in envvars and os.path.isfile(path) and _mode(path) == 0o600 and outside,
                "the secret reaches the job as a file of mode 0600 outside artifacts/, named by "
                "SCREENCONNECT_SECRET_FILE, and in no environment variable")
    checks.that(not [name for name, value in envvars.items() if secret in str(value)],
                "no variable of env/envvars holds the secret")
    hits = secret_hits(artifacts, secret)
    searched = sum(len(names) for _dir, _dirs, names in os.walk(artifacts))
    checks.that(hits == {}, "the secret appears in none of the %d files under artifacts/ (command and job_events "
                "included): %d occurrences (%s)" % (searched, sum(hits.values()), hits or "none"))
    in_events = sum(json.dumps(event).count(secret) for event in events)
    checks.that(in_events == 0, "the secret appears in none of the %d job events: %d occurrences"
                % (len(events), in_events))
    stdout = runner.stdout.read()
    checks.that(bool(stdout) and secret not in stdout, "the secret is not in the job's stdout (%d characters)"
                % len(stdout))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--collections-path", required=True, help="where screenconnect.restapi is installed")
    parser.add_argument("--work-dir", required=True, help="where to create the private data directory")
    args = parser.parse_args(argv)
    url, secret = os.environ.get("SCREENCONNECT_URL"), os.environ.get("SCREENCONNECT_SECRET")
    if not url or not secret:
        parser.error("set SCREENCONNECT_URL and SCREENCONNECT_SECRET (the emulator's) in the environment")
    # The job must get the connection from env/envvars only, as under AWX, not from this process's environment.
    for name in list(os.environ):
        if name.startswith("SCREENCONNECT_"):
            del os.environ[name]

    checks = Checks()
    private = prepare(os.path.abspath(args.work_dir), os.path.abspath(args.collections_path),
                      dict(url=url, secret=secret))
    inventory = inventory_update(private, checks, secret)
    runner = ansible_runner.run(private_data_dir=private, playbook="playbook.yml", ident=JOB_IDENT, quiet=True)
    events = check_job(runner, inventory, checks)
    check_artifacts(private, runner, events, checks)
    check_secret(private, runner, events, secret, checks)
    print("%d checks passed, %d failed; %d job events; private data dir %s"
          % (checks.passed, len(checks.failed), len(events), private))
    if checks.failed:
        if runner.status != "successful":
            print(runner.stdout.read()[-4000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
