# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command-line options and the run-time switches for behaviour that is unknown on the real server."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import threading
from typing import Any, Dict, List, Mapping, Optional

from .realguest import is_loopback
from .webmethods import parse_guid

DEFAULT_EXTENSION_ID = "2d558935-686a-4bd0-9991-07539f5fe749"
DEFAULT_SERVER_VERSION = "25.4.25.9313"
DEFAULT_USER_NAME = "RESTful API"
DEFAULT_AUTH_MESSAGE = "Needs permission"

# switch name -> allowed values (the first is the default); see README "Switches".
SWITCH_CHOICES: Dict[str, List[str]] = {
    "name_match": ["exact", "prefix"],
    "partial_custom_properties": ["keep", "blank"],
    "event_order": ["asc", "desc", "shuffle"],
    "void_body": ["empty", "null"],
    "unknown_session": ["error", "ignore"],
    "custom_properties_shape": ["array", "both"],
    "origin_mismatch_status": ["403", "401"],
    "writes_without_origin": ["allow", "deny"],
    "session_type_names": ["accept", "reject"],
}

# profile name -> the settings it gives (the first is the default); see README "Profiles". A setting given on its own
# (--command-latency, or command_latency in the same POST /__emulator/config) wins over the profile's.
PROFILES: Dict[str, Dict[str, float]] = {
    "fast": {"command_latency": 1.0},
    # the reference (section 5) observed results "typically back in ~5s": tune timeouts against this one
    "realistic": {"command_latency": 5.0},
}
DEFAULT_PROFILE = next(iter(PROFILES))
# the profile is held with the switches (validated, reset and changed at run time the same way), but listed apart
_CHOICES: Dict[str, List[str]] = dict(SWITCH_CHOICES, profile=list(PROFILES))


class Switches:
    """Thread-safe holder of the switch values."""

    def __init__(self, values: Optional[Mapping[str, Any]] = None) -> None:
        self._lock = threading.Lock()
        self._defaults = {name: choices[0] for name, choices in _CHOICES.items()}
        self._values = dict(self._defaults)
        if values:
            self.update(values)
        self._defaults = dict(self._values)

    @staticmethod
    def validate(values: Mapping[str, Any]) -> Dict[str, str]:
        """Return the normalised values or raise ValueError naming the bad switch."""
        if not isinstance(values, Mapping):
            raise ValueError("switches must be a JSON object")
        result = {}
        for name, value in values.items():
            if name not in _CHOICES:
                raise ValueError("unknown switch %r (known: %s)" % (name, ", ".join(sorted(_CHOICES))))
            text = str(value).lower() if not isinstance(value, bool) else ""
            if text not in _CHOICES[name]:
                kind = "profile" if name == "profile" else "switch"
                raise ValueError("%s %r must be one of %s, not %r" % (kind, name, "|".join(_CHOICES[name]), value))
            result[name] = text
        return result

    def update(self, values: Mapping[str, Any]) -> Dict[str, str]:
        clean = self.validate(values)
        with self._lock:
            self._values.update(clean)
            return dict(self._values)

    def reset(self) -> None:
        with self._lock:
            self._values = dict(self._defaults)

    def get(self, name: str) -> str:
        with self._lock:
            return self._values[name]

    def as_dict(self) -> Dict[str, str]:
        """The switches proper, without the profile."""
        with self._lock:
            return {name: value for name, value in self._values.items() if name in SWITCH_CHOICES}


def profile_setting(profile: str, name: str) -> float:
    """The value of setting ``name`` (e.g. ``command_latency``) that ``profile`` gives."""
    return PROFILES[profile][name]


@dataclasses.dataclass
class Options:
    """Everything the command line can set."""

    host: str = "127.0.0.1"
    port: int = 8040
    secret: str = "secret"
    extension_id: str = DEFAULT_EXTENSION_ID
    server_version: str = DEFAULT_SERVER_VERSION
    user_name: str = DEFAULT_USER_NAME
    allowed_origin: str = ""
    auth_message: str = DEFAULT_AUTH_MESSAGE
    sessions: int = 200
    seed: int = 1
    fleet: str = "random"
    epoch: Optional[datetime.datetime] = None
    profile: str = DEFAULT_PROFILE
    command_latency: Optional[float] = None  # None: the profile's
    time_scale: float = 1.0
    https: bool = False
    cert_dir: str = ""
    exit_with_parent: bool = False
    ready_file: str = ""
    log_requests: bool = False
    real_guests: int = 0
    allow_real_guests: bool = False  # real guests over the control API; implied by real_guests/real_guest_sessions
    real_guest_sessions: List[str] = dataclasses.field(default_factory=list)
    max_command_length: int = 0  # 0: no limit
    request_latency: float = 0.0
    rate_limit: float = 0.0
    rate_burst: Optional[float] = None  # None: max(1, rate_limit)
    rate_limit_answer: str = "429"
    switches: Dict[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError("profile must be one of %s, not %r" % ("|".join(PROFILES), self.profile))
        if self.real_guests < 0 or self.max_command_length < 0:
            raise ValueError("--real-guests and --max-command-length must be >= 0")
        self.real_guest_sessions = [parse_guid(text) for text in self.real_guest_sessions]
        self.allow_real_guests = bool(self.allow_real_guests or self.real_guests or self.real_guest_sessions)
        if self.allow_real_guests and not is_loopback(self.host):
            raise ValueError("real guests run commands for real on this machine: they need a loopback --host "
                             "(127.0.0.1, ::1 or localhost), not %r" % self.host)
        self.switches = dict(self.switches, profile=self.profile)
        if self.command_latency is None:
            self.command_latency = profile_setting(self.profile, "command_latency")


def _parse_epoch(text: str) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError("expected an ISO date such as 2026-01-31 or 2026-01-31T12:00:00Z")
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def _session_ids(text: str) -> List[str]:
    try:
        return [parse_guid(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="screenconnect_emulator.py",
        description="Emulates the ConnectWise ScreenConnect 'RESTful API Manager' extension (see tests/emulator/README.md).",
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    add("--port", type=int, default=8040, help="port to listen on; 0 picks a free port (default 8040)")
    add("--secret", default="secret", help="the RESTfulAuthenticationSecret the CTRLAuthHeader must equal")
    add("--extension-id", default=DEFAULT_EXTENSION_ID, help="extension GUID in the URL")
    add("--server-version", default=DEFAULT_SERVER_VERSION, help="version in the 'Server: ScreenConnect/<v>' header")
    add("--user-name", default=DEFAULT_USER_NAME, help="RESTfulUserName: Host of the events the API creates")
    add("--allowed-origin", default="", help="RESTfulAllowedOrigin; when set, requests whose Origin differs are rejected")
    add("--auth-message", default=DEFAULT_AUTH_MESSAGE, help="message of the 401 SecurityException body")
    add("--sessions", type=int, default=200, help="number of sessions in the generated fleet (default 200)")
    add("--seed", type=int, default=1, help="seed of the generated fleet (default 1)")
    add("--fleet", choices=["random", "demo", "empty"], default="random", help="fleet kind (default random)")
    add("--demo", action="store_const", const="demo", dest="fleet", help="same as --fleet demo")
    add("--epoch", type=_parse_epoch, default=None,
        help="reference 'now' of the generated fleet's dates (default: today 00:00 UTC)")
    add("--profile", choices=list(PROFILES), default=DEFAULT_PROFILE,
        help="settings preset: %s (default %s; see README)" % (", ".join(
            "%s = pickup after %gs" % (name, values["command_latency"]) for name, values in PROFILES.items()),
            DEFAULT_PROFILE))
    add("--command-latency", type=float, default=None,
        help="seconds before an online agent picks up a command (default: the profile's)")
    add("--time-scale", type=float, default=1.0, help="multiplier of the simulated command run time")
    add("--https", action="store_true", help="serve HTTPS with a generated self-signed certificate")
    add("--exit-with-parent", action="store_true",
        help="stop when the process that started the emulator exits (for test runners)")
    add("--cert-dir", default="", help="directory for the generated certificate (default: a temporary directory)")
    add("--ready-file", default="", help="write {url, control_url, pid} as JSON here once listening")
    add("--log-requests", action="store_true", help="print one line per request (never header values)")
    add("--real-guests", type=int, default=0, metavar="N",
        help="make N sessions real guests whose commands RUN FOR REAL with /bin/sh on this machine (loopback only; "
             "see README)")
    add("--allow-real-guests", action="store_true",
        help="let POST /__emulator/sessions create real guests (implied by --real-guests/--real-guest-sessions; "
             "loopback only)")
    add("--real-guest-sessions", type=_session_ids, default=[], metavar="ID[,ID...]",
        help="make these sessions real guests too")
    add("--max-command-length", type=int, default=0, metavar="N",
        help="refuse SendCommandToSession with a command longer than N characters (HTTP 413; default 0 = no limit)")
    add("--request-latency", type=float, default=0.0, metavar="SEC",
        help="seconds added to every API request, not the control API (default 0)")
    add("--rate-limit", type=float, default=0.0, metavar="R",
        help="token-bucket limit per client address in requests/s; 0 = off (default)")
    add("--rate-burst", type=float, default=None, metavar="B", help="bucket size (default max(1, R))")
    add("--rate-limit-answer", choices=["429", "empty"], default="429",
        help="a limited request gets 429 with Retry-After, or (empty) list methods answer [] and others 429")
    for name, choices in SWITCH_CHOICES.items():
        add("--" + name.replace("_", "-"), choices=choices, default=choices[0],
            help="switch %s: %s (default %s)" % (name, "|".join(choices), choices[0]))
    return parser


def parse_args(argv: Optional[List[str]] = None) -> Options:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.sessions < 0:
        raise SystemExit("--sessions must be >= 0")
    for flag in ("request_latency", "rate_limit"):
        if getattr(args, flag) < 0:
            raise SystemExit("--%s must be >= 0" % flag.replace("_", "-"))
    if args.rate_burst is not None and args.rate_burst < 1:
        raise SystemExit("--rate-burst must be >= 1")
    values = vars(args)
    switches = {name: values.pop(name) for name in SWITCH_CHOICES}
    try:
        return Options(switches=switches, **values)
    except ValueError as exc:
        parser.error(str(exc))  # exits with code 2, before anything listens
