# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""patch_module_args() on every ansible-core line the collection supports.

ansible-core 2.19 added ansible.module_utils.testing.patch_module_args; the older lines (2.16-2.18, which
meta/runtime.yml allows) read a module's arguments from basic._ANSIBLE_ARGS, so the same tests run on all of them.
"""

from __future__ import annotations

import contextlib
import json

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19

    @contextlib.contextmanager
    def patch_module_args(args=None):
        from ansible.module_utils import basic

        args = dict(args or {})
        # What the controller adds to every module's arguments; AnsibleModule reads them on these lines.
        args.setdefault("_ansible_remote_tmp", "/tmp")
        args.setdefault("_ansible_keep_remote_files", False)
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


__all__ = ["patch_module_args"]
