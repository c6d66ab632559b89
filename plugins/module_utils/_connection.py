# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one table of connection options.

PRIVATE to the collection: this file may change without notice.

It generates the module argument spec (with environment fallbacks and ``no_log`` on the secret), the
``screenconnect.restapi.connection`` doc fragment used by modules, its ``plugins`` variant (with ``env:``)
used by the inventory plugin, and its ``connection_plugin`` variant (``env:`` plus ``ansible_screenconnect_<option>``
host variables) used by the connection plugin. One AWX credential that injects the environment variables therefore
serves inventory syncs, job templates and the connection plugin alike.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.screenconnect.restapi.plugins.module_utils import _errors as errors
from ansible_collections.screenconnect.restapi.plugins.module_utils._client import (
    DEFAULT_EXTENSION_ID,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    ScreenConnectClient,
)
from ansible_collections.screenconnect.restapi.plugins.module_utils._secret_file import read_secret_file

# Each entry: argument spec keys (type, required, default, no_log) plus "env" and "description" (semantic markup).
CONNECTION_OPTIONS = {
    "url": dict(
        type="str", required=True, env="SCREENCONNECT_URL",
        description=[
            "Address of the ScreenConnect server, for example V(https://support.example.com) or "
            "V(http://screenconnect.example.com:8040).",
            "Only C(http) and C(https) are accepted; a trailing slash is ignored.",
        ]),
    "secret": dict(
        type="str", no_log=True, env="SCREENCONNECT_SECRET",
        description=[
            "The value of the RESTful API Manager extension's C(RESTfulAuthenticationSecret) setting, sent in the "
            "C(CTRLAuthHeader) header.",
            "Exactly one of O(secret) and O(secret_file) is required; an empty value counts as not set.",
            "It grants command execution on every guest: keep it in Ansible Vault or an AWX credential, or in a file "
            "named by O(secret_file).",
            "It never appears in results, messages, logs, diffs or caches.",
            "A value with leading or trailing whitespace, control characters or characters outside Latin-1 is "
            "refused before any request. Sending it over C(http://) to a host that is not loopback gives a warning.",
        ]),
    "secret_file": dict(
        type="path", no_log=False, env="SCREENCONNECT_SECRET_FILE",
        description=[
            "Path of a file that holds the secret, instead of O(secret): for a secret that an AWX credential, a "
            "vault agent or a container orchestrator writes to a file, so that it is in no environment variable "
            "and no job record.",
            "Exactly one of O(secret) and O(secret_file) is required; an empty value counts as not set.",
            "Modules read the file on the host they run on (usually the controller, with C(connection: local) or "
            "C(delegate_to: localhost)); plugins read it on the controller.",
            "One trailing line break and a UTF-8 byte order mark are ignored; the rest is checked as O(secret) is.",
            "A file that is missing, cannot be read, is empty, is a directory or is larger than 64 KiB is refused "
            "before any request, with a message that names the path but never the content.",
            "The value read is treated as O(secret) is: it never appears in results, messages, logs, diffs or "
            "caches, and the inventory cache key changes with it.",
        ]),
    "origin": dict(
        type="str", env="SCREENCONNECT_ORIGIN",
        description=[
            "Value of the C(Origin) header.",
            "Defaults to the origin of O(url) (scheme, host and port), which the server always allows and which "
            "lets writes pass its content-type and anti-forgery checks.",
            "Set it to the extension's C(RESTfulAllowedOrigin) setting when that setting names another origin.",
        ]),
    "extension_id": dict(
        type="str", default=DEFAULT_EXTENSION_ID, env="SCREENCONNECT_EXTENSION_ID",
        description=[
            "GUID of the RESTful API Manager extension, the path segment after C(App_Extensions/).",
            "The default is the id of the extension in the ConnectWise Extension Marketplace.",
        ]),
    "validate_certs": dict(
        type="bool", default=True, env="SCREENCONNECT_VALIDATE_CERTS",
        description=[
            "Whether to verify the server's TLS certificate.",
            "Set to V(false) only for test servers; prefer O(ca_path) for a private CA.",
            "A value that is not a boolean, such as V(maybe), is refused before any request, from whatever source it "
            "comes (an option, a variable or the environment variable).",
        ]),
    "ca_path": dict(
        type="path", env="SCREENCONNECT_CA_PATH",
        description=[
            "PEM file with the CA certificates to verify the server's certificate against.",
            "A path that does not exist or cannot be read is refused before any request.",
        ]),
    "timeout": dict(
        type="float", default=float(DEFAULT_TIMEOUT), env="SCREENCONNECT_TIMEOUT",
        description=[
            "Seconds to wait for the connection and for each answer.",
            "One call, with its retries, may take O(timeout) times (O(retries) + 1) seconds in all (its time "
            "budget); a C(Retry-After) wait that would end after it fails at once instead of waiting.",
            "Raise it for filters that return many thousands of sessions.",
        ]),
    "retries": dict(
        type="int", default=DEFAULT_RETRIES, env="SCREENCONNECT_RETRIES",
        description=[
            "How many times a read (C(Get*) method) is tried again after a connection error, HTTP 429 (honouring "
            "C(Retry-After) within the time budget of O(timeout) times (O(retries) + 1) seconds), 502, 503 or 504, "
            "with jittered exponential backoff.",
            "Configuration errors (a bad O(secret) or a missing O(ca_path) file) and TLS failures are not retried.",
            "Writes are never sent twice: they are tried again only when no connection could be made at all, or "
            "on HTTP 429. A write whose answer is lost fails with a message saying its outcome is unknown.",
        ]),
}

_SPEC_KEYS = ("type", "required", "default", "no_log")


def connection_argument_spec():
    """Argument spec entries for every module, with environment fallbacks."""
    spec = {}
    for name, option in CONNECTION_OPTIONS.items():
        entry = dict((key, option[key]) for key in _SPEC_KEYS if key in option)
        # AnsibleModule applies the fallback before the default, so the environment wins over the default.
        entry["fallback"] = (env_fallback, [option["env"]])
        spec[name] = entry
    return spec


HOST_VAR_PREFIX = "ansible_screenconnect_"


def _doc_option(name, option, plugin, host_vars):
    doc = dict((key, option[key]) for key in ("type", "required", "default") if key in option)
    description = list(option["description"])
    if plugin:
        doc["env"] = [dict(name=option["env"])]
        if host_vars:
            doc["vars"] = [dict(name=HOST_VAR_PREFIX + name)]
    else:
        description.append("If not set, the value of the E(%s) environment variable is used." % option["env"])
    doc["description"] = description
    return doc


def doc_fragment_options(plugin=False, host_vars=False):
    """The ``options`` of the doc fragment; ``plugin=True`` adds ``env:`` entries instead of prose, and
    ``host_vars=True`` (connection plugins) also ``vars:`` entries named ``ansible_screenconnect_<option>``."""
    return dict((name, _doc_option(name, option, plugin, host_vars)) for name, option in CONNECTION_OPTIONS.items())


def options_of_type(kind):
    """The names of the options of type ``kind``. Plugins read the boolean and path options strictly
    (plugin_utils/_plugin_options.py): ansible-core reads V(maybe) as false and an empty path as the current
    directory."""
    return tuple(name for name, option in CONNECTION_OPTIONS.items() if option["type"] == kind)


def _given(value):
    return value is not None and value != ""


def resolve_secret(secret, secret_file):
    """The secret, from exactly one of the ``secret`` and ``secret_file`` options (an empty value is not set, as an
    empty variable that an AWX credential injects). Raises ScreenConnectConfigError naming both options."""
    sources = "secret and secret_file (or the %s and %s environment variables)" % (
        CONNECTION_OPTIONS["secret"]["env"], CONNECTION_OPTIONS["secret_file"]["env"])
    if _given(secret) and _given(secret_file):
        raise errors.ScreenConnectConfigError(
            "%s are both set; set only one: the secret itself or the path of a file that holds it" % sources)
    if _given(secret_file):
        return read_secret_file(secret_file)
    if not _given(secret):
        raise errors.ScreenConnectConfigError(
            "one of %s is required: the RESTfulAuthenticationSecret of the RESTful API Manager extension, or the "
            "path of a file that holds it; neither is set" % sources)
    return secret


def client_options(get_option):
    """Client keyword arguments from any option getter (``module.params.get`` or ``plugin.get_option``), with the
    secret resolved (read from secret_file when that is the option set)."""
    options = dict((name, get_option(name)) for name in CONNECTION_OPTIONS if name != "secret_file")
    options["secret"] = resolve_secret(options["secret"], get_option("secret_file"))
    return options


def client_from_options(get_option, **kwargs):
    options = client_options(get_option)
    options.update(kwargs)
    return ScreenConnectClient(**options)
