# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A self-signed certificate for ``--https`` (localhost, 127.0.0.1, ::1), made with the ``openssl`` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Tuple

CERT_NAME = "emulator-cert.pem"
KEY_NAME = "emulator-key.pem"


class TlsError(RuntimeError):
    pass


def ensure_certificate(cert_dir: str = "") -> Tuple[str, str]:
    """Return (certificate path, key path), generating them in ``cert_dir`` unless both already exist there.

    The certificate is its own CA, so clients can pass the certificate path as ``ca_path``.
    """
    directory = cert_dir or tempfile.mkdtemp(prefix="sc-emulator-tls-")
    os.makedirs(directory, exist_ok=True)
    cert = os.path.join(directory, CERT_NAME)
    key = os.path.join(directory, KEY_NAME)
    if os.path.exists(cert) and os.path.exists(key):
        return cert, key
    openssl = shutil.which("openssl")
    if openssl is None:
        raise TlsError("--https needs the 'openssl' command to generate a self-signed certificate, and it was not "
                       "found on PATH; install openssl or run without --https")
    command = [
        openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "825",
        "-keyout", key, "-out", cert, "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
        "-addext", "extendedKeyUsage=serverAuth",
    ]
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=False)
    if result.returncode != 0:
        raise TlsError("openssl could not generate the certificate: %s" % result.stderr.strip()[-500:])
    os.chmod(key, 0o600)
    return cert, key
