# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared client against a real emulator process: every error class, the retry rules, tolerant parsing."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._api import ScreenConnectAPI
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import (
    COLLECTION_VERSION,
    DEFAULT_EXTENSION_ID,
    ScreenConnectClient,
    origin_of,
)
from ansible_collections.screenconnect.restapi.tests.unit.conftest import Emulator, emulator_fixture

try:
    from http.server import BaseHTTPRequestHandler, HTTPServer
except ImportError:  # pragma: no cover
    pass


class Sleeps(list):
    """Records the delays the client asks for instead of sleeping."""

    def __call__(self, seconds):
        self.append(seconds)


def make_client(emulator, **kwargs):
    options = dict(url=emulator.url, secret=emulator.secret, retries=3, backoff=0.01, sleep=Sleeps())
    options.update(kwargs)
    return ScreenConnectClient(**options)


def any_session_id(emulator):
    client = make_client(emulator)
    return client.call("GetSessionsByFilter", ["SessionType = 'Access'"])[0]["SessionID"]


def assert_secret_absent(secret, exc):
    texts = [str(exc), repr(exc.args), json.dumps(exc.to_fail_json(), default=str)]
    for text in texts:
        assert secret not in text


# -- configuration errors happen before any request -----------------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://sc.example.com", "sc.example.com", "https://", "", "https://u:p@sc.example.com",
                                 "https://sc.example.com/?x=1"])
def test_bad_url_is_refused_before_any_request(url):
    with pytest.raises(errors.ScreenConnectConfigError) as info:
        ScreenConnectClient(url=url, secret="s")
    assert "url" in str(info.value)


@pytest.mark.parametrize("options, word", [
    (dict(secret=""), "secret"),
    (dict(secret="a\nb"), "secret"),
    (dict(secret="s", extension_id="not-a-guid"), "extension_id"),
    (dict(secret="s", timeout="soon"), "timeout"),
    (dict(secret="s", retries=-1), "retries"),
])
def test_bad_options_name_the_option(options, word):
    with pytest.raises(errors.ScreenConnectConfigError) as info:
        ScreenConnectClient(url="https://sc.example.com", **options)
    assert word in str(info.value)


def test_service_url_tolerates_trailing_slashes_and_uses_default_extension():
    client = ScreenConnectClient(url="https://sc.example.com:8040///", secret="s")
    assert client.service_url == "https://sc.example.com:8040/App_Extensions/%s/Service.ashx/" % DEFAULT_EXTENSION_ID
    assert client.origin == "https://sc.example.com:8040"


def test_origin_of_keeps_port_and_drops_path():
    assert origin_of("http://host:8040/some/path") == "http://host:8040"
    assert origin_of("https://support.example.com") == "https://support.example.com"


# -- what goes on the wire ------------------------------------------------------------------------------------------

class _Capture(BaseHTTPRequestHandler):
    requests = []
    answer = b"[]"

    def do_POST(self):  # noqa: N802 - the stdlib's name
        length = int(self.headers.get("Content-Length", "0"))
        self.requests.append(dict(method="POST", path=self.path, headers=dict(self.headers),
                                  body=self.rfile.read(length)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def capture_server():
    _Capture.requests = []
    _Capture.answer = b"[]"
    server = HTTPServer(("127.0.0.1", 0), _Capture)
    thread = threading.Thread(target=server.serve_forever)
    thread.daemon = True
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_port, _Capture.requests
    server.shutdown()
    server.server_close()


def test_request_shape_headers_and_body(capture_server):
    url, seen = capture_server
    client = ScreenConnectClient(url=url + "/", secret="wire-secret")
    assert client.call("GetSessionsByName", ["O'Brien \u2713"]) == []
    request = seen[0]
    assert request["method"] == "POST"
    assert request["path"] == "/App_Extensions/%s/Service.ashx/GetSessionsByName" % DEFAULT_EXTENSION_ID
    assert request["headers"]["CTRLAuthHeader"] == "wire-secret"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert request["headers"]["Origin"] == url
    assert request["headers"]["User-Agent"].startswith("screenconnect.restapi/%s" % COLLECTION_VERSION)
    assert json.loads(request["body"]) == ["O'Brien \u2713"]


def test_configured_origin_is_sent(capture_server):
    url, seen = capture_server
    ScreenConnectClient(url=url, secret="s", origin="https://portal.example.com").call("GetSessionsByName", ["x"])
    assert seen[0]["headers"]["Origin"] == "https://portal.example.com"


@pytest.mark.parametrize("answer, words", [
    (b'[{"SessionID": "25950dd7-0230-4a72', "invalid or truncated JSON"),
    (b"<html><head><title>Sign in</title></head><body>login</body></html>", "HTML page instead of JSON"),
])
def test_a_200_answer_that_is_not_json_is_a_response_error(capture_server, answer, words):
    url, seen = capture_server
    _Capture.answer = answer
    with pytest.raises(errors.ScreenConnectResponseError) as info:
        ScreenConnectClient(url=url, secret="s", retries=3).call("GetSessionsByFilter", ["x"])
    assert words in str(info.value)
    assert len(seen) == 1, "a well-formed answer with bad content is not transient"


@pytest.mark.parametrize("answer", [b"", b"null", b"\xef\xbb\xbfnull"])
def test_void_answers_in_every_form_are_none(capture_server, answer):
    url, seen = capture_server
    _Capture.answer = answer
    assert ScreenConnectClient(url=url, secret="s").call("AddNoteToSession", ["x", "y"]) is None


# -- answers from the emulator --------------------------------------------------------------------------------------

def test_read_returns_sessions_as_the_server_sent_them(emulator):
    sessions = make_client(emulator).call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert sessions and all(session["SessionType"] == 2 for session in sessions)
    assert all(len(session["CustomPropertyValues"]) == 8 for session in sessions)


@pytest.mark.parametrize("void_body", ["empty", "null"])
def test_void_methods_return_none_for_empty_body_and_null(emulator, void_body):
    session_id = any_session_id(emulator)
    emulator.config(void_body=void_body)
    assert make_client(emulator).call("UpdateSessionName", [session_id, "renamed"], session_id=session_id) is None
    assert ScreenConnectAPI(make_client(emulator)).get_session(session_id)["Name"] == "renamed"


def test_unknown_session_id_reads_as_none(emulator):
    api = ScreenConnectAPI(make_client(emulator))
    assert api.get_session("00000000-0000-0000-0000-000000000001") is None


def test_wrong_secret_is_401_naming_the_setting(emulator):
    secret = "the-wrong-secret-value-123"
    client = make_client(emulator, secret=secret)
    with pytest.raises(errors.ScreenConnectAuthError) as info:
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert info.value.status == 401
    assert "RESTfulAuthenticationSecret" in str(info.value)
    assert_secret_absent(secret, info.value)
    assert_secret_absent(emulator.secret, info.value)


def test_wrong_extension_id_is_404_with_hint(emulator):
    client = make_client(emulator, extension_id="11111111-2222-3333-4444-555555555555")
    with pytest.raises(errors.ScreenConnectNotFoundError) as info:
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert info.value.status == 404
    assert "not installed" in str(info.value)
    assert "resource cannot be found" in str(info.value).lower()


def test_unknown_method_shows_envelope_and_extension_hint(emulator):
    with pytest.raises(errors.ScreenConnectServerError) as info:
        make_client(emulator).call("GetSessionsByColour", ["red"])
    assert info.value.status == 500
    assert info.value.error_type == "ArgumentException"
    assert info.value.server_message == "Web method does not exist"
    assert "update the extension" in str(info.value)


def test_filter_syntax_error_carries_server_message(emulator):
    with pytest.raises(errors.ScreenConnectServerError) as info:
        make_client(emulator).call("GetSessionsByFilter", ["Name = = 'x'"])
    assert info.value.status == 500
    assert info.value.server_message


restricted_emulator = emulator_fixture("--sessions", "5", "--seed", "3", "--allowed-origin", "https://portal.example.com",
                                       doc="An instance whose RESTfulAllowedOrigin is set.")


def test_origin_not_allowed_is_refused_with_hint(restricted_emulator):
    client = make_client(restricted_emulator, origin="https://evil.example.com")
    with pytest.raises((errors.ScreenConnectForbiddenError, errors.ScreenConnectAuthError)) as info:
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert info.value.status in (401, 403)
    assert "RESTfulAllowedOrigin" in str(info.value)


def test_origin_refused_with_401_reading_still_names_both_settings(restricted_emulator):
    restricted_emulator.config(origin_mismatch_status="401")
    try:
        with pytest.raises(errors.ScreenConnectAuthError) as info:
            make_client(restricted_emulator, origin="https://evil.example.com").call("GetSessionsByName", ["x"])
    finally:
        restricted_emulator.reset()
    assert "RESTfulAuthenticationSecret" in str(info.value) and "RESTfulAllowedOrigin" in str(info.value)


def test_configured_allowed_origin_passes(restricted_emulator):
    client = make_client(restricted_emulator, origin="https://portal.example.com")
    assert client.call("GetSessionsByFilter", ["SessionType = 'Access'"])


def test_html_error_page_is_summarised(emulator):
    emulator.fault(method="GetSessionsByFilter", kind="html500", count=5)
    with pytest.raises(errors.ScreenConnectServerError) as info:
        make_client(emulator, retries=0).call("GetSessionsByFilter", ["SessionType = 'Access'"])
    message = str(info.value)
    assert "HTML page" in message and "<html" not in message.lower()


def test_connection_refused_is_a_transport_error():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = ScreenConnectClient(url="http://127.0.0.1:%d" % port, secret="s", retries=2, backoff=0.01, sleep=Sleeps())
    with pytest.raises(errors.ScreenConnectTransportError) as info:
        client.call("GetSessionsByFilter", ["x"])
    assert not isinstance(info.value, errors.ScreenConnectOutcomeUnknownError)
    assert client.calls == 3


def test_write_that_could_not_connect_is_retried_safely():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = ScreenConnectClient(url="http://127.0.0.1:%d" % port, secret="s", retries=1, backoff=0.01, sleep=Sleeps())
    with pytest.raises(errors.ScreenConnectTransportError) as info:
        client.call("UpdateSessionName", ["x", "y"])
    assert not isinstance(info.value, errors.ScreenConnectOutcomeUnknownError)
    assert client.calls == 2


def test_read_timeout(emulator):
    emulator.fault(method="GetSessionsByFilter", kind="slow", delay=2.0, count=1)
    client = make_client(emulator, timeout=0.3, retries=0)
    with pytest.raises(errors.ScreenConnectTransportError) as info:
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert "timed out" in str(info.value)


https_emulator = emulator_fixture("--sessions", "3", "--seed", "5", "--https",
                                  doc="An instance serving HTTPS with a self-signed certificate (the emulator makes it with openssl).")


def test_https_certificate_is_verified_by_default(https_emulator):
    client = make_client(https_emulator)
    assert client.base_url.startswith("https://")
    with pytest.raises(errors.ScreenConnectTransportError) as info:
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert "ca_path" in str(info.value) and "validate_certs" in str(info.value)
    assert client.calls == 1, "a certificate failure is not transient and must not be retried"


def test_https_with_ca_path(https_emulator):
    client = make_client(https_emulator, ca_path=https_emulator.info["cert_path"])
    assert client.call("GetSessionsByFilter", ["SessionType = 'Access'"])


def test_https_without_verification(https_emulator):
    client = make_client(https_emulator, validate_certs=False)
    assert client.call("GetSessionsByFilter", ["SessionType = 'Access'"])


# -- retry rules ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", [
    dict(kind="status", status=503), dict(kind="status", status=502), dict(kind="status", status=504),
    dict(kind="reset_before"), dict(kind="truncated"),
])
def test_reads_are_retried_after_transient_failures(emulator, fault):
    emulator.fault(method="GetSessionsByFilter", count=2, **fault)
    client = make_client(emulator)
    assert client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert emulator.calls("GetSessionsByFilter")["received"] == 3
    assert len(client._sleep) == 2


def test_rate_limit_honours_retry_after(emulator):
    emulator.fault(method="GetSessionsByFilter", kind="rate_limit", retry_after=4, count=1)
    client = make_client(emulator)
    assert client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert client._sleep == [4.0]


def test_reads_give_up_after_retries(emulator):
    emulator.fault(method="GetSessionsByFilter", kind="status", status=503)
    client = make_client(emulator, retries=2)
    with pytest.raises(errors.ScreenConnectServerError) as info:
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert info.value.status == 503
    assert "3 attempts" in str(info.value)
    assert emulator.calls("GetSessionsByFilter")["received"] == 3


@pytest.mark.parametrize("fault", [
    dict(kind="status", status=503), dict(kind="status", status=502), dict(kind="reset_after"),
    dict(kind="reset_before"), dict(kind="truncated"), dict(kind="slow", delay=1.5),
])
def test_writes_are_never_sent_twice(emulator, fault):
    session_id = any_session_id(emulator)
    emulator.fault(method="UpdateSessionName", count=1, **fault)
    client = make_client(emulator, timeout=0.5)
    with pytest.raises(errors.ScreenConnectOutcomeUnknownError) as info:
        client.call("UpdateSessionName", [session_id, "once"], session_id=session_id)
    assert session_id in str(info.value)
    assert "UpdateSessionName" in str(info.value)
    assert emulator.calls("UpdateSessionName")["received"] == 1
    assert client.calls == 1


def test_write_reset_after_apply_reports_unknown_but_was_applied_once(emulator):
    session_id = any_session_id(emulator)
    emulator.fault(method="AddNoteToSession", kind="reset_after", count=1)
    with pytest.raises(errors.ScreenConnectOutcomeUnknownError):
        make_client(emulator).call("AddNoteToSession", [session_id, "exactly once"], session_id=session_id)
    assert emulator.calls("AddNoteToSession") == {"received": 1, "applied": 1}


def test_write_rate_limited_is_retried_because_it_was_not_run(emulator):
    session_id = any_session_id(emulator)
    emulator.fault(method="UpdateSessionName", kind="rate_limit", retry_after=1, count=1)
    client = make_client(emulator)
    client.call("UpdateSessionName", [session_id, "after 429"], session_id=session_id)
    assert emulator.calls("UpdateSessionName")["applied"] == 1
    assert client._sleep == [1.0]


# -- the secret never leaks -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", [None, dict(kind="html500"), dict(kind="status", status=503),
                                   dict(kind="truncated"), dict(kind="reset_after")])
def test_secret_is_absent_from_every_error(emulator, fault):
    secret = emulator.secret
    session_id = any_session_id(emulator)
    if fault:
        emulator.fault(method="*", count=10, **fault)
    client = make_client(emulator, retries=0)
    for method, params in (("GetSessionsByFilter", ["Name = = 1"]), ("UpdateSessionName", [session_id, secret])):
        try:
            client.call(method, params, session_id=session_id)
        except errors.ScreenConnectError as exc:
            assert_secret_absent(secret, exc)


def test_server_text_echoing_the_secret_is_redacted(emulator):
    secret = emulator.secret
    with pytest.raises(errors.ScreenConnectServerError) as info:
        make_client(emulator).call("GetSessionsByFilter", ["Name = '%s' AND" % secret])
    assert_secret_absent(secret, info.value)


# -- issue 8: odd secrets, time budgets, ca_path, clear-text warning, short connection errors ------------------------

@pytest.mark.parametrize("secret, words", [
    (" padded-secret-value ", "whitespace"), ("trailing-newline\n", "whitespace"), ("tab\tinside", "control"),
    ("nul\x00inside", "control"), ("del\x7finside", "control"), ("c1\x85inside", "control"),
    ("non-latin-\u2713", "Latin-1"), ("\u6771\u4eac-secret", "Latin-1"),
])
def test_odd_secret_is_refused_before_any_request_without_quoting_it(emulator, secret, words):
    emulator.reset()
    with pytest.raises(errors.ScreenConnectConfigError) as info:
        make_client(emulator, secret=secret).call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert "secret" in str(info.value) and words in str(info.value)
    assert_secret_absent(secret.strip() or secret, info.value)
    assert emulator.calls()["received"] == 0


@pytest.mark.parametrize("secret", ["password", "p%s%d{{ lookup('pipe','id') }}", "Latin-1 caf\xe9 with space"])
def test_odd_but_valid_secrets_work(secret):
    with Emulator("--sessions", "2", "--seed", "2", secret=secret) as emulator:
        client = make_client(emulator)
        assert client.call("GetSessionsByFilter", ["SessionType = 'Access'"]) is not None
        with pytest.raises(errors.ScreenConnectServerError) as info:
            client.call("GetSessionsByFilter", ["Name = = '%s'" % secret])
        assert_secret_absent(secret, info.value)


def test_header_preparation_errors_never_show_their_text(capture_server):
    url, seen = capture_server
    injected = "https://x.example.com\r\nX-Leak: fine-secret"
    with pytest.raises(errors.ScreenConnectConfigError) as refused:
        ScreenConnectClient(url=url, secret="fine-secret", origin=injected)
    assert "origin" in str(refused.value) and "fine-secret" not in str(refused.value)
    client = ScreenConnectClient(url=url, secret="fine-secret", origin="https://x.example.com")
    client.origin = injected  # past the up-front check, requests itself refuses the header
    with pytest.raises(errors.ScreenConnectConfigError) as info:
        client.call("GetSessionsByFilter", ["x"])
    assert "fine-secret" not in str(info.value) and "InvalidHeader" in str(info.value)
    assert seen == []


def test_retry_after_beyond_the_budget_fails_at_once(emulator):
    emulator.fault(method="GetSessionsByFilter", kind="rate_limit", retry_after=60, count=1)
    client = make_client(emulator, timeout=2, retries=3)
    assert client.budget == 8
    with pytest.raises(errors.ScreenConnectServerError) as info:
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert "rate limited" in str(info.value) and "asked to wait 60 s" in str(info.value)
    assert info.value.status == 429
    assert client._sleep == [] and emulator.calls("GetSessionsByFilter")["received"] == 1


@pytest.mark.parametrize("make", ["missing", "directory-unreadable"])
def test_bad_ca_path_is_refused_before_any_request(tmp_path, make):
    path = tmp_path / "nothing.pem"
    with pytest.raises(errors.ScreenConnectConfigError) as info:
        ScreenConnectClient(url="https://sc.example.com", secret="s", ca_path=str(path))
    assert "ca_path" in str(info.value)


@pytest.mark.parametrize("url, warned", [
    ("http://sc.example.com", True), ("http://10.0.0.5:8040", True), ("http://127.0.0.1:8040", False),
    ("http://localhost:8040", False), ("http://[::1]:8040", False), ("https://sc.example.com", False),
])
def test_secret_over_http_to_a_remote_host_warns(url, warned):
    client = ScreenConnectClient(url=url, secret="s")
    assert bool([w for w in client.warnings if "unencrypted" in w]) == warned


def test_connection_refused_is_short_with_retries_zero():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = ScreenConnectClient(url="http://127.0.0.1:%d" % port, secret="s", retries=0)
    with pytest.raises(errors.ScreenConnectTransportError) as info:
        client.call("GetSessionsByFilter", ["x"])
    message = str(info.value)
    assert "connection refused" in message and "Max retries exceeded" not in message
    assert "urllib3" not in message and "HTTPConnection" not in message


def test_https_against_plain_http_says_so(emulator):
    client = make_client(emulator, url=emulator.url.replace("http://", "https://"), retries=0)
    with pytest.raises(errors.ScreenConnectTransportError) as info:
        client.call("GetSessionsByFilter", ["x"])
    assert "does not speak TLS" in str(info.value) and "http://" in str(info.value)
    assert "Max retries exceeded" not in str(info.value)


# -- the environment is read once per client, with the same result as requests reading it per request ------------

def test_environment_is_read_once_per_client(emulator, monkeypatch):
    import requests  # pylint: disable=import-outside-toplevel

    scans = []
    original = requests.utils.get_environ_proxies

    def _counting(*args, **kwargs):
        scans.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(requests.utils, "get_environ_proxies", _counting)
    monkeypatch.setattr(requests.sessions, "get_environ_proxies", _counting)
    client = make_client(emulator)
    for _index in range(5):
        client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert len(scans) == 1


def test_proxy_variables_still_apply(emulator, monkeypatch):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:%d" % port)
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.delenv("no_proxy", raising=False)
    # the emulator is up: the request fails only because it goes to the (closed) proxy
    with pytest.raises(errors.ScreenConnectTransportError, match="connection refused"):
        make_client(emulator, retries=0).call("GetSessionsByFilter", ["SessionType = 'Access'"])
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert make_client(emulator).call("GetSessionsByFilter", ["SessionType = 'Access'"])


def test_ca_bundle_variable_still_applies(emulator, monkeypatch, tmp_path):
    bundle = tmp_path / "bundle.pem"
    bundle.write_text("")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    client = make_client(emulator)
    client.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert client._verify == str(bundle)  # pylint: disable=protected-access
    unverified = make_client(emulator, validate_certs=False)
    unverified.call("GetSessionsByFilter", ["SessionType = 'Access'"])
    assert unverified._verify is False  # pylint: disable=protected-access
