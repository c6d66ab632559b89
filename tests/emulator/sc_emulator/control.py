# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The control API under ``/__emulator/`` (JSON in and out, no authentication: a local test tool)."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from . import faults as faults_module
from .config import profile_setting
from .fleet import custom_session
from .load import SETTINGS as LOAD_SETTINGS
from .realguest import adopt, is_loopback
from .webmethods import parse_guid


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _body(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except ValueError as exc:
        raise ControlError(400, "body is not JSON: %s" % exc)
    if not isinstance(value, dict):
        raise ControlError(400, "body must be a JSON object")
    return value


def _session(emulator: Any, session_id: Any) -> Any:
    try:
        record = emulator.store.get(parse_guid(str(session_id)))
    except ValueError:
        raise ControlError(400, "session_id is not a GUID")
    if record is None:
        raise ControlError(404, "no session %s" % session_id)
    return record


def handle(emulator: Any, http_method: str, parts: List[str], raw_body: bytes) -> Tuple[int, Any]:
    """Route one control request; returns (status, JSON-able object)."""
    try:
        return _route(emulator, http_method, parts, raw_body)
    except ControlError as exc:
        return exc.status, {"error": str(exc)}
    except ValueError as exc:
        return 400, {"error": str(exc)}


def config_dict(emulator: Any) -> Dict[str, Any]:
    return {"switches": emulator.switches.as_dict(), "profile": emulator.switches.get("profile"),
            "command_latency": emulator.agent.command_latency,
            "time_scale": emulator.agent.time_scale, "max_command_length": emulator.api.max_command_length,
            **emulator.load.as_dict()}


def _route(emulator: Any, http_method: str, parts: List[str], raw_body: bytes) -> Tuple[int, Any]:
    route = "/".join(parts)
    if (http_method, route) == ("GET", "health"):
        return 200, {"ok": True, "sessions": emulator.store.count(), "url": emulator.url,
                     "control_url": emulator.control_url, "extension_id": emulator.options.extension_id,
                     "real_guests": emulator.agent.real_guests.session_ids()}
    if (http_method, route) == ("GET", "calls"):
        return 200, emulator.counters.as_dict()
    if (http_method, route) == ("POST", "reset"):
        body = _body(raw_body)
        if body.get("counters", True):
            emulator.counters.reset()
        if body.get("faults", True):
            emulator.faults.clear()
        if body.get("config", True):
            emulator.reset_config()
        if body.get("fleet", False):
            emulator.load_fleet()
        return 200, {"ok": True, "sessions": emulator.store.count()}
    if route == "config" and http_method == "GET":
        return 200, config_dict(emulator)
    if route == "config" and http_method == "POST":
        body = _body(raw_body)
        switches = dict(body.pop("switches", {}) or {})
        latency = body.pop("command_latency", None)
        scale = body.pop("time_scale", None)
        max_length = body.pop("max_command_length", None)
        load = emulator.load.validate({name: body.pop(name) for name in LOAD_SETTINGS if name in body})
        switches.update(body)
        for value in (latency, scale):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
                raise ControlError(400, "command_latency and time_scale must be non-negative numbers")
        if max_length is not None and (isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 0):
            raise ControlError(400, "max_command_length must be a non-negative integer (0 = no limit)")
        emulator.switches.update(switches)
        emulator.load.update(load)
        if latency is None and "profile" in switches:
            latency = profile_setting(emulator.switches.get("profile"), "command_latency")
        if latency is not None:
            emulator.agent.command_latency = float(latency)
        if scale is not None:
            emulator.agent.time_scale = float(scale)
        if max_length is not None:
            emulator.api.max_command_length = max_length
        return 200, config_dict(emulator)
    if route == "faults":
        if http_method == "GET":
            return 200, {"faults": emulator.faults.as_list()}
        if http_method == "POST":
            fault = faults_module.parse_fault(_body(raw_body))
            emulator.faults.add(fault)
            return 200, {"ok": True, "fault": fault.as_dict()}
        if http_method == "DELETE":
            emulator.faults.clear()
            return 200, {"ok": True}
    if (http_method, route) == ("POST", "sessions"):
        body = _body(raw_body)
        real = body.pop("real_guest", False)
        if not isinstance(real, bool):
            raise ControlError(400, "real_guest must be true or false")
        if real and not emulator.options.allow_real_guests:
            # Off unless asked for when the emulator starts: the control API has no authentication at all.
            raise ControlError(403, "real_guest: this emulator was started without real guests; start it with "
                                    "--allow-real-guests (or --real-guests N) on a loopback --host")
        if real and not is_loopback(emulator.options.host):
            raise ControlError(403, "real_guest: real guests run commands for real on this machine and need an "
                                    "emulator listening on a loopback --host, not %r" % emulator.options.host)
        record, online = custom_session(body, emulator.epoch)
        emulator.store.add(record)
        if real:
            adopt(emulator, record, online)
        elif online:
            emulator.set_online(record, True)
        return 200, emulator.store.session_json(record, emulator.switches.get("custom_properties_shape"))
    if (http_method, route) == ("POST", "guest"):
        body = _body(raw_body)
        if not isinstance(body.get("online"), bool):
            raise ControlError(400, "online must be true or false")
        record = _session(emulator, body.get("session_id"))
        emulator.set_online(record, body["online"])
        return 200, {"ok": True, "session_id": record.session_id, "online": record.online}
    if http_method == "GET" and len(parts) == 3 and parts[0] == "sessions" and parts[2] == "events":
        record = _session(emulator, parts[1])
        return 200, {"session_id": record.session_id, "events": emulator.store.events_of(record),
                     "queued": list(record.data["QueuedEvents"])}
    if http_method == "GET" and len(parts) == 2 and parts[0] == "sessions":
        record = _session(emulator, parts[1])
        return 200, emulator.store.session_json(record, emulator.switches.get("custom_properties_shape"))
    raise ControlError(404, "no control endpoint %s /__emulator/%s" % (http_method, route))
