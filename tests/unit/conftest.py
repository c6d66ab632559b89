# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An emulator process for tests that exercise the real HTTP path (no mocks where the emulator can serve)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pytest

try:
    from urllib.request import Request, urlopen
except ImportError:  # pragma: no cover
    pass

EMULATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator", "screenconnect_emulator.py")
SECRET = "unit-test-secret-0f1e2d3c4b5a"


class Emulator(object):
    """A running emulator: ``url``, ``control_url``, ``secret`` and small helpers for its control API."""

    def __init__(self, *args, **kwargs):
        self.secret = kwargs.pop("secret", SECRET)
        self._dir = tempfile.mkdtemp(prefix="sc-emulator-")
        ready = os.path.join(self._dir, "ready.json")
        command = [sys.executable, EMULATOR, "--host", "127.0.0.1", "--port", "0", "--secret=" + self.secret,
                   "--ready-file", ready, "--command-latency", "0.1", "--exit-with-parent"] + list(args)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while not os.path.exists(ready):
            if self.process.poll() is not None:
                message = self.process.stderr.read().decode()
                self.stop()
                raise RuntimeError("emulator exited: %s" % message)
            if time.time() > deadline:
                self.stop()
                raise RuntimeError("emulator did not start within 60 seconds")
            time.sleep(0.05)
        time.sleep(0.05)
        with open(ready) as handle:
            info = json.load(handle)
        self.info = info
        self.url = info["url"]
        self.control_url = info["control_url"].rstrip("/")

    def control(self, path, body=None, method=None):
        data = None if body is None else json.dumps(body).encode()
        request = Request(self.control_url + "/" + path, data=data, method=method or ("POST" if data else "GET"),
                          headers={"Content-Type": "application/json"})
        with urlopen(request, timeout=30) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def calls(self, method=None):
        counts = self.control("calls")
        if method is None:
            return counts["total"]
        return counts["methods"].get(method, {"received": 0, "applied": 0})

    def reset(self):
        self.control("reset", {"counters": True, "faults": True, "config": True})

    def fault(self, **spec):
        return self.control("faults", spec)

    def config(self, **switches):
        return self.control("config", switches)

    def new_session(self, **spec):
        return self.control("sessions", spec)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stderr.close()
        shutil.rmtree(self._dir, ignore_errors=True)


# The emulators the fixtures below hand out, by (arguments, test module or "" for the session). ansible-test runs every
# unit test in a fork of its own and the fork exits without any teardown, so an emulator that a fixture started in
# the fork would serve one test only (and leak): they are started here, in the process that forks, before the fork.
_RUNNING = {}


def _emulator_key(spec, module_name):
    args, scope = spec
    return args, module_name if scope == "module" else ""


def emulator_fixture(*args, scope="module", doc=None):
    """A pytest fixture with one emulator started with ``args``, shared by the tests of ``scope``.

    Each test module that needs its own server flags (a fleet, latency, HTTPS) gets it from here, so that the start and
    the clean-up live in one place: ``pytest_runtest_protocol`` below starts it in the process that runs (or forks) the
    tests, stops a module's emulator when that process moves on to another module, and ``pytest_sessionfinish`` stops
    the rest.
    """
    if scope not in ("module", "session"):
        raise ValueError("emulator_fixture scope must be module or session, not %r" % scope)
    spec = (tuple(args), scope)

    def _emulator(request):
        key = _emulator_key(spec, request.module.__name__ if scope == "module" else "")
        if key not in _RUNNING:  # asked for with request.getfixturevalue: not known before the test ran
            _RUNNING[key] = Emulator(*spec[0])
        return _RUNNING[key]

    _emulator.emulator_spec = spec  # on the function itself, which pytest keeps as the fixture definition's func
    _emulator.__doc__ = doc
    return pytest.fixture(scope=scope)(_emulator)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):  # pylint: disable=unused-argument
    """Start the emulators that ``item`` uses here, before ansible-test's plugin forks the process to run it."""
    module = getattr(item, "module", None)
    module_name = module.__name__ if module is not None else ""
    for key in [key for key in _RUNNING if key[1] and key[1] != module_name]:
        _RUNNING.pop(key).stop()
    fixture_info = getattr(item, "_fixtureinfo", None)
    for definitions in (fixture_info.name2fixturedefs.values() if fixture_info is not None else ()):
        spec = getattr(definitions[-1].func, "emulator_spec", None) if definitions else None
        if spec is not None:
            key = _emulator_key(spec, module_name)
            if key not in _RUNNING:
                _RUNNING[key] = Emulator(*spec[0])
    yield


def pytest_sessionfinish(session):  # pylint: disable=unused-argument
    while _RUNNING:
        _RUNNING.popitem()[1].stop()


emulator_process = emulator_fixture("--sessions", "50", "--seed", "7", scope="session")


@pytest.fixture
def emulator(emulator_process):
    """The shared emulator with counters, faults and switches reset before each test."""
    emulator_process.reset()
    return emulator_process


demo_fleet = emulator_fixture("--fleet", "demo",
                              doc="An emulator with the demo fleet (``--fleet demo``) of its own for each test module.")
