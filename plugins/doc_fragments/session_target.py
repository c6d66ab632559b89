# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):
    # Modules that act on one session, found by id or by exact name (module_utils/_targets.py).
    DOCUMENTATION = r"""
options:
  session_id:
    description:
      - The id of the session.
      - Exactly one of O(session_id) and O(name) is required.
    type: str
  name:
    description:
      - The name of the session, compared exactly (case-sensitive).
      - Fails, listing their ids, when several sessions have this name; use O(session_id) then.
    type: str
"""
