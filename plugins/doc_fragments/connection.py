# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json

from ansible_collections.screenconnect.restapi.plugins.module_utils._connection import doc_fragment_options


class ModuleDocFragment(object):
    # Generated from the option table in module_utils/_connection.py, which also builds the module argument spec,
    # so documentation and behaviour cannot drift apart. JSON is valid YAML.

    # Modules: environment variables are named in the descriptions (modules cannot declare env:).
    DOCUMENTATION = json.dumps(dict(options=doc_fragment_options(plugin=False)))

    # Plugins: the same options with env: entries.
    PLUGINS = json.dumps(dict(options=doc_fragment_options(plugin=True)))
