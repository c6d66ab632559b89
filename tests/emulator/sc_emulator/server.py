# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP server: the web-service request pipeline of reference section 1.2 plus the control API."""

from __future__ import annotations

import gc
import json
import os
import shutil
import socket
import ssl
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

from . import control, pages, realguest
from .agent import Agent
from .api import Api
from .config import Options, Switches
from .counters import Counters
from .errors import ApiError, argument_error
from .faults import FaultTable
from .load import Load
from .fleet import default_epoch, demo_fleet, generate_fleet
from .model import SessionRecord
from .store import Store
from .webmethods import LIST_METHODS, WebMethod, bind_arguments, lookup

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
CONTROL_PREFIX = "/__emulator/"
MAX_BODY = 64 * 1024 * 1024


class Emulator:
    """The whole emulator: state, fleet and the HTTP server. ``start()`` serves in a background thread."""

    def __init__(self, options: Optional[Options] = None) -> None:
        self.options = options or Options()
        self.switches = Switches(self.options.switches)
        self.store = Store()
        self.counters = Counters()
        self.faults = FaultTable()
        self.load = Load(self.options.request_latency, self.options.rate_limit, self.options.rate_burst,
                         self.options.rate_limit_answer)
        self.agent = Agent(self.store, self.options.command_latency, self.options.time_scale)
        self.api = Api(self.store, self.agent, self.switches, self.options.user_name, self.options.max_command_length)
        self.epoch = self.options.epoch or default_epoch()
        self.httpd: Optional[_Server] = None
        self.scheme = "https" if self.options.https else "http"
        self.ssl_context: Optional[ssl.SSLContext] = None
        self.cert_path = ""
        self._own_cert_dir = ""  # a generated certificate in a temporary directory, removed on stop
        self._thread: Optional[threading.Thread] = None
        self._stopping = False
        self.load_fleet()

    # ---- state -----------------------------------------------------------------------------------------------------
    def load_fleet(self) -> None:
        kind = self.options.fleet
        # a large fleet is millions of long-lived objects: keep the cyclic GC from rescanning them (see README)
        gc.disable()
        try:
            if kind == "demo":
                records = demo_fleet(self.epoch)
            elif kind == "empty":
                records = []
            else:
                records = generate_fleet(self.options.sessions, self.options.seed, self.epoch)
            self.agent.clear()
            self.store.load(records)
        finally:
            gc.enable()
        realguest.adopt_chosen(self, records)
        if hasattr(gc, "freeze"):
            gc.freeze()

    def warm_up(self, chunk: int = 1000) -> None:
        """Build every session's filter view and JSON in the background, a chunk per lock hold."""
        shape = self.switches.get("custom_properties_shape")
        records = self.store.records()
        for start in range(0, len(records), chunk):
            if self._stopping:
                return
            with self.store.lock:
                for record in records[start:start + chunk]:
                    record.view()
                    record.to_json(shape)
            time.sleep(0)
        if hasattr(gc, "freeze"):
            gc.freeze()

    def reset_config(self) -> None:
        self.switches.reset()
        self.load.reset()
        self.agent.command_latency = self.options.command_latency
        self.agent.time_scale = self.options.time_scale
        self.api.max_command_length = self.options.max_command_length

    def set_online(self, record: SessionRecord, online: bool) -> None:
        for event in self.store.set_online(record, online):
            self.agent.queued(record.session_id, event)

    # ---- serving ---------------------------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self.httpd.server_address[1] if self.httpd else self.options.port

    @property
    def url(self) -> str:
        host = self.options.host
        if host in ("", "0.0.0.0", "::"):
            host = "127.0.0.1"
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d" % (self.scheme, host, self.port)

    @property
    def control_url(self) -> str:
        return self.url + CONTROL_PREFIX.rstrip("/")

    def bind(self) -> "Emulator":
        """Create the listening socket (port 0 picks a free port); TLS when ``options.https``."""
        if self.options.https:
            from .tls import ensure_certificate  # pylint: disable=import-outside-toplevel
            cert, key = ensure_certificate(self.options.cert_dir)
            self.cert_path = cert
            if not self.options.cert_dir:
                self._own_cert_dir = os.path.dirname(cert)
            self.ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ssl_context.load_cert_chain(cert, key)
        server_class = _Server6 if ":" in self.options.host else _Server
        self.httpd = server_class((self.options.host, self.options.port), _Handler)
        self.httpd.emulator = self
        return self

    def serve_forever(self) -> None:
        self.agent.start()
        assert self.httpd is not None
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self, warm: bool = True) -> "Emulator":
        """Bind and serve in a daemon thread (for tests and embedding)."""
        if self.httpd is None:
            self.bind()
        self._thread = threading.Thread(target=self.serve_forever, name="sc-emulator-http", daemon=True)
        self._thread.start()
        if warm:
            threading.Thread(target=self.warm_up, name="sc-emulator-warm-up", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping = True
        if self.httpd is not None:
            if self._thread is not None:
                self.httpd.shutdown()
                self._thread.join(5)
            self.httpd.server_close()
        self.agent.stop()
        if self._own_cert_dir:
            shutil.rmtree(self._own_cert_dir, ignore_errors=True)
            self._own_cert_dir = ""

    def __enter__(self) -> "Emulator":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    emulator: Emulator

    def get_request(self) -> Tuple[socket.socket, Any]:
        sock, address = super().get_request()
        context = self.emulator.ssl_context
        if context is not None:
            sock.settimeout(10)
            # the handshake happens on the first read, in the request thread, not in the accept loop
            sock = context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up are normal (timeouts, fault tests); anything else is printed."""
        if isinstance(sys.exc_info()[1], (ConnectionError, socket.timeout, ssl.SSLError)):
            return
        super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Abort(Exception):
    """Stop handling the request without a normal answer (the response was already dealt with)."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The headers and the body are two writes: with Nagle's algorithm the body waits for the client's delayed ACK
    # of the headers, about 40 ms on every request of a keep-alive connection after its first few.
    disable_nagle_algorithm = True
    server: _Server
    _status = 0
    _cors_origin = ""

    # ---- plumbing --------------------------------------------------------------------------------------------------
    def version_string(self) -> str:
        return "ScreenConnect/" + self.server.emulator.options.server_version

    def log_message(self, format: str, *args: Any) -> None:  # pylint: disable=redefined-builtin
        """Silence the default per-request stderr log; ``--log-requests`` uses ``_log`` instead."""

    def _log(self, status: int, started: float) -> None:
        if self.server.emulator.options.log_requests:
            path = urlsplit(self.path).path
            sys.stdout.write("%s %s %s %d %.1fms\n" % (self.client_address[0], self.command, path, status,
                                                       (time.monotonic() - started) * 1000))
            sys.stdout.flush()

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            self.close_connection = True
            return b""
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, body: bytes, content_type: str = JSON_TYPE,
              headers: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache, no-store" if content_type == JSON_TYPE else "private")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self._cors_origin and "Access-Control-Allow-Origin" not in (headers or {}):
            self.send_header("Access-Control-Allow-Origin", self._cors_origin)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self._status = status

    def _reset(self) -> None:
        """Drop the connection without an answer (RST)."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            self.connection.close()
        except OSError:
            pass
        self._status = 0

    def do_GET(self) -> None:  # pylint: disable=invalid-name
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    def _dispatch(self) -> None:
        started = time.monotonic()
        self._status = 0
        self._cors_origin = ""
        body = self._read_body()
        split = urlsplit(self.path)
        path = split.path
        try:
            if path.startswith(CONTROL_PREFIX):
                status, payload = control.handle(self.server.emulator, self.command,
                                                 [unquote(p) for p in path[len(CONTROL_PREFIX):].split("/") if p], body)
                self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            else:
                self._served(path, split.query, body)
        except _Abort:
            pass
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        self._log(self._status, started)

    # ---- the web-service pipeline ----------------------------------------------------------------------------------
    def _served(self, path: str, query: str, body: bytes) -> None:
        """One API request, counted as in flight while it is served (the latency included)."""
        emulator = self.server.emulator
        counters = emulator.counters
        counters.started()
        try:
            latency = emulator.load.request_latency
            if latency > 0:
                time.sleep(latency)  # in this request's thread, so that concurrent requests overlap as on a network
            self._api(path, query, body)
        finally:
            counters.finished()

    def _rate_limit(self, method: WebMethod) -> None:
        """Refuse the request when the client's bucket is empty: 429, or the loaded server's empty list."""
        emulator = self.server.emulator
        wait = emulator.load.take(self.client_address[0])
        if wait is None:
            return
        emulator.counters.rate_limited(method.name)
        if emulator.load.answer == "empty" and method.name in LIST_METHODS:
            self._send(200, b"[]")
        else:
            self._send(429, pages.status_page(429), HTML_TYPE, {"Retry-After": str(wait)})
        raise _Abort()

    def _api(self, path: str, query: str, body: bytes) -> None:
        emulator = self.server.emulator
        parts = path.split("/")
        # "", "App_Extensions", "<id>", "Service.ashx", "<Method>", ...
        if (len(parts) < 4 or parts[1].lower() != "app_extensions"
                or parts[2].lower() != emulator.options.extension_id.lower() or parts[3].lower() != "service.ashx"):
            self._send(404, pages.not_found(path), HTML_TYPE)
            return
        segments = [unquote(segment) for segment in parts[4:]]
        if segments and segments[-1] == "" and len(segments) > 1:
            segments.pop()
        method, used = lookup(self.command, segments)
        fault = None
        try:
            if method is None:
                raise argument_error("Web method does not exist")
            if self.command != "OPTIONS":
                emulator.counters.received(method.name)
                self._rate_limit(method)
            fault = emulator.faults.take(method.name) if self.command != "OPTIONS" else None
            if fault is not None:
                self._fault_before(fault, path)
            result = self._pipeline(method, segments[used:], query, body)
        except ApiError as exc:
            self._send(exc.status, exc.body(), exc.content_type, exc.headers)
            return
        if result is None:
            return  # preflight answered
        if fault is not None and fault.kind == "empty_list" and method.name in LIST_METHODS:
            result = b"[]"
        emulator.counters.applied(method.name)
        if fault is not None and fault.kind == "reset_after":
            self._reset()
            raise _Abort()
        if fault is not None and fault.kind == "truncated":
            self._truncated(result)
            raise _Abort()
        self._send(200, result)

    def _fault_before(self, fault: Any, path: str) -> None:
        kind = fault.kind
        if kind == "slow":
            time.sleep(fault.delay)
        elif kind == "html500":
            self._send(500, pages.runtime_error(path), HTML_TYPE)
            raise _Abort()
        elif kind == "status":
            plain = fault.body == "plain"
            self._send(fault.status, pages.status_page(fault.status, plain), "text/plain" if plain else HTML_TYPE)
            raise _Abort()
        elif kind == "rate_limit":
            self._send(429, pages.status_page(429), HTML_TYPE, {"Retry-After": str(fault.retry_after)})
            raise _Abort()
        elif kind == "reset_before":
            self._reset()
            raise _Abort()

    def _truncated(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(len(body) + 64))
        self.send_header("Cache-Control", "no-cache, no-store")
        self.end_headers()
        self.wfile.write(body[:len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        self._status = 200

    def _origin_allowed(self, origin: str) -> bool:
        if not origin:
            return False
        # reference 1.2 step 2: the framework allows the server's own origin; RESTfulAllowedOrigin is the
        # extension's own check (below, after the framework's gates), not a framework origin filter
        own = "%s://%s" % (self.server.emulator.scheme, (self.headers.get("Host") or "").lower())
        return origin.rstrip("/").lower() == own

    def _pipeline(self, method: WebMethod, path_args: List[str], query: str, body: bytes) -> Optional[bytes]:
        emulator = self.server.emulator
        options = emulator.options
        origin = self.headers.get("Origin") or ""
        allowed = self._origin_allowed(origin)
        if allowed:
            self._cors_origin = origin
        if self.command == "OPTIONS":
            if not allowed:
                raise ApiError("UnauthorizedAccessException", "Bad origin")
            self._send(200, b"", JSON_TYPE, {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": self.headers.get("Access-Control-Request-Headers") or "Content-Type, CTRLAuthHeader",
                "Access-Control-Max-Age": "600",
            })
            return None
        if self.command != "POST" and not method.read_only:
            raise argument_error("Web method only accepts POST requests")
        if not allowed and self.command == "POST":
            if not (self.headers.get("Content-Type") or "").lower().startswith("application/json"):
                raise ApiError("UnauthorizedAccessException", "Must request with json content type")
            if not method.read_only and emulator.switches.get("writes_without_origin") == "deny":
                raise ApiError("UnauthorizedAccessException", "Invalid anti-forgery token")
        # the extension layer runs after the framework's steps 3-5: RESTfulAllowedOrigin, then CTRLAuthHeader
        configured = options.allowed_origin.rstrip("/").lower()
        if configured and origin.rstrip("/").lower() != configured:
            status = int(emulator.switches.get("origin_mismatch_status"))
            raise ApiError("SecurityException" if status == 401 else "UnauthorizedAccessException", "Bad origin", status)
        if self.headers.get("CTRLAuthHeader") != options.secret:
            raise ApiError("SecurityException", options.auth_message,
                           headers={"WWW-Authenticate": 'Basic realm="ScreenConnect"'})
        args = bind_arguments(method, path_args, query, body, emulator.switches.get("session_type_names") == "accept")
        result = emulator.api.call(method.name, args)
        if result is None:
            result = b"null" if emulator.switches.get("void_body") == "null" else b""
        return result
