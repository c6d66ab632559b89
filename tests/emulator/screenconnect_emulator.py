#!/usr/bin/env python
# Copyright (c) 2026, screenconnect.restapi contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the ScreenConnect "RESTful API Manager" emulator. See tests/emulator/README.md.

    python tests/emulator/screenconnect_emulator.py --port 8040 --secret S --sessions 500 --seed 1
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sc_emulator.main import main  # noqa: E402  pylint: disable=wrong-import-position

if __name__ == "__main__":
    sys.exit(main())
