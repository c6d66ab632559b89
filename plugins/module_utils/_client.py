# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client for the RESTful API Manager extension, shared by every module and the inventory plugin.

PRIVATE to the collection: this file may change without notice.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
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
_MAX_RETRY_AFTER = 60.0
_POOL_SIZE = 50
_REDACTED = "********"
_EXCERPT = 300
_MIN_SAFE_VERSION = (23, 9, 8)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def is_read_method(method):
    """The server lets only methods whose first word is a read verb skip the write gates; for us: ``Get*``."""
    return method.startswith("Get")


def origin_of(url):
    """``scheme://host[:port]`` of a URL: the instance's own origin, which the server always allows."""
    parts = urlsplit(url)
    return "%s://%s" % (parts.scheme, parts.netloc.rsplit("@", 1)[-1])


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
        self._check_secret(self._secret)
        self.origin = origin or origin_of(self.base_url)
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.timeout = self._check_number(timeout, "timeout", minimum=0.001)
        self.retries = int(self._check_number(retries, "retries", minimum=0))
        self.backoff = backoff
        self.calls = 0
        self.server_version = None
        self.warnings = []
        self._sleep = sleep
        self._session = session
        self._lock = threading.Lock()
        self.service_url = "%s/App_Extensions/%s/Service.ashx/" % (self.base_url, self.extension_id)

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
    def _check_extension_id(extension_id):
        text = (extension_id or DEFAULT_EXTENSION_ID).strip().strip("/")
        if not _GUID.match(text):
            raise errors.ScreenConnectConfigError(
                "extension_id must be the GUID of the RESTful API Manager extension (default %s); got %r"
                % (DEFAULT_EXTENSION_ID, text))
        return text.lower()

    @staticmethod
    def _check_secret(secret):
        if not secret:
            raise errors.ScreenConnectConfigError(
                "secret is empty: set it to the RESTfulAuthenticationSecret of the RESTful API Manager extension")
        if "\r" in secret or "\n" in secret:
            raise errors.ScreenConnectConfigError("secret must not contain line breaks")
        try:
            secret.encode("latin-1")
        except UnicodeEncodeError:
            raise errors.ScreenConnectConfigError(
                "secret contains characters that cannot be sent in an HTTP header (only Latin-1 is possible)")

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
        return self._session

    def _headers(self):
        return {
            "CTRLAuthHeader": self._secret,
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Origin": self.origin,
            "User-Agent": "screenconnect.restapi/%s (Ansible collection)" % COLLECTION_VERSION,
        }

    def _delay(self, attempt, response=None):
        if response is not None:
            retry_after = _parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                return min(retry_after, _MAX_RETRY_AFTER)
        ceiling = self.backoff * (2 ** (attempt - 1))
        return random.uniform(ceiling / 2.0, ceiling)

    def call(self, method, params=(), session_id=None):
        """Call one extension method. Reads are retried per the rules above; writes are sent at most once."""
        session = self._get_session()
        read = is_read_method(method)
        url = self.service_url + method
        body = json.dumps(list(params)).encode("utf-8")
        verify = self.ca_path if (self.validate_certs and self.ca_path) else bool(self.validate_certs)
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
                error = self._transport_error(exc, method, url, read, session_id)
                if may_retry and (read or _never_sent(exc)) and not _is_certificate_error(exc):
                    self._sleep(self._delay(attempt))
                    continue
                raise error
            self._note_server_version(response)
            if response.status_code in _RETRY_STATUSES:
                if may_retry and (read or response.status_code == 429):
                    self._sleep(self._delay(attempt, response))
                    continue
                if not read and response.status_code != 429:
                    raise errors.ScreenConnectOutcomeUnknownError(
                        "%s for session %s: the server answered HTTP %d (%s), so it is unknown whether the change "
                        "was applied. It was not sent again; check the session before retrying."
                        % (method, session_id or "?", response.status_code, self._summary(response)),
                        method=method, status=response.status_code, session_id=session_id)
            return self._parse(method, url, response, attempt, session_id)

    def _transport_error(self, exc, method, url, read, session_id):
        detail = self._redact("%s: %s" % (type(exc).__name__, exc))
        if _is_certificate_error(exc):
            return errors.ScreenConnectTransportError(
                "TLS verification of %s failed calling %s (%s). Set ca_path to the CA bundle that signed the "
                "server's certificate, or validate_certs=false for a test server." % (self.base_url, method, detail),
                method=method)
        if not read and not _never_sent(exc):
            return errors.ScreenConnectOutcomeUnknownError(
                "%s for session %s: the request was sent to %s but no answer arrived (%s), so it is unknown whether "
                "the change was applied. It was not sent again; check the session before retrying."
                % (method, session_id or "?", url, detail), method=method, session_id=session_id)
        if isinstance(exc, requests.exceptions.Timeout):
            return errors.ScreenConnectTransportError(
                "Calling %s at %s timed out after %s seconds (%s); raise the timeout option for large answers."
                % (method, url, self.timeout, detail), method=method, session_id=session_id)
        return errors.ScreenConnectTransportError(
            "Could not reach ScreenConnect at %s calling %s (%s)." % (self.base_url, method, detail),
            method=method, session_id=session_id)

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


def _is_certificate_error(exc):
    if not HAS_REQUESTS:
        return False
    return any(isinstance(cause, requests.exceptions.SSLError) for cause in _causes(exc)) and \
        "certificate" in str(exc).lower()
