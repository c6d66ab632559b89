# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What AWX does with a custom credential type, for tests: the checks it makes when the type is saved, and the
files and environment variables it injects into a job's private data directory.

It follows awx/main/models/credential/__init__.py (CredentialType.inject_credential) and
awx/main/fields.py (CredentialTypeInjectorField.validate): injector templates are rendered in Jinja2's immutable
sandbox; an empty or missing string field is left out of the namespace (so it renders as an empty string), a
missing boolean field is false; every ``file`` template is written to a new file in ``<private_data_dir>/env`` with
mode 0600 and its path is ``tower.filename.<label>``.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
CREDENTIAL_TYPE_DIR = os.path.join(HERE, "..", "..", "extensions", "awx", "credential_type")

# Variables AWX refuses in a custom credential type's env injector (fields.py ENV_BLOCKLIST and the ANSIBLE_ prefix).
_ENV_BLOCKLIST = frozenset((
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH",
))
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _Namespace(object):
    """An attribute container, like AWX's TowerNamespace."""


def load(directory=CREDENTIAL_TYPE_DIR):
    """The credential type's ``(inputs, injectors)`` from ``inputs.yml`` and ``injectors.yml``."""
    with open(os.path.join(directory, "inputs.yml")) as handle:
        inputs = yaml.safe_load(handle)
    with open(os.path.join(directory, "injectors.yml")) as handle:
        injectors = yaml.safe_load(handle)
    return inputs, injectors


def field_ids(inputs):
    return [field["id"] for field in inputs.get("fields", [])]


def _file_labels(injectors):
    return [key.split(".", 1)[1] for key in injectors.get("file", {}) if key.startswith("template.")]


def validate(inputs, injectors):
    """The errors AWX would give when the credential type is saved (an empty list when it accepts it)."""
    errors = []
    for name in injectors.get("env", {}):
        if name in _ENV_BLOCKLIST or name.startswith("ANSIBLE_") or not _ENV_NAME.match(name):
            errors.append("env %s: AWX does not allow this variable name" % name)
    if "template" in injectors.get("file", {}) and _file_labels(injectors):
        errors.append("file: use either one unnamed template or named template.<label> entries, not both")
    namespace = dict((name, "EXAMPLE") for name in field_ids(inputs))
    namespace["tower"] = _Namespace()
    namespace["tower"].filename = _Namespace()
    for label in _file_labels(injectors):
        setattr(namespace["tower"].filename, label, "EXAMPLE_FILENAME")
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind in ("file", "env", "extra_vars"):
        for key, template in injectors.get(kind, {}).items():
            try:
                strict.from_string(template).render(namespace)
            except Exception as exc:  # pylint: disable=broad-except  # AWX reports every template error alike
                errors.append("%s %s: %s" % (kind, key, exc))
    return errors


def inject(inputs, injectors, credential, private_data_dir):
    """The environment variables a job gets from a credential with the input values ``credential``.

    The files of the ``file`` injectors are written into ``<private_data_dir>/env`` as AWX does.
    """
    namespace = {}
    for name, value in credential.items():
        if isinstance(value, bool) or len(value):
            namespace[name] = value
    for field in inputs.get("fields", []):
        if field["type"] == "boolean" and field["id"] not in credential:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    tower = _Namespace()
    env_dir = os.path.join(private_data_dir, "env")
    if not os.path.isdir(env_dir):
        os.makedirs(env_dir)
    for label, template in injectors.get("file", {}).items():
        data = sandbox.from_string(template).render(**namespace)
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, "w") as out:
            out.write(data)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if "." in label:
            if not isinstance(getattr(tower, "filename", None), _Namespace):
                tower.filename = _Namespace()
            setattr(tower.filename, label.split(".", 1)[1], path)
        else:
            tower.filename = path
    namespace["tower"] = tower
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in injectors.get("env", {}).items())
