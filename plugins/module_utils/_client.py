# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client for the RESTful API Manager extension, shared by every module and the inventory plugin.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

import email.utils
import hashlib
import hmac
import ipaddress
import json
import os
import random
import re
import socket
import ssl
import threading
import time
import traceback

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors

try:
    import requests
    import urllib3
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by the import sanity test only
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, but keep the import sanity test quiet
    from urlparse import urlsplit  # type: ignore

COLLECTION_VERSION = "1.0.0"
DEFAULT_EXTENSION_ID = "2d558935-686a-4bd0-9991-07539f5fe749"
DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 3

# Statuses worth another try for a read. A write is retried only on 429, which the server's rate limiter answers
# before the method runs; a 502/503/504 may come from a proxy after the server has applied it.
_RETRY_STATUSES = (429, 502, 503, 504)
_POOL_SIZE = 200  # the most fan-out workers (_fanout.MAX_PARALLEL)
_REDACTED = "********"
_EXCERPT = 300
_MIN_SAFE_VERSION = (23, 9, 8)
# What a header value may carry (RFC 9110 field-vchar and inner spaces): visible ASCII and Latin-1 letters. Control
# characters (tab, NUL, DEL, C1) are refused because proxies and servers treat them differently.
_HEADER_SAFE = re.compile(r"^[\x21-\x7e\xa0-\xff](?:[\x20-\x7e\xa0-\xff]*[\x21-\x7e\xa0-\xff])?\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def is_read_method(method):
    """The server lets only methods whose first word is a read verb skip the write gates; for us: ``Get*``."""
    return method.startswith("Get")


def origin_of(url):
    """``scheme://host[:port]`` of a URL: the instance's own origin, which the server always allows."""
    parts = urlsplit(url)
    return "%s://%s" % (parts.scheme, parts.netloc.rsplit("@", 1)[-1])


def check_secret(secret, source="secret"):
    """Refuse a secret the header cannot carry as is. ``source`` names where it came from (the option, or the file
    of secret_file). The messages describe the problem, never the value."""
    if not isinstance(secret, str) or not secret:
        raise errors.ScreenConnectConfigError(
            "%s is empty: set it to the RESTfulAuthenticationSecret of the RESTful API Manager extension" % source)
    if _HEADER_SAFE.match(secret):
        return
    if secret != secret.strip():
        problem = "starts or ends with whitespace (often a line break copied with it); remove it"
    elif _CONTROL.search(secret):
        problem = "contains a control character (such as a tab, NUL or DEL)"
    else:
        problem = "contains characters outside Latin-1, which an HTTP header cannot carry"
    raise errors.ScreenConnectConfigError(
        "%s %s. It must be exactly the RESTfulAuthenticationSecret of the RESTful API Manager extension; "
        "the value is not shown." % (source, problem))


class ScreenConnectClient(object):
    """Calls extension methods by name with a list of positional parameters.

    ``call()`` returns the parsed JSON answer (``None`` for void methods, whether the server answers with an empty
    body or with ``null``) or raises a ``ScreenConnectError``.
    """

    def __init__(self, url, secret, origin=None, extension_id=DEFAULT_EXTENSION_ID, validate_certs=True,
                 ca_path=None, timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, backoff=0.5, session=None,
                 sleep=time.sleep):
        self._secret = secret or ""
        self.base_url = self._check_url(url)
        self.extension_id = self._check_extension_id(extension_id)
        check_secret(self._secret)
        self.origin = self._check_origin(origin) if origin else origin_of(self.base_url)
        self.validate_certs = validate_certs
        self.ca_path = self._check_ca_path(ca_path) if validate_certs else ca_path
        self.timeout = self._check_number(timeout, "timeout", minimum=0.001)
        self.retries = int(self._check_number(retries, "retries", minimum=0))
        self.backoff = backoff
        self.calls = 0
        self.server_version = None
        self.warnings = []
        if _sends_secret_in_clear(self.base_url):
            self.warnings.append(
                "url %s is http:// to a host that is not loopback: the secret, which grants command execution on "
                "every guest, crosses the network unencrypted. Use https://." % self.base_url)
        self._sleep = sleep
        self._session = session
        self._verify = None  # what requests would pass as verify, settled with the environment (_settle_environment)
        self._lock = threading.Lock()
        self.service_url = "%s/App_Extensions/%s/Service.ashx/" % (self.base_url, self.extension_id)

    def fingerprint(self):
        """HMAC-SHA256 keyed by the secret over the service URL (url and extension id).

        It tells secrets and servers apart (in cache keys) without containing the secret. Unlike a plain hash it is
        not the same for one secret on every server, so it cannot be looked up in a precomputed table.
        """
        return hmac.new(self._secret.encode("utf-8"), self.service_url.encode("utf-8"), hashlib.sha256).hexdigest()

    # -- validation, before any request -------------------------------------------------------------------------

    @staticmethod
    def _check_url(url):
        text = (url or "").strip()
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise errors.ScreenConnectConfigError(
                "url must be the http:// or https:// address of the ScreenConnect server, e.g. "
                "https://support.example.com or http://server:8040; got %r" % text)
        if "@" in parts.netloc:
            raise errors.ScreenConnectConfigError(
                "url must not contain credentials; the extension authenticates with the secret option only")
        if parts.query or parts.fragment:
            raise errors.ScreenConnectConfigError("url must not contain a query string or fragment; got %r" % text)
        return text.rstrip("/")

    @staticmethod
    def _check_origin(origin):
        """An origin is scheme://host[:port]; anything else never matches RESTfulAllowedOrigin and every call would
        be refused, or it would put stray text into a header."""
        text = str(origin).strip()
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or \
                parts.query or parts.fragment or "@" in parts.netloc or _CONTROL.search(text):
            # text with control characters may be a header injection carrying anything: not echoed
            shown = "a value with control characters" if _CONTROL.search(text) else repr(text)
            raise errors.ScreenConnectConfigError(
                "origin must be scheme://host[:port] such as https://support.example.com, as in the extension's "
                "RESTfulAllowedOrigin setting; got %s" % shown)
        return text.rstrip("/")

    @staticmethod
    def _check_extension_id(extension_id):
        text = (extension_id or DEFAULT_EXTENSION_ID).strip().strip("/")
        if not _GUID.match(text):
            raise errors.ScreenConnectConfigError(
                "extension_id must be the GUID of the RESTful API Manager extension (default %s); got %r"
                % (DEFAULT_EXTENSION_ID, text))
        return text.lower()

    @staticmethod
    def _check_ca_path(ca_path):
        """A CA bundle that cannot be read is a configuration error, named now instead of failing each request."""
        if not ca_path:
            return ca_path
        if not os.path.exists(ca_path):
            raise errors.ScreenConnectConfigError("ca_path %s does not exist" % ca_path)
        if not os.access(ca_path, os.R_OK) or not (os.path.isfile(ca_path) or os.path.isdir(ca_path)):
            raise errors.ScreenConnectConfigError("ca_path %s is not a readable file or directory" % ca_path)
        return ca_path

    @staticmethod
    def _check_number(value, name, minimum):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise errors.ScreenConnectConfigError("%s must be a number; got %r" % (name, value))
        if number < minimum:
            raise errors.ScreenConnectConfigError("%s must be at least %s; got %r" % (name, minimum, value))
        return number

    # -- transport ------------------------------------------------------------------------------------------------

    def _redact(self, text):
        text = "" if text is None else str(text)
        if self._secret:
            text = text.replace(self._secret, _REDACTED)
        return text

    def _get_session(self):
        if not HAS_REQUESTS:
            raise errors.ScreenConnectConfigError("the Python library 'requests' is required but not installed")
        if self._session is None:
            self._session = requests.Session()
            # Fan-out modules share one client across threads; keep a connection per worker instead of
            # discarding pooled connections (and warning) above urllib3's default of 10.
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=_POOL_SIZE)
            self._session.mount("https://", adapter)
            self._session.mount("http://", adapter)
            if not self.validate_certs:
                # The user opted out of verification; one warning per request on stderr adds nothing.
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            self._settle_environment()
        return self._session

    def _configured_verify(self):
        return self.ca_path if (self.validate_certs and self.ca_path) else bool(self.validate_certs)

    def _settle_environment(self):
        """Resolve once what requests reads from the environment on every request otherwise.

        requests scans the proxy variables twice and looks for ~/.netrc for each request; a fan-out sends thousands
        of requests to this one host (a quarter of the CPU of a 100-session fan-out went there). The result is
        the same: the proxies, the CA bundle variables and the .netrc entry for this host, as requests finds them.
        """
        settings = self._session.merge_environment_settings(self.service_url, {}, None, self._configured_verify(), None)
        self._session.proxies.update(settings["proxies"])
        self._session.auth = requests.utils.get_netrc_auth(self.service_url)
        self._session.trust_env = False
        self._verify = settings["verify"]

    def wrap_transport(self, wrap):
        """Send every request through ``wrap(session)`` (the fan-out's shared rate control, _pacing)."""
        self._session = wrap(self._get_session())

    def _headers(self):
        return {
            "CTRLAuthHeader": self._secret,
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Origin": self.origin,
            "User-Agent": "screenconnect.restapi/%s (Ansible collection)" % COLLECTION_VERSION,
        }

    @property
    def budget(self):
        """Seconds one call may take from its first request: ``timeout`` for each of its ``retries + 1`` attempts."""
        return self.timeout * (self.retries + 1)

    def backoff_delay(self, attempt):
        """Seconds to wait before attempt ``attempt + 1``: jittered exponential backoff from ``backoff``."""
        ceiling = self.backoff * (2 ** (attempt - 1))
        return random.uniform(ceiling / 2.0, ceiling)

    def _wait_within(self, deadline, seconds):
        """Sleep before the next attempt when the wait ends before the deadline; False (no sleep) otherwise."""
        if time.monotonic() + seconds > deadline:
            return False
        self._sleep(seconds)
        return True

    def call(self, method, params=(), session_id=None):
        """Call one extension method. Reads are retried per the rules above; writes are sent at most once."""
        session = self._get_session()
        read = is_read_method(method)
        url = self.service_url + method
        body = json.dumps(list(params)).encode("utf-8")
        verify = self._configured_verify() if self._verify is None else self._verify
        deadline = time.monotonic() + self.budget
        attempt = 0
        while True:
            attempt += 1
            may_retry = attempt <= self.retries
            try:
                with self._lock:
                    self.calls += 1
                response = session.post(url, data=body, headers=self._headers(), timeout=self.timeout,
                                        verify=verify, allow_redirects=False)
            except Exception as exc:  # requests raises many types; each is classified below
                if _quotes_headers(exc):
                    raise errors.ScreenConnectConfigError(
                        "The request for %s could not be sent: %s was raised while the headers were prepared (its "
                        "text is not shown because it may quote the secret). Check the secret and origin options."
                        % (method, type(exc).__name__), method=method)
                error = self._transport_error(exc, method, read, session_id, attempt)
                if may_retry and (read or _never_sent(exc)) and not _is_tls_error(exc) and \
                        self._wait_within(deadline, self.backoff_delay(attempt)):
                    continue
                raise error
            self._note_server_version(response)
            if response.status_code in _RETRY_STATUSES:
                retry_after = None
                if response.status_code == 429:
                    retry_after = _parse_retry_after(response.headers.get("Retry-After"))
                if may_retry and (read or response.status_code == 429):
                    wait = self.backoff_delay(attempt) if retry_after is None else retry_after
                    if self._wait_within(deadline, wait):
                        continue
                    if retry_after is not None:
                        raise self._rate_limited(method, session_id, retry_after, deadline)
                if response.status_code == 429 and retry_after is not None:
                    raise self._rate_limited(method, session_id, retry_after, None)
                if not read and response.status_code != 429:
                    raise errors.ScreenConnectOutcomeUnknownError(
                        "%s for session %s: the server answered HTTP %d (%s), so it is unknown whether the change "
                        "was applied. It was not sent again; check the session before retrying."
                        % (method, session_id or "?", response.status_code, self._summary(response)),
                        method=method, status=response.status_code, session_id=session_id)
            return self._parse(method, url, response, attempt, session_id)

    def _rate_limited(self, method, session_id, retry_after, deadline):
        if deadline is None:
            why = "retries is %d" % self.retries
        else:
            why = "which is more than the %.0f s left of this call's time budget (timeout x (retries + 1) = %g s)" \
                % (max(0.0, deadline - time.monotonic()), self.budget)
        return errors.ScreenConnectServerError(
            "ScreenConnect rate limited %s (HTTP 429): the server asked to wait %s s, %s, so it was not tried again "
            "and nothing was changed. Try later, or raise timeout or retries to wait for it."
            % (method, _seconds(retry_after), why), method=method, status=429, session_id=session_id)

    def _transport_error(self, exc, method, read, session_id, attempts):
        where = self._netloc()
        tried = " Tried %d times." % attempts if attempts > 1 else ""
        if _is_tls_error(exc):
            reason = _tls_reason(exc)
            if _is_plain_http_answer(exc):
                return errors.ScreenConnectTransportError(
                    "url is https:// but %s does not speak TLS (calling %s, the handshake got a plain HTTP answer: "
                    "%s). Use http:// in url if the server has no TLS, or the port of its https binding."
                    % (where, method, reason), method=method, session_id=session_id)
            if _is_certificate_error(exc):
                return errors.ScreenConnectTransportError(
                    "TLS verification of %s failed calling %s (%s). Set ca_path to the CA bundle that signed the "
                    "server's certificate, or validate_certs=false for a test server."
                    % (self.base_url, method, reason), method=method, session_id=session_id)
            return errors.ScreenConnectTransportError(
                "The TLS handshake with %s failed calling %s (%s). Check that url names the server's https "
                "binding and that it supports TLS 1.2 or later." % (where, method, reason),
                method=method, session_id=session_id)
        reason = self._redact(_reason(exc))
        if not read and not _never_sent(exc):
            return errors.ScreenConnectOutcomeUnknownError(
                "%s for session %s: the request was sent to %s but no answer arrived (%s), so it is unknown whether "
                "the change was applied. It was not sent again; check the session before retrying."
                % (method, session_id or "?", where, reason), method=method, session_id=session_id)
        if _is_connect_timeout(exc):
            return errors.ScreenConnectTransportError(
                "Connecting to %s timed out after %g s calling %s. Check url (host and port) and any firewall in "
                "between, or raise timeout.%s" % (where, self.timeout, method, tried),
                method=method, session_id=session_id)
        if isinstance(exc, requests.exceptions.Timeout):
            return errors.ScreenConnectTransportError(
                "Calling %s at %s timed out after %g s waiting for the answer; raise timeout for large answers (a "
                "filter over many thousands of sessions), or narrow the filter.%s"
                % (method, where, self.timeout, tried),
                method=method, session_id=session_id)
        if _has_cause(exc, ConnectionRefusedError):
            return errors.ScreenConnectTransportError(
                "Could not connect to %s calling %s: connection refused. Check url (host and port) and that the "
                "ScreenConnect server is running.%s" % (where, method, tried), method=method, session_id=session_id)
        if _has_cause(exc, socket.gaierror):
            return errors.ScreenConnectTransportError(
                "Could not connect to %s calling %s: the host name does not resolve (%s). Check url.%s"
                % (where, method, reason, tried), method=method, session_id=session_id)
        return errors.ScreenConnectTransportError(
            "Could not reach ScreenConnect at %s calling %s: %s.%s" % (where, method, reason, tried),
            method=method, session_id=session_id)

    def _netloc(self):
        parts = urlsplit(self.base_url)
        return "%s:%s" % (parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80))

    def _note_server_version(self, response):
        if self.server_version is not None:
            return
        match = re.search(r"ScreenConnect/([0-9.]+)", response.headers.get("Server", ""))
        if not match:
            return
        self.server_version = match.group(1)
        try:
            version = tuple(int(part) for part in self.server_version.split(".")[:3])
        except ValueError:
            return
        if version < _MIN_SAFE_VERSION:
            self.warnings.append(
                "ScreenConnect %s is older than 23.9.8 and affected by CVE-2024-1709 and CVE-2024-1708; treat the "
                "extension secret as exposed and upgrade the server." % self.server_version)

    # -- answers --------------------------------------------------------------------------------------------------

    def _text(self, response):
        return response.content.decode("utf-8-sig", errors="replace")

    def _summary(self, response):
        """A short, secret-free description of an error body: the envelope message or an HTML page's title."""
        text = self._text(response).strip()
        envelope = _envelope(text)
        if envelope:
            return self._redact("%s: %s" % (envelope.get("errorType") or "error", envelope.get("message") or ""))
        if text.startswith("<"):
            title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
            heading = re.search(r"<h2>\s*<i>(.*?)</i>", text, re.IGNORECASE | re.DOTALL)
            parts = [_strip_tags(match.group(1)) for match in (title, heading) if match]
            return self._redact("HTML page: %s" % " - ".join(parts) if parts else "HTML page")
        return self._redact(text[:_EXCERPT] or "empty body")

    def _parse(self, method, url, response, attempts, session_id):
        status = response.status_code
        if 200 <= status < 300:
            return self._parse_json(method, response)
        text = self._text(response).strip()
        envelope = _envelope(text) or {}
        error_type = envelope.get("errorType")
        server_message = self._redact(envelope.get("message")) if envelope.get("message") is not None else None
        summary = self._summary(response)
        kwargs = dict(method=method, status=status, session_id=session_id, error_type=error_type,
                      server_message=server_message)
        if status == 401:
            error = errors.ScreenConnectAuthError(
                "ScreenConnect rejected the request (HTTP 401, %s) calling %s: the secret option must equal the "
                "RESTfulAuthenticationSecret setting of the RESTful API Manager extension (and, if its "
                "RESTfulAllowedOrigin setting is set, the origin option must equal that; %s was sent)."
                % (summary, method, self.origin), **kwargs)
        elif status == 403:
            error = errors.ScreenConnectForbiddenError(
                "ScreenConnect refused the request (HTTP 403, %s) calling %s with Origin %s. If the extension's "
                "RESTfulAllowedOrigin setting is set, the origin option must equal it; otherwise leave origin unset "
                "so the server's own origin is sent, which also passes the content-type and anti-forgery checks."
                % (summary, method, self.origin), **kwargs)
        elif status == 404:
            error = errors.ScreenConnectNotFoundError(
                "ScreenConnect answered HTTP 404 (%s) for %s: the RESTful API Manager extension is not installed "
                "on that server, or url or extension_id is wrong (the extension's id is %s)."
                % (summary, url, DEFAULT_EXTENSION_ID), **kwargs)
        else:
            hint = ""
            if server_message == "Web method does not exist":
                hint = (" The installed RESTful API Manager does not provide %s; update the extension "
                        "(AddNoteToSession needs 1.0.6 or later)." % method)
            elif status in _RETRY_STATUSES and attempts > 1:
                hint = " Gave up after %d attempts." % attempts
            error = errors.ScreenConnectServerError(
                "ScreenConnect returned HTTP %d calling %s: %s.%s" % (status, method, summary, hint), **kwargs)
        raise error

    def _parse_json(self, method, response):
        text = self._text(response)
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except ValueError as exc:
            stripped = text.lstrip()
            if stripped.startswith("<"):
                problem = ("an HTML page instead of JSON (%s); check that url is the ScreenConnect server's "
                           "address" % self._summary(response))
            else:
                problem = "invalid or truncated JSON (%s, %d bytes)" % (exc, len(response.content))
            raise errors.ScreenConnectResponseError(
                "ScreenConnect answered %s with %s." % (method, problem), method=method, status=response.status_code)


def _envelope(text):
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict) and ("errorType" in data or "message" in data):
        return data
    return None


def _strip_tags(text):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def _parse_retry_after(value):
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return max(0.0, parsed.timestamp() - time.time())


def _causes(exc):
    """The exception and what it wraps (requests -> urllib3 MaxRetryError -> reason)."""
    seen = []
    stack = [exc]
    while stack and len(seen) < 10:
        current = stack.pop()
        if not isinstance(current, BaseException) or any(current is item for item in seen):
            continue
        seen.append(current)
        stack.extend([getattr(current, "reason", None), current.__cause__, current.__context__])
        stack.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))
    return seen


def _never_sent(exc):
    """True only when the request certainly did not reach the server (no connection was established)."""
    if not HAS_REQUESTS:
        return False
    for cause in _causes(exc):
        if isinstance(cause, (requests.exceptions.ConnectTimeout, urllib3.exceptions.NewConnectionError,
                              urllib3.exceptions.ConnectTimeoutError)):
            return True
    return False


def _quotes_headers(exc):
    """requests' InvalidHeader, and anything that is not a transport error (http.client's ValueError for a header,
    an encoding error), come from preparing the headers and their text may quote a header value."""
    if not HAS_REQUESTS:
        return True
    return isinstance(exc, requests.exceptions.InvalidHeader) or \
        not isinstance(exc, (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError))


def _has_cause(exc, kind):
    return any(isinstance(cause, kind) for cause in _causes(exc))


def _is_connect_timeout(exc):
    if not HAS_REQUESTS:
        return False
    return isinstance(exc, requests.exceptions.ConnectTimeout) or \
        _has_cause(exc, urllib3.exceptions.ConnectTimeoutError) and not _has_cause(exc, OSError)


def _is_tls_error(exc):
    if not HAS_REQUESTS:
        return False
    return _has_cause(exc, (requests.exceptions.SSLError, urllib3.exceptions.SSLError, ssl.SSLError))


def _tls_text(exc):
    return " ".join(str(cause) for cause in _causes(exc)).lower()


def _is_certificate_error(exc):
    return _is_tls_error(exc) and "certificate" in _tls_text(exc)


def _is_plain_http_answer(exc):
    """OpenSSL's words for a server that answered the ClientHello with plain HTTP (they vary between versions)."""
    text = _tls_text(exc)
    return any(words in text for words in ("wrong version number", "record layer failure", "http request",
                                           "unknown protocol", "packet length too long"))


def _tls_reason(exc):
    """OpenSSL's reason (e.g. "certificate verify failed: self-signed certificate"), without the urllib3 chain."""
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLError):
            text = getattr(cause, "verify_message", None)
            reason = getattr(cause, "reason", None)
            if text:
                return "certificate verify failed: %s" % text
            if reason:
                return str(reason).replace("_", " ").lower()
    match = re.search(r"\] ([^(\]\[]+?)(?: \(_ssl\.c:\d+\))", _tls_text(exc))
    return match.group(1) if match else "TLS error"


def _reason(exc):
    """The root cause in a few words (e.g. "Connection reset by peer"), without urllib3's pool and retry chain."""
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, OSError) and not isinstance(cause, getattr(requests, "RequestException", ())) and \
                getattr(cause, "strerror", None):
            return cause.strerror
    for cause in reversed(causes):
        text = re.sub(r"<[^<>]* object at 0x[0-9a-f]+>: ", "", str(cause))
        if "Max retries exceeded" not in text and text:
            return "%s: %s" % (type(cause).__name__, text[:_EXCERPT])
    return type(exc).__name__


def _seconds(value):
    return "%d" % value if float(value).is_integer() else "%.1f" % value


def _sends_secret_in_clear(url):
    parts = urlsplit(url)
    if parts.scheme.lower() != "http":
        return False
    host = (parts.hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True
